"""The naive baseline for benchmarks/dashboard.py: the same data drawn the way most folium apps do it — the
whole GeoJSON of the kommuner with colours in a style function, shown with st_folium and rebuilt every rerun.
Run only by the benchmark (`streamlit run benchmarks/folium_baseline.py`)."""

import sys
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import vocabulary as vocab  # noqa: E402
from dashboard import assets, data  # noqa: E402
from loaders import registry  # noqa: E402

assets.install()
key = data.model_key()
table = data.kommune_table(key, "all", 90)
indicator = st.selectbox("Vis på kartet", vocab.INDICATORS, format_func=lambda v: vocab.label(v, "nb", 90))
fill = dict(zip(table["kommunenummer"], vocab.colours(table, indicator, 90), strict=True))


class LocalMap(folium.Map):  # Leaflet from the app, like ours, so the comparison is about the approach only
    default_js = assets.JS
    default_css = assets.CSS


m = LocalMap(location=(65, 14), zoom_start=4, tiles=None)
folium.GeoJson(str(registry.fetch("kommuner")), style_function=lambda f: {
    "fillColor": fill.get(str(f["properties"]["kommunenummer"]).zfill(4), "#cccccc"), "color": "#ffffff",
    "weight": 0.5, "fillOpacity": 1, "className": "dk-kommune"}).add_to(m)
st_folium(m, height=600, use_container_width=True, returned_objects=["last_active_drawing"])
