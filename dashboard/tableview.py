"""The map's numbers as a sortable table: key numbers first, in the reader's number format (sorting uses the
numbers underneath), labels naming the population weight."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import vocabulary as vocab
from dashboard import data
from dashboard.state import Selection


def frame(table: pd.DataFrame, sel: Selection) -> pd.DataFrame:
    """Key numbers first; the fylke column only when the whole country is shown."""
    lang, thr = sel.lang, sel.threshold
    columns = {
        vocab.t("kommune", lang): table["kommunenummer"].map(data.kommune_names(table)),
        vocab.LABELS["median_min_nearest"][lang]: table["median_min_nearest"],
        vocab.LABELS["p90_min_nearest"][lang]: table["p90_min_nearest"],
        vocab.label("share_over", lang, thr): table[f"share_over_{thr}_nearest"],
        vocab.LABELS["plan_status"][lang]: [vocab.plan_status_text(r, lang) for _, r in table.iterrows()],
        vocab.LABELS["gap_class"][lang]: table["gap_class"].map(lambda c: vocab.CLASS_LABELS[c][lang]),
        vocab.LABELS["median_min_affiliated"][lang]: table["median_min_affiliated"],
        vocab.t("centre", lang): table["centre_name"] + " (" + table["catchment_evidence"].map(
            lambda e: vocab.EVIDENCE_LABELS[e][lang]) + ")",
        vocab.t(f"weight_{sel.weight}", lang): table["people"],
        vocab.LABELS["road_straight_ratio"][lang]: table["road_straight_ratio"],
    }
    if not sel.fylke:
        columns[vocab.t("fylke", lang)] = table["fylkesnavn"]
    out = pd.DataFrame(columns)
    return out.sort_values(vocab.LABELS["median_min_nearest"][lang], ascending=False).reset_index(drop=True)


def show(table: pd.DataFrame, sel: Selection) -> None:
    lang, thr = sel.lang, sel.threshold
    df = frame(table, sel)
    minutes = [vocab.LABELS[c][lang] for c in ("median_min_nearest", "p90_min_nearest", "median_min_affiliated")]
    share = vocab.label("share_over", lang, thr)
    ratio = vocab.LABELS["road_straight_ratio"][lang]
    people = vocab.t(f"weight_{sel.weight}", lang)
    styler = df.style.format({**{c: lambda v: vocab.fmt(v, lang) for c in minutes + [people]},
                              share: lambda v: vocab.pct(v, lang, 1), ratio: lambda v: vocab.fmt(v, lang, 2)})
    st.dataframe(styler, hide_index=True, width="stretch")
