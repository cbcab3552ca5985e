"""Real browser (Debian chromium via Playwright) against `streamlit run`: the map paints from local assets,
a click opens the report card, a shared URL reopens the same view, English switch. Screenshots saved."""

import re
import time

import pytest

from tests.conftest import SCREENSHOTS, start_app

pytestmark = pytest.mark.browser


def _map_frame(page, at_least: int, timeout: float = 45.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for frame in page.frames:
            try:
                if frame.locator("path.dk-kommune").count() >= at_least:
                    return frame
            except Exception:  # frames come and go while Streamlit renders
                pass
        time.sleep(0.2)
    raise AssertionError(f"map did not paint {at_least} kommune paths within {timeout} s")


def _click_inside(path) -> None:
    """Click a point that really lies on the kommune (not on a centre marker or outside a concave shape)."""
    box = path.bounding_box()
    spot = path.evaluate("""(el, box) => {
        const r = el.getBoundingClientRect();
        for (let fy = 0.3; fy <= 0.7; fy += 0.05) {
            for (let fx = 0.3; fx <= 0.7; fx += 0.05) {
                const x = r.left + fx * r.width, y = r.top + fy * r.height;
                if (document.elementFromPoint(x, y) === el) { return [fx * r.width, fy * r.height]; }
            }
        }
        return null;
    }""", box)
    assert spot, "no clickable point found on the kommune"
    path.click(position={"x": spot[0], "y": spot[1]})


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.external_requests = []
    pg.on("request", lambda r: pg.external_requests.append(r.url)
          if not re.match(r"^(http://127\.0\.0\.1|data:|blob:|about:)", r.url) else None)
    yield pg
    context.close()


def test_national_map_paints_357_kommuner_with_no_third_party_request(page, app_url):
    page.goto(app_url)
    frame = _map_frame(page, 357)
    assert frame.locator("path.dk-kommune").count() == 357
    assert frame.locator("path.dk-centre").count() == 42
    page.get_by_text("Tegnforklaring").wait_for()
    time.sleep(1)
    page.screenshot(path=str(SCREENSHOTS / "kart-norge.png"), full_page=True)
    assert page.external_requests == []


def test_clicking_a_kommune_opens_its_report_card(page, app_url):
    page.goto(f"{app_url}/?fylke=03")
    frame = _map_frame(page, 1)
    # st_folium reports its first (empty) state just after the map draws; let that settle, as a person would.
    page.wait_for_load_state("networkidle")
    time.sleep(1.5)
    heading = page.get_by_role("heading", name="Oslo (0301)")
    _click_inside(frame.locator("path.dk-kommune").first)
    heading.wait_for(timeout=30_000)
    assert "/kommune" in page.evaluate("window.location.href")
    assert "kommune=0301" in page.evaluate("window.location.href")
    page.get_by_text("Handlingsplan mot vold i nære relasjoner").first.wait_for()
    page.screenshot(path=str(SCREENSHOTS / "kommune-oslo.png"), full_page=True)


def test_shared_url_reopens_the_same_view_in_english(page, app_url):
    page.goto(f"{app_url}/kommune?kommune=5501&lang=en&terskel=60")
    page.get_by_role("heading", name="Tromsø (5501)").wait_for(timeout=30_000)
    page.get_by_text("Action plan against domestic violence").wait_for()
    page.get_by_text("Share beyond 60 min").first.wait_for()
    _map_frame(page, 1)
    page.screenshot(path=str(SCREENSHOTS / "kommune-tromso-en.png"), full_page=True)


def test_troms_view_from_a_link_and_switch_to_english(page, app_url):
    page.goto(f"{app_url}/?fylke=55&indikator=gap_class")
    frame = _map_frame(page, 10)
    assert frame.locator("path.dk-kommune").count() == 21
    page.get_by_text("English").click()
    page.get_by_text("Median drive time to nearest centre").wait_for(timeout=30_000)
    assert "lang=en" in page.evaluate("window.location.href")
    assert "fylke=55" in page.evaluate("window.location.href")
    _map_frame(page, 10)
    time.sleep(1)
    page.screenshot(path=str(SCREENSHOTS / "kart-troms-en.png"), full_page=True)


def test_csv_download_from_the_map_view(page, app_url, tmp_path):
    page.goto(f"{app_url}/?fylke=55")
    _map_frame(page, 10)
    page.wait_for_load_state("networkidle")
    time.sleep(1.5)  # the map's first report reruns the page once; click after that, as a person would
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="CSV", exact=True).click()
    path = tmp_path / "troms.csv"
    info.value.save_as(path)
    import pandas as pd

    df = pd.read_csv(path, dtype={"kommunenummer": str}, encoding="utf-8-sig")
    assert len(df) == 21 and df["kommunenummer"].str.startswith("55").all()


def test_first_visit_on_a_cold_cache_computes_everything_and_paints(page, tmp_path):
    """A new user's first visit: no parsed or computed cache at all; the app builds it and draws the map."""
    import os

    url, proc = start_app(os.environ | {"DEKNING_CACHE_DIR": str(tmp_path / "cache")})
    try:
        page.goto(url)
        assert _map_frame(page, 357, timeout=240).locator("path.dk-kommune").count() == 357
        assert any((tmp_path / "cache").glob("model-*.pkl"))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
