"""Kommune: the report card — plan with its source and age, centres with evidence, travel, comparison, map."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

import vocabulary as vocab
from dashboard import asking, data, downloads, mapview, state, widgets
from dashboard import capacity as capacity_view
from export import geometry
from register import campaign, publish
from vocabulary import register_words

sel = st.session_state["selection"]
key = st.session_state["model_key"]
lang, thr, who = sel.lang, sel.threshold, vocab.people(sel.weight, sel.lang)
table = data.kommune_table(key, sel.weight, thr)
names = data.kommune_names(table)
options = sorted(names, key=lambda k: names[k])


def _choose():
    widgets.set_selection(kommune=st.session_state[f"kommune-select-{lang}"] or "")


st.session_state[f"kommune-select-{lang}"] = sel.kommune if sel.kommune in names else None
st.selectbox(vocab.t("choose_kommune", lang), options, key=f"kommune-select-{lang}", on_change=_choose,
             format_func=lambda k: names[k], placeholder=vocab.t("choose_kommune", lang))
knr = st.session_state["selection"].kommune
if not knr or knr not in names:
    st.stop()

row = table.set_index("kommunenummer").loc[knr]
fylke_area = data.area_table(key, "fylke", sel.weight, thr).set_index("area").loc[row["fylkesnummer"]]
norge = data.area_table(key, "norge", sel.weight, thr).iloc[0]
f = lambda v, d=0, u="": vocab.fmt(v, lang, d, u)  # noqa: E731


def _link(url: str) -> str:
    """A curated source URL as a Markdown link (URLs come from geodata/, validated http(s) by the loaders)."""
    return f"[{url}]({url})" if url.startswith(("http://", "https://")) else vocab.t("unknown", lang)


st.title(f"{row['kommunenavn']} ({knr})")
st.caption(f"{row['fylkesnavn']} · {vocab.t('population', lang)}: {f(row['befolkning'])} (SSB, "
           f"{vocab.date_text(f'{data.YEAR}-01-01', lang)})")
doc_lang = downloads.sheet_lang(knr, sel.lang)  # asked once: the fact sheets and the briefs share it
downloads.factsheet_buttons(key, table, knr, sel, doc_lang)
downloads.brief_buttons(key, table, knr, sel, doc_lang)
downloads.slides_buttons(key, knr, sel, doc_lang)
st.page_link(st.session_state["pages"]["presentasjon"], label=vocab.t("slide_open_presenter", lang),
             icon=":material/slideshow:", query_params=state.to_params(replace(sel, slide=1)))

left, right = st.columns([3, 2])
with left:
    st.header(vocab.t("plan", lang))
    status = row["plan_status"]
    st.markdown(f"### {vocab.plan_status_text(row, lang)}")
    if vocab.joint_plan_text(row, lang):  # curated geodata/joint_plans.csv, validated by the loaders
        st.markdown(vocab.joint_plan_text(row, lang))
    if status == "unknown":
        st.info(vocab.t("plan_unknown_help", lang))
        if row["plan_lead_url"]:
            st.markdown(f"{vocab.t('plan_lead', lang)}: {_link(row['plan_lead_url'])}")
    else:
        st.markdown("  \n".join(vocab.plan_details(row, lang)))
        when = vocab.as_of_text(row["plan_as_of"], lang)
        if vocab.is_old(row["plan_as_of"]):
            when += ", " + vocab.t("age_note", lang, years=vocab.age_years(row["plan_as_of"]))
        if row["plan_source_url"] or not row.get("plan_case_reference", ""):
            st.markdown(f"{vocab.t('source', lang)} ({when}): {_link(row['plan_source_url'])}")
        else:  # the kommune's answer by letter, from the register: plain text
            st.text(f"{vocab.t('source', lang)} ({when}): "
                    f"{register_words.source('', row['plan_case_reference'], lang)}")
    for line in publish.evidence_lines(row, lang):  # register entries hold user text: shown as plain text only
        st.text(line)
    if campaign.worth_asking(status, row["plan_as_of"]):
        asking.section(row, knr, set(names), lang)

    st.header(vocab.t("centre", lang))
    evidence = vocab.EVIDENCE_LABELS[row["catchment_evidence"]][lang]
    st.markdown(f"**{vocab.centre_label(row['centre_name'], row['centre_town'])}** — {evidence}")
    if row["catchment_evidence"] == "documented":
        when = vocab.as_of_text(row["catchment_as_of"], lang)
        if vocab.is_old(row["catchment_as_of"]):
            when += ", " + vocab.t("age_note", lang, years=vocab.age_years(row["catchment_as_of"]))
        st.markdown(f"{vocab.t('source', lang)} ({when}): {_link(row['catchment_source_url'])}")
    else:
        st.caption(vocab.t("estimated_rule", lang))
    st.markdown(f"{vocab.t('nearest_centre', lang)}: **{row['nearest_centre_name'] or vocab.t('unknown', lang)}**")

    st.header(vocab.t("travel", lang))
    travel = pd.DataFrame({
        vocab.t("measure", lang): [vocab.t(k, lang) for k in ("median_min", "p90_min", "median_km", "p90_km")],
        vocab.t("to_nearest", lang): [f(row["median_min_nearest"]), f(row["p90_min_nearest"]),
                                      f(row["median_km_nearest"]), f(row["p90_km_nearest"])],
        vocab.t("to_own", lang): [f(row["median_min_affiliated"]), f(row["p90_min_affiliated"]),
                                  f(row["median_km_affiliated"]), f(row["p90_km_affiliated"])],
    })
    st.table(travel.set_index(vocab.t("measure", lang)))
    st.markdown(f"{vocab.t('straight_km', lang)}: **{f(row['median_km_straight'], 0, 'km')}** · "
                f"{vocab.t('ratio', lang)}: **{f(row['road_straight_ratio'], 2)}** · "
                f"{vocab.t('unreachable', lang)}: **{f(row['unreachable'])}**")
    band = vocab.band_lines(row, thr, lang)  # the median's error band and whether the threshold lies inside it
    if band:
        st.markdown(f"{band[0]} **{band[1]}**")

    st.header(vocab.t("compare", lang))
    shares = sorted({60, 90, 120, thr})
    rows = {vocab.t("median_min", lang): "median_min_nearest", vocab.t("p90_min", lang): "p90_min_nearest",
            **{vocab.t("share_over", lang, t=s): f"share_over_{s}_nearest" for s in shares}}

    def cell(src, c):
        return vocab.pct(src[c], lang) if c.startswith("share") else f(src[c])

    fylke_column = row["fylkesnavn"] if row["fylkesnavn"] != row["kommunenavn"] else \
        f"{row['fylkesnavn']} ({vocab.t('fylke_word', lang)})"
    comp = pd.DataFrame({vocab.t("measure", lang): list(rows), row["kommunenavn"]: [cell(row, c) for c in rows.values()],
                         fylke_column: [cell(fylke_area, c) for c in rows.values()],
                         vocab.t("norway", lang): [cell(norge, c) for c in rows.values()]})
    st.table(comp.set_index(vocab.t("measure", lang)))
    st.caption(vocab.t("travel_source", lang, year=data.YEAR, people=who))
    capacity_view.card(table, lang, row["fylkesnummer"], row["fylkesnavn"])  # national, fylke, centres (sourced)

with right:
    centres = data.centres(key)
    # the kommune, its own and its nearest centre and its neighbours' names in view, with a little room around them
    outline, neighbours = data.kommune_detail(key, knr, dict(zip(table["kommunenummer"], table["kommunenavn"],
                                                                 strict=True)))
    both = centres[centres["id"].isin([row["centre_id"], row["nearest_centre_id"]])]
    lats = [*both["lat"].round(2), *(n[1] for n in neighbours)]
    lons = [*both["lon"].round(2), *(n[2] for n in neighbours)]
    around = geometry.padded(geometry.with_points(data.bounds(key, kommune=knr), lats, lons), 0.1)
    label = vocab.t("map_label", lang, area=row["kommunenavn"], indicator=vocab.label("gap_class", lang, thr))
    mapview.show(key="small-map", sources=data.map_sources(key, lang, sel.weight), table=table, centres=centres,
                 indicator="gap_class", threshold=thr, lang=lang, label=label, bounds=around, mode="none",
                 highlight=knr, height=420, highlight_geo=outline, names=neighbours)
    close = f" ({vocab.t('close_mark', lang).lower()})" if row["close_to_threshold"] else ""
    st.caption(f"{vocab.LABELS['gap_class'][lang]}: **{vocab.CLASS_LABELS[row['gap_class']][lang]}**{close} · "
               f"{vocab.t('highlight_note', lang, name=row['kommunenavn'])} · {vocab.t('source_line', lang)}")
