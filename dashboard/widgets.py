"""What every page shares, drawn by the entrypoint or called by pages: page chrome (language, styles),
loading at the page edge with named progress, the sidebar, notices as plain text, the URL, the legend."""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

import streamlit as st

import vocabulary as vocab
from dashboard import data, state
from dashboard.state import Selection
from loaders.problems import DataDamagedError, DataError, DataMissingError, ValidationError
from vocabulary import page_words

_CSS = """<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p, .stCaption {
  color: #4a4a4a !important; opacity: 1 !important; }
[data-testid="stMetricLabel"] p, [data-testid="stWidgetLabel"] p { color: #262730; }
/* Card labels and their notes wrap instead of ending in "…": "Innbyggere over 90 min unna" must be read whole. */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *, [data-testid="stMetricDelta"],
[data-testid="stMetricDelta"] * { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; height: auto !important; }
[data-testid="stMain"] h2 { font-size: 1.6rem; }
[data-testid="stMain"] h3 { font-size: 1.3rem; }
.dk-notice { border-left: 4px solid #8a6100; background: #fff8e6; color: #3b2a00; padding: 0.6rem 0.9rem;
  border-radius: 0.4rem; margin: 0.2rem 0 0.6rem; overflow-wrap: anywhere; }
""" + vocab.LEGEND_CSS + "</style>"
# The page's language, title and Streamlit's own English control labels; feedback while a download is made.
_PAGE_JS = (Path(__file__).resolve().parent / "static" / "pagewords.js").read_text(encoding="utf-8")
_page = st.components.v2.component("dekningskart_page", js=_PAGE_JS, isolate_styles=False)


def page_chrome(lang: str) -> None:
    """The page's language (html lang) and title follow the reader's choice; shared styles."""
    st.html(_CSS)
    with st.sidebar:
        _page(key="dk-page", data=_page_data(lang), height=0)


def _page_data(lang: str) -> dict:
    """What dashboard/static/pagewords.js needs: the page's language and its words for the frontend's own labels
    (empty in English, so the originals come back) and for a download in progress."""
    norwegian = vocab.is_norwegian(lang)
    return {"lang": lang if lang in vocab.LANGS else "nb", "title": vocab.t("app_title", lang),
            "skip": vocab.t("skip_to_content", lang), "decimal": "," if norwegian else ".",
            "words": {en: vocab.t(k, lang) for en, k in page_words.CONTROLS.items()} if norwegian else {},
            "prefixes": {en: vocab.t(k, lang) for en, k in page_words.PREFIXES.items()} if norwegian else {},
            **{k: vocab.t(f"dl_{k}", lang) for k in ("making", "made", "made_now", "failed")}}


def notice(kind: str, lang: str, **values) -> None:
    """A notice whose inserted values are shown as text, never as Markdown or HTML (links can hold anything)."""
    safe = {k: state.echo(v) for k, v in values.items()}
    st.html(f'<div class="dk-notice" role="status">{html.escape(vocab.t(kind, lang, **safe))}</div>')


def unknown_path(known: set[str]) -> list[tuple[str, str]]:
    """A notice for a page path the app does not have (Streamlit then shows the map): ('page', path)."""
    from urllib.parse import unquote, urlparse

    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    path = unquote(urlparse(st.context.url or "").path).strip("/")
    path = path[len(base):].strip("/") if base and path.startswith(base) else path
    return [] if path in known or path == "" else [("page", state.echo(path))]


def plain_error(text: str) -> None:
    """An error message as plain text (file names and values in it are not Markdown)."""
    st.html(f'<div class="dk-notice" role="alert" style="border-color:#b3261e;background:#fdecea;color:#410e0b">'
            f'{html.escape(text).replace(chr(10), "<br>")}</div>')


def load_or_stop(lang: str):
    """The model key and the baseline table; on a cold cache, named steps with elapsed time; a data problem
    ends the page in a sentence (no traceback), with the helplines still above it."""
    try:
        key = data.model_key()
        if not data.is_warm(key):
            from dashboard import warmup

            warmup.run(data.warm_steps(key), lang)
        return key, data.kommune_table(key, "all", 90)
    except DataError as exc:
        data_error(exc, lang)
    st.stop()


def data_error(exc: DataError, lang: str) -> None:
    """A data problem in a plain sentence: which file, what is wrong, the fix — no traceback, no server path."""
    kind = ("data_invalid" if isinstance(exc, ValidationError) else "data_damaged" if isinstance(exc, DataDamagedError)
            else "data_missing" if isinstance(exc, DataMissingError) else "data_unreadable")
    plain_error(vocab.t(kind, lang, detail=exc.user_message()))


def cache_notices(lang: str) -> None:
    """When the cache folder cannot be written, results live in memory: say so (without the server path)."""
    from loaders import diskcache

    for n in diskcache.notices():
        notice(n.code, lang)


def sidebar(sel: Selection, fylker: dict[str, str]) -> None:
    """Language, fylke, indicator, threshold, weight: drawn on every page, written to the one Selection.
    Widgets are keyed by language (and the indicator by threshold) so their labels follow the choice."""
    ss = st.session_state
    if "w-lang" not in ss:
        ss["w-lang"] = sel.lang
    st.radio(vocab.t("language", sel.lang), vocab.LANGS, key="w-lang", horizontal=True,
             format_func=lambda v: {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}[v])
    lang = ss["w-lang"]

    def keyed(name: str, value, suffix: str = "") -> str:
        k = f"w-{name}@{lang}{suffix}"
        if k not in ss:
            ss[k] = value
        return k

    fylke = st.selectbox(vocab.t("fylke", lang), ["", *sorted(fylker)], key=keyed("fylke", sel.fylke),
                         placeholder=vocab.t("ui_choose", lang),
                         format_func=lambda v: fylker.get(v, vocab.t("all_norway", lang)))
    threshold = st.select_slider(vocab.t("threshold", lang), state.THRESHOLDS, key=keyed("threshold", sel.threshold))
    indicator = st.selectbox(vocab.t("indicator", lang), vocab.INDICATORS, placeholder=vocab.t("ui_choose", lang),
                             key=keyed("indicator", sel.indicator, f"@{threshold}"),
                             format_func=lambda v: vocab.label(v, lang, threshold))
    weight = st.radio(vocab.t("weight", lang), state.WEIGHTS, key=keyed("weight", sel.weight),
                      format_func=lambda v: vocab.t(f"weight_{v}", lang))
    changed = (sel.fylke, sel.threshold) != (fylke, threshold)
    ss["selection"] = replace(sel, lang=lang, fylke=fylke, indicator=indicator, threshold=int(threshold), weight=weight,
                              **({"filter": sel.filter} if not changed else {}))


def page_links(pages: dict, lang: str) -> None:
    """Navigation with the reader's words; links carry the Selection so a page opens in the same view."""
    for page in pages.values():
        st.page_link(page, label=page.title, query_params=state.to_params(st.session_state["selection"]))


def set_selection(**changes) -> Selection:
    """Change the Selection from a page (kommune, filter, scenario) and write it to the URL."""
    sel = replace(st.session_state["selection"], **changes)
    st.session_state["selection"] = sel
    write_url(sel)
    return sel


def write_url(sel: Selection) -> None:
    wanted = state.to_params(sel)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def legend(table, indicator: str, lang: str, threshold: int, weight: str) -> None:
    """The map's legend with counts of the kommuner shown (vocabulary.legend_html, as in the HTML export)."""
    st.html(vocab.legend_html(table, indicator, lang, threshold, weight))
    asked = int((table["plan_asked_on"] != "").sum()) if "plan_asked_on" in table else 0
    if asked and indicator in ("gap_class", "plan_status"):
        st.caption(vocab.t("legend_asked", lang, n=asked))
