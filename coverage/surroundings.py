"""What lies around each road link: the region of the fylke it runs in, and how much of it runs through built-up
land (1 km SSB grid cells with at least `params.URBAN_CELL_PEOPLE` people). The network reads both: a road link's
time is its class speed × its region's factor, plus `Params.urban_min_per_km` for every built-up km."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from coverage.params import REGION_OF_FYLKE, URBAN_CELL_PEOPLE
from loaders import boundaries, grid, roads
from loaders.diskcache import cached
from loaders.registry import key

SAMPLE_M = 500.0  # a link's built-up share is measured at points this far apart along it
CELL_M = 1000


def link_regions(links: pd.DataFrame) -> np.ndarray:
    """Region (params.REGIONS) of every link: that of the fylke its midpoint lies in, or of the nearest fylke
    for a midpoint in the sea (a ferry, or a coastal road the generalised boundary cuts off)."""
    fylker = boundaries.fylker(crs=boundaries.UTM33)[["fylkesnummer", "geometry"]]
    mid = gpd.GeoDataFrame(geometry=shapely.line_interpolate_point(links.geometry.values, 0.5, normalized=True),
                           crs=boundaries.UTM33)
    inside = gpd.sjoin(mid, fylker, how="left", predicate="within")
    fylke = inside[~inside.index.duplicated()]["fylkesnummer"].reindex(mid.index)
    sea = fylke.isna().to_numpy()
    if sea.any():
        near = gpd.sjoin_nearest(mid[sea], fylker, how="left")
        fylke[sea] = near[~near.index.duplicated()]["fylkesnummer"].to_numpy()
    return fylke.map(REGION_OF_FYLKE).to_numpy(dtype=str)


def built_up_share(links: pd.DataFrame, cells: pd.DataFrame, people: int = URBAN_CELL_PEOPLE) -> np.ndarray:
    """Share (0..1) of every link's length in built-up cells: the link is sampled at the middles of
    ceil(length / SAMPLE_M) equal pieces, and a sample counts when its 1 km cell (`cells`: x, y cell centres in
    EPSG:25833, pop_tot) has at least `people` people."""
    geoms = links.geometry.values
    n = np.maximum(np.ceil(shapely.length(geoms) / SAMPLE_M), 1).astype(int)
    owner = np.repeat(np.arange(len(geoms)), n)
    start = np.repeat(np.cumsum(n) - n, n)
    fraction = (np.arange(len(owner)) - start + 0.5) / n[owner]
    points = shapely.line_interpolate_point(geoms[owner], fraction, normalized=True)
    dense = cells[cells["pop_tot"] >= people]
    dense_ids = (dense["x"].to_numpy() // CELL_M) * 10_000_000 + dense["y"].to_numpy() // CELL_M
    ids = (shapely.get_x(points) // CELL_M).astype(np.int64) * 10_000_000 + (shapely.get_y(points) // CELL_M).astype(np.int64)
    return np.bincount(owner, weights=np.isin(ids, dense_ids), minlength=len(geoms)) / n


def of_links(links: pd.DataFrame | None, include_passenger_ferries: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(region, built-up share) of every link; for the default N1000 links (`links` None) from the disk cache."""
    if links is not None:
        return link_regions(links), built_up_share(links, grid.cells_1km())
    flag = include_passenger_ferries

    def compute():
        default = roads.links(flag)
        return link_regions(default), built_up_share(default, grid.cells_1km())

    return cached("surroundings", key("roads", "fylker", "grid_1km") + f"{flag}{URBAN_CELL_PEOPLE}", compute)
