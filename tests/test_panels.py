"""Panels as a reader sees them, measured on the drawn figure (the Agg renderer's extents): pixel boxes become the
right figure fractions; wrapped lines fit their width and wrap greedily (checked with matplotlib's own text
layout, not the canvas's measure); links break only at URL boundaries; every legend swatch, marker, rule and text
lies inside its box and the page, each swatch beside its own count, the counts those of the oracle; the measured
heights are the drawn ones; the key figures are the oracle's."""

import re

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

import vocabulary as vocab
from export import panels
from export.layout import Box
from tests import oracle

W, H, DPI = 900, 1200, 100


def _canvas() -> panels.Canvas:
    return panels.Canvas(Figure(figsize=(W / DPI, H / DPI), dpi=DPI))


def _renderer(c: panels.Canvas):
    return FigureCanvasAgg(c.fig).get_renderer()


def _laid_out_width(s: str, pt: float, bold: bool = False) -> float:
    """Width in px of one line as matplotlib lays out a Text (not the canvas's own measure)."""
    c = _canvas()
    t = c.fig.text(0, 0, s, fontsize=pt, fontweight="bold" if bold else "normal", family=panels.FONT)
    return t.get_window_extent(_renderer(c)).width


def _top_left(ext) -> tuple[float, float, float, float]:
    """A display box (origin bottom left) as (x0, y0, x1, y1) in page pixels from the top left."""
    return ext.x0, H - ext.y1, ext.x1, H - ext.y0


def test_canvas_addresses_pixels_from_the_top_left():
    c = _canvas()
    assert (c.W, c.H) == (W, H)
    assert c.px(72) == pytest.approx(DPI) and c.px(9) == pytest.approx(12.5)
    assert c.line(9) == pytest.approx(12.5 * 1.32)
    t = c.text(90, 300, "x", 10)
    assert t.get_position() == pytest.approx((0.1, 0.75)) and t.get_fontsize() == 10
    c.rect(90, 300, 180, 120, "#ff0000")
    rect = c.fig.artists[-1]
    assert (rect.get_x(), rect.get_y(), rect.get_width(), rect.get_height()) == pytest.approx((0.1, 0.65, 0.2, 0.1))
    assert rect.get_linewidth() == 0.0  # no outline unless asked
    c.dot(450, 600, 8, "#00ff00")
    dot = c.fig.artists[-1]
    assert dot.get_xdata()[0] == pytest.approx(0.5) and dot.get_ydata()[0] == pytest.approx(0.5)
    assert dot.get_markersize() == 8 and dot.get_markeredgewidth() == pytest.approx(1.0)
    c.hline(90, 120, 450)
    line = c.fig.artists[-1]
    assert line.get_linewidth() <= 0.6  # a hairline
    assert list(line.get_xdata()) == pytest.approx([0.1, 0.6]) and list(line.get_ydata()) == pytest.approx([0.9, 0.9])
    assert c.width("abc def", 10) == pytest.approx(_laid_out_width("abc def", 10), abs=1.5)
    assert c.width("abc", 10, True) > c.width("abc", 10)


TEXT = ("Kommuner med dobbelt gap har verken gyldig handlingsplan eller kort vei til et krisesenter, og det "
        "gjelder særlig de store kommunene i nord.\nEn ny linje begynner her, og Finnmarksvidda-Kautokeino er ett ord")


@pytest.mark.parametrize(("width", "pt", "bold"), [(200, 9, False), (320, 11, True), (120, 8, False)])
def test_wrapped_lines_fit_their_width_and_wrap_greedily(width, pt, bold):
    c = _canvas()
    lines = c.wrap(TEXT, width, pt, bold)
    paragraphs = TEXT.split("\n")
    assert " ".join(lines) == " ".join(paragraphs)  # every word, in order, once
    at = 0
    for paragraph in paragraphs:  # a new paragraph starts a new line
        words = paragraph.split(" ")
        while words:
            line = lines[at].split(" ")
            assert line == words[:len(line)]
            words, at = words[len(line):], at + 1
            fits = _laid_out_width(" ".join(line), pt, bold)
            assert fits <= width + 2 or len(line) == 1, (lines[at - 1], fits, width)
            if words:  # the next word would not have fitted on this line
                assert _laid_out_width(" ".join([*line, words[0]]), pt, bold) > width - 2, lines[at - 1]
    assert at == len(lines)
    assert c.wrap("", 100, 9) == [""] and c.wrap("one", 1, 9) == ["one"]


def test_a_line_wraps_exactly_at_its_width():
    c = _canvas()
    exact = c.width("aaaa bbbb", 10)
    assert c.wrap("aaaa bbbb cccc", exact, 10) == ["aaaa bbbb", "cccc"]
    assert c.wrap("aaaa bbbb cccc", exact - 0.5, 10) == ["aaaa", "bbbb cccc"]


URL = "https://www.example.no/kommunen/handlingsplan-mot-vold_i_naere-relasjoner?side=2&utgave=2024"


@pytest.mark.parametrize("width", [90, 160, 260])
def test_links_break_only_at_url_boundaries_and_fill_their_lines(width):
    c = _canvas()
    lines = c.link_lines(URL, width, 8)
    assert "".join(lines) == URL
    for i, line in enumerate(lines):
        fits = _laid_out_width(line, 8) <= width + 2
        unbreakable = not re.search(r"/.|.[?&=_-]", line)
        assert fits or unbreakable, line
        if i + 1 < len(lines):
            nxt = lines[i + 1]
            assert line.endswith("/") or nxt[0] in "?&=_-", (line, nxt)
            piece = re.split(r"(?<=/)|(?=[?&=_-])", nxt)[0] or re.split(r"(?<=/)|(?=[?&=_-])", nxt)[1]
            assert _laid_out_width(line + piece, 8) > width - 2, (line, piece)  # greedy
    assert c.link_lines("", 100, 8) == []


def test_a_link_is_clickable_on_every_line_below_its_label():
    c = _canvas()
    y = c.link(50, 100, "Kilde", URL, 160, 8)
    texts = c.fig.texts
    assert texts[0].get_text() == "Kilde" and texts[0].get_url() is None
    url_lines = texts[1:]
    assert "".join(t.get_text() for t in url_lines) == URL and all(t.get_url() == URL for t in url_lines)
    tops = [H * (1 - t.get_position()[1]) for t in texts]
    assert tops == pytest.approx([100 + i * c.line(8) for i in range(len(texts))])
    assert y == pytest.approx(100 + len(texts) * c.line(8))
    assert c.paragraph(10, 20, "a b", 500, 9) == pytest.approx(20 + c.line(9))
    assert c.fig.texts[-1].get_fontweight() in ("normal", 400)


def _drawn(c: panels.Canvas):
    """Every text's and artist's box in page pixels (top left origin), drawn by Agg."""
    r = _renderer(c)
    c.fig.draw(r)
    texts = [(t, _top_left(t.get_window_extent(r))) for t in c.fig.texts if t.get_text().strip()]
    artists = [(a, _top_left(a.get_window_extent(r))) for a in c.fig.artists]
    return texts, artists


def _inside(b, box: Box, slack: float = 1.5) -> bool:
    return (box.x - slack <= b[0] and b[2] <= box.x + box.w + slack and box.y - slack <= b[1]
            and b[3] <= box.y + box.h + slack)


def _apart(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) <= 1 or min(a[3], b[3]) - max(a[1], b[1]) <= 1


def _legend_checks(c, legend, box):
    texts, artists = _drawn(c)
    page = Box(0, 0, W, H)
    for what, b in [*((t.get_text(), b) for t, b in texts), *((type(a).__name__, b) for a, b in artists)]:
        assert _inside(b, page, 0) and _inside(b, box), (what, b, box)
    for (ta, ba), (tb, bb) in [(x, y) for i, x in enumerate(texts) for y in texts[i + 1:]]:
        assert _apart(ba, bb), (ta.get_text(), tb.get_text())
    # the measured height is the drawn one: the last line ends within a line of the box's foot
    assert max(b[3] for _, b in texts) >= box.y + box.h - c.line(legend.pt)
    return texts, artists


def _beside(artists, texts, kind):
    """For each artist of `kind` (a swatch, or a marker dot): the text right of it whose vertical centre is within
    the artist's height."""
    out = []
    for a, b in artists:
        if not isinstance(a, kind) or (kind is Line2D and a.get_marker() != "o"):
            continue
        mid = (b[1] + b[3]) / 2
        right = [(t, tb) for t, tb in texts if tb[0] >= b[2] - 0.5 and tb[1] <= mid <= tb[3]]
        assert right, (type(a).__name__, b)
        t, tb = min(right, key=lambda x: x[1][0])
        assert tb[0] - b[2] <= (b[2] - b[0]) * 1.5, (t.get_text(), b, tb)  # next to it, not across the legend
        out.append((a, t))
    return out


@pytest.mark.parametrize(("area", "lang", "compact"), [("norge", "nb", False), ("55", "en", True),
                                                       ("03", "nb", False)])
def test_gap_legend_swatches_sit_beside_their_oracle_counts_inside_the_box(export_inputs, oracle_for, area, lang,
                                                                            compact):
    table = export_inputs["table"]
    rows = table if area == "norge" else table[table["fylkesnummer"] == area]
    want = oracle_for("all", 90)[0]
    want = want if area == "norge" else want[want["fylkesnummer"] == area]
    c = _canvas()
    legend = panels.Legend(c, rows, "gap_class", lang, 90, "all", 9, panels.centre_markers(lang), compact=compact)
    box = Box(W - legend.w - 40, H - legend.h - 60, legend.w, legend.h)
    legend.draw(box)
    texts, artists = _legend_checks(c, legend, box)
    swatches = _beside(artists, texts, Rectangle)
    counts = {matplotlib.colors.to_hex(a.get_facecolor()).upper(): int(t.get_text().replace("\u00a0", ""))
              for a, t in swatches}
    colour_of = {k: v.upper() for k, v in vocab.GAP_COLOURS.items()}
    assert counts == {colour_of[k]: n for k, n in oracle.legend_counts(want, "gap_class", 90).items()}
    for a, _ in swatches:  # squares, 1.25 × the text size, outlined in grey
        assert a.get_width() * W == pytest.approx(a.get_height() * H) == pytest.approx(c.px(9) * 1.25)
        assert matplotlib.colors.to_hex(a.get_edgecolor()) == "#555555"
    # the grid's columns: after the widest row label and a gap, each as wide as its widest head or a swatch
    # with room for a four-digit count, plus two gaps
    gap = c.px(9) * 0.6
    lefts = sorted({round(a.get_x() * W, 3) for a, _ in swatches})
    row_labels = [vocab.t(f"grid_{t}", lang) for t in ("near", "far")]
    shown_rows = [t for t in row_labels if any(tt.get_text() == t for tt, _ in texts)]
    assert lefts[0] == pytest.approx(box.x + max(_laid_out_width(t, 9) for t in shown_rows) + 3 * gap, abs=1.5)
    head_w = max(_laid_out_width(t.get_text(), 9 * 0.92, True) for t, _ in texts if t.get_text() in
                 {vocab.t(f"grid_{g}", lang) for g in ("current", "not_current", "unknown")})
    pitch = max(head_w, c.px(9) * 1.25 + gap + _laid_out_width("0000", 9 * 1.1, True)) + 2 * gap
    assert all(b - a == pytest.approx(pitch, abs=1.5) for a, b in zip(lefts, lefts[1:], strict=False))
    for a, t in swatches:  # each count two gaps right of its swatch
        assert t.get_position()[0] * W == pytest.approx((a.get_x() + a.get_width()) * W + gap, abs=0.5)
    # the column heads name the plan groups above their swatches, the rows the travel classes left of them
    heads = {t.get_text(): b for t, b in texts if t.get_text() in {vocab.t(f"grid_{g}", lang) for g in
                                                                  ("current", "not_current", "unknown")}}
    assert heads and all(b[3] <= min(sb[1] for _, sb in artists if isinstance(_, Rectangle)) for b in heads.values())
    travel = [b for t, b in texts if t.get_text() in {vocab.t("grid_near", lang), vocab.t("grid_far", lang)}]
    assert travel and all(b[2] <= min(sb[0] for _, sb in artists if isinstance(_, Rectangle)) for b in travel)
    markers = _beside(artists, texts, Line2D)
    dots = [t.get_text() for a, t in markers if a.get_marker() == "o"]
    assert dots == [vocab.t("centre_marker", lang)]
    present = oracle.legend_counts(want, "gap_class", 90)
    travels = [any(present.get(k) for k in row) for row in (("dekket", "mangler_plan", "ukjent_naer"),
                                                            ("lang_reisevei", "dobbelt_gap", "ukjent_langt"))]
    rules = [b for a, b in artists if isinstance(a, Line2D) and a.get_marker() != "o"]
    assert len(rules) == sum(travels)  # a rule under each row of the grid, across it
    for b in rules:
        assert b[0] == pytest.approx(box.x, abs=1.5) and b[2] >= max(sb[2] for a, sb in artists
                                                                     if isinstance(a, Rectangle)) - 1
    notes = [t for t, _ in texts if t.get_color() == panels.MUTED]
    assert notes and all(t.get_fontsize() == pytest.approx(9 * legend.small) for t in notes)
    title = [t.get_text() for t, _ in texts if t.get_fontweight() in ("bold", 700) and "·" in t.get_text()]
    assert bool(title) is not compact  # compact: no title of its own


@pytest.mark.parametrize(("indicator", "columns", "compact"), [("median_min_nearest", 0, False),
                                                               ("median_min_nearest", 0, True),
                                                               ("plan_status", 2, True), ("share_over", 3, True)])
def test_list_legend_entries_read_their_oracle_counts_in_rows(export_inputs, oracle_for, indicator, columns, compact):
    table = export_inputs["table"]
    want = oracle_for("all", 90)[0]
    c = _canvas()
    legend = panels.Legend(c, table, indicator, "nb", 90, "all", 9, panels.centre_markers("nb", new=True),
                           compact=compact, columns=columns, caption="Tykk kant: valgt kommune")
    box = Box(30, 80, legend.w, legend.h)
    legend.draw(box)
    texts, artists = _legend_checks(c, legend, box)
    swatches = _beside(artists, texts, Rectangle)
    edges = {"median_min_nearest": vocab.BINS["minutes"], "share_over": vocab.BINS["share"]}.get(indicator)
    expected = {k: n for k, n in oracle.legend_counts(want, indicator, 90, edges).items() if n}
    labels = {label: key for key, label, _, _ in vocab.legend(indicator, "nb", 90)}
    shown = {}
    for _, t in swatches:
        m = re.fullmatch(r"(.*) \(([\d\u00a0]+)\)", t.get_text())
        shown[labels[m.group(1)]] = int(m.group(2).replace("\u00a0", ""))
    assert shown == expected
    n = len(expected)
    per_row = (columns or (3 if n >= 5 else 2 if n == 4 else 1)) if compact else 1
    rects = sorted((b for a, b in artists if isinstance(a, Rectangle)), key=lambda b: (round(b[1]), b[0]))
    tops = sorted({round(b[1]) for b in rects})
    assert len(tops) == -(-n // per_row)  # rows of `per_row` entries, the last one possibly short
    assert [sum(round(b[1]) == top for b in rects) for top in tops][:-1] == [per_row] * (len(tops) - 1)
    markers = [t.get_text() for a, t in _beside(artists, texts, Line2D)]
    assert markers == [vocab.t("centre_marker", "nb"), vocab.t("new_centre_marker", "nb")]
    caption = [t for t, _ in texts if t.get_text().startswith("Tykk kant")]
    assert caption and caption[0].get_position()[1] == pytest.approx(1 - box.y / H)  # the first line


def test_a_legend_on_a_backing_keeps_its_contents_a_gap_inside():
    c = _canvas()
    legend = panels.Legend(c, _tiny_table(), "plan_status", "nb", 90, "all", 10)
    w, h = legend.outer(True)
    assert (w, h) == pytest.approx((legend.w + 2 * legend.gap, legend.h + 2 * legend.gap))
    assert legend.outer(False) == (legend.w, legend.h)
    box = Box(100, 100, w, h)
    legend.draw(box, backing=True)
    texts, artists = _drawn(c)
    back = artists[0][0]
    assert back.get_facecolor()[:3] == (1.0, 1.0, 1.0) and back.get_x() == pytest.approx(100 / W)
    inner = Box(100 + legend.gap, 100 + legend.gap, legend.w, legend.h)
    assert all(_inside(b, inner) for _, b in texts)


def _tiny_table():
    import pandas as pd

    return pd.DataFrame({"kommunenummer": ["1", "2", "3"], "plan_status": ["adopted", "unknown", "unknown"]})


def test_a_whatif_legend_counts_before_and_after():
    import pandas as pd

    before = pd.DataFrame({"kommunenummer": ["1", "2", "3"], "gap_class": ["dekket", "dobbelt_gap", "dobbelt_gap"]})
    after = before.assign(gap_class=["dekket", "mangler_plan", "dobbelt_gap"])
    c = _canvas()
    legend = panels.Legend(c, after, "gap_class", "nb", 90, "all", 9, before=before)
    assert legend.count("dekket", 1) == "1" and legend.count("dobbelt_gap", 1) == "2 → 1"
    assert legend.count("mangler_plan", 1) == "0 → 1"
    legend.draw(Box(10, 10, legend.w, legend.h))
    texts, artists = _drawn(c)
    shown = [t.get_text() for t, _ in texts]
    assert {"1", "2 → 1", "0 → 1"} <= set(shown)
    # the columns leave room for 'before → after' beside each swatch (wider than any head here)
    gap = c.px(9) * 0.6
    lefts = sorted({round(a.get_x() * W, 3) for a, _ in artists if isinstance(a, Rectangle)})
    room = c.px(9) * 1.25 + gap + _laid_out_width("000 → 000", 9 * 1.1, True)
    heads = [_laid_out_width(vocab.t(f"grid_{g}", "nb"), 9 * 0.92, True) for g in ("current", "not_current")]
    assert room > max(heads)
    assert lefts[1] - lefts[0] == pytest.approx(room + 2 * gap, abs=1.5)
    plain = panels.Legend(c, after, "gap_class", "nb", 9, "all", 9)
    assert plain.count("dobbelt_gap", 1) == "1"


def test_header_blocks_measure_what_they_draw():
    c = _canvas()
    header = panels.Header(c, "Handlingsplan og reisevei til krisesenter — Troms", "Terskel 90 min · median", 10)
    w, h = header.outer(300, True)
    pad = c.px(10) * 0.6
    widest = max(_laid_out_width(line, 16, True) for line in c.wrap(header.title, 300 - 2 * pad, 16, True))
    assert w == pytest.approx(min(300, widest + 2 * pad + 1), abs=2)
    assert h == pytest.approx(header.height(300 - 2 * pad) + 2 * pad)
    assert header.outer(300, False)[1] == pytest.approx(header.height(300))
    header.draw(Box(50, 40, w, h), backing=True)
    texts, artists = _drawn(c)
    assert artists[0][0].get_facecolor()[:3] == (1.0, 1.0, 1.0)
    sizes = sorted({t.get_fontsize() for t, _ in texts})
    assert sizes == pytest.approx([9.5, 16.0])
    assert all(t.get_fontweight() in ("bold", 700) for t, _ in texts if t.get_fontsize() == 16)
    assert all(_inside(b, Box(50, 40, w, h)) for _, b in texts)
    assert max(b[3] for _, b in texts) >= 40 + h - pad - c.line(9.5)
    first = min(texts, key=lambda x: x[1][1])[0]
    assert first.get_position()[1] == pytest.approx(1 - (40 + pad) / H)


@pytest.mark.parametrize(("area", "compact", "plan_only"), [("norge", False, False), ("54", True, False),
                                                            ("03", False, True)])
def test_key_figures_are_the_oracle_numbers_beside_their_words(export_inputs, oracle_for, area, compact, plan_only):
    table = export_inputs["table"]
    rows = table if area == "norge" else table[table["fylkesnummer"] == area]
    want = oracle_for("all", 90)[0]
    kpi = oracle.kpi(want if area == "norge" else want[want["fylkesnummer"] == area], 90)
    c = _canvas()
    figures = panels.KeyFigures(c, rows, "nb", 90, "all", 9, 260, plan_only=plan_only, compact=compact)
    box = Box(200, 300, *figures.outer(False))
    figures.draw(box)
    texts, _ = _drawn(c)
    assert all(_inside(b, box) for _, b in texts)
    for (ta, ba), (tb, bb) in [(x, y) for i, x in enumerate(texts) for y in texts[i + 1:]]:
        assert _apart(ba, bb), (ta.get_text(), tb.get_text())
    assert max(b[3] for _, b in texts) >= box.y + box.h - c.line(9 * 1.5)
    numbers = [(t, b) for t, b in texts if re.fullmatch(r"[\d\u00a0]+", t.get_text())]
    shown = [int(t.get_text().replace("\u00a0", "")) for t, _ in numbers]
    expected = ([] if plan_only else [kpi["beyond"]] + ([kpi["unreachable"]] if kpi["unreachable"] else []))
    assert shown == [*expected, kpi["double_gap"], kpi["unknown"]]
    right = {round(b[2]) for _, b in numbers}
    assert max(right) - min(right) <= 1  # right-aligned in one column
    words = [(t, b) for t, b in texts if (t, b) not in numbers and t.get_color() != panels.ACCENT]
    assert all(b[0] > max(right) for _, b in words)  # the words right of the numbers
    heading = [t.get_text() for t, _ in texts if t.get_color() == panels.ACCENT]
    assert heading == ([] if compact else [vocab.t("key_figures", "nb")])
    for t, b in numbers:  # each number on the line of its words' first line
        beside = [wb for _, wb in words if abs(wb[1] - b[1]) <= c.px(9) or abs(wb[3] - b[3]) <= c.px(9)]
        assert beside, t.get_text()
    if compact:
        assert figures.width <= 260 and figures.width == pytest.approx(
            figures.num_w + max(c.width(w, 9) for _, w in figures.rows) + 2)
    else:
        assert figures.width == 260


def _baseline(t, r) -> float:
    """A one-line text's baseline in page pixels from the top, by matplotlib's own layout: the foot of its drawn box
    plus the descent its layout gives the line (Text._get_layout: at least that of 'lp' at its font)."""
    _, lines, _ = t._get_layout(r)
    return H - (t.get_window_extent(r).y0 + lines[-1][1][2])


@pytest.mark.parametrize(("area", "compact", "pt"), [("norge", False, 9), ("18", False, 12), ("54", True, 9),
                                                     ("46", True, 11)])
def test_each_key_figure_stands_on_the_baseline_of_its_words(export_inputs, area, compact, pt):
    """Each number sits on the baseline of its words' first line (to half a pixel, from the drawn text), the widest
    number starts at the block's left edge, and a number stands 0.4–1 em clear of its words (an em at the words'
    size): a number nudged up or down, or pushed off its words, is a slip a reader sees."""
    table = export_inputs["table"]
    rows = table if area == "norge" else table[table["fylkesnummer"] == area]
    c = _canvas()
    figures = panels.KeyFigures(c, rows, "nb", 90, "all", pt, 300, compact=compact)
    box = Box(150, 200, *figures.outer(False))
    figures.draw(box)
    r = _renderer(c)
    c.fig.draw(r)
    numbers = [t for t in c.fig.texts if re.fullmatch(r"[\d\u00a0]+", t.get_text())]
    words = [t for t in c.fig.texts if t not in numbers and t.get_color() != panels.ACCENT]
    assert len(numbers) == len(figures.rows) >= 3
    em = c.px(pt)
    word_lines = {_baseline(t, r): t for t in words}
    for n in numbers:
        base = _baseline(n, r)
        first = min(word_lines, key=lambda b: abs(b - base))
        assert abs(first - base) <= 0.5, (n.get_text(), base, first)
        gap = word_lines[first].get_window_extent(r).x0 - n.get_window_extent(r).x1
        assert 0.4 * em <= gap <= 1.0 * em, (n.get_text(), gap / em)
    assert min(n.get_window_extent(r).x0 for n in numbers) == pytest.approx(box.x, abs=1.5)


def test_centre_markers_name_the_new_centre_only_when_asked():
    assert panels.centre_markers("nb") == ((vocab.t("centre_marker", "nb"), vocab.CENTRE_COLOUR),)
    assert panels.centre_markers("en", new=True)[1] == (vocab.t("new_centre_marker", "en"), vocab.NEW_CENTRE_COLOUR)


def test_text_width_is_measured_at_the_canvas_dpi():
    c = panels.Canvas(Figure(figsize=(4, 3), dpi=200))
    assert c.width("Krisesenter", 10) == pytest.approx(2 * _canvas().width("Krisesenter", 10), rel=0.03)
    assert np.isclose(c.px(10), 10 * 200 / 72)


@pytest.mark.parametrize("size_pt", [6.0, 9.0, 14.0])
def test_a_dot_is_its_colour_inside_a_thin_white_ring(size_pt):
    """A marker dot (the centres in legends and on maps) is filled with its colour out to seven eighths of its
    radius, read back from the rendered pixels: the white ring that lifts it off the map is a hairline, not a
    disc that hides the colour."""
    c = _canvas()
    c.rect(0, 0, W, H, "#333333", z=1)  # a dark ground, so the white ring shows against it
    colour = (0.2, 0.4, 0.8)
    c.dot(100, 100, size_pt, matplotlib.colors.to_hex(colour))
    FigureCanvasAgg(c.fig).draw()
    rgba = np.asarray(c.fig.canvas.buffer_rgba())[..., :3] / 255
    radius = size_pt / 2 * DPI / 72  # px
    yy, xx = np.mgrid[0:H, 0:W]
    far = np.hypot(xx - 100, yy - 100)
    inside = far <= 0.8 * radius - 1  # clear of the ring's antialiased edge
    assert inside.sum() >= 3
    assert np.abs(rgba[inside] - colour).max() < 0.02
    ring = (far > radius * 0.95) & (far < radius + 1.5)
    assert (rgba[ring].min(axis=1) > 0.6).any()  # the white ring is there
