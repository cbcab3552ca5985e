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
    plus straight-line km. `near_row`/`aff_row` are run rows (town points); `model.runs.centre_ids` names them."""
    runs = model.runs
    near = travel.nearest(runs, model.access)
    aff_ids = model.catchments.set_index("kommunenummer")["centre_id"]
    knr = model.kommuner["kommunenummer"].to_numpy()
    aff_of_kommune = aff_ids.reindex(knr).to_numpy()
    aff = travel.to_nearest_department(runs, model.access, aff_of_kommune[model.kommune_index])
    straight, _ = _straight_km(model)
    unreachable = ~np.isfinite(near.minutes)
    return {"near_row": np.where(unreachable, -1, near.nearest), "near_min": near.minutes, "near_km": near.km,
            "near_ferries": near.ferries, "aff_row": aff.nearest, "aff_min": aff.minutes, "aff_km": aff.km,
            "straight_km": straight, "unreachable": unreachable}


def _stats(groups: np.ndarray, n: int, trips: dict, w: np.ndarray, thresholds=THRESHOLDS) -> dict[str, np.ndarray]:
    out = {}
    for basis in ("nearest", "affiliated"):
        mins, km = (trips["near_min"], trips["near_km"]) if basis == "nearest" else (trips["aff_min"], trips["aff_km"])
        q = weighted_quantiles(groups, mins, w, (0.5, 0.9), n)
        k = weighted_quantiles(groups, km, w, (0.5, 0.9), n)
        out[f"median_min_{basis}"], out[f"p90_min_{basis}"] = q
        out[f"median_km_{basis}"], out[f"p90_km_{basis}"] = k
        reach = np.isfinite(mins)
        for t in thresholds:
            out[f"share_over_{t}_{basis}"] = weighted_share(groups, np.where(reach, mins > t, False), w, n, among=reach)
    out["median_km_straight"] = weighted_quantiles(groups, trips["straight_km"], w, (0.5,), n)[0]
    with np.errstate(invalid="ignore", divide="ignore"):
        out["road_straight_ratio"] = out["median_km_nearest"] / out["median_km_straight"]
    out["unreachable"] = np.bincount(groups, weights=w * trips["unreachable"], minlength=n)
    out["people"] = np.bincount(groups, weights=w, minlength=n)
    return out


def per_kommune(model: Model, weight: str = "all", threshold: float = 90, basis: str = "nearest",
                trips: dict | None = None) -> pd.DataFrame:
    """One row per kommune (357): plan, catchment, population, travel indicators and gap class — the analysis
    table, computed only from the model it is given. Plan status is the curated one; what readers see is the
    published table (register.publish.published_table: the register's approved entries merged, gap class again)."""
    trips = cell_trips(model) if trips is None else trips
    w = model.cells[WEIGHTS[weight]].to_numpy()
    knr = model.kommuner["kommunenummer"].to_numpy()
    n = len(knr)
    stats = _stats(model.kommune_index, n, trips, w, sorted({*THRESHOLDS, int(threshold)}))
    base = model.kommuner.drop(columns=["geometry", *[c for c in CATCHMENT_COLUMNS if c in model.kommuner]])
    out = base.merge(model.catchments, on="kommunenummer", how="left")
    names = model.centres.set_index("id")
    out["centre_name"] = out["centre_id"].map(names["name"])
    out["centre_town"] = out["centre_id"].map(names["town"])
    for key, values in stats.items():
        out[key] = values
    out["unreachable"] = out["unreachable"].round().astype("int64")
    out["people"] = out["people"].round().astype("int64")
    out = out.join(gaps.band_columns(out, threshold, basis))  # the median's error band and "close to the threshold"
    # The nearest centre of a kommune is the one the most people in it have as nearest (departments pooled).
    ok = trips["near_row"] >= 0
    ids = model.runs.centre_ids
    pairs = pd.DataFrame({"k": model.kommune_index[ok], "c": ids[trips["near_row"][ok]], "w": w[ok]})
    top = pairs.groupby(["k", "c"])["w"].sum().reset_index().sort_values(["w", "c"]).drop_duplicates("k", keep="last")
    nearest = pd.Series(top["c"].to_numpy(), index=top["k"].to_numpy()).reindex(range(n))
    out["nearest_centre_id"] = nearest.fillna("").to_numpy()
    out["nearest_centre_name"] = out["nearest_centre_id"].map(names["name"]).fillna("")
    out["nearest_differs"] = (out["nearest_centre_id"] != out["centre_id"]) & (out["nearest_centre_id"] != "")
    out["centre_department"] = _own_department(model, trips, w, n)
    out["weight"] = weight
    out["gap_class"] = gaps.classify(out, threshold=threshold, basis=basis)
    out.attrs.update({"threshold": threshold, "basis": basis, "weight": weight, "scenario": model.scenario,
                      "year": model.year})
    return out


def _own_department(model: Model, trips: dict, w: np.ndarray, n: int) -> np.ndarray:
    """Per kommune: the town of its own centre's department that most of its people have nearest."""
    ok = np.isfinite(trips["aff_min"])
    towns = model.sites["department"].to_numpy()
    pairs = pd.DataFrame({"k": model.kommune_index[ok], "d": towns[trips["aff_row"][ok]], "w": w[ok]})
    top = pairs.groupby(["k", "d"])["w"].sum().reset_index().sort_values(["w", "d"]).drop_duplicates("k", keep="last")
    return pd.Series(top["d"].to_numpy(), index=top["k"].to_numpy()).reindex(range(n)).fillna("").to_numpy()


def per_area(model: Model, level: str = "fylke", weight: str = "all", trips: dict | None = None,
             threshold: float = 90) -> pd.DataFrame:
    """The same travel indicators per fylke ('fylke') or for the whole country ('norge')."""
    trips = cell_trips(model) if trips is None else trips
    w = model.cells[WEIGHTS[weight]].to_numpy()
    if level == "norge":
        groups, keys = np.zeros(len(w), dtype=int), np.array(["norge"])
    else:
        fylke = model.kommuner["fylkesnummer"].to_numpy()[model.kommune_index]
        keys, groups = np.unique(fylke, return_inverse=True)
    stats = _stats(groups, len(keys), trips, w, sorted({*THRESHOLDS, int(threshold)}))
    out = pd.DataFrame({"area": keys, **stats})
    # Head counts are the sums of the kommuner's whole numbers, so an area's total is the total of its rows.
    per_k = len(model.kommuner)
    area_of_kommune = np.zeros(per_k, dtype=int) if level == "norge" else \
        np.searchsorted(keys, model.kommuner["fylkesnummer"].to_numpy())
    for col, values in (("unreachable", w * trips["unreachable"]), ("people", w)):
        by_kommune = np.bincount(model.kommune_index, weights=values, minlength=per_k).round()
        out[col] = np.bincount(area_of_kommune, weights=by_kommune, minlength=len(keys)).astype("int64")
    return out
