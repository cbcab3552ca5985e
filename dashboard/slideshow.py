"""The presenter view's pieces: a kommune's deck (export.deck, the model the PPTX and PDF slides are drawn from)
built from the tables the pages show and kept per kommune and view; one slide as large HTML text (escaped: names
and sources come from data files and the register); and the keyboard — a tiny component that turns ← →,
Page Up/Page Down and Home/End into a step, which the page writes to the Selection and so to the URL."""

from __future__ import annotations

import datetime as dt
import html

import streamlit as st

from dashboard import data, scenario_files
from dashboard.state import Selection
from export import deck

_KEYS_JS = """
export default function (component) {
  window.__dkPresenter = component;
  if (window.__dkPresenterKeys) { return; }
  window.__dkPresenterKeys = true;
  var steps = {ArrowRight: "next", PageDown: "next", ArrowLeft: "prev", PageUp: "prev", Home: "first", End: "last"};
  document.addEventListener("keydown", function (e) {
    var c = window.__dkPresenter, t = e.target;
    if (!c || !c.parentElement || !document.body.contains(c.parentElement)) { return; }  // another page
    if (!steps[e.key] || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
    var tag = ((t && t.tagName) || "").toLowerCase(), role = t && t.getAttribute ? t.getAttribute("role") : "";
    if (tag === "input" || tag === "textarea" || tag === "select" || (t && t.isContentEditable) ||
        role === "combobox" || role === "slider" || role === "listbox" || role === "option") { return; }
    e.preventDefault();
    c.setTriggerValue("step", steps[e.key]);
  });
}
"""
_keys = st.components.v2.component("dekningskart_presenter_keys", html="<span></span>", js=_KEYS_JS,
                                   isolate_styles=False)

CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] { display: none; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding-top: 1rem; }
.dk-slide h1 { font-size: 3rem; line-height: 1.15; color: #5b2a86; margin: 0 0 0.6rem; }
.dk-slide p, .dk-slide li, .dk-slide td, .dk-slide th { font-size: 1.9rem; line-height: 1.3; color: #1a1a1a; }
.dk-slide p.dk-lead { font-size: 2.2rem; font-weight: 700; }
.dk-slide p.dk-muted { color: #4d4d4d; }
.dk-slide table { border-collapse: collapse; margin: 0.4rem 0 1rem; min-width: 70%; }
.dk-slide th { background: #eee8f4; text-align: right; padding: 0.2rem 0.8rem; }
.dk-slide td { text-align: right; padding: 0.2rem 0.8rem; border-bottom: 1px solid #bdbdbd; }
.dk-slide th:first-child, .dk-slide td:first-child { text-align: left; font-weight: 700; }
.dk-slide tbody th { background: none; border-bottom: 1px solid #bdbdbd; padding: 0.2rem 0.8rem; }
.dk-slide a { color: #1f4e9c; }
.dk-swatch { display: inline-block; width: 1.4rem; height: 1.4rem; margin-right: 0.6rem; vertical-align: -0.15rem;
  border: 1px solid #555; }
.dk-slide ul { list-style: none; padding-left: 0; }
.dk-count { font-size: 1.6rem; text-align: center; margin: 0.4rem 0; color: #1a1a1a; }
</style>"""


def keyboard(current: int, count: int) -> int | None:
    """The slide a key asks for (None when no key was pressed since the last run)."""
    result = _keys(key="presenter-keys", data={"slide": current, "count": count}, on_step_change=lambda: None,
                   height=0)
    step = getattr(result, "step", None) if result is not None else None
    return target(step, current, count) if step else None


def target(step: str, current: int, count: int) -> int:
    """The slide after a step: next/prev stop at the ends, first/last jump there."""
    wanted = {"next": current + 1, "prev": current - 1, "first": 1, "last": count}.get(step, current)
    return min(max(wanted, 1), count)


def kommune_deck(key: str, knr: str, sel: Selection) -> deck.Deck:
    """The kommune's deck for the view the Selection names (language, weight, threshold, what-if)."""
    spec = sel.scenario()
    return _deck(key, knr, sel.lang, sel.weight, sel.threshold, spec, data.register_version(),
                 dt.date.today().isoformat())


@st.cache_resource(show_spinner=False, max_entries=32)
def _deck(key: str, knr: str, lang: str, weight: str, threshold: int, spec: tuple[str, str] | None, version: str,
          today: str) -> deck.Deck:
    table = data.kommune_table(key, weight, threshold)
    row = table.set_index("kommunenummer", drop=False).loc[knr]
    fylke_area = data.area_table(key, "fylke", weight, threshold).set_index("area").loc[row["fylkesnummer"]]
    norge = data.area_table(key, "norge", weight, threshold).iloc[0]
    whatif = None
    if spec:
        after, _ = data.scenario_tables(key, spec[0], spec[1], weight, threshold)
        names = data.kommune_names(table)
        names = {k: v.rsplit(" (", 1)[0] for k, v in names.items()}
        centre_names = dict(zip(data.centres(key)["id"], data.centres(key)["name"], strict=False))
        here = row["fylkesnummer"]
        whatif = deck.WhatIf(scenario_files.title(spec, names, centre_names, lang), table[table["fylkesnummer"] == here],
                             after[after["fylkesnummer"] == here], row["fylkesnavn"])
    return deck.kommune_deck(row, fylke_area, norge, table, lang=lang, threshold=threshold, weight=weight,
                             year=data.YEAR, today=dt.date.fromisoformat(today), whatif=whatif,
                             picture=_picture(key, knr, weight, threshold, version))


@st.cache_resource(show_spinner=False, max_entries=16)
def _picture(key: str, knr: str, weight: str, threshold: int, version: str) -> bytes:
    from export import slidemap

    table = data.kommune_table(key, weight, threshold)
    kommuner, fylker = data.export_geometry()
    fylke = table.set_index("kommunenummer").loc[knr, "fylkesnummer"]
    return slidemap.picture(table, kommuner, fylker, data.centres(key), fylke=fylke, kommune=knr, threshold=threshold)


def _line(text: str, url: str = "", cls: str = "") -> str:
    body = html.escape(text)
    if url.startswith(("https://", "http://")):
        body = f'<a href="{html.escape(url)}" rel="noopener noreferrer" target="_blank">{body}</a>'
    return f'<p class="{cls}">{body}</p>' if cls else f"<p>{body}</p>"


def _table(rows) -> str:
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in rows[0])
    body = "".join("<tr>" + "".join(f'<{"th scope=row" if j == 0 else "td"}>{html.escape(c)}</{"th" if j == 0 else "td"}>'
                                    for j, c in enumerate(r)) + "</tr>" for r in rows[1:])
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def slide_html(slide: deck.Slide) -> str:
    """One text slide (every slide but the map's) as HTML, in the order the PPTX lays it out."""
    lead = slide.key in ("gap", "whatif", "plan")
    lines = "".join(_line(t, slide.links[i] if i < len(slide.links) else "", "dk-lead" if lead and i == 0 else "")
                    for i, t in enumerate(slide.lines))
    table = _table(slide.table) if slide.table else ""
    body = table + lines if slide.key in ("travel", "compare") else lines + table
    return f'<section class="dk-slide" aria-label="{html.escape(slide.title)}"><h1>{html.escape(slide.title)}</h1>' \
           f"{body}</section>"


def legend_html(slide: deck.Slide) -> str:
    """The map slide's right column: what the outline means, the legend with counts, what the counts count."""
    items = "".join(f'<li><span class="dk-swatch" style="background:{html.escape(colour)};'
                    f'{"border-radius:50%" if shape == "dot" else ""}"></span>{html.escape(label)}</li>'
                    for colour, label, shape in slide.legend)
    above = "".join(f"<p><strong>{html.escape(t)}</strong></p>" for t in slide.lines[1:-1])
    below = "".join(_line(t, cls="dk-muted") for t in slide.lines[1:][-1:])
    return f'<section class="dk-slide">{above}<ul>{items}</ul>{below}</section>'
