"""Capacity against the Council of Europe norm on the method page and the report card (thin views: the arithmetic is
coverage/capacity.py, the words vocabulary/capacity_words.py, the figures geodata/capacity.csv)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import vocabulary as vocab
from coverage import capacity
from dashboard import data
from vocabulary.capacity_words import Line, capacity_lines

CARD_PARTS = ("counts", "norm", "fylke", "centre")  # the report card's short version; the method page has them all


def _summary(table: pd.DataFrame) -> capacity.Summary:
    return capacity.summary(table, data.YEAR)


def _with_source(line: Line, lang: str) -> str:
    """The sentence and its source as a link (URLs from geodata/capacity.csv and sources.json, checked http(s))."""
    return f"{line.text} ([{line.source}, {vocab.as_of_text(line.as_of, lang)}]({line.url}))"


def card(table: pd.DataFrame, lang: str, fylke: str, fylke_name: str) -> None:
    """The report card's capacity lines: national counts, the norm and its caveat, the fylke, the centres."""
    st.subheader(vocab.t("cap_h", lang))
    for line in capacity_lines(_summary(table), lang, fylke=fylke, fylke_name=fylke_name, parts=CARD_PARTS):
        st.markdown(_with_source(line, lang))


def year_table(summary: capacity.Summary, lang: str) -> pd.DataFrame:
    """One row per sourced year and offer (women, men, all): counts, population, per 10,000, the norm and the gap."""
    f, t = vocab.fmt, vocab.t
    per = f(capacity.PER, lang)
    rows = []
    for y in summary.years:
        for offer in capacity.OFFERS:
            rows.append({
                t("cap_year", lang): str(y.year), t("cap_offer", lang): t(f"cap_offer_{offer}", lang),
                t("cap_n_offers", lang): f(y.count(offer, "offers"), lang) if offer != "all" else "",
                t("cap_rooms", lang): f(y.count(offer, "rooms"), lang), t("cap_beds", lang): f(y.count(offer, "beds"), lang),
                t("cap_population", lang): f(y.population.value, lang),
                t("cap_rooms_10k", lang, per=per): f(y.per_10k(offer, "rooms"), lang, 2),
                t("cap_beds_10k", lang, per=per): f(y.per_10k(offer, "beds"), lang, 2),
                t("cap_norm_places", lang): f(y.norm_places, lang),
                t("cap_gap", lang): f(y.gap(offer), lang) if offer != "men" else "",
            })
    return pd.DataFrame(rows)


def fylke_table(table: pd.DataFrame, summary: capacity.Summary, lang: str) -> pd.DataFrame:
    """Per fylke: population (the project's table), the norm's family places, and capacity not published."""
    names = table.drop_duplicates("fylkesnummer").set_index("fylkesnummer")["fylkesnavn"].sort_index()
    return pd.DataFrame({
        vocab.t("fylke", lang): names.to_numpy(),
        vocab.t("cap_population", lang): [vocab.fmt(summary.fylke_population[k], lang) for k in names.index],
        vocab.t("cap_norm_places", lang): [vocab.fmt(summary.fylke_norm(k), lang) for k in names.index],
        vocab.t("cap_rooms", lang): vocab.t("cap_not_published", lang),
    })


def method_section(table: pd.DataFrame, lang: str) -> None:
    """The method page's section: how it is computed, every sourced year, the norm, the fylker, definitions, sources."""
    s = _summary(table)
    per = vocab.fmt(capacity.PER, lang)
    st.header(vocab.t("cap_h", lang))
    st.markdown(vocab.t("cap_method", lang, per=per, per_plain=per))
    st.dataframe(year_table(s, lang), hide_index=True, width="stretch")
    for line in capacity_lines(s, lang, parts=("counts", "per_10k", "norm", "now", "centre")):
        st.markdown(_with_source(line, lang))
    st.caption(vocab.t("cap_fylke_table", lang, year=s.population_year))
    st.dataframe(fylke_table(table, s, lang), hide_index=True, width="content")
    d = s.definitions
    st.caption(vocab.t("cap_definitions", lang, beboere=d["beboere"].quote, rooms=d["rooms"].quote,
                       place=d["shelter_place"].quote))
    if s.context is not None:
        st.caption(vocab.t("cap_context", lang, quote=s.context.quote) + f" ({s.context.url})")
    st.caption(vocab.t("cap_norm_sources", lang, links=" · ".join(f.url for f in s.norm_sources)))
