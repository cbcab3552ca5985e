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
