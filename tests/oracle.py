"""An independent oracle for every published travel figure: plain numpy/pandas over the cell-level inputs.

It never calls the code it checks (coverage.indicators, coverage.stats, coverage.travel, coverage.gaps,
loaders.catchment, …). It takes the prepared model's raw pieces — every populated cell with its coordinates,
kommune and weights; every cell's access leg (node, minutes, km); every centre town point's shortest-path
minutes and km to every node plus its own access leg; the documented catchments; the curated plan status — and
recomputes, per kommune, per fylke and for Norway:

- population-weighted median and P90 of minutes and km, to the nearest centre and to the kommune's own centre
  (a person's trip to a centre goes to its nearest department; km are those of the fastest path);
- shares of people beyond 60/90/120 min among those who can reach a centre; people with no road (unreachable);
- the nearest centre (the one the most people in the kommune have nearest, departments pooled);
- the own centre (documented where a source names it: the newest non-temporary source; else the centre with the
  smallest weighted median minutes);
- straight-line km (pyproj.Geod from each cell's lat/lon to the nearest centre town point, weighted median);
- the gap class (plan group × near/far), legend counts and the KPI figures.

The weighted quantile is the one the project documents (coverage/stats.py): per group, the smallest value whose
cumulative weight share is ≥ q, over finite values with positive weight; NaN for a group without any.

`inputs(model)` is the only function that knows the model's attribute names: adapt it there after a refactor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from pyproj import Geod, Transformer

THRESHOLDS = (60, 90, 120)
WEIGHT_COLUMNS = {"all": "w_all", "women18": "w_women"}
PLAN_GROUP = {"adopted": "current", "none": "not_current", "expired": "not_current", "in_progress": "not_current",
              "unknown": "unknown"}
CLASS = {("current", False): "dekket", ("current", True): "lang_reisevei", ("not_current", False): "mangler_plan",
         ("not_current", True): "dobbelt_gap", ("unknown", False): "ukjent_naer", ("unknown", True): "ukjent_langt"}
_GEOD = Geod(ellps="WGS84")
_TO_LATLON = Transformer.from_crs("EPSG:25833", "EPSG:4326", always_xy=True)


# --- the definition -------------------------------------------------------------------------------------------

def wquantile(values, weights, q: float) -> float:
    """The smallest value whose cumulative weight share is ≥ q (finite values, positive weights); NaN if none."""
    values, weights = np.asarray(values, dtype=float), np.asarray(weights, dtype=float)
    ok = np.isfinite(values) & (weights > 0)
    v, w = values[ok], weights[ok]
    if not len(v):
        return float("nan")
    order = np.argsort(v, kind="stable")
    v, cum = v[order], np.cumsum(w[order])
    first = np.flatnonzero(cum >= (q - 1e-9) * cum[-1])[0]
    return float(v[first])


def wshare(minutes, weights, threshold: float) -> float:
    """Share of the weight of those who can reach a centre (finite minutes) whose minutes exceed the threshold."""
    minutes, weights = np.asarray(minutes, dtype=float), np.asarray(weights, dtype=float)
    reach = np.isfinite(minutes)
    total = weights[reach].sum()
    return float(weights[reach & (minutes > threshold)].sum() / total) if total > 0 else float("nan")


# --- the inputs -------------------------------------------------------------------------------------------------

@dataclass
class Inputs:
    """Raw pieces: cells (knr, fylke, x, y, w_all, w_women), per town point (rows of `site_*`) the minutes and km
    from every cell, the town points' centre ids and lat/lon, documented catchments, curated plan status."""

    cells: pd.DataFrame
    site_centre: np.ndarray
    site_lat: np.ndarray
    site_lon: np.ndarray
    site_minutes: np.ndarray  # (sites, cells), access legs included, inf where unreachable
    site_km: np.ndarray
    documented: pd.DataFrame  # kommunenummer, centre_id, as_of, evidence_tag
    kommuner: pd.DataFrame  # kommunenummer, kommunenavn, fylkesnummer, plan_status
    centre_names: dict
    graph: object = None  # for scenarios: the road graph, its land nodes and the access-leg parameters
    node_xy: np.ndarray | None = None
    land: np.ndarray | None = None
    access_kmh: float = 0.0
    access_detour: float = 0.0


def inputs(model) -> Inputs:
    """The model's raw pieces (the one place that reads coverage.model.Model's attributes)."""
    runs, acc = model.runs, model.access
    cells = model.cells[["kommunenummer", "x", "y", "w_all", "w_women"]].copy()
    cells["fylkesnummer"] = cells["kommunenummer"].str[:2]
    minutes = runs.minutes[:, acc.node] + acc.minutes[None, :] + runs.access.minutes[:, None]
    km = runs.km[:, acc.node] + acc.km[None, :] + runs.access.km[:, None]
    doc = model.documented[["kommunenummer", "centre_id", "as_of", "evidence_tag"]].copy()
    active = model.centres[model.centres["status"] == "active"]
    return Inputs(cells=cells, site_centre=np.asarray(runs.centre_ids), site_lat=model.sites["lat"].to_numpy(float),
                  site_lon=model.sites["lon"].to_numpy(float), site_minutes=minutes, site_km=km,
                  documented=doc[doc["centre_id"].isin(set(active["id"]))],
                  kommuner=model.kommuner[["kommunenummer", "kommunenavn", "fylkesnummer", "plan_status"]].copy(),
                  centre_names=dict(zip(model.centres["id"], model.centres["name"], strict=True)),
                  graph=model.net.graph, node_xy=model.net.xy, land=model.net.land,
                  access_kmh=model.params.access_kmh, access_detour=model.params.access_detour)


# --- per cell -------------------------------------------------------------------------------------------------

def _own_centres(inp: Inputs, weight: np.ndarray) -> pd.Series:
    """kommunenummer → own centre: the newest non-temporary documented source, else the smallest weighted
    median minutes to a centre (each person to its nearest department; ties by centre id)."""
    doc = inp.documented.assign(year=inp.documented["as_of"].map(
        lambda s: int(m.group(0)) if (m := re.search(r"(19|20)\d\d", str(s))) else 0),
        temporary=inp.documented["evidence_tag"].astype(str).str.contains("temporary"))
    doc = doc.sort_values(["kommunenummer", "temporary", "year"], ascending=[True, True, False])
    own = dict(doc.drop_duplicates("kommunenummer")[["kommunenummer", "centre_id"]].itertuples(index=False))
    centres = list(dict.fromkeys(inp.site_centre))
    per_centre = np.vstack([inp.site_minutes[inp.site_centre == c].min(axis=0) for c in centres])
    knr = inp.cells["kommunenummer"].to_numpy()
    for k in inp.kommuner["kommunenummer"]:
        if k in own:
            continue
        sel = knr == k
        medians = [(wquantile(per_centre[i, sel], weight[sel], 0.5), c) for i, c in enumerate(centres)]
        own[k] = min(m for m in medians if np.isfinite(m[0]))[1]
    return pd.Series(own)


def cell_trips(inp: Inputs, weight: str = "all") -> pd.DataFrame:
    """Per cell: nearest town point's centre, minutes and km; own centre's nearest department minutes and km;
    straight-line km to the nearest town point (geodesic)."""
    w = inp.cells[WEIGHT_COLUMNS[weight]].to_numpy(float)
    mins, kms = inp.site_minutes, inp.site_km
    cols = np.arange(mins.shape[1])
    best = np.argmin(mins, axis=0)
    near_min = mins[best, cols]
    reach = np.isfinite(near_min)
    own = _own_centres(inp, inp.cells["w_all"].to_numpy(float))
    own_of_cell = inp.cells["kommunenummer"].map(own).to_numpy()
    masked = np.where(inp.site_centre[:, None] == own_of_cell[None, :], mins, np.inf)
    own_row = np.argmin(masked, axis=0)
    own_min = masked[own_row, cols]
    lon, lat = _TO_LATLON.transform(inp.cells["x"].to_numpy(float), inp.cells["y"].to_numpy(float))
    straight = np.full(len(lon), np.inf)
    for slat, slon in zip(inp.site_lat, inp.site_lon, strict=True):
        _, _, metres = _GEOD.inv(lon, lat, np.full_like(lon, slon), np.full_like(lat, slat))
        straight = np.minimum(straight, metres / 1000)
    return pd.DataFrame({
        "k": inp.cells["kommunenummer"].to_numpy(), "f": inp.cells["fylkesnummer"].to_numpy(), "w": w,
        "near_min": near_min, "near_km": np.where(reach, kms[best, cols], np.inf),
        "near_centre": np.where(reach, inp.site_centre[best], ""),
        "own_centre": own_of_cell, "own_min": own_min,
        "own_km": np.where(np.isfinite(own_min), kms[own_row, cols], np.inf), "straight_km": straight})


# --- per area ---------------------------------------------------------------------------------------------------

def _figures(c: pd.DataFrame, thresholds) -> dict:
    w = c["w"].to_numpy()
    out = {}
    for basis, m, k in (("nearest", "near_min", "near_km"), ("affiliated", "own_min", "own_km")):
        out[f"median_min_{basis}"] = wquantile(c[m], w, 0.5)
        out[f"p90_min_{basis}"] = wquantile(c[m], w, 0.9)
        out[f"median_km_{basis}"] = wquantile(c[k], w, 0.5)
        out[f"p90_km_{basis}"] = wquantile(c[k], w, 0.9)
        for t in thresholds:
            out[f"share_over_{t}_{basis}"] = wshare(c[m], w, t)
    out["median_km_straight"] = wquantile(c["straight_km"], w, 0.5)
    out["road_straight_ratio"] = out["median_km_nearest"] / out["median_km_straight"]
    return out


def kommuner(inp: Inputs, weight: str = "all", threshold: int = 90, trips: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per kommune, indexed by kommunenummer: every travel figure, people, unreachable, people beyond
    each threshold (rounded), nearest and own centre, gap class at `threshold`."""
    trips = cell_trips(inp, weight) if trips is None else trips
    thresholds = sorted({*THRESHOLDS, int(threshold)})
    rows = {}
    for k, c in trips.groupby("k"):
        row = _figures(c, thresholds)
        reach = np.isfinite(c["near_min"])
        row["people"] = round(c["w"].sum())
        row["unreachable"] = round(c.loc[~reach, "w"].sum())
        row["reachable_people"] = c.loc[reach, "w"].sum()
        for t in thresholds:
            row[f"people_over_{t}_nearest"] = round(c.loc[reach & (c["near_min"] > t), "w"].sum())
        by_centre = c[reach].groupby("near_centre")["w"].sum()
        row["nearest_centre_id"] = by_centre.idxmax() if len(by_centre) else ""
        row["centre_id"] = c["own_centre"].iloc[0]
        rows[k] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    meta = inp.kommuner.set_index("kommunenummer")
    out = meta.join(out)
    out["nearest_centre_name"] = out["nearest_centre_id"].map(inp.centre_names).fillna("")
    out["centre_name"] = out["centre_id"].map(inp.centre_names)
    out["gap_class"] = gap_classes(out, threshold)
    return out


def gap_classes(table: pd.DataFrame, threshold: float) -> pd.Series:
    far = ~(table["median_min_nearest"].astype(float) <= threshold)
    return pd.Series([CLASS[(PLAN_GROUP[p], bool(f))] for p, f in zip(table["plan_status"], far, strict=True)],
                     index=table.index)


def areas(inp: Inputs, weight: str = "all", threshold: int = 90, trips: pd.DataFrame | None = None,
          per_kommune: pd.DataFrame | None = None) -> pd.DataFrame:
    """The same figures per fylke (index: fylkesnummer) and for Norway (index 'norge'); people and unreachable
    are the sums of the kommuner's whole numbers (the project's documented rounding)."""
    trips = cell_trips(inp, weight) if trips is None else trips
    per_kommune = kommuner(inp, weight, threshold, trips) if per_kommune is None else per_kommune
    thresholds = sorted({*THRESHOLDS, int(threshold)})
    rows = {f: _figures(c, thresholds) for f, c in trips.groupby("f")}
    rows["norge"] = _figures(trips, thresholds)
    out = pd.DataFrame.from_dict(rows, orient="index")
    for col in ("people", "unreachable"):
        by_fylke = per_kommune.groupby("fylkesnummer")[col].sum()
        out[col] = [by_fylke.sum() if a == "norge" else by_fylke[a] for a in out.index]
    return out


# --- what the views count ---------------------------------------------------------------------------------------

def legend_counts(table: pd.DataFrame, indicator: str, threshold: int, edges=None) -> dict[str, int]:
    """Kommuner per legend entry: gap classes and plan statuses by name; a binned indicator by [lo, hi) bins
    ('bin0'…) and 'nodata' for a missing value."""
    if indicator == "gap_class":
        return table["gap_class"].value_counts().to_dict()
    if indicator == "plan_status":
        return table["plan_status"].value_counts().to_dict()
    col = f"share_over_{threshold}_nearest" if indicator == "share_over" else indicator
    values = table[col].astype(float).to_numpy()
    out = {"nodata": int((~np.isfinite(values)).sum())}
    for i, (lo, hi) in enumerate(zip(edges[:-1], edges[1:], strict=True)):
        out[f"bin{i}"] = int(((values >= lo) & (values < hi)).sum())
    return out


def kpi(table: pd.DataFrame, threshold: int) -> dict:
    """The headline numbers of a set of kommuner (rows of `kommuner`)."""
    group = table["plan_status"].map(PLAN_GROUP)
    far = ~(table["median_min_nearest"].astype(float) <= threshold)
    # The documented rounding: people beyond = share × reachers, rounded per kommune to whole people (halves to
    # even), and a total is the sum of those rounded rows.
    per_row = table[f"share_over_{threshold}_nearest"].fillna(0).to_numpy(float) * (
        table["people"] - table["unreachable"]).to_numpy(float)
    beyond = int(np.rint(per_row).sum())
    return {"beyond": beyond, "unreachable": int(table["unreachable"].sum()), "kommuner": len(table),
            "not_current": int((group == "not_current").sum()), "unknown": int((group == "unknown").sum()),
            "double_gap": int(((group == "not_current") & far).sum()), "far": int(far.sum())}


# --- a scenario -------------------------------------------------------------------------------------------------

def open_at_kommune(inp: Inputs, kommunenummer: str, centre_id: str, name: str) -> Inputs:
    """The inputs with a new centre at the kommune's population-weighted centre (w_all): one Dijkstra run on the
    road graph from the nearest land node, access legs as the model's (straight distance × detour at its speed)."""
    from scipy.sparse.csgraph import dijkstra
    from scipy.spatial import cKDTree

    sel = inp.cells[inp.cells["kommunenummer"] == kommunenummer]
    x, y = np.average(sel["x"], weights=sel["w_all"]), np.average(sel["y"], weights=sel["w_all"])
    land = np.flatnonzero(inp.land)
    dist, i = cKDTree(inp.node_xy[land]).query([x, y])
    node = land[i]
    to_node = dijkstra(inp.graph, directed=False, indices=[node])[0]
    cell_dist, j = cKDTree(inp.node_xy[land]).query(inp.cells[["x", "y"]].to_numpy(float))
    cell_min = cell_dist / 1000 * inp.access_detour / inp.access_kmh * 60
    site_min = dist / 1000 * inp.access_detour / inp.access_kmh * 60
    minutes = to_node[land[j]] + cell_min + site_min
    lon, lat = _TO_LATLON.transform(x, y)
    return replace(inp, site_centre=np.append(inp.site_centre, centre_id), site_lat=np.append(inp.site_lat, lat),
                   site_lon=np.append(inp.site_lon, lon), site_minutes=np.vstack([inp.site_minutes, minutes]),
                   site_km=np.vstack([inp.site_km, np.full(len(minutes), np.nan)]),
                   centre_names={**inp.centre_names, centre_id: name})


def close(inp: Inputs, centre_id: str) -> Inputs:
    """The inputs without the centre's town points; kommuner documented for it get the estimated rule."""
    keep = inp.site_centre != centre_id
    return replace(inp, site_centre=inp.site_centre[keep], site_lat=inp.site_lat[keep], site_lon=inp.site_lon[keep],
                   site_minutes=inp.site_minutes[keep], site_km=inp.site_km[keep],
                   documented=inp.documented[inp.documented["centre_id"] != centre_id])
