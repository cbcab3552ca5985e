"""Kartverket N1000 road links (car roads and car ferries) as LineStrings in EPSG:25833."""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from loaders.diskcache import cached
from loaders.registry import key, reading

CAR_ROAD = "enkelBilveg"
CAR_FERRY = "bilferje"
PASSENGER_FERRY = "passasjerferje"


def _parse() -> pd.DataFrame:
    import rdata

    with warnings.catch_warnings(), reading("roads") as path:
        warnings.simplefilter("ignore")  # rdata warns for every sf class it has no constructor for
        raw = rdata.conversion.convert(rdata.parser.parse_file(path))["Veglenke"]
    coords = [np.asarray(c, dtype="float64") for c in raw["senterlinje"]]
    return pd.DataFrame({
        "type_veg": raw["typeVeg"].astype(str).to_numpy(),
        "vegkategori": raw["vegkategori"].astype("string").fillna("").to_numpy(),
        "vegnummer": pd.to_numeric(raw["vegnummer"], errors="coerce").to_numpy(),
        "motorvegtype": raw["motorvegtype"].astype("string").fillna("").to_numpy(),
        "medium": raw["medium"].astype("string").fillna("").to_numpy(),
        "coords": coords,
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
