"""The slides' layout as the reader gets it, from the two writers read back separately: the PPTX with python-pptx
(where each box is) and the PDF with pdftotext (where each word is) and pdftoppm (where the ink is). Each box
inside the page's 40 pt margins and clear of every other box; the PDF prints, inside each PPTX box, exactly that
box's text, left-aligned text starting at the box's left edge and figures right-aligned in their table column;
no ink outside the boxes; each legend swatch in its class colour (vocabulary's GAP_COLOURS, matched by the label
beside it) in both files; the map picture filling its box and keeping the aspect of the PNG it is made from."""

from __future__ import annotations

import io
import re
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.enum.text import PP_ALIGN

import vocabulary as vocab
from tests import readback

W, H, MARGIN = 960.0, 540.0, 40.0  # the published page: 16:9 at 13.333 × 7.5 in, 40 pt margins
PICTURE = (0, 255, 0)  # the stand-in map: one colour no text or swatch uses, at the real map's size in pixels
EMU = 12700  # per point
RULE = "#bdbdbd"  # the thin rule under each table row in the PDF


def _stand_in_map() -> bytes:
    from export import slidemap

    buffer = io.BytesIO()
    Image.new("RGB", (round(slidemap.SIZE[0] * slidemap.DPI), round(slidemap.SIZE[1] * slidemap.DPI)), PICTURE).save(
        buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def decks(export_inputs):
    """Three decks, each written as PPTX and PDF: Vefsn (unknown plan) with a what-if, Årdal in English (expired
    plan, a link), Nordland in Nynorsk with a what-if."""
    from export import deck, slidepages, slides

    table, areas, norge = export_inputs["table"], export_inputs["areas"], export_inputs["norge"]
    by_number = table.set_index("kommunenummer", drop=False)
    nordland = table[table["fylkesnummer"] == "18"]
    whatif = deck.WhatIf("Nytt senter i Alstahaug", nordland, nordland, "Nordland")
    made = [deck.kommune_deck(by_number.loc["1824"], areas.loc["18"], norge, table, lang="nb", picture=_stand_in_map(),
                              whatif=whatif),
            deck.kommune_deck(by_number.loc["4643"], areas.loc["46"], norge, table, lang="en", picture=_stand_in_map()),
            deck.fylke_deck("18", areas.loc["18"], norge, table, lang="nn", picture=_stand_in_map(), whatif=whatif)]
    out = []
    for d in made:
        pptx, pdf = io.BytesIO(), io.BytesIO()
        slides.to_pptx(d, pptx)
        slidepages.to_pdf(d, pdf)
        out.append((d, Presentation(io.BytesIO(pptx.getvalue())), pdf.getvalue()))
    return out


def _box(shape) -> tuple[float, float, float, float]:
    return shape.left / EMU, shape.top / EMU, (shape.left + shape.width) / EMU, (shape.top + shape.height) / EMU


def _words(pdf: bytes) -> list[list[dict]]:
    """Every page's words from `pdftotext -bbox`: text and box in points from the top left."""
    xml = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    root = ET.fromstring(xml.decode().replace("&nbsp;", " "))
    pages = [e for e in root.iter() if e.tag.endswith("page")]
    return [[{"text": w.text or "", **{k: float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")}}
             for w in p.iter() if w.tag.endswith("word")] for p in pages]


def _ink(pdf: bytes) -> list[np.ndarray]:
    """Every page rendered at 72 dpi (1 px = 1 pt) as an RGB array."""
    ppm = subprocess.run(["pdftoppm", "-r", "72", "-png", "-"], input=pdf, capture_output=True, check=True).stdout
    pages, at = [], 0
    while at < len(ppm):  # pdftoppm writes one PNG after another to stdout
        end = ppm.index(b"IEND", at) + 8
        pages.append(np.asarray(Image.open(io.BytesIO(ppm[at:end])).convert("RGB")).astype(int))
        at = end
    return pages


def _inside(word: dict, box) -> bool:
    cx, cy = (word["xMin"] + word["xMax"]) / 2, (word["yMin"] + word["yMax"]) / 2
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text.replace(readback.NBSP, " "))


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))


def test_every_box_lies_inside_the_margins_and_clear_of_the_others(decks):
    for d, prs, _ in decks:
        assert (prs.slide_width / EMU, prs.slide_height / EMU) == (W, H)
        assert len(prs.slides) == len(d.slides)
        for n, slide in enumerate(prs.slides, 1):
            boxes = [(_box(s), s.name) for s in slide.shapes]
            for (x0, y0, x1, y1), name in boxes:
                assert MARGIN - 0.5 <= x0 < x1 <= W - MARGIN + 0.5 and 0 <= y0 < y1 <= H, (d.title, n, name)
            for i, (a, na) in enumerate(boxes):
                for b, nb in boxes[i + 1:]:
                    overlap = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
                    assert min(overlap) <= 0.01, (d.title, n, na, nb, a, b)


def test_the_pdf_prints_each_box_text_inside_that_box(decks):
    """Every PPTX text box and table holds, in the PDF, exactly the words of its text (in order); left-aligned
    text starts at the box's left edge and the right-aligned slide number ends at the right edge; every word the
    PDF prints lies in some box."""
    for d, prs, pdf in decks:
        pages = _words(pdf)
        assert len(pages) == len(prs.slides)
        for n, (slide, words) in enumerate(zip(prs.slides, pages, strict=True), 1):
            boxes = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text or s.has_table]
            claimed = set()
            for s in boxes:
                box = _box(s)
                mine = [i for i, w in enumerate(words) if _inside(w, box)]
                claimed |= set(mine)
                if s.has_table:
                    want = "".join(c.text for r in s.table.rows for c in r.cells)
                    assert sorted(_flat("".join(words[i]["text"] for i in mine))) == sorted(_flat(want)), (n, want)
                    continue
                assert _flat("".join(words[i]["text"] for i in mine)) == _flat(s.text_frame.text), (n, s.text_frame.text)
                size = s.text_frame.paragraphs[0].runs[0].font.size.pt  # the box is as tall as its lines, no taller
                last = max(words[i]["yMax"] - 0.4 * (words[i]["yMax"] - words[i]["yMin"]) / 1.95 for i in mine)
                assert 0 < box[3] - last <= 0.5 * size, (n, s.text_frame.text, box, last)
                first = [words[i] for i in mine if abs(words[i]["yMin"] - words[mine[0]]["yMin"]) < 1]
                if s.text_frame.paragraphs[0].alignment == PP_ALIGN.RIGHT:
                    assert abs(max(w["xMax"] for w in first) - box[2]) < 1.5, (n, s.text_frame.text)
                else:
                    assert abs(min(w["xMin"] for w in first) - box[0]) < 1.5, (n, s.text_frame.text)
            assert claimed == set(range(len(words))), (n, [words[i]["text"] for i in set(range(len(words))) - claimed])
            title = min(boxes, key=lambda s: _box(s)[1])  # the title first, in the top margin
            assert title.text_frame.text == d.slides[n - 1].title and _box(title)[1] < MARGIN, (n, _box(title))


def test_table_figures_are_right_aligned_in_their_columns(decks):
    """A table's columns (python-pptx) fill its width; in the PDF each row's label starts at the table's left edge
    and each figure column's cells end at one x, inside that column."""
    for _, prs, pdf in decks:
        for slide, words in zip(prs.slides, _words(pdf), strict=True):
            for s in (s for s in slide.shapes if s.has_table):
                x0, y0, x1, y1 = _box(s)
                widths = [c.width / EMU for c in s.table.columns]
                assert abs(sum(widths) - (x1 - x0)) < 0.5
                edges = np.cumsum([x0, *widths])
                for j in range(len(widths)):
                    in_column = [w for w in words if _inside(w, (edges[j], y0, edges[j + 1], y1))]
                    rows = {}
                    for w in in_column:
                        rows.setdefault(round(w["yMax"]), []).append(w)
                    assert len(rows) >= len(s.table.rows), (j, [w["text"] for w in in_column])
                    if j == 0:
                        starts = [min(w["xMin"] for w in r) for r in rows.values()]
                        assert max(abs(x - x0) for x in starts) < 1.5, starts
                    else:  # right-aligned, close to the column's right edge
                        ends = [max(w["xMax"] for w in r) for r in rows.values()]
                        assert max(ends) - min(ends) < 1.0 and edges[j + 1] - 12 <= min(ends) <= edges[j + 1], ends
                for i, row in enumerate(s.table.rows):
                    for j, cell in enumerate(row.cells):
                        para = cell.text_frame.paragraphs[0]
                        assert (para.alignment == PP_ALIGN.RIGHT) == (j > 0), (i, j, cell.text)
                        assert all(r.font.bold == (i == 0 or j == 0) for r in para.runs), (i, j, cell.text)


def test_no_ink_outside_the_boxes_and_each_colour_where_it_belongs(decks):
    """Rendered at 1 px = 1 pt: nothing darker than the header tint outside the PPTX boxes (a 2 pt allowance for
    antialiasing); the map fills its box; each legend swatch has its class colour, the same in PPTX and PDF."""
    colours = {labels[lang]: vocab.GAP_COLOURS[key] for key, labels in vocab.CLASS_LABELS.items()
               for lang in vocab.LANGS if key in vocab.GAP_COLOURS}
    for d, prs, pdf in decks:
        for n, (slide, page) in enumerate(zip(prs.slides, _ink(pdf), strict=True), 1):
            assert page.shape[:2] == (H, W)
            outside = np.ones(page.shape[:2], bool)
            for s in slide.shapes:
                x0, y0, x1, y1 = _box(s)
                outside[max(int(y0) - 2, 0):int(np.ceil(y1)) + 2, max(int(x0) - 2, 0):int(np.ceil(x1)) + 2] = False
            dark = (page.min(axis=2) < 200) & outside
            assert not dark.any(), (d.title, n, np.argwhere(dark)[:5].tolist())
            for s in (s for s in slide.shapes if s.has_table):  # a rule under every row, the last at the box's foot
                x0, y0, x1, y1 = _box(s)
                grey = (np.abs(page[:, int(x0) + 2:int(x1) - 2] - _rgb(RULE)).max(axis=2) <= 12).mean(axis=1) > 0.9
                rules = [y for y in np.flatnonzero(grey) if not grey[y - 1]]
                assert len(rules) == len(s.table.rows) and abs(rules[-1] - y1) <= 6, (d.title, n, rules, y1)
            shapes = list(slide.shapes)
            for i, s in enumerate(shapes):
                x0, y0, x1, y1 = _box(s)
                if s.shape_type == MSO_SHAPE_TYPE.PICTURE:
                    inner = page[int(y0) + 2:int(y1) - 2, int(x0) + 2:int(x1) - 2]
                    assert (np.abs(inner - PICTURE).max(axis=2) <= 8).mean() > 0.99, (d.title, n)
                    px, py = Image.open(io.BytesIO(s.image.blob)).size
                    assert abs((x1 - x0) / (y1 - y0) - px / py) < 0.01, ("the map is stretched", (x1 - x0) / (y1 - y0),
                                                                         px / py)
                elif s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE:  # a legend swatch, its label the next shape
                    fill = str(s.fill.fore_color.rgb)
                    label = shapes[i + 1].text_frame.text.rsplit(":", 1)[0]
                    want = colours.get(label, vocab.CENTRE_COLOUR)
                    assert fill == want.lstrip("#").upper(), (label, fill, want)
                    centre = page[int((y0 + y1) / 2), int((x0 + x1) / 2)]
                    assert np.abs(centre - _rgb(want)).max() <= 3, (d.title, label, centre.tolist(), want)


def test_a_kommune_named_as_its_fylke_is_told_apart_from_it(export_inputs):
    """Oslo kommune in Oslo fylke: the comparison slide's fylke column says it is the fylke."""
    from export import deck

    table = export_inputs["table"]
    oslo = table.set_index("kommunenummer", drop=False).loc["0301"]
    built = deck.kommune_deck(oslo, export_inputs["areas"].loc["03"], export_inputs["norge"], table, lang="en")
    compare = next(s for s in built.slides if s.key == "compare")
    assert compare.table[0] == (vocab.t("measure", "en"), "Oslo", f"Oslo ({vocab.t('fylke_word', 'en')})",
                                vocab.t("norway", "en"))


def test_every_link_of_the_pptx_is_a_link_in_the_pdf(decks):
    """The same addresses are clickable in both files, on the same page (`pdfinfo -url`: page, type, URL); the
    kommune decks link their plan's source."""
    linked = 0
    for d, prs, pdf in decks:
        listed = subprocess.run(["pdfinfo", "-url", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        in_pdf = {(int(line.split()[0]), line.split()[-1]) for line in listed.splitlines()[1:] if line.strip()}
        in_pptx = {(n, r.hyperlink.address) for n, slide in enumerate(prs.slides, 1) for s in slide.shapes
                   if s.has_text_frame for p in s.text_frame.paragraphs for r in p.runs if r.hyperlink.address}
        assert in_pptx == in_pdf, (d.title, in_pptx ^ in_pdf)
        linked += bool(in_pptx)
    assert linked >= 1


def test_every_line_of_every_slide_is_written_and_the_message_stands_out(decks):
    """Each slide's lines (the deck model: export.deck) are all in the PPTX, each in a box of its own, and the
    notes are the model's notes. On the gap, plan and what-if slides the first line is the message: bold and
    larger than every other line of the body; elsewhere no body line is larger than another."""
    for d, prs, _ in decks:
        for n, (model, slide) in enumerate(zip(d.slides, prs.slides, strict=True), 1):
            boxes = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text]
            texts = [s.text_frame.text for s in boxes]
            missing = [line for line in model.lines if line not in texts]
            assert missing == [], (d.title, n, missing)
            assert slide.notes_slide.notes_text_frame.text == "\n".join(model.notes)
            if model.key == "map":
                continue
            body = [(s.text_frame.paragraphs[0].runs[0].font, s.text_frame.text) for s in boxes
                    if s.text_frame.text in model.lines]
            sizes = [font.size.pt for font, _ in body]
            if model.key in ("gap", "plan", "whatif"):
                assert body[0][1] == model.lines[0] and body[0][0].bold, (d.title, n)
                assert sizes[0] > max(sizes[1:]), (d.title, n, sizes)
            else:
                assert len(set(sizes)) <= 1, (d.title, n, sizes)


def test_titles_numbers_and_the_space_between_blocks(decks):
    """README: titles 36–40 pt (one size on every slide). Each slide numbered 'n / count' at the foot, below
    everything else. Under the title, blocks stacked one below another are never closer than 4 pt and never
    further apart than 17 pt (under 0.75 em of the smallest body type: no block floats away from the one above);
    on text slides only the message line and the helplines are bold."""
    for d, prs, _ in decks:
        count = len(prs.slides)
        title_sizes = set()
        for n, (model, slide) in enumerate(zip(d.slides, prs.slides, strict=True), 1):
            shapes = list(slide.shapes)
            title = min(shapes, key=lambda s: s.top)
            title_sizes.add(title.text_frame.paragraphs[0].runs[0].font.size.pt)
            number = max(shapes, key=lambda s: s.top + s.height)
            assert number.text_frame.text == f"{n} / {count}", (d.title, n, number.text_frame.text)
            if model.key == "map":
                continue
            body = sorted((s for s in shapes if s not in (title, number)), key=lambda s: s.top)
            frames = [s.text_frame for s in body if s.has_text_frame]
            frames += [c.text_frame for s in body if s.has_table for row in s.table.rows for c in row.cells]
            pt = min(r.font.size.pt for f in frames for p in f.paragraphs for r in p.runs)
            for upper, lower in zip([title, *body], body, strict=False):
                gap = (lower.top - upper.top - upper.height) / EMU
                assert 4 <= gap <= 17, (d.title, n, round(gap, 1), pt)
            bold = [s.text_frame.text for s in body if s.has_text_frame and s.text_frame.paragraphs[0].runs[0].font.bold]
            want = [model.lines[0]] if model.key in ("gap", "plan", "whatif") else []
            want += [model.lines[-1]] if model.key == "sources" else []
            assert bold == want, (d.title, n, bold)
        assert len(title_sizes) == 1 and 36 <= title_sizes.pop() <= 40


def test_a_kommune_too_small_to_see_on_the_slide_map_is_ringed_on_itself(export_inputs):
    """The slide map's ring goes round the kommune's own middle (its bounds from the boundary file) when the view
    is so wide that the kommune is a speck (Sola in a view 1,000 km across), and there is no ring when it is not."""
    import shapely
    from matplotlib.collections import PathCollection
    from matplotlib.figure import Figure

    from export import slidemap

    by_number = export_inputs["kommuner"].set_index("kommunenummer")
    x0, y0, x1, y1 = by_number.loc["1124", "geometry"].bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    for half, ringed in ((500_000, True), (30_000, False)):
        aoi = (cx - half, cy - half, cx + half, cy + half)
        ax = Figure().add_subplot()
        slidemap._outline(ax, by_number, "1124", aoi, shapely.box(*aoi))
        rings = [c for c in ax.collections if isinstance(c, PathCollection)]
        assert len(rings) == int(ringed), (half, rings)
        if ringed:
            (x, y), = rings[0].get_offsets()
            assert abs(x - cx) < 1 and abs(y - cy) < 1


def test_every_rule_and_swatch_edge_is_one_hairline_in_both_files(decks):
    """The PDF strokes every table rule and swatch edge with one and the same hairline (read from the page content
    streams: the width in force at each stroke; a centre dot's white ring is not a line), thin enough to stay a
    rule and heavy enough to be seen from the back of a room (0.5–1 pt on a 960 pt page); the PPTX outlines its
    swatches with that same width."""
    widths = set()
    for d, prs, pdf in decks:
        pages = [{k: n for k, n in p.items() if k[1] != "#ffffff"} for p in readback.pdf_strokes(pdf)]
        assert len(pages) == len(d.slides)
        strokes = sum(sum(p.values()) for p in pages)
        assert strokes >= 6, (d.title, pages)  # the tables' rules and the legend's swatches
        widths |= {w for p in pages for w, _ in p}
        for slide in prs.slides:
            widths |= {round(s.line.width / EMU, 3) for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE}
    assert len(widths) == 1, widths
    assert 0.5 <= widths.pop() <= 1.0
