"""Gap classes (DESIGN §6): plan status crossed with travel burden — one rule, as a table.

Plan status falls into three groups: a current plan (adopted), no current plan shown by a source (none,
expired, in progress) and unknown. Travel is far when the median drive to a centre is over the threshold, or
nobody can reach one by road. Unknown is never counted as "no plan": an unknown-plan kommune far from help
is its own class, so the map still shows its travel burden. Every card, filter, export and fact sheet uses
this module.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PLAN_GROUP = {"adopted": "current", "none": "not_current", "expired": "not_current", "in_progress": "not_current",
              "unknown": "unknown"}
PLAN_GROUPS = ("current", "not_current", "unknown")
TRAVEL = ("near", "far")
RULE = {  # (plan group, travel) → class
    ("current", "near"): "dekket",
    ("current", "far"): "lang_reisevei",
    ("not_current", "near"): "mangler_plan",
    ("not_current", "far"): "dobbelt_gap",
    ("unknown", "near"): "ukjent_naer",
    ("unknown", "far"): "ukjent_langt",
}
CLASSES = tuple(RULE.values())
DOUBLE_GAP = RULE[("not_current", "far")]
FILTERS = {  # named selections for tables and exports: which classes each keeps
    "all": CLASSES,
    "double_gap": (DOUBLE_GAP,),
    "far_unknown": (RULE[("unknown", "far")],),
    "far": tuple(c for (_, travel), c in RULE.items() if travel == "far"),
}
BASES = ("nearest", "affiliated")


def plan_group(status: pd.Series) -> pd.Series:
    """current / not_current / unknown per row; a status word outside the rule is an error."""
    bad = sorted(set(status) - set(PLAN_GROUP))
    if bad:
        raise ValueError(f"plan status {', '.join(map(repr, bad))} not allowed; allowed: {', '.join(PLAN_GROUP)}")
    return status.map(PLAN_GROUP)


def is_far(table: pd.DataFrame, threshold: float = 90, basis: str = "nearest") -> pd.Series:
    """Median minutes over the threshold, or no road to any centre (no median)."""
    if basis not in BASES:
        raise ValueError(f"basis {basis!r} not allowed; allowed: {', '.join(BASES)}")
    if not np.isfinite(threshold) or threshold <= 0:
        raise ValueError(f"threshold {threshold!r} not allowed; allowed: a positive number of minutes")
    median = table[f"median_min_{basis}"].to_numpy(dtype=float)
    return pd.Series(~(median <= threshold), index=table.index)


def classify(table: pd.DataFrame, threshold: float = 90, basis: str = "nearest") -> pd.Series:
    """The gap class of every row, by RULE."""
    group = plan_group(table["plan_status"])
    travel = np.where(is_far(table, threshold, basis), "far", "near")
    out = [RULE[(g, t)] for g, t in zip(group, travel, strict=True)]
    return pd.Series(out, index=table.index, name="gap_class", dtype=object)


def select(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """The rows a named filter keeps (FILTERS), from the table's gap_class column."""
    if name not in FILTERS:
        raise ValueError(f"filter {name!r} not allowed; allowed: {', '.join(FILTERS)}")
    return table[table["gap_class"].isin(FILTERS[name])]


def counts(table: pd.DataFrame) -> dict[str, int]:
    """Kommuner per class (every class present, zero included)."""
    seen = table["gap_class"].value_counts()
    return {c: int(seen.get(c, 0)) for c in CLASSES}
