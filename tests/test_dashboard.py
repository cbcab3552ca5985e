"""Each view under AppTest: KPI cards against an independent computation over the cell table, notices for bad
links shown as plain text, the report card's evidence and dates, Hva om from a choice or a link."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import vocabulary as vocab
from coverage import gaps, indicators, params, scenario
from coverage.population import WEIGHTS
from tests.conftest import page_text

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def _app(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def _go(at: AppTest, page: str) -> AppTest:
    return at.switch_page(page).run()


def _independent(model, fylke: str, threshold: int, weight: str = "all") -> dict:
    """The KPI cards worked out from the cell table with pandas, not with coverage.indicators/summary."""
    cells = pd.DataFrame({"k": model.cells["kommunenummer"], "w": model.cells[WEIGHTS[weight]],
                          "m": model.cell_minutes().min(axis=0)})
    if fylke:
        cells = cells[cells["k"].str[:2] == fylke]
    reach = np.isfinite(cells["m"])
    ok = cells[reach].sort_values(["k", "m"])
    share = ok.groupby("k")["w"].cumsum() / ok.groupby("k")["w"].transform("sum")
    median = ok[share >= 0.5 - 1e-9].groupby("k")["m"].first()
    plans = model.kommuner.set_index("kommunenummer")["plan_status"]
    plans = plans[plans.index.str[:2] == fylke] if fylke else plans
    far = ~(median.reindex(plans.index) <= threshold)
    not_current = plans.isin(["none", "expired", "in_progress"])
    beyond = cells[reach & (cells["m"] > threshold)].groupby("k")["w"].sum()  # whole people per kommune, then summed
    return {"beyond": float(np.rint(beyond).sum()),
            "unreachable": cells.loc[~reach, "w"].sum(), "kommuner": len(plans),
            "not_current": int(not_current.sum()), "unknown": int((plans == "unknown").sum()),
            "double_gap": int((not_current & far).sum())}


def _number(text: str) -> int:
    return int(text.replace("\u00a0", "").replace(",", "").replace(" ", ""))


@pytest.mark.parametrize(("params", "fylke", "thr", "weight", "lang"), [
    ({}, "", 90, "all", "nb"),
    ({"fylke": "55", "terskel": "60", "vekt": "women18", "lang": "en"}, "55", 60, "women18", "en"),
    ({"fylke": "18", "terskel": "120"}, "18", 120, "all", "nb"),
])
def test_kpi_cards_match_an_independent_computation(model, params, fylke, thr, weight, lang):
    at = _app(**params)
    assert not at.exception
    want = _independent(model, fylke, thr, weight)
    cards = {m.label: m.value for m in at.metric}
    beyond = next(v for k, v in cards.items() if f"{thr} min" in k)
    assert abs(_number(beyond) - want["beyond"]) <= 3  # people are whole numbers per kommune in the table
    of = vocab.t("of", lang)
    assert cards[vocab.t("kpi_not_current", lang)] == f"{want['not_current']} {of} {want['kommuner']}"
    assert cards[vocab.t("kpi_unknown", lang)] == f"{want['unknown']} {of} {want['kommuner']}"
    assert cards[vocab.t("kpi_double", lang)] == str(want["double_gap"])
    # the label names the population weight in use
    assert vocab.people(weight, lang).capitalize() in next(k for k in cards if f"{thr} min" in k)


def test_table_filter_uses_the_gap_rule(indicators_table):
    at = _app(fylke="18", filter="double_gap")
    assert not at.exception
    shown = at.dataframe[0].value
    expected = gaps.select(indicators_table[indicators_table["fylkesnummer"] == "18"], "double_gap")
    assert len(shown) == len(expected) > 0
    names = set(expected["kommunenavn"] + " (" + expected["kommunenummer"] + ")")
    assert set(shown.iloc[:, 0]) == names


@pytest.fixture(scope="module")
def calibration_report(model):
    """The method page's cross-validation (tens of seconds when cold), computed once into the disk cache before any
    page run so no AppTest waits on it (`python -m coverage prepare` does the same before the app starts)."""
    from coverage import validation

    return validation.report(model)


@pytest.mark.parametrize("page", ["views/kart.py", "views/kommune.py", "views/hva_om.py", "views/metode.py"])
def test_every_view_runs(page, calibration_report):
    at = _go(_app(kommune="5501"), page)
    assert not at.exception, at.exception


def test_method_page_states_the_parameters_the_model_uses(calibration_report):
    """The method prose takes its figures from coverage/params.py: no parameter is typed into the words, and
    every one the page states is the value the model runs with."""
    p = params.Params()
    stated = {"factor": (p.length_factor, 3), "detour": (p.access_detour, 1), "access": (p.access_kmh, 0),
              "long_km": (p.ferry_long_km, 1), "flat_kmh": (p.ferry_kmh, 1)}
    for key in ("m_travel", "m_ferries"):
        for lang in ("nb", "en"):
            template = vocab.WORDS[key][lang]
            for name, (value, digits) in stated.items():
                assert vocab.fmt(value, lang, digits) not in template, (key, lang, name)
    assert {"{factor}", "{detour}", "{access}"} <= set(re.findall(r"{\w+}", vocab.WORDS["m_travel"]["nb"]))
    assert {"{long_km}", "{flat_kmh}"} <= set(re.findall(r"{\w+}", vocab.WORDS["m_ferries"]["nb"]))

    at = _go(_app(), "views/metode.py")
    shown = page_text(at) + " ".join(df.value.to_csv(sep=" ") for df in at.dataframe)
    for value, digits in stated.values():
        assert vocab.fmt(value, "nb", digits) in shown
    for kind in params.FERRY_KINDS:
        for value in p.crossing(kind):
            assert vocab.fmt(value, "nb", 1) in shown, (kind, value)
    for _, kmh in p.speeds:
        assert vocab.fmt(kmh, "nb", 1) in shown
    assert vocab.fmt(p.urban_min_per_km, "nb", 3) in shown and vocab.fmt(params.URBAN_CELL_PEOPLE, "nb", 0) in shown
    for _, factor in p.region_speed:
        assert vocab.fmt(factor, "nb", 3) in shown


def test_method_page_headlines_the_out_of_fold_error(calibration_report):
    """The calibration paragraph's bold figure is the out-of-fold median time error, recomputed here with plain pandas
    from the per-route out-of-fold predictions; it names the number of routes and folds, and no figure in the
    template is typed in."""
    rep = calibration_report
    oof = rep["evals"]["current out-of-fold"]
    err = (oof["model_minutes"] / oof["minutes"] - 1).dropna() * 100
    template = vocab.WORDS["m_calibration"]["nb"]
    assert "**{median}**" in template and not re.search(r"\d", template.replace("80 %", ""))
    at = _go(_app(), "views/metode.py")
    text = " ".join(m.value for m in at.markdown)
    para = next(m for m in text.split("\n") if "utenfor utvalget" in m and "Feil i tid" in m)
    assert f"**{vocab.fmt(err.abs().median(), 'nb', 1)} %**" in para
    assert f"verst {vocab.fmt(err.abs().max(), 'nb', 1)} %" in para
    assert f"{rep['routes']} publiserte" in para and f"({len(err)} med tid)" in para and f"{rep['folds']} faste" in para
    insample = rep["evals"]["current in-sample"]
    in_err = (insample["model_minutes"] / insample["minutes"] - 1).abs().dropna().median() * 100
    assert f"**{vocab.fmt(in_err, 'nb', 1)} %**" not in para or in_err == err.abs().median()


HOSTILE = {
    "vekt": "**Ring ikke 112** :red[Krisesenteret er stengt]",
    "kommune": "[Ring 116 006 her](https://evil.example/phish)",
    "fylke": "![p](https://evil.example/p.png)",
    "terskel": "²",
    "indikator": "<b>x</b><script>alert(1)</script>",
    "lang": "\u202eevil\u202c",
    "punkt": "9" * 5000,
}


def test_hostile_links_become_plain_text_notices_and_defaults():
    at = _app(**HOSTILE)
    assert not at.exception
    notices = [e.proto.body for e in at.get("html") if 'class="dk-notice"' in e.proto.body]
    assert len(notices) == len(HOSTILE)
    body = " ".join(notices)
    assert "<b>" not in body and "<script>" not in body and "&lt;b&gt;" in body  # escaped, never markup
    assert "\u202e" not in body and "9" * 41 not in body  # bidi removed, long values shortened
    markdown = " ".join(m.value for m in at.markdown) + " ".join(w.value for w in at.warning)
    assert "evil.example" not in markdown and "Ring ikke" not in markdown
    assert at.sidebar.select_slider[0].value == 90


@pytest.mark.parametrize("page", ["kommune", "hva-om", "metode", "nope", ""])
def test_page_parameter_validates_too(page):
    at = _app(page=page, terskel="abc")
    assert not at.exception
    text = page_text(at)
    assert "abc" in text  # ?page=… forms validate their parameters like page paths
    if page == "nope":
        assert "nope" in text


def test_report_card_shows_plan_centre_dates_and_times(indicators_table):
    at = _go(_app(kommune="1804"), "views/kommune.py")
    assert not at.exception
    text = page_text(at)
    row = indicators_table.set_index("kommunenummer").loc["1804"]
    assert "Bodø (1804)" in text
    assert vocab.PLAN_LABELS[row["plan_status"]]["nb"] in text
    assert row["centre_name"] in text
    assert vocab.as_of_text(row["plan_as_of"], "nb") in text
    assert vocab.fmt(row["median_min_nearest"], "nb") in at.table[0].value.to_string()


def test_undated_and_old_evidence_say_so(indicators_table):
    t = indicators_table
    undated = t[(t["plan_status"] != "unknown") & (t["plan_as_of"] == "undated")]["kommunenummer"].iloc[0]
    text = page_text(_go(_app(kommune=undated), "views/kommune.py"))
    assert "udatert" in text
    old = t[(t["plan_status"] != "unknown") & t["plan_as_of"].map(vocab.is_old)].iloc[0]
    text = page_text(_go(_app(kommune=old["kommunenummer"]), "views/kommune.py"))
    assert f"per {vocab.date_text(old['plan_as_of'], 'nb')}" in text and "år gammel" in text


def test_unknown_plan_is_shown_as_unknown_not_no(indicators_table):
    unknown = indicators_table[indicators_table["plan_status"] == "unknown"]["kommunenummer"].iloc[0]
    text = page_text(_go(_app(kommune=unknown), "views/kommune.py"))
    assert "### Ukjent" in " ".join(m.value for m in _go(_app(kommune=unknown), "views/kommune.py").markdown)
    assert "Ingen plan" not in text


def test_whatif_computes_nothing_before_a_choice():
    at = _go(_app(), "views/hva_om.py")
    assert not at.exception
    assert len(at.metric) == 0
    at = at.radio(key="wi-action-nb").set_value("close").run()
    assert not at.exception and len(at.metric) == 0  # closing needs a choice too
    assert at.selectbox(key="wi-centre-nb").value is None


def test_whatif_close_from_a_link_matches_coverage(model):
    at = _go(_app(endring="close", senter="salten"), "views/hva_om.py")
    assert not at.exception
    before, after = (_number(at.metric[i].value) for i in (0, 1))
    base = indicators.per_kommune(model, "all", 90)
    closed = indicators.per_kommune(scenario.close_centre(model, "salten"), "all", 90)
    reach = lambda t: np.rint(t["share_over_90_nearest"].fillna(0) * (t["people"] - t["unreachable"])).sum()  # noqa: E731
    assert abs(before - reach(base)) <= 1 and abs(after - reach(closed)) <= 1 and after > before
    doubles = [len(gaps.select(t, "double_gap")) for t in (base, closed)]
    assert at.metric[2].value == f"{doubles[0]} → {doubles[1]}"
    labels = [b.label for b in at.get("download_button")]
    assert any("CSV" in label for label in labels) and any("PDF" in label for label in labels)
    assert vocab.t("new_centre_marker", "nb") not in page_text(at)  # nothing new on the map when closing


def test_whatif_open_in_a_kommune_by_choice_goes_to_the_url():
    at = _go(_app(fylke="18"), "views/hva_om.py")
    at = at.selectbox(key="wi-place-nb").set_value("1820").run()
    assert not at.exception
    assert len(at.metric) == 3
    assert at.query_params["endring"] in (["open"], "open") and at.query_params["sted"] in (["1820"], "1820")
    assert vocab.t("new_centre_marker", "nb") in page_text(at)


def test_english_switch_translates_the_page():
    at = _app()
    at = at.sidebar.radio(key="w-lang").set_value("en").run()
    assert not at.exception
    assert any(m.label == "Plan status unknown" for m in at.metric)
    assert at.query_params["lang"] in (["en"], "en")


def test_download_buttons_on_map_and_kommune_views():
    at = _app()
    labels = [b.label for b in at.get("download_button")]
    assert {"Tabellen (CSV)", "Tabellen (XLSX)", "Alle kolonner (CSV)", "Alle kolonner (XLSX)", "Kartdata (GeoJSON)",
            "PNG 1200 px bred, høyde etter området (nettartikkel)",
            "PNG 1080 px bred, høyde etter området (sosiale medier)", "PDF A4 (utskrift)",
            "SVG 1920×1080 (lysbilde)"} <= set(labels)
    at = _go(_app(kommune="1804"), "views/kommune.py")
    labels = [b.label for b in at.get("download_button")]
    assert any("Faktaark Bodø" in label for label in labels)


FUZZ = ["²", "٣٠", "-90", "9" * 5000, "\u202e90\u202c", "<b>x</b>", "[x](https://evil.example)", "0301\x00",
        ":red[x] $x^2$ ![i](https://evil.example/i.png)", ["60", "75"]]
VIEWS = ["views/kart.py", "views/kommune.py", "views/hva_om.py", "views/metode.py", "views/register_propose.py",
         "views/register_review.py", "views/presenter.py"]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("value", FUZZ, ids=lambda v: repr(v)[:20])
def test_every_parameter_of_every_page_fuzzed(view, value):
    """Every URL parameter at once, with one odd value, on every page: notices and defaults, never a traceback."""
    from dashboard import state

    at = AppTest.from_file(APP, default_timeout=180)
    for name in set(state.PARAM_NAMES.values()):
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    notices = [e.proto.body for e in at.get("html") if 'class="dk-notice"' in e.proto.body]
    if value != ["60", "75"]:
        assert len(notices) >= 9, notices  # one per rejected parameter (a few values are valid for some)
    assert all("<b>" not in n and "\u202e" not in n and "9" * 41 not in n for n in notices)
    at = at.switch_page(view).run()
    assert not at.exception, at.exception


def test_the_map_page_offers_the_embed_snippet_for_the_file_it_downloads():
    from export import html as export_html

    at = _app(fylke="18")
    html_button = next(b for b in at.get("download_button") if b.label == vocab.t("html_download", "nb"))
    assert len(at.code) == 0  # on request only (the highlighter is heavy on a first load)
    at = at.toggle(key="embed-show").set_value(True).run()
    codes = [c.value for c in at.code]
    name = "dekningskart-nordland-gap_class-nb.html"
    assert export_html.embed_snippet(name, vocab.t("embed_frame_title", "nb")) in codes, codes
    assert html_button is not None
