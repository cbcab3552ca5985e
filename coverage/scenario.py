"""What-if: open a hypothetical centre (at a kommune's population-weighted centre or at a point) or close one.

Adding costs one Dijkstra run (one town point) and one column of kommune→centre medians; closing drops the
centre's rows — every department of it — and its column. Documented catchments stay unless their centre closes;
estimated catchments are re-estimated with the new set by the one catchment rule.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from coverage import population, travel
from coverage.model import Model, _median_matrix, resolve
from coverage.summary import people_beyond

NEW_ID_PREFIX = "ny-"


def new_site(model: Model, kommunenummer: str | None = None, lat: float | None = None, lon: float | None = None,
             name: str | None = None) -> tuple[str, float, float, pd.DataFrame, pd.DataFrame]:
    """A hypothetical centre at the kommune's population-weighted centre, or at lat/lon (town level): its id, x, y
    (EPSG:25833) and its row of `centres` and of `sites`."""
    knr = model.kommuner["kommunenummer"].tolist()
    fylke_of = dict(zip(knr, model.kommuner["fylkesnummer"].tolist(), strict=True))
    if kommunenummer is not None:
        x, y = population.weighted_centre(model.cells, kommunenummer)
        navn = dict(zip(knr, model.kommuner["kommunenavn"].tolist(), strict=True))[kommunenummer]
        label = name or f"Nytt senter i {navn}"
        cid, fylke = f"{NEW_ID_PREFIX}{kommunenummer}", fylke_of[kommunenummer]
        lon_, lat_ = travel._TO_UTM.transform(x, y, direction="INVERSE")
    elif lat is not None and lon is not None:
        if not (57.5 <= lat <= 71.5 and 4.0 <= lon <= 31.5):
            raise ValueError(f"point {lat}, {lon} is outside Norway; allowed: lat 57.5–71.5, lon 4–31.5")
        lat_, lon_ = round(float(lat), 2), round(float(lon), 2)
        x, y = travel.to_utm(lat_, lon_)
        x, y = float(x), float(y)
        cid, label = f"{NEW_ID_PREFIX}{lat_:.2f}-{lon_:.2f}", name or f"Nytt senter ved {lat_:.2f}, {lon_:.2f}"
        dist = np.hypot(model.cells["x"] - x, model.cells["y"] - y)
        fylke = fylke_of[model.cells["kommunenummer"].iloc[int(dist.argmin())]]
    else:
        raise ValueError("give a kommunenummer, or both lat and lon")
    if cid in set(model.runs.centre_ids):
        raise ValueError(f"a hypothetical centre {cid!r} already exists in this scenario")
    row = pd.DataFrame([{"id": cid, "name": label, "host_kommunenummer": kommunenummer or "", "town": label,
                         "lat": round(float(lat_), 2), "lon": round(float(lon_), 2), "status": "active",
                         "location_evidence": "hypothetical", "fylkesnummer": fylke}])
    site = pd.DataFrame([{"centre_id": cid, "department": label, "town": label, "host_kommunenummer": kommunenummer or "",
                          "lat": round(float(lat_), 2), "lon": round(float(lon_), 2)}])
    return cid, x, y, row, site


def add_centre(model: Model, kommunenummer: str | None = None, lat: float | None = None, lon: float | None = None,
               name: str | None = None) -> Model:
    """A new active centre at the kommune's population-weighted centre, or at lat/lon (town level)."""
    cid, x, y, row, site = new_site(model, kommunenummer, lat, lon, name)
    p = model.params
    extra = travel.run_centres(model.net, np.array([cid]), np.array([x]), np.array([y]), p.access_kmh, p.access_detour)
    runs = model.runs.concat(extra)
    centres = pd.concat([model.centres, row], ignore_index=True)
    sites = pd.concat([model.sites, site], ignore_index=True)
    mins = (extra.minutes[:, model.access.node] + model.access.minutes[None, :] + extra.access.minutes[:, None])
    column = _median_matrix(model.cells, model.kommune_index, mins, model.median_minutes.index.to_numpy(),
                            extra.centre_ids)
    median = pd.concat([model.median_minutes, column], axis=1)
    return resolve(replace(model, runs=runs, centres=centres, sites=sites, median_minutes=median,
                           scenario=f"{model.scenario}+{cid}"))


def closing(model: Model, centre_id: str) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame]:
    """Which run rows stay when `centre_id` closes (all its departments go), and the centres and sites after."""
    rows = model.centre_rows(centre_id)
    keep = np.ones(len(model.runs.centre_ids), dtype=bool)
    keep[rows] = False
    centres = model.centres.copy()
    centres.loc[centres["id"] == centre_id, "status"] = "closed"
    return keep, centres, model.sites[keep].reset_index(drop=True)


def close_centre(model: Model, centre_id: str) -> Model:
    """The model without `centre_id` (all its departments); kommuner it served get the estimated rule."""
    keep, centres, sites = closing(model, centre_id)
    return resolve(replace(model, runs=model.runs.subset(keep), centres=centres, sites=sites,
                           median_minutes=model.median_minutes.drop(columns=[centre_id]),
                           scenario=f"{model.scenario}-{centre_id}"))


def compare(before: pd.DataFrame, after: pd.DataFrame, threshold: float, basis: str = "nearest") -> dict:
    """People beyond the threshold before/after and the kommuner whose gap class changes."""
    col = f"share_over_{int(threshold)}_{basis}" if f"share_over_{int(threshold)}_{basis}" in before else None

    def beyond(t: pd.DataFrame) -> float:
        if col is not None:
            return float(people_beyond(t, threshold, basis).sum())  # the one rounding rule
        return float(t.loc[~(t[f"median_min_{basis}"] <= threshold), "people"].sum())

    changed = before[["kommunenummer", "kommunenavn", "gap_class", f"median_min_{basis}"]].merge(
        after[["kommunenummer", "gap_class", f"median_min_{basis}"]], on="kommunenummer", suffixes=("_before", "_after"))
    moved = changed[changed["gap_class_before"] != changed["gap_class_after"]]
    return {"people_beyond_before": beyond(before), "people_beyond_after": beyond(after),
            "changed": moved.reset_index(drop=True)}
