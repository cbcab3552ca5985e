"""A self-contained interactive map for newsrooms: one HTML file with Leaflet (from the PyPI package
XStatic-Leaflet), the app's map script (dashboard/static/mapview.js), its styles and the data all inlined.
It asks no third party for anything: no CDN, no tiles, no fonts, no analytics.

The page has a title, the helplines, the map (one tab stop, arrow keys and +/−, Enter reads the kommune under
the crosshair), the legend with counts, every number in a table for readers without JavaScript, and the
source line with the sources' dates. Centres are at town level (two decimals); no address anywhere.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import xstatic.pkg.leaflet as xleaflet

import vocabulary as vocab
from export import maps, payload

STATIC = Path(__file__).resolve().parent.parent / "dashboard" / "static"
MAX_ZOOM = 9
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.M)
_CSS_URL = re.compile(r"url\((images/[a-z0-9-]+\.png)\)")

_PAGE_CSS = """
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1a1a1a; }
.dk-embed { padding: 12px 14px; }
.dk-embed h1 { font-size: 1.35rem; margin: 0 0 4px; }
.dk-sub, .dk-source { color: #4a4a4a; font-size: 0.85rem; margin: 0 0 8px; }
.dk-help { background: #f3eef8; border-left: 4px solid #5b2a86; padding: 6px 10px; margin: 0 0 10px; font-weight: 600; }
.dk-layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(200px, 300px); gap: 14px; align-items: start; }
@media (max-width: 720px) { .dk-layout { grid-template-columns: 1fr; } }
.dk-embed .dk-map { width: 100%; height: min(75vh, 720px); min-height: 360px; }
.dk-details { min-height: 1.4em; margin: 8px 0; font-size: 0.95rem; }
.dk-table { border-collapse: collapse; font-size: 0.85rem; }
.dk-table th, .dk-table td { border-bottom: 1px solid #e0e0e0; padding: 3px 8px; text-align: left; }
small { color: #4a4a4a; }
/* In a newsroom's frame (600×500 is common): title and helplines on two short lines, the map and a compact legend
   side by side, both above the fold; the subtitle, table and sources follow below for readers who scroll. */
@media (max-width: 760px), (max-height: 640px) {
  .dk-embed { padding: 6px 8px; }
  .dk-embed h1 { font-size: 1rem; line-height: 1.25; margin: 0 0 3px; }
  .dk-help { font-size: 0.76rem; padding: 2px 8px; margin: 0 0 6px; }  /* wraps rather than lose a number */
  .dk-embed { display: flex; flex-direction: column; }
  .dk-embed .dk-sub { order: 1; margin-top: 6px; }
  .dk-embed .dk-details, .dk-embed details, .dk-embed .dk-source, .dk-embed noscript { order: 2; }
  .dk-layout { grid-template-columns: minmax(0, 1fr) 178px; gap: 8px; }
  .dk-embed .dk-map { height: max(260px, calc(100vh - 76px)); min-height: 0; }
  .dk-layout .dk-legend { font-size: 0.78rem; }
  .dk-layout .dk-legend li { font-size: 0.78rem; margin: 1px 0; }
  .dk-layout .dk-grid { font-size: 0.72rem; }
  .dk-layout .dk-grid th, .dk-layout .dk-grid td { padding: 2px 3px; }
  .dk-layout .dk-swatch { width: 14px; height: 11px; }
}
@media (max-width: 460px) { .dk-layout { grid-template-columns: 1fr; } .dk-embed .dk-map { height: 70vh; } }
""" + vocab.LEGEND_CSS
EMBED_RATIO = (6, 5)  # width : height of the frame the snippet reserves (600×500 at article width)


def embed_snippet(src: str, title: str) -> str:
    """A copy-ready <iframe> for an article: full column width, height from EMBED_RATIO (never under 420 px, never
    over 90 % of the screen), lazy, no referrer, sandboxed to scripts only (the page fetches nothing)."""
    w, h = EMBED_RATIO
    e = html.escape
    return (f'<div style="position:relative;width:100%;aspect-ratio:{w}/{h};min-height:420px;max-height:90vh">\n'
            f'  <iframe src="{e(src)}" title="{e(title)}" loading="lazy" referrerpolicy="no-referrer"\n'
            f'          sandbox="allow-scripts" style="position:absolute;inset:0;width:100%;height:100%;border:0">'
            f'</iframe>\n</div>')
_LEGEND_HEADING = "<h2 style='font-size:1rem;margin:0'>{}</h2>"

_BOOT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dk-data").textContent);
  var host = document.querySelector(".dk-map"), details = document.querySelector(".dk-details");
  function show(k) {
    var i = data.k.indexOf(k), f = data.facts[k] || [k, "", "", ""];
    if (i < 0) { return; }
    details.textContent = [f[0] + " (" + k + ")", data.labels.value + ": " + data.v[i], data.labels.plan + ": " + f[1],
      data.labels.centre + ": " + f[2]]
      .concat(data.labels.valueIsMedian ? [] : [data.labels.median + ": " + (data.m ? data.m[i] : f[3])])
      .concat(data.n && data.n.indexOf(i) >= 0 ? [data.closeLabel] : []).join(" · ");
  }
  window.DekningskartMap.render(host, data, {kommune: show, point: function () {}}).catch(function (e) {
    host.textContent = data.labels.failed + " (" + e.message + ")";
  });
})();
"""


def _leaflet() -> tuple[str, str]:
    """Leaflet's script and styles from the installed package; its two images inlined as data URIs."""
    base = Path(xleaflet.BASE_DIR)
    js = _SOURCE_MAP.sub("", (base / "leaflet.js").read_text(encoding="utf-8"))

    def inline(m: re.Match) -> str:
        data = base64.b64encode((base / m.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return js, _CSS_URL.sub(inline, (base / "leaflet.css").read_text(encoding="utf-8"))


def _geo(obj: dict, decimals: int, keep: set[str] | None) -> dict:
    """{'decimals', 'features'} as mapview.js loads it, from either that object or a bare features dict."""
    features = obj.get("features", obj) if isinstance(obj, dict) else obj
    digits = obj.get("decimals", decimals) if isinstance(obj, dict) and "features" in obj else decimals
    if keep is not None:
        features = {k: v for k, v in features.items() if k in keep}
    return {"decimals": digits, "features": features}


def bounds(geo: dict) -> list[list[float]]:
    """[[south, west], [north, east]] of delta-encoded geometry, rounded outwards to two decimals."""
    q = 10 ** geo["decimals"]
    xs, ys = [], []
    for polys in geo["features"].values():
        for rings in polys:
            for ring in rings:
                pts = np.cumsum(np.asarray(ring, dtype=float), axis=0) / q
                xs += [pts[:, 0].min(), pts[:, 0].max()]
                ys += [pts[:, 1].min(), pts[:, 1].max()]
    return [[np.floor(min(ys) * 100) / 100, np.floor(min(xs) * 100) / 100],
            [np.ceil(max(ys) * 100) / 100, np.ceil(max(xs) * 100) / 100]]


def _table(rows: pd.DataFrame, indicator: str, threshold: int, lang: str, facts: dict) -> str:
    e = html.escape
    shown = vocab.display(rows, indicator, lang, threshold)
    head = [vocab.t("kommune", lang), vocab.label(indicator, lang, threshold), vocab.t("plan_short", lang),
            vocab.t("centre_short", lang), vocab.t("median_short", lang),
            vocab.t("close_col", lang, t=threshold, b=vocab.error_band(lang))]
    close = {True: vocab.t("close_yes", lang), False: vocab.t("close_no", lang)}
    body = "".join(
        f"<tr><td>{e(str(r.kommunenavn))} ({r.kommunenummer})</td><td>{e(str(v))}</td>"
        f"<td>{e(facts.get(r.kommunenummer, ['', '', ''])[1])}</td><td>{e(facts.get(r.kommunenummer, ['', '', ''])[2])}</td>"
        f"<td>{e(vocab.fmt(r.median_min_nearest, lang, 0, 'min'))}</td><td>{e(close[bool(r.close_to_threshold)])}</td></tr>"
        for r, v in zip(rows.itertuples(), shown, strict=True))
    return (f"<details><summary>{e(vocab.t('html_table', lang))}</summary><table class='dk-table'><thead><tr>"
            + "".join(f"<th scope='col'>{e(h)}</th>" for h in head) + f"</tr></thead><tbody>{body}</tbody></table></details>")


def web_geometry() -> tuple[dict, dict]:
    """Kommuner and fylker as the app's map loads them (export.geometry.web_layers: simplified, delta-encoded),
    cached on disk by the boundary files' hashes."""
    from export import geometry
    from loaders import boundaries, registry
    from loaders.diskcache import cached

    def compute():
        return geometry.web_layers(boundaries.kommuner(), boundaries.fylker())

    return cached("webgeo-export", registry.key("kommuner", "fylker")[:16], compute)


def render(table: pd.DataFrame, centres: pd.DataFrame, *, indicator: str, threshold: int, lang: str, area: str,
           weight: str, kommuner_geo: dict, fylker_geo: dict, facts: dict | None = None,
           today: dt.date | None = None) -> str:
    """The whole page as a string. kommuner_geo/fylker_geo: web geometry as the app publishes it
    (export.geometry.web_layers: {'decimals', 'features'}); facts: tooltip lines per kommune (built from
    the table when None)."""
    if indicator not in vocab.INDICATORS:
        raise ValueError(f"indicator {indicator!r} not allowed; allowed: {', '.join(vocab.INDICATORS)}")
    lang = lang if lang in vocab.LANGS else "nb"
    rows, area_name, national = maps.select_area(table, area)
    place = maps.place_name(area_name, lang)
    facts = facts if facts is not None else payload.facts(rows, lang)
    facts = {k: v for k, v in facts.items() if k in set(rows["kommunenummer"])}
    geo = _geo(kommuner_geo, 3, None if national else set(rows["kommunenummer"]))
    fyl = _geo(fylker_geo, 2, None if national else set(rows["fylkesnummer"]))
    title = maps.heading(indicator, threshold, lang, place, weight)
    label = vocab.t("map_label", lang, area=place, indicator=vocab.label(indicator, lang, threshold))
    data = {"geo": geo, "fylker": fyl, "facts": facts, **payload.values(rows, indicator, threshold, lang),
            "centres": payload.centres_payload(centres), "centreColour": vocab.CENTRE_COLOUR,
            "newCentreColour": vocab.NEW_CENTRE_COLOUR, "bounds": bounds(geo), "mode": "open", "highlight": "",
            "basemap": False, "maxZoom": MAX_ZOOM, "label": label, "attribution": vocab.t("attribution", lang),
            "version": "export",
            "labels": payload.map_labels(indicator, threshold, lang)}
    today = today or dt.date.today()
    footer = [vocab.t("source_line", lang)]
    if table.attrs.get("year"):
        footer.append(vocab.t("population_date", lang, year=table.attrs["year"]))
    if indicator in ("gap_class", "plan_status") and maps.plan_dates(rows, lang):
        footer.append(maps.plan_dates(rows, lang))
    footer += [vocab.t("attribution", lang), vocab.t("made", lang, date=vocab.date_text(today.isoformat(), lang))]
    sub = (f"{vocab.t('kpi_unknown', lang)}: {vocab.t('kpi_unknown_help', lang)}" if indicator == "plan_status" else
           " · ".join([vocab.t("threshold_text", lang, t=threshold),
                       vocab.t("population_text", lang, people=vocab.t(f"weight_text_{weight}", lang)),
                       vocab.t("method_short", lang)]))
    leaflet_js, leaflet_css = _leaflet()
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    e = html.escape
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{e(title)}</title>
<meta name="description" content="{e(maps.describe(rows, indicator, threshold, lang, place, weight))}">
<style>{leaflet_css}</style>
<style>{(STATIC / "mapview.css").read_text(encoding="utf-8")}{_PAGE_CSS}</style>
</head>
<body>
<main class="dk-embed">
<h1>{e(title)}</h1>
<p class="dk-sub">{e(sub)}</p>
<p class="dk-help" role="note">{e(vocab.t("helplines", lang))}</p>
<div class="dk-layout">
<div class="dk-map-wrap"><div class="dk-map" aria-label="{e(label)}"></div><div class="dk-live" aria-live="polite"></div></div>
{vocab.legend_html(rows, indicator, lang, threshold, weight, drop_empty=True, heading=_LEGEND_HEADING, landmark=True)}
</div>
<div class="dk-details" aria-live="polite"></div>
<noscript><p>{e(vocab.t("html_noscript", lang))}</p></noscript>
{_table(rows, indicator, threshold, lang, facts)}
<p class="dk-source">{e(" · ".join(footer))}</p>
</main>
<script type="application/json" id="dk-data">{blob}</script>
<script>{leaflet_js}</script>
<script>{(STATIC / "mapview.js").read_text(encoding="utf-8")}</script>
<script>{_BOOT}</script>
</body>
</html>
"""
