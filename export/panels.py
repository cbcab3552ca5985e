"""Drawing on a matplotlib Figure in pixel boxes: measured text wrapping, links that wrap only at URL
boundaries, the legend with counts (the gap classes as their 3×2 grid: plan group × near/far) and key figures.

Figures are `matplotlib.figure.Figure` objects (never pyplot), so exports can run in Streamlit's threads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from matplotlib.backends.backend_agg import get_hinting_flag
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

import vocabulary as vocab
from coverage import gaps
from coverage.summary import selection_summary
from export.layout import Box

INK, MUTED, ACCENT, RULE, LINK = "#1a1a1a", "#4d4d4d", "#5b2a86", "#bdbdbd", "#1f4e9c"
FONT = "DejaVu Sans"
ASCENT = 0.93  # DejaVu Sans: the baseline this far below a line's top, in ems (lines align on their baselines, so
# 'Årdal' or 'Mål' with a ring above does not sit lower than its neighbours, as with va='top')
# A URL wraps after a slash, or before ? & = _ - (a line ending in '-' would read as a hyphenated word).
_URL_BREAK = re.compile(r"(?<=/)|(?=[?&=_-])")


@lru_cache(maxsize=16384)
def _text_width(s: str, pt: float, bold: bool, dpi: float) -> float:
    """Width in pixels of one line of text, as the Agg renderer lays it out (matplotlib keeps a font per thread)."""
    font = get_font(findfont(FontProperties(family=FONT, size=pt, weight="bold" if bold else "normal")))
    font.set_size(pt, dpi)
    font.set_text(s, 0.0, flags=get_hinting_flag())
    return font.get_width_height()[0] / 64


class Canvas:
    """A figure addressed in pixels from its top-left corner, with text measured by the Agg renderer."""

    def __init__(self, fig):
        self.fig = fig
        self.dpi = fig.dpi
        self.W, self.H = fig.bbox.width, fig.bbox.height

    def px(self, pt: float) -> float:
        return pt * self.dpi / 72

    def width(self, s: str, pt: float, bold: bool = False) -> float:
        return _text_width(s, round(pt, 3), bold, self.dpi)

    def line(self, pt: float) -> float:
        """Height of one line of text, with leading."""
        return self.px(pt) * 1.32

    def wrap(self, s: str, width: float, pt: float, bold: bool = False) -> list[str]:
        """Greedy word wrap to `width` pixels (a single word longer than the width keeps its own line). Line
        widths are summed from word widths, which differs from the laid-out line only by kerning at spaces."""
        space = self.width(" ", pt, bold)
        lines: list[str] = []
        for paragraph in str(s).split("\n"):
            current, used = "", 0.0
            for word in paragraph.split(" "):
                w = self.width(word, pt, bold)
                if current and used + space + w > width:
                    lines.append(current)
                    current, used = word, w
                else:
                    current, used = (f"{current} {word}", used + space + w) if current else (word, w)
            lines.append(current)
        return lines

    def text(self, x: float, y: float, s: str, pt: float, bold: bool = False, color: str = INK, ha: str = "left",
             url: str | None = None, z: float = 6, va: str = "top"):
        return self.fig.text(x / self.W, 1 - y / self.H, s, fontsize=pt, fontweight="bold" if bold else "normal",
                             color=color, ha=ha, va=va, url=url, zorder=z, family=FONT)

    def rect(self, x: float, y: float, w: float, h: float, colour: str, edge: str | None = None, lw: float = 0.0,
             z: float = 5, alpha: float = 1.0) -> None:
        self.fig.add_artist(Rectangle((x / self.W, 1 - (y + h) / self.H), w / self.W, h / self.H,
                                      transform=self.fig.transFigure, facecolor=colour, edgecolor=edge or colour,
                                      linewidth=lw, zorder=z, alpha=alpha))

    def dot(self, x: float, y: float, size_pt: float, colour: str, z: float = 6) -> None:
        self.fig.add_artist(Line2D([x / self.W], [1 - y / self.H], marker="o", markersize=size_pt, linestyle="",
                                   markerfacecolor=colour, markeredgecolor="white", markeredgewidth=size_pt / 8,
                                   transform=self.fig.transFigure, zorder=z))

    def hline(self, x: float, y: float, w: float, colour: str = RULE, lw: float = 0.6) -> None:
        self.fig.add_artist(Line2D([x / self.W, (x + w) / self.W], [1 - y / self.H] * 2, color=colour, linewidth=lw,
                                   transform=self.fig.transFigure, zorder=5))

    def paragraph(self, x: float, y: float, s: str, width: float, pt: float, bold: bool = False, color: str = INK,
                  z: float = 6) -> float:
        """Wrapped text from (x, y) downwards; returns the y below it."""
        for line in self.wrap(s, width, pt, bold):
            self.text(x, y, line, pt, bold, color, z=z)
            y += self.line(pt)
        return y

    def link_lines(self, url: str, width: float, pt: float) -> list[str]:
        """The URL split into lines that fit, breaking only after / or before ? & = _ - (never inside a word)."""
        lines, current = [], ""
        for piece in _URL_BREAK.split(url):
            if current and self.width(current + piece, pt) > width:
                lines.append(current)
                current = piece
            else:
                current += piece
        return [*lines, current] if current else lines

    def link(self, x: float, y: float, label: str, url: str, width: float, pt: float, color: str = MUTED) -> float:
        """The label, then the URL on lines of its own, clickable on every line (PDF link annotations with the
        full URL); returns the y below."""
        if label:
            y = self.paragraph(x, y, label, width, pt, color=color)
        for piece in self.link_lines(url, width, pt):
            self.text(x, y, piece, pt, color=LINK, url=url)
            y += self.line(pt)
        return y


@dataclass
class Legend:
    """The legend of one map: title naming the population weight, entries with counts of the kommuner shown
    (only classes present), the centre marker. The gap classes are drawn as the grid they are."""

    canvas: Canvas
    table: pd.DataFrame
    indicator: str
    lang: str
    threshold: int
    weight: str
    pt: float
    markers: tuple[tuple[str, str], ...] = ()  # (label, colour) of point symbols
    caption: str = ""  # a first line saying what a map's outline or mark means
    before: pd.DataFrame | None = None  # a what-if: counts shown as 'before → after'
    small: float = 0.82  # the notes' size relative to pt
    columns: int = 0  # a list legend's entries per row when compact (0: three for five or more, else two or one)
    compact: bool = False  # screen presets: no title (the map's title names indicator and weight), list entries
    # in rows of three, only the counts note (the subtitle states the threshold; the column heads name the plan
    # groups, which the PDF and the app explain)

    def __post_init__(self):
        c, pt = self.canvas, self.pt
        self.entries = vocab.legend(self.indicator, self.lang, self.threshold, self.table, drop_empty=True)
        self.was: dict[str, int] = {}
        if self.before is not None:
            after = vocab.legend(self.indicator, self.lang, self.threshold, self.table)
            self.was = {k: n for k, _, _, n in vocab.legend(self.indicator, self.lang, self.threshold, self.before)}
            self.entries = [e for e in after if e[3] or self.was.get(e[0])]
        self.title = vocab.label(self.indicator, self.lang, self.threshold)
        if self.indicator != "plan_status":  # the only indicator no population weight enters
            self.title += f" · {vocab.people(self.weight, self.lang)}"
        self.sw = c.px(pt) * 1.25  # swatch side
        self.gap = c.px(pt) * 0.6
        if self.indicator == "gap_class":
            present = {k for k, *_ in self.entries}
            self.groups = [g for g in gaps.PLAN_GROUPS if any(gaps.RULE[(g, t)] in present for t in gaps.TRAVEL)]
            self.travels = [t for t in gaps.TRAVEL if any(gaps.RULE[(g, t)] in present for g in gaps.PLAN_GROUPS)]
            self.counts = {k: n for k, _, _, n in self.entries}
            self.colours = {k: colour for k, _, colour, _ in self.entries}
            self.row_w = max(c.width(vocab.t(f"grid_{t}", self.lang), pt) for t in self.travels) + self.gap * 2
            sample = "000 → 000" if self.before is not None else "0000"
            cells = [max(c.width(vocab.t(f"grid_{g}", self.lang), pt * 0.92, True),
                         self.sw + self.gap + c.width(sample, pt * 1.1, True)) + self.gap * 2 for g in self.groups]
            self.col_w = max(cells)
            body_w = self.row_w + self.col_w * len(self.groups)
            self.notes = [" · ".join(vocab.t(k, self.lang, t=self.threshold) for k in ("near", "far")) + ".",
                          vocab.t("grid_groups", self.lang), vocab.t("legend_counts_grid", self.lang)][2 * self.compact:]
        else:
            self.entry_w = max(self.sw + self.gap + c.width(f"{text} ({self.count(key, n)})", pt)
                               for key, text, _, n in self.entries)
            n = len(self.entries)
            self.columns = (self.columns or (3 if n >= 5 else 2 if n == 4 else 1)) if self.compact else 1
            body_w = self.entry_w * self.columns + self.gap * 2 * (self.columns - 1)
            self.notes = [vocab.t("legend_counts", self.lang)]
        marker_w = max([self.sw + self.gap + c.width(label, pt) for label, _ in self.markers] or [0])
        self.w = max(body_w, marker_w, 0.0 if self.compact else min(c.width(self.title, pt, True), body_w * 1.25))
        self.h = self._draw(measure=True)

    def _draw(self, box: Box | None = None, measure: bool = False) -> float:
        c, pt, lang = self.canvas, self.pt, self.lang
        x0, y = (box.x, box.y) if box else (0.0, 0.0)
        draw = not measure

        def text(*args, **kw):
            if draw:
                c.text(*args, **kw)

        if self.caption:
            for line in c.wrap(self.caption, self.w, pt * 1.05, True):
                text(x0, y, line, pt * 1.05, bold=True)
                y += c.line(pt * 1.05)
            y += self.gap * 0.5
        for line in [] if self.compact else c.wrap(self.title, self.w, pt, True):  # compact: the map's title says it
            text(x0, y, line, pt, bold=True)
            y += c.line(pt)
        y += 0.0 if self.compact else self.gap * 0.5
        if self.indicator == "gap_class":
            x = x0 + self.row_w
            for g in self.groups:
                text(x + self.gap, y, vocab.t(f"grid_{g}", lang), pt * 0.92, bold=True)
                x += self.col_w
            y += c.line(pt * 0.92) + self.gap * 0.3
            row_h = self.sw + self.gap * (0.8 if self.compact else 1.2)
            for travel in self.travels:
                text(x0, y + (row_h - c.px(pt)) / 2 - self.gap * 0.3, vocab.t(f"grid_{travel}", lang), pt)
                x = x0 + self.row_w
                for g in self.groups:
                    key = gaps.RULE[(g, travel)]
                    n = self.counts.get(key, 0)
                    shown = n or self.was.get(key, 0)
                    if draw and shown:
                        c.rect(x + self.gap, y, self.sw, self.sw, self.colours[key], edge="#555555", lw=0.5)
                    text(x + self.gap * 2 + self.sw, y + self.sw / 2, self.count(key, n), pt * 1.1, bold=bool(shown),
                         color=INK if shown else MUTED, va="center")
                    x += self.col_w
                if draw:
                    c.hline(x0, y + row_h - self.gap * 0.6, self.row_w + self.col_w * len(self.groups), lw=0.4)
                y += row_h
        else:
            step = self.sw * 0.8 + self.gap * 0.8
            for i, (key, label, colour, n) in enumerate(self.entries):  # along a row, then the next
                x, ye = x0 + (i % self.columns) * (self.entry_w + self.gap * 2), y + (i // self.columns) * step
                if draw:
                    c.rect(x, ye, self.sw, self.sw * 0.8, colour, edge="#555555", lw=0.5)
                text(x + self.sw + self.gap, ye + self.sw * 0.4, f"{label} ({self.count(key, n)})", pt, va="center")
            y += -(-len(self.entries) // self.columns) * step
        y += self.gap * 0.3
        for label, colour in self.markers:
            if draw:
                c.dot(x0 + self.sw / 2, y + self.sw / 2, self.pt * 0.8, colour)
            text(x0 + self.sw + self.gap, y + self.sw / 2, label, pt, va="center")
            y += self.sw + self.gap * 0.5
        y += self.gap * 0.3
        for note in self.notes:
            for line in c.wrap(note, self.w, pt * self.small):
                text(x0, y, line, pt * self.small, color=MUTED)
                y += c.line(pt * self.small)
        return y - (box.y if box else 0.0)

    def count(self, key: str, n: int) -> str:
        """The count as shown: 'n', or 'before → after' on a what-if legend when it changed."""
        if self.before is None or self.was.get(key, 0) == n:
            return vocab.fmt(n, self.lang)
        return f"{vocab.fmt(self.was.get(key, 0), self.lang)} → {vocab.fmt(n, self.lang)}"

    def outer(self, backing: bool) -> tuple[float, float]:
        """Width and height of the panel, with the padding of a white backing when it sits over land."""
        pad = 2 * self.gap if backing else 0.0
        return self.w + pad, self.h + pad

    def draw(self, box: Box, backing: bool = False) -> None:
        if backing:
            self.canvas.rect(box.x, box.y, box.w, box.h, "white", edge="#999999", lw=0.5, z=4.5, alpha=0.93)
            box = Box(box.x + self.gap, box.y + self.gap, self.w, self.h)
        self._draw(box)


@dataclass
class Header:
    """The title and the line under it, wrapped to a width: across the top of a frame, or as a block set into
    the map's free corner."""

    canvas: Canvas
    title: str
    subtitle: str
    pt: float
    title_factor: float = 1.6

    def _pad(self, backing: bool) -> float:
        return self.canvas.px(self.pt) * 0.6 if backing else 0.0

    def height(self, width: float) -> float:
        return self._draw(Box(0.0, 0.0, width, 0.0), measure=True)

    def outer(self, width: float, backing: bool) -> tuple[float, float]:
        """Width and height of the block at `width` (lines no wider than the longest one), padded on a backing."""
        c, pad = self.canvas, self._pad(backing)
        used = max([c.width(line, self.pt * self.title_factor, True) for line in
                    c.wrap(self.title, width - 2 * pad, self.pt * self.title_factor, True)]
                   + [c.width(line, self.pt * 0.95) for line in c.wrap(self.subtitle, width - 2 * pad, self.pt * 0.95)])
        return min(width, used + 2 * pad + 1), self.height(width - 2 * pad) + 2 * pad

    def draw(self, box: Box, backing: bool = False) -> None:
        if backing:
            self.canvas.rect(box.x, box.y, box.w, box.h, "white", edge="#999999", lw=0.5, z=4.5, alpha=0.93)
        pad = self._pad(backing)
        self._draw(Box(box.x + pad, box.y + pad, box.w - 2 * pad, box.h - 2 * pad))

    def _draw(self, box: Box, measure: bool = False) -> float:
        c, pt = self.canvas, self.pt
        y = box.y
        for line in c.wrap(self.title, box.w + 0.5, pt * self.title_factor, True):
            if not measure:
                c.text(box.x, y, line, pt * self.title_factor, bold=True)
            y += c.line(pt * self.title_factor)
        y += c.px(pt) * 0.15
        for line in c.wrap(self.subtitle, box.w + 0.5, pt * 0.95):
            if not measure:
                c.text(box.x, y, line, pt * 0.95, color="#333333")
            y += c.line(pt * 0.95)
        return y - box.y


@dataclass
class KeyFigures:
    """Three or four numbers about the kommuner shown, each with what it counts (people named by weight), each
    number on the baseline of its words' first line. Compact (screen presets): the words of the app's cards,
    smaller numbers, no heading."""

    canvas: Canvas
    table: pd.DataFrame
    lang: str
    threshold: int
    weight: str
    pt: float
    width: float
    plan_only: bool = False  # a plan-status map: leave out the travel figures
    compact: bool = False

    def __post_init__(self):
        self.rows = self._rows()
        self.big = 1.1 if self.compact else 1.5
        c = self.canvas
        self.num_w = max(c.width(n, self.pt * self.big, True) for n, _ in self.rows) + c.px(self.pt) * (
            0.5 if self.compact else 0.7)
        if self.compact:  # no wider than its longest line
            self.width = min(self.width, self.num_w + max(c.width(w, self.pt) for _, w in self.rows) + 2)
        self.h = self._draw(None)

    def _rows(self) -> list[tuple[str, str]]:
        """(number, what it counts): the full phrases, or compact in the words of the app's cards ('260  Ukjent
        planstatus (av 357)')."""
        s, lang, compact = selection_summary(self.table, self.threshold), self.lang, self.compact
        people = vocab.people(self.weight, self.lang)
        of = f"{vocab.t('of', lang)}\u00a0{vocab.fmt(s['kommuner'], lang)}"  # '(av 43)' never split over two lines
        rows = [] if self.plan_only else [(vocab.fmt(s["beyond"], lang), vocab.t(
            "kpi_beyond" if compact else "kf_beyond", lang, people=people, t=self.threshold))]
        if s["unreachable"] and not self.plan_only:
            rows.append((vocab.fmt(s["unreachable"], lang), vocab.t("kf_unreachable", lang, people=people)))
        rows.append((vocab.fmt(s["double_gap"], lang), vocab.t("kpi_double" if compact else "kf_double", lang,
                                                              t=self.threshold)))
        unknown = f"{vocab.t('kpi_unknown', lang)} ({of})" if compact else vocab.t(
            "kf_unknown", lang, total=vocab.fmt(s["kommuner"], lang))
        return [*rows, (vocab.fmt(s["unknown_plan"], lang), unknown)]

    def _draw(self, box: Box | None) -> float:
        c, pt = self.canvas, self.pt
        x0, y = (box.x, box.y) if box else (0.0, 0.0)
        if self.compact:
            return self._draw_compact(box, x0, y) - y
        if box:
            c.text(x0, y, vocab.t("key_figures", self.lang), pt, bold=True, color=ACCENT)
        y += c.line(pt) + c.px(pt) * 0.3
        for number, words in self.rows:  # each number on the baseline of its words' first line
            lines = c.wrap(words, self.width - self.num_w, pt)
            base = y + c.px(pt) * ASCENT
            if box:
                c.text(x0 + self.num_w - c.px(pt) * 0.7, base, number, pt * 1.5, bold=True, ha="right", va="baseline")
                for i, line in enumerate(lines):
                    c.text(x0 + self.num_w, base + i * c.line(pt), line, pt, va="baseline")
            y += max(len(lines) * c.line(pt), c.line(pt * 1.5)) + c.px(pt) * 0.5
        return y - (box.y if box else 0.0)

    def _draw_compact(self, box: Box | None, x0: float, y: float) -> float:
        """No heading; each number on the baseline of its words' first line; returns the y below."""
        c, pt, big = self.canvas, self.pt, self.big
        for number, words in self.rows:
            lines = c.wrap(words, self.width - self.num_w, pt)
            base = y + c.px(pt * big) * 0.95
            if box:
                c.text(x0 + self.num_w - c.px(pt) * 0.5, base, number, pt * big, bold=True, ha="right", va="baseline")
                for i, line in enumerate(lines):
                    c.text(x0 + self.num_w, base + i * c.line(pt), line, pt, va="baseline")
            y += max(c.px(pt * big) * 0.95 + (len(lines) - 1) * c.line(pt) + c.px(pt) * 0.35, c.line(pt * big))
            y += c.px(pt) * 0.1
        return y

    def outer(self, backing: bool) -> tuple[float, float]:
        pad = 2 * self.canvas.px(self.pt) * 0.6 if backing else 0.0
        return self.width + pad, self.h + pad

    def draw(self, box: Box, backing: bool = False) -> None:
        if backing:
            pad = self.canvas.px(self.pt) * 0.6
            self.canvas.rect(box.x, box.y, box.w, box.h, "white", edge="#999999", lw=0.5, z=4.5, alpha=0.93)
            box = Box(box.x + pad, box.y + pad, self.width, self.h)
        self._draw(box)


def centre_markers(lang: str, new: bool = False) -> tuple[tuple[str, str], ...]:
    out = ((vocab.t("centre_marker", lang), vocab.CENTRE_COLOUR),)
    return (*out, (vocab.t("new_centre_marker", lang), vocab.NEW_CENTRE_COLOUR)) if new else out
