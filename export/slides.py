"""A `export.deck.Deck` as slides: one layout (points on a 16:9 page, 960 × 540 pt) drawn by two writers, PPTX
(python-pptx: real text boxes and tables, the map as a picture with its description, speaker notes in the notes
pane) and PDF (matplotlib pages, export/slidepages.py). Type is sized for the back of a council room: titles
TITLE_PT, body BODY_PT stepping down to MIN_PT where a slide holds more, never less; text is measured with the
Agg renderer's font metrics (export.panels.Canvas), so a slide that would not fit is an error, not cut text."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure

from export.deck import Deck, Slide
from export.panels import ACCENT, FONT, INK, LINK, MUTED, Canvas
from export.slidemap import SIZE

W, H = 960.0, 540.0  # points: 13.333 × 7.5 in
MARGIN = 40.0
TITLE_PT, MIN_PT = 40.0, 24.0
LEAD_STEP = 4.0  # the message line is this much larger than the body
BODY_PTS = (28.0, 26.0, 24.0)  # tried in turn until the slide fits
GAP = 10.0
PICTURE_ASPECT = SIZE[0] / SIZE[1]  # the map is drawn at export.slidemap.SIZE: its box keeps that aspect
SWATCH = 24.0
HAIRLINE = 0.75  # pt: every table rule and swatch edge, in both writers (one weight, seen from the back)
EDGE = "#555555"  # a swatch's edge
HEADER_FILL = "#EEE8F4"
_MEASURE = Canvas(Figure(figsize=(W / 72, H / 72), dpi=72))  # 1 px = 1 pt


@dataclass(frozen=True)
class Block:
    """A thing on a page, in points from the top left: text (lines already wrapped as measured), a table, the
    picture or a colour swatch."""

    kind: str  # text | table | picture | swatch
    x: float
    y: float
    w: float
    h: float
    pt: float = 0.0
    text: str = ""
    bold: bool = False
    colour: str = INK
    url: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    widths: tuple[float, ...] = ()
    align: str = "left"


def _height(text: str, width: float, pt: float, bold: bool = False) -> float:
    return len(_MEASURE.wrap(text, width, pt, bold)) * _MEASURE.line(pt)


def _text(x: float, y: float, w: float, text: str, pt: float, **kw) -> Block:
    return Block("text", x, y, w, _height(text, w, pt, kw.get("bold", False)), pt, text, **kw)


def _table(x: float, y: float, w: float, rows, pt: float) -> Block:
    """Columns sized to their widest cell (the label column takes what is left); rows as tall as their tallest
    wrapped cell."""
    pad = pt * 0.8
    values = [max(_MEASURE.width(r[j], pt, i == 0) for i, r in enumerate(rows)) + pad for j in range(1, len(rows[0]))]
    label = w - sum(values)
    widths = (label, *values)
    h = sum(max(_height(c, cw - pad / 2, pt, i == 0) for c, cw in zip(r, widths, strict=True)) + pt * 0.3
            for i, r in enumerate(rows))
    return Block("table", x, y, w, h, pt, rows=tuple(tuple(r) for r in rows), widths=widths)


def _head(slide: Slide, index: int, count: int) -> tuple[list[Block], float]:
    width = W - 2 * MARGIN
    title = _text(MARGIN, MARGIN * 0.7, width, slide.title, TITLE_PT, bold=True, colour=ACCENT)
    number = Block("text", W - MARGIN - 120, H - MARGIN * 0.35 - _MEASURE.line(MIN_PT), 120, _MEASURE.line(MIN_PT),
                   MIN_PT, f"{index} / {count}", colour=MUTED, align="right")
    return [title, number], title.y + title.h + GAP


def _map_blocks(slide: Slide, top: float) -> list[Block]:
    """Subtitle across the page; the map on the left, as large as leaves room for the legend beside it."""
    sub = _text(MARGIN, top, W - 2 * MARGIN, slide.lines[0], MIN_PT, colour=MUTED)
    top = sub.y + sub.h + GAP
    full = H - top - MARGIN
    for scale in (1.0, 0.9, 0.8, 0.7, 0.6, 0.5):
        ph = full * scale
        pw = ph * PICTURE_ASPECT
        column = _legend_blocks(slide, MARGIN + pw + 2 * GAP, top)
        if column[-1].y + column[-1].h <= H - MARGIN:
            return [sub, Block("picture", MARGIN, top, pw, ph, text=slide.alt), *column]
    raise ValueError(f"slide {slide.title!r}: the legend does not fit beside the map")


def _legend_blocks(slide: Slide, x: float, y: float) -> list[Block]:
    """What the outline means (above), the legend's swatches and labels, what the counts count (below)."""
    blocks, width = [], W - MARGIN - x
    for line in slide.lines[1:-1]:
        blocks.append(_text(x, y, width, line, MIN_PT, bold=True))
        y = blocks[-1].y + blocks[-1].h + GAP
    for colour, label, shape in slide.legend:
        b = _text(x + SWATCH + 10, y, width - SWATCH - 10, label, MIN_PT)
        blocks += [Block("swatch", x, y + 4, SWATCH, SWATCH, colour=colour, text=shape), b]
        y = b.y + b.h + 4
    for line in slide.lines[1:][-1:]:
        blocks.append(_text(x, y + GAP, width, line, MIN_PT, colour=MUTED))
    return blocks


def _body(slide: Slide, top: float, pt: float) -> list[Block]:
    """Lines and table below the title; the first line is the message (bold, larger on the gap, plan and what-if
    slides)."""
    blocks, y, width = [], top, W - 2 * MARGIN
    table_first = slide.key in ("travel", "compare")
    if slide.table and table_first:
        blocks.append(_table(MARGIN, y, width, slide.table, pt))
        y += blocks[-1].h + GAP * 1.5
    for i, line in enumerate(slide.lines):
        lead = i == 0 and slide.key in ("gap", "whatif", "plan")
        url = slide.links[i] if i < len(slide.links) else ""
        helplines = slide.key == "sources" and i == len(slide.lines) - 1
        b = _text(MARGIN, y, width, line, pt + LEAD_STEP if lead else pt,
                  colour=LINK if url else ACCENT if helplines else INK, url=url, bold=lead or helplines)
        blocks.append(b)
        y += b.h + GAP * (1.2 if lead else 0.6)
    if slide.table and not table_first:
        blocks.append(_table(MARGIN, y + GAP, width, slide.table, pt))
        y += blocks[-1].h + GAP
    return blocks


def layout(slide: Slide, index: int, count: int) -> list[Block]:
    """Every block of one slide, at the largest body size (BODY_PTS) at which it fits above the slide number."""
    head, top = _head(slide, index, count)
    if slide.key == "map":
        return head + _map_blocks(slide, top)
    for pt in BODY_PTS:
        body = _body(slide, top, pt)
        if max(b.y + b.h for b in body) <= H - MARGIN * 0.35 - _MEASURE.line(MIN_PT):
            return head + body
    raise ValueError(f"slide {slide.title!r} does not fit at {MIN_PT:g} pt; shorten it")


def pages(deck: Deck) -> list[list[Block]]:
    return [layout(s, i + 1, len(deck.slides)) for i, s in enumerate(deck.slides)]


# --- PPTX --------------------------------------------------------------------------------------------------------

def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _run_style(run, b: Block, pt: float | None = None, bold: bool | None = None) -> None:
    from pptx.util import Pt

    run.font.size = Pt(pt or b.pt)
    run.font.bold = b.bold if bold is None else bold
    run.font.name = FONT
    run.font.color.rgb = _rgb(b.colour)


def _textbox(shapes, b: Block) -> None:
    from pptx.util import Pt

    box = shapes.add_textbox(Pt(b.x), Pt(b.y), Pt(b.w), Pt(b.h))
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    if b.align == "right":
        from pptx.enum.text import PP_ALIGN

        frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
    run = frame.paragraphs[0].add_run()
    run.text = b.text
    _run_style(run, b)
    if b.url:
        run.hyperlink.address = b.url


def _table_shape(shapes, b: Block) -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    shape = shapes.add_table(len(b.rows), len(b.rows[0]), Pt(b.x), Pt(b.y), Pt(b.w), Pt(b.h))
    table = shape.table
    for j, w in enumerate(b.widths):
        table.columns[j].width = Pt(w)
    for i, row in enumerate(b.rows):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.margin_left = cell.margin_right = Pt(b.pt * 0.2)
            cell.fill.solid()  # plain cells: dark text on white, the header on a light tint (the theme's blue is dim)
            cell.fill.fore_color.rgb = _rgb(HEADER_FILL if i == 0 else "#FFFFFF")
            para = cell.text_frame.paragraphs[0]
            run = para.add_run()
            run.text = value
            _run_style(run, b, bold=i == 0 or j == 0)
            if j:
                para.alignment = PP_ALIGN.RIGHT


def _swatch(shapes, b: Block) -> None:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Pt

    shape = shapes.add_shape(MSO_SHAPE.OVAL if b.text == "dot" else MSO_SHAPE.RECTANGLE, Pt(b.x), Pt(b.y), Pt(b.w),
                             Pt(b.h))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(b.colour)
    shape.line.color.rgb = _rgb(EDGE)
    shape.line.width = Pt(HAIRLINE)


def to_pptx(deck: Deck, out) -> None:
    """Write the deck as a 16:9 PPTX to `out` (path or binary file)."""
    from pptx import Presentation
    from pptx.util import Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(W), Pt(H)
    blank = prs.slide_layouts[6]
    for slide, blocks in zip(deck.slides, pages(deck), strict=True):
        page = prs.slides.add_slide(blank)
        for b in blocks:
            if b.kind == "text":
                _textbox(page.shapes, b)
            elif b.kind == "table":
                _table_shape(page.shapes, b)
            elif b.kind == "swatch":
                _swatch(page.shapes, b)
            elif b.kind == "picture" and slide.picture:
                pic = page.shapes.add_picture(io.BytesIO(slide.picture), Pt(b.x), Pt(b.y), Pt(b.w), Pt(b.h))
                pic._element.nvPicPr.cNvPr.set("descr", slide.alt)  # the alt text screen readers and PowerPoint read
                pic._element.nvPicPr.cNvPr.set("title", slide.title)
        page.notes_slide.notes_text_frame.text = "\n".join(slide.notes)
    props = prs.core_properties
    props.title, props.subject, props.author = deck.title, deck.description, "Dekningskart"
    props.language = deck.lang
    if isinstance(out, (str, Path)):
        prs.save(str(out))
    else:
        prs.save(out)
