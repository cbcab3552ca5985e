"""Calibrate the road model against public town-to-town drive times (coverage/reference_drive_times.csv).

Each route's ends are located (`locate`): at a crisis centre's curated town point when the row names a centre, at
the row's own 2-decimal town point when it gives one, else at the kommune's town — its populated 1 km SSB cell
with the most people. The length factor is the median ratio of published to modelled distance (N1000 is
generalised, so its roads are a little short); the road parameters are then fitted to the published times by
bounded least squares on relative error, pulled towards fixed prior values (`params.PRIOR`, never fitted on
these routes) so a parameter few routes pin down stays plausible. Ferry crossings (fitted apart on published
crossing durations, coverage/ferries.py), connectors and access legs are fixed minutes in that fit.
How well a fit carries to routes it has not seen is measured by cross-validation (coverage/validation.py).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import least_squares
from scipy.sparse.csgraph import dijkstra

from coverage import network, params, travel

REFERENCE = Path(__file__).resolve().parent / "reference_drive_times.csv"
FIT_CLASSES = params.ROAD_CLASSES
FIXED_CLASSES = ("ferry", "connector")  # minutes the road fit does not touch
# A class is fitted only where at least MIN_ROUTES timed routes drive at least MIN_CLASS_KM on it; otherwise one
# route's residual (e.g. its ferry time) would set the speed of that class everywhere, so it keeps its prior speed.
MIN_ROUTES, MIN_CLASS_KM = 2, 10.0
SPEED_BOUNDS = params.SPEED_BOUNDS
_TEXT = ("route_id", "from_centre_id", "to_centre_id", "from_kommunenummer", "to_kommunenummer", "fylke")


def read(path: Path = REFERENCE, excluded: bool = False) -> pd.DataFrame:
    """The reference routes the model is fitted to and judged on (kommunenummer, fylke and centre ids as text; empty
    cells as ''): every row without a reason in its `excluded` column. With `excluded=True`, the other rows: a
    route whose figures are kept in the file, with the reason they do not describe the town pair's drive today."""
    ref = pd.read_csv(path, dtype={c: str for c in _TEXT + ("excluded",)})
    for col in _TEXT + ("excluded",):
        ref[col] = ref[col].fillna("") if col in ref else ""
    return ref[(ref["excluded"] != "") == excluded].reset_index(drop=True)


def town_cells(cells: pd.DataFrame) -> pd.DataFrame:
    """Each kommune's town: its populated 1 km cell with the most people (x, y in EPSG:25833), by kommunenummer.
    `cells` is the model's origin table (w_all is the cell's share of the kommune's people, so its largest
    value is the cell with the most people; ties go to the first cell in the grid's order)."""
    top = cells.loc[cells.groupby("kommunenummer", sort=True)["w_all"].idxmax()]
    return top.set_index("kommunenummer")[["x", "y"]]


def locate(ref: pd.DataFrame, centres: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    """Routes with from_x/from_y/to_x/to_y (EPSG:25833), how each end was located (from_by/to_by: centre, point
    or kommune) and the region of the row's fylke. Every unknown centre id, kommunenummer or fylke is named in
    one error."""
    out, problems = ref.copy(), []
    towns, points = town_cells(cells), centres.set_index("id")[["lat", "lon"]]
    for end in ("from", "to"):
        xs, ys, how = [], [], []
        for r in out.itertuples():
            cid, knr = getattr(r, f"{end}_centre_id"), getattr(r, f"{end}_kommunenummer")
            lat, lon = getattr(r, f"{end}_lat", np.nan), getattr(r, f"{end}_lon", np.nan)
            if cid:
                if cid not in points.index:
                    problems.append(f"{r.route_id}: {end}_centre_id {cid!r} is not a centre id")
                x, y = travel.to_utm(*points.loc[cid]) if cid in points.index else (np.nan, np.nan)
                xs.append(float(x)), ys.append(float(y)), how.append("centre")
            elif pd.notna(lat) and pd.notna(lon):
                x, y = travel.to_utm(lat, lon)
                xs.append(float(x)), ys.append(float(y)), how.append("point")
            else:
                if knr not in towns.index:
                    problems.append(f"{r.route_id}: {end}_kommunenummer {knr!r} is not a 2024 kommunenummer "
                                    "with populated cells (and no centre id or point is given)")
                x, y = towns.loc[knr] if knr in towns.index else (np.nan, np.nan)
                xs.append(float(x)), ys.append(float(y)), how.append("kommune")
        out[f"{end}_x"], out[f"{end}_y"], out[f"{end}_by"] = xs, ys, how
    out["region"] = out["fylke"].map(params.REGION_OF_FYLKE)
    problems += [f"{r}: fylke {f!r} is not one of {', '.join(params.REGION_OF_FYLKE)}"
                 for r, f in zip(out["route_id"], out["fylke"], strict=True) if f not in params.REGION_OF_FYLKE]
    if problems:
        raise ValueError("reference routes: " + "; ".join(problems))
    return out


def routes(model, path: Path = REFERENCE) -> pd.DataFrame:
    """The located reference routes of a prepared model (its centres and its populated cells)."""
    return locate(read(path), model.centres, model.cells)


def paths(net: network.Network, ref: pd.DataFrame, p: params.Params) -> list[dict]:
    """Fastest path for every located route: minutes, km, boardings, km per road class and per (road class, region),
    built-up road km, bend units (Σ km × °/km ÷ params.BEND_UNIT) and the fixed minutes (crossings, connectors,
    access legs)."""
    src = travel.access(net, ref["from_x"].to_numpy(), ref["from_y"].to_numpy(), p.access_kmh, p.access_detour)
    dst = travel.access(net, ref["to_x"].to_numpy(), ref["to_y"].to_numpy(), p.access_kmh, p.access_detour)
    starts, row = np.unique(src.node, return_inverse=True)  # one run per distinct start node
    minutes, pred = dijkstra(net.graph, directed=False, indices=starts, return_predecessors=True)
    minutes, pred = minutes[row.ravel()], pred[row.ravel()]
    a, b, index = net.edge_a.tolist(), net.edge_b.tolist(), range(len(net.edge_a))
    pair = dict(zip(zip(a, b, strict=True), index, strict=True)) | dict(zip(zip(b, a, strict=True), index, strict=True))
    # Python lists, not numpy scalars, in the walk along each path (the same float64 values, one at a time)
    edge_class, edge_km, edge_region = net.edge_class.tolist(), net.km.tolist(), net.edge_region.tolist()
    edge_urban, edge_bends, edge_min = net.edge_urban.tolist(), net.edge_bends.tolist(), net.minutes.tolist()
    out = []
    for r in range(len(ref)):
        node, per_class, per_region, fixed, boardings, urban, bend = int(dst.node[r]), {}, {}, 0.0, 0, 0.0, 0.0
        if not np.isfinite(minutes[r, node]):
            out.append({"minutes": np.nan, "km": np.nan, "ferries": 0, "per_class": {}, "per_class_region": {},
                        "urban_km": 0.0, "bend_units": 0.0, "fixed_min": np.nan})
            continue
        before = pred[r].tolist()
        while before[node] >= 0:
            e = pair[(before[node], node)]
            cls, km = edge_class[e], edge_km[e]
            per_class[cls] = per_class.get(cls, 0.0) + km
            if cls in FIT_CLASSES:
                per_region[(cls, edge_region[e])] = per_region.get((cls, edge_region[e]), 0.0) + km
                urban += km * edge_urban[e]
                bend += km * edge_bends[e] / params.BEND_UNIT
            if cls in FIXED_CLASSES:
                fixed += edge_min[e]
            boardings += int(cls == "ferry")
            node = before[node]
        access_min = src.minutes[r] + dst.minutes[r]
        out.append({"minutes": minutes[r, dst.node[r]] + access_min,
                    "km": sum(per_class.values()) + src.km[r] + dst.km[r], "ferries": boardings,
                    "per_class": per_class, "per_class_region": per_region, "urban_km": urban,
                    "bend_units": bend, "fixed_min": fixed + access_min})
    return out


def evaluate(p: params.Params, ref: pd.DataFrame, net: network.Network | None = None) -> pd.DataFrame:
    """Per located route: published and modelled minutes/km/ferries, the signed % errors and the road class the
    modelled path drives furthest on (`main_class`)."""
    net = network.build(p) if net is None else net
    found = paths(net, ref, p)
    out = ref.copy()
    out["model_minutes"] = [x["minutes"] for x in found]
    out["model_km"] = [x["km"] for x in found]
    out["model_ferries"] = [x["ferries"] for x in found]
    out["main_class"] = [max(((k, c) for c, k in x["per_class"].items() if c in FIT_CLASSES), default=(0, ""))[1]
                         for x in found]
    out["time_error_pct"] = (out["model_minutes"] / out["minutes"] - 1) * 100
    out["km_error_pct"] = (out["model_km"] / out["km"] - 1) * 100
    return out


def summary(ev: pd.DataFrame) -> dict:
    """Median and worst absolute % error for time and distance, overall and apart for road-only routes and
    routes with a ferry (by the published ferry count); ferry routes whose modelled path uses a ferry."""
    t, k = ev["time_error_pct"].dropna(), ev["km_error_pct"].abs().dropna()
    ferry_routes = ev[ev["ferries"] > 0]
    out = {"routes_time": int(len(t)), "routes_km": int(len(k)),
           "median_abs_time_pct": float(t.abs().median()), "worst_abs_time_pct": float(t.abs().max()),
           "median_signed_time_pct": float(t.median()),
           "median_abs_km_pct": float(k.median()), "worst_abs_km_pct": float(k.max()),
           "ferry_routes": int(len(ferry_routes)),
           "ferry_routes_using_ferry": int((ferry_routes["model_ferries"] > 0).sum())}
    for part, sel in (("road", ev["ferries"] == 0), ("ferry", ev["ferries"] > 0)):
        tp = ev.loc[sel, "time_error_pct"].abs().dropna()
        out[f"routes_time_{part}"] = int(len(tp))
        out[f"median_abs_time_pct_{part}"] = float(tp.median()) if len(tp) else float("nan")
        out[f"worst_abs_time_pct_{part}"] = float(tp.max()) if len(tp) else float("nan")
    return out


def fitted_classes(found: list[dict], minutes: pd.Series) -> list[str]:
    """Road classes the timed routes pin down: at least MIN_ROUTES routes with MIN_CLASS_KM on the class."""
    timed = [x for x, m in zip(found, minutes, strict=True) if np.isfinite(m) and x["per_class"]]
    return [c for c in FIT_CLASSES if sum(x["per_class"].get(c, 0.0) >= MIN_CLASS_KM for x in timed) >= MIN_ROUTES]


# Fit procedures: which numbers are fitted besides the length factor. PREVIOUS_PROCEDURE is that of the 2026-12-05
# model; CURRENT_PROCEDURE is the one adopted, chosen among all of them by out-of-fold median time error only
# (`python -m coverage calibrate --candidates` prints every candidate's figures).
PROCEDURES = {"speeds": ("speeds",), "urban": ("speeds", "urban"), "region": ("speeds", "region"),
              "urban+region": ("speeds", "urban", "region"), "urban+robust": ("speeds", "urban", "robust"),
              "urban+region+robust": ("speeds", "urban", "region", "robust"), "urban+bends": ("speeds", "urban", "bends"),
              "urban+bends+region": ("speeds", "urban", "bends", "region"),
              "urban+region+weighted": ("speeds", "urban", "region", "weighted"),
              "urban+bends+weighted": ("speeds", "urban", "bends", "weighted"),
              "urban+region+ferry": ("speeds", "urban", "region", "ferry"),
              "urban+bends+ferry+weighted": ("speeds", "urban", "bends", "ferry", "weighted"),
              "urban+region+ferry+weighted": ("speeds", "urban", "region", "ferry", "weighted")}
PREVIOUS_PROCEDURE, CURRENT_PROCEDURE = "urban+region", "urban+region"
# With "robust" the fit uses a soft-L1 loss: a route's relative error counts quadratically up to ROBUST_SCALE and about
# linearly beyond, so a rounded guide figure or a rush-hour drive pulls the speeds less (set a priori, not tuned).
ROBUST_SCALE = 0.1
REGION_BOUNDS = (0.75, 1.25)  # a region's roads are at most a quarter slower or faster than the national speeds
URBAN_BOUNDS = (0.0, 3.0)  # extra minutes per built-up km: never negative, at most 3 (20 km/h off 60 km/h)
BEND_BOUNDS = (0.0, 1.5)  # extra minutes per km per 100°/km of bends: never negative, at most 1.5
FERRY_BOUNDS = (0.0, 30.0)  # params.FERRY_EXTRA_MIN, minutes per boarding: never negative, at most 30
# With "weighted" a route's relative error counts with weight SIGMA_MODEL / √(SIGMA_MODEL² + r²), r the relative
# spread of its figure's rounding: a time that is a whole hour is taken as rounded to the hour, a half hour to the
# half hour, a quarter to the quarter (r = step ÷ √12 ÷ minutes, a uniform rounding error); any other time is exact.
# Both set a priori, not tuned: "about an hour" pulls the speeds less than "54 minutes".
SIGMA_MODEL, ROUNDING_STEPS = 0.05, (60, 30, 15)


def _layout(free: list[str], families: tuple[str, ...], base: params.Params) -> tuple[list, np.ndarray, np.ndarray,
                                                                                   np.ndarray, np.ndarray]:
    """Names, prior, scale, lower and upper bound of every fitted number: the free classes' speeds (prior: the
    base speed), with "urban" the extra minutes per built-up km (prior 0, scale 1), with "bends" the extra minutes
    per km per 100°/km of bends (prior 0, scale 1), with "ferry" the extra minutes per boarding (prior 0, scale 10),
    with "region" one speed factor per region (prior 1)."""
    names = ([("speed", c) for c in free] + ([("urban", "")] if "urban" in families else [])
             + ([("bends", "")] if "bends" in families else []) + ([("ferry", "")] if "ferry" in families else [])
             + ([("region", r) for r in params.REGIONS] if "region" in families else []))
    table = {"speed": lambda n: (base.speed(n), base.speed(n), *SPEED_BOUNDS[n]), "urban": lambda n: (0.0, 1.0, *URBAN_BOUNDS),
             "bends": lambda n: (0.0, 1.0, *BEND_BOUNDS), "ferry": lambda n: (0.0, 10.0, *FERRY_BOUNDS),
             "region": lambda n: (1.0, 1.0, *REGION_BOUNDS)}
    prior, scale, lo, hi = (np.array(v, dtype=float).reshape(-1) for v in zip(*[table[k](n) for k, n in names], strict=True)) \
        if names else (np.zeros(0),) * 4
    return names, prior, scale, lo, hi


def _minutes(theta: np.ndarray, names: list, base: params.Params, found: list[dict]) -> np.ndarray:
    """Modelled minutes of each path for the fitted numbers `theta` (other speeds and factors from `base`)."""
    speed = {c: base.speed(c) for c in FIT_CLASSES}
    region = dict(base.region_speed)
    per = {"urban": base.urban_min_per_km, "bends": base.bend_min_per_km, "ferry": base.ferry_extra_min}
    for (kind, n), value in zip(names, theta, strict=True):
        if kind in per:
            per[kind] = value
        else:
            {"speed": speed, "region": region}[kind][n] = value
    return np.array([x["fixed_min"] + per["urban"] * x["urban_km"] + per["bends"] * x["bend_units"]
                     + per["ferry"] * x["ferries"]
                     + sum(km * 60 / (speed[c] * region.get(r, 1.0)) for (c, r), km in x["per_class_region"].items())
                     for x in found])


def _solve(found: list[dict], timed: np.ndarray, families: tuple[str, ...], base: params.Params, pull: float,
           free: list[str]) -> np.ndarray:
    """The fitted numbers (`_layout` order) for fixed paths: least squares on relative time error plus the pull."""
    names, prior, scale, lo, hi = _layout(free, families, base)
    keep = [i for i, x in enumerate(found) if np.isfinite(timed[i]) and x["per_class"]]
    routes, published = [found[i] for i in keep], timed[keep]
    weight = pull / max(len(names), 1)
    each = rounding_weights(published) if "weighted" in families else np.ones(len(published))

    def residuals(theta):
        return np.concatenate([each * (_minutes(theta, names, base, routes) / published - 1),
                               weight * (theta - prior) / scale])

    loss = "soft_l1" if "robust" in families else "linear"  # robust: errors beyond ROBUST_SCALE count ~linearly
    return least_squares(residuals, np.clip(prior, lo, hi), bounds=(lo, hi), loss=loss, f_scale=ROBUST_SCALE).x \
        if names else prior


def rounding_weights(minutes: np.ndarray) -> np.ndarray:
    """Weight of each published time in the "weighted" fit: SIGMA_MODEL / √(SIGMA_MODEL² + r²), r = step ÷ √12 ÷
    minutes with step the first of ROUNDING_STEPS that divides the minutes (0 when none does: an exact figure)."""
    minutes = np.asarray(minutes, dtype=float)
    step = np.zeros(len(minutes))
    for s in ROUNDING_STEPS[::-1]:
        step = np.where(minutes % s == 0, s, step)
    r = step / np.sqrt(12) / minutes
    return SIGMA_MODEL / np.sqrt(SIGMA_MODEL ** 2 + r ** 2)


def fit(ref: pd.DataFrame, base: params.Params = params.PRIOR, procedure: str = CURRENT_PROCEDURE, rounds: int = 4,
        pull: float = 0.3) -> params.Params:
    """Length factor from the distances, then the road numbers of `procedure` (PROCEDURES: "speeds" fits class
    speeds only; "urban" adds the built-up minutes, "region" a speed factor per region, "robust" a soft-L1 loss)
    from the times: bounded least squares on relative error with a pull of weight `pull` ÷ (number of fitted
    values) towards `base` (speeds), 0 (built-up minutes) and 1 (factors). Only classes the routes pin down are
    fitted (`fitted_classes`); the others keep their `base` speed. The paths are re-found with the new numbers
    `rounds` times. Uses only the routes in `ref`, so a cross-validation fold passes its training routes alone."""
    families = PROCEDURES[procedure]
    ev = evaluate(base, ref)
    ok = ev["km"].notna() & ev["model_km"].notna()
    factor = float(np.clip(np.median(ev.loc[ok, "km"] / ev.loc[ok, "model_km"]) * base.length_factor, 1.0, 1.2))
    p = replace(base, length_factor=round(factor, 3))
    timed = ref["minutes"].to_numpy(dtype=float)
    extra = p.ferry_extra_min  # minutes per boarding already in the paths' fixed minutes: taken off for the fit
    for _ in range(rounds):
        found = [x | {"fixed_min": x["fixed_min"] - extra * x["ferries"]} for x in paths(network.build(p), ref, p)]
        free = fitted_classes(found, ref["minutes"])
        fitted = dict(zip(_layout(free, families, base)[0], _solve(found, timed, families, base, pull, free), strict=True))
        speeds = dict(base.speeds) | {n: round(float(v), 1) for (kind, n), v in fitted.items() if kind == "speed"}
        region = dict(base.region_speed) | {n: round(float(v), 3) for (kind, n), v in fitted.items() if kind == "region"}
        urban = round(float(fitted.get(("urban", ""), base.urban_min_per_km)), 3)
        bend = round(float(fitted.get(("bends", ""), base.bend_min_per_km)), 3)
        extra = round(float(fitted.get(("ferry", ""), base.ferry_extra_min)), 1)
        p = replace(p, speeds=tuple(speeds.items()), region_speed=tuple(region.items()), urban_min_per_km=urban,
                    bend_min_per_km=bend, ferry_extra_min=extra if "ferry" in families else base.ferry_extra_min)
    return p
