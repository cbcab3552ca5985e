"""The fonts the balancer serves in place of Streamlit's (deploy/fonts.py): every character the app writes and
every icon it or Streamlit's controls show is still in them, drawn exactly as by the full font.

Independent of the code under test: the characters come from the vocabulary and the kommune names in the boundary
file, the app's icons from a search of its code, Streamlit's icons from a list written here, and each font's
ligatures and outlines are read with fontTools directly."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

import vocabulary
from deploy import fonts, frontend

MEDIA = frontend.STREAMLIT_STATIC / "media"
ROOT = Path(__file__).resolve().parent.parent
# Streamlit's own controls on the app's pages: the sidebar's collapse/expand arrows, the table's column menu (drawn
# on its canvas by name), its sort arrows and link cells, the select boxes, the expanders, the close and copy buttons
STREAMLIT_ICONS = {"keyboard_double_arrow_left", "keyboard_double_arrow_right", "more_vert", "arrow_upward",
                   "arrow_downward", "expand_more", "expand_less", "keyboard_arrow_down", "close",
                   "check", "content_copy", "chevron_right", "open_in_new"}


def _one(pattern: str) -> Path:
    return next(p for p in sorted(MEDIA.glob(pattern)))


def _ligatures(font: TTFont) -> dict[str, str]:
    """Name → glyph from the font's ligature lookups (type 4, or type 7 wrapping type 4)."""
    char = {g: chr(c) for c, g in font.getBestCmap().items()}
    out = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for sub in lookup.SubTable:
            sub = getattr(sub, "ExtSubTable", sub)
            for first, ligs in getattr(sub, "ligatures", {}).items():
                for lig in ligs:
                    out[char.get(first, "?") + "".join(char.get(c, "?") for c in lig.Component)] = lig.LigGlyph
    return out


def _outline(font: TTFont, glyph: str) -> tuple:
    coords, ends, flags = font["glyf"][glyph].getCoordinates(font["glyf"])
    return list(coords), list(ends), list(flags), font["hmtx"][glyph]


def _written() -> set[str]:
    """Every character of the vocabulary's phrases and of the kommune names."""
    chars: set[str] = set()

    def walk(x) -> None:
        if isinstance(x, str):
            chars.update(x)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, (list, tuple)):
            for v in x:
                walk(v)

    walk(vocabulary.WORDS)
    boundaries = Path(os.environ["DEKNING_DATA_DIR"]) / "boundaries" / "Kommuner-S.geojson"
    for feature in json.loads(boundaries.read_text(encoding="utf-8"))["features"]:
        walk(feature["properties"])
    return {c for c in chars if c.isprintable()}


@pytest.mark.parametrize("pattern", ["SourceSansVF-Upright.*.woff2", "SourceSansVF-Italic.*.woff2"])
def test_the_text_face_keeps_every_character_the_app_writes_drawn_as_before(pattern):
    path = _one(pattern)
    full = TTFont(path)
    cut = TTFont(io.BytesIO(fonts.subset_text(path.read_bytes())))
    full_map, cut_map = full.getBestCmap(), cut.getBestCmap()
    written = _written()
    assert {"ø", "å", "æ", "á", "ŋ", "š", "–", "≤", "−"} <= written  # the sample is the real one
    missing = sorted(c for c in written if ord(c) in full_map and ord(c) not in cut_map)
    assert missing == []
    for c in sorted(written):
        if ord(c) in full_map:
            assert _outline(cut, cut_map[ord(c)]) == _outline(full, full_map[ord(c)]), c
    assert [(a.axisTag, a.minValue, a.maxValue) for a in cut["fvar"].axes] == \
        [(a.axisTag, a.minValue, a.maxValue) for a in full["fvar"].axes]  # every weight still there
    assert len(fonts.subset_text(path.read_bytes())) < 0.35 * path.stat().st_size


def test_the_icon_font_keeps_the_icons_of_the_app_and_of_streamlits_controls():
    path = _one("MaterialSymbols-*.woff2")
    full = TTFont(path)
    cut = TTFont(io.BytesIO(fonts.subset_icons(path.read_bytes(), frontend._icons(frontend._files()))))
    app = {m for p in (ROOT / "dashboard").rglob("*.py")
           for m in re.findall(r":material/([a-z0-9_]+):", p.read_text(encoding="utf-8"))}
    assert "call" in app  # the helpline banner
    full_ligs, cut_ligs = _ligatures(full), _ligatures(cut)
    wanted = app | STREAMLIT_ICONS
    assert wanted <= set(full_ligs)
    assert sorted(wanted - set(cut_ligs)) == []
    for name in sorted(wanted):
        assert _outline(cut, cut_ligs[name]) == _outline(full, full_ligs[name]), name
    assert len(cut_ligs) < 0.2 * len(full_ligs)  # cut down: 4,309 icons in the full font
    assert path.stat().st_size > 300_000 and len(fonts.subset_icons(path.read_bytes(), wanted)) < 30_000
