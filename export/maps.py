"""Static maps for publication (matplotlib/geopandas, no tiles): any indicator, Norway, a fylke or a set of
kommuner; title naming the population weight, the legend with counts of what is shown, key figures, the
Oslo/Akershus inset on national maps, crisis centres as town-level symbols, source line with the sources'
dates. PNG, SVG or PDF at fixed pixel sizes, each with a text description embedded.

The map, legend, inset and key figures are packed so that no preset has an empty band (export/layout.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import shapely
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

import vocabulary as vocab
from coverage import travel
from export import layout, output
from export.panels import MUTED, Canvas, Header, KeyFigures, Legend, centre_markers

matplotlib.rcParams.update({"pdf.fonttype": 42, "svg.fonttype": "none", "font.family": "DejaVu Sans"})


@dataclass(frozen=True)
class Preset:
    """A frame: its pixels, and the width it is seen at. Text is sized at that width: body text `body_px` high
    there, the smallest (source lines, legend notes) `small`/`footer` × body_px: 11 px on screen presets."""

    width_px: int
    height_px: int
    dpi: int
    target_px: int  # the width a reader sees it at (print: its own pixels, 210 mm)
    body_px: float  # body text size in px at target_px
    small: float = 0.88  # smallest text relative to body text (legend notes)
    footer: float = 0.88  # the source lines, relative to body text
    title: float = 1.35  # title size relative to body text
    header_over_map: bool = True  # screen: the title block may stand beside the map or in its free corner
    fit: tuple[int, int] | None = None  # (lowest, highest) px: the height follows the area's shape (`_fitted`)

    @property
    def figsize(self) -> tuple[float, float]:
        return self.width_px / self.dpi, self.height_px / self.dpi

    @property
    def pt(self) -> float:
        """Body text size in points at the preset's dpi."""
        return self.body_px * self.width_px / self.target_px * 72 / self.dpi


# Target widths: an article column (600 px), a social feed seen on a desktop (about half the square's 1080 px), a
# slide shared in a window or a video call (half its 1920 px). Print keeps its A4 composition (9.5 pt body, 7.6 pt
# source lines, 7.8 pt notes at 300 dpi). Web and social frames are as tall as the area needs, as newsrooms draw
# tall countries: an article image 1200 px wide and 800–1500 tall, a feed image square to 4:5 portrait (1080×1350,
# the tallest Instagram shows whole). The slide's frame is the screen's.
PRESETS = {
    "web": Preset(1200, 800, 100, 600, 12.6, fit=(800, 1600)),
    "social": Preset(1080, 1080, 100, 540, 12.6, fit=(1080, 1350)),
    "slide": Preset(1920, 1080, 100, 960, 12.6),
    "print": Preset(2480, 3508, 300, 2480, 9.5 * 300 / 72, small=0.82, footer=0.8, title=1.6,
                    header_over_map=False),  # A4 portrait
}
FORMATS = ("png", "svg", "pdf")


def size_label(fmt: str, size: str, lang: str) -> str:
    """A download's name: format, pixels (or A4, or the width when the height follows the area) and use."""
    p = PRESETS[size]
    pixels = ("A4" if size == "print" else vocab.t("size_fit", lang, w=p.width_px) if p.fit
              else f"{p.width_px}×{p.height_px}")
    return f"{fmt} {pixels} ({vocab.t(f'use_{size}', lang)})"
INSET_FYLKER = ("03", "32")
# Where the Oslo/Akershus inset goes (x right, y down): in a fitted frame beside southern Norway (over Sweden), the
# size of the map's own south, not a rival to it; in a landscape frame in the sea to the west; on A4 at the foot.
INSET_CORNER = {"fitted": (1.0, 0.55), "screen": (0.0, 0.0), "print": (0.0, 1.0)}
CONTEXT, BORDER = "#ececec", "#333333"
TEXT_FACTORS = (1.0, 1.15, 1.3, 1.5)  # print tries the first three, slides all


def select_area(table: pd.DataFrame, area: str) -> tuple[pd.DataFrame, str, bool]:
    """Rows for 'norge', a two-digit fylkesnummer or comma-separated kommunenummer; name; national?"""
    if area in ("norge", "norway", ""):
        return table, "Norge", True
    if len(area) == 2 and area.isdigit():
        rows = table[table["fylkesnummer"] == area]
        if rows.empty:
            raise ValueError(f"fylke {area!r} not found; allowed: {', '.join(sorted(table['fylkesnummer'].unique()))}")
        return rows, rows["fylkesnavn"].iloc[0], False
    wanted = [a.strip() for a in area.split(",") if a.strip()]
    unknown = [a for a in wanted if a not in set(table["kommunenummer"])]
    if unknown or not wanted:
        raise ValueError(f"area {area!r} not allowed: {', '.join(unknown) or 'empty'} unknown; allowed: 'norge', "
                         "a fylkesnummer (e.g. 55) or kommunenummer separated by commas (e.g. 5501,5503)")
    rows = table[table["kommunenummer"].isin(wanted)]
    name = ", ".join(rows["kommunenavn"]) if len(rows) <= 3 else f"{len(rows)} kommuner"
    return rows, name, False


def place_name(area_name: str, lang: str) -> str:
    return vocab.t("norway", lang) if area_name == "Norge" else area_name


def centres_xy(centres: pd.DataFrame) -> pd.DataFrame:
    """Centres in map metres, from coordinates rounded to town level first."""
    lat = centres["lat"].astype(float).round(2).to_numpy()
    lon = centres["lon"].astype(float).round(2).to_numpy()
    x, y = travel.to_utm(lat, lon)
    return centres.assign(x=x, y=y)


def draw(ax, geo: gpd.GeoDataFrame, colours: pd.Series, fylker: gpd.GeoDataFrame | None, centres: pd.DataFrame,
         marker_size: float, line: float, context: gpd.GeoDataFrame | None = None) -> None:
    """Kommuner in their colours, fylke borders and centre dots (hypothetical ones larger, in their own colour)
    on one axes (maps, fact sheets, what-if sheets)."""
    if context is not None and len(context):
        context.plot(ax=ax, color=CONTEXT, edgecolor="#d0d0d0", linewidth=0.25 * line)
    geo.plot(ax=ax, color=colours.reindex(geo.index).to_numpy(), edgecolor="white", linewidth=0.25 * line)
    if fylker is not None and len(fylker):
        fylker.boundary.plot(ax=ax, color=BORDER, linewidth=0.6 * line)
    if len(centres):
        new = centres["id"].astype(str).str.startswith("ny-") if "id" in centres else pd.Series(False, centres.index)
        for is_new, group in centres.groupby(new.to_numpy()):
            ax.scatter(group["x"], group["y"], s=marker_size * (2.2 if is_new else 1), zorder=6 if is_new else 5,
                       c=vocab.NEW_CENTRE_COLOUR if is_new else vocab.CENTRE_COLOUR, edgecolors="white",
                       linewidths=0.6 * line)
    ax.set_axis_off()


def plan_dates(rows: pd.DataFrame, lang: str) -> str:
    """'Planstatus: …, kildedato 2019–2025, 35 udatert' over the known plan statuses shown (one year: 'kildedato
    2024'); '' when no status is known. The fact sheets, brief, slides, HTML and what-if PDF all say it this way."""
    known = rows.loc[rows["plan_status"] != "unknown", "plan_as_of"].fillna("")
    parsed = [vocab.parse_as_of(v) for v in known]
    years = sorted(p[0] for p in parsed if p)
    undated = sum(p is None for p in parsed)
    if not years and not undated:
        return ""
    span = f"{years[0]}–{years[-1]}" if years and years[0] != years[-1] else f"{years[0]}" if years else ""
    text = vocab.t("plan_dates", lang, years=span) if years else vocab.t("plan_dates_none", lang)
    return f"{text}, {vocab.t('plan_dates_undated', lang, n=undated)}" if undated else text


def describe(rows: pd.DataFrame, indicator: str, threshold: int, lang: str, place: str, weight: str) -> str:
    """One paragraph saying what the map shows, with the legend's counts (for SVG/PNG/PDF metadata)."""
    entries = "; ".join(vocab.entry_count(text, n, lang)
                        for _, text, _, n in vocab.legend(indicator, lang, threshold, rows, drop_empty=True))
    return vocab.t("map_desc", lang, place=place, indicator=vocab.label(indicator, lang, threshold),
                   people=vocab.people(weight, lang), entries=entries, source=vocab.t("source_line", lang))


def heading(indicator: str, threshold: int, lang: str, place: str, weight: str) -> str:
    title = f"{vocab.title(indicator, lang, threshold)} — {place}"
    if indicator == "plan_status":
        return title
    return vocab.t("title_weight", lang, title=title, people=vocab.t(f"weight_text_{weight}", lang))


def render(table: pd.DataFrame, kommuner: gpd.GeoDataFrame, fylker: gpd.GeoDataFrame, centres: pd.DataFrame,
           indicator: str = "gap_class", threshold: int = 90, lang: str = "nb", area: str = "norge",
           size: str = "web", fmt: str = "png", out: str | Path | None = None, weight: str = "all",
           today: dt.date | None = None) -> Figure:
    """Draw the map; write it to `out` (format `fmt`) if given. `kommuner`/`fylker` in EPSG:25833."""
    if size not in PRESETS:
        raise ValueError(f"size {size!r} not allowed; allowed: {', '.join(PRESETS)}")
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} not allowed; allowed: {', '.join(FORMATS)}")
    if indicator not in vocab.INDICATORS:
        raise ValueError(f"indicator {indicator!r} not allowed; allowed: {', '.join(vocab.INDICATORS)}")
    preset = PRESETS[size]
    rows, area_name, national = select_area(table, area)
    place = place_name(area_name, lang)
    geo = kommuner.set_index("kommunenummer").loc[rows["kommunenummer"]]
    colours = vocab.colours(rows, indicator, threshold).set_axis(rows["kommunenummer"])
    aoi, raster, context = _occupied(geo, fylker, centres, national)
    inset = geo.loc[rows.loc[rows["fylkesnummer"].isin(INSET_FYLKER), "kommunenummer"]] if national else None
    texts = (heading(indicator, threshold, lang, place, weight),
             subtitle(indicator, threshold, lang, weight, compact=preset.header_over_map),
             _footer_text(rows, table.attrs.get("year"), indicator, lang, today or dt.date.today()))

    def compose(height: int, plan: bool = True) -> Composition:
        return _compose(preset, height, size, texts, (rows, indicator, lang, threshold, weight, national, inset),
                        (raster, aoi, context), plan)

    comp = _fitted(preset, geo.total_bounds, compose)
    fig, c, frame, chosen, content = comp.fig, comp.canvas, comp.frame, comp.chosen, comp.content
    _draw_footer(c, comp.footer, comp.foot_y, comp.margin, preset.pt * preset.footer)
    _draw_panels(c, chosen, frame, {"header": comp.header, "legend": comp.legend, "figures": comp.figures}, national)
    ax = fig.add_axes(content.fraction(c.W, c.H))
    lx0, ly0, lx1, ly1 = chosen.limits
    context = None
    if not national:
        near = kommuner.cx[lx0:lx1, ly0:ly1]
        context = near[~near["kommunenummer"].isin(rows["kommunenummer"])]
        fyl = fylker[fylker["fylkesnummer"].isin(rows["fylkesnummer"].unique())]
    else:
        fyl = fylker
    xy = centres_xy(centres)
    inside = xy[xy["x"].between(lx0, lx1) & xy["y"].between(ly0, ly1)]
    # Lines and dots are sized to the preset's nominal frame, so a taller frame does not thicken them.
    scale = min(c.W, preset.height_px) / 800 * (100 / c.dpi) * (1.4 if preset.header_over_map else 1.0)
    draw(ax, geo, colours, fyl, inside, 30 * scale**2, scale, context)
    ax.set_xlim(lx0, lx1)
    ax.set_ylim(ly0, ly1)
    ax.set_aspect("auto")
    if inset is not None:
        _inset(fig, c, chosen.boxes["inset"], inset, colours, fylker, xy, lang, preset.pt, scale)
        ib = inset.total_bounds
        ax.add_patch(Rectangle((ib[0], ib[1]), ib[2] - ib[0], ib[3] - ib[1], fill=False, edgecolor="#777777",
                               linewidth=0.6 * scale, zorder=7))

    if out is not None:
        output.save(fig, out, fmt, comp.header.title, describe(rows, indicator, threshold, lang, place, weight), lang)
    return fig


@dataclass
class Composition:
    """A frame of a given height with its title block, source lines and the layout chosen for it (not drawn)."""

    fig: Figure
    canvas: Canvas
    margin: float
    footer: list[str]
    foot_y: float
    frame: layout.Box
    chosen: layout.Plan | None  # None: measured only
    content: layout.Box
    legend: Legend | None
    figures: KeyFigures | None
    header: Header


def _compose(preset: Preset, height: int, size: str, texts, panel_args, occupied, plan: bool = True) -> Composition:
    """The figure at `height` px, its title block and source lines measured, the panels laid out around the map."""
    title, sub, footer = texts
    raster, aoi, context = occupied
    fig = Figure(figsize=(preset.width_px / preset.dpi, height / preset.dpi), dpi=preset.dpi)
    c = Canvas(fig)
    pt = preset.pt
    margin = c.px(pt) * (1.0 if preset.header_over_map else 1.6)
    header = Header(c, title, sub, pt, preset.title)
    lines = c.wrap(footer, c.W - 2 * margin, pt * preset.footer)
    foot_y = c.H - margin * 0.6 - len(lines) * c.line(pt * preset.footer)
    frame = layout.Box(margin, margin * 0.8, c.W - 2 * margin, foot_y - margin * 0.8 - c.px(pt) * 0.6)
    if not plan:  # the frame and its title block measured, nothing laid out
        return Composition(fig, c, margin, lines, foot_y, frame, None, frame, None, None, header)
    make = _panel_maker(c, *panel_args[:-1], preset, panel_args[-1])
    chosen, content, legend, figures, header = _choose(c, frame, header, make, preset, raster, aoi, context, size)
    return Composition(fig, c, margin, lines, foot_y, frame, chosen, content, legend, figures, header)


FIT_SHARE = 0.62  # a fitted frame grows until the area's box (and the inset) takes this share of it, or its limit
FIT_STEP = 100  # px a fitted frame grows by per try


def _fitted(preset: Preset, bounds, compose) -> Composition:
    """A fixed frame as it is. A frame whose height follows the area (web, social): first the height at which the
    area's box spans the frame's width below the title block and above the source lines, within the preset's
    limits; then taller, step by step, to the limit, then a little shorter (the panels may fit beside the map only
    then), and the lowest: the first height at which the map takes FIT_SHARE of the frame, else the one where
    it takes most."""
    if preset.fit is None:
        return compose(preset.height_px)
    low, high = preset.fit
    comp = compose(low, plan=False)
    aspect = (bounds[2] - bounds[0]) / (bounds[3] - bounds[1])
    chrome = low - comp.frame.h + comp.header.height(comp.frame.w) + comp.canvas.px(preset.pt) * 0.6
    start = int(min(high, max(low, np.ceil((chrome + comp.frame.w / aspect) / 10) * 10)))
    best: tuple[float, Composition] = (-1.0, comp)
    for height in dict.fromkeys([*range(start, high, FIT_STEP), high, start - FIT_STEP, start - 2 * FIT_STEP, low]):
        if not low <= height <= high:
            continue
        comp = compose(height)
        share = layout.drawn_share(comp.chosen, comp.content, bounds, comp.canvas.W * comp.canvas.H)
        if share >= FIT_SHARE:
            return comp
        best = max(best, (share, comp), key=lambda x: x[0])
    return best[1]


def _occupied(geo, fylker, centres, national: bool):
    """The area of interest (padded bounds), where panels may not go (land, and on a fylke map the centres drawn
    around it: a nearest one may lie there) and, on a fylke map, the neighbours' land (panels may cover it)."""
    minx, miny, maxx, maxy = geo.total_bounds
    span = max(maxx - minx, maxy - miny)
    aoi = (minx - span * 0.02, miny - span * 0.02, maxx + span * 0.02, maxy + span * 0.02)
    if national:
        return aoi, layout.occupancy(fylker.geometry.values, aoi, span / 320), None
    dots = shapely.buffer(shapely.points(centres_xy(centres)[["x", "y"]].to_numpy()), span / 100)
    near = (minx - span, miny - span, maxx + span, maxy + span)
    raster = layout.occupancy(np.concatenate([geo.geometry.values, dots]), near, span / 320)
    around = (minx - 2.5 * span, miny - 2.5 * span, maxx + 2.5 * span, maxy + 2.5 * span)
    return aoi, raster, layout.occupancy(fylker.geometry.values, around, (around[2] - around[0]) / 600)


def _draw_panels(c: Canvas, chosen: layout.Plan, frame: layout.Box, panels: dict, national: bool) -> None:
    """The title block (across the top when the layout placed it nowhere else), legend and key figures, each on a
    white backing over a fylke map's neighbours unless it shares the column's."""
    if chosen.backing is not None:
        b = chosen.backing
        c.rect(b.x, b.y, b.w, b.h, "white", edge="#999999", lw=0.5, z=4.5, alpha=0.93)
    header = panels["header"]
    if "header" not in chosen.boxes:
        header.draw(layout.Box(frame.x, frame.y, frame.w, header.height(frame.w)))
    for name, panel in panels.items():
        if name in chosen.boxes:
            panel.draw(chosen.boxes[name], backing=not national and name not in chosen.shared)


def subtitle(indicator: str, threshold: int, lang: str, weight: str, compact: bool = False) -> str:
    """The line under the title: the threshold, the population weight and the method (or what unknown means).
    Compact (screen presets): the weight left out, as the title names it."""
    if indicator == "plan_status":
        return f"{vocab.t('kpi_unknown', lang)}: {vocab.t('kpi_unknown_help', lang)}"
    weight_part = [] if compact else [vocab.t("population_text", lang, people=vocab.t(f"weight_text_{weight}", lang))]
    return " · ".join([vocab.t("threshold_text", lang, t=threshold), *weight_part, vocab.t("method_short", lang)])


def _footer_text(rows, year, indicator: str, lang: str, today: dt.date) -> str:
    """Sources, dates, attribution and the making date, for the bottom of the frame."""
    footer = [vocab.t("source_line", lang)]
    if year:
        footer.append(vocab.t("population_date", lang, year=year))
    if indicator in ("gap_class", "plan_status") and plan_dates(rows, lang):
        footer.append(plan_dates(rows, lang))
    footer += [vocab.t("attribution", lang), vocab.t("made", lang, date=vocab.date_text(today.isoformat(), lang))]
    return " · ".join(footer)


def _draw_footer(c: Canvas, lines: list[str], foot_y: float, margin: float, size: float) -> None:
    for i, line in enumerate(lines):
        c.text(margin, foot_y + i * c.line(size), line, size, color=MUTED)


def _panel_maker(c: Canvas, rows, indicator: str, lang: str, threshold: int, weight: str, national: bool,
                 preset: Preset, inset):
    """A function of (text factor, content box, whether key figures must be placed) giving the legend, the key
    figures and the panels to pack: legend, key figures, and the Oslo/Akershus inset on national maps."""
    screen = preset.header_over_map

    def make(factor: float, content: layout.Box, need_figures: bool, figures_w: float | None = None,
             columns: int = 0):
        pt = preset.pt * factor
        legend = Legend(c, rows, indicator, lang, threshold, weight, pt, centre_markers(lang), small=preset.small,
                        compact=screen, columns=columns)
        fig_w = figures_w or (c.px(pt) * 22 if screen else max(legend.w, content.w * 0.3))
        figures = KeyFigures(c, rows, lang, threshold, weight, pt, fig_w, plan_only=indicator == "plan_status",
                             compact=screen)
        panels = [layout.Panel("legend", *legend.outer(not national), prefer=(1.0, 1.0)),
                  layout.Panel("figures", *figures.outer(not national), required=need_figures, prefer=(1.0, 0.0))]
        if inset is not None:
            ib = inset.total_bounds
            aspect = (ib[2] - ib[0]) / (ib[3] - ib[1])
            mid = content.h * 0.4  # the inset's title line makes the panel a little taller than the map
            aspect *= (mid - c.line(preset.pt)) / mid
            title_w = max(c.width(w, preset.pt * 0.95, True) for w in vocab.t("inset_oslo", lang).split())  # wraps
            panels.append(layout.Panel("inset", aspect=aspect, min_h=max(content.h * 0.22, title_w / aspect),
                                       max_h=content.h * 0.85, max_map_share=0.45 if preset.fit else 0.6,
                                       prefer=INSET_CORNER["fitted" if preset.fit else "screen" if screen else "print"]))
        return legend, figures, panels

    return make


# Screen presets' panel shapes to pack: legend entries per row (0: by their number) and the key figures' width in
# body-text heights (None: 22); the narrow ones fit beside a tall area in a tall frame.
NARROW = ((0, None), (2, None), (1, 14), (2, 14), (2, 16))


def _choose(c: Canvas, frame: layout.Box, header, make, preset: Preset, raster, aoi, context, size: str):
    """Print: the title across the top, the panels packed into the map's free space, panel text as large as fits.
    Screen presets: that, or the column layout (the area at full height beside a column of text), whichever
    draws the map larger (the area and the inset, as a share of the frame); key figures are left out only when
    nothing else fits."""
    cell = max(4.0, min(c.W, c.H) / 100)
    raster_, raster_bounds = raster
    top = header.height(frame.w) + c.px(preset.pt) * 0.6
    content = layout.Box(frame.x, frame.y + top, frame.w, frame.h - top)
    screen = preset.header_over_map
    factors = TEXT_FACTORS[::-1] if c.W / c.H > 1.6 else TEXT_FACTORS[:1]  # larger text: slides only
    candidates = [layout.column(c, frame, header, make, raster, aoi, context, cell, factors,
                                title_free=preset.fit is None)] if screen else []  # a fitted frame: title on top
    for need_figures in (True, False):
        for factor, (columns, narrow) in itertools.product(TEXT_FACTORS[:1 if screen else 3], NARROW if screen
                                                            else ((0, None),)):
            legend, figures, panels = make(factor, content, need_figures, narrow and c.px(preset.pt) * narrow,
                                           columns=columns)
            try:
                chosen = layout.plan(content, raster_, raster_bounds, aoi, panels, cell_px=cell, context=context,
                                     shrink_cost=1.0 if screen else layout.SHRINK_COST)
            except ValueError:
                continue
            candidates.append((chosen, content, legend, figures, header, chosen.blank + 0.01 * (factor - 1)))
        if len([x for x in candidates if x is not None]) > (1 if screen else 0):
            break
    candidates = [x for x in candidates if x is not None]
    if not candidates:
        raise ValueError(f"the legend does not fit the {size} frame; allowed: a larger size")
    if screen:
        return max(candidates, key=lambda x: layout.drawn_share(x[0], x[1], aoi, c.W * c.H))[:5]
    return min(candidates, key=lambda x: x[5])[:5]


def _inset(fig, c: Canvas, box: layout.Box, geo, colours, fylker, xy, lang: str, pt: float, scale: float) -> None:
    """Oslo and Akershus, enlarged, in its own framed axes with a title."""
    title_h = 0.0
    for line in c.wrap(vocab.t("inset_oslo", lang), box.w, pt * 0.95, bold=True):  # never wider than its box
        c.text(box.x, box.y + title_h, line, pt * 0.95, bold=True)
        title_h += c.line(pt * 0.95)
    inner = layout.Box(box.x, box.y + title_h, box.w, box.h - title_h)
    iax = fig.add_axes(inner.fraction(c.W, c.H), zorder=3)
    ib = geo.total_bounds
    inside = xy[xy["x"].between(ib[0], ib[2]) & xy["y"].between(ib[1], ib[3])]
    draw(iax, geo, colours, fylker[fylker["fylkesnummer"].isin(INSET_FYLKER)], inside, 40 * scale**2, scale)
    iax.set_aspect("equal", adjustable="datalim")
    iax.set_anchor("NW")
    iax.set_axis_on()
    iax.set_xticks([])
    iax.set_yticks([])
    iax.set_xlabel("")
    iax.set_ylabel("")
    for spine in iax.spines.values():
        spine.set_color("#777777")
        spine.set_linewidth(0.6 * scale)
