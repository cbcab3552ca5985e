"""The map behaves like the maps readers know from news sites (issue 19, item 1), in Debian's chromium: the wheel
scrolls the page until the reader holds Ctrl/⌘ or has focused the map, with a hint saying so; the reset button and
the Home key bring back the view; on a phone one finger scrolls the page (no drag handler, touch-action left to the
browser); the tooltip says the median once when the median is the value shown."""

import pytest
from playwright.sync_api import expect

from tests.conftest import SCREENSHOTS, point_on_kommune

pytestmark = pytest.mark.browser
MAP = ".dk-map[data-painted]"
_ZOOM = "document.querySelector('.dk-map').__dk.map.getZoom()"
_CENTRE = "(() => { const c = document.querySelector('.dk-map').__dk.map.getCenter(); return [c.lat, c.lng]; })()"
_TOP = "document.querySelector('.dk-map').getBoundingClientRect().top"


def _painted(page, at_least: int = 1) -> None:
    page.wait_for_function(f"(() => {{ const m = document.querySelector('{MAP}');"
                           f" return m && Number(m.dataset.painted) >= {at_least} && m.__dk; }})()", timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1200)  # Streamlit lays the page out after the first paint; the map refits meanwhile


@pytest.fixture
def desk(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


def _over_the_map(page) -> tuple[float, float]:
    box = page.locator(".dk-map").bounding_box()
    x, y = box["x"] + box["width"] * 0.5, box["y"] + min(box["height"] * 0.3, 200)
    page.mouse.move(x, y)
    return x, y


def test_the_wheel_scrolls_the_page_not_the_map_and_a_hint_says_how_to_zoom(desk, app_url):
    desk.goto(f"{app_url}/kart?fylke=18")
    _painted(desk, 40)
    zoom, top = desk.evaluate(_ZOOM), desk.evaluate(_TOP)
    _over_the_map(desk)
    for _ in range(3):
        desk.mouse.wheel(0, 120)
        desk.wait_for_timeout(150)
    expect(desk.locator(".dk-hint.dk-hint-on")).to_contain_text("Ctrl")
    desk.wait_for_function(f"{_TOP} < {top} - 50", timeout=10_000)  # the page moved up under the pointer
    desk.wait_for_timeout(400)  # Leaflet's wheel debounce (40 ms) and zoom animation would have run by now
    assert desk.evaluate(_ZOOM) == zoom
    desk.screenshot(path=str(SCREENSHOTS / "kart-hjul-hint.png"))


def test_ctrl_wheel_zooms_the_map_and_reset_brings_the_view_back(desk, app_url):
    desk.goto(f"{app_url}/kart?fylke=18")
    _painted(desk, 40)
    zoom, centre = desk.evaluate(_ZOOM), desk.evaluate(_CENTRE)
    _over_the_map(desk)
    desk.keyboard.down("Control")
    desk.mouse.wheel(0, -240)
    desk.keyboard.up("Control")
    desk.wait_for_function(f"{_ZOOM} > {zoom}", timeout=10_000)
    expect(desk.locator(".dk-hint.dk-hint-on")).to_have_count(0)
    reset = desk.get_by_role("button", name="Vis hele området igjen (Home-tasten)")
    reset.click()
    desk.wait_for_function(f"{_ZOOM} === {zoom}", timeout=10_000)
    assert desk.evaluate(_CENTRE) == pytest.approx(centre, abs=0.02)  # within a few pixels at zoom 6


def test_once_the_map_has_focus_the_wheel_zooms_and_home_resets(desk, app_url):
    desk.goto(f"{app_url}/kart?fylke=18&lang=en")
    _painted(desk, 40)
    zoom = desk.evaluate(_ZOOM)
    desk.focus(".dk-map")
    _over_the_map(desk)
    desk.mouse.wheel(0, -240)
    desk.wait_for_function(f"{_ZOOM} > {zoom}", timeout=10_000)
    expect(desk.get_by_role("button", name="Show the whole area again (Home key)")).to_have_count(1)
    desk.focus(".dk-map")
    desk.keyboard.press("Home")
    desk.wait_for_function(f"{_ZOOM} === {zoom}", timeout=10_000)


def test_on_a_phone_one_finger_scrolls_the_page(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        phone = context.new_page()
        phone.goto(f"{app_url}/kart?fylke=18")
        _painted(phone, 40)
        assert phone.evaluate("document.querySelector('.dk-map').__dk.map.dragging.enabled()") is False
        # Leaflet gives the page one-finger pans and keeps two-finger pinches for itself.
        assert phone.evaluate("getComputedStyle(document.querySelector('.dk-map')).touchAction") == "pan-x pan-y"
        assert phone.evaluate("document.querySelector('.dk-map').__dk.map.touchZoom.enabled()") is True
    finally:
        context.close()


def test_the_tooltip_says_the_median_once_when_it_is_the_value(desk, app_url):
    desk.goto(f"{app_url}/kart?fylke=55&indikator=median_min_nearest")
    _painted(desk, 21)
    spot = point_on_kommune(desk, "5501")
    assert spot, "no point found on Tromsø"
    desk.mouse.move(*spot)
    tip = desk.locator(".leaflet-tooltip").filter(has_text="Tromsø (5501)")
    expect(tip).to_be_visible(timeout=10_000)
    text = tip.inner_text()
    assert text.count("Median minutter til nærmeste senter") == 1, text
    assert "Median til nærmeste senter" not in text, text
