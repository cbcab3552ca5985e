"""Static maps: exact preset sizes with no empty band, legends that count what is shown, Norwegian numbers,
the population weight named, text descriptions in every format, town-level centre symbols, thread safety."""

import io
import re
import subprocess
import threading
import xml.etree.ElementTree as ET

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from PIL import Image
from pyproj import Transformer

import vocabulary as vocab
from export import maps
from tests import readback

SVG = "{http://www.w3.org/2000/svg}"
# Measured on the layout this replaced (national gap-class map): blank tiles 68 % web, 58 % social, 74 % slide,
# 55 % print; the largest empty rectangle 17–18 % of the frame at every preset.
MAX_BLANK, MAX_BAND = 0.46, 0.12


def _png(inputs, **kw) -> Image.Image:
    buf = io.BytesIO()
    maps.render(inputs["table"], inputs["kommuner"], inputs["fylker"], inputs["centres"], fmt="png", out=buf, **kw)
    return Image.open(io.BytesIO(buf.getvalue()))


def _blank_tiles(img: Image.Image) -> np.ndarray:
    """Tiles of 4 % of the short side holding no pixel that differs from white by more than 8 levels."""
    a = np.asarray(img.convert("RGB")).astype(int)
    side = round(min(a.shape[:2]) * 0.04)
    ny, nx = a.shape[0] // side, a.shape[1] // side
    ink = (255 - a[:ny * side, :nx * side]).max(axis=2) > 8
    return ~ink.reshape(ny, side, nx, side).any(axis=(1, 3))


def _largest_empty_rectangle(blank: np.ndarray) -> float:
    """Brute force over every top-left corner and height (the grids are at most 35 × 25 tiles)."""
    ny, nx = blank.shape
    best = 0
    for top in range(ny):
        run = np.ones(nx, dtype=bool)
        for bottom in range(top, ny):
            run &= blank[bottom]
            width = longest = 0
            for v in run:
                width = width + 1 if v else 0
                longest = max(longest, width)
            best = max(best, longest * (bottom - top + 1))
    return best / blank.size


@pytest.mark.parametrize("size", list(maps.PRESETS))
def test_each_preset_has_its_pixel_size_and_no_empty_band(export_inputs, size):
    img = _png(export_inputs, size=size)
    preset = maps.PRESETS[size]
    low, high = preset.fit or (preset.height_px, preset.height_px)  # web and social: as tall as the area needs
    assert img.size[0] == preset.width_px and low <= img.size[1] <= high, img.size
    blank = _blank_tiles(img)
    assert blank.mean() <= MAX_BLANK, f"{size}: {blank.mean():.0%} of the frame blank"
    assert _largest_empty_rectangle(blank) <= MAX_BAND, f"{size}: an empty band of {_largest_empty_rectangle(blank):.0%}"


def test_fylke_map_fills_its_frame_too(export_inputs):
    blank = _blank_tiles(_png(export_inputs, area="46", indicator="median_min_nearest", size="slide", lang="en"))
    assert blank.mean() <= MAX_BLANK and _largest_empty_rectangle(blank) <= MAX_BAND


def _swatch_counts(fig: Figure) -> dict[str, int]:
    """The legend grid as drawn: for each swatch (a small square figure patch), the number printed right of it."""
    swatches = [a for a in fig.artists if isinstance(a, Rectangle) and a.get_width() < 0.05 and a.get_height() < 0.05]
    out = {}
    for sw in swatches:
        x, y, w, h = sw.get_x(), sw.get_y(), sw.get_width(), sw.get_height()
        beside = [t for t in fig.texts if x + w < t.get_position()[0] < x + 4 * w and y <= t.get_position()[1] <= y + h
                  and re.fullmatch(r"[\d\u00a0]+", t.get_text())]
        if beside:
            out[matplotlib.colors.to_hex(sw.get_facecolor()).upper()] = int(beside[0].get_text().replace("\u00a0", ""))
    return out


@pytest.mark.parametrize("area", ["norge", "55", "34"])
def test_gap_legend_counts_each_class_shown_and_only_those(export_inputs, area):
    table = export_inputs["table"]
    fig = maps.render(table, export_inputs["kommuner"], export_inputs["fylker"], export_inputs["centres"], area=area)
    rows = table if area == "norge" else table[table["fylkesnummer"] == area]
    expected = rows.groupby("gap_class").size()
    drawn = _swatch_counts(fig)
    assert drawn == {vocab.GAP_COLOURS[c].upper(): int(n) for c, n in expected.items()}


def test_list_legend_counts_the_bins_shown(export_inputs):
    table = export_inputs["table"]
    rows = table[table["fylkesnummer"] == "46"]
    fig = maps.render(table, export_inputs["kommuner"], export_inputs["fylker"], export_inputs["centres"], area="46",
                      indicator="median_min_nearest", lang="en")
    shown = [t.get_text() for t in fig.texts if re.search(r"min \(\d+\)$", t.get_text())]
    minutes = pd.to_numeric(rows["median_min_nearest"])
    edges = [0, 30, 60, 90, 120, 180, np.inf]
    expected = [f"({((minutes >= lo) & (minutes < hi)).sum()})" for lo, hi in zip(edges, edges[1:], strict=False)
                if ((minutes >= lo) & (minutes < hi)).sum()]
    assert [s[s.rindex("("):] for s in shown] == expected


def test_numbers_are_norwegian_in_bokmal_and_weight_is_named(model, export_inputs):
    from coverage import indicators

    women = indicators.per_kommune(model, "women18")
    fig = maps.render(women, export_inputs["kommuner"], export_inputs["fylker"], export_inputs["centres"],
                      weight="women18")
    texts = [t.get_text() for t in fig.texts]
    joined = " ".join(texts)
    beyond = int((women["share_over_90_nearest"].fillna(0) * (women["people"] - women["unreachable"])).round().sum())
    assert beyond > 1000
    assert f"{beyond:,}".replace(",", "\u00a0") in texts
    assert f"{beyond:,}" not in joined
    assert "Handlingsplan og reisevei til krisesenter — Norge (kvinner 18 år og eldre)" in joined
    assert vocab.t("kpi_beyond", "nb", people=vocab.people("women18", "nb"), t=90) in texts  # the key figure's words
    # on a screen preset the compact legend has no title of its own (the map's title names the weight); on print:
    printed = maps.render(women, export_inputs["kommuner"], export_inputs["fylker"], export_inputs["centres"],
                          weight="women18", size="print")
    assert "Handlingsplan og reisevei · kvinner 18+" in " ".join(t.get_text() for t in printed.texts)


def test_svg_png_and_pdf_carry_a_text_description(export_inputs, tmp_path):
    args = (export_inputs["table"], export_inputs["kommuner"], export_inputs["fylker"], export_inputs["centres"])
    svg, png, pdf = tmp_path / "m.svg", tmp_path / "m.png", tmp_path / "m.pdf"
    for fmt, out in (("svg", svg), ("png", png), ("pdf", pdf)):
        maps.render(*args, fmt=fmt, out=out, size="slide", area="55")
    root = ET.parse(svg).getroot()
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and "Troms" in title.text and "Handlingsplan og reisevei" in title.text
    n_far_unknown = (export_inputs["table"].query("fylkesnummer == '55'")["gap_class"] == "ukjent_langt").sum()
    assert desc is not None and f"Ukjent plan, lang vei: {n_far_unknown} kommuner" in desc.text
    text = Image.open(png).text
    assert "Troms" in text["Title"] and "Kartverket" in text["Source"] and "CC BY 4.0" in text["Copyright"]
    assert "Ukjent plan, lang vei" in text["Description"]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\n", info) and re.search(r"Title:\s+.*Troms", info)
    assert re.search(r"Subject:\s+Kart over Troms", info) and re.search(r"Author:\s+Dekningskart", info)


def test_every_indicator_draws_in_both_languages(export_inputs):
    args = (export_inputs["table"], export_inputs["kommuner"], export_inputs["fylker"], export_inputs["centres"])
    for indicator in vocab.INDICATORS:
        for lang in vocab.LANGS:
            fig = maps.render(*args, indicator=indicator, lang=lang, area="03")
            assert vocab.title(indicator, lang) in " ".join(t.get_text() for t in fig.texts)


def test_figures_are_not_pyplot_and_render_in_threads(export_inputs):
    import matplotlib.pyplot as plt

    args = (export_inputs["table"], export_inputs["kommuner"], export_inputs["fylker"], export_inputs["centres"])
    results: dict[str, bytes] = {}

    def work(indicator: str):
        buf = io.BytesIO()
        maps.render(*args, indicator=indicator, area="55", fmt="png", out=buf)
        results[indicator] = buf.getvalue()

    threads = [threading.Thread(target=work, args=(i,)) for i in ("gap_class", "median_min_nearest", "plan_status")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert all(Image.open(io.BytesIO(b)).size[0] == 1200 for b in results.values()) and len(results) == 3
    assert plt.get_fignums() == []
    assert type(maps.render(*args, area="55")) is Figure


def test_centre_symbols_sit_on_two_decimal_town_points(export_inputs):
    fig = maps.render(export_inputs["table"], export_inputs["kommuner"], export_inputs["fylker"],
                      export_inputs["centres"])
    back = Transformer.from_crs("EPSG:25833", "EPSG:4326", always_xy=True)
    points = np.vstack([c.get_offsets() for ax in fig.axes for c in ax.collections
                        if isinstance(c, PathCollection) and len(c.get_offsets())])
    lon, lat = back.transform(points[:, 0], points[:, 1])
    assert len(points) >= 42
    assert np.allclose(lat, np.round(lat, 2), atol=1e-6) and np.allclose(lon, np.round(lon, 2), atol=1e-6)


def test_bad_arguments_name_what_is_allowed(export_inputs):
    args = (export_inputs["table"], export_inputs["kommuner"], export_inputs["fylker"], export_inputs["centres"])
    with pytest.raises(ValueError, match="allowed: web, social, slide, print"):
        maps.render(*args, size="poster")
    with pytest.raises(ValueError, match="fylke '99' not found"):
        maps.render(*args, area="99")
    with pytest.raises(ValueError, match="9999 unknown"):
        maps.render(*args, area="0301,9999")


def test_preset_text_sizes_follow_the_published_spec():
    """Body text 12.6 px at the width a reader sees a screen preset at (600, 540, 960 px); A4 print 9.5 pt."""
    for size, target in (("web", 600), ("social", 540), ("slide", 960)):
        p = maps.PRESETS[size]
        assert p.target_px == target and p.body_px == 12.6
        assert p.pt * p.dpi / 72 * target / p.width_px == pytest.approx(12.6)
        assert min(p.small, p.footer) * 12.6 >= 11.0  # the smallest text: 11 px
    p = maps.PRESETS["print"]
    assert (p.width_px, p.height_px, p.dpi) == (2480, 3508, 300) and p.pt == pytest.approx(9.5)
    assert p.pt * p.footer == pytest.approx(7.6) and p.pt * p.small == pytest.approx(7.79)
    assert maps.PRESETS["web"].figsize == (12.0, 8.0) and maps.PRESETS["print"].figsize == pytest.approx((8.2667, 11.6933),
                                                                                                         abs=1e-3)
    assert maps.size_label("png", "slide", "nb") == f"png 1920×1080 ({vocab.t('use_slide', 'nb')})"
    assert maps.size_label("svg", "web", "nb") == f"svg 1200 px bred, høyde etter området ({vocab.t('use_web', 'nb')})"
    assert maps.size_label("pdf", "print", "en").startswith("pdf A4 (")


def test_select_area_takes_norway_a_fylke_or_kommuner(export_inputs):
    table = export_inputs["table"]
    for name in ("norge", "norway", ""):
        rows, area, national = maps.select_area(table, name)
        assert len(rows) == len(table) and area == "Norge" and national
    rows, area, national = maps.select_area(table, "55")
    assert set(rows["kommunenummer"]) == set(table.loc[table["fylkesnummer"] == "55", "kommunenummer"])
    assert area == "Troms" and not national
    rows, area, national = maps.select_area(table, "0301, 5501")
    assert sorted(rows["kommunenummer"]) == ["0301", "5501"] and area == "Oslo, Tromsø" and not national
    rows, area, _ = maps.select_area(table, "0301,5501,4601,1804")
    assert len(rows) == 4 and area == "4 kommuner"
    with pytest.raises(ValueError, match="empty unknown"):
        maps.select_area(table, " , ")
    assert maps.place_name("Norge", "en") == vocab.t("norway", "en") and maps.place_name("Troms", "en") == "Troms"


def test_centres_are_drawn_from_town_level_points():
    from pyproj import Transformer

    centres = pd.DataFrame({"lat": [69.6489, 59.9139], "lon": [18.9551, 10.7522]})
    xy = maps.centres_xy(centres)
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:25833", always_xy=True)
    x, y = to_utm.transform([18.96, 10.75], [69.65, 59.91])
    assert np.allclose(xy["x"], x, atol=0.01) and np.allclose(xy["y"], y, atol=0.01)


def test_plan_dates_span_the_known_statuses_and_count_the_undated():
    rows = pd.DataFrame({"plan_status": ["adopted", "expired", "none", "unknown", "in_progress", "adopted"],
                         "plan_as_of": ["2021-03", "2019", "undated", "2010", None, "2025-06-01"]})
    first, last = vocab.t("plan_dates", "nb", years="2019–2025"), vocab.t("plan_dates_undated", "nb", n=2)
    assert maps.plan_dates(rows, "nb") == f"{first}, {last}"
    dated = rows[rows["plan_as_of"].isin(["2021-03", "2019"])]
    assert maps.plan_dates(dated, "en") == vocab.t("plan_dates", "en", years="2019–2021")
    undated = rows[rows["plan_as_of"] == "undated"]
    assert maps.plan_dates(undated, "nb") == f"{vocab.t('plan_dates_none', 'nb')}, " \
                                            f"{vocab.t('plan_dates_undated', 'nb', n=1)}"
    assert maps.plan_dates(rows[rows["plan_status"] == "unknown"], "nb") == ""


def test_title_subtitle_and_source_lines_say_what_the_map_shows():
    import datetime as dt

    assert maps.heading("plan_status", 90, "nb", "Troms", "all") == f"{vocab.title('plan_status', 'nb', 90)} — Troms"
    assert maps.heading("gap_class", 60, "en", "Norway", "women18") == vocab.t(
        "title_weight", "en", title=f"{vocab.title('gap_class', 'en', 60)} — Norway",
        people=vocab.t("weight_text_women18", "en"))
    full = maps.subtitle("gap_class", 120, "nb", "all")
    assert full.split(" · ") == [vocab.t("threshold_text", "nb", t=120),
                                 vocab.t("population_text", "nb", people=vocab.t("weight_text_all", "nb")),
                                 vocab.t("method_short", "nb")]
    assert maps.subtitle("gap_class", 120, "nb", "all", compact=True).split(" · ") == [
        vocab.t("threshold_text", "nb", t=120), vocab.t("method_short", "nb")]
    assert maps.subtitle("plan_status", 90, "en", "all").startswith(vocab.t("kpi_unknown", "en") + ": ")
    rows = pd.DataFrame({"plan_status": ["adopted"], "plan_as_of": ["2024"]})
    foot = maps._footer_text(rows, 2025, "gap_class", "nb", dt.date(2026, 3, 4)).split(" · ")
    assert foot[0] == vocab.t("source_line", "nb") and foot[1] == vocab.t("population_date", "nb", year=2025)
    assert vocab.t("plan_dates", "nb", years="2024") in foot and foot[-1] == "Laget 4.3.2026"  # one year once
    median = maps._footer_text(rows, None, "median_min_nearest", "en", dt.date(2026, 3, 4))
    assert "2024" not in median and vocab.t("population_date", "en", year=2025) not in median


@pytest.mark.parametrize(("size", "area"), [("print", "norge"), ("web", "55")])
def test_source_lines_stand_at_the_foot_inside_the_page(export_inputs, size, area):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = maps.render(export_inputs["table"], export_inputs["kommuner"], export_inputs["fylker"],
                      export_inputs["centres"], area=area, size=size)
    r = FigureCanvasAgg(fig).get_renderer()
    source = vocab.t("source_line", "nb").split()[0]
    preset = maps.PRESETS[size]
    foot = [t for t in fig.texts if t.get_fontsize() == pytest.approx(preset.pt * preset.footer)
            and t.get_color() == "#4d4d4d" and t.get_position()[1] < 0.1]
    assert foot and foot[0].get_text().startswith(source)
    w = fig.bbox.width
    margin = preset.pt * fig.dpi / 72 * (1.0 if preset.header_over_map else 1.6)
    for t in foot:
        b = t.get_window_extent(r)
        assert b.x0 == pytest.approx(margin, abs=1) and b.x1 <= w - margin + 2 and b.y0 >= margin * 0.6 - 3
    lowest = min(t.get_window_extent(r).y0 for t in foot)
    assert lowest <= margin * 0.6 + preset.pt * fig.dpi / 72  # at the foot
    ax = fig.axes[0].get_window_extent(r)
    assert ax.y0 >= max(t.get_window_extent(r).y1 for t in foot) - 1  # the map above the source lines
    # wrapped greedily at the size they are drawn in: each line but the last could not take the next one's first word
    lines = sorted(foot, key=lambda t: -t.get_position()[1])
    for upper, lower in zip(lines, lines[1:], strict=False):
        longer = f"{upper.get_text()} {lower.get_text().split()[0]}"
        width = r.get_text_width_height_descent(longer, upper.get_fontproperties(), ismath=False)[0]
        assert width > w - 2 * margin - 2, (upper.get_text(), width, w - 2 * margin)
    # the map keeps the area's shape: metres per pixel the same across and down
    x0, x1 = fig.axes[0].get_xlim()
    y0, y1 = fig.axes[0].get_ylim()
    assert (x1 - x0) / ax.width == pytest.approx((y1 - y0) / ax.height, rel=0.01)


@pytest.mark.parametrize("size", ["print", "slide"])
def test_the_national_inset_shows_oslo_and_akershus_marked_on_the_main_map(export_inputs, size):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    table, kommuner = export_inputs["table"], export_inputs["kommuner"]
    fig = maps.render(table, kommuner, export_inputs["fylker"], export_inputs["centres"], size=size)
    r = FigureCanvasAgg(fig).get_renderer()
    fig.draw(r)
    main, inset = fig.axes[0], fig.axes[1]
    wanted = kommuner[kommuner["kommunenummer"].isin(table.loc[table["fylkesnummer"].isin(["03", "32"]),
                                                               "kommunenummer"])].total_bounds
    x0, x1 = inset.get_xlim()
    y0, y1 = inset.get_ylim()
    assert x0 <= wanted[0] and x1 >= wanted[2] and y0 <= wanted[1] and y1 >= wanted[3]
    box = inset.get_window_extent(r)
    assert (x1 - x0) / box.width == pytest.approx((y1 - y0) / box.height, rel=0.01)  # true shape
    assert max((x1 - x0) / (wanted[2] - wanted[0]), (y1 - y0) / (wanted[3] - wanted[1])) < 1.2  # no more than it needs
    title = [t for t in fig.texts if t.get_text() and t.get_text() in vocab.t("inset_oslo", "nb")]
    assert title
    tb = [t.get_window_extent(r) for t in title]
    assert all(b.y0 >= box.y1 - 1 and b.x0 >= box.x0 - 1 for b in tb)  # above the inset, from its left edge
    assert min(b.y0 for b in tb) - box.y1 <= fig.dpi * maps.PRESETS[size].pt / 72 * 1.5  # right above it
    assert all(t.get_fontweight() in ("bold", 700) for t in title)
    assert all(t.get_fontsize() == pytest.approx(maps.PRESETS[size].pt * 0.95) for t in title)
    line = fig.dpi * maps.PRESETS[size].pt * 0.95 / 72 * 1.32
    last_top = max(fig.bbox.height * (1 - t.get_position()[1]) for t in title)
    assert fig.bbox.height - box.y1 == pytest.approx(last_top + line, abs=1)  # the map a line below the title
    if len(tb) > 1:  # wrapped lines one line apart
        assert tb[0].y0 - tb[1].y0 == pytest.approx(fig.dpi * maps.PRESETS[size].pt * 0.95 / 72 * 1.32, abs=1)
    # the centres in Oslo and Akershus, at town level, as dots in the inset, a third larger than on the main map
    from pyproj import Transformer

    c = export_inputs["centres"]
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:25833", always_xy=True).transform(
        c["lon"].astype(float).round(2).to_numpy(), c["lat"].astype(float).round(2).to_numpy())
    within = int(((x >= wanted[0]) & (x <= wanted[2]) & (y >= wanted[1]) & (y <= wanted[3])).sum())
    dots = [col for col in inset.collections if isinstance(col, PathCollection)]
    assert within >= 2 and sum(len(d.get_offsets()) for d in dots) == within
    main_dots = [col for col in main.collections if isinstance(col, PathCollection)]
    ratio = dots[0].get_sizes()[0] / main_dots[0].get_sizes()[0]
    assert 1.2 <= ratio <= 1.5, ratio
    marks = [p for p in main.patches if isinstance(p, Rectangle) and not p.get_fill()]
    assert len(marks) == 1
    m = marks[0]
    assert (m.get_x(), m.get_y(), m.get_x() + m.get_width(), m.get_y() + m.get_height()) == pytest.approx(
        tuple(wanted), abs=1)


@pytest.mark.parametrize(("area", "size"), [("55", "web"), ("18", "social"), ("46", "slide"), ("norge", "print")])
def test_every_outlined_box_is_drawn_with_one_hairline(export_inputs, area, size):
    """The panels' white backings and the legend swatches are outlined with one and the same hairline: a box
    drawn with a heavier edge than the others is a slip a reader sees in print."""
    fig = maps.render(export_inputs["table"], export_inputs["kommuner"], export_inputs["fylker"],
                      export_inputs["centres"], area=area, size=size)
    widths = readback.outlined_box_widths(fig)
    assert sum(widths.values()) >= 4 and len(widths) == 1, widths
    if area != "norge":  # a fylke map's panels stand on white backings over the neighbours
        backings = [a for a in fig.artists if getattr(a, "get_alpha", lambda: None)() == 0.93]
        assert backings
