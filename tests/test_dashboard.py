"""Each view under AppTest: runs without exception, KPIs equal coverage/'s, bad links give a notice."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coverage import indicators
from export import style

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def _app(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def _go(at: AppTest, page: str) -> AppTest:
    return at.switch_page(page).run()


def _kpis(model, fylke, threshold, weight="all"):
    table = indicators.per_kommune(model, weight, threshold)
    if fylke:
        table = table[table["fylkesnummer"] == fylke]
        area = indicators.per_area(model, "fylke", weight, threshold=threshold).set_index("area").loc[fylke]
    else:
        area = indicators.per_area(model, "norge", weight, threshold=threshold).iloc[0]
    return indicators.selection_summary(table, threshold, area)


def test_map_view_runs_and_kpis_match_coverage(model):
    at = _app()
    assert not at.exception
    expected = _kpis(model, "", 90)
    values = [m.value for m in at.metric]
    assert values[0] == style.fmt(expected["beyond"], "nb")
    assert values[1] == f"{expected['without_plan']} av {expected['kommuner']}"
    assert values[2] == style.fmt(expected["median_min"], "nb", 0, "min")


def test_map_view_for_troms_women_threshold_60_in_english(model):
    at = _app(fylke="55", terskel="60", vekt="women18", lang="en")
    assert not at.exception
    expected = _kpis(model, "55", 60, "women18")
    values = [m.value for m in at.metric]
    assert values[0] == style.fmt(expected["beyond"], "en")
    assert values[1] == f"{expected['without_plan']} of {expected['kommuner']}"
    assert "Women 18+" in [r.options for r in at.sidebar.radio][1]


def test_bad_query_parameters_give_a_notice_and_defaults():
    at = _app(kommune="9999", terskel="abc", indikator="nope")
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    for bad in ("kommune=9999", "terskel=abc", "indikator=nope"):
        assert bad in notices
    assert at.sidebar.select_slider[0].value == 90


@pytest.mark.parametrize("page", ["views/kommune.py", "views/hva_om.py", "views/metode.py"])
def test_other_views_run(page):
    at = _app(kommune="5501")
    at = _go(at, page)
    assert not at.exception, at.exception


def test_kommune_report_card_shows_plan_centre_and_times(model, indicators_table):
    at = _go(_app(kommune="1804"), "views/kommune.py")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown) + " ".join(h.value for h in at.title)
    row = indicators_table.set_index("kommunenummer").loc["1804"]
    assert "Bodø (1804)" in text
    assert style.PLAN_LABELS[row["plan_status"]]["nb"] in text
    assert row["centre_name"] in text
    tables = [t.value for t in at.table]
    assert style.fmt(row["median_min_nearest"], "nb") in tables[0].to_string()


def test_unknown_plan_is_shown_as_unknown_not_no(indicators_table):
    unknown = indicators_table[indicators_table["plan_status"] == "unknown"]["kommunenummer"].iloc[0]
    at = _go(_app(kommune=unknown), "views/kommune.py")
    text = " ".join(m.value for m in at.markdown)
    assert "### Ukjent" in text and "Ingen plan" not in text


def test_whatif_closing_a_centre_raises_people_beyond(model):
    at = _go(_app(), "views/hva_om.py")
    at = at.radio(key="whatif_action").set_value("close").run()
    centre = at.selectbox(key="whatif_centre-")
    at = centre.set_value("salten").run()
    assert not at.exception
    before, after = at.metric[0].value, at.metric[1].value
    to_int = lambda s: int(s.replace(" ", "").replace("\u00a0", ""))  # noqa: E731
    assert to_int(after) > to_int(before)
    from coverage import scenario

    closed = indicators.per_kommune(scenario.close_centre(model, "salten"), "all", 90)
    base = indicators.per_kommune(model, "all", 90)
    doubles = [int((t["gap_class"] == "dobbelt_gap").sum()) for t in (base, closed)]
    assert at.metric[2].value == f"{doubles[0]} → {doubles[1]}"
    assert "Kilde" in at.metric[2].help and "ukjent planstatus" in at.metric[2].help


def test_english_switch_translates_the_page():
    at = _app()
    at = at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert any("Median drive time" in m.label for m in at.metric)
    assert at.query_params["lang"] == ["en"] or at.query_params["lang"] == "en"


def test_download_buttons_on_map_and_kommune_views():
    at = _app()
    labels = [b.label for b in at.get("download_button")]
    assert {"CSV", "XLSX", "GeoJSON", "PDF A4", "SVG"} <= set(labels)
    at = _go(_app(kommune="1804"), "views/kommune.py")
    labels = [b.label for b in at.get("download_button")]
    assert any("Faktaark Bodø" in label for label in labels)


def test_troms_question_no_known_plan_and_over_90_minutes(model, indicators_table):
    """The newcomer's question: which kommuner in Troms have no known plan and a median over 90 minutes?"""
    at = _app(fylke="55")
    at.toggle(key="only_gaps").set_value(True).run()
    assert not at.exception
    shown = at.dataframe[0].value
    t = indicators_table
    expected = t[(t["fylkesnummer"] == "55") & (t["plan_status"] != "adopted") & (t["median_min_nearest"] > 90)]
    assert len(shown) == len(expected) > 0
    assert set(shown["Kommune"]) == set(expected["kommunenavn"] + " (" + expected["kommunenummer"] + ")")
