"""Small pieces several pages share: legend, the accessible table, download buttons."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.i18n import t
from dashboard.state import Selection
from export import style


def legend(indicator: str, lang: str, threshold: int) -> None:
    """The same legend as the exports, as HTML (readable by screen readers, not drawn in the map)."""
    rows = "".join(
        f'<div style="display:flex;align-items:center;margin:3px 0"><span style="width:18px;height:14px;'
        f'background:{colour};border:1px solid #777;display:inline-block;margin-right:8px"></span>{text}</div>'
        for _, text, colour in style.legend(indicator, lang, threshold))
    marker = (f'<div style="display:flex;align-items:center;margin-top:10px"><span style="width:12px;height:12px;'
              f'border-radius:6px;background:#5b2a86;display:inline-block;margin-right:8px"></span>'
              f'{t("centre_marker", lang)}</div>')
    st.markdown(f"**{t('legend', lang)}**<br><small>{style.label(indicator, lang, threshold)}</small>"
                f'<div role="list" aria-label="{t("legend", lang)}">{rows}</div>{marker}', unsafe_allow_html=True)


def table_frame(table: pd.DataFrame, sel: Selection) -> pd.DataFrame:
    lang, thr = sel.lang, sel.threshold
    share = f"share_over_{thr}_nearest"
    out = pd.DataFrame({
        t("kommune", lang): table["kommunenavn"] + " (" + table["kommunenummer"] + ")",
        t("fylke", lang): table["fylkesnavn"],
        t("population", lang): table["befolkning"],
        style.LABELS["plan_status"][lang]: table["plan_status"].map(lambda s: style.PLAN_LABELS[s][lang]),
        t("centre", lang): table["centre_name"] + " (" + table["catchment_evidence"].map(
            lambda e: style.EVIDENCE_LABELS[e][lang]) + ")",
        style.LABELS["median_min_nearest"][lang]: table["median_min_nearest"].round(0),
        style.LABELS["p90_min_nearest"][lang]: table["p90_min_nearest"].round(0),
        style.LABELS["median_min_affiliated"][lang]: table["median_min_affiliated"].round(0),
        style.label("share_over", lang, thr): (table[share] * 100).round(1),
        style.LABELS["road_straight_ratio"][lang]: table["road_straight_ratio"].round(2),
        style.LABELS["gap_class"][lang]: table["gap_class"].map(lambda c: style.CLASS_LABELS[c][lang]),
    })
    return out.sort_values(style.LABELS["median_min_nearest"][lang], ascending=False)


def kommune_table(table: pd.DataFrame, sel: Selection) -> None:
    frame = table_frame(table, sel)
    share_col = style.label("share_over", sel.lang, sel.threshold)
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={share_col: st.column_config.NumberColumn(format="%.1f %%")})
