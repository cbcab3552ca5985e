"""Dekningskart — Streamlit entrypoint: shared sidebar, URL state, helplines, navigation."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import assets, data, state  # noqa: E402
from dashboard.i18n import t  # noqa: E402
from export import style  # noqa: E402
from loaders import DataMissingError, ValidationError  # noqa: E402
from register import words as register_words  # noqa: E402

st.set_page_config(page_title="Dekningskart", layout="wide")
assets.install()

HERE = Path(__file__).resolve().parent


def _load():
    """Cache key and the kommune table, or a plain-language message and stop (errors stop at the page edge).
    On a cold cache this builds the model; otherwise it reads a small pickle."""
    lang = st.session_state.get("lang", st.query_params.get("lang", "nb"))
    lang = lang if lang in state.LANGS else "nb"
    try:
        key = data.model_key()
        table = data.kommune_table(key, "all", 90)
    except DataMissingError as exc:
        st.error(t("data_missing", lang, detail=str(exc)))
        st.stop()
    except ValidationError as exc:
        st.error(t("data_invalid", lang, detail=str(exc)))
        st.stop()
    return key, table


key, kommuner = _load()
fylker = data.fylke_names(key)

if "initialised" not in st.session_state:
    sel, bad = state.parse(st.query_params.to_dict(), set(kommuner["kommunenummer"]), set(fylker))
    st.session_state.update({"_lang": sel.lang, "_fylke": sel.fylke, "_indicator": sel.indicator,
                             "_threshold": sel.threshold, "_weight": sel.weight, "kommune": sel.kommune,
                             "bad_params": bad, "initialised": True})
    wanted = st.query_params.get("page", "")
    st.session_state["start_page"] = wanted if wanted in ("kart", "kommune", "hva-om", "metode", "forslag", "vurdering") else ""

# Streamlit drops a widget's state on runs that do not draw it (page switches), and a keyed widget keeps
# its old labels when only its format_func changes: keep the value in "_name" and key widgets by language.
if "lang" not in st.session_state:
    st.session_state["lang"] = st.session_state["_lang"]


def _widget_key(name: str, lang: str) -> str:
    key = f"{name}@{lang}"
    if key not in st.session_state:
        st.session_state[key] = st.session_state[f"_{name}"]
    return key


with st.sidebar:
    st.radio(t("language", st.session_state["lang"]), state.LANGS, key="lang", horizontal=True,
             format_func=lambda v: {"nb": "Bokmål", "en": "English"}[v])
    lang = st.session_state["_lang"] = st.session_state["lang"]
    st.selectbox(t("fylke", lang), [""] + sorted(fylker), key=_widget_key("fylke", lang),
                 format_func=lambda v: fylker.get(v, t("all_norway", lang)))
    thr_now = st.session_state["_threshold"]
    st.selectbox(t("indicator", lang), style.INDICATORS, key=_widget_key("indicator", lang),
                 format_func=lambda v: style.label(v, lang, thr_now))
    st.select_slider(t("threshold", lang), state.THRESHOLDS, key=_widget_key("threshold", lang))
    st.radio(t("weight", lang), state.WEIGHTS, key=_widget_key("weight", lang),
             format_func=lambda v: t(f"weight_{v}", lang))

for name in ("fylke", "indicator", "threshold", "weight"):
    st.session_state[f"_{name}"] = st.session_state[f"{name}@{lang}"]
lang = st.session_state["lang"]
st.info(style.HELPLINES[lang])
if kommuner.attrs.get("register_notice"):
    st.warning(register_words.t("unavailable", lang))
for name, value in st.session_state.pop("bad_params", []):
    st.warning(t("bad_param", lang, name=name, value=value))

pages = {
    "kart": st.Page(HERE / "views" / "kart.py", title=t("page_map", lang), url_path="kart", default=True),
    "kommune": st.Page(HERE / "views" / "kommune.py", title=t("page_kommune", lang), url_path="kommune"),
    "hva-om": st.Page(HERE / "views" / "hva_om.py", title=t("page_whatif", lang), url_path="hva-om"),
    "metode": st.Page(HERE / "views" / "metode.py", title=t("page_method", lang), url_path="metode"),
    "forslag": st.Page(HERE / "views" / "register_propose.py", title=register_words.t("page_propose", lang),
                       url_path="forslag"),
    "vurdering": st.Page(HERE / "views" / "register_review.py", title=register_words.t("page_review", lang),
                         url_path="vurdering"),
}
st.session_state["pages"] = pages
nav = st.navigation(list(pages.values()))
if st.session_state.get("start_page"):
    target = pages[st.session_state.pop("start_page")]
    st.switch_page(target, query_params=st.query_params.to_dict())

current = state.Selection(lang=lang, fylke=st.session_state["_fylke"], indicator=st.session_state["_indicator"],
                          threshold=int(st.session_state["_threshold"]), weight=st.session_state["_weight"],
                          kommune=st.session_state.get("kommune", ""))
st.session_state["selection"] = current
st.session_state["model_key"] = key
wanted = state.to_params(current)
if st.query_params.to_dict() != wanted:
    st.query_params.from_dict(wanted)
nav.run()
