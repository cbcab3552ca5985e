"""Cross-validation of the road model's fit, and its errors by region, road class and ferries.

Folds are deterministic: the routes sorted by region and route id are dealt round-robin into k folds, so every
fold holds routes from every region. For each fold the *whole* fit (length factor and speeds) runs on the other
folds' routes only, and the fold's routes are then evaluated with those parameters: their errors are
*out-of-fold*, the errors of a model that has never seen the route. In-sample errors (one fit on every route)
are printed beside them but never used to choose a model.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from coverage import calibration, params
from loaders.diskcache import cached

K = 10  # folds; fewer routes than K means leave-one-out
BAND_QUANTILE = 0.8  # the time-error band is this quantile of the out-of-fold absolute relative time error


def folds(ref: pd.DataFrame, k: int = K) -> np.ndarray:
    """Fold number (0..k-1) of each route, in the order of `ref`: routes sorted by region and route id are dealt
    round-robin, so the folds are the same on every run and each spreads over the regions."""
    k = max(1, min(k, len(ref)))
    order = ref.assign(_row=np.arange(len(ref))).sort_values(["region", "route_id"])["_row"].to_numpy()
    out = np.empty(len(ref), dtype=int)
    out[order] = np.arange(len(ref)) % k
    return out


def cross_validate(ref: pd.DataFrame, fit: Callable[[pd.DataFrame], Any],
                   evaluate: Callable[[Any, pd.DataFrame], pd.DataFrame], k: int = K) -> pd.DataFrame:
    """Out-of-fold evaluation: for each fold, `fit` sees only the other folds' routes and `evaluate` the fold's own
    with the parameters that fit returned. Rows come back in the order of `ref`, with their `fold`."""
    fold = folds(ref, k)
    parts = []
    for f in np.unique(fold):
        held = fold == f
        fitted = fit(ref[~held].reset_index(drop=True))
        parts.append(evaluate(fitted, ref[held].reset_index(drop=True)).assign(fold=f, _row=np.flatnonzero(held)))
    return pd.concat(parts).sort_values("_row").drop(columns="_row").reset_index(drop=True)


def _group_errors(ev: pd.DataFrame) -> dict:
    t = ev["time_error_pct"].dropna()
    k = ev["km_error_pct"].dropna().abs()
    return {"routes_time": len(t), "median_signed_time_pct": t.median() if len(t) else np.nan,
            "median_abs_time_pct": t.abs().median() if len(t) else np.nan,
            "worst_abs_time_pct": t.abs().max() if len(t) else np.nan,
            "routes_km": len(k), "median_abs_km_pct": k.median() if len(k) else np.nan}


def error_table(ev: pd.DataFrame, by: str) -> pd.DataFrame:
    """Signed and absolute % errors per value of `by` (e.g. region, main_class, with_ferry, figure) and for all
    routes: timed routes, median signed and median/worst absolute time error, routes with a distance and their median
    absolute distance error. `figure` splits the published times into whole or half hours ("rounded": "about two
    hours") and the others ("exact": "3 t og 11 min"); routes without a time count as exact."""
    ev = ev.assign(with_ferry=np.where(ev["ferries"] > 0, "ferry", "road_only"),
                   figure=np.where(ev["minutes"] % 30 == 0, "rounded", "exact"))
    rows = [{by: name} | _group_errors(group) for name, group in ev.groupby(by, sort=True)]
    rows.append({by: "all"} | _group_errors(ev))
    return pd.DataFrame(rows)


def time_error_band(ev: pd.DataFrame, q: float = BAND_QUANTILE) -> float:
    """The `q` quantile of the absolute relative time error (a fraction, e.g. 0.09 for 9 %) over the timed routes
    of an out-of-fold evaluation (numpy's default linear interpolation)."""
    err = (ev["model_minutes"] / ev["minutes"] - 1).abs().dropna().to_numpy()
    return float(np.quantile(err, q))


FIGURES = {"median |time error| %": lambda s: s["median_abs_time_pct"],
           "median signed time error %": lambda s: s["median_signed_time_pct"],
           "worst |time error| %": lambda s: s["worst_abs_time_pct"],
           "median |km error| %": lambda s: s["median_abs_km_pct"],
           "worst |km error| %": lambda s: s["worst_abs_km_pct"]}


def compare(ref: pd.DataFrame, models: dict[str, tuple[Any, Callable]],
            k: int = K) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Each named model's in-sample errors (its parameters on every route) beside its out-of-fold errors (its fit
    procedure cross-validated). `models` maps a name to (parameters, fit procedure). Returns the figures (rows)
    by model and kind (columns) and every evaluation, keyed "name in-sample" / "name out-of-fold"."""
    evals = {}
    for name, (fitted, fit) in models.items():
        evals[f"{name} in-sample"] = calibration.evaluate(fitted, ref)
        evals[f"{name} out-of-fold"] = cross_validate(ref, fit, calibration.evaluate, k)
    sums = {label: calibration.summary(ev) for label, ev in evals.items()}
    figures = pd.DataFrame({label: {fig: get(s) for fig, get in FIGURES.items()} for label, s in sums.items()})
    figures.loc["time-error band (P80 of |error|) %"] = [time_error_band(ev) * 100 for ev in evals.values()]
    return figures, evals


MODELS = {"previous": (params.PREVIOUS, calibration.PREVIOUS_PROCEDURE), "current": (None, calibration.CURRENT_PROCEDURE)}


def candidates(model) -> pd.DataFrame:
    """Every fit procedure of calibration.PROCEDURES, cross-validated on the model's routes: the figures of
    `compare` in their out-of-fold column, one column per procedure (minutes of CPU; not cached)."""
    ref = calibration.routes(model)
    figures, _ = compare(ref, {name: (model.params, partial(calibration.fit, procedure=name))
                               for name in calibration.PROCEDURES})
    return figures[[f"{name} out-of-fold" for name in calibration.PROCEDURES]]


def other_route(ev: pd.DataFrame, tolerance: float = params.ROUTE_KM_TOLERANCE) -> np.ndarray:
    """The one rule for a published distance that shows another route or other ends: True where the modelled path's
    km lie more than `tolerance` (a fraction) from the published km, |model_km ÷ km - 1| > tolerance. Such a route's
    time and distance describe a drive the model does not make, so neither is compared. A route without a published
    distance, or without a modelled path, is never left out by this rule."""
    return ((ev["model_km"] / ev["km"] - 1).abs() > tolerance).to_numpy()


def compared_routes(model) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The located routes the fit and the errors use, and the evaluation (the model's own parameters: published
    and modelled minutes and km) of those `other_route` leaves out, in the file's order."""
    ref = calibration.routes(model)
    ev = calibration.evaluate(model.params, ref, model.net)
    off = other_route(ev)
    return ref[~off].reset_index(drop=True), ev[off].reset_index(drop=True)


def report(model) -> dict:
    """The calibration as the method page and `python -m coverage calibrate` state it, for a prepared model: the
    figures of `compare` for the previous model and this model's parameters with the current fit procedure,
    every evaluation, the routes' count and the routes `other_route` leaves out (`other_route`: their evaluation).
    Cached on disk under the model's key (which covers the reference file and this code)."""
    def compute() -> dict:
        ref, other = compared_routes(model)
        models = {name: (model.params if p is None else p, partial(calibration.fit, procedure=proc))
                  for name, (p, proc) in MODELS.items()}
        figures, evals = compare(ref, models)
        return {"figures": figures, "evals": evals, "routes": len(ref), "folds": int(folds(ref).max() + 1),
                "other_route": other}

    return cached("validation", params.model_key(model.params, model.year), compute)
