"""Geometry for web maps — the app's (decoded by dashboard/static/mapview.js) and the self-contained HTML export
(export/html.py): simplified, quantised, delta-encoded polygons, and the bounds a map opens at. Pure functions, no
Streamlit (tested with pytest); `web_layers` holds the one choice of detail for kommuner and fylker."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import shapely

if TYPE_CHECKING:
    import geopandas as gpd


def _drop_islets(geom, min_area: float):
    """Drop polygon parts smaller than min_area (deg²), always keeping each feature's largest part."""
    parts = shapely.get_parts(geom)
    if len(parts) <= 1:
        return geom
    areas = shapely.area(parts)
    keep = (areas >= min_area) | (areas == areas.max())
    return shapely.multipolygons(parts[keep]) if keep.sum() > 1 else parts[keep][0]


def web_geometry(gdf: gpd.GeoDataFrame, key: str, tolerance: float = 0.008, decimals: int = 3,
                 min_area: float = 0.0006) -> dict[str, list]:
    """Key → compact geometry for the web: islets under ~2 km² dropped (each feature keeps its largest
    part), simplified, and coordinates quantised to 10^-decimals degrees and delta-encoded as integers."""
    geo = gdf.to_crs("EPSG:4326")
    geom = [_drop_islets(g, min_area) for g in shapely.make_valid(geo.geometry.values)]
    geom = shapely.simplify(geom, tolerance, preserve_topology=True)
    scale = 10**decimals
    return {k: _encode(g, scale) for k, g in zip(geo[key], geom, strict=True)}


def web_layers(kommuner: gpd.GeoDataFrame, fylker: gpd.GeoDataFrame) -> tuple[dict, dict]:
    """Kommuner (3 decimals, ~1 km) and fylker (2 decimals, coarser) as every web map draws them:
    ({'decimals', 'features'}, {'decimals', 'features'})."""
    return ({"decimals": 3, "features": web_geometry(kommuner, "kommunenummer")},
            {"decimals": 2, "features": web_geometry(fylker, "fylkesnummer", tolerance=0.02, decimals=2,
                                                     min_area=0.005)})


NEIGHBOUR_M = 200  # kommuner this close count as bordering: touching, or across a narrow sound
UTM33 = "EPSG:25833"


def neighbours(kommuner: gpd.GeoDataFrame, only: str | None = None) -> dict[str, list[str]]:
    """kommunenummer → the kommuner it borders (within NEIGHBOUR_M metres), for every kommune or `only` one: the one
    rule for the report card's map and the fact sheet's."""
    geo = kommuner.to_crs(UTM33).reset_index()
    geom = shapely.make_valid(geo.geometry.values)
    keys = geo["kommunenummer"].tolist()
    tree = shapely.STRtree(geom)
    wanted = [keys.index(only)] if only is not None else list(range(len(keys)))
    near = tree.query(geom[wanted], predicate="dwithin", distance=NEIGHBOUR_M)
    out: dict[str, list[str]] = {keys[i]: [] for i in wanted}
    for a, j in zip(*near, strict=True):
        i = wanted[a]
        if i != j:
            out[keys[i]].append(keys[j])
    return {k: sorted(v) for k, v in out.items()}


def kommune_details(kommuner: gpd.GeoDataFrame) -> dict:
    """What a report card's map adds for its one kommune: the outline at 4 decimals (~10 m), lightly simplified, so
    islands and fjords are recognisable where the shared web layer is blocky; the kommuner it borders (`neighbours`);
    and a label point inside each kommune (2 decimals). {'decimals': 4, 'outlines': {knr: polys},
    'neighbours': {knr: [knr]}, 'points': {knr: [lat, lon]}}"""
    geo = kommuner.to_crs("EPSG:4326").reset_index(drop=True)
    outlines = web_geometry(geo, "kommunenummer", tolerance=0.0004, decimals=4, min_area=0.00002)
    inside = shapely.point_on_surface(shapely.make_valid(geo.geometry.values))
    points = {k: [round(float(p.y), 2), round(float(p.x), 2)] for k, p in zip(geo["kommunenummer"], inside, strict=True)}
    return {"decimals": 4, "outlines": outlines, "neighbours": neighbours(geo), "points": points}


def _encode(geom, scale: int) -> list:
    """[[ring, ...], ...] per polygon; each ring as integer deltas from the previous point."""
    polys = shapely.get_parts(geom)
    out = []
    for poly in polys:
        rings = [poly.exterior, *poly.interiors]
        enc = []
        for ring in rings:
            q = np.round(np.asarray(ring.coords)[:, :2] * scale).astype(np.int64)
            q = q[np.concatenate([[True], (np.diff(q, axis=0) != 0).any(axis=1)])]
            if len(q) >= 4:
                enc.append(np.diff(q, axis=0, prepend=[[0, 0]]).tolist())
        if enc:
            out.append(enc)
    return out


def padded(bounds: list[list[float]], share: float) -> list[list[float]]:
    """Bounds grown by `share` of their height and width on every side."""
    (s, w), (n, e) = bounds
    dy, dx = (n - s) * share, (e - w) * share
    return [[s - dy, w - dx], [n + dy, e + dx]]


def with_points(bounds: list[list[float]], lats, lons) -> list[list[float]]:
    """Bounds grown to take in some points too, e.g. a kommune and the town of its crisis centre."""
    (s, w), (n, e) = bounds
    return [[min([s, *lats]), min([w, *lons])], [max([n, *lats]), max([e, *lons])]]


def area_bounds(gdf: gpd.GeoDataFrame) -> list[list[float]]:
    minx, miny, maxx, maxy = gdf.to_crs("EPSG:4326").total_bounds
    return [[float(miny), float(minx)], [float(maxy), float(maxx)]]
