"""Small pieces several pages share: legend, the accessible table, download buttons."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from dashboard import data
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
    """Key numbers first; the fylke column only when the whole country is shown."""
    lang, thr = sel.lang, sel.threshold
    share = f"share_over_{thr}_nearest"
    columns = {
        t("kommune", lang): table["kommunenummer"].map(data.kommune_names(table)),
        style.LABELS["median_min_nearest"][lang]: table["median_min_nearest"].round(0),
        style.LABELS["p90_min_nearest"][lang]: table["p90_min_nearest"].round(0),
        style.label("share_over", lang, thr): (table[share] * 100).round(1),
        style.LABELS["plan_status"][lang]: table["plan_status"].map(lambda s: style.PLAN_LABELS[s][lang]),
        style.LABELS["gap_class"][lang]: table["gap_class"].map(lambda c: style.CLASS_LABELS[c][lang]),
        style.LABELS["median_min_affiliated"][lang]: table["median_min_affiliated"].round(0),
        t("centre", lang): table["centre_name"] + " (" + table["catchment_evidence"].map(
            lambda e: style.EVIDENCE_LABELS[e][lang]) + ")",
        t("population", lang): table["befolkning"],
        style.LABELS["road_straight_ratio"][lang]: table["road_straight_ratio"].round(2),
    }
    if not sel.fylke:
        columns[t("fylke", lang)] = table["fylkesnavn"]
    out = pd.DataFrame(columns)
    return out.sort_values(style.LABELS["median_min_nearest"][lang], ascending=False)


def kommune_table(table: pd.DataFrame, sel: Selection) -> None:
    frame = table_frame(table, sel)
    share_col = style.label("share_over", sel.lang, sel.threshold)
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={share_col: st.column_config.NumberColumn(format="%.1f %%")})


def _bytes(write) -> bytes:
    buffer = io.BytesIO()
    write(buffer)
    return buffer.getvalue()


def map_downloads(key: str, table: pd.DataFrame, sel: Selection) -> None:
    """PNG (web), PDF (A4 print) and SVG of the map as shown: area, indicator, threshold, weight, language."""
    from export import maps as export_maps

    centres = data.centres(key)
    area = sel.fylke or "norge"
    stem = f"dekningskart-{area}-{sel.indicator}-{sel.lang}"

    def render(size: str, fmt: str):
        def make() -> bytes:
            kommuner, fylker = data.export_geometry()
            return _bytes(lambda out: export_maps.render(table, kommuner, fylker, centres, sel.indicator, sel.threshold,
                                                         sel.lang, area, size, fmt, out, sel.weight))
        return make

    cols = st.columns(4)
    cols[0].download_button(f"{t('downloads', sel.lang)}: PNG", render("web", "png"), f"{stem}.png", "image/png",
                            key="dl-map-png")
    cols[1].download_button("PNG 1080×1080", render("social", "png"), f"{stem}-social.png", "image/png",
                            key="dl-map-social")
    cols[2].download_button("PDF A4", render("print", "pdf"), f"{stem}-a4.pdf", "application/pdf", key="dl-map-pdf")
    cols[3].download_button("SVG", render("slide", "svg"), f"{stem}.svg", "image/svg+xml", key="dl-map-svg")


def table_downloads(key: str, table: pd.DataFrame, sel: Selection, where: str) -> None:
    """CSV (Excel-ready, kommunenummer as text), XLSX with a sources sheet, GeoJSON — for the rows shown."""
    from export import tables

    stem = f"dekningskart-{sel.fylke or 'norge'}-{sel.weight}-{sel.threshold}"
    cols = st.columns(3)
    # CSV is cheap (~10 ms): hand over the bytes, so the file is there even if a rerun replaces the button.
    cols[0].download_button("CSV", tables.to_csv(table), f"{stem}.csv", "text/csv", key=f"dl-{where}-csv")
    cols[1].download_button("XLSX", lambda: tables.to_xlsx(table), f"{stem}.xlsx",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"dl-{where}-xlsx")
    cols[2].download_button("GeoJSON", lambda: tables.to_geojson(table, data.web_kommuner()), f"{stem}.geojson",
                            "application/geo+json", key=f"dl-{where}-geojson")


def factsheet_downloads(key: str, table: pd.DataFrame, knr: str, sel: Selection) -> None:
    """One-page PDF for the kommune and for its fylke, in the chosen language."""
    from export import factsheet

    centres = data.centres(key)
    row = table.set_index("kommunenummer", drop=False).loc[knr]
    areas = data.area_table(key, "fylke", sel.weight, sel.threshold).set_index("area")
    norge = data.area_table(key, "norge", sel.weight, sel.threshold).iloc[0]
    fnr = row["fylkesnummer"]
    def kommune_pdf() -> bytes:
        kommuner, fylker = data.export_geometry()
        return _bytes(lambda out: factsheet.kommune_sheet(row, areas.loc[fnr], norge, table, kommuner, fylker, centres,
                                                          out, sel.lang, sel.threshold, data.YEAR))

    def fylke_pdf() -> bytes:
        kommuner, fylker = data.export_geometry()
        return _bytes(lambda out: factsheet.fylke_sheet(fnr, areas.loc[fnr], norge, table, kommuner, fylker, centres,
                                                        out, sel.lang, sel.threshold, data.YEAR))
    label = "Faktaark" if sel.lang == "nb" else "Fact sheet"
    c1, c2 = st.columns(2)
    c1.download_button(f"{label} {row['kommunenavn']} (PDF)", kommune_pdf, f"faktaark-{knr}-{sel.lang}.pdf",
                       "application/pdf", key="dl-factsheet-kommune")
    c2.download_button(f"{label} {row['fylkesnavn']} (PDF)", fylke_pdf, f"faktaark-{fnr}-{sel.lang}.pdf",
                       "application/pdf", key="dl-factsheet-fylke")
