"""Ferries as crossings: published crossing durations, the fit of the crossing model, and the longest trips.

A crossing (one boarding, quay to quay on one ferry line) costs wait + manoeuvring + length / sailing speed of
its kind, short or long by its own length (coverage/network.py). The waits come from operators' headways and
check-in times (coverage/reference_ferry_waits.csv); manoeuvring minutes, sailing speeds and the short/long
threshold are fitted on published quay-to-quay durations (coverage/reference_ferry_crossings.csv), each
crossing once. `longest_trips()` sets the crossing model beside the flat 12.3 km/h where trips are longest.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import lsq_linear
from scipy.sparse.csgraph import dijkstra

from coverage import network
from coverage.params import FERRY_KINDS, Params, model_key
from coverage.travel import to_utm
from loaders.diskcache import cached

REFERENCE = Path(__file__).resolve().parent / "reference_ferry_crossings.csv"
WAITS = Path(__file__).resolve().parent / "reference_ferry_waits.csv"
QUAY_SNAP_M = 1500.0  # quay points are stored at two decimals (about 1 km): snap to N1000 quays this close
DOCK_BOUNDS = (0.0, 60.0)  # manoeuvring minutes per crossing
SAIL_BOUNDS = (8.0, 45.0)  # km/h: slow local ferries to fast sea-going ferries
MIN_PER_KIND = 3


def reference_crossings() -> pd.DataFrame:
    return pd.read_csv(REFERENCE, dtype={"source_date": str})


def reference_waits() -> pd.DataFrame:
    return pd.read_csv(WAITS, dtype={"source_date": str})


def waits_from_sources(waits: pd.DataFrame | None = None) -> dict[str, float]:
    """Short: half the median headway of trunk fjord routes (random arrival); long: the median check-in time."""
    waits = reference_waits() if waits is None else waits
    headway = waits.loc[(waits["kind"] == "short") & (waits["measure"] == "headway"), "minutes"]
    checkin = waits.loc[(waits["kind"] == "long") & (waits["measure"] == "checkin"), "minutes"]
    return {"short": float(headway.median()) / 2, "long": float(checkin.median())}


def crossing_geometry(net: network.Network, ref: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each reference row with its crossing edge in the network: line, road number and km between the quays."""
    ref = reference_crossings() if ref is None else ref.copy()
    e = np.flatnonzero(net.ferry)
    ends = np.stack([net.edge_a[e], net.edge_b[e]], axis=1)

    def near(lat, lon):
        x, y = to_utm(np.array([lat]), np.array([lon]))
        return np.hypot(net.xy[:, 0] - x[0], net.xy[:, 1] - y[0]) <= QUAY_SNAP_M

    edge, km = [], []
    for r in ref.itertuples():
        src, dst = near(r.from_lat, r.from_lon), near(r.to_lat, r.to_lon)
        hit = (src[ends[:, 0]] & dst[ends[:, 1]]) | (src[ends[:, 1]] & dst[ends[:, 0]])
        best = e[hit][np.argmin(net.km[e[hit]])] if hit.any() else -1
        edge.append(best)
        km.append(net.km[best] if best >= 0 else np.nan)
    ref["edge"], ref["km"] = edge, km
    ref["line"] = np.where(ref["edge"] >= 0, net.edge_line[ref["edge"].clip(lower=0)], -1)
    ref["line_road"] = np.where(ref["line"] >= 0, net.line_road[ref["line"].clip(lower=0)], "")
    return ref


def evaluate_crossings(params: Params = Params(), net: network.Network | None = None) -> pd.DataFrame:
    """Per reference row: published minutes, modelled sailing minutes (crossing model, no wait), the same with
    the wait, the flat minutes, and the signed % errors of sailing and flat minutes against the published."""
    ev = crossing_geometry(network.build(params) if net is None else net)
    ev["kind"] = [params.ferry_kind(k) for k in ev["km"]]
    p = {k: params.crossing(k) for k in FERRY_KINDS}
    ev["model_sail_min"] = [p[k][1] + km / p[k][2] * 60 for k, km in zip(ev["kind"], ev["km"], strict=True)]
    ev["model_with_wait_min"] = ev["model_sail_min"] + [p[k][0] for k in ev["kind"]]
    ev["flat_min"] = ev["km"] / params.ferry_kmh * 60
    ev["error_pct"] = (ev["model_sail_min"] / ev["minutes"] - 1) * 100
    ev["flat_error_pct"] = (ev["flat_min"] / ev["minutes"] - 1) * 100
    return ev


def crossing_summary(ev: pd.DataFrame) -> dict:
    """Median and worst absolute % error over crossings (each crossing's median published duration), by kind."""
    per = ev.groupby("crossing_id").agg(minutes=("minutes", "median"), model=("model_sail_min", "first"),
                                        flat=("flat_min", "first"), kind=("kind", "first"))
    err = (per["model"] / per["minutes"] - 1).abs() * 100
    flat = (per["flat"] / per["minutes"] - 1).abs() * 100
    out = {"crossings": len(per), "rows": len(ev), "median_abs_pct": float(err.median()),
           "worst_abs_pct": float(err.max()), "flat_median_abs_pct": float(flat.median()),
           "flat_worst_abs_pct": float(flat.max())}
    for k in FERRY_KINDS:
        sel = per["kind"] == k
        out[f"{k}_crossings"] = int(sel.sum())
        out[f"{k}_median_abs_pct"] = float(err[sel].median()) if sel.any() else float("nan")
    return out


def _fit_kind(km: np.ndarray, minutes: np.ndarray) -> tuple[float, float]:
    """(manoeuvring minutes, km/h) minimising the relative squared error of dock + km / speed."""
    a = np.column_stack([np.ones(len(km)), km]) / minutes[:, None]
    res = lsq_linear(a, np.ones(len(km)), bounds=([DOCK_BOUNDS[0], 60 / SAIL_BOUNDS[1]], [DOCK_BOUNDS[1], 60 / SAIL_BOUNDS[0]]))
    return float(res.x[0]), float(60 / res.x[1])


def fit_crossings(base: Params = Params(), net: network.Network | None = None) -> tuple[Params, pd.DataFrame]:
    """Threshold, manoeuvring minutes and sailing speeds fitted on the reference crossings (each crossing once).

    Each gap between two neighbouring crossing lengths of the references is tried as the short/long split (at least
    MIN_PER_KIND crossings per kind), each kind fitted by `_fit_kind`; the gap with the smallest mean absolute
    % error wins. Any threshold inside a gap classifies the references alike, so `base.ferry_long_km` is kept
    when it lies in the winning gap, else the gap's midpoint is used. Returns the parameters and every gap tried.
    """
    geo = crossing_geometry(network.build(base) if net is None else net)
    per = geo[geo["edge"] >= 0].groupby("crossing_id").agg(km=("km", "first"), minutes=("minutes", "median"))
    km, minutes = per["km"].to_numpy(), per["minutes"].to_numpy()
    lengths = np.unique(km)
    tried = []
    for lo, hi in zip(lengths[:-1], lengths[1:], strict=True):
        long = km >= hi
        if min(long.sum(), (~long).sum()) < MIN_PER_KIND:
            continue
        fits, pred = {}, np.zeros(len(per))
        for kind, sel in (("short", ~long), ("long", long)):
            fits[kind] = _fit_kind(km[sel], minutes[sel])
            pred[sel] = fits[kind][0] + km[sel] / fits[kind][1] * 60
        rel = pred / minutes - 1
        tried.append({"gap_lo_km": round(float(lo), 1), "gap_hi_km": round(float(hi), 1),
                      "mean_abs_pct": float(np.abs(rel).mean() * 100), "median_abs_pct": float(np.median(np.abs(rel)) * 100),
                      "rms_pct": float(np.sqrt((rel ** 2).mean()) * 100), "short_n": int((~long).sum()),
                      "long_n": int(long.sum()), **{f"{k}_dock_min": round(f[0], 1) for k, f in fits.items()},
                      **{f"{k}_kmh": round(f[1], 1) for k, f in fits.items()}})
    table = pd.DataFrame(tried).sort_values("mean_abs_pct").reset_index(drop=True)
    best = table.iloc[0]
    inside = best["gap_lo_km"] < base.ferry_long_km <= best["gap_hi_km"]
    threshold = base.ferry_long_km if inside else round(float(best["gap_lo_km"] + best["gap_hi_km"]) / 2, 1)
    params = replace(base, ferry_long_km=threshold,
                     ferry_dock=tuple((k, float(best[f"{k}_dock_min"])) for k in FERRY_KINDS),
                     ferry_sail_kmh=tuple((k, float(best[f"{k}_kmh"])) for k in FERRY_KINDS))
    return params, table


def _trip_crossings(m, cells: np.ndarray, near_row: np.ndarray) -> list[frozenset]:
    """Crossing edges on each given cell's fastest trip to its nearest centre (one run per centre)."""
    net = m.net
    e = np.flatnonzero(net.ferry)
    edge_of = {**{(int(a), int(b)): int(i) for a, b, i in zip(net.edge_a[e], net.edge_b[e], e, strict=True)},
               **{(int(b), int(a)): int(i) for a, b, i in zip(net.edge_a[e], net.edge_b[e], e, strict=True)}}
    out: list[frozenset] = [frozenset()] * len(cells)
    for row in np.unique(near_row[near_row >= 0]):
        _, pred = dijkstra(net.graph, directed=False, indices=int(m.runs.access.node[row]), return_predecessors=True)
        memo: dict[int, frozenset] = {}
        for i in np.flatnonzero(near_row == row):
            chain, v = [], int(m.access.node[cells[i]])
            while v >= 0 and v not in memo:
                chain.append(v)
                v = int(pred[v])
            used = memo.get(v, frozenset())
            for u in reversed(chain):
                crossing = edge_of.get((int(pred[u]), u))
                used = used | {crossing} if crossing is not None else used
                memo[u] = used
            out[i] = memo[int(m.access.node[cells[i]])]
    return out


def _per_kommune(m, weight: str) -> tuple[pd.DataFrame, dict]:
    from coverage import indicators

    trips = indicators.cell_trips(m)
    return indicators.per_kommune(m, weight=weight, trips=trips), trips


def _longest(params: Params, n: int, weight: str, year: int, rank_by: str) -> pd.DataFrame:
    from coverage import model
    from coverage.population import WEIGHTS
    from coverage.stats import weighted_quantiles

    m, mf = model.prepare(params, year), model.prepare(replace(params, ferry_model="ssb_flat"), year)
    table, trips = _per_kommune(m, weight)
    table_flat, _ = _per_kommune(mf, weight)
    cols = ["median_min_nearest", "p90_min_nearest"]
    out = table[["kommunenummer", "kommunenavn", "people", *cols]].rename(
        columns={"median_min_nearest": "median_min", "p90_min_nearest": "p90_min"})
    out[["median_min_flat", "p90_min_flat"]] = table_flat[cols].to_numpy()
    out["change_pct"] = (out["median_min"] / out["median_min_flat"] - 1) * 100
    w = m.cells[WEIGHTS[weight]].to_numpy()
    boardings = np.where(trips["unreachable"], np.nan, trips["near_ferries"]).astype(float)
    out["ferries"] = weighted_quantiles(m.kommune_index, boardings, w, (0.5,), len(out))[0]
    out["nearest_centre"] = table["nearest_centre_id"].map(m.centres.set_index("id")["name"]).fillna("")
    key = "median_min" if rank_by == "crossing" else "median_min_flat"
    top = out[out[key].notna()].sort_values(key, ascending=False).head(n)
    top = pd.concat([top, _typical_crossings(m, params, trips, w, pd.Index(out["kommunenummer"]).get_indexer(
        top["kommunenummer"])).set_index(top.index)], axis=1)
    top.attrs.update({"weight": weight, "year": year, "rank_by": rank_by, "params": params.key()})
    return top.reset_index(drop=True)


def _typical_crossings(m, params: Params, trips: dict, w: np.ndarray, rows: np.ndarray) -> pd.DataFrame:
    """Per kommune (row index): the crossings at least half its reachable people take, and the reference
    crossings on the same ferry lines (the crossing's own references first)."""
    net = m.net
    cells = np.flatnonzero(np.isin(m.kommune_index, rows) & ~trips["unreachable"])
    taken = _trip_crossings(m, cells, trips["near_row"][cells])
    geo = crossing_geometry(net)
    out = []
    for r in rows:
        sel = np.flatnonzero(m.kommune_index[cells] == r)
        share: dict[int, float] = {}
        for i in sel:
            for edge in taken[i]:
                share[edge] = share.get(edge, 0.0) + w[cells[i]]
        used = sorted(k for k, v in share.items() if v >= 0.5 * w[cells[sel]].sum())
        refs = geo[geo["line"].isin(net.edge_line[used])]
        refs = pd.concat([refs[refs["edge"].isin(used)], refs[~refs["edge"].isin(used)]])
        out.append({
            "ferry_crossings": "; ".join(f"road {net.line_road[net.edge_line[k]]}: {net.km[k]:.0f} km, "
                                         f"{params.ferry_kind(net.km[k])}, {net.minutes[k]:.0f} min" for k in used),
            "reference_crossings": ", ".join(dict.fromkeys(refs["crossing_id"])),
            "published_min": "; ".join(f"{cid} {g['minutes'].min():.0f}–{g['minutes'].max():.0f} min"
                                       for cid, g in refs.groupby("crossing_id", sort=False)),
            "source_urls": " ".join(dict.fromkeys(refs["source_url"]))})
    return pd.DataFrame(out, columns=["ferry_crossings", "reference_crossings", "published_min", "source_urls"])


def longest_trips(n: int = 20, weight: str = "all", params: Params = Params(), year: int = 2025,
                  rank_by: str = "crossing") -> pd.DataFrame:
    """The n kommuner with the longest median trip to the nearest centre, under the crossing model and the flat
    12.3 km/h: median and P90 minutes of each, % change, boardings on the typical trip (weighted median), the
    crossings most of its people take (`ferry_crossings`) and the reference crossings on those ferry lines
    (ids, published minutes, URLs) that back them.

    Ranked by the crossing model (`rank_by="crossing"`) or the flat one ("ssb_flat"); both models come from
    `coverage.model.prepare` (disk cache) and the table itself is cached on disk too.
    """
    if rank_by not in ("crossing", "ssb_flat"):
        raise ValueError(f"rank_by {rank_by!r} is not 'crossing' or 'ssb_flat'")
    flat = replace(params, ferry_model="ssb_flat")
    refs = REFERENCE.read_bytes() + WAITS.read_bytes()
    raw = model_key(params, year) + model_key(flat, year) + f"{n}|{weight}|{rank_by}|" + hashlib.sha256(refs).hexdigest()
    key = hashlib.sha256(raw.encode()).hexdigest()[:16]
    return cached("ferry-longest", key, lambda: _longest(params, n, weight, year, rank_by))
