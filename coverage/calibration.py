"""Calibrate road speeds against public town-to-town drive times (coverage/reference_drive_times.csv).

The length factor is the median ratio of published to modelled distance (N1000 is generalised, so its
roads are a little short); the speeds are then fitted to the published times by bounded least squares
on relative error, with a pull towards the default speeds so classes that few routes use stay plausible.
Ferry crossings (fitted separately on published crossing durations, coverage/ferries.py), connectors and
access legs are fixed minutes in that fit. Errors are reported overall and apart for road-only and ferry routes.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import lsq_linear
from scipy.sparse.csgraph import dijkstra

from coverage import network, travel

REFERENCE = Path(__file__).resolve().parent / "reference_drive_times.csv"
FIT_CLASSES = ("motorveg", "motortrafikkveg", "E", "R", "F", "K", "P")
FIXED_CLASSES = ("ferry", "connector")  # minutes the road fit does not touch
# A class is fitted only where at least MIN_ROUTES timed routes drive at least MIN_CLASS_KM on it; otherwise one
# route's residual (e.g. its ferry time) would set the speed of that class everywhere, so it keeps its base speed.
MIN_ROUTES, MIN_CLASS_KM = 2, 10.0
# Plausible ranges per class (speed limits and typical Norwegian driving), so that a class few routes use
# cannot run off to an absurd value.
SPEED_BOUNDS = {"motorveg": (80, 110), "motortrafikkveg": (70, 100), "E": (55, 90), "R": (50, 85),
                "F": (40, 75), "K": (30, 50), "P": (20, 40)}


def reference(centres: pd.DataFrame) -> pd.DataFrame:
    """Reference routes with endpoint coordinates (the curated town points of the named centres)."""
    ref = pd.read_csv(REFERENCE, dtype={"from_centre_id": str, "to_centre_id": str})
    town = centres.set_index("id")[["lat", "lon"]]
    ref[["from_lat", "from_lon"]] = town.loc[ref["from_centre_id"]].to_numpy()
    ref[["to_lat", "to_lon"]] = town.loc[ref["to_centre_id"]].to_numpy()
    return ref


def _paths(net: network.Network, ref: pd.DataFrame, params: network.Params) -> list[dict]:
    """Fastest path for every reference route: minutes, km, boardings, km per road class and fixed minutes."""
    fx, fy = travel.to_utm(ref["from_lat"].to_numpy(), ref["from_lon"].to_numpy())
    tx, ty = travel.to_utm(ref["to_lat"].to_numpy(), ref["to_lon"].to_numpy())
    src = travel.access(net, fx, fy, params.access_kmh, params.access_detour)
    dst = travel.access(net, tx, ty, params.access_kmh, params.access_detour)
    minutes, pred = dijkstra(net.graph, directed=False, indices=src.node, return_predecessors=True)
    pair = {}
    for i, (a, b) in enumerate(zip(net.edge_a, net.edge_b, strict=True)):
        pair[(a, b)] = pair[(b, a)] = i
    out = []
    for r in range(len(ref)):
        node, per_class, fixed, boardings = dst.node[r], {}, 0.0, 0
        if not np.isfinite(minutes[r, node]):
            out.append({"minutes": np.nan, "km": np.nan, "ferries": 0, "per_class": {}, "fixed_min": np.nan})
            continue
        while pred[r, node] >= 0:
            e = pair[(pred[r, node], node)]
            cls = net.edge_class[e]
            per_class[cls] = per_class.get(cls, 0.0) + net.km[e]
            if cls in FIXED_CLASSES:
                fixed += net.minutes[e]
            boardings += int(cls == "ferry")
            node = pred[r, node]
        access_min = src.minutes[r] + dst.minutes[r]
        out.append({"minutes": minutes[r, dst.node[r]] + access_min,
                    "km": sum(per_class.values()) + src.km[r] + dst.km[r], "ferries": boardings,
                    "per_class": per_class, "fixed_min": fixed + access_min})
    return out


def evaluate(params: network.Params, centres: pd.DataFrame, net: network.Network | None = None) -> pd.DataFrame:
    """Per route: published and modelled minutes/km/ferries and the signed % errors."""
    net = network.build(params) if net is None else net
    ref = reference(centres)
    paths = _paths(net, ref, params)
    ref["model_minutes"] = [p["minutes"] for p in paths]
    ref["model_km"] = [p["km"] for p in paths]
    ref["model_ferries"] = [p["ferries"] for p in paths]
    ref["time_error_pct"] = (ref["model_minutes"] / ref["minutes"] - 1) * 100
    ref["km_error_pct"] = (ref["model_km"] / ref["km"] - 1) * 100
    return ref


def summary(ev: pd.DataFrame) -> dict:
    """Median and worst absolute % error for time and distance, overall and apart for road-only routes and
    routes with a ferry (by the published ferry count); ferry routes whose modelled path uses a ferry."""
    t, k = ev["time_error_pct"].abs().dropna(), ev["km_error_pct"].abs().dropna()
    ferry_routes = ev[ev["ferries"] > 0]
    out = {"routes_time": int(len(t)), "routes_km": int(len(k)),
           "median_abs_time_pct": float(t.median()), "worst_abs_time_pct": float(t.max()),
           "median_abs_km_pct": float(k.median()), "worst_abs_km_pct": float(k.max()),
           "ferry_routes": int(len(ferry_routes)),
           "ferry_routes_using_ferry": int((ferry_routes["model_ferries"] > 0).sum())}
    for part, sel in (("road", ev["ferries"] == 0), ("ferry", ev["ferries"] > 0)):
        tp = ev.loc[sel, "time_error_pct"].abs().dropna()
        out[f"routes_time_{part}"] = int(len(tp))
        out[f"median_abs_time_pct_{part}"] = float(tp.median()) if len(tp) else float("nan")
        out[f"worst_abs_time_pct_{part}"] = float(tp.max()) if len(tp) else float("nan")
    return out


def fitted_classes(paths: list[dict], minutes: pd.Series) -> list[str]:
    """Road classes the timed routes pin down: at least MIN_ROUTES routes with MIN_CLASS_KM on the class."""
    timed = [p for p, m in zip(paths, minutes, strict=True) if np.isfinite(m) and p["per_class"]]
    return [c for c in FIT_CLASSES if sum(p["per_class"].get(c, 0.0) >= MIN_CLASS_KM for p in timed) >= MIN_ROUTES]


def fit(centres: pd.DataFrame, base: network.Params = network.Params(), rounds: int = 4,
        pull: float = 0.3) -> network.Params:
    """Length factor from distances, then speeds from times (bounded, regularised least squares) for the classes
    the routes pin down (`fitted_classes`); the other classes keep their base speed."""
    ev = evaluate(base, centres)
    ok = ev["km"].notna() & ev["model_km"].notna()
    factor = float(np.clip(np.median(ev.loc[ok, "km"] / ev.loc[ok, "model_km"]) * base.length_factor, 1.0, 1.2))
    params = replace(base, length_factor=round(factor, 3))
    u0 = np.array([1 / base.speed(c) for c in FIT_CLASSES])
    for _ in range(rounds):
        net = network.build(params)
        ref = reference(centres)
        paths = _paths(net, ref, params)
        free = fitted_classes(paths, ref["minutes"])
        idx = [FIT_CLASSES.index(c) for c in free]
        rows, rhs = [], []
        for p, minutes in zip(paths, ref["minutes"], strict=True):
            if not np.isfinite(minutes) or not p["per_class"]:
                continue
            fixed = p["fixed_min"] + sum(p["per_class"].get(c, 0.0) / base.speed(c) * 60 for c in FIT_CLASSES if c not in free)
            rows.append([p["per_class"].get(c, 0.0) * 60 / minutes for c in free])
            rhs.append((minutes - fixed) / minutes)
        a = np.vstack([np.array(rows), pull * np.diag(1 / u0[idx]) / len(FIT_CLASSES)])
        b = np.concatenate([rhs, pull * np.ones(len(free)) / len(FIT_CLASSES)])
        lo = [1 / SPEED_BOUNDS[c][1] for c in free]
        hi = [1 / SPEED_BOUNDS[c][0] for c in free]
        res = lsq_linear(a, b, bounds=(lo, hi))
        speeds = {c: base.speed(c) for c in FIT_CLASSES} | {c: round(float(1 / u), 1) for c, u in zip(free, res.x, strict=True)}
        params = replace(params, speeds=tuple(speeds.items()))
    return params
