"""Every empty result explains itself and offers no empty file (issue 19, item 3): the Kart page's table filter,
checked against the oracle's kommune rows (tests/oracle.py) with the plan groups worked out here."""

import pytest

import vocabulary as vocab
from tests import oracle, readback
from tests.conftest import app_page, the_one_info_box

GROUP_WORDS = {"current": "gyldig plan", "not_current": "kilde som viser at gyldig plan mangler",
               "unknown": "ukjent planstatus"}


def _far_by_group(rows, threshold: int) -> dict[str, int]:
    far = ~(rows["median_min_nearest"].astype(float) <= threshold)
    groups = rows["plan_status"].map(oracle.PLAN_GROUP)
    return {g: int((far & (groups == g)).sum()) for g in ("current", "not_current", "unknown")}


@pytest.mark.parametrize(("fylke", "filter_", "threshold", "wanted"), [
    ("11", "double_gap", 90, "not_current"),     # Rogaland: the far kommuner all have unknown status
    ("15", "far_unknown", 120, "unknown"),      # Møre og Romsdal at 120 min: the far ones have a known status
])
def test_an_empty_filter_says_how_many_are_far_and_what_status_they_have(oracle_for, empty_register, fylke,
                                                                         filter_, threshold, wanted):
    rows = oracle_for("all", threshold)[0]
    rows = rows[rows["fylkesnummer"] == fylke]
    far = _far_by_group(rows, threshold)
    assert far[wanted] == 0 and sum(far.values()) > 0, far  # the case still holds on today's data
    at = app_page(None, fylke=fylke, filter=filter_, terskel=str(threshold))
    text = the_one_info_box(at)
    assert f"{sum(far.values())} kommuner har median over {threshold} min" in text, (text, far)
    assert f"ingen av dem har {GROUP_WORDS[wanted]}" in text, text
    for group, n in far.items():
        assert (f"{GROUP_WORDS[group]} ({n})" in text) == (n > 0), (group, n, text)
    assert vocab.t("filter_far", "nb", t=threshold) in text  # where to look instead
    labels = {b.label for b in at.get("download_button")}
    assert not [label for label in labels if "CSV" in label or "XLSX" in label or "GeoJSON" in label], labels
    assert vocab.t("empty_no_file", "nb") in " ".join(c.value for c in at.caption)
    assert len(at.dataframe) == 0


@pytest.mark.parametrize(("fylke", "place"), [("03", "Oslo"), ("32", "Akershus")])
def test_an_empty_far_filter_names_the_kommune_that_comes_closest(oracle_for, empty_register, fylke, place):
    rows = oracle_for("all", 90)[0]
    rows = rows[rows["fylkesnummer"] == fylke]
    longest = rows.loc[rows["median_min_nearest"].astype(float).idxmax()]
    text = the_one_info_box(app_page(None, fylke=fylke, filter="far"))
    assert f"Ingen kommune i {place} har median over 90 min" in text, text
    assert f"{longest['kommunenavn']} ({longest.name})" in text, text  # oracle rows are indexed by kommunenummer
    shown = readback.numbers(text.split("Lengst er")[1], "nb")
    assert readback.near(shown[-1], float(longest["median_min_nearest"])), (shown, longest["median_min_nearest"])


def test_a_filter_with_rows_keeps_its_downloads_and_table(empty_register):
    at = app_page(None, fylke="11", filter="far")
    labels = {b.label for b in at.get("download_button")}
    assert {"Tabellen (CSV)", "Tabellen (XLSX)", "Alle kolonner (CSV)", "Alle kolonner (XLSX)", "Kartdata (GeoJSON)"} <= labels
    assert len(at.dataframe) == 1
