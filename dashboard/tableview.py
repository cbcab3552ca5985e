"""The map's numbers as a sortable table: key numbers first, in the reader's number format (sorting uses the
numbers underneath), labels naming the population weight."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import vocabulary as vocab
from coverage import gaps
from dashboard import data
from dashboard.state import Selection


def frame(table: pd.DataFrame, sel: Selection) -> pd.DataFrame:
    """Key numbers first, as whole numbers (minutes, per cent) that read the same in every language and sort as
    numbers; repeated words as categories (small over the websocket); the fylke only for the whole country."""
    lang, thr = sel.lang, sel.threshold

    def whole(values: pd.Series) -> pd.Series:
        return values.round().astype("Int32")

    def words(values) -> pd.Series:
        return pd.Series(values, index=table.index, dtype="category")

    plans = table[["plan_status", "plan_as_of"]].to_dict("records")  # not iterrows: a Series per row costs ~40 ms
    columns = {
        vocab.t("kommune", lang): table["kommunenummer"].map(data.kommune_names(table)),
        vocab.LABELS["median_min_nearest"][lang]: whole(table["median_min_nearest"]),
        vocab.LABELS["p90_min_nearest"][lang]: whole(table["p90_min_nearest"]),
        vocab.t("share_over_pct", lang, t=thr): whole(table[f"share_over_{thr}_nearest"] * 100),
        vocab.LABELS["plan_status"][lang]: words([vocab.plan_status_text(r, lang) for r in plans]),
        vocab.LABELS["gap_class"][lang]: words(table["gap_class"].map(lambda c: vocab.CLASS_LABELS[c][lang])),
        vocab.t("close_col", lang, t=thr, b=vocab.error_band(lang)): words(
            table["close_to_threshold"].map({True: vocab.t("close_yes", lang), False: vocab.t("close_no", lang)})),
        vocab.LABELS["median_min_affiliated"][lang]: whole(table["median_min_affiliated"]),
        vocab.t("centre", lang): words(table["centre_name"] + " (" + table["catchment_evidence"].map(
            lambda e: vocab.EVIDENCE_LABELS[e][lang]) + ")"),
        vocab.t(f"weight_{sel.weight}", lang): table["people"].astype("Int32"),
        vocab.t("detour_pct", lang): whole((table["road_straight_ratio"] - 1) * 100),
    }
    if not sel.fylke:
        columns[vocab.t("fylke", lang)] = words(table["fylkesnavn"])
    out = pd.DataFrame(columns)
    return out.sort_values(vocab.LABELS["median_min_nearest"][lang], ascending=False).reset_index(drop=True)


def show(table: pd.DataFrame, sel: Selection) -> None:
    # Kommune names in three languages (Gáivuotna - Kåfjord - Kaivuono) need the wide column; the user can still resize.
    st.dataframe(frame(table, sel), hide_index=True, width="stretch",
                 column_config={vocab.t("kommune", sel.lang): st.column_config.TextColumn(width="large"),
                                vocab.t("centre", sel.lang): st.column_config.TextColumn(width="large")})


_WANTED = {"double_gap": "not_current", "far_unknown": "unknown"}  # the plan group each far filter asks for


def empty_message(shown: pd.DataFrame, sel: Selection, area: str) -> str:
    """Why a filter keeps no kommune of the view: none is far (and which comes closest), or the far ones all have
    another plan status (counted by group), with the filter that shows them."""
    lang, thr = sel.lang, sel.threshold
    why = gaps.why_empty(shown, sel.filter)
    if why["far"] == 0:
        row = why["longest"]
        if row is None:
            return vocab.t("empty_no_file", lang)
        return vocab.t("empty_none_far", lang, area=area, t=thr, name=f"{row['kommunenavn']} ({row['kommunenummer']})",
                       m=vocab.fmt(row["median_min_nearest"], lang, 0, "min"))
    have = ", ".join(f"{vocab.t(f'group_{g}', lang)} ({n})" for g, n in why["far_by_plan"].items() if n)
    wanted = vocab.t(f"group_{_WANTED.get(sel.filter, 'current')}", lang)
    text = vocab.t("empty_far_but", lang, area=area, far=why["far"], t=thr, wanted=wanted, have=have)
    return text + " " + vocab.t("empty_see_far", lang, far_filter=vocab.t("filter_far", lang, t=thr))
