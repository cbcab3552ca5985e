"""The presenter view in a real browser (Debian chromium via Playwright): the report card links to it; ← →,
Page Up/Page Down and Home/End step and the URL follows; the buttons step for a mouse; "Lysbilde n av m" is a
status for screen readers; reopening the URL shows the same slide; axe-core finds nothing."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

import vocabulary as vocab
from tests.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser
COUNT = '[data-testid="dk-slide-count"]'
TITLES = ["Vefsn (1824)", *(vocab.t(k, "nb") for k in ("slide_gap_title", "travel", "compare", "plan", "sources"))]


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield ctx
    ctx.close()


def _on(page, n: int, of: int = 6) -> None:
    """Slide n is shown: its heading, its count (a live status), and the URL names it (slide 1 is the default)."""
    expect(page.locator(COUNT)).to_have_text(f"Lysbilde {n} av {of}", timeout=60_000)
    expect(page.get_by_role("heading", name=TITLES[n - 1], exact=True)).to_be_visible()
    if n == 1:
        page.wait_for_url(lambda url: "slide=" not in url and "kommune=1824" in url, timeout=30_000)
    else:
        page.wait_for_url(re.compile(rf"[?&]slide={n}(&|$)"), timeout=30_000)


def test_the_keyboard_steps_and_the_url_reopens_the_slide(context, app_url):
    page = context.new_page()
    page.goto(f"{app_url}/kommune?kommune=1824")
    page.get_by_role("link", name=vocab.t("slide_open_presenter", "nb")).click()  # from the report card
    page.wait_for_url(re.compile(r"/presentasjon\?.*kommune=1824"), timeout=60_000)
    _on(page, 1)
    expect(page.locator(COUNT)).to_have_attribute("role", "status")
    expect(page.get_by_role("button", name=vocab.t("slide_prev", "nb"))).to_be_disabled()
    expect(page.get_by_role("img", name=re.compile("^Kart over Nordland"))).to_be_visible()  # the map, with alt text
    page.screenshot(path=str(SCREENSHOTS / "presenter-vefsn-1.png"), full_page=True)
    page.keyboard.press("ArrowRight")
    _on(page, 2)
    page.keyboard.press("PageDown")
    _on(page, 3)
    page.keyboard.press("ArrowLeft")
    _on(page, 2)
    page.keyboard.press("End")
    _on(page, 6)
    expect(page.get_by_role("button", name=vocab.t("slide_next", "nb"))).to_be_disabled()
    page.keyboard.press("ArrowRight")  # stays on the last slide
    page.keyboard.press("PageUp")
    _on(page, 5)
    page.keyboard.press("Home")
    _on(page, 1)
    page.get_by_role("button", name=vocab.t("slide_next", "nb")).click()  # the mouse does the same
    _on(page, 2)
    page.keyboard.press("ArrowRight")
    _on(page, 3)
    page.screenshot(path=str(SCREENSHOTS / "presenter-vefsn-3.png"), full_page=True)
    again = context.new_page()
    again.goto(page.url)
    _on(again, 3)
    expect(again.get_by_role("cell", name="Til eget senter")).to_have_count(0)  # headers are column headers
    expect(again.get_by_role("columnheader", name="Til eget senter")).to_be_visible()


def test_a_link_to_a_slide_opens_it_and_axe_finds_nothing(context, app_url):
    page = context.new_page()
    page.goto(f"{app_url}/presentasjon?kommune=1824&slide=5&endring=open&sted=1820")
    expect(page.locator(COUNT)).to_have_text("Lysbilde 5 av 7", timeout=60_000)
    expect(page.get_by_role("heading", name=vocab.t("plan", "nb"), exact=True)).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(page.locator(COUNT)).to_have_text("Lysbilde 6 av 7")
    title = vocab.t("scenario_title", "nb", what=vocab.t("scenario_open_kommune", "nb", name="Alstahaug"))
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    page.wait_for_url(re.compile(r"slide=6"))
    page.screenshot(path=str(SCREENSHOTS / "presenter-vefsn-whatif.png"), full_page=True)
    result = Axe().run(page)
    assert result.response["violations"] == [], [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                                                 for v in result.response["violations"]]
