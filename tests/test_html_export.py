"""The self-contained HTML map: nothing to fetch from anyone (parsed, and in a real browser from a file://
URL with every request recorded), 357 kommune shapes, tooltips with the kommune's numbers, the legend's
counts, one tab stop, <html lang>, no address and no coordinate finer than two decimals."""

import json
import re
from html.parser import HTMLParser

import pytest

import vocabulary as vocab
from export import html as html_export
from loaders.safety import ADDRESS_TEXT as _ADDRESS_TEXT
from tests.conftest import ROOT, SCREENSHOTS


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self.lang, self.text, self._in_script = [], None, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        self._in_script = tag in ("script", "style")
        self.urls += [v for k, v in attrs.items() if k in ("src", "href", "action", "poster", "data") and v]

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if not self._in_script:
            self.text.append(data)


@pytest.fixture(scope="module")
def geo():
    return html_export.web_geometry()


def _page(export_inputs, geo, **kw) -> str:
    options = {"indicator": "gap_class", "threshold": 90, "lang": "nb", "area": "norge", "weight": "all"} | kw
    return html_export.render(export_inputs["table"], export_inputs["centres"], kommuner_geo=geo[0],
                              fylker_geo=geo[1], **options)


def _data(page: str) -> dict:
    blob = re.search(r'<script type="application/json" id="dk-data">(.*?)</script>', page, re.S).group(1)
    return json.loads(blob)


def _floats(obj):
    if isinstance(obj, float):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _floats(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _floats(v)


def test_page_asks_no_third_party_for_anything(export_inputs, geo):
    page = _page(export_inputs, geo)
    parsed = _Collect()
    parsed.feed(page)
    assert parsed.lang == "nb"
    assert not [u for u in parsed.urls if re.match(r"\s*(https?:)?//", u)], parsed.urls
    assert not re.search(r"""fetch\(\s*["'`]\s*(https?:)?//""", page)
    assert not re.search(r"""@import|url\(\s*["']?(https?:)?//""", page), "a stylesheet that loads from elsewhere"
    assert "sourceMappingURL" not in page


def test_data_has_every_kommune_centres_at_town_level_and_no_address(export_inputs, geo):
    page = _page(export_inputs, geo, lang="en")
    data = _data(page)
    assert len(data["geo"]["features"]) == 357 and len(data["k"]) == 357 and len(data["facts"]) == 357
    assert len(data["centres"]) == len(export_inputs["centres"])
    floats = list(_floats(data))
    assert floats and all(abs(v * 100 - round(v * 100)) < 1e-6 for v in floats), "a coordinate finer than 2 decimals"
    parsed = _Collect()
    parsed.feed(page)
    visible = " ".join(parsed.text)
    assert not _ADDRESS_TEXT.search(visible) and not _ADDRESS_TEXT.search(json.dumps(data, ensure_ascii=False))
    assert "<html lang=\"en\">" in page


def test_title_helplines_source_and_legend_counts(export_inputs, geo):
    page = _page(export_inputs, geo)
    parsed = _Collect()
    parsed.feed(page)
    visible = " ".join(" ".join(parsed.text).split())
    assert "<title>Handlingsplan og reisevei til krisesenter — Norge (alle innbyggere)</title>" in page
    assert "116 006" in visible and "112" in visible
    assert "Kilde: Kartverket" in visible and "Befolkning 1.1.2025 (SSB)" in visible and "udatert" in visible
    grid = re.search(r'<table class="dk-grid">(.*?)</table>', page, re.S).group(1)
    counts = export_inputs["table"].groupby("gap_class").size()
    for cls, n in counts.items():
        assert re.search(rf'background:{vocab.GAP_COLOURS[cls]}"></span>{n}<', grid), cls


def test_a_fylke_page_holds_only_that_fylke(export_inputs, geo):
    data = _data(_page(export_inputs, geo, area="55", indicator="median_min_nearest"))
    wanted = set(export_inputs["table"].query("fylkesnummer == '55'")["kommunenummer"])
    assert set(data["geo"]["features"]) == wanted and set(data["k"]) == wanted
    assert set(data["fylker"]["features"]) == {"55"}
    (south, west), (north, east) = data["bounds"]
    assert 68 < south < north < 71 and 15 < west < east < 23


@pytest.mark.browser
def test_in_chromium_from_a_file_no_request_leaves_the_page(export_inputs, geo, browser, tmp_path):
    table = export_inputs["table"]
    path = tmp_path / "kart.html"
    path.write_text(_page(export_inputs, geo), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector(".dk-map[data-painted='357']", timeout=30_000)
    assert page.locator("path.dk-kommune").count() == 357
    assert page.locator("path.dk-centre").count() == len(export_inputs["centres"])
    # Leaflet's own zoom buttons speak the page's language too (issue 19, item 9)
    assert page.get_attribute(".leaflet-control-zoom-in", "title") == "Zoom inn"
    assert page.get_attribute(".leaflet-control-zoom-out", "aria-label") == "Zoom ut"
    # One tab stop: the map takes focus, the next Tab leaves it (zoom buttons stay clickable, out of the order).
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('dk-map')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    row = table.set_index("kommunenummer").loc["5544"]  # Nordreisa: no centre dot on top of it
    page.hover("path[data-k='5544']", force=True)
    page.wait_for_timeout(300)
    tip = page.locator(".leaflet-tooltip").inner_text()
    assert row["kommunenavn"] in tip and vocab.fmt(row["median_min_nearest"], "nb", 0, "min") in tip
    assert vocab.CLASS_LABELS[row["gap_class"]]["nb"] in tip
    page.click("path[data-k='5544']", force=True)
    assert vocab.fmt(row["median_min_nearest"], "nb", 0, "min") in page.locator(".dk-details").inner_text()
    assert requests == [path.as_uri()], f"requests beyond the file itself: {requests}"
    assert not errors
    page.close()


def test_the_embed_snippet_at_600_by_500_shows_map_legend_and_helplines_above_the_fold(export_inputs, geo, browser,
                                                                                        tmp_path):
    """A newsroom pastes the snippet into a 600 px column: the frame is 600×500, and inside it the title, the
    helplines, the painted map and the whole legend are visible without scrolling the frame."""
    (tmp_path / "kart.html").write_text(_page(export_inputs, geo, area="18"), encoding="utf-8")
    snippet = html_export.embed_snippet("kart.html", "Kart")
    (tmp_path / "artikkel.html").write_text(
        f"<!DOCTYPE html><html><body style='margin:0'><p>Ingress.</p><div style='width:600px'>{snippet}</div>"
        "<p>Brødtekst.</p></body></html>", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto((tmp_path / "artikkel.html").as_uri())
    box = page.locator("iframe").bounding_box()
    assert (round(box["width"]), round(box["height"])) == (600, 500), box
    frame = page.frame_locator("iframe")
    frame.locator(".dk-map[data-painted='41']").wait_for(timeout=30_000)

    def inside(selector: str) -> dict:
        b = frame.locator(selector).first.evaluate("e => { const r = e.getBoundingClientRect();"
                                                  " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }")
        assert b["top"] >= 0 and b["left"] >= 0 and b["bottom"] <= 500 and b["right"] <= 600, (selector, b)
        return b

    for selector in ("h1", ".dk-legend"):
        inside(selector)
    help_, map_ = inside(".dk-help"), inside(".dk-map")
    assert help_["bottom"] - help_["top"] <= 30, help_  # the banner is compact but present
    assert (map_["bottom"] - map_["top"]) * (map_["right"] - map_["left"]) >= 0.45 * 600 * 500, map_
    assert "116 006" in frame.locator(".dk-help").inner_text() and "112" in frame.locator(".dk-help").inner_text()
    assert frame.locator(".dk-help").evaluate("e => e.scrollWidth <= e.clientWidth")  # no number cut off
    page.screenshot(path=str(SCREENSHOTS / "html-embed-600x500.png"))
    page.close()


def test_the_readme_shows_the_snippet_the_code_writes():
    """The README's embed example is the function's output for its file name (so the two cannot drift apart)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = html_export.embed_snippet("dekningskart-nordland-gap_class-nb.html", vocab.t("embed_frame_title", "nb"))
    assert snippet in readme


def test_bounds_are_the_geometry_extent_rounded_outwards_worked_by_hand():
    """Delta-encoded rings (first point absolute, then steps) at 10^-decimals degrees: the extent over every ring
    of every feature, south-west floored and north-east ceiled to two decimals."""
    geo = {"decimals": 3, "features": {
        "a": [[[[10123, 60456], [5, -7], [-3, 20]]]],  # (10.123, 60.456) (10.128, 60.449) (10.125, 60.469)
        "b": [[[[9871, 61002], [400, 3]], [[11204, 59999], [1, 1]]]]}}  # (9.871, 61.002) (10.271, 61.005) ...
    assert html_export.bounds(geo) == [[59.99, 9.87], [61.01, 11.21]]
    coarse = {"decimals": 2, "features": {"x": [[[[1012, 6045], [-3, 2]]]]}}  # (10.12, 60.45) (10.09, 60.47)
    assert html_export.bounds(coarse) == [[60.45, 10.09], [60.47, 10.12]]


def test_a_page_draws_the_geometry_it_is_given_at_its_own_precision(export_inputs, geo):
    """The page keeps the decimals the geometry was encoded with (export.geometry.web_layers), and a fylke page's
    bounds hold each of its kommuner's points."""
    data = _data(_page(export_inputs, geo, area="46"))
    assert data["geo"]["decimals"] == geo[0]["decimals"] and data["fylker"]["decimals"] == geo[1]["decimals"]
    (south, west), (north, east) = data["bounds"]
    q = 10 ** data["geo"]["decimals"]
    for polys in data["geo"]["features"].values():
        for rings in polys:
            for ring in rings:
                x = y = 0
                for dx, dy in ring:
                    x, y = x + dx, y + dy
                    assert west <= x / q <= east and south <= y / q <= north
