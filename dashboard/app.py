"""Dekningskart — Streamlit entrypoint: helplines, data loading at the page edge, the URL's Selection, shared
sidebar, navigation. Pages (dashboard/views) read `st.session_state["selection"]` and never parse the URL."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import vocabulary as vocab  # noqa: E402
from dashboard import assets, data, state, widgets  # noqa: E402
from loaders.problems import DataError  # noqa: E402

st.set_page_config(page_title="Dekningskart", layout="wide")
assets.install()
HERE = Path(__file__).resolve().parent
VIEWS = {"kart": "kart.py", "kommune": "kommune.py", "hva-om": "hva_om.py", "metode": "metode.py",
         "forslag": "register_propose.py", "vurdering": "register_review.py", "presentasjon": "presenter.py"}
TITLES = {"kart": "page_map", "kommune": "page_kommune", "hva-om": "page_whatif", "metode": "page_method",
          "forslag": "page_propose", "vurdering": "page_review", "presentasjon": "page_presenter"}

first_run = "selection" not in st.session_state
# The language radio's new value is in session state before this run draws it: the page speaks it at once.
lang = st.session_state.get("w-lang", st.session_state["selection"].lang) if not first_run else \
    (st.query_params.get("lang") if st.query_params.get("lang") in vocab.LANGS else "nb")
widgets.page_chrome(lang)
st.info(vocab.t("helplines", lang), icon=":material/call:")
key, kommuner = widgets.load_or_stop(lang)
widgets.cache_notices(lang)
if kommuner.attrs.get("register_notice"):
    widgets.notice("unavailable", lang)
fylker = data.fylke_names(key)

if first_run:
    params = st.query_params.to_dict()
    sel, bad = state.parse(params, set(kommuner["kommunenummer"]), set(fylker), set(data.centres(key)["id"]))
    start, bad_page = state.page(params)
    bad_page += widgets.unknown_path(set(VIEWS) | {"start"})
    st.session_state.update({"selection": sel, "bad_params": bad + bad_page, "start_page": start})
sel = st.session_state["selection"]

with st.sidebar:
    widgets.sidebar(sel, fylker)
sel = st.session_state["selection"]
lang = sel.lang

pages = {name: st.Page(HERE / "views" / file, title=vocab.t(TITLES[name], lang), url_path=name)
         for name, file in VIEWS.items() if name != "kart"}
# The map is the start page ("/") and answers at /kart too (the default page's own path is never served).
pages = {"kart": st.Page(HERE / "views" / VIEWS["kart"], title=vocab.t("page_map", lang), url_path="start",
                         default=True), **pages}
alias = st.Page(HERE / "views" / VIEWS["kart"], title=vocab.t("page_map", lang), url_path="kart")
st.session_state["pages"] = pages
nav = st.navigation([*pages.values(), alias], position="hidden")
with st.sidebar:
    widgets.page_links(pages, lang)
if st.session_state.get("start_page"):
    target = pages[st.session_state.pop("start_page")]
    st.switch_page(target, query_params=state.to_params(sel))
st.session_state["model_key"] = key
for name, value in st.session_state.pop("bad_params", []):  # after any switch, so the notices stay on screen
    widgets.notice("unknown_page" if name == "page" else "bad_param", lang, name=name, value=value)
if sel.kommune and sel.kommune not in set(kommuner["kommunenummer"]):
    st.session_state["selection"] = sel = replace(sel, kommune="")
widgets.write_url(sel)
try:
    nav.run()
except DataError as exc:  # a page that needs the road model can meet a damaged file too: a sentence, not a traceback
    widgets.data_error(exc, lang)
