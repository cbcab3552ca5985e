"""What the Hva om page shows and hands over for a scenario: its title, the kommuner that change class, and
the downloads (CSV before/after per kommune, one-page PDF)."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

import vocabulary as vocab
from coverage.summary import nearest_without_centre, whatif_effect
from dashboard import data, downloads
from dashboard.state import Selection

COLUMNS = ["kommunenummer", "kommunenavn", "fylkesnummer", "plan_status", "people", "unreachable", "centre_id",
           "centre_name", "catchment_evidence", "median_min_nearest", "p90_min_nearest", "median_min_affiliated",
           "gap_class"]


def title(spec: tuple[str, str], names: dict[str, str], centre_names: dict[str, str], lang: str) -> str:
    action, target = spec
    if action == "add":
        return vocab.t("scenario_open_kommune", lang, name=names.get(target, target))
    if action == "at":
        return vocab.t("scenario_open_point", lang, point=target)
    return vocab.t("scenario_close", lang, name=centre_names.get(target, target))


def answer(key: str, spec: tuple[str, str], before: pd.DataFrame, after: pd.DataFrame, sel: Selection,
           names: dict[str, str], area: str) -> list[str]:
    """The what-if's answer in sentences, before any card: how many people come within (or fall beyond) the
    threshold and what share of the view's people that is, how many kommuner change class; and when the new centre
    would stand in a kommune that has one already, that it is so, why little changes, and where to try instead."""
    lang, thr, who = sel.lang, sel.threshold, vocab.people(sel.weight, sel.lang)
    lines = vocab.whatif_lines(whatif_effect(before, after, thr), lang, who, area, thr, len(before))
    if spec[0] == "add":
        hosts = data.centre_hosts(key)
        if spec[1] in hosts:
            lines.append(vocab.t("whatif_host", lang, name=names.get(spec[1], spec[1]), centres=", ".join(hosts[spec[1]])))
            near = nearest_without_centre(data.kommune_points(key), set(hosts), spec[1])
            if near:
                lines.append(vocab.t("whatif_try", lang, names=", ".join(names.get(n, n) for n in near)))
    return lines


MOVED_MINUTES = 5  # a median that moves this much is worth listing even when the class stays


def changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Kommuner whose gap class differs after the change or whose median moves by MOVED_MINUTES or more, the
    largest moves first, with both medians."""
    merged = before[["kommunenummer", "kommunenavn", "gap_class", "median_min_nearest"]].merge(
        after[["kommunenummer", "gap_class", "median_min_nearest"]], on="kommunenummer", suffixes=("_b", "_a"))
    delta = (merged["median_min_nearest_a"] - merged["median_min_nearest_b"]).abs()
    keep = (merged["gap_class_b"] != merged["gap_class_a"]) | (delta >= MOVED_MINUTES)
    return merged[keep].assign(_d=delta[keep]).sort_values("_d", ascending=False).drop(columns="_d").reset_index(drop=True)


def changes_frame(moved: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        vocab.t("kommune", lang): moved["kommunenavn"] + " (" + moved["kommunenummer"] + ")",
        vocab.t("before", lang): moved["gap_class_b"].map(lambda c: vocab.CLASS_LABELS[c][lang]),
        vocab.t("after", lang): moved["gap_class_a"].map(lambda c: vocab.CLASS_LABELS[c][lang]),
        f"{vocab.t('median_min', lang)} ({vocab.t('before', lang)})": moved["median_min_nearest_b"].map(
            lambda v: vocab.fmt(v, lang)),
        f"{vocab.t('median_min', lang)} ({vocab.t('after', lang)})": moved["median_min_nearest_a"].map(
            lambda v: vocab.fmt(v, lang)),
    })


def before_after(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """One row per kommune: the key columns before and after (suffixes _before/_after, like every data file)."""
    out = before[COLUMNS].merge(after[COLUMNS].drop(columns=["kommunenavn", "fylkesnummer", "people"]),
                                on="kommunenummer", suffixes=("_before", "_after"))
    floats = out.select_dtypes("float").columns  # minutes, to a tenth as on the screen's tables
    out[floats] = out[floats].round(1)
    return out


def buttons(key: str, spec: tuple[str, str], scenario_title: str, before: pd.DataFrame, after: pd.DataFrame,
            after_centres: pd.DataFrame, sel: Selection) -> None:
    """CSV (UTF-8 with BOM, kommunenummer as text) and a one-page PDF 'før/etter' of this scenario."""
    what, where = downloads.slug(vocab.t("page_whatif", sel.lang)), downloads.area_slug(key, sel)
    stem = f"{what}-{spec[0]}-{downloads.slug(spec[1])}-{where}-{sel.lang}"
    csv = before_after(before, after).to_csv(index=False).encode("utf-8-sig")
    c1, c2 = st.columns(2)
    c1.download_button(vocab.t("dl_whatif_csv", sel.lang), csv, f"{stem}.csv", "text/csv", key="dl-whatif-csv")

    def pdf() -> bytes:
        from export import whatif

        kommuner, fylker = data.export_geometry()
        buffer = io.BytesIO()
        whatif.sheet(before, after, data.centres(key), after_centres, kommuner, fylker, buffer, title=scenario_title,
                     lang=sel.lang, threshold=sel.threshold, weight=sel.weight, year=data.YEAR, area=sel.fylke or "norge")
        return buffer.getvalue()

    c2.download_button(vocab.t("dl_whatif_pdf", sel.lang), pdf, f"{stem}.pdf", "application/pdf",
                       key="dl-whatif-pdf")
