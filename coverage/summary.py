"""Headline numbers for a selection of kommuner — pandas only, so pages can import it cheaply."""

from __future__ import annotations

import pandas as pd


def selection_summary(table: pd.DataFrame, threshold: float, area: pd.Series | None = None,
                      basis: str = "nearest") -> dict:
    """The headline numbers for a selection of kommuner (KPI cards): people beyond the threshold among
    those who can reach a centre, people with no road to any, kommuner without a known current plan,
    double gaps; the area's median drive time when its row of the area table is given."""
    reach = table["people"] - table["unreachable"]
    beyond = (table[f"share_over_{int(threshold)}_{basis}"].fillna(0) * reach).sum()
    return {"people": int(table["people"].sum()), "beyond": int(round(beyond)),
            "unreachable": int(table["unreachable"].sum()), "kommuner": int(len(table)),
            "without_plan": int((table["plan_status"] != "adopted").sum()),
            "unknown_plan": int((table["plan_status"] == "unknown").sum()),
            "double_gap": int((table["gap_class"] == "dobbelt_gap").sum()),
            "median_min": float(area[f"median_min_{basis}"]) if area is not None else float("nan")}
