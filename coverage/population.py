"""Origins: populated 1 km SSB cells, each in its kommune, weighted to the kommune's current SSB total.

Weights: `w_all` (everyone) and `w_women` (women 18+: the cell's share of the kommune's women, all ages,
times the kommune's women 18+). A cell is in the kommune containing its centre; coastal cells whose
centre falls in the sea go to the nearest kommune polygon.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from loaders import boundaries, grid, population

WEIGHTS = {"all": "w_all", "women18": "w_women"}


def origins(year: int = 2025) -> pd.DataFrame:
    """cell_id, x, y (EPSG:25833), kommunenummer, w_all, w_women for every populated 1 km cell."""
    cells = grid.cells_1km()
    kommuner = boundaries.kommuner(crs=boundaries.UTM33)[["kommunenummer", "geometry"]]
    points = gpd.GeoDataFrame(cells[["cell_id"]], geometry=gpd.points_from_xy(cells["x"], cells["y"]),
                              crs=boundaries.UTM33)
    inside = gpd.sjoin(points, kommuner, predicate="within", how="left")
    inside = inside[~inside.index.duplicated()]
    knr = inside["kommunenummer"].reindex(points.index)
    outside = knr.isna().to_numpy()
    if outside.any():
        near = gpd.sjoin_nearest(points[outside], kommuner, how="left")
        knr[outside] = near[~near.index.duplicated()]["kommunenummer"].to_numpy()
    out = cells.assign(kommunenummer=knr.to_numpy())
    totals = population.by_kommune(year).set_index("kommunenummer")
    grid_all = out.groupby("kommunenummer")["pop_tot"].transform("sum")
    grid_fem = out.groupby("kommunenummer")["pop_fem"].transform("sum")
    out["w_all"] = out["pop_tot"] / grid_all * out["kommunenummer"].map(totals["befolkning"])
    share_fem = np.where(grid_fem > 0, out["pop_fem"] / grid_fem.replace(0, 1), out["pop_tot"] / grid_all)
    out["w_women"] = share_fem * out["kommunenummer"].map(totals["kvinner_18"])
    missing = sorted(set(totals.index) - set(out["kommunenummer"]))
    if missing:
        raise ValueError(f"kommuner without any populated grid cell: {', '.join(missing)}")
    return out[["cell_id", "x", "y", "kommunenummer", "w_all", "w_women"]].reset_index(drop=True)


def weighted_centres(cells: pd.DataFrame, weight: str = "w_all") -> pd.DataFrame:
    """Every kommune's population-weighted centre: kommunenummer, x, y (EPSG:25833), as weighted_centre gives
    one at a time."""
    w = cells[weight].to_numpy(dtype=float)
    sums = pd.DataFrame({"kommunenummer": cells["kommunenummer"].to_numpy(), "wx": cells["x"].to_numpy() * w,
                         "wy": cells["y"].to_numpy() * w, "w": w}).groupby("kommunenummer", sort=True).sum()
    sums = sums[sums["w"] > 0]
    return pd.DataFrame({"kommunenummer": sums.index, "x": (sums["wx"] / sums["w"]).to_numpy(),
                         "y": (sums["wy"] / sums["w"]).to_numpy()})


def weighted_centre(cells: pd.DataFrame, kommunenummer: str) -> tuple[float, float]:
    """Population-weighted centre (x, y in EPSG:25833) of a kommune's cells (weighted_centres, for one kommune)."""
    sel = weighted_centres(cells[cells["kommunenummer"] == kommunenummer])
    if sel.empty:
        raise ValueError(f"kommunenummer {kommunenummer!r} has no populated cells; allowed: a 2024 kommunenummer")
    return float(sel["x"].iloc[0]), float(sel["y"].iloc[0])
