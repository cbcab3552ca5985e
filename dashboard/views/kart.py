"""Kart: the choropleth of the chosen indicator, KPI cards, legend and the same numbers as a table."""

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
table = data.kommune_table(key, sel.weight, thr)
shown = table[table["fylkesnummer"] == sel.fylke] if sel.fylke else table
area = data.area_table(key, "fylke" if sel.fylke else "norge", sel.weight, thr)
area_row = area[area["area"] == sel.fylke].iloc[0] if sel.fylke else area.iloc[0]

st.title(t("app_title", lang))
st.caption(t("tagline", lang))
kpi = selection_summary(shown, thr, area_row)
c1, c2, c3 = st.columns(3)
c1.metric(t("kpi_beyond", lang, t=thr), style.fmt(kpi["beyond"], lang),
          help=t("kpi_beyond_help", lang, year=data.YEAR, u=style.fmt(kpi["unreachable"], lang)))
c2.metric(t("kpi_noplan", lang), f"{kpi['without_plan']} {t('of', lang)} {kpi['kommuner']}",
          help=t("kpi_noplan_help", lang, unknown=kpi["unknown_plan"]))
c3.metric(t("kpi_median", lang), style.fmt(kpi["median_min"], lang, 0, "min"), help=t("kpi_median_help", lang))

kommune_geo, fylke_geo = data.web_geo(key)
left, right = st.columns([4, 1])
with left:
    basemap = st.toggle(t("basemap", lang), key="basemap", value=False)
    fmap = maps.build_map(kommune_geo, fylke_geo, shown, data.centres(key), sel.indicator, thr, lang,
                          bounds=data.bounds(key, sel.fylke), basemap=basemap, height=600)
    clicked = st_folium(fmap, key="kart", height=600, use_container_width=True,
                        returned_objects=["last_active_drawing"])
    st.caption(t("click_hint", lang) + " " + style.SOURCE_LINE[lang] + f" · {style.ATTRIBUTION}")
with right:
    widgets.legend(sel.indicator, lang, thr)

feature = (clicked or {}).get("last_active_drawing") or {}
knr = (feature.get("properties") or {}).get("kommunenummer")
if knr and knr != st.session_state.get("last_map_click"):
    st.session_state["last_map_click"] = knr
    st.session_state["kommune"] = knr
    st.switch_page(st.session_state["pages"]["kommune"])

widgets.map_downloads(key, shown, sel)
st.subheader(t("table_title", lang))
if st.toggle(t("only_gaps", lang, t=thr), key="only_gaps"):
    shown = shown[(shown["plan_status"] != "adopted") & ~(shown["median_min_nearest"] <= thr)]
widgets.table_downloads(key, shown, sel, "kart")
widgets.kommune_table(shown, sel)
st.caption(t("table_source", lang, year=data.YEAR))
