"""What lies around and along each road link: the region of the fylke it runs in, how much of it runs through
built-up land (1 km SSB grid cells with at least `params.URBAN_CELL_PEOPLE` people) and how much it bends (degrees
of heading change per km along its N1000 line). The network reads all three: a road link's time is its class speed ×
its region's factor, plus `Params.urban_min_per_km` for every built-up km and `Params.bend_min_per_km` per km for
every 100°/km of bends."""

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


def bends(links: pd.DataFrame) -> np.ndarray:
    """Degrees of heading change per km of every link: the sum of the absolute turns at the inner vertices of its
    N1000 line (each turn taken the short way round, 0-180°) ÷ its length in km; 0 for a straight line or a link
    shorter than 1 m. N1000 is generalised, so this counts the bends a 1:1 000 000 map keeps (a winding fjord road,
    a pass), not every curve."""
    geoms = links.geometry.values
    xy, owner = shapely.get_coordinates(geoms, return_index=True)
    step = np.diff(xy, axis=0)
    same = owner[1:] == owner[:-1]  # a step inside one line, not from one line's end to the next one's start
    heading = np.arctan2(step[:, 1], step[:, 0])
    turn = np.abs((np.diff(heading) + np.pi) % (2 * np.pi) - np.pi)
    inner = same[1:] & same[:-1]  # two consecutive steps of the same line meet at an inner vertex
    total = np.bincount(owner[1:-1][inner], weights=np.degrees(turn[inner]), minlength=len(geoms))
    km = shapely.length(geoms) / 1000
    return np.where(km >= 0.001, total / np.maximum(km, 0.001), 0.0)


def of_links(links: pd.DataFrame | None,
             include_passenger_ferries: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(region, built-up share, bends in °/km) of every link; for the default N1000 links (`links` None) from the
    disk cache."""
    if links is not None:
        return link_regions(links), built_up_share(links, grid.cells_1km()), bends(links)
    flag = include_passenger_ferries

    def compute():
        default = roads.links(flag)
        return link_regions(default), built_up_share(default, grid.cells_1km()), bends(default)

    return cached("surroundings", key("roads", "fylker", "grid_1km") + f"{flag}{URBAN_CELL_PEOPLE}", compute)
