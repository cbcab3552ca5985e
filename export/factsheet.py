"""One-page fact sheets (PDF, real selectable text, clickable sources) per kommune and per fylke, for
advocates at a hearing: plan status with its source and the source's date (its age when old, 'udatert' when
undated), centres with evidence, drive times for the population weight named, comparison with fylke and
country, a map with the kommune outlined and the legend with counts, the national demands with the NKVTS
figure named, helplines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

import vocabulary as vocab
from export import geometry, layout, output
from export.maps import centres_xy, describe, draw, plan_dates
from export.panels import ACCENT, INK, MUTED, Canvas, Legend, centre_markers
from vocabulary import register_words

A4 = (8.27, 11.69)
DPI = 100  # layout units: 1 px = 1/100 inch; the PDF itself is vector
LEFT, RIGHT_COL, TEXT_W = 50, 505, 430  # left margin, map column, width of the first text column (px)
FULL_W = 727


def _source(c: Canvas, y: float, url: str, as_of, lang: str, today: dt.date, width: float = TEXT_W,
            x: float = LEFT, what: str = "") -> float:
    """'Kilde (per 2016, kilden er 10 år gammel):' then the URL, clickable and wrapped only at its boundaries."""
    label = vocab.source_text("", as_of, lang, today).rstrip(": ")
    label = f"{what}: {label[0].lower()}{label[1:]}" if what else label
    if not url:
        return c.paragraph(x, y, label, width, 7.5, color=MUTED)
    return c.link(x, y, label + ":", url, width, 7.5)


def _header(c: Canvas, title: str, subtitle: str, lang: str) -> float:
    c.rect(0, 0, c.W, 105, ACCENT, z=1)
    c.text(LEFT, 26, f"{vocab.t('app_title', lang)} · {vocab.t('sheet', lang)}", 9, color="white")
    c.text(LEFT, 48, title, 20, bold=True, color="white")
    return c.paragraph(LEFT, 122, subtitle, FULL_W, 9.5, color=MUTED) + 12


def _heading(c: Canvas, y: float, text: str, x: float = LEFT) -> float:
    c.text(x, y, text, 11, bold=True, color=ACCENT)
    return y + c.line(11) + 2


def _table(c: Canvas, y: float, rows: list[list[str]], widths: list[float], pt: float = 9.0) -> float:
    for i, cells in enumerate(rows):
        x = LEFT
        for cell, w in zip(cells, widths, strict=True):
            c.text(x, y, cell, pt, bold=i == 0)
            x += w
        y += c.line(pt) + 1
    return y


def _footer(c: Canvas, lang: str, today: dt.date, top: float) -> None:
    """National demands with the NKVTS figure named, sources with their dates, helplines."""
    y = top
    c.hline(LEFT, y, FULL_W)
    y = _heading(c, y + 8, vocab.t("demands", lang))
    for item in vocab.t("demand_list", lang):
        y = c.paragraph(LEFT, y, f"• {item}", FULL_W, 9)
    y = c.paragraph(LEFT, y + 3, vocab.t("nkvts", lang), FULL_W, 8.5, color=INK) + 4
    line = " · ".join([vocab.t("source_line", lang), vocab.t("attribution", lang),
                       vocab.t("made", lang, date=vocab.date_text(today.isoformat(), lang))])
    y = c.paragraph(LEFT, y, line, FULL_W, 7.5, color=MUTED)
    c.paragraph(LEFT, y + 2, vocab.t("helplines", lang), FULL_W, 8.5, bold=True, color=ACCENT)


FOOTER_H = 175  # px reserved at the bottom for the footer
KOMMUNE_TRAVEL_H, FYLKE_TRAVEL_H = 350, 315  # the travel section's height; the map takes the room above it
LEGEND_PT = (7.5, 6.5, 6.0)  # the map legend's type size, and the smaller ones tried where 7.5 does not fit


def _map(c: Canvas, kommuner: gpd.GeoDataFrame, fylker: gpd.GeoDataFrame, table: pd.DataFrame,
         centres: pd.DataFrame, fylke: str, highlight: str | None, threshold: int, lang: str, weight: str,
         top: float, bottom: float, text_bottom: float | None) -> None:
    """The fylke coloured by gap class, as large as the space around the text allows (text_bottom: where the text
    beside it ends; None: no text beside it); the kommune with a thick outline, and the legend (counts for the
    fylke) opening with a caption that says what the outline means."""
    rows = table[table["fylkesnummer"] == fylke]
    caption = vocab.t("highlight_note", lang, name=rows.set_index("kommunenummer").loc[highlight, "kommunenavn"]) \
        if highlight else ""
    by_number = kommuner.set_index("kommunenummer")
    geo, aoi, names, shown_centres = _view(by_number, table, centres, fylke, highlight)
    minx, miny, maxx, maxy = aoi
    raster, raster_bounds = layout.occupancy(geo.geometry.values, aoi, max(maxx - minx, maxy - miny) / 200)
    content = layout.Box(LEFT, top, FULL_W, bottom - top)
    text = [] if text_bottom is None else [layout.Box(LEFT, top - 4, TEXT_W + 20, text_bottom - top + 12)]
    for pt in LEGEND_PT:  # a long plan text leaves less room beside it: the legend's type steps down before it fails
        legend = Legend(c, rows, "gap_class", lang, threshold, weight, pt, centre_markers(lang), caption)
        try:
            chosen = layout.plan(content, raster, raster_bounds, aoi, [layout.Panel("legend", legend.w, legend.h,
                                                                                    prefer=(0.0, 1.0))],
                                 cell_px=6, scales=tuple(np.linspace(1, 0.3, 15)), obstacles=text)
            break
        except ValueError:
            if pt == LEGEND_PT[-1]:
                raise
    ax = c.fig.add_axes(content.fraction(c.W, c.H), zorder=0)
    drawn = table[table["kommunenummer"].isin(geo.index)]
    colours = vocab.colours(drawn, "gap_class", threshold).set_axis(drawn["kommunenummer"])
    borders = fylker[fylker["fylkesnummer"] == fylke]
    if highlight:  # the kommuner drawn end at the planned area: so does the fylke's outline
        borders = borders.assign(geometry=borders.geometry.intersection(shapely.box(*aoi)))
    draw(ax, geo, colours, borders, centres_xy(shown_centres), 16, 0.8)
    for name, x, y in names:  # the kommuner it borders, named where they lie
        ax.text(x, y, name, ha="center", va="center", fontsize=7, fontweight="bold", color=INK, zorder=10,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})  # stays text in a PDF
    if highlight:
        shape = by_number.loc[[highlight]]
        shape.boundary.plot(ax=ax, color="white", linewidth=3.6, zorder=7)
        shape.boundary.plot(ax=ax, color=INK, linewidth=1.8, zorder=8)
        bx0, by0, bx1, by1 = shape.total_bounds
        if max(bx1 - bx0, by1 - by0) < 0.06 * max(maxx - minx, maxy - miny):  # too small to see: ring it
            ax.scatter([(bx0 + bx1) / 2], [(by0 + by1) / 2], s=320, facecolors="none", edgecolors=INK,
                       linewidths=1.6, zorder=9)
        for dots in ax.collections:  # the centres above the outline: a town on the kommune's coast stays visible
            if isinstance(dots, PathCollection):
                dots.set_zorder(max(dots.get_zorder(), 9))
    lx0, ly0, lx1, ly1 = chosen.limits
    ax.set_xlim(lx0, lx1)
    ax.set_ylim(ly0, ly1)
    ax.set_aspect("auto")
    legend.draw(chosen.boxes["legend"])


MAP_PICTURE_H = 6.2  # inches: the map alone, for documents that place it as a picture (export/brief.py)


def map_picture(table: pd.DataFrame, kommuner: gpd.GeoDataFrame, fylker: gpd.GeoDataFrame, centres: pd.DataFrame,
                fylke: str, highlight: str | None, threshold: int, lang: str, weight: str, out) -> None:
    """The sheet's map (the kommune and its surroundings, or the fylke), with its legend and nothing else, written
    to `out` as a PNG with its title and description embedded: one map drawing for the sheet and the brief."""
    fig = Figure(figsize=(A4[0], MAP_PICTURE_H), dpi=DPI)
    c = Canvas(fig)
    _map(c, kommuner, fylker, table, centres, fylke, highlight, threshold, lang, weight, 10, c.H - 10, None)
    rows = table[table["fylkesnummer"] == fylke]
    place = rows.set_index("kommunenummer").loc[highlight, "kommunenavn"] if highlight else rows["fylkesnavn"].iloc[0]
    title = f"{vocab.t('app_title', lang)}: {place}"
    crop = Bbox.from_bounds(LEFT / DPI - 0.1, 0.05, A4[0] - LEFT / DPI + 0.05, MAP_PICTURE_H - 0.1)
    output.save(fig, out, "png", title, map_description(table, fylke, highlight, threshold, lang, weight), lang,
                dpi=2 * DPI, bbox=crop)


def map_description(table: pd.DataFrame, fylke: str, highlight: str | None, threshold: int, lang: str,
                    weight: str) -> str:
    """What the sheet's map shows, in words (alt text): the fylke's legend counts, and the kommune outlined."""
    rows = table[table["fylkesnummer"] == fylke]
    text = describe(rows, "gap_class", threshold, lang, rows["fylkesnavn"].iloc[0], weight)
    if highlight:
        text += " " + vocab.t("highlight_note", lang, name=rows.set_index("kommunenummer").loc[highlight, "kommunenavn"])
    return text


def _view(kommuner: gpd.GeoDataFrame, table: pd.DataFrame, centres: pd.DataFrame, fylke: str,
          highlight: str | None) -> tuple[gpd.GeoDataFrame, tuple, list, pd.DataFrame]:
    """What a sheet's map shows: (kommuner drawn, area of interest, [(name, x, y)] written on it, centres drawn).
    A fylke sheet: its fylke and its centres. A kommune sheet: the kommune, the kommuner it borders (named) and its
    own and nearest centre, with the kommuner around them in their colours whatever their fylke."""
    if not highlight:
        geo = kommuner.loc[table.loc[table["fylkesnummer"] == fylke, "kommunenummer"]]
        minx, miny, maxx, maxy = geo.total_bounds
        pad = 0.03 * max(maxx - minx, maxy - miny)
        return geo, (minx - pad, miny - pad, maxx + pad, maxy + pad), [], centres[centres["fylkesnummer"] == fylke]
    shape = kommuner.loc[highlight, "geometry"]
    bordering = kommuner.loc[geometry.neighbours(kommuner.reset_index(), only=highlight)[highlight]]
    row = table.set_index("kommunenummer").loc[highlight]
    theirs = centres_xy(centres[centres["id"].isin([row["centre_id"], row["nearest_centre_id"]])])
    minx, miny, maxx, maxy = shape.bounds
    minx, miny = min(minx, *theirs["x"]), min(miny, *theirs["y"])
    maxx, maxy = max(maxx, *theirs["x"]), max(maxy, *theirs["y"])
    pad = 0.12 * max(maxx - minx, maxy - miny)
    aoi = (minx - pad, miny - pad, maxx + pad, maxy + pad)
    frame = shapely.box(*aoi)
    geo = kommuner[kommuner.intersects(frame) & kommuner.index.isin(table["kommunenummer"])]
    geo = geo.assign(geometry=geo.geometry.intersection(frame))  # nothing beyond the area the layout was planned for
    spots = bordering.geometry.intersection(frame).representative_point()
    names = [(bordering.loc[k, "kommunenavn"].split(" - ")[0], p.x, p.y) for k, p in spots.items() if not p.is_empty]
    xy = centres_xy(centres)
    inside = (xy["x"].between(aoi[0], aoi[2])) & (xy["y"].between(aoi[1], aoi[3]))
    return geo, aoi, names, centres[inside.to_numpy()]


def _plan(c: Canvas, y: float, row, lang: str, today: dt.date) -> float:
    y = _heading(c, y, vocab.t("plan", lang))
    status = row["plan_status"]
    colour = vocab.PLAN_COLOURS[status] if status != "unknown" else MUTED
    y = c.paragraph(LEFT, y, vocab.plan_status_text(row, lang, today), TEXT_W, 15, bold=True, color=colour) + 2
    if vocab.joint_plan_text(row, lang):
        y = c.paragraph(LEFT, y, vocab.joint_plan_text(row, lang), TEXT_W, 8.5) + 2
    if status == "unknown":
        y = c.paragraph(LEFT, y, vocab.t("plan_unknown_help", lang), TEXT_W, 8.5) + 2
        if row.get("plan_lead_url"):
            y = c.link(LEFT, y, f"{vocab.t('plan_lead', lang)}:", row["plan_lead_url"], TEXT_W, 7.5)
        return y
    for i, line in enumerate(vocab.plan_details(row, lang)):
        y = c.paragraph(LEFT, y, line, TEXT_W, 9 if i == 0 else 8.5)
    y = _source(c, y + 2, row["plan_source_url"], row["plan_as_of"], lang, today)
    if not row["plan_source_url"] and row.get("plan_case_reference", ""):  # the kommune's answer by letter
        y = c.paragraph(LEFT, y, register_words.source("", row["plan_case_reference"], lang), TEXT_W, 7.5, color=MUTED)
    return y


def kommune_sheet(row: pd.Series, fylke_area: pd.Series, norge: pd.Series, table: pd.DataFrame,
                  kommuner: gpd.GeoDataFrame, fylker: gpd.GeoDataFrame, centres: pd.DataFrame, out: str | Path | None,
                  lang: str = "nb", threshold: int = 90, year: int = 2025, today: dt.date | None = None,
                  weight: str | None = None):
    """Write the one-page PDF for one kommune (row of coverage.indicators.per_kommune; the population weight
    is the table's own unless given) and return `out`; with out=None, return the Figure unsaved."""
    today = today or dt.date.today()
    weight = weight or str(row.get("weight", "all"))
    f = lambda v, d=0, u="": vocab.fmt(v, lang, d, u)  # noqa: E731
    fig = Figure(figsize=A4, dpi=DPI)
    c = Canvas(fig)
    title = f"{row['kommunenavn']} ({row['kommunenummer']})"
    y = _header(c, title, f"{row['fylkesnavn']} · {f(row['befolkning'])} {vocab.t('residents', lang, year=year)}", lang)
    top = y
    y = _plan(c, y, row, lang, today)
    c.hline(LEFT, y + 4, TEXT_W)
    y = _heading(c, y + 12, vocab.t("sheet_centre", lang))
    evidence = vocab.EVIDENCE_LABELS[row["catchment_evidence"]][lang]
    own = vocab.centre_label(row["centre_name"], row["centre_town"])
    y = c.paragraph(LEFT, y, f"{vocab.t('sheet_own', lang)}: {own} — {evidence}", TEXT_W, 9)
    if row["catchment_evidence"] == "documented":
        y = _source(c, y + 1, row["catchment_source_url"], row["catchment_as_of"], lang, today)
    else:
        y = c.paragraph(LEFT, y, vocab.t("sheet_estimated", lang), TEXT_W, 7.5, color=MUTED)
    y = c.paragraph(LEFT, y + 2, f"{vocab.t('sheet_nearest', lang)}: {row['nearest_centre_name'] or f(None)}", TEXT_W, 9)
    travel_top = max(y + 14, c.H - FOOTER_H - KOMMUNE_TRAVEL_H)
    _map(c, kommuner, fylker, table, centres, row["fylkesnummer"], row["kommunenummer"], threshold, lang, weight,
         top, travel_top - 14, y)

    y = _heading(c, travel_top, vocab.t("sheet_travel", lang))
    y = c.paragraph(LEFT, y, vocab.t("sheet_weight", lang, people=vocab.t(f"weight_text_{weight}", lang)), FULL_W,
                    8, color=MUTED) + 2
    pair = lambda basis, q: f"{f(row[f'{q}_min_{basis}'], 0, 'min')} · {f(row[f'{q}_km_{basis}'], 0, 'km')}"  # noqa: E731
    y = _table(c, y, [["", vocab.t("sheet_to_nearest", lang), vocab.t("sheet_to_own", lang)],
                      [vocab.t("median", lang), pair("nearest", "median"), pair("affiliated", "median")],
                      [vocab.t("p90", lang), pair("nearest", "p90"), pair("affiliated", "p90")],
                      [vocab.t("straight", lang), f(row["median_km_straight"], 0, "km"),
                       f"{vocab.t('ratio', lang)} {f(row['road_straight_ratio'], 2)}"],
                      [vocab.t("unreachable", lang), f(row["unreachable"]), ""]], [260, 160, 160]) + 8
    short = lambda name: name.split(" - ")[0][:24]  # noqa: E731  (Sámi/Kven parallel names make long headers)
    rows = [[vocab.t("compared", lang), short(row["kommunenavn"]), short(row["fylkesnavn"]), vocab.t("norway", lang)],
            [vocab.t("median_min", lang), f(row["median_min_nearest"]), f(fylke_area["median_min_nearest"]),
             f(norge["median_min_nearest"])],
            [vocab.t("p90_min", lang), f(row["p90_min_nearest"]), f(fylke_area["p90_min_nearest"]),
             f(norge["p90_min_nearest"])]]
    for t in (60, 90, 120):
        col = f"share_over_{t}_nearest"
        rows.append([vocab.t("over", lang, t=t), vocab.pct(row[col], lang), vocab.pct(fylke_area[col], lang),
                     vocab.pct(norge[col], lang)])
    y = _table(c, y, rows, [260, 160, 160, 140]) + 6
    y = c.paragraph(LEFT, y, f"{vocab.t('gap_class_of', lang, t=threshold)}: {vocab.CLASS_LABELS[row['gap_class']][lang]}",
                    FULL_W, 9, bold=True)
    band = vocab.band_lines(row, threshold, lang)  # the median's error band; close to the threshold or not
    if band:
        y = c.paragraph(LEFT, y + 1, " ".join(band), FULL_W, 8.5, bold=bool(row["close_to_threshold"]))
    plan_ev = vocab.EVIDENCE_LABELS["unknown" if row["plan_status"] == "unknown" else "documented"][lang]
    y = c.paragraph(LEFT, y + 2, vocab.t("sheet_evidence", lang, plan=plan_ev, catch=evidence), FULL_W, 7.5, color=MUTED)
    _footer(c, lang, today, max(y + 10, c.H - FOOTER_H))
    description = vocab.t("sheet_desc", lang, name=title, source=vocab.t("source_line", lang))
    if out is None:
        return fig
    output.save(fig, out, "pdf", f"{vocab.t('sheet', lang)}: {title}", description, lang)
    return out


def fylke_sheet(fylke: str, fylke_area: pd.Series, norge: pd.Series, table: pd.DataFrame,
                kommuner: gpd.GeoDataFrame, fylker: gpd.GeoDataFrame, centres: pd.DataFrame, out: str | Path | None,
                lang: str = "nb", threshold: int = 90, year: int = 2025, today: dt.date | None = None,
                weight: str | None = None):
    """Write the one-page PDF for one fylke (the population weight is the table's own unless given)."""
    today = today or dt.date.today()
    weight = weight or (str(table["weight"].iloc[0]) if "weight" in table else "all")
    f = lambda v, d=0, u="": vocab.fmt(v, lang, d, u)  # noqa: E731
    rows = table[table["fylkesnummer"] == fylke]
    if rows.empty:
        raise ValueError(f"fylke {fylke!r} not found; allowed: {', '.join(sorted(table['fylkesnummer'].unique()))}")
    name = rows["fylkesnavn"].iloc[0]
    fig = Figure(figsize=A4, dpi=DPI)
    c = Canvas(fig)
    y = _header(c, name, f"{len(rows)} {vocab.t('kommuner', lang)} · {f(rows['befolkning'].sum())} "
                         f"{vocab.t('residents', lang, year=year)}", lang)
    top = y
    y = _heading(c, y, vocab.t("plans_in_fylke", lang))
    counts = rows["plan_status"].value_counts()
    for status in vocab.PLAN_LABELS:
        n = int(counts.get(status, 0))
        if n:
            c.rect(LEFT, y + 1, 11, 9, vocab.PLAN_COLOURS[status], edge="#555555", lw=0.5)
            y = c.paragraph(LEFT + 16, y, f"{vocab.PLAN_LABELS[status][lang]}: {n}", TEXT_W, 9.5)
    when = plan_dates(rows, lang)
    if when:
        y = c.paragraph(LEFT, y + 2, when, TEXT_W, 7.5, color=MUTED)
    c.hline(LEFT, y + 4, TEXT_W)
    y = _heading(c, y + 12, vocab.t("centres_in_fylke", lang))
    for r in centres[centres["fylkesnummer"] == fylke].itertuples():
        y = c.paragraph(LEFT, y, f"• {vocab.centre_label(r.name, r.town)}", TEXT_W, 8.5)
    travel_top = max(y + 14, c.H - FOOTER_H - FYLKE_TRAVEL_H)
    _map(c, kommuner, fylker, table, centres, fylke, None, threshold, lang, weight, top, travel_top - 14, y)

    y = _heading(c, travel_top, vocab.t("sheet_travel", lang))
    y = c.paragraph(LEFT, y, vocab.t("sheet_weight", lang, people=vocab.t(f"weight_text_{weight}", lang)), FULL_W,
                    8, color=MUTED) + 2
    rows_t = [[vocab.t("compared", lang), name, vocab.t("norway", lang)],
              [vocab.t("median_min", lang), f(fylke_area["median_min_nearest"]), f(norge["median_min_nearest"])],
              [vocab.t("p90_min", lang), f(fylke_area["p90_min_nearest"]), f(norge["p90_min_nearest"])]]
    for t in (60, 90, 120):
        col = f"share_over_{t}_nearest"
        rows_t.append([vocab.t("over", lang, t=t), vocab.pct(fylke_area[col], lang), vocab.pct(norge[col], lang)])
    rows_t.append([vocab.t("unreachable", lang), f(fylke_area["unreachable"]), f(norge["unreachable"])])
    y = _table(c, y, rows_t, [260, 200, 160]) + 4
    y = c.paragraph(LEFT, y, vocab.t("sheet_close_count", lang, t=threshold, n=int(rows["close_to_threshold"].sum()),
                                     total=len(rows), b=vocab.error_band(lang)), FULL_W, 8.5) + 4
    y = c.paragraph(LEFT, y, vocab.t("longest", lang), FULL_W, 9.5, bold=True)
    for r in rows.sort_values("median_min_nearest", ascending=False).head(5).itertuples():
        y = c.paragraph(LEFT, y, f"{r.kommunenavn}: {f(r.median_min_nearest, 0, 'min')} · "
                                 f"{vocab.plan_status_text(r._asdict(), lang, today)}", FULL_W, 8.5)
    _footer(c, lang, today, max(y + 10, c.H - FOOTER_H))
    description = vocab.t("sheet_desc", lang, name=name, source=vocab.t("source_line", lang))
    if out is None:
        return fig
    output.save(fig, out, "pdf", f"{vocab.t('sheet', lang)}: {name}", description, lang)
    return out
