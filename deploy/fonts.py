"""Streamlit's fonts cut down to what the app can show, served by the balancer in place of the full files
(deploy/frontend.py builds them once per version of their inputs, deploy/frontend.lua serves them).

Measured in Chromium's network log (the map page with its table), Streamlit's fonts were 0.55 MB of a 1.70 MB first
load: its icon font (Material Symbols Rounded, 375 KB, 4,309 icons) and its text face (Source Sans, 171 KB: Latin,
Greek, Cyrillic and Vietnamese). Both are already-compressed WOFF2, so no content-encoding helps; only fewer glyphs.

- The icon font draws an icon from its name written as text (a ligature: `expand_more` → the arrow). The subset keeps
  the ligatures of the icons that can be asked for: every `:material/name:` in Streamlit's bundles and in the
  project's own code, and every quoted icon name in the bundles that draw with the icon font by name (the table
  draws `more_vert` on its canvas). An icon left out would show its name as text; tests/test_deploy_fonts.py
  checks the ones the app and Streamlit's controls show, and the balancer test that the banner's icon is square.
- The text faces keep the Latin script with every letter of Norwegian and the Sami languages of Norway (Latin-1
  and Latin Extended-A: å æ ø, á č đ ŋ š ŧ ž), punctuation, arrows and mathematical and technical signs, with
  every variable axis (weights) and the OpenType features a browser uses by itself: the text looks as before
  (Source Sans 171 KB → 41 KB). A character outside falls back to the browser's sans-serif; the test checks that
  every character of the vocabulary and of the kommune names is kept.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path

ICON_FONT = re.compile(r"^MaterialSymbols-[A-Za-z]+\.[A-Za-z0-9_-]{8}\.woff2$")
TEXT_FONT = re.compile(r"^Source(Sans|Serif|Code)[A-Za-z]*-[A-Za-z]+\.ttf\.[A-Za-z0-9_-]{8}\.woff2$")
# Basic Latin, Latin-1 and Latin Extended-A (Norwegian and the Sami languages of Norway: å æ ø, á č đ ŋ š ŧ ž),
# general punctuation, super/subscripts, currency, letterlike symbols, number forms, arrows, mathematical
# operators and technical signs (− ≤ ⌘)
TEXT_RANGES = ((0x20, 0x7E), (0xA0, 0x17F), (0x2000, 0x20CF), (0x2100, 0x21FF), (0x2200, 0x23FF))
# the OpenType features a browser applies without being asked (kerning, ligatures, marks, localised forms), and
# the figure styles CSS may ask for; the others (small capitals, stylistic sets) are never asked for here
FEATURES = ["kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk", "rlig", "rvrn", "rclt", "curs", "frac",
            "numr", "dnom", "tnum", "pnum", "lnum", "onum", "case"]
_MATERIAL = re.compile(r":material/([a-z0-9_]+):")
_QUOTED = re.compile(r"[`\"']([a-z0-9_]+)[`\"']")
_LIGATURE_SUBST, _EXTENSION = 4, 7


def _ligature_tables(font) -> list:
    tables = []
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for sub in lookup.SubTable:
            sub = sub.ExtSubTable if lookup.LookupType == _EXTENSION else sub
            if getattr(sub, "LookupType", lookup.LookupType) == _LIGATURE_SUBST:
                tables.append(sub)
    return tables


def ligatures(font) -> dict[str, str]:
    """Icon name → glyph, read from the font's ligature substitutions (`expand_more` → its glyph)."""
    char = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    out = {}
    for table in _ligature_tables(font):
        for first, ligs in table.ligatures.items():
            for lig in ligs:
                name = char.get(first, "\0") + "".join(char.get(c, "\0") for c in lig.Component)
                out[name] = lig.LigGlyph
    return out


def icon_names(bundles: Iterable[Path], sources: Iterable[Path], known: set[str]) -> set[str]:
    """The icons the app can show: `:material/x:` in Streamlit's bundles and the project's code, and every quoted
    icon name in a bundle that draws with the icon font itself (the table's canvas, the icon component)."""
    names: set[str] = set()
    for path in bundles:
        text = path.read_text(encoding="utf-8", errors="replace")
        names |= set(_MATERIAL.findall(text))
        if "iconFont" in text or "Material Symbols" in text:
            names |= set(_QUOTED.findall(text)) & known
    for path in sources:
        names |= set(_MATERIAL.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names & known


def _save(font) -> bytes:
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def _subsetter(unicodes: Iterable[int], glyphs: Iterable[str] = (), features: list[str] = FEATURES):
    from fontTools import subset

    options = subset.Options()
    options.layout_features = features
    options.name_IDs = ["*"]
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=list(unicodes), glyphs=list(glyphs))
    return sub


def subset_icons(data: bytes, names: set[str]) -> bytes:
    """The icon font with only the ligatures of `names` (and the letters they are spelled with)."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data))
    by_name = ligatures(font)
    keep = {by_name[n] for n in names if n in by_name}
    for table in _ligature_tables(font):  # drop the other ligatures, or the subsetter keeps them all
        kept = {first: [lig for lig in ligs if lig.LigGlyph in keep] for first, ligs in table.ligatures.items()}
        table.ligatures = {first: ligs for first, ligs in kept.items() if ligs}
    _subsetter({ord(c) for n in names for c in n}, sorted(keep), ["liga", "rlig", "calt", "ccmp"]).subset(font)
    return _save(font)


def subset_text(data: bytes) -> bytes:
    """A text face with the characters of TEXT_RANGES only, every axis and the features of FEATURES kept."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data))
    _subsetter(c for lo, hi in TEXT_RANGES for c in range(lo, hi + 1)).subset(font)
    return _save(font)
