"""Per-kommune, per-fylke and national indicators from the prepared model (DESIGN §5–§6).

Times and km are population-weighted over 1 km cells (weight 'all' or 'women18'); medians and P90 leave
out people who cannot reach any centre by road, who are counted in `unreachable`. Shares beyond a
threshold are shares of the people who can reach a centre.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coverage import gaps, travel
from coverage.model import Model
from coverage.population import WEIGHTS
from coverage.stats import weighted_quantiles, weighted_share
from coverage.summary import selection_summary  # noqa: F401  (re-exported)

THRESHOLDS = (60, 90, 120)
CATCHMENT_COLUMNS = ["centre_id", "catchment_evidence", "catchment_source_url", "catchment_as_of",
                     "catchment_as_of_year", "catchment_as_of_undated", "catchment_tag", "catchment_note",
                     "catchment_other_fylke", "centre_name", "centre_town"]


def _straight_km(model: Model) -> tuple[np.ndarray, np.ndarray]:
    """Straight-line km from each cell to its straight-line-nearest town point (department), and that run row."""
    cx, cy = travel.to_utm(model.sites["lat"].to_numpy(), model.sites["lon"].to_numpy())
    x, y = model.cells["x"].to_numpy(), model.cells["y"].to_numpy()
    d = np.hypot(x[None, :] - cx[:, None], y[None, :] - cy[:, None]) / 1000
    return d.min(axis=0), d.argmin(axis=0)


def cell_trips(model: Model) -> dict[str, np.ndarray]:
    """Per cell: nearest centre (by drive time), the trip to the nearest department of the kommune's own centre,
    plus straight-line km and the town point it is measured to. `near_row`/`aff_row`/`straight_row` are run rows
    (town points); `model.runs.centre_ids` names them."""
    runs = model.runs
    near = travel.nearest(runs, model.access)
    aff_ids = model.catchments.set_index("kommunenummer")["centre_id"]
    knr = model.kommuner["kommunenummer"].to_numpy()
    aff_of_kommune = aff_ids.reindex(knr).to_numpy()
    aff = travel.to_nearest_department(runs, model.access, aff_of_kommune[model.kommune_index])
    straight, straight_row = _straight_km(model)
    unreachable = ~np.isfinite(near.minutes)
    return {"near_row": np.where(unreachable, -1, near.nearest), "near_min": near.minutes, "near_km": near.km,
            "near_ferries": near.ferries, "aff_row": aff.nearest, "aff_min": aff.minutes, "aff_km": aff.km,
            "straight_km": straight, "straight_row": straight_row, "unreachable": unreachable}


def quantiles(groups: np.ndarray, n: int, trips: dict, w: np.ndarray) -> dict[str, np.ndarray]:
    """The weighted medians and P90s per group, which no threshold changes: a caller that makes the tables of
    several thresholds (coverage.tables) computes them once and passes them on."""
    out = {}
    for basis in ("nearest", "affiliated"):
        mins, km = (trips["near_min"], trips["near_km"]) if basis == "nearest" else (trips["aff_min"], trips["aff_km"])
        out[f"median_min_{basis}"], out[f"p90_min_{basis}"] = weighted_quantiles(groups, mins, w, (0.5, 0.9), n)
        out[f"median_km_{basis}"], out[f"p90_km_{basis}"] = weighted_quantiles(groups, km, w, (0.5, 0.9), n)
    out["median_km_straight"] = weighted_quantiles(groups, trips["straight_km"], w, (0.5,), n)[0]
    return out


def _stats(groups: np.ndarray, n: int, trips: dict, w: np.ndarray, thresholds=THRESHOLDS,
           known: dict | None = None) -> dict[str, np.ndarray]:
    """Every travel column per group; `known`: this grouping's `quantiles`, when the caller has them."""
    q = quantiles(groups, n, trips, w) if known is None else known
    out = {}
    for basis in ("nearest", "affiliated"):
        for name in ("median_min", "p90_min", "median_km", "p90_km"):
            out[f"{name}_{basis}"] = q[f"{name}_{basis}"]
        mins = trips["near_min"] if basis == "nearest" else trips["aff_min"]
        reach = np.isfinite(mins)
        for t in thresholds:
            out[f"share_over_{t}_{basis}"] = weighted_share(groups, np.where(reach, mins > t, False), w, n, among=reach)
    out["median_km_straight"] = q["median_km_straight"]
    with np.errstate(invalid="ignore", divide="ignore"):
        out["road_straight_ratio"] = out["median_km_nearest"] / out["median_km_straight"]
    out["unreachable"] = np.bincount(groups, weights=w * trips["unreachable"], minlength=n)
    out["people"] = np.bincount(groups, weights=w, minlength=n)
    return out


def per_kommune(model: Model, weight: str = "all", threshold: float = 90, basis: str = "nearest",
                trips: dict | None = None, cells: np.ndarray | None = None,
                rows: np.ndarray | None = None, known: dict | None = None) -> pd.DataFrame:
    """One row per kommune (357): plan, catchment, population, travel indicators and gap class — the analysis
    table, computed only from the model it is given. Plan status is the curated one; what readers see is the
    published table (register.publish.published_table: the register's approved entries merged, gap class again).

    A what-if (coverage/whatif.py) asks for some kommuner only: `rows` (their positions in `model.kommuner`) and
    `cells` (ascending: every cell of those kommuner, whose trips `trips` then holds). Their rows come out exactly
    as from all cells, since a kommune's figures depend on its own cells alone. `known`: the kommuner's
    `quantiles` for this weight (all cells), when the caller has them."""
    trips = cell_trips(model) if trips is None else trips
    w = model.cells[WEIGHTS[weight]].to_numpy()
    groups = model.kommune_index
    if cells is not None:
        w, groups = w[cells], groups[cells]
    n = len(model.kommuner)
    pick = slice(None) if rows is None else np.asarray(rows)
    stats = {k: v[pick] for k, v in _stats(groups, n, trips, w, sorted({*THRESHOLDS, int(threshold)}), known).items()}
    stats["unreachable"] = stats["unreachable"].round().astype("int64")
    stats["people"] = stats["people"].round().astype("int64")
    base = model.kommuner if rows is None else model.kommuner.iloc[pick].reset_index(drop=True)
    base = base.drop(columns=[c for c in ("geometry", *CATCHMENT_COLUMNS) if c in base])
    out = base.merge(model.catchments, on="kommunenummer", how="left")
    names = model.centres.set_index("id")
    travel = pd.DataFrame(stats, index=out.index)
    # The nearest centre of a kommune is the one the most people in it have as nearest (departments pooled).
    ok = trips["near_row"] >= 0  # the run rows' centre ids: `runs` and `sites` share their order
    nearest = _most_weight(groups[ok], model.sites["centre_id"].to_numpy(), trips["near_row"][ok], w[ok], n)[pick]
    centre = out["centre_id"].to_numpy(dtype=object)
    added = {"centre_name": out["centre_id"].map(names["name"]), "centre_town": out["centre_id"].map(names["town"]),
             **travel, **gaps.band_columns(travel, threshold, basis),  # the median's error band, "close"
             "nearest_centre_id": nearest,
             "nearest_centre_name": pd.Series(nearest, index=out.index).map(names["name"]).fillna(""),
             "nearest_differs": (nearest != centre) & (nearest != ""),
             "centre_department": _own_department(model, trips, w, groups, n)[pick],
             "weight": np.full(len(out), weight, dtype=object),
             "gap_class": gaps.classify(travel.assign(plan_status=out["plan_status"]), threshold=threshold,
                                        basis=basis)}
    out = pd.concat([out, pd.DataFrame(added, index=out.index)], axis=1)  # one step, not one per column
    out.attrs.update({"threshold": threshold, "basis": basis, "weight": weight, "scenario": model.scenario,
                      "year": model.year})
    return out


def _own_department(model: Model, trips: dict, w: np.ndarray, groups: np.ndarray, n: int) -> np.ndarray:
    """Per kommune: the town of its own centre's department that most of its people have nearest."""
    ok = np.isfinite(trips["aff_min"])
    return _most_weight(groups[ok], model.sites["department"].to_numpy(), trips["aff_row"][ok], w[ok], n)


def _most_weight(groups: np.ndarray, labels: np.ndarray, rows: np.ndarray, w: np.ndarray, n: int) -> np.ndarray:
    """Per group (0..n-1): the label (`labels[rows]`, one per cell) with the most weight; ties go to the label
    last in sorted order; '' where the group has no cell. Labels count as their ranks in sorted order, and a
    (group, label) pair as one integer key: pandas sums each pair's weights in cell order as before."""
    names, rank = np.unique(np.asarray(labels, dtype=object), return_inverse=True)
    out = np.full(n, "", dtype=object)
    if not len(groups):
        return out
    sums = pd.Series(w).groupby(groups.astype(np.int64) * len(names) + rank[rows]).sum()
    key, total = sums.index.to_numpy(), sums.to_numpy()
    k, c = key // len(names), key % len(names)
    order = np.lexsort((c, total, k))  # per group the largest total, then the last label
    last = order[np.r_[k[order][1:] != k[order][:-1], True]]
    out[k[last]] = names[c[last]]
    return out


def area_groups(model: Model, level: str) -> tuple[np.ndarray, np.ndarray]:
    """The areas of a level ('fylke' or 'norge'), sorted, and each cell's area."""
    if level == "norge":
        return np.array(["norge"]), np.zeros(len(model.cells), dtype=int)
    fylke = model.kommuner["fylkesnummer"].to_numpy()[model.kommune_index]
    keys, groups = np.unique(fylke, return_inverse=True)
    return keys, groups


def per_area(model: Model, level: str = "fylke", weight: str = "all", trips: dict | None = None,
             threshold: float = 90, known: dict | None = None) -> pd.DataFrame:
    """The same travel indicators per fylke ('fylke') or for the whole country ('norge'); `known`: the areas'
    `quantiles` for this weight, when the caller has them."""
    trips = cell_trips(model) if trips is None else trips
    w = model.cells[WEIGHTS[weight]].to_numpy()
    keys, groups = area_groups(model, level)
    stats = _stats(groups, len(keys), trips, w, sorted({*THRESHOLDS, int(threshold)}), known)
    out = pd.DataFrame({"area": keys, **stats})
    # Head counts are the sums of the kommuner's whole numbers, so an area's total is the total of its rows.
    per_k = len(model.kommuner)
    area_of_kommune = np.zeros(per_k, dtype=int) if level == "norge" else \
        np.searchsorted(keys, model.kommuner["fylkesnummer"].to_numpy())
    for col, values in (("unreachable", w * trips["unreachable"]), ("people", w)):
        by_kommune = np.bincount(model.kommune_index, weights=values, minlength=per_k).round()
        out[col] = np.bincount(area_of_kommune, weights=by_kommune, minlength=len(keys)).astype("int64")
    return out
