"""Population-weighted quantiles and shares per group, vectorised (no Python loop over cells)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def weighted_quantiles(groups: np.ndarray, values: np.ndarray, weights: np.ndarray, qs: tuple[float, ...],
                       n_groups: int) -> np.ndarray:
    """Per group g (0..n_groups-1) and quantile q: the smallest value whose cumulative weight share ≥ q.

    Non-finite values are left out (the unreachable are counted separately); a group with no finite
    value gets NaN. Returns an array (len(qs), n_groups).
    """
    ok = np.isfinite(values) & (weights > 0)
    g, v, w = groups[ok], values[ok], weights[ok]
    out = np.full((len(qs), n_groups), np.nan)
    if not len(g):
        return out
    order = np.lexsort((v, g))
    g, v, w = g[order], v[order], w[order]
    # The running sum restarts in each group: a sum over every earlier group minus its total loses ~1e-10 of a
    # small kommune's share, enough to move a median that sits exactly on a cumulative share of q.
    cum = pd.Series(w).groupby(g, sort=False).cumsum().to_numpy()
    last = np.r_[g[1:] != g[:-1], True]
    total = np.zeros(n_groups)
    total[g[last]] = cum[last]
    frac = cum / total[g]
    key = g + np.minimum(frac, 1.0) * 0.999999
    present = np.flatnonzero(total > 0)
    for i, q in enumerate(qs):
        idx = np.searchsorted(key, present + (q - 1e-12) * 0.999999, side="left")
        idx = np.minimum(idx, len(v) - 1)
        out[i, present] = v[idx]
    return out


def weighted_share(groups: np.ndarray, mask: np.ndarray, weights: np.ndarray, n_groups: int,
                   among: np.ndarray | None = None) -> np.ndarray:
    """Share of each group's weight where mask holds (optionally among cells where `among` holds)."""
    base = weights if among is None else weights * among
    num = np.bincount(groups, weights=base * mask, minlength=n_groups)
    den = np.bincount(groups, weights=base, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)
