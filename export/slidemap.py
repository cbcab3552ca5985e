"""The map a slide shows, as a PNG: gap classes (the app's colours), fylke borders and centres at town level. A
kommune's map shows the kommune with a thick outline, the kommuner it borders named, and its own and its nearest
centre in view; a fylke's map shows the fylke with its neighbours in grey. The legend is not in the picture: the
slide writes it as text, large enough to read from the back of a room."""

from __future__ import annotations

import io

import geopandas as gpd
import pandas as pd
import shapely
from matplotlib.figure import Figure

import vocabulary as vocab
from export import geometry
from export.maps import centres_xy, draw
from export.panels import INK

SIZE = (8.0, 5.6)  # inches: the picture's place on a 13.33 × 7.5 in slide, beside the legend
DPI = 150
NAME_PT = 13  # neighbours' names: 13 pt at the picture's own size on the slide


def _fit(aoi: tuple, aspect: float) -> tuple:
    """The area of interest widened (never cut) to the picture's aspect (width / height)."""
    x0, y0, x1, y1 = aoi
    w, h = x1 - x0, y1 - y0
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def _kommune_view(by_number: gpd.GeoDataFrame, row, centres: pd.DataFrame) -> tuple:
    """The kommune, its own and its nearest centre, padded; at least 60 km across."""
    minx, miny, maxx, maxy = by_number.loc[row["kommunenummer"], "geometry"].bounds
    theirs = centres_xy(centres[centres["id"].isin([row["centre_id"], row["nearest_centre_id"]])])
    xs, ys = [minx, maxx, *theirs["x"]], [miny, maxy, *theirs["y"]]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 60_000)
    pad = 0.15 * span
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    half = span / 2 + pad
    return cx - half, cy - half, cx + half, cy + half


def picture(table: pd.DataFrame, kommuner: gpd.GeoDataFrame, fylker: gpd.GeoDataFrame, centres: pd.DataFrame, *,
            fylke: str, kommune: str | None = None, threshold: int = 90) -> bytes:
    """PNG bytes of a kommune's (or, without `kommune`, a fylke's) map. kommuner/fylker in EPSG:25833."""
    by_number = kommuner.set_index("kommunenummer")
    row = table.set_index("kommunenummer", drop=False).loc[kommune] if kommune else None
    if row is not None:
        aoi = _kommune_view(by_number, row, centres)
    else:
        minx, miny, maxx, maxy = by_number.loc[table.loc[table["fylkesnummer"] == fylke, "kommunenummer"]].total_bounds
        pad = 0.03 * max(maxx - minx, maxy - miny)
        aoi = (minx - pad, miny - pad, maxx + pad, maxy + pad)
    aoi = _fit(aoi, SIZE[0] / SIZE[1])
    frame = shapely.box(*aoi)
    shown = by_number[by_number.intersects(frame)]
    coloured = table["kommunenummer"] if row is not None else table.loc[table["fylkesnummer"] == fylke, "kommunenummer"]
    geo = shown[shown.index.isin(coloured)]
    colours = vocab.colours(table, "gap_class", threshold).set_axis(table["kommunenummer"])
    fig = Figure(figsize=SIZE, dpi=DPI)
    ax = fig.add_axes((0, 0, 1, 1))
    xy = centres_xy(centres)
    inside = xy[xy["x"].between(aoi[0], aoi[2]) & xy["y"].between(aoi[1], aoi[3])]
    draw(ax, geo, colours, fylker, inside, 420, 1.6, context=shown[~shown.index.isin(coloured)])
    if row is not None:
        _outline(ax, by_number, row["kommunenummer"], aoi, frame)
    ax.set_xlim(aoi[0], aoi[2])
    ax.set_ylim(aoi[1], aoi[3])
    ax.set_aspect("auto")
    ax.set_facecolor("white")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def _outline(ax, by_number: gpd.GeoDataFrame, knr: str, aoi: tuple, frame) -> None:
    """The kommune's thick outline (ringed when too small to see) and its neighbours' names where they lie."""
    shape = by_number.loc[[knr]]
    shape.boundary.plot(ax=ax, color="white", linewidth=6, zorder=7)
    shape.boundary.plot(ax=ax, color=INK, linewidth=3, zorder=8)
    bx0, by0, bx1, by1 = shape.total_bounds
    if max(bx1 - bx0, by1 - by0) < 0.06 * (aoi[2] - aoi[0]):
        ax.scatter([(bx0 + bx1) / 2], [(by0 + by1) / 2], s=900, facecolors="none", edgecolors=INK, linewidths=3,
                   zorder=9)
    bordering = by_number.loc[geometry.neighbours(by_number.reset_index(), only=knr)[knr]]
    spots = bordering.geometry.intersection(frame).representative_point()
    for k, p in spots.items():
        if not p.is_empty:
            ax.text(p.x, p.y, bordering.loc[k, "kommunenavn"].split(" - ")[0], ha="center", va="center",
                    fontsize=NAME_PT, color=INK, zorder=10,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85})
