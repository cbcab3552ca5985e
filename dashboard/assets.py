"""Serve every map asset from the app itself (DESIGN §8): Leaflet and jQuery copied from PyPI packages.

Streamlit serves dashboard/static/ at /app/static/ when server.enableStaticServing is on; no page of the
app asks a third party for anything unless the user switches a basemap on.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import xstatic.pkg.jquery as xjquery
import xstatic.pkg.leaflet as xleaflet

VENDOR = Path(__file__).resolve().parent / "static" / "vendor"
URL = "/app/static/vendor"
JS = [("leaflet", f"{URL}/leaflet/leaflet.js"), ("jquery", f"{URL}/jquery/jquery.min.js")]
CSS = [("leaflet_css", f"{URL}/leaflet/leaflet.css")]


def install() -> Path:
    """Copy the asset files next to the app once (idempotent); returns the vendor folder."""
    leaflet = VENDOR / "leaflet"
    if not (leaflet / "leaflet.js").is_file():
        shutil.copytree(xleaflet.BASE_DIR, leaflet, dirs_exist_ok=True)
    jquery = VENDOR / "jquery"
    if not (jquery / "jquery.min.js").is_file():
        jquery.mkdir(parents=True, exist_ok=True)
        shutil.copy(Path(xjquery.BASE_DIR) / "jquery.min.js", jquery / "jquery.min.js")
    return VENDOR
