"""Gap classes (DESIGN §6): plan status crossed with travel burden — one rule, as a table.

Plan status falls into three groups: a current plan (adopted), no current plan shown by a source (none,
expired, in progress) and unknown. Travel is far when the median drive to a centre is over the threshold, or
nobody can reach one by road. Unknown is never counted as "no plan": an unknown-plan kommune far from help
is its own class, so the map still shows its travel burden. Every card, filter, export and fact sheet uses
this module.

Close to the threshold (DESIGN §5): the model's drive times carry an error, so every kommune's median m gets the
band [m·(1−b), m·(1+b)], b = coverage.params.TIME_ERROR_BAND (the relative out-of-fold time error). A kommune is
*close to the threshold* T when its near/far class would flip somewhere inside the band: m·(1−b) ≤ T < m·(1+b).
The lower end counts and the upper does not, because a median equal to T is near: a far kommune whose band
reaches down to T exactly could be near, a near kommune whose band reaches up to T exactly stays near. People
with no road to any centre (no median) are never close; b = 0 makes no kommune close.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coverage import params

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


def _median(table: pd.DataFrame, threshold: float, basis: str) -> np.ndarray:
    """The basis's median minutes, after checking the threshold and the basis."""
    if basis not in BASES:
        raise ValueError(f"basis {basis!r} not allowed; allowed: {', '.join(BASES)}")
    if not np.isfinite(threshold) or threshold <= 0:
        raise ValueError(f"threshold {threshold!r} not allowed; allowed: a positive number of minutes")
    return table[f"median_min_{basis}"].to_numpy(dtype=float)


def is_far(table: pd.DataFrame, threshold: float = 90, basis: str = "nearest") -> pd.Series:
    """Median minutes over the threshold, or no road to any centre (no median)."""
    return pd.Series(~(_median(table, threshold, basis) <= threshold), index=table.index)


def band(median, b: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) = (m·(1−b), m·(1+b)) for medians m; b defaults to params.TIME_ERROR_BAND; no median → NaN."""
    b = params.TIME_ERROR_BAND if b is None else b
    if not np.isfinite(b) or not 0 <= b < 1:
        raise ValueError(f"time error band {b!r} not allowed; allowed: a share from 0 up to (not including) 1")
    m = np.asarray(median, dtype=float)
    return m * (1 - b), m * (1 + b)


def close_to_threshold(table: pd.DataFrame, threshold: float = 90, basis: str = "nearest",
                       b: float | None = None) -> pd.Series:
    """Whether the near/far class could flip inside the median's band: m·(1−b) ≤ T < m·(1+b) (module docstring)."""
    low, high = band(_median(table, threshold, basis), b)
    with np.errstate(invalid="ignore"):
        close = (low <= threshold) & (threshold < high)  # NaN compares False: no road is never close
    return pd.Series(close, index=table.index, name="close_to_threshold")


def band_columns(table: pd.DataFrame, threshold: float = 90, basis: str = "nearest",
                 b: float | None = None) -> pd.DataFrame:
    """The band's ends (band_low_min, band_high_min) and close_to_threshold, per row, for the tables and exports."""
    low, high = band(_median(table, threshold, basis), b)
    return pd.DataFrame({"band_low_min": low, "band_high_min": high,
                         "close_to_threshold": close_to_threshold(table, threshold, basis, b)}, index=table.index)


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


def why_empty(table: pd.DataFrame, name: str) -> dict:
    """For a filter that keeps no row of `table`: the far kommuner (far by the gap class) counted by plan group,
    and the row with the longest median to the nearest centre (None for an empty table), so the page can say what
    would have matched and why nothing does."""
    select(table, name)  # the same check of the filter's name
    far = table["gap_class"].isin(FILTERS["far"])
    by_group = {g: int((table["gap_class"] == RULE[(g, "far")]).sum()) for g in PLAN_GROUPS}
    minutes = table["median_min_nearest"].astype(float)
    longest = table.loc[minutes.idxmax()] if minutes.notna().any() else None
    return {"far": int(far.sum()), "far_by_plan": by_group, "longest": longest}


def counts(table: pd.DataFrame) -> dict[str, int]:
    """Kommuner per class (every class present, zero included)."""
    seen = table["gap_class"].value_counts()
    return {c: int(seen.get(c, 0)) for c in CLASSES}
