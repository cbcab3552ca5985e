"""Headline numbers for a selection of kommuner — pandas only, so pages can import it cheaply."""

from __future__ import annotations

import pandas as pd

from coverage import gaps
from loaders.curated import older_than

STALE_AFTER_YEARS = 3  # evidence older than this (or undated) is called out beside the counts that rest on it


def people_beyond(table: pd.DataFrame, threshold: float, basis: str = "nearest") -> pd.Series:
    """People beyond the threshold in each row, as whole people. The one rounding rule for people counts: a
    kommune's count is rounded, and every total (cards, legends, key figures, fact sheets) is the sum of the rounded
    rows, so a total always equals the sum of the rows a data file shows."""
    return people_over(table, f"share_over_{int(threshold)}_{basis}")


def people_over(table: pd.DataFrame, share_column: str) -> pd.Series:
    """Whole people for a share column (share_over_T_basis) of the people who can reach a centre."""
    reach = table["people"] - table["unreachable"]
    return (table[share_column].fillna(0) * reach).round().astype("int64")


def selection_summary(table: pd.DataFrame, threshold: float, area: pd.Series | None = None,
                      basis: str = "nearest") -> dict:
    """The KPI cards: people beyond the threshold among those who can reach a centre, people with no road to
    any, kommuner whose source shows no current plan, kommuner with unknown status (never counted as "no
    plan"), double gaps and far kommuner by the gap rule, kommuner close to the threshold (gaps.close_to_threshold,
    from the median and the threshold); the area's median when its area row is given."""
    beyond = people_beyond(table, threshold, basis).sum()
    group = gaps.plan_group(table["plan_status"])
    classes = gaps.counts(table)
    stale = _stale(table)
    return {"people": int(table["people"].sum()), "beyond": int(beyond),
            "unreachable": int(table["unreachable"].sum()), "kommuner": int(len(table)),
            "current": int((group == "current").sum()),
            "not_current": int((group == "not_current").sum()),
            "unknown_plan": int((group == "unknown").sum()),
            "double_gap": classes[gaps.DOUBLE_GAP],
            "not_current_stale": int((stale & (group == "not_current")).sum()),
            "double_gap_stale": int((stale & (table["gap_class"] == gaps.DOUBLE_GAP)).sum()),
            "far": sum(classes[c] for c in gaps.FILTERS["far"]),
            "close": int(gaps.close_to_threshold(table, threshold, basis).sum()),
            "asked": int((table["plan_asked_on"] != "").sum()) if "plan_asked_on" in table else 0,
            "asked_overdue": int(table["plan_asked_overdue"].sum()) if "plan_asked_overdue" in table else 0,
            "median_min": float(area[f"median_min_{basis}"]) if area is not None else float("nan")}


def whatif_effect(before: pd.DataFrame, after: pd.DataFrame, threshold: float, basis: str = "nearest") -> dict:
    """What a what-if changes in a selection, in the numbers the cards show: people beyond the threshold before
    and after (each rounded as its card is, so `gained` is the difference of the two figures on screen; positive
    when people come within reach), that as a share of the selection's people, and the kommuner whose gap class
    changes."""
    b, a = selection_summary(before, threshold, basis=basis), selection_summary(after, threshold, basis=basis)
    classes = before[["kommunenummer", "gap_class"]].merge(after[["kommunenummer", "gap_class"]], on="kommunenummer",
                                                          suffixes=("_b", "_a"))
    changed = classes.loc[classes["gap_class_b"] != classes["gap_class_a"], "kommunenummer"].tolist()
    gained = b["beyond"] - a["beyond"]
    return {"beyond_before": b["beyond"], "beyond_after": a["beyond"], "gained": gained,
            "share": gained / b["people"] if b["people"] else float("nan"), "changed": changed}


def nearest_without_centre(points: pd.DataFrame, hosts: set[str], kommunenummer: str, n: int = 3) -> list[str]:
    """The n kommuner nearest to `kommunenummer` (points: kommunenummer, x, y in metres, e.g. population-weighted
    centres) that host no centre, nearest first."""
    at = points.set_index("kommunenummer")
    if kommunenummer not in at.index:
        return []
    x0, y0 = at.loc[kommunenummer, ["x", "y"]]
    others = at[~at.index.isin(hosts | {kommunenummer})]
    dist = ((others["x"] - x0) ** 2 + (others["y"] - y0) ** 2) ** 0.5
    return dist.sort_values(kind="stable").index[:n].tolist()


def _stale(table: pd.DataFrame) -> pd.Series:
    """Rows whose plan evidence is undated or older than STALE_AFTER_YEARS (the counts say how many rest on it)."""
    as_of = table["plan_as_of"] if "plan_as_of" in table else pd.Series("", index=table.index)
    return as_of.map(lambda v: older_than(str(v or "undated"), STALE_AFTER_YEARS) is not False).astype(bool)
