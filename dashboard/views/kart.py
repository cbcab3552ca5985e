"""Kart: the map (travel and plan status together by default), KPI cards, legend with counts, the table."""

from __future__ import annotations

import streamlit as st

import vocabulary as vocab
from coverage import gaps
from coverage.summary import selection_summary
from dashboard import data, downloads, mapview, state, tableview, widgets
from register import campaign

sel = st.session_state["selection"]
key = st.session_state["model_key"]
lang, thr, who = sel.lang, sel.threshold, vocab.people(sel.weight, sel.lang)
table = data.kommune_table(key, sel.weight, thr)
shown = table[table["fylkesnummer"] == sel.fylke] if sel.fylke else table
area = data.area_table(key, "fylke" if sel.fylke else "norge", sel.weight, thr)
area_row = area[area["area"] == sel.fylke].iloc[0] if sel.fylke else area.iloc[0]
place = data.fylke_names(key).get(sel.fylke, vocab.t("norway", lang))

st.title(f'{vocab.t("app_title", lang)}: {place}')  # the area stays in view when the sidebar is folded away (phone)
st.caption(vocab.t("tagline", lang))
kpi = selection_summary(shown, thr, area_row)
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric(vocab.t("kpi_beyond", lang, t=thr, people=who.capitalize()), vocab.fmt(kpi["beyond"], lang),
          help=vocab.t("kpi_beyond_help", lang, year=data.YEAR, people=who, u=vocab.fmt(kpi["unreachable"], lang)))
c2.metric(vocab.t("kpi_not_current", lang), f"{kpi['not_current']} {vocab.t('of', lang)} {kpi['kommuner']}",
          help=vocab.t("kpi_not_current_help", lang, stale=kpi["not_current_stale"]),
          delta=vocab.t("kpi_stale", lang, stale=kpi["not_current_stale"]), delta_color="off", delta_arrow="off")
c3.metric(vocab.t("kpi_unknown", lang), f"{kpi['unknown_plan']} {vocab.t('of', lang)} {kpi['kommuner']}",
          help=vocab.t("kpi_unknown_help", lang))
c5.metric(vocab.t("kpi_asked", lang), f"{kpi['asked']}",
          help=vocab.t("kpi_asked_help", lang, overdue=kpi["asked_overdue"], n=campaign.REMIND_AFTER))
c4.metric(vocab.t("kpi_double", lang), f"{kpi['double_gap']}",
          help=vocab.t("double_gap_help", lang, t=thr, unknown=kpi["unknown_plan"], stale=kpi["double_gap_stale"]),
          delta=vocab.t("kpi_stale", lang, stale=kpi["double_gap_stale"]), delta_color="off", delta_arrow="off")
c5.metric(vocab.t("close_mark", lang), f"{kpi['close']} {vocab.t('of', lang)} {kpi['kommuner']}",
          help=vocab.t("kpi_close_help", lang, t=thr, b=vocab.error_band(lang)))
st.caption(f"{vocab.t('kpi_median', lang)}: **{vocab.fmt(kpi['median_min'], lang, 0, 'min')}** "
           f"({who}) · {vocab.t('nkvts', lang)}")

left, right = st.columns([4, 1])
with left:
    basemap = st.toggle(vocab.t("basemap", lang), key="basemap", value=False)
    label = vocab.t("map_label", lang, area=place, indicator=vocab.label(sel.indicator, lang, thr))
    clicked = mapview.show(key="kart-map", sources=data.map_sources(key, lang, sel.weight), table=shown,
                           centres=data.centres(key),
                           indicator=sel.indicator, threshold=thr, lang=lang, label=label,
                           bounds=data.bounds(key, sel.fylke), basemap=basemap, height=600)
    names = data.kommune_names(shown)
    chosen = st.selectbox(vocab.t("open_kommune", lang), sorted(names, key=names.get), index=None,
                          format_func=names.get, placeholder=vocab.t("choose_kommune", lang), key=f"open-{lang}")
    st.caption(vocab.t("click_hint", lang) + " " + vocab.t("source_line", lang))  # the map itself carries the attribution
with right:
    widgets.legend(shown, sel.indicator, lang, thr, sel.weight)

knr = chosen or (clicked.kommune if clicked is not None else None)
if knr and knr in names:
    widgets.set_selection(kommune=knr)
    st.switch_page(st.session_state["pages"]["kommune"], query_params=state.to_params(st.session_state["selection"]))

downloads.map_buttons(key, shown, sel)
st.header(vocab.t("table_title", lang))
options = list(gaps.FILTERS)
choice = st.selectbox(vocab.t("table_filter", lang), options, index=options.index(sel.filter),
                      placeholder=vocab.t("ui_choose", lang),
                      format_func=lambda f: vocab.t(f"filter_{f}", lang, t=thr), key=f"filter-{lang}-{thr}")
if choice != sel.filter:
    sel = widgets.set_selection(filter=choice)
rows = gaps.select(shown, sel.filter)
if rows.empty:  # say why, and offer no file that would hold only a header line
    st.info(tableview.empty_message(shown, sel, place))
    st.caption(vocab.t("empty_no_file", lang))
else:
    downloads.table_buttons(key, rows, sel, "kart")
    tableview.show(rows, sel)
st.caption(vocab.t("table_source", lang, year=data.YEAR, people=who))
