"""Kartverket N1000 road links (car roads and car ferries) as LineStrings in EPSG:25833."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from loaders.diskcache import cached
from loaders.registry import key, reading

CAR_ROAD = "enkelBilveg"
CAR_FERRY = "bilferje"
PASSENGER_FERRY = "passasjerferje"


_COLUMNS = ["typeVeg", "vegkategori", "vegnummer", "motorvegtype", "medium", "senterlinje"]


def _text(column: tuple[np.ndarray, list[str | None]], missing: str | None = None) -> np.ndarray:
    """A string column read as (codes, values) as an array of Python strings, NA as `missing`."""
    codes, values = column
    return np.array([missing if v is None else v for v in values], dtype=object)[codes]


def _line(matrix: tuple[np.ndarray, dict]) -> np.ndarray:
    """An sf LINESTRING (an R matrix, stored column by column) as an (n, 2) array of x, y."""
    values, attributes = matrix
    rows, cols = attributes["dim"][0]
    return values.reshape(cols, rows).T


def _parse() -> pd.DataFrame:
    """The links from the R file, read column by column (loaders/rdaframes.py: 0.8 CPU-s, where the `rdata`
    package took 3.4 CPU-s building a Python object per R value: benchmarks/parsing.py)."""
    from loaders import rdaframes

    with reading("roads") as path:
        raw = rdaframes.read_frames(path, {"Veglenke": _COLUMNS})["Veglenke"]
    number = raw["vegnummer"]
    return pd.DataFrame({
        "type_veg": _text(raw["typeVeg"], "None"),
        "vegkategori": _text(raw["vegkategori"], ""),
        "vegnummer": np.where(number == np.iinfo(np.int32).min, np.nan, number.astype("float64")),
        "motorvegtype": _text(raw["motorvegtype"], ""),
        "medium": _text(raw["medium"], ""),
        "coords": [_line(m) for m in raw["senterlinje"]],
    })


def all_links() -> pd.DataFrame:
    """Every N1000 link as parsed (all road types), without geometry objects."""
    return cached("roads", key("roads"), _parse).drop(columns="coords")


def links(include_passenger_ferries: bool = False) -> gpd.GeoDataFrame:
    """Car roads and car ferries: type_veg, vegkategori, motorvegtype, ferry flag, geometry (EPSG:25833)."""
    df = cached("roads", key("roads"), _parse)
    keep = {CAR_ROAD, CAR_FERRY} | ({PASSENGER_FERRY} if include_passenger_ferries else set())
    df = df[df["type_veg"].isin(keep)].reset_index(drop=True)
    coords = list(df["coords"])
    index = np.repeat(np.arange(len(coords)), [len(c) for c in coords])
    geometry = shapely.linestrings(np.concatenate(coords), indices=index) if coords else []
    out = gpd.GeoDataFrame(df.drop(columns="coords"), geometry=geometry, crs="EPSG:25833")
    out["ferje"] = out["type_veg"].isin({CAR_FERRY, PASSENGER_FERRY})
    return out
