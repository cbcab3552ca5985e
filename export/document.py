"""Word documents (python-docx) a reader can edit: real headings (Title, Heading 1/2 styles), real tables with a
repeated header row, clickable hyperlinks, pictures with alt text (wp:docPr descr), the document's language set
for spelling and screen readers, A4 pages, and the helplines in every page's footer."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

import vocabulary as vocab
from export.panels import ACCENT, LINK

AUTHOR = "Dekningskart"
LANGUAGE_TAGS = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}
TEXT_WIDTH = Cm(16.0)  # A4 (21 cm) less 2.5 cm margins
_URL = re.compile(r"https?://\S+?(?=[;,.)]?(?:\s|$))")

# A cell or a line: plain text, or parts (text, url or None) where a url makes the part a hyperlink.
Parts = str | list[tuple[str, str | None]]


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def new(lang: str, title: str, subject: str, today: dt.date) -> docx.Document:
    """An empty A4 document in `lang` (Normal style's language, core properties) with a Hyperlink character style
    and the helplines in the footer."""
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(11)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE_TAGS.get(lang, "nb-NO"))
    normal.element.get_or_add_rPr().append(language)
    for name in ("Title", "Heading 1", "Heading 2"):
        doc.styles[name].font.color.rgb = _rgb(ACCENT)
    link_style = doc.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link_style.font.color.rgb, link_style.font.underline = _rgb(LINK), True
    props = doc.core_properties
    props.title, props.subject, props.author, props.last_modified_by = title, subject, AUTHOR, AUTHOR
    props.keywords, props.language = vocab.t("attribution", lang), LANGUAGE_TAGS.get(lang, "nb-NO")
    props.created = props.modified = dt.datetime.combine(today, dt.time(12))
    props.revision = 1
    footer = section.footer.paragraphs[0]
    footer.text = f"{vocab.t('app_title', lang)} · {vocab.t('helplines', lang)}"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


def link(paragraph, text: str, url: str) -> None:
    """Append `text` to the paragraph as a hyperlink to `url` (an external relationship of the document part)."""
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.set(qn("xml:space"), "preserve")
    text_element.text = text
    run.append(text_element)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def write(paragraph, parts: Parts, bold: bool = False) -> None:
    """Fill a paragraph: plain text (any http(s) address in it becomes a hyperlink) or parts (text, url)."""
    if isinstance(parts, str):
        parts = _linked(parts)
    for text, url in parts:
        if url:
            link(paragraph, text, url)
        elif text:
            paragraph.add_run(text).bold = bold


def _linked(text: str) -> list[tuple[str, str | None]]:
    """Text split into plain parts and the addresses in it, each address its own link."""
    parts, at = [], 0
    for m in _URL.finditer(text):
        parts += [(text[at:m.start()], None), (m.group(0), m.group(0))]
        at = m.end()
    return [*parts, (text[at:], None)]


def paragraph(doc, parts: Parts, bold: bool = False, style: str | None = None, indent: float = 0.0):
    p = doc.add_paragraph(style=style)
    write(p, parts, bold)
    if indent:
        p.paragraph_format.left_indent = Cm(indent)
    return p


def source(doc, label: str, url: str, style: str | None = None):
    """'Kilde (per 2016): ' then the URL as a link (label alone when there is no URL)."""
    return paragraph(doc, [(f"{label}: " if url else label, None), (url, url or None)], style=style)


def bullets(doc, items: list[Parts]) -> None:
    for item in items:
        paragraph(doc, item, style="List Bullet")


def table(doc, rows: list[list[Parts]], widths: list[float], figures: tuple[int, ...] | None = None):
    """A real table: the first row is its header (bold, repeated on each page), rows never split across pages;
    the `figures` columns (default: all but the first) right-aligned; widths in cm."""
    figures = tuple(range(1, len(widths))) if figures is None else figures
    grid = doc.add_table(rows=len(rows), cols=len(rows[0]), style="Table Grid")
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    for j, width in enumerate(widths):
        grid.columns[j].width = Cm(width)  # the grid's widths (LibreOffice reads these; Word the cells')
    for i, cells in enumerate(rows):
        keep = grid.rows[i]._tr.get_or_add_trPr()
        keep.append(OxmlElement("w:cantSplit"))  # a row stays on one page
        for j, parts in enumerate(cells):
            cell = grid.cell(i, j)
            cell.width = Cm(widths[j])
            write(cell.paragraphs[0], parts, bold=i == 0)
            if j in figures and i > 0:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    doc.add_paragraph()  # room after the table (and a place to type)
    return grid


def picture(doc, png: bytes, alt: str, title: str) -> None:
    """The picture across the text width, with its alt text and title on wp:docPr (what screen readers read)."""
    shape = doc.add_picture(io.BytesIO(png), width=TEXT_WIDTH)
    shape._inline.docPr.set("descr", alt)
    shape._inline.docPr.set("title", title)


def save(doc, out) -> None:
    """Write the document to a path or a binary file."""
    if isinstance(out, (str, Path)):
        doc.save(str(out))
    else:
        doc.save(out)
