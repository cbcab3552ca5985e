"""The map as a Streamlit component: geometry goes to the browser once, as a versioned static file; a rerun
sends only the values and colours (a few KB), and the same map element is repainted, never rebuilt.

Leaflet and the map script are served by the app itself (dashboard/static); no third party is asked for
anything unless the reader switches the OpenStreetMap basemap on.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import streamlit as st

import vocabulary as vocab
from dashboard import assets, mapdata
from export.payload import centres_payload, map_labels, values

STATIC = Path(__file__).resolve().parent / "static"
PUBLISHED = mapdata.PUBLISHED
MAX_ZOOM = 9
NORWAY_BOUNDS = [[57.9, 4.6], [71.2, 31.2]]

_JS = """
function once(tag, url) {
  window.__dkAssets = window.__dkAssets || {};
  if (!window.__dkAssets[url]) {
    window.__dkAssets[url] = new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      if (tag === "link") { el.rel = "stylesheet"; el.href = url; } else { el.src = url; }
      el.onload = resolve; el.onerror = function () { reject(new Error("could not load " + url)); };
      document.head.appendChild(el);
    });
  }
  return window.__dkAssets[url];
}
export default function (component) {
  var data = component.data, host = component.parentElement.querySelector(".dk-map");
  host.style.height = data.height + "px";
  var a = data.assets;
  Promise.all([once("link", a.leaflet_css), once("link", a.map_css), once("script", a.leaflet_js)])
    .then(function () { return once("script", a.map_js); })
    .then(function () {
      return window.DekningskartMap.render(host, data, {
        kommune: function (k) { component.setTriggerValue("kommune", k); },
        point: function (p) { component.setTriggerValue("point", p); }
      });
    })
    .catch(function (e) { host.textContent = data.labels.failed + " (" + e.message + ")"; });
}
"""
_HTML = '<div class="dk-map-wrap"><div class="dk-map"></div><div class="dk-live" aria-live="polite"></div></div>'
_component = st.components.v2.component("dekningskart_map", html=_HTML, js=_JS, isolate_styles=False)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def static_url(path: str) -> str:
    """URL of a file under dashboard/static, honouring server.baseUrlPath."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/app/static/{path}" if base else f"/app/static/{path}"


def publish(name: str, payload) -> str | dict:
    """Write payload as a versioned file under dashboard/static/data (dashboard.mapdata.publish) and return its
    URL; where the folder is not writable, return the payload itself."""
    try:
        return static_url(f"data/{mapdata.publish(name, payload)}")
    except OSError:
        return payload


def asset_urls() -> dict[str, str]:
    """Leaflet and the map script, with a content hash in the URL so a new version is never served stale."""
    assets.install()
    mine = {name: f"{name}?v={_digest((STATIC / name).read_bytes())}" for name in ("mapview.js", "mapview.css")}
    return {"leaflet_js": static_url("vendor/leaflet/leaflet.js"), "leaflet_css": static_url("vendor/leaflet/leaflet.css"),
            "map_js": static_url(mine["mapview.js"]), "map_css": static_url(mine["mapview.css"])}


def show(*, key: str, sources: dict, table: pd.DataFrame, centres: pd.DataFrame, indicator: str, threshold: int,
         lang: str, label: str, bounds=None, mode: str = "open", highlight: str | None = None,
         basemap: bool = False, height: int = 600, medians: bool = False, highlight_geo: dict | None = None,
         names: list | None = None):
    """Mount (or repaint) the map; returns the component result (`.kommune` or `.point` after a click).
    highlight_geo: {'decimals', 'polys'} drawn as the highlighted kommune's outline (a report card's detailed
    outline); names: [[text, lat, lon]] written on the map as plain text (neighbouring kommuner)."""
    payload = {
        **sources, **values(table, indicator, threshold, lang, medians),
        "centres": centres_payload(centres), "centreColour": vocab.CENTRE_COLOUR,
        "newCentreColour": vocab.NEW_CENTRE_COLOUR, "bounds": bounds or NORWAY_BOUNDS, "mode": mode,
        "highlight": highlight or "", "highlightGeo": highlight_geo, "names": names or [], "basemap": bool(basemap),
        "height": height, "maxZoom": MAX_ZOOM,
        "label": label, "assets": asset_urls(), "attribution": vocab.t("attribution", lang),
        "labels": map_labels(indicator, threshold, lang),
    }
    payload["version"] = _digest(json.dumps(payload, sort_keys=True, default=str).encode())
    return _component(key=key, data=payload, on_kommune_change=lambda: None, on_point_change=lambda: None,
                      height=height)
