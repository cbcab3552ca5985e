"""Static maps for publication (matplotlib/geopandas, no tiles): any indicator, Norway, a fylke or a set of
kommuner; title naming the population weight, the legend with counts of what is shown, key figures, the
Oslo/Akershus inset on national maps, crisis centres as town-level symbols, source line with the sources'
dates. PNG, SVG or PDF at fixed pixel sizes, each with a text description embedded.

The map, legend, inset and key figures are packed so that no preset has an empty band (export/layout.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

import vocabulary as vocab
from coverage import travel
from export import layout, output
from export.panels import MUTED, Canvas, KeyFigures, Legend, centre_markers

matplotlib.rcParams.update({"pdf.fonttype": 42, "svg.fonttype": "none", "font.family": "DejaVu Sans"})


@dataclass(frozen=True)
class Preset:
    width_px: int
    height_px: int
    dpi: int
    pt: float  # body text size in points

    @property
    def figsize(self) -> tuple[float, float]:
        return self.width_px / self.dpi, self.height_px / self.dpi


PRESETS = {
    "web": Preset(1200, 800, 100, 10.5),
    "social": Preset(1080, 1080, 100, 13.0),
    "slide": Preset(1920, 1080, 100, 15.0),
    "print": Preset(2480, 3508, 300, 9.5),  # A4 portrait at 300 dpi
}
FORMATS = ("png", "svg", "pdf")
INSET_FYLKER = ("03", "32")
CONTEXT, BORDER = "#ececec", "#333333"
TEXT_FACTORS = (1.0, 1.15, 1.3)


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
    """'Planstatus: …, kildedato 2019–2025, 35 udatert' over the known plan statuses shown."""
    known = rows.loc[rows["plan_status"] != "unknown", "plan_as_of"].fillna("")
    parsed = [vocab.parse_as_of(v) for v in known]
    years = sorted(p[0] for p in parsed if p)
    undated = sum(p is None for p in parsed)
    if not years and not undated:
        return ""
    text = vocab.t("plan_dates", lang, first=years[0], last=years[-1]) if years else vocab.t("plan_dates_none", lang)
    return f"{text}, {vocab.t('plan_dates_undated', lang, n=undated)}" if undated else text


def describe(rows: pd.DataFrame, indicator: str, threshold: int, lang: str, place: str, weight: str) -> str:
    """One paragraph saying what the map shows, with the legend's counts (for SVG/PNG/PDF metadata)."""
    entries = "; ".join(vocab.t("entry_count", lang, label=text, n=n)
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
    fig = Figure(figsize=preset.figsize, dpi=preset.dpi)
    c = Canvas(fig)
    pt, margin = preset.pt, c.px(preset.pt) * 1.6
    width = c.W - 2 * margin

    title = heading(indicator, threshold, lang, place, weight)
    if indicator == "plan_status":
        parts = [f"{vocab.t('kpi_unknown', lang)}: {vocab.t('kpi_unknown_help', lang)}"]
    else:
        parts = [vocab.t("threshold_text", lang, t=threshold),
                 vocab.t("population_text", lang, people=vocab.t(f"weight_text_{weight}", lang)),
                 vocab.t("method_short", lang)]
    y = c.paragraph(margin, margin * 0.8, title, width, pt * 1.6, bold=True)
    y = c.paragraph(margin, y + c.px(pt) * 0.15, " · ".join(parts), width, pt * 0.95, color="#333333")
    today = today or dt.date.today()
    footer = [vocab.t("source_line", lang)]
    if table.attrs.get("year"):
        footer.append(vocab.t("population_date", lang, year=table.attrs["year"]))
    if indicator in ("gap_class", "plan_status") and plan_dates(rows, lang):
        footer.append(plan_dates(rows, lang))
    footer += [vocab.t("attribution", lang), vocab.t("made", lang, date=vocab.date_text(today.isoformat(), lang))]
    foot_lines = c.wrap(" · ".join(footer), width, pt * 0.8)
    foot_y = c.H - margin * 0.6 - len(foot_lines) * c.line(pt * 0.8)
    for i, line in enumerate(foot_lines):
        c.text(margin, foot_y + i * c.line(pt * 0.8), line, pt * 0.8, color=MUTED)
    content = layout.Box(margin, y + c.px(pt) * 0.6, width, foot_y - y - c.px(pt) * 1.2)

    geo = kommuner.set_index("kommunenummer").loc[rows["kommunenummer"]]
    colours = vocab.colours(rows, indicator, threshold).set_axis(rows["kommunenummer"])
    minx, miny, maxx, maxy = geo.total_bounds
    pad = 0.02 * max(maxx - minx, maxy - miny)
    aoi = (minx - pad, miny - pad, maxx + pad, maxy + pad)
    land = fylker.geometry.values if national else geo.geometry.values
    raster, raster_bounds = layout.occupancy(land, aoi, max(maxx - minx, maxy - miny) / 320)
    context = None
    if not national:  # neighbouring kommuner are drawn around the area: not blank, but panels may cover them
        span = 2.5 * max(maxx - minx, maxy - miny)
        around = (minx - span, miny - span, maxx + span, maxy + span)
        context = layout.occupancy(fylker.geometry.values, around, (around[2] - around[0]) / 600)

    inset = geo.loc[rows.loc[rows["fylkesnummer"].isin(INSET_FYLKER), "kommunenummer"]] if national else None
    best = None
    for factor in TEXT_FACTORS:  # larger panel text where the frame has room to spare (wide slides)
        legend = Legend(c, rows, indicator, lang, threshold, weight, pt * factor, centre_markers(lang))
        figures = KeyFigures(c, rows, lang, threshold, weight, pt * factor, max(legend.w, content.w * 0.3),
                             plan_only=indicator == "plan_status")
        panels = [layout.Panel("legend", *legend.outer(not national), prefer=(1.0, 1.0)),
                  layout.Panel("figures", *figures.outer(not national), required=False, prefer=(1.0, 0.0))]
        if inset is not None:
            ib = inset.total_bounds
            aspect = (ib[2] - ib[0]) / (ib[3] - ib[1])
            mid = content.h * 0.4  # the inset's title line makes the panel a little taller than the map
            panels.append(layout.Panel("inset", aspect=aspect * (mid - c.line(pt)) / mid, min_h=content.h * 0.22,
                                       max_h=content.h * 0.85, max_map_share=0.6, prefer=(0.0, 1.0)))
        try:
            chosen = layout.plan(content, raster, raster_bounds, aoi, panels, cell_px=max(4.0, min(c.W, c.H) / 100),
                                 context=context)
        except ValueError:
            continue
        score = chosen.blank + 0.01 * (factor - 1)
        if best is None or score < best[0]:
            best = (score, chosen, legend, figures)
    if best is None:
        raise ValueError(f"the legend does not fit the {size} frame; allowed: a larger size")
    _, chosen, legend, figures = best

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
    scale = min(c.W, c.H) / 800 * (100 / c.dpi)
    draw(ax, geo, colours, fyl, inside, 30 * scale**2, scale, context)
    ax.set_xlim(lx0, lx1)
    ax.set_ylim(ly0, ly1)
    ax.set_aspect("auto")
    legend.draw(chosen.boxes["legend"], backing=not national)
    if "figures" in chosen.boxes:
        figures.draw(chosen.boxes["figures"], backing=not national)
    if inset is not None:
        _inset(fig, c, chosen.boxes["inset"], inset, colours, fylker, xy, lang, pt, scale)
        ib = inset.total_bounds
        ax.add_patch(Rectangle((ib[0], ib[1]), ib[2] - ib[0], ib[3] - ib[1], fill=False, edgecolor="#777777",
                               linewidth=0.6 * scale, zorder=7))

    if out is not None:
        output.save(fig, out, fmt, title, describe(rows, indicator, threshold, lang, place, weight), lang)
    return fig


def _inset(fig, c: Canvas, box: layout.Box, geo, colours, fylker, xy, lang: str, pt: float, scale: float) -> None:
    """Oslo and Akershus, enlarged, in its own framed axes with a title."""
    c.text(box.x, box.y, vocab.t("inset_oslo", lang), pt * 0.95, bold=True)
    title_h = c.line(pt * 0.95)
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
