"""What the Leaflet map script (dashboard/static/mapview.js) is given besides geometry: per kommune its palette
index and value text, the centres at town level, the tooltip facts. Shared by the app's map component
(dashboard/mapview.py) and the self-contained HTML export (export/html.py); pandas only, no Streamlit."""

from __future__ import annotations

import pandas as pd

import vocabulary as vocab


def values(table: pd.DataFrame, indicator: str, threshold: int, lang: str, medians: bool = False) -> dict:
    """What a repaint sends: per shown kommune its palette index and value text, the positions of the kommuner
    close to the threshold (`n`, from the table's close_to_threshold) with the tooltip line they get (and, for a
    scenario whose medians differ from the published tooltip facts, the median)."""
    entries = vocab.legend(indicator, lang, threshold)
    index = {key: i for i, (key, *_rest) in enumerate(entries)}
    out = {"k": table["kommunenummer"].tolist(),
           "c": vocab.keys(table, indicator, threshold).map(index).astype(int).tolist(),
           "v": vocab.display(table, indicator, lang, threshold).tolist(),
           "palette": [colour for _, _, colour, _ in entries],
           "n": [i for i, close in enumerate(table["close_to_threshold"].tolist()) if close],
           "closeLabel": vocab.t("tip_close", lang, t=int(threshold), b=vocab.error_band(lang))}
    if medians:
        out["m"] = [vocab.fmt(v, lang, 0, "min") for v in table["median_min_nearest"]]
    return out


def map_labels(indicator: str, threshold: int, lang: str) -> dict:
    """The words the map script shows around the values: tooltip line names, what the wheel and a finger do,
    the reset button. One home for the app's map and the HTML export."""
    return {"value": vocab.label(indicator, lang, threshold), "plan": vocab.t("plan_short", lang),
            "centre": vocab.t("centre_short", lang), "median": vocab.t("median_short", lang),
            "valueIsMedian": indicator == "median_min_nearest",
            "nothing": vocab.t("map_nothing", lang), "failed": vocab.t("map_failed", lang),
            "wheelHint": vocab.t("map_wheel_hint", lang), "touchHint": vocab.t("map_touch_hint", lang),
            "reset": vocab.t("map_reset", lang), "zoomIn": vocab.t("ui_zoom_in", lang),
            "zoomOut": vocab.t("ui_zoom_out", lang)}


def centres_payload(centres: pd.DataFrame) -> list[list]:
    """Name, town, lat, lon at town level (2 decimals) and whether the centre is hypothetical."""
    return [[str(r.name), str(r.town), round(float(r.lat), 2), round(float(r.lon), 2),
             int(str(r.id).startswith("ny-"))] for r in centres.itertuples()]


def facts(table: pd.DataFrame, lang: str) -> dict[str, list[str]]:
    """Per kommune the tooltip lines no indicator or threshold changes: name, plan status with its source date (or
    'udatert'), own centre with its evidence, median minutes to the nearest centre (for the table's weight)."""
    out = {}
    for r in table.itertuples():
        word = vocab.PLAN_LABELS[r.plan_status][lang]
        when = vocab.as_of_text(r.plan_as_of, lang)
        if vocab.is_old(r.plan_as_of):
            when += ", " + vocab.t("age_note", lang, years=vocab.age_years(r.plan_as_of))
        plan = word if r.plan_status == "unknown" else f"{word} ({when})"
        asked_on = getattr(r, "plan_asked_on", "")
        if asked_on:  # the campaign's open request: an extra fact, the status stays what it is
            plan += " — " + vocab.t("asked_short", lang, date=vocab.date_text(asked_on, lang))
        evidence = vocab.EVIDENCE_LABELS.get(r.catchment_evidence, {}).get(lang, "")
        out[r.kommunenummer] = [str(r.kommunenavn), plan, f"{r.centre_name} ({evidence})",
                                vocab.fmt(r.median_min_nearest, lang, 0, "min")]
    return out
