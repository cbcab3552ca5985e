"""Static maps for publication (matplotlib/geopandas, no tiles): any indicator, Norway, a fylke or a set of
kommuner; title, subtitle, the app's legend, source line and date; Oslo/Akershus inset on national maps;
crisis centres as town-level symbols. PNG, SVG or PDF at fixed pixel sizes.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

import vocabulary as vocab  # noqa: E402
from coverage import travel  # noqa: E402

matplotlib.rcParams.update({"pdf.fonttype": 42, "svg.fonttype": "none", "font.family": "DejaVu Sans"})


@dataclass(frozen=True)
class Preset:
    width_px: int
    height_px: int
    dpi: int
    map_width: float  # share of the figure width for the map; the rest holds inset and legend

    @property
    def figsize(self) -> tuple[float, float]:
        return self.width_px / self.dpi, self.height_px / self.dpi


PRESETS = {
    "web": Preset(1200, 800, 100, 0.58),
    "social": Preset(1080, 1080, 100, 0.60),
    "slide": Preset(1920, 1080, 100, 0.60),
    "print": Preset(2480, 3508, 300, 0.68),  # A4 portrait at 300 dpi
}
FORMATS = ("png", "svg", "pdf")
INSET_FYLKER = ("03", "32")
# EPSG:25833 box (x, y, width, height) in the Norwegian Sea west of Nordland, where the national map is empty.
OVERLAY_INSET = (-60_000, 7_330_000, 380_000, 560_000)
OVERLAY_LEGEND_WIDTH = 0.42
WEIGHT_TEXT = {"all": {"nb": "alle innbyggere", "en": "all residents"},
               "women18": {"nb": "kvinner 18 år og eldre", "en": "women aged 18 and over"}}


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


def draw(ax, geo: gpd.GeoDataFrame, colours: pd.Series, fylker: gpd.GeoDataFrame | None, centres: pd.DataFrame,
         marker_size: float, line: float, context: gpd.GeoDataFrame | None = None) -> None:
    """Kommuner in their colours, fylke borders and centre dots on one axes (maps and fact sheets)."""
    if context is not None and len(context):
        context.plot(ax=ax, color="#f1f1f1", edgecolor="#d0d0d0", linewidth=0.25 * line)
    geo.plot(ax=ax, color=colours.reindex(geo.index).to_numpy(), edgecolor="white", linewidth=0.25 * line)
    if fylker is not None:
        fylker.boundary.plot(ax=ax, color="#333333", linewidth=0.6 * line)
    if len(centres):
        ax.scatter(centres["x"], centres["y"], s=marker_size, c="#5b2a86", edgecolors="white",
                   linewidths=0.6 * line, zorder=5)
    ax.set_axis_off()
    ax.set_xlabel("")
    ax.set_ylabel("")


def _wrap(text: str, width_in: float, fontsize: float) -> str:
    """Wrap to the width available (DejaVu Sans averages about 0.55 em per character)."""
    return textwrap.fill(text, max(20, int(width_in * 72 / (fontsize * 0.55))))


def centres_xy(centres: pd.DataFrame) -> pd.DataFrame:
    """Centres in map metres, from coordinates rounded to town level first."""
    lat = centres["lat"].astype(float).round(2).to_numpy()
    lon = centres["lon"].astype(float).round(2).to_numpy()
    x, y = travel.to_utm(lat, lon)
    return centres.assign(x=x, y=y)


def render(table: pd.DataFrame, kommuner: gpd.GeoDataFrame, fylker: gpd.GeoDataFrame, centres: pd.DataFrame,
           indicator: str = "gap_class", threshold: int = 90, lang: str = "nb", area: str = "norge",
           size: str = "web", fmt: str = "png", out: str | Path | None = None, weight: str = "all",
           today: dt.date | None = None) -> plt.Figure:
    """Draw the map; write it to `out` (format `fmt`) if given. `kommuner`/`fylker` in EPSG:25833."""
    if size not in PRESETS:
        raise ValueError(f"size {size!r} not allowed; allowed: {', '.join(PRESETS)}")
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} not allowed; allowed: {', '.join(FORMATS)}")
    if indicator not in vocab.INDICATORS:
        raise ValueError(f"indicator {indicator!r} not allowed; allowed: {', '.join(vocab.INDICATORS)}")
    preset = PRESETS[size]
    rows, area_name, national = select_area(table, area)
    k = kommuner.set_index("kommunenummer").loc[rows["kommunenummer"]]
    colours = vocab.colours(rows, indicator, threshold).set_axis(rows["kommunenummer"])
    fyl = fylker if national else fylker[fylker["fylkesnummer"].isin(rows["fylkesnummer"].unique())]
    xy = centres_xy(centres)
    minx, miny, maxx, maxy = k.total_bounds
    pad = 0.04 * max(maxx - minx, maxy - miny)
    inside = xy[(xy["x"].between(minx - pad, maxx + pad)) & (xy["y"].between(miny - pad, maxy + pad))]

    fig = plt.figure(figsize=preset.figsize, dpi=preset.dpi)
    scale = min(preset.width_px, preset.height_px) / 800 * (100 / preset.dpi)
    fs = 11 * scale
    fig_w, fig_h = preset.figsize
    place = area_name if area_name != "Norge" or lang == "nb" else "Norway"
    heading = _wrap(f"{vocab.title(indicator, lang, threshold)} — {place}", fig_w * 0.96, fs * 1.45)
    threshold_text = (f"Terskel for lang reisevei: {threshold} min median" if lang == "nb"
                      else f"Threshold for a long way: {threshold} min median")
    sub = _wrap(f"{threshold_text} · Befolkning: {WEIGHT_TEXT[weight]['nb']} · Beregnet kjøretid langs vei, 1 km rutenett"
                if lang == "nb" else
                f"{threshold_text} · Population: {WEIGHT_TEXT[weight]['en']} · Estimated drive time by road, 1 km grid",
                fig_w * 0.96, fs * 0.9)
    date = (today or dt.date.today()).strftime("%d.%m.%Y")
    made = f"Laget {date}" if lang == "nb" else f"Made {date}"
    footer = _wrap(f"{vocab.t('source_line', lang)} · {made} · Kartverket (CC BY 4.0), SSB", fig_w * 0.96, fs * 0.75)
    line = 1.3 / 72 / fig_h  # one point of text height, as a fraction of the figure, with leading
    head_h = (heading.count("\n") + 1) * fs * 1.45 * line
    sub_h = (sub.count("\n") + 1) * fs * 0.9 * line
    fig.text(0.02, 0.975, heading, fontsize=fs * 1.45, fontweight="bold", va="top", ha="left")
    fig.text(0.02, 0.975 - head_h - fs * 0.3 * line, sub, fontsize=fs * 0.9, va="top", ha="left", color="#333333")
    fig.text(0.02, 0.02, footer, fontsize=fs * 0.75, va="bottom", ha="left", color="#444444")
    top = 0.975 - head_h - sub_h - fs * 2.2 * line
    bottom = 0.02 + (footer.count("\n") + 1) * fs * 0.75 * line + fs * 1.2 * line
    # Portrait and square national maps use the empty sea (upper left) and Sweden (lower right) for the
    # inset and the legend; landscape maps and fylke maps keep them in a column to the right.
    overlay = national and preset.height_px >= preset.width_px
    map_w = 0.96 if overlay else preset.map_width - 0.03
    map_ax = fig.add_axes((0.02, bottom, map_w, top - bottom))
    context = None
    if not national:
        near = kommuner.cx[minx - pad:maxx + pad, miny - pad:maxy + pad]
        context = near[~near["kommunenummer"].isin(rows["kommunenummer"])]
    draw(map_ax, k, colours, fyl, inside, 28 * scale ** 2, scale, context)
    map_ax.set_anchor("N" if not overlay else "C")
    if overlay:
        map_ax.set_aspect("equal", adjustable="datalim")
    else:
        map_ax.set_xlim(minx - pad, maxx + pad)
        map_ax.set_ylim(miny - pad, maxy + pad)
        map_ax.set_aspect("equal", adjustable="box")

    right = preset.map_width + 0.01
    col_w = 1 - right - 0.03
    legend_top = top
    if national:
        inset_rows = rows[rows["fylkesnummer"].isin(INSET_FYLKER)]
        if overlay:
            iax = map_ax.inset_axes(OVERLAY_INSET, transform=map_ax.transData)
        else:
            inset_h = (top - bottom) * 0.42
            iax = fig.add_axes((right, top - inset_h, col_w, inset_h))
            legend_top = top - inset_h - 0.03
        ik = k.loc[inset_rows["kommunenummer"]]
        ib = ik.total_bounds
        draw(iax, ik, colours, fylker[fylker["fylkesnummer"].isin(INSET_FYLKER)],
              xy[xy["x"].between(ib[0], ib[2]) & xy["y"].between(ib[1], ib[3])], 40 * scale ** 2, scale)
        iax.set_aspect("equal", adjustable="box")
        for spine in iax.spines.values():
            spine.set_visible(True)
            spine.set_color("#777777")
        iax.set_axis_on()
        iax.set_xticks([])
        iax.set_yticks([])
        iax.set_xlabel("")
        iax.set_ylabel("")
        iax.set_title("Oslo og Akershus" if lang == "nb" else "Oslo and Akershus", fontsize=fs * 0.9, loc="left")

    col_in = (OVERLAY_LEGEND_WIDTH * map_w if overlay else col_w) * preset.figsize[0]
    handles = [Patch(facecolor=c, edgecolor="#777777", label=_wrap(text, col_in * 0.8, fs * 0.85))
               for _, text, c, _n in vocab.legend(indicator, lang, threshold)]
    handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="#5b2a86", markeredgecolor="white",
                          markersize=7 * scale, label="Krisesenter (tettsted)" if lang == "nb" else "Crisis centre (town)"))
    options = {"handles": handles, "frameon": False, "fontsize": fs * 0.85, "title_fontsize": fs * 0.85,
               "title": _wrap(vocab.label(indicator, lang, threshold), col_in, fs * 0.85), "alignment": "left"}
    if overlay:
        map_ax.legend(loc="lower right", borderaxespad=0.5, **options)
    else:
        leg_ax = fig.add_axes((right, bottom, col_w, legend_top - bottom))
        leg_ax.set_axis_off()
        leg_ax.legend(loc="upper left", borderaxespad=0, **options)

    if out is not None:
        fig.savefig(out, format=fmt, dpi=preset.dpi)
        plt.close(fig)
    return fig
