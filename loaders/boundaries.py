"""Kommune, fylke and Norway outline polygons (Kartverket 2024 division), repaired and keyed."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
from shapely import make_valid

from loaders.problems import Problems
from loaders.registry import key, reading

UTM33 = "EPSG:25833"
WGS84 = "EPSG:4326"
N_KOMMUNER = 357


def _read(name: str) -> gpd.GeoDataFrame:
    with reading(name) as path:
        gdf = gpd.read_file(path)
    gdf["geometry"] = make_valid(gdf.geometry.values)
    return gdf


def kommuner(crs: str = WGS84, detail: str = "S") -> gpd.GeoDataFrame:
    """357 kommuner: kommunenummer, kommunenavn, fylkesnummer, geometry (repaired with make_valid)."""
    gdf = _read("kommuner" if detail == "S" else "kommuner_m")
    gdf["kommunenummer"] = gdf["kommunenummer"].astype(str).str.zfill(4)
    gdf["fylkesnummer"] = gdf["kommunenummer"].str[:2]
    out = gdf[["kommunenummer", "kommunenavn", "fylkesnummer", "geometry"]]
    problems = Problems("kommuner")
    if len(out) != N_KOMMUNER or out["kommunenummer"].duplicated().any():
        problems.add(f"expected {N_KOMMUNER} unique kommunenummer, got {out['kommunenummer'].nunique()}")
    problems.raise_if_any()
    out = out.sort_values("kommunenummer").reset_index(drop=True)
    return out.to_crs(crs) if crs != WGS84 else out


def fylker(crs: str = WGS84) -> gpd.GeoDataFrame:
    """15 fylker: fylkesnummer, fylkesnavn (the short name), geometry."""
    gdf = _read("fylker")
    gdf["fylkesnummer"] = gdf["fylkesnummer"].astype(str).str.zfill(2)
    out = gdf.rename(columns={"name": "fylkesnavn_kort"})[["fylkesnummer", "fylkesnavn_kort", "fylkesnavn", "geometry"]]
    out = out.rename(columns={"fylkesnavn": "fylkesnavn_offisielt", "fylkesnavn_kort": "fylkesnavn"})
    out = out.sort_values("fylkesnummer").reset_index(drop=True)
    return out.to_crs(crs) if crs != WGS84 else out


def norge(crs: str = WGS84) -> gpd.GeoDataFrame:
    """The national land outline as one row."""
    gdf = _read("norge")[["geometry"]]
    return gdf.to_crs(crs) if crs != WGS84 else gdf


def kommune_facts() -> pd.DataFrame:
    """Administrative centre and area (km²) per kommune, from aprestmo/norway-geodata."""
    with reading("kommune_facts") as path:
        rows = json.loads(path.read_text(encoding="utf-8"))
        df = pd.DataFrame([{"kommunenummer": str(r["id"]).zfill(4), "adm_senter": r["adm_center"],
                            "areal_km2": r["area"]} for r in rows])
    return df.sort_values("kommunenummer").reset_index(drop=True)


def cache_key() -> str:
    return key("kommuner", "fylker")
