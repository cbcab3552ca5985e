"""Gap classes (DESIGN §6): where no plan and a long way to help meet. Threshold in median minutes."""

from __future__ import annotations

import numpy as np
import pandas as pd

CLASSES = ("dekket", "mangler_plan", "lang_reisevei", "dobbelt_gap", "ukjent")
HAS_PLAN = ("adopted",)
NO_PLAN = ("none", "expired", "in_progress")
BASES = ("nearest", "affiliated")


def classify(table: pd.DataFrame, threshold: float = 90, basis: str = "nearest") -> pd.Series:
    """dekket (plan, near) · mangler_plan (no/expired/in-progress plan, near) · lang_reisevei (plan, far) ·
    dobbelt_gap (no plan, far) · ukjent (plan status unknown). Far = median minutes > threshold, or
    nobody can reach a centre by road."""
    if basis not in BASES:
        raise ValueError(f"basis {basis!r} not allowed; allowed: {', '.join(BASES)}")
    if not np.isfinite(threshold) or threshold <= 0:
        raise ValueError(f"threshold {threshold!r} not allowed; allowed: a positive number of minutes")
    median = table[f"median_min_{basis}"].to_numpy(dtype=float)
    far = ~(median <= threshold)
    status = table["plan_status"].to_numpy()
    has = np.isin(status, HAS_PLAN)
    no = np.isin(status, NO_PLAN)
    out = np.select([has & ~far, no & ~far, has & far, no & far], list(CLASSES[:4]), default="ukjent")
    return pd.Series(out, index=table.index, name="gap_class")
