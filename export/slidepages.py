"""A deck's PDF: one matplotlib page per slide, drawn from the same layout as the PPTX (export.slides.layout), so
the same text at the same sizes; real selectable text, links clickable, the map as the same picture. For a
projector without PowerPoint, and for CI, which has no LibreOffice to convert the PPTX."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib.image as mpimg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from export import output
from export.deck import Deck
from export.panels import ASCENT, Canvas
from export.slides import EDGE, HAIRLINE, HEADER_FILL, Block, H, W, pages

RULE_COLOUR = "#bdbdbd"


def _text(c: Canvas, b: Block) -> None:
    y = b.y
    x, ha = (b.x + b.w, "right") if b.align == "right" else (b.x, "left")
    for line in c.wrap(b.text, b.w, b.pt, b.bold):
        c.text(x, y + ASCENT * b.pt, line, b.pt, b.bold, b.colour, ha=ha, url=b.url or None, va="baseline")
        y += c.line(b.pt)


def _table(c: Canvas, b: Block) -> None:
    """Header and labels bold, figures right-aligned in their columns, a thin rule under every row."""
    pad = b.pt * 0.8
    y = b.y
    for i, row in enumerate(b.rows):
        if i == 0:
            c.rect(b.x, y - b.pt * 0.15, b.w, c.line(b.pt) + b.pt * 0.3, HEADER_FILL, z=1)
        x, tallest = b.x, 0.0
        for j, (cell, w) in enumerate(zip(row, b.widths, strict=True)):
            lines = c.wrap(cell, w - pad / 2, b.pt, i == 0)
            for k, line in enumerate(lines):
                top = y + k * c.line(b.pt) + ASCENT * b.pt
                if j == 0:
                    c.text(x, top, line, b.pt, bold=True, va="baseline")
                else:
                    c.text(x + w - pad * 0.25, top, line, b.pt, bold=i == 0, ha="right", va="baseline")
            tallest = max(tallest, len(lines) * c.line(b.pt))
            x += w
        y += tallest + b.pt * 0.3
        c.hline(b.x, y - b.pt * 0.15, b.w, RULE_COLOUR, lw=HAIRLINE)


def _picture(c: Canvas, b: Block, png: bytes | None) -> None:
    if not png:
        return
    ax = c.fig.add_axes((b.x / W, 1 - (b.y + b.h) / H, b.w / W, b.h / H))
    ax.imshow(mpimg.imread(io.BytesIO(png), format="png"), aspect="auto", interpolation="antialiased")
    ax.set_axis_off()


def _page(deck: Deck, index: int, blocks: list[Block]) -> Figure:
    fig = Figure(figsize=(W / 72, H / 72), dpi=72)
    c = Canvas(fig)
    for b in blocks:
        if b.kind == "text":
            _text(c, b)
        elif b.kind == "table":
            _table(c, b)
        elif b.kind == "swatch":
            if b.text == "dot":
                c.dot(b.x + b.w / 2, b.y + b.h / 2, b.w * 0.8, b.colour)
            else:
                c.rect(b.x, b.y, b.w, b.h, b.colour, edge=EDGE, lw=HAIRLINE)
        elif b.kind == "picture":
            _picture(c, b, deck.slides[index].picture)
    return fig


def to_pdf(deck: Deck, out) -> None:
    """Write the deck as a PDF, one 16:9 page per slide, with its title and description in the document info."""
    buffer = io.BytesIO()
    meta = {"Title": deck.title, "Subject": deck.description, "Author": output.AUTHOR,
            "Creator": f"{output.AUTHOR} (matplotlib)"}
    with PdfPages(buffer, metadata=meta) as pdf:
        for i, blocks in enumerate(pages(deck)):
            pdf.savefig(_page(deck, i, blocks))
    data = buffer.getvalue()
    if isinstance(out, (str, Path)):
        Path(out).write_bytes(data)
    else:
        out.write(data)
