"""Folium map builders: pure functions from tables to maps, no Streamlit (tested with pytest).

Geometry is simplified and rounded for the web (national payload ≤ 350 KB); every asset is served by the
app (assets.JS/CSS); no basemap tiles unless asked; zoom capped so no centre marker reads as a building.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING

import folium
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.template import Template

from dashboard import assets
from export import style

if TYPE_CHECKING:
    import geopandas as gpd

MAX_ZOOM = 9
NORWAY_CENTER = (65.0, 14.0)
NORWAY_BOUNDS = [[57.9, 4.6], [71.2, 31.2]]
CENTRE_COLOUR = "#5b2a86"
NEW_CENTRE_COLOUR = "#CC79A7"


class LocalMap(folium.Map):
    """folium.Map whose Leaflet/jQuery come from the app, not a CDN (no Bootstrap or icon fonts needed)."""

    default_js = assets.JS
    default_css = assets.CSS


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


_DECODE_JS = """
function dkDecode(polys, q) {
  return {type: "MultiPolygon", coordinates: polys.map(function (rings) {
    return rings.map(function (r) { var x = 0, y = 0;
      return r.map(function (d) { x += d[0]; y += d[1]; return [x / q, y / q]; }); }); })};
}
"""


class FitBounds(MacroElement):
    """Show the area at once: folium's fit_bounds animates the zoom, which draws a blown-up map for a moment."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.fitBounds({{ this.bounds }}, {animate: false, padding: [12, 12]});
        {% endmacro %}
    """)

    def __init__(self, bounds: list[list[float]]):
        super().__init__()
        self._name = "FitBounds"
        self.bounds = json.dumps(bounds)


class CompactGeoJson(MacroElement):
    """A GeoJSON layer shipped as delta-encoded integers (about half the bytes of GeoJSON text) and
    decoded in the browser; features keep their properties, so clicks return them."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          {{ this.decode }}
          var src = {{ this.payload }};
          var fc = {type: "FeatureCollection", features: src.map(function (f) {
            return {type: "Feature", properties: f.p, geometry: dkDecode(f.g, {{ this.scale }})}; })};
          var tips = {{ this.tips }};
          var layer = L.geoJson(fc, {
            interactive: {{ this.interactive }},
            style: function (f) { return Object.assign({}, {{ this.base_style }},
                                  f.properties.fill ? {fillColor: f.properties.fill} : {}); },
            onEachFeature: function (f, l) {
              if (!tips.length) { return; }
              var p = f.properties, html = "<b>" + p.name + "</b>";
              tips.forEach(function (t) { html += "<br>" + t[1] + ": " + p[t[0]]; });
              l.bindTooltip(html, {sticky: true});
              l.on("mouseover", function () { l.setStyle({weight: 2.5, color: "#222222"}); });
              l.on("mouseout", function () { layer.resetStyle(l); });
            }
          }).addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, features: list[dict], base_style: dict, tips: list[tuple[str, str]] | None = None,
                 interactive: bool = True, decimals: int = 3, name: str = "layer"):
        super().__init__()
        self._name = name
        compact = (",", ":")
        self.payload = json.dumps(features, separators=compact, ensure_ascii=False).replace("</", "<\\/")
        self.base_style = json.dumps(base_style, separators=compact)
        self.tips = json.dumps(tips or [], ensure_ascii=False)
        self.interactive = "true" if interactive else "false"
        self.scale = 10**decimals
        self.decode = _DECODE_JS


def _kommune_features(geo: dict[str, list], table: pd.DataFrame, indicator: str, threshold: float,
                      lang: str) -> list[dict]:
    t = table.set_index("kommunenummer")
    fill = style.colours(table, indicator, threshold).set_axis(table["kommunenummer"])
    value = style.display(table, indicator, lang, threshold).set_axis(table["kommunenummer"])
    features = []
    for k in table["kommunenummer"]:
        if k not in geo:
            continue
        status = t.at[k, "plan_status"]
        plan = style.PLAN_LABELS[status][lang]
        if status != "unknown" and t.at[k, "plan_as_of"]:
            plan += f" ({t.at[k, 'plan_as_of']})"
        evidence = style.EVIDENCE_LABELS.get(t.at[k, "catchment_evidence"], {}).get(lang, "")
        props = {"kommunenummer": k, "name": html.escape(f"{t.at[k, 'kommunenavn']} ({k})"),
                 "value": html.escape(str(value[k])), "fill": fill[k], "plan": html.escape(plan),
                 "centre": html.escape(f"{t.at[k, 'centre_name']} ({evidence})"),
                 "median": style.fmt(t.at[k, "median_min_nearest"], lang, 0, "min")}
        features.append({"p": props, "g": geo[k]})
    return features


TOOLTIPS = {
    "nb": [("value", "Verdi"), ("plan", "Plan (kildedato)"), ("centre", "Krisesenter (evidens)"),
           ("median", "Median til nærmeste senter")],
    "en": [("value", "Value"), ("plan", "Plan (source date)"), ("centre", "Crisis centre (evidence)"),
           ("median", "Median to nearest centre")],
}


def build_map(kommuner_geo: dict, fylker_geo: dict, table: pd.DataFrame, centres: pd.DataFrame,
              indicator: str = "gap_class", threshold: float = 90, lang: str = "nb",
              bounds: list[list[float]] | None = None, basemap: bool = False, height: int = 640,
              highlight: str | None = None) -> folium.Map:
    """Choropleth of the kommuner in `table` by indicator, fylke outlines and town-level centre markers."""
    # maxZoom/minZoom as Leaflet map options (folium's max_zoom only reaches tile layers).
    m = LocalMap(location=NORWAY_CENTER, zoom_start=4, tiles=None, control_scale=True, height=height,
                 maxZoom=MAX_ZOOM, minZoom=3, zoomSnap=0.25)
    if basemap:
        folium.TileLayer("OpenStreetMap", max_zoom=MAX_ZOOM, name="OpenStreetMap").add_to(m)
    CompactGeoJson(_kommune_features(kommuner_geo, table, indicator, threshold, lang),
                   {"color": "#ffffff", "weight": 0.4, "fillOpacity": 0.85, "className": "dk-kommune"},
                   tips=TOOLTIPS[lang], name="kommuner").add_to(m)
    if highlight and highlight in kommuner_geo:
        CompactGeoJson([{"p": {"kommunenummer": highlight}, "g": kommuner_geo[highlight]}],
                       {"fill": False, "color": "#111111", "weight": 3, "className": "dk-highlight"},
                       interactive=False, name="valgt").add_to(m)
    fylker = [{"p": {"fylkesnummer": k}, "g": g} for k, g in fylker_geo.items()]
    CompactGeoJson(fylker, {"fill": False, "color": "#333333", "weight": 1.2, "className": "dk-fylke"},
                   interactive=False, decimals=2, name="fylker").add_to(m)
    for row in centres.itertuples():
        hypothetical = str(row.id).startswith("ny-")
        folium.CircleMarker(
            location=(round(float(row.lat), 2), round(float(row.lon), 2)), radius=6 if hypothetical else 5,
            color="#ffffff", weight=1.5, fill=True, fill_opacity=1,
            fill_color=NEW_CENTRE_COLOUR if hypothetical else CENTRE_COLOUR,
            tooltip=f"{row.name} ({row.town})", class_name="dk-centre",
        ).add_to(m)
    FitBounds(bounds or NORWAY_BOUNDS).add_to(m)
    return m


def with_points(bounds: list[list[float]], lats, lons) -> list[list[float]]:
    """Bounds grown to take in some points too, e.g. a kommune and the town of its crisis centre."""
    (s, w), (n, e) = bounds
    return [[min([s, *lats]), min([w, *lons])], [max([n, *lats]), max([e, *lons])]]


def area_bounds(gdf: gpd.GeoDataFrame) -> list[list[float]]:
    minx, miny, maxx, maxy = gdf.to_crs("EPSG:4326").total_bounds
    return [[float(miny), float(minx)], [float(maxy), float(maxx)]]


def payload_bytes(m: folium.Map) -> int:
    """Size of what the browser receives for the map (the rendered page script and data)."""
    return len(m.get_root().render().encode("utf-8"))


def js_links(m: folium.Map) -> list[str]:
    """Every script/stylesheet URL the map asks the browser to load (what streamlit-folium collects)."""
    links: list[str] = []

    def walk(el):
        links.extend(src for _, src in getattr(el, "default_js", []))
        links.extend(href for _, href in getattr(el, "default_css", []))
        for child in getattr(el, "_children", {}).values():
            walk(child)

    walk(m)
    return list(dict.fromkeys(links))
