"""Kommune: the report card — plan with its source, centres with evidence, travel, comparison, small map."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import data, maps, widgets
from dashboard.i18n import t
from export import style

sel = st.session_state["selection"]
key = st.session_state["model_key"]
lang, thr = sel.lang, sel.threshold
table = data.kommune_table(key, sel.weight, thr)
names = data.kommune_names(table)
options = sorted(names, key=lambda k: names[k])


def _choose():
    st.session_state["kommune"] = st.session_state["kommune_select"]


current = st.session_state.get("kommune") or ""
st.session_state["kommune_select"] = current if current in names else None
st.selectbox(t("choose_kommune", lang), options, key="kommune_select", on_change=_choose,
             format_func=lambda k: names[k], placeholder=t("choose_kommune", lang))
knr = st.session_state.get("kommune")
if not knr or knr not in names:
    st.stop()

row = table.set_index("kommunenummer").loc[knr]
fylke_area = data.area_table(key, "fylke", sel.weight, thr).set_index("area").loc[row["fylkesnummer"]]
norge = data.area_table(key, "norge", sel.weight, thr).iloc[0]
f = lambda v, d=0, u="": style.fmt(v, lang, d, u)  # noqa: E731

st.title(f"{row['kommunenavn']} ({knr})")
st.caption(f"{row['fylkesnavn']} · {t('population', lang)}: {f(row['befolkning'])} (SSB, 1.1.{data.YEAR})")
widgets.factsheet_downloads(key, table, knr, sel)

left, right = st.columns([3, 2])
with left:
    st.subheader(t("plan", lang))
    status = row["plan_status"]
    word = style.PLAN_LABELS[status][lang]
    st.markdown(f"### {word}")
    if status == "unknown":
        st.info(t("plan_unknown_help", lang))
        if row["plan_lead_url"]:
            st.markdown(f"{t('plan_lead', lang)}: [{row['plan_lead_url']}]({row['plan_lead_url']})")
    else:
        st.markdown("  \n".join(style.plan_details(row, lang)))
        st.markdown(f"{t('source', lang)}: [{row['plan_source_url']}]({row['plan_source_url']}) "
                    f"({t('as_of', lang)} {row['plan_as_of']})")

    st.subheader(t("centre", lang))
    evidence = style.EVIDENCE_LABELS[row["catchment_evidence"]][lang]
    st.markdown(f"**{row['centre_name']}** ({row['centre_town']}) — {t('evidence', lang)}: **{evidence}**")
    if row["catchment_evidence"] == "documented":
        st.markdown(f"{t('source', lang)}: [{row['catchment_source_url']}]({row['catchment_source_url']}) "
                    f"({t('as_of', lang)} {row['catchment_as_of']})")
    else:
        st.caption(t("estimated_rule", lang))
    if row["catchment_note"]:
        st.caption(row["catchment_note"])
    st.markdown(f"{t('nearest_centre', lang)}: **{row['nearest_centre_name'] or style.fmt(None, lang)}**")

    st.subheader(t("travel", lang))
    travel = pd.DataFrame({
        "": [t("median_min", lang), t("p90_min", lang), t("median_km", lang), t("p90_km", lang)],
        t("to_nearest", lang): [f(row["median_min_nearest"]), f(row["p90_min_nearest"]),
                                f(row["median_km_nearest"]), f(row["p90_km_nearest"])],
        t("to_own", lang): [f(row["median_min_affiliated"]), f(row["p90_min_affiliated"]),
                            f(row["median_km_affiliated"]), f(row["p90_km_affiliated"])],
    })
    st.table(travel.set_index(""))
    st.markdown(f"{t('straight_km', lang)}: **{f(row['median_km_straight'], 0, 'km')}** · "
                f"{t('ratio', lang)}: **{f(row['road_straight_ratio'], 2)}** · "
                f"{t('unreachable', lang)}: **{f(row['unreachable'])}**")

    st.subheader(t("compare", lang))
    shares = [60, 90, 120] if thr in (60, 90, 120) else [60, 90, 120, thr]
    rows = {t("median_min", lang): "median_min_nearest", t("p90_min", lang): "p90_min_nearest",
            **{t("share_over", lang, t=s): f"share_over_{s}_nearest" for s in shares}}
    comp = pd.DataFrame({
        "": list(rows),
        row["kommunenavn"]: [style.pct(row[c], lang) if c.startswith("share") else f(row[c]) for c in rows.values()],
        row["fylkesnavn"]: [style.pct(fylke_area[c], lang) if c.startswith("share") else f(fylke_area[c])
                            for c in rows.values()],
        t("norway", lang): [style.pct(norge[c], lang) if c.startswith("share") else f(norge[c]) for c in rows.values()],
    })
    st.table(comp.set_index(""))
    st.caption(t("travel_source", lang, year=data.YEAR))

with right:
    kommune_geo, fylke_geo = data.web_geo(key)
    fylke_rows = table[table["fylkesnummer"] == row["fylkesnummer"]]
    centres = data.centres(key)
    own = centres[centres["id"] == row["centre_id"]]
    around = maps.with_points(data.bounds(key, kommune=knr), own["lat"].round(2), own["lon"].round(2))
    small = maps.build_map(kommune_geo, fylke_geo, fylke_rows, centres, "gap_class", thr, lang,
                           bounds=around, height=420, highlight=knr)
    st_folium(small, key=f"small-{knr}", height=420, use_container_width=True, returned_objects=[])
    st.caption(f"{style.LABELS['gap_class'][lang]}: **{style.CLASS_LABELS[row['gap_class']][lang]}** · "
               f"{style.SOURCE_LINE[lang]}")
