"""Hva om: open a hypothetical centre (a kommune, or a clicked point) or close one; before and after."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from coverage.summary import selection_summary
from dashboard import data, maps, widgets
from dashboard.i18n import t
from export import style

sel = st.session_state["selection"]
key = st.session_state["model_key"]
lang, thr = sel.lang, sel.threshold
model = data.get_model(key)
before = data.kommune_table(key, sel.weight, thr)
names = data.kommune_names(before)
centres = data.active_centres(model)

st.title(t("page_whatif", lang))
st.caption(t("whatif_intro", lang))
action = st.radio(t("action", lang), ["open", "close"], key="whatif_action", horizontal=True,
                  format_func=lambda a: t(a, lang))
if action == "open":
    point = st.session_state.get("whatif_point")
    target_knr = st.selectbox(t("where", lang), sorted(names, key=lambda k: names[k]), key="whatif_kommune",
                              format_func=lambda k: names[k], index=None, placeholder=t("choose_kommune", lang))
    st.caption(t("or_click", lang))
    if target_knr:
        spec = ("add", target_knr)
    elif point:
        spec = ("at", point)
    else:
        spec = None
else:
    local = centres[centres["fylkesnummer"] == sel.fylke] if sel.fylke else centres
    choices = list(local["id"]) or list(centres["id"])
    cid = st.selectbox(t("which_centre", lang), choices, key=f"whatif_centre-{sel.fylke}",
                       format_func=lambda c: centres.set_index("id").at[c, "name"])
    spec = ("close", cid)

if spec:
    after, after_centres = data.scenario_tables(key, spec[0], spec[1], sel.weight, thr)
else:
    after, after_centres = before, centres
shown_b = before[before["fylkesnummer"] == sel.fylke] if sel.fylke else before
shown_a = after[after["fylkesnummer"] == sel.fylke] if sel.fylke else after
kb = selection_summary(shown_b, thr)
ka = selection_summary(shown_a, thr)
c1, c2, c3 = st.columns(3)
c1.metric(f"{t('kpi_beyond', lang, t=thr)} — {t('before', lang)}", style.fmt(kb["beyond"], lang),
          help=t("kpi_beyond_help", lang, year=data.YEAR, u=style.fmt(kb["unreachable"], lang)))
c2.metric(f"{t('kpi_beyond', lang, t=thr)} — {t('after', lang)}", style.fmt(ka["beyond"], lang),
          delta=style.fmt(ka["beyond"] - kb["beyond"], lang), delta_color="inverse",
          help=t("kpi_beyond_help", lang, year=data.YEAR, u=style.fmt(ka["unreachable"], lang)))
c3.metric(style.CLASS_LABELS["dobbelt_gap"][lang], f"{kb['double_gap']} → {ka['double_gap']}",
          help=t("double_gap_help", lang, t=thr, unknown=kb["unknown_plan"]))

kommune_geo, fylke_geo = data.web_geo(key)
left, right = st.columns([4, 1])
with left:
    fmap = maps.build_map(kommune_geo, fylke_geo, shown_a, after_centres, sel.indicator, thr, lang,
                          bounds=data.bounds(key, sel.fylke), height=520)
    clicked = st_folium(fmap, key="whatif_map", height=520, use_container_width=True, returned_objects=["last_clicked"])
with right:
    widgets.legend(sel.indicator, lang, thr)
    st.markdown(f'<span style="color:{maps.NEW_CENTRE_COLOUR}">●</span> {t("new_centre_marker", lang)}',
                unsafe_allow_html=True)
last = (clicked or {}).get("last_clicked")
if action == "open" and last:
    point = f"{round(last['lat'], 2):.2f},{round(last['lng'], 2):.2f}"
    if point != st.session_state.get("whatif_point") and 57.5 <= last["lat"] <= 71.5 and 4 <= last["lng"] <= 31.5:
        st.session_state["whatif_point"] = point
        st.session_state["whatif_kommune"] = None
        st.rerun()
if action == "open" and st.session_state.get("whatif_point") and not st.session_state.get("whatif_kommune"):
    st.caption(f"{t('clicked_point', lang)}: {st.session_state['whatif_point']}")

st.subheader(t("changed", lang))
merged = shown_b[["kommunenummer", "kommunenavn", "gap_class", "median_min_nearest"]].merge(
    shown_a[["kommunenummer", "gap_class", "median_min_nearest"]], on="kommunenummer", suffixes=("_b", "_a"))
moved = merged[merged["gap_class_b"] != merged["gap_class_a"]]
if moved.empty:
    st.write(t("none_changed", lang))
else:
    st.dataframe({
        t("kommune", lang): moved["kommunenavn"] + " (" + moved["kommunenummer"] + ")",
        t("before", lang): moved["gap_class_b"].map(lambda c: style.CLASS_LABELS[c][lang]),
        t("after", lang): moved["gap_class_a"].map(lambda c: style.CLASS_LABELS[c][lang]),
        f"{t('median_min', lang)} ({t('before', lang)})": moved["median_min_nearest_b"].round(0),
        f"{t('median_min', lang)} ({t('after', lang)})": moved["median_min_nearest_a"].round(0),
    }, hide_index=True, width="stretch")
st.caption(t("travel_source", lang, year=data.YEAR))
