"""The prepared coverage model: network, populated cells, active centres and one Dijkstra run per centre town point.

A centre with documented departments (geodata/centre_departments.csv) has one run per department; a person's
time to a centre is the time to its nearest department. `prepare()` builds the model from the mirror files and
the curated tables and caches it on disk, keyed by the sources' sha256, the curated files' hashes, the model
parameters and the population year.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import geopandas as gpd
import numpy as np
import pandas as pd

from coverage import network, population, travel
from coverage.params import model_key
from coverage.stats import weighted_quantiles
from loaders import boundaries, catchment, table
from loaders.diskcache import cached


@dataclass
class Model:
    """Everything the indicators and what-if scenarios need, in memory.

    `runs` has one row per town point (`sites`, same order): a centre with two departments has two rows, both
    with its centre id in `runs.centre_ids`."""

    params: network.Params
    year: int
    net: network.Network
    cells: pd.DataFrame
    kommune_index: np.ndarray
    kommuner: gpd.GeoDataFrame
    access: travel.Access
    centres: pd.DataFrame
    runs: travel.CentreRuns
    documented: pd.DataFrame
    median_minutes: pd.DataFrame
    sites: pd.DataFrame = field(default=None)
    catchments: pd.DataFrame = field(default=None)
    scenario: str = "baseline"

    def cell_minutes(self, centre_rows: np.ndarray | slice = slice(None)) -> np.ndarray:
        """Minutes from every cell to the given run rows (town points) — access legs included."""
        runs = self.runs
        return (runs.minutes[centre_rows][:, self.access.node] + self.access.minutes[None, :]
                + runs.access.minutes[centre_rows][:, None])

    def centre_rows(self, centre_id: str) -> np.ndarray:
        """The run rows (one per department) of an active centre."""
        hits = np.flatnonzero(self.runs.centre_ids == centre_id)
        if not len(hits):
            raise KeyError(f"centre {centre_id!r} is not active; active: {', '.join(dict.fromkeys(self.runs.centre_ids))}")
        return hits


def centre_minutes(runs: travel.CentreRuns, minutes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per centre (unique ids, in first-seen order): minutes to its nearest department, from per-row minutes."""
    ids = np.array(list(dict.fromkeys(runs.centre_ids)))
    out = np.vstack([minutes[runs.centre_ids == cid].min(axis=0) for cid in ids]) if len(ids) else minutes[:0]
    return ids, out


def _median_matrix(model_cells: pd.DataFrame, kommune_index: np.ndarray, minutes: np.ndarray,
                   knr: np.ndarray, centre_ids: np.ndarray) -> pd.DataFrame:
    """Population-weighted median minutes from each kommune to each centre (rows kommuner, columns centres)."""
    w = model_cells["w_all"].to_numpy()
    cols = [weighted_quantiles(kommune_index, minutes[c], w, (0.5,), len(knr))[0] for c in range(len(centre_ids))]
    return pd.DataFrame(np.column_stack(cols) if cols else np.empty((len(knr), 0)), index=knr, columns=centre_ids)


def kommune_times(model: Model) -> pd.DataFrame:
    """Long table kommunenummer, centre_id, value: median road minutes to each active centre's nearest department."""
    times = model.median_minutes.stack().rename("value").rename_axis(["kommunenummer", "centre_id"]).reset_index()
    return times[np.isfinite(times["value"])].reset_index(drop=True)


def resolve(model: Model) -> Model:
    """(Re)decide every kommune's centre with the one catchment rule (loaders.catchment.resolve)."""
    catch = catchment.resolve(model.documented, model.centres, model.kommuner, kommune_times(model), model.sites)
    return replace(model, catchments=catch)


def kommune_table(model: Model | None = None) -> gpd.GeoDataFrame:
    """The joined kommune table (loaders.table) with the model's catchments — what `python -m loaders check`,
    the app and the exports show. Builds/loads the baseline model when none is given."""
    model = prepare() if model is None else model
    return table.with_catchments(model.kommuner, model.catchments, model.centres)


def _build(params: network.Params, year: int) -> Model:
    kommuner = boundaries.kommuner()
    data = table.load_curated(kommuner)
    base = table.kommune_base(year, data=data, kommuner=kommuner)
    centres = data["centres"]
    sites = table.centre_sites(data)
    net = network.build(params)
    cells = population.origins(year)
    knr = base["kommunenummer"].to_numpy()
    kindex = pd.Index(knr).get_indexer(cells["kommunenummer"])
    acc = travel.access(net, cells["x"].to_numpy(), cells["y"].to_numpy(), params.access_kmh, params.access_detour)
    sx, sy = travel.to_utm(sites["lat"].to_numpy(), sites["lon"].to_numpy())
    runs = travel.run_centres(net, sites["centre_id"].to_numpy(), sx, sy, params.access_kmh, params.access_detour)
    model = Model(params=params, year=year, net=net, cells=cells, kommune_index=kindex,
                  kommuner=base, access=acc, centres=centres, runs=runs,
                  documented=data["catchments"], median_minutes=pd.DataFrame(), sites=sites)
    ids, minutes = centre_minutes(runs, model.cell_minutes())
    model.median_minutes = _median_matrix(cells, kindex, minutes, knr, ids)
    return resolve(model)


def cache_key(params: network.Params, year: int) -> str:
    return model_key(params, year)


def prepare(params: network.Params = network.Params(), year: int = 2025) -> Model:
    """The baseline model, from the disk cache when inputs and parameters are unchanged."""
    return cached("model", cache_key(params, year), lambda: _build(params, year))
