"""A one-page PDF 'før/etter' of a what-if scenario (a centre opened or closed): the two maps side by side
with the kommuner that change gap class outlined, people beyond the threshold and double gaps before and
after, the kommuner that change class, sources and their dates, helplines. The app's Hva om page and
`python -m export whatif` write it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import pandas as pd
from matplotlib.figure import Figure

import vocabulary as vocab
from coverage.summary import selection_summary, whatif_effect
from export import layout, output
from export.factsheet import A4, DPI, FULL_W, LEFT, _heading
from export.maps import centres_xy, draw, place_name, plan_dates, select_area
from export.panels import ACCENT, INK, MUTED, Canvas, Legend, centre_markers

MAX_LISTED = 14  # kommuner that change class listed by name; the rest are counted


def changed(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Kommuner whose gap class differs after the change, with both classes and medians."""
    merged = before[["kommunenummer", "kommunenavn", "gap_class", "median_min_nearest"]].merge(
        after[["kommunenummer", "gap_class", "median_min_nearest"]], on="kommunenummer", suffixes=("_before", "_after"))
    return merged[merged["gap_class_before"] != merged["gap_class_after"]].reset_index(drop=True)


def _signed(v: float, lang: str) -> str:
    return ("+" if v > 0 else "") + vocab.fmt(v, lang)


def _window(geo: gpd.GeoDataFrame, moved: pd.DataFrame, points: pd.DataFrame, aspect: float) -> tuple | None:
    """A national scenario is local: the map window around the kommuner that change class and the centre
    opened or closed (at least 300 km tall), in the boxes' aspect; None when nothing changed."""
    parts = [geo.loc[moved["kommunenummer"]].total_bounds] if len(moved) else []
    parts += [(x, y, x, y) for x, y in zip(points["x"], points["y"], strict=True)]
    if not parts:
        return None
    x0, y0 = min(p[0] for p in parts), min(p[1] for p in parts)
    x1, y1 = max(p[2] for p in parts), max(p[3] for p in parts)
    h = max(300_000, (y1 - y0) * 1.3, (x1 - x0) * 1.3 / aspect)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - h * aspect / 2, cy - h / 2, cx + h * aspect / 2, cy + h / 2


def _maps(c: Canvas, rows_b, rows_a, kommuner, fylker, centres_b, centres_a, moved, national: bool, lang: str,
          threshold: int, top: float, height: float) -> float:
    """Before and after side by side; returns the height used."""
    geo = kommuner.set_index("kommunenummer").loc[rows_a["kommunenummer"]]
    fyl = fylker if national else fylker[fylker["fylkesnummer"].isin(rows_a["fylkesnummer"].unique())]
    width = (FULL_W - 20) / 2
    head = c.line(12) + 2
    xy_b, xy_a = centres_xy(centres_b), centres_xy(centres_a)
    changed_points = pd.concat([xy_a[~xy_a["id"].isin(xy_b["id"])], xy_b[~xy_b["id"].isin(xy_a["id"])]])
    window = _window(geo, moved, changed_points, width / (height - head)) if national else None
    minx, miny, maxx, maxy = window or geo.total_bounds
    if window is None:  # a wide area needs less height than the boxes offer
        height = min(height, head + width * (maxy - miny) / (maxx - minx) * 1.04)
    for i, (rows, xy, word) in enumerate(((rows_b, xy_b, "before"), (rows_a, xy_a, "after"))):
        x = LEFT + i * (width + 20)
        c.text(x, top, vocab.t(word, lang), 12, bold=True, color=ACCENT)
        ax = c.fig.add_axes(layout.Box(x, top + head, width, height - head).fraction(c.W, c.H))
        colours = vocab.colours(rows, "gap_class", threshold).set_axis(rows["kommunenummer"])
        shown = geo.cx[minx:maxx, miny:maxy]
        draw(ax, shown, colours, fyl, xy[xy["x"].between(minx, maxx) & xy["y"].between(miny, maxy)], 16, 0.7)
        if len(moved):
            geo.loc[moved["kommunenummer"]].boundary.plot(ax=ax, color=INK, linewidth=1.4, zorder=7)
        if window is not None:  # the window has the box's aspect already
            ax.set_xlim(minx, maxx)
            ax.set_ylim(miny, maxy)
            ax.set_aspect("auto")
        else:
            ax.set_aspect("equal", adjustable="datalim")
    if window is not None:
        c.text(LEFT, top + height + 2, vocab.t("whatif_zoom", lang), 7.5, color=MUTED)
        height += c.line(7.5) + 2
    return height


def sheet(before: pd.DataFrame, after: pd.DataFrame, centres_before: pd.DataFrame, centres_after: pd.DataFrame,
          kommuner: gpd.GeoDataFrame, fylker: gpd.GeoDataFrame, out: str | Path | object, *, title: str, lang: str,
          threshold: int, weight: str, year: int, area: str = "norge", today: dt.date | None = None) -> None:
    """Write the one-page before/after PDF. before/after: coverage.indicators.per_kommune tables (possibly one
    fylke's rows); centres_after holds the new centre (id 'ny-…') or lacks the closed one."""
    today = today or dt.date.today()
    rows_b, area_name, national = select_area(before, area)
    rows_a, _, _ = select_area(after, area)
    place = place_name(area_name, lang)
    people = vocab.people(weight, lang)
    sb, sa = selection_summary(rows_b, threshold), selection_summary(rows_a, threshold)
    moved = changed(rows_b, rows_a)
    fig = Figure(figsize=A4, dpi=DPI)
    c = Canvas(fig)
    heading = vocab.t("scenario_title", lang, what=title)
    c.rect(0, 0, c.W, 105, ACCENT, z=1)
    c.text(LEFT, 26, f"{vocab.t('app_title', lang)} · {vocab.t('page_whatif', lang)}", 9, color="white")
    c.paragraph(LEFT, 44, heading, FULL_W, 18, bold=True, color="white")
    sub = " · ".join([vocab.t("whatif_area", lang, area=place), vocab.t("threshold_text", lang, t=threshold),
                      vocab.t("population_text", lang, people=vocab.t(f"weight_text_{weight}", lang))])
    y = c.paragraph(LEFT, 118, sub, FULL_W, 9, color=MUTED) + 6
    answer = vocab.whatif_lines(whatif_effect(rows_b, rows_a, threshold), lang, people, place, threshold, len(rows_b))
    y = c.paragraph(LEFT, y, " ".join(answer), FULL_W, 10, bold=True) + 8  # the answer first, as on the page

    y += _maps(c, rows_b, rows_a, kommuner, fylker, centres_before, centres_after, moved, national, lang, threshold,
               y, 430) + 10
    opened = bool(centres_after["id"].astype(str).str.startswith("ny-").any())  # the new-centre marker only then
    legend = Legend(c, rows_a, "gap_class", lang, threshold, weight, 7.5, centre_markers(lang, new=opened),
                    vocab.t("whatif_outline", lang) if len(moved) else "", before=rows_b)
    legend.draw(layout.Box(LEFT, y, legend.w, legend.h))

    # Key numbers, right of the legend.
    x0 = LEFT + legend.w + 30
    widths = [LEFT + FULL_W - x0 - 3 * 78, 78, 78, 78]
    in_area = (lambda cs: cs[cs["fylkesnummer"] == area]) if not national else (lambda cs: cs)
    table = [["", vocab.t("before", lang), vocab.t("after", lang), vocab.t("whatif_change", lang)],
             [vocab.t("whatif_beyond", lang, people=people.capitalize(), t=threshold), sb["beyond"], sa["beyond"]],
             [vocab.t("kf_unreachable", lang, people=people.capitalize()), sb["unreachable"], sa["unreachable"]],
             [vocab.t("whatif_double", lang), sb["double_gap"], sa["double_gap"]],
             [vocab.t("whatif_far", lang, t=threshold), sb["far"], sa["far"]],
             [vocab.t("whatif_centre_count", lang), len(in_area(centres_before)), len(in_area(centres_after))]]
    ty = y
    for i, cells in enumerate(table):
        if i == 0:
            texts = cells
        else:
            texts = [cells[0], vocab.fmt(cells[1], lang), vocab.fmt(cells[2], lang), _signed(cells[2] - cells[1], lang)]
        lines = c.wrap(texts[0], widths[0] - 8, 8.5, bold=i == 0)
        x = x0
        for j, (text, w) in enumerate(zip(texts, widths, strict=True)):
            if j == 0:
                for k, line in enumerate(lines):
                    c.text(x, ty + k * c.line(8.5), line, 8.5, bold=i == 0)
            else:
                c.text(x + w - 6, ty, text, 8.5, bold=i == 0 or j == 2, ha="right")
            x += w
        ty += len(lines) * c.line(8.5) + 4
        c.hline(x0, ty - 2, sum(widths), lw=0.4)
    y = max(y + legend.h, ty) + 12

    y = _heading(c, y, f"{vocab.t('changed', lang)} ({len(moved)})")
    if moved.empty:
        y = c.paragraph(LEFT, y, vocab.t("none_changed", lang), FULL_W, 9)
    else:
        half = (FULL_W - 20) / 2
        listed = moved.head(MAX_LISTED)
        per_col = (len(listed) + 1) // 2
        col_y = [y, y]
        for i, r in enumerate(listed.itertuples()):
            col = 0 if i < per_col else 1
            line = (f"{r.kommunenavn} ({r.kommunenummer}): {vocab.CLASS_LABELS[r.gap_class_before][lang]} → "
                    f"{vocab.CLASS_LABELS[r.gap_class_after][lang]} · {vocab.fmt(r.median_min_nearest_before, lang)} → "
                    f"{vocab.fmt(r.median_min_nearest_after, lang, 0, 'min')}")
            col_y[col] = c.paragraph(LEFT + col * (half + 20), col_y[col], line, half, 8)
        y = max(col_y)
        if len(moved) > MAX_LISTED:
            y = c.paragraph(LEFT, y, vocab.t("whatif_more", lang, n=len(moved) - MAX_LISTED), FULL_W, 8, color=MUTED)

    y = max(y + 10, c.H - 150)
    c.hline(LEFT, y, FULL_W)
    y = c.paragraph(LEFT, y + 8, vocab.t("whatif_note", lang), FULL_W, 8)
    sources = [vocab.t("travel_source", lang, year=year, people=vocab.t(f"weight_text_{weight}", lang))]
    if plan_dates(rows_a, lang):
        sources.append(plan_dates(rows_a, lang))
    sources += [vocab.t("attribution", lang), vocab.t("made", lang, date=vocab.date_text(today.isoformat(), lang))]
    y = c.paragraph(LEFT, y + 2, " · ".join(sources), FULL_W, 7.5, color=MUTED)
    c.paragraph(LEFT, y + 4, vocab.t("helplines", lang), FULL_W, 8.5, bold=True, color=ACCENT)
    description = vocab.t("whatif_desc", lang, title=f"{title} ({place})", source=vocab.t("source_line", lang))
    output.save(fig, out, "pdf", heading, description, lang)
