"""Hva om: open a hypothetical centre (in a kommune, or at a clicked point) or close one; before and after.

Nothing is computed before a choice; the scenario lives in the URL (endring, sted/punkt, senter), so a link
reopens it, and it can be downloaded as CSV and as a one-page PDF."""

from __future__ import annotations

import streamlit as st

import vocabulary as vocab
from coverage.summary import selection_summary
from dashboard import data, mapview, scenario_files, state, widgets

sel = st.session_state["selection"]
key = st.session_state["model_key"]
lang, thr, who = sel.lang, sel.threshold, vocab.people(sel.weight, sel.lang)
before = data.kommune_table(key, sel.weight, thr)
names = data.kommune_names(before)
centres = data.centres(key)
centre_names = dict(zip(centres["id"], centres["name"], strict=False))
ss = st.session_state

st.title(vocab.t("page_whatif", lang))
st.caption(vocab.t("whatif_intro", lang))

# Widgets show the Selection; their callbacks change it (and the URL). Values are set before the widgets exist.
ss[f"wi-action-{lang}"] = sel.action or "open"
ss[f"wi-place-{lang}"] = sel.place or None
ss[f"wi-centre-{lang}"] = sel.centre or None


def _action():
    widgets.set_selection(action=ss[f"wi-action-{lang}"], place="", point="", centre="")


def _place():
    widgets.set_selection(action="open", place=ss[f"wi-place-{lang}"] or "", point="")


def _centre():
    widgets.set_selection(action="close", centre=ss[f"wi-centre-{lang}"] or "")


action = st.radio(vocab.t("action", lang), ["open", "close"], key=f"wi-action-{lang}", horizontal=True,
                  format_func=lambda a: vocab.t(a, lang), on_change=_action)
if action == "open":
    st.selectbox(vocab.t("where", lang), sorted(names, key=names.get), key=f"wi-place-{lang}", format_func=names.get,
                 placeholder=vocab.t("choose_kommune", lang), on_change=_place)
    st.caption(vocab.t("or_click", lang))
    if sel.point:
        st.caption(f"{vocab.t('clicked_point', lang)}: {sel.point}")
else:
    local = centres[centres["fylkesnummer"] == sel.fylke] if sel.fylke else centres
    ids = sorted(set(local["id"]) | ({sel.centre} if sel.centre else set()), key=centre_names.get)
    st.selectbox(vocab.t("which_centre", lang), ids, key=f"wi-centre-{lang}", format_func=centre_names.get,
                 placeholder=vocab.t("choose_centre", lang), on_change=_centre)

spec = sel.scenario()
if spec:
    after, after_centres = data.scenario_tables(key, spec[0], spec[1], sel.weight, thr)
else:
    after, after_centres = before, centres
shown_b = before[before["fylkesnummer"] == sel.fylke] if sel.fylke else before
shown_a = after[after["fylkesnummer"] == sel.fylke] if sel.fylke else after

if not spec:
    st.info(vocab.t("whatif_choose" if action == "open" else "whatif_choose_close", lang))
else:
    kb, ka = selection_summary(shown_b, thr), selection_summary(shown_a, thr)
    title = scenario_files.title(spec, names, centre_names, lang)
    st.header(vocab.t("scenario_title", lang, what=title))
    area = data.fylke_names(key).get(sel.fylke, vocab.t("norway", lang))
    st.info("  \n".join(scenario_files.answer(key, spec, shown_b, shown_a, sel, names, area)))
    c1, c2, c3 = st.columns(3)
    beyond = vocab.t("kpi_beyond", lang, t=thr, people=who.capitalize())
    c1.metric(f"{beyond} — {vocab.t('before', lang)}", vocab.fmt(kb["beyond"], lang),
              help=vocab.t("kpi_beyond_help", lang, year=data.YEAR, people=who, u=vocab.fmt(kb["unreachable"], lang)))
    c2.metric(f"{beyond} — {vocab.t('after', lang)}", vocab.fmt(ka["beyond"], lang),
              delta=vocab.fmt(ka["beyond"] - kb["beyond"], lang).replace("−", "-"), delta_color="inverse",
              help=vocab.t("kpi_beyond_help", lang, year=data.YEAR, people=who, u=vocab.fmt(ka["unreachable"], lang)))
    c3.metric(vocab.t("kpi_double", lang), f"{kb['double_gap']} → {ka['double_gap']}",
              help=vocab.t("double_gap_help", lang, t=thr, unknown=kb["unknown_plan"], stale=ka["double_gap_stale"]))
    scenario_files.buttons(key, spec, title, shown_b, shown_a, after_centres, sel)

left, right = st.columns([4, 1])
with left:
    label = vocab.t("map_label", lang, area=data.fylke_names(key).get(sel.fylke, vocab.t("norway", lang)),
                    indicator=vocab.label(sel.indicator, lang, thr))
    clicked = mapview.show(key="whatif-map", sources=data.map_sources(key, lang, sel.weight), table=shown_a,
                           centres=after_centres,
                           indicator=sel.indicator, threshold=thr, lang=lang, label=label,
                           bounds=data.bounds(key, sel.fylke), mode="point" if action == "open" else "none", height=520,
                           medians=spec is not None)
with right:
    widgets.legend(shown_a, sel.indicator, lang, thr, sel.weight)
    if spec and action == "open":  # the marker is only on the map when a centre is being opened
        st.html(f'<div class="dk-legend"><ul><li><span class="dk-dot" style="background:{vocab.NEW_CENTRE_COLOUR}">'
                f'</span>{vocab.t("new_centre_marker", lang)}</li></ul></div>')

point = clicked.point if clicked is not None else None
if action == "open" and isinstance(point, dict):
    spot = state.parse_point(point)
    if spot and spot != sel.point:
        widgets.set_selection(action="open", point=spot, place="")
        st.rerun()

if spec:
    st.subheader(vocab.t("moved", lang, m=scenario_files.MOVED_MINUTES))
    moved = scenario_files.changes(shown_b, shown_a)
    if moved.empty:
        st.write(vocab.t("none_moved", lang, m=scenario_files.MOVED_MINUTES))
    else:
        st.dataframe(scenario_files.changes_frame(moved, lang), hide_index=True, width="stretch")
    st.caption(vocab.t("travel_source", lang, year=data.YEAR, people=who))
