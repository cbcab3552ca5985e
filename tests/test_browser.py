"""Real browser (Debian chromium via Playwright) against `streamlit run`: the map paints from local assets and
repaints in place from values; clicks and the keyboard open a report card; links reopen views; hostile links
stay text; axe-core finds no critical or serious violation on any page; a cold cache shows named steps."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.conftest import SCREENSHOTS, point_on_kommune, script_idle, start_app

pytestmark = pytest.mark.browser
MAP = ".dk-map[data-painted]"


def _painted(page, at_least: int = 1, timeout: float = 60_000) -> None:
    page.wait_for_function(f"(() => {{ const m = document.querySelector('.dk-map[data-painted]');"
                           f" return m && Number(m.dataset.painted) >= {at_least} &&"
                           f" document.querySelectorAll('path.dk-kommune').length >= {at_least}; }})()", timeout=timeout)


def _settle(page, ms: int = 1200) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(ms)


def _click_inside(page, knr: str) -> None:
    """Click a point that really lies on the kommune (not on a centre marker or outside a concave shape)."""
    spot = point_on_kommune(page, knr)
    assert spot, f"no clickable point found on {knr}"
    page.mouse.click(*spot)


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
    _painted(page, 357)
    expect(page.locator("path.dk-kommune")).to_have_count(357)
    expect(page.locator("path.dk-centre")).to_have_count(43)  # 42 centres, Krisesenter Vest with two departments
    page.get_by_text("Tegnforklaring").wait_for()
    _settle(page)
    page.screenshot(path=str(SCREENSHOTS / "kart-norge.png"), full_page=True)
    assert page.external_requests == []


def test_a_sidebar_change_repaints_the_same_map_with_values_only(page, app_url):
    frames = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: frames.append(len(p))))
    page.goto(app_url)
    _painted(page, 357)
    _settle(page)
    page.evaluate("document.querySelector('.dk-map').__dkMark = 'same map'")
    version = page.get_attribute(".dk-map", "data-version")
    frames.clear()
    page.get_by_label("Vis på kartet").click()
    page.get_by_role("option", name="Median minutter til nærmeste senter").click()
    page.wait_for_function(f"document.querySelector('.dk-map').dataset.version !== '{version}'", timeout=30_000)
    _settle(page)
    assert page.evaluate("document.querySelector('.dk-map').__dkMark") == "same map"  # not rebuilt
    expect(page.locator(".dk-map")).to_have_count(1)
    assert sum(frames) <= 60_000, f"{sum(frames)} bytes over the websocket for one repaint"
    fills = set(page.eval_on_selector_all("path.dk-kommune", "els => els.map(e => e.getAttribute('fill'))"))
    import vocabulary as vocab

    assert fills <= {c.lower() for c in vocab.RAMP + [vocab.NO_DATA]} | set(vocab.RAMP + [vocab.NO_DATA])


def test_clicking_a_kommune_opens_its_report_card(page, app_url):
    page.goto(f"{app_url}/?fylke=03")
    _painted(page)
    _settle(page)
    _click_inside(page, "0301")
    page.get_by_role("heading", name="Oslo (0301)").wait_for(timeout=30_000)
    assert "/kommune" in page.url and "kommune=0301" in page.url
    page.get_by_text("Handlingsplan mot vold i nære relasjoner").first.wait_for()
    page.screenshot(path=str(SCREENSHOTS / "kommune-oslo.png"), full_page=True)


def test_the_map_is_one_tab_stop_and_enter_opens_the_kommune_under_the_crosshair(page, app_url):
    page.goto(f"{app_url}/?fylke=03")
    _painted(page)
    _settle(page)
    inside = page.evaluate("""Array.from(document.querySelectorAll('.dk-map-wrap *')).filter(e =>
        e.tabIndex >= 0 && !e.disabled && e.getClientRects().length).length""")
    assert inside == 1
    page.focus(".dk-map")
    expect(page.locator(".dk-live")).to_contain_text("Oslo")  # announced to screen readers
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Oslo (0301)").wait_for(timeout=30_000)


def test_shared_url_reopens_the_same_view_in_english(page, app_url):
    page.goto(f"{app_url}/kommune?kommune=5501&lang=en&terskel=60")
    page.get_by_role("heading", name="Tromsø (5501)").wait_for(timeout=30_000)
    page.get_by_text("Action plan against domestic violence").first.wait_for()
    page.get_by_text("Share beyond 60 min").first.wait_for()
    _painted(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.screenshot(path=str(SCREENSHOTS / "kommune-tromso-en.png"), full_page=True)


def test_troms_view_from_a_link_and_switch_to_english(page, app_url):
    page.goto(f"{app_url}/kart?fylke=55")
    _painted(page, 21)
    expect(page.locator("path.dk-kommune")).to_have_count(21)
    expect(page.locator(MAP)).to_have_attribute("data-painted", "21")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    page.get_by_text("English").click()
    page.get_by_text("Plan status unknown").first.wait_for(timeout=30_000)
    assert "lang=en" in page.url and "fylke=55" in page.url
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=10_000)
    _settle(page)
    page.screenshot(path=str(SCREENSHOTS / "kart-troms-en.png"), full_page=True)


def test_csv_download_from_the_map_view(page, app_url, tmp_path):
    page.goto(f"{app_url}/?fylke=55")
    _painted(page)
    script_idle(page)
    button = page.get_by_role("button", name="Alle kolonner (CSV)", exact=True)
    expect(button).to_be_enabled(timeout=30_000)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    path = tmp_path / "troms.csv"
    info.value.save_as(path)
    # the file says what it holds: area by name, rows, weight, threshold, language
    assert info.value.suggested_filename == "dekningskart-troms-alle-kommuner-all-90min-nb.csv"
    import pandas as pd

    df = pd.read_csv(path, dtype={"kommunenummer": str}, encoding="utf-8-sig")
    assert len(df) == 21 and df["kommunenummer"].str.startswith("55").all()


def test_whatif_click_on_the_map_opens_a_centre_there_and_the_link_keeps_it(page, app_url):
    page.goto(f"{app_url}/hva-om?fylke=18")
    _painted(page)
    _settle(page)
    box = page.locator(".dk-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.55)
    page.wait_for_url(re.compile(r"punkt=\d+\.\d\d(,|%2C)\d+\.\d\d"), timeout=30_000)
    page.get_by_text("Etter").first.wait_for(timeout=60_000)
    expect(page.locator("path.dk-new-centre")).to_have_count(1, timeout=60_000)  # the repaint follows the rerun
    _settle(page)
    text = page.inner_text("body")
    assert "Traceback" not in text and "Error" not in text
    page.screenshot(path=str(SCREENSHOTS / "hva-om-klikk.png"), full_page=True)
    page.goto(page.url)  # the link reopens the same scenario
    page.get_by_text("Etter").first.wait_for(timeout=60_000)
    expect(page.locator("path.dk-new-centre")).to_have_count(1, timeout=60_000)


HOSTILE = ("/?vekt=**Ring+ikke+112**+:red[Krisesenteret+er+stengt]"
           "&kommune=[Ring+116+006+her](https://evil.example/phish)&fylke=![p](https://evil.example/p.png)"
           "&terskel=%C2%B2&indikator=%3Cb%3Ex%3C/b%3E&lang=%E2%80%AEevil")


def test_hostile_links_stay_plain_text_and_fetch_nothing(page, app_url):
    page.goto(app_url + HOSTILE)
    _painted(page)
    _settle(page)
    notices = page.locator(".dk-notice")
    expect(notices).to_have_count(6)
    text = " ".join(notices.all_inner_texts())
    assert "**Ring ikke 112**" in text and ":red[" in text and "<b>x</b>" in text
    assert page.locator("a[href*='evil.example'], img[src*='evil.example']").count() == 0
    assert page.locator(".dk-notice strong, .dk-notice b, .dk-notice a, .dk-notice img").count() == 0
    assert not [u for u in page.external_requests if "evil" in u]


PAGES = ["/", "/kart?fylke=55&indikator=median_min_nearest", "/kommune?kommune=1856", "/hva-om?endring=close&senter=salten",
         "/metode", "/?lang=en&vekt=women18", "/kommune?kommune=0301&lang=en", "/forslag?kommune=5501", "/vurdering"]


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation(page, app_url, path):
    page.goto(app_url + path)
    page.get_by_text("116 006").first.wait_for(timeout=60_000)
    if not any(p in path for p in ("metode", "forslag", "vurdering")):
        _painted(page)
    _settle(page, 2000)
    result = Axe().run(page)
    # The issue asks for 0 critical and 0 serious; every page is now clean at every impact, and stays so.
    assert result.response["violations"] == [], [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3], v["nodes"][0].get("failureSummary", "")[:300])
        for v in result.response["violations"]]
    expect(page.locator("html")).to_have_attribute("lang", "en" if "lang=en" in path else "nb")
    skip = page.locator('[data-testid="stSkipToContent"]')  # Streamlit's skip link speaks the page's language too
    expect(skip).to_have_text("Skip to main content" if "lang=en" in path else "Hopp til hovedinnholdet")


def test_phone_layout(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    pg = context.new_page()
    try:
        pg.goto(f"{app_url}/?fylke=18")
        _painted(pg)
        _settle(pg)
        pg.wait_for_function("document.documentElement.scrollWidth <= window.innerWidth + 1", timeout=10_000)
        box = pg.locator(".dk-map").bounding_box()
        assert box["width"] >= 300
        pg.screenshot(path=str(SCREENSHOTS / "kart-telefon.png"), full_page=True)
    finally:
        context.close()


# Every 100 ms, the running step's line ('2/6 Leser folketall (SSB) … 7 s') as the reader sees it.
_STEP_SAMPLER = """window.dkSteps = []; setInterval(function () {
  var m = ((document.body && document.body.innerText) || "").match(/\\d\\/6 [^\\n]*? … \\d+ s/g);
  if (m) { window.dkSteps.push([performance.now() / 1000, m[m.length - 1]]); } }, 100);"""


def _stalls(samples: list) -> dict[str, float]:
    """Steps whose shown seconds stood still for more than 2 s while the step ran: step → longest stand-still."""
    from itertools import pairwise

    seen: dict[str, list[tuple[float, str]]] = {}
    for when, line in samples:
        seen.setdefault(line.split(" ")[0], []).append((when, line.rsplit("… ", 1)[1]))
    stalls = {}
    for step, rows in seen.items():
        changes = [rows[0][0]] + [b[0] for a, b in pairwise(rows) if a[1] != b[1]] + [rows[-1][0]]
        longest = max(b - a for a, b in pairwise(changes))
        if longest > 2.0:
            stalls[step] = round(longest, 1)
    return stalls


def test_first_visit_on_a_cold_cache_shows_named_steps_and_paints(page, tmp_path):
    """A new user's first visit: no parsed or computed cache at all; the app shows its steps, then the map."""
    import os

    url, proc = start_app(os.environ | {"DEKNING_CACHE_DIR": str(tmp_path / "cache")})
    page.add_init_script(_STEP_SAMPLER)
    try:
        page.goto(url)
        page.get_by_text("1/6").first.wait_for(timeout=30_000)  # never a blank page
        page.get_by_text("116 006").first.wait_for()
        # the display moves: a step still running shows its seconds counting (it starts at 0 s)
        page.wait_for_function("""/ … ([2-9]|\\d\\d+) s/.test(document.body.innerText)""", timeout=120_000)
        _painted(page, 357, timeout=240_000)
        assert any((tmp_path / "cache").glob("model-*.dkc"))
        import json

        times = json.loads((tmp_path / "cache" / "warmup-times.json").read_text())
        assert set(times) == {f"step_{n}" for n in ("boundaries", "population", "grid", "roads", "model", "tables")}
        # every step moves while it runs: its shown seconds change at least every 2 s (never a frozen line)
        stalls = _stalls(page.evaluate("window.dkSteps"))
        assert stalls == {}, (stalls, times)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
