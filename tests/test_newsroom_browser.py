"""Issue 19 in a real browser (Debian chromium): an empty table explains itself and offers no file; the what-if
answers in a sentence before its cards. The numbers themselves are held against the oracle in
tests/test_empty_results.py and tests/test_whatif_answer.py; here the reader must see them."""

import pytest
from playwright.sync_api import expect

from tests.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield context.new_page()
    context.close()


def test_an_empty_table_says_why_and_offers_no_file(page, app_url):
    page.goto(f"{app_url}/kart?fylke=11&filter=double_gap")
    why = page.get_by_text("Ingen kommune i Rogaland passer dette utvalget")
    expect(why).to_be_visible(timeout=90_000)
    expect(page.get_by_text("Ingen rader å laste ned for dette utvalget.")).to_be_visible()
    expect(page.get_by_role("button", name="GeoJSON")).to_have_count(0)
    why.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "kart-tomt-utvalg.png"))


def test_the_whatif_answers_in_a_sentence_first(page, app_url):
    page.goto(f"{app_url}/hva-om?fylke=55&endring=open&sted=5530")
    answer = page.get_by_text("Senja (5530) har allerede krisesenter")
    expect(answer).to_be_visible(timeout=120_000)
    expect(page.get_by_text("Nærmeste kommuner uten eget senter:")).to_be_visible()
    # the sentence comes before the cards
    sentence_y = answer.bounding_box()["y"]
    card_y = page.locator("[data-testid='stMetric']").first.bounding_box()["y"]
    assert sentence_y < card_y


def test_a_report_card_map_shows_the_kommune_in_detail_with_its_neighbours_and_centres(page, app_url, oracle_for):
    """Hadsel (1866), an island kommune the shared web layer draws blocky: the report card outlines it in detail,
    names the kommuner it borders and keeps its own and its nearest centre in view (issue 19, item 8)."""
    import geopandas as gpd
    import pandas as pd

    from loaders import boundaries
    from tests.conftest import ROOT

    k = boundaries.kommuner(crs=boundaries.UTM33, detail="M")
    hadsel = k.loc[k["kommunenummer"] == "1866", "geometry"].iloc[0]
    others = k[k["kommunenummer"] != "1866"]
    bordering = others[gpd.GeoSeries(others.geometry).distance(hadsel) < 200]  # metres: touching, or a narrow sound
    row = oracle_for("all", 90)[0].loc["1866"]
    centres = pd.read_csv(ROOT / "geodata" / "crisis_centres.csv", dtype=str).set_index("id")
    wanted = centres.loc[sorted({row["centre_id"], row["nearest_centre_id"]}), ["lat", "lon"]].astype(float)

    page.goto(f"{app_url}/kommune?kommune=1866")
    expect(page.locator("path.dk-highlight")).to_have_count(1, timeout=120_000)
    expect(page.locator(".dk-name")).to_have_count(len(bordering))
    assert sorted(page.locator(".dk-name").all_inner_texts()) == sorted(bordering["kommunenavn"])
    page.wait_for_timeout(800)  # the map refits once Streamlit has laid the page out
    points = page.evaluate("""() => {
        const d = (sel) => (document.querySelector(sel).getAttribute('d').match(/[ML]/g) || []).length;
        return [d('path.dk-highlight'), d('path.dk-kommune[data-k="1866"]')]; }""")
    assert points[0] >= 3 * points[1], points  # the outline in detail, not the blocky shared shape
    inside = page.evaluate("""(pts) => { const m = document.querySelector('.dk-map').__dk.map;
        return pts.map(p => m.getBounds().contains([p[0], p[1]])); }""", wanted.to_numpy().tolist())
    assert all(inside), (wanted, inside)
    box = page.locator(".dk-map").bounding_box()
    for label in page.locator(".dk-name span").all():
        b = label.bounding_box()
        assert box["x"] <= b["x"] and b["x"] + b["width"] <= box["x"] + box["width"] + 1, label.inner_text()
        assert box["y"] <= b["y"] and b["y"] + b["height"] <= box["y"] + box["height"] + 1, label.inner_text()
    page.locator(".dk-map").screenshot(path=str(SCREENSHOTS / "kommune-hadsel-kart.png"))


def test_card_labels_and_notes_are_read_whole(page, app_url):
    """At 1,400 px the five cards' labels ("Innbyggere over 90 min unna") and notes ("7 med gammel/udatert
    kilde") wrap rather than end in an ellipsis."""
    page.goto(f"{app_url}/kart?fylke=18")
    expect(page.locator("[data-testid='stMetric']")).to_have_count(6, timeout=90_000)
    cut = page.evaluate("""() => Array.from(document.querySelectorAll(
        "[data-testid='stMetricLabel'], [data-testid='stMetricLabel'] *, [data-testid='stMetricDelta'],"
        + " [data-testid='stMetricDelta'] *")).filter(e => e.textContent.trim() && e.clientWidth > 0
        && e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)""")
    assert cut == [], cut
