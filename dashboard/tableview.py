"""The map's numbers as a sortable table: key numbers first, in the reader's number format (sorting uses the
numbers underneath), labels naming the population weight."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import vocabulary as vocab
from coverage import gaps
from dashboard.state import Selection


def frame(table: pd.DataFrame, sel: Selection) -> pd.DataFrame:
    """The table as export.publishing builds it (the 'for publishing' file is the same frame)."""
    from export import publishing

    return publishing.frame(table, sel.lang, sel.threshold, sel.weight, whole_country=not sel.fylke)


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
