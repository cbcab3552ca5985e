"""SSB population grid, 1 km cells (1 January 2019), decoded to cell centres in EPSG:25833."""

from __future__ import annotations

import pandas as pd

from loaders.diskcache import cached
from loaders.registry import key, reading

CELL = 1000


def _parse() -> pd.DataFrame:
    with reading("grid_1km") as path:
        raw = pd.read_csv(path, sep=";", dtype={"SSBID1000M": str}, decimal=",")
        ids = raw["SSBID1000M"]
        return pd.DataFrame({
            "cell_id": ids,
            "x": ids.str[:7].astype("int64") - 2_000_000 + CELL // 2,
            "y": ids.str[7:].astype("int64") + CELL // 2,
            "pop_tot": raw["pop_tot"].astype("int64"),
            "pop_fem": raw["pop_fem"].astype("int64"),
        })


def cells_1km() -> pd.DataFrame:
    """cell_id, x, y (cell centre, EPSG:25833 metres), pop_tot, pop_fem for each populated cell."""
    return cached("grid1km", key("grid_1km"), _parse)
