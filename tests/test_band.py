"""The error band and "close to the threshold" (coverage.gaps.close_to_threshold, b = params.TIME_ERROR_BAND), held
against an independent recomputation everywhere a reader meets it: the KPI card, the table, the tooltip payload, the
CSV/XLSX/GeoJSON, the fact sheets, the legend and the method page.

The independent rule is written the other way round from the code: a kommune is close when the near/far class at
one end of its band differs from the class at its median (near = minutes ≤ T; the class only changes once along
the band, so its two ends are enough)."""

import io
import json
import subprocess

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import vocabulary as vocab
from coverage import gaps, indicators, params
from export import factsheet, payload, tables
from tests.conftest import page_text, point_on_kommune
from tests.test_dashboard import APP

CLOSE_AT_90, CLEAR_AT_90 = "1577", "0301"  # Volda (median ≈ 90 min) and Oslo, as the checks below confirm


def _independent(median: pd.Series, threshold: float, b: float | None = None) -> pd.Series:
    """Close by flipping: the class at either end of [m·(1−b), m·(1+b)] differs from the class at m; no median
    (no road) is never close."""
    b = params.TIME_ERROR_BAND if b is None else b
    m = median.astype(float)
    near = m <= threshold
    flips = ((m * (1 - b) <= threshold) != near) | ((m * (1 + b) <= threshold) != near)
    return (flips & m.notna()).rename(None)


# --- the rule at its edges, worked out by hand (b = 0.25 makes the ends exact binary fractions)
def _frame(medians, column="median_min_nearest"):
    return pd.DataFrame({column: medians})


def test_the_lower_end_counts_and_the_upper_end_does_not():
    # m = 120: band 90–150, T = 90 at the lower end: far now, near at 90 → close
    # m = 72: band 54–90, T = 90 at the upper end: near now and near at 90 → not close
    # m = 90: band 67.5–112.5 → close; m = 60 (45–75) and m = 130 (97.5–162.5) → clear; no median → never close
    t = _frame([120.0, 72.0, 90.0, 60.0, 130.0, np.nan])
    got = gaps.close_to_threshold(t, 90, b=0.25)
    assert list(got) == [True, False, True, False, False, False]
    assert list(got) == list(_independent(t["median_min_nearest"], 90, 0.25))


def test_band_ends_and_no_band_at_zero_error():
    low, high = gaps.band(np.array([80.0, np.nan]), 0.25)
    assert low[0] == 60.0 and high[0] == 100.0 and np.isnan(low[1]) and np.isnan(high[1])
    assert not gaps.close_to_threshold(_frame([90.0, 89.0, 91.0]), 90, b=0.0).any()


def test_the_basis_and_the_constant_are_followed(monkeypatch):
    t = pd.DataFrame({"median_min_nearest": [70.0], "median_min_affiliated": [85.0]})
    assert not gaps.close_to_threshold(t, 90, "nearest", b=0.1).iloc[0]
    assert gaps.close_to_threshold(t, 90, "affiliated", b=0.1).iloc[0]
    monkeypatch.setattr(params, "TIME_ERROR_BAND", 0.5)  # the default b is read from params at call time
    assert gaps.close_to_threshold(t, 90).iloc[0]
    assert vocab.error_band("nb") == "50\u00a0%" and vocab.error_band("en", plain=True) == "0.50"


@pytest.mark.parametrize("bad", [-0.1, 1.0, float("nan")])
def test_a_bad_band_is_refused(bad):
    with pytest.raises(ValueError, match=r"time error band .* allowed: a share from 0"):
        gaps.close_to_threshold(_frame([90.0]), 90, b=bad)


# --- the published table and what is built from it
@pytest.fixture(scope="module")
def tables_by_threshold(model, indicators_table):
    return {90: indicators_table, **{t: indicators.per_kommune(model, threshold=t) for t in (60, 120)}}


@pytest.mark.parametrize("threshold", [60, 90, 120])
def test_table_marks_and_band_match_an_independent_recomputation(tables_by_threshold, threshold):
    t = tables_by_threshold[threshold]
    want = _independent(t["median_min_nearest"], threshold)
    assert list(t["close_to_threshold"]) == list(want)
    b = params.TIME_ERROR_BAND
    assert np.allclose(t["band_low_min"], t["median_min_nearest"] * (1 - b), equal_nan=True)
    assert np.allclose(t["band_high_min"], t["median_min_nearest"] * (1 + b), equal_nan=True)
    assert 0 < want.sum() < len(t)


def test_the_named_kommuner_are_on_either_side(indicators_table):
    by = indicators_table.set_index("kommunenummer")
    assert _independent(by["median_min_nearest"], 90)[CLOSE_AT_90]
    assert not _independent(by["median_min_nearest"], 90)[CLEAR_AT_90]


@pytest.mark.parametrize("threshold", [60, 90])
def test_tooltip_payload_marks_the_close_kommuner(tables_by_threshold, threshold):
    t = tables_by_threshold[threshold]
    v = payload.values(t, "gap_class", threshold, "nb")
    marked = {v["k"][i] for i in v["n"]}
    want = set(t.loc[_independent(t["median_min_nearest"], threshold), "kommunenummer"])
    assert marked == want
    assert v["closeLabel"] == vocab.t("tip_close", "nb", t=threshold, b=vocab.error_band("nb"))
    assert f"{threshold} min" in v["closeLabel"] and vocab.error_band("nb") in v["closeLabel"]


def test_csv_xlsx_and_geojson_carry_the_mark_and_the_band(indicators_table, model):
    want = _independent(indicators_table.set_index("kommunenummer")["median_min_nearest"], 90)
    median = indicators_table.set_index("kommunenummer")["median_min_nearest"]
    b = params.TIME_ERROR_BAND
    csv = pd.read_csv(io.BytesIO(tables.to_csv(indicators_table)), dtype={"kommunenummer": str}, encoding="utf-8-sig")
    csv = csv.set_index("kommunenummer")
    assert csv["close_to_threshold"].astype(bool).equals(want.reindex(csv.index))
    assert np.allclose(csv["band_low_min"], (median * (1 - b)).reindex(csv.index), atol=1e-4)
    assert np.allclose(csv["band_high_min"], (median * (1 + b)).reindex(csv.index), atol=1e-4)
    sheets = pd.read_excel(io.BytesIO(tables.to_xlsx(indicators_table)), sheet_name=None, dtype={"kommunenummer": str})
    xlsx = sheets["kommuner"].set_index("kommunenummer")["close_to_threshold"]
    assert xlsx.astype(bool).equals(want.reindex(xlsx.index))
    described = sheets["kolonner"].set_index("kolonne / column")
    assert "nær terskelen" in described.loc["close_to_threshold", "betydning"].lower()
    geo = json.loads(tables.to_geojson(indicators_table, model.kommuner))
    props = {f["properties"]["kommunenummer"]: f["properties"] for f in geo["features"]}
    for knr in (CLOSE_AT_90, CLEAR_AT_90, "4026", "1828", "5501"):
        assert props[knr]["close_to_threshold"] is bool(want[knr])


# --- the fact sheets
def _pdf_text(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.parametrize(("knr", "lang"), [(CLOSE_AT_90, "nb"), (CLEAR_AT_90, "en"), ("4026", "en")])
def test_kommune_fact_sheet_states_the_band_and_the_verdict(export_inputs, knr, lang):
    t = export_inputs["table"]
    row = t.set_index("kommunenummer", drop=False).loc[knr]
    buf = io.BytesIO()
    factsheet.kommune_sheet(row, export_inputs["areas"].loc[row["fylkesnummer"]], export_inputs["norge"], t,
                            export_inputs["kommuner"], export_inputs["fylker"], export_inputs["centres"], buf, lang)
    text = _pdf_text(buf.getvalue())
    m, b = float(row["median_min_nearest"]), params.TIME_ERROR_BAND
    band = f"{vocab.fmt(m * (1 - b), lang, 0)}–{vocab.fmt(m * (1 + b), lang, 0, 'min')}".replace("\u00a0", " ")
    assert band in text
    close = bool(_independent(pd.Series([m]), 90).iloc[0])
    verdict, other = ("band_close", "band_clear") if close else ("band_clear", "band_close")
    assert vocab.t(verdict, lang, t=90) in text
    assert vocab.t(other, lang, t=90) not in text


def test_fylke_fact_sheet_counts_the_close_kommuner(export_inputs):
    t = export_inputs["table"]
    rows = t[t["fylkesnummer"] == "15"]
    n = int(_independent(rows["median_min_nearest"], 90).sum())
    buf = io.BytesIO()
    factsheet.fylke_sheet("15", export_inputs["areas"].loc["15"], export_inputs["norge"], t, export_inputs["kommuner"],
                          export_inputs["fylker"], export_inputs["centres"], buf, "nb")
    line = vocab.t("sheet_close_count", "nb", t=90, n=n, total=len(rows), b=vocab.error_band("nb"))
    assert line.replace("\u00a0", " ") in _pdf_text(buf.getvalue())


# --- the app: KPI card, table, report card, legend, method page
def _app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


@pytest.mark.parametrize(("query", "fylke", "thr", "lang"), [
    ({}, "", 90, "nb"),
    ({"fylke": "55", "terskel": "60", "lang": "en"}, "55", 60, "en"),
    ({"fylke": "46", "terskel": "120"}, "46", 120, "nb"),
])
def test_kpi_card_table_and_legend_count_close_kommuner(indicators_table, query, fylke, thr, lang):
    at = _app(**query)
    assert not at.exception
    shown = indicators_table[indicators_table["fylkesnummer"] == fylke] if fylke else indicators_table
    want = _independent(shown.set_index("kommunenummer")["median_min_nearest"], thr)  # the median is T-free
    cards = {m.label: m.value for m in at.metric}
    assert cards[vocab.t("close_mark", lang)] == f"{int(want.sum())} {vocab.t('of', lang)} {len(shown)}"
    table = at.dataframe[0].value
    column = vocab.t("close_col", lang, t=thr, b=vocab.error_band(lang))
    marks = dict(zip(table.iloc[:, 0], table[column], strict=True))
    yes, no = vocab.t("close_yes", lang), vocab.t("close_no", lang)
    assert {k: marks[f"{n} ({k})"] for k, n in zip(shown["kommunenummer"], shown["kommunenavn"], strict=True)} == \
        {k: yes if v else no for k, v in want.items()}
    assert vocab.t("legend_close", lang, n=int(want.sum()), b=vocab.error_band(lang)) in page_text(at)


@pytest.mark.parametrize(("knr", "lang"), [(CLOSE_AT_90, "nb"), (CLEAR_AT_90, "en")])
def test_report_card_states_the_band(indicators_table, knr, lang):
    at = _app(kommune=knr, lang=lang)
    at = at.switch_page("views/kommune.py").run()
    assert not at.exception
    text = page_text(at).replace("\u00a0", " ")
    m = float(indicators_table.set_index("kommunenummer").loc[knr, "median_min_nearest"])
    b = params.TIME_ERROR_BAND
    assert f"{vocab.fmt(m * (1 - b), lang, 0)}–{vocab.fmt(m * (1 + b), lang, 0, 'min')}".replace("\u00a0", " ") in text
    close = bool(_independent(pd.Series([m]), 90).iloc[0])
    assert vocab.t("band_close" if close else "band_clear", lang, t=90) in text
    assert (vocab.t("close_mark", lang).lower() in text) is close


def test_method_page_states_the_band_from_the_code(indicators_table):
    for lang in ("nb", "en"):
        template = vocab.WORDS["m_band"][lang]
        assert vocab.error_band(lang) not in template and vocab.error_band(lang, plain=True) not in template
        assert {"{b}", "{b_plain}", "{n}", "{t}"} <= set(__import__("re").findall(r"{\w+}", template))
    at = _app().switch_page("views/metode.py").run()
    assert not at.exception
    text = page_text(at)
    n = int(_independent(indicators_table["median_min_nearest"], 90).sum())
    assert vocab.t("m_band", "nb", b=vocab.error_band("nb"), b_plain=vocab.error_band("nb", plain=True), t=90, n=n,
                   total=len(indicators_table)) in text


# --- the real browser: the tooltip line, and screenshots of the screens that show the band
@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1400})  # the whole map in view
    yield context.new_page()
    context.close()


def _hover(page, knr: str, name: str):
    """Move the mouse onto a point that lies on the kommune until its tooltip shows (the map may still be settling
    into its bounds after the first paint); returns the tooltip's locator."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    tip = page.locator(".leaflet-tooltip").filter(has_text=f"{name} ({knr})")
    for _ in range(5):
        spot = point_on_kommune(page, knr)
        assert spot, f"no point found on {knr}"
        page.mouse.move(5, 5)
        page.mouse.move(*spot, steps=4)
        try:
            tip.wait_for(timeout=3_000)
            return tip
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"no tooltip for {knr}")


@pytest.mark.browser
def test_tooltip_marks_a_close_kommune_and_not_a_clear_one(page, app_url, indicators_table):
    from playwright.sync_api import expect

    from tests.conftest import SCREENSHOTS

    rows = indicators_table[indicators_table["fylkesnummer"] == "15"].set_index("kommunenummer")
    want = _independent(rows["median_min_nearest"], 90)
    assert want["1577"]  # Volda close
    near = rows["median_min_nearest"].where(~want & (rows["median_min_nearest"] <= 90))
    clear = near.idxmax()  # the clear kommune nearest the threshold from below
    clear_name = rows.at[clear, "kommunenavn"]
    label = vocab.t("tip_close", "nb", t=90, b=vocab.error_band("nb"))
    page.goto(f"{app_url}/?fylke=15")
    page.wait_for_function("document.querySelectorAll('path.dk-kommune').length >= 27 &&"
                           " Number((document.querySelector('.dk-map[data-painted]') || {dataset: {}}).dataset.painted) >= 27",
                           timeout=60_000)
    page.get_by_text(vocab.t("legend_close", "nb", n=int(want.sum()), b=vocab.error_band("nb"))).wait_for()
    expect(_hover(page, "1577", "Volda")).to_contain_text(label)
    page.screenshot(path=str(SCREENSHOTS / "band-kart-more-og-romsdal.png"))
    expect(_hover(page, clear, clear_name)).not_to_contain_text(label)
    page.goto(f"{app_url}/kommune?kommune=1577")
    page.get_by_text(vocab.t("band_close", "nb", t=90)).wait_for(timeout=60_000)
    page.get_by_text(vocab.t("highlight_note", "nb", name="Volda")).wait_for(timeout=60_000)  # the last thing drawn
    page.screenshot(path=str(SCREENSHOTS / "band-kommune-volda.png"), full_page=True)
    page.goto(f"{app_url}/metode?lang=en")
    page.get_by_role("heading", name=vocab.t("m_band_h", "en")).wait_for(timeout=120_000)
    page.get_by_role("heading", name=vocab.t("m_band_h", "en")).scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "band-metode-en.png"))
