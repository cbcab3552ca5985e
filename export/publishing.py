"""The data file for people: the table the app shows under the map, in the reader's language, numbers rounded as on
screen, plan status in words with its date, sorted as on screen — the one a journalist pastes into an article or a
chart tool. The technical file (export/tables.py: every column, snake_case, four decimals) stays available for
programmers; this one is built from the same published table, and the screen's table is this frame.

People beyond the threshold are whole people per kommune (coverage.summary.people_beyond), so the column adds up
to the card above the map."""

from __future__ import annotations

import io

import pandas as pd

import vocabulary as vocab
from coverage.summary import people_beyond


def frame(table: pd.DataFrame, lang: str, threshold: int, weight: str, whole_country: bool = True) -> pd.DataFrame:
    """Key numbers first, as whole numbers (minutes, per cent) that read the same in every language and sort as
    numbers; repeated words as categories (small over the websocket); the fylke only for the whole country;
    sorted by the median to the nearest centre, longest first (no road last)."""
    table = table.loc[_order(table)]

    def whole(values: pd.Series) -> pd.Series:
        return values.round().astype("Int32")

    def words(values) -> pd.Series:
        return pd.Series(values, index=table.index, dtype="category")

    plans = table[["plan_status", "plan_as_of"]].to_dict("records")  # not iterrows: a Series per row costs ~40 ms
    names = table["kommunenavn"].astype(str) + " (" + table["kommunenummer"].astype(str) + ")"
    columns = {
        vocab.t("kommune", lang): names,
        vocab.LABELS["median_min_nearest"][lang]: whole(table["median_min_nearest"]),
        vocab.LABELS["p90_min_nearest"][lang]: whole(table["p90_min_nearest"]),
        vocab.t("share_over_pct", lang, t=threshold): whole(table[f"share_over_{threshold}_nearest"] * 100),
        vocab.t("people_over_col", lang, t=threshold, people=vocab.people(weight, lang).capitalize()):
            people_beyond(table, threshold).astype("Int32"),
        vocab.LABELS["plan_status"][lang]: words([vocab.plan_status_text(r, lang) for r in plans]),
        vocab.LABELS["gap_class"][lang]: words(table["gap_class"].map(lambda c: vocab.CLASS_LABELS[c][lang])),
        vocab.t("close_col", lang, t=threshold, b=vocab.error_band(lang)): words(
            table["close_to_threshold"].map({True: vocab.t("close_yes", lang), False: vocab.t("close_no", lang)})),
        vocab.LABELS["median_min_affiliated"][lang]: whole(table["median_min_affiliated"]),
        vocab.t("centre", lang): words(table["centre_name"] + " (" + table["catchment_evidence"].map(
            lambda e: vocab.EVIDENCE_LABELS[e][lang]) + ")"),
        vocab.t(f"weight_{weight}", lang): table["people"].astype("Int32"),
        vocab.t("detour_pct", lang): whole((table["road_straight_ratio"] - 1) * 100),
    }
    if whole_country:
        columns[vocab.t("fylke", lang)] = words(table["fylkesnavn"])
    return pd.DataFrame(columns).reset_index(drop=True)


def _order(table: pd.DataFrame) -> pd.Index:
    return table["median_min_nearest"].astype(float).sort_values(ascending=False, kind="stable", na_position="last").index


def _file_frame(table: pd.DataFrame, lang: str, threshold: int, weight: str, whole_country: bool) -> pd.DataFrame:
    """The screen's frame with the kommunenummer as its own text column first (for joining to a map tool)."""
    shown = frame(table, lang, threshold, weight, whole_country)
    numbers = table.loc[_order(table), "kommunenummer"].astype(str).str.zfill(4).to_numpy()
    shown.insert(0, vocab.t("kommunenummer", lang), numbers)
    return shown.astype({c: str for c in shown.columns if isinstance(shown[c].dtype, pd.CategoricalDtype)})


def to_csv(table: pd.DataFrame, lang: str, threshold: int, weight: str, whole_country: bool = True) -> bytes:
    """UTF-8 with BOM (Excel opens it right), kommunenummer as 4-digit text."""
    return _file_frame(table, lang, threshold, weight, whole_country).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(table: pd.DataFrame, lang: str, threshold: int, weight: str, whole_country: bool = True) -> bytes:
    """The same table on one sheet, and a second sheet saying what it is and where the numbers come from."""
    year = table.attrs.get("year")
    about = pd.DataFrame({vocab.t("about_sheet", lang): [
        vocab.t("publishing_about", lang, t=threshold, people=vocab.people(weight, lang)),
        vocab.t("source_line", lang), *([vocab.t("population_date", lang, year=year)] if year else []),
        vocab.t("attribution", lang)]})
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _file_frame(table, lang, threshold, weight, whole_country).to_excel(
            writer, sheet_name=vocab.t("kommuner_sheet", lang), index=False)
        about.to_excel(writer, sheet_name=vocab.t("about_sheet", lang), index=False)
    return buffer.getvalue()
