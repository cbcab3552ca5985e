"""The prepared coverage model: network, populated cells, active centres and one Dijkstra run per centre.

`prepare()` builds it from the mirror files and the curated tables and caches it on disk, keyed by the
sources' sha256, the curated files' hashes, the model parameters and the population year.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import geopandas as gpd
import numpy as np
import pandas as pd

from coverage import network, population, travel
from coverage.params import model_key
from coverage.stats import weighted_quantiles
from loaders import boundaries, table
from loaders.diskcache import cached


@dataclass
class Model:
    """Everything the indicators and what-if scenarios need, in memory."""

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
    catchments: pd.DataFrame = field(default=None)
    scenario: str = "baseline"

    def cell_minutes(self, centre_rows: np.ndarray | slice = slice(None)) -> np.ndarray:
        """Minutes from every cell to the given centres (rows) — access legs included."""
        runs = self.runs
        return (runs.minutes[centre_rows][:, self.access.node] + self.access.minutes[None, :]
                + runs.access.minutes[centre_rows][:, None])

    def centre_row(self, centre_id: str) -> int:
        hits = np.flatnonzero(self.runs.centre_ids == centre_id)
        if not len(hits):
            raise KeyError(f"centre {centre_id!r} is not active; active: {', '.join(self.runs.centre_ids)}")
        return int(hits[0])


def _median_matrix(model_cells: pd.DataFrame, kommune_index: np.ndarray, minutes: np.ndarray,
                   knr: np.ndarray, centre_ids: np.ndarray) -> pd.DataFrame:
    """Population-weighted median minutes from each kommune to each centre (rows kommuner, columns centres)."""
    w = model_cells["w_all"].to_numpy()
    cols = [weighted_quantiles(kommune_index, minutes[c], w, (0.5,), len(knr))[0] for c in range(len(centre_ids))]
    return pd.DataFrame(np.column_stack(cols) if cols else np.empty((len(knr), 0)), index=knr, columns=centre_ids)


def resolve(model: Model) -> Model:
    """(Re)compute estimated catchments from road times ('shortest road time within the fylke')."""
    times = model.median_minutes.stack().rename("value").rename_axis(["kommunenummer", "centre_id"]).reset_index()
    times = times[np.isfinite(times["value"])]
    catch = table.resolve_catchments(model.documented, model.centres, model.kommuner, times=times)
    return replace(model, catchments=catch)


def _build(params: network.Params, year: int) -> Model:
    data = table.load_curated(boundaries.kommuner())
    base = table.kommune_table(year, data=data)
    centres = data["centres"]
    active = centres[centres["status"] == "active"].reset_index(drop=True)
    net = network.build(params)
    cells = population.origins(year)
    knr = base["kommunenummer"].to_numpy()
    kindex = pd.Index(knr).get_indexer(cells["kommunenummer"])
    acc = travel.access(net, cells["x"].to_numpy(), cells["y"].to_numpy(), params.access_kmh, params.access_detour)
    cx, cy = travel.to_utm(active["lat"].to_numpy(), active["lon"].to_numpy())
    runs = travel.run_centres(net, active["id"].to_numpy(), cx, cy, params.access_kmh, params.access_detour)
    model = Model(params=params, year=year, net=net, cells=cells, kommune_index=kindex,
                  kommuner=base, access=acc, centres=centres, runs=runs,
                  documented=data["catchments"], median_minutes=pd.DataFrame())
    model.median_minutes = _median_matrix(cells, kindex, model.cell_minutes(), knr, runs.centre_ids)
    return resolve(model)


def cache_key(params: network.Params, year: int) -> str:
    return model_key(params, year)


def prepare(params: network.Params = network.Params(), year: int = 2025) -> Model:
    """The baseline model, from the disk cache when inputs and parameters are unchanged."""
    return cached("model", cache_key(params, year), lambda: _build(params, year))
