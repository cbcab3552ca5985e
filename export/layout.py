"""Where things go on a static map: the area of interest scaled and shifted inside the frame, and the legend,
inset and key-figure panels packed into the space the land leaves free, so no preset has an empty band.

Every candidate layout (map scale × anchor × panel order) is scored by the share of the frame it leaves
blank, on a coarse grid; the best one wins. Screen presets also try a column: the area at full height beside
the title, key figures and legend (`column`), and keep whichever draws the map larger (`drawn_share`).
`blank_share` and `largest_blank` measure a finished image the same way (the benchmark and the tests use them).
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass, field

import numpy as np
import shapely
from PIL import Image, ImageDraw
from scipy import ndimage

TILE = 0.04  # blank-share tile: 4 % of the short side of the image
INK_TOLERANCE = 8  # a pixel within this many levels of white counts as blank
SHRINK_COST = 0.3  # a map 10 % smaller must leave 3 points less of the frame blank to be chosen


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels, origin at the top left of the figure."""

    x: float
    y: float
    w: float
    h: float

    def fraction(self, width: float, height: float) -> tuple[float, float, float, float]:
        """(left, bottom, width, height) as figure fractions, for Figure.add_axes."""
        return self.x / width, 1 - (self.y + self.h) / height, self.w / width, self.h / height


@dataclass
class Panel:
    """Something to place: fixed size, or (aspect given) any height between min_h and max_h."""

    name: str
    w: float = 0.0
    h: float = 0.0
    aspect: float | None = None  # width / height of a flexible panel
    min_h: float = 0.0
    max_h: float = 0.0
    max_map_share: float = 1.0  # a flexible panel's height at most this share of the map's drawn height
    required: bool = True
    prefer: tuple[float, float] = (1.0, 1.0)  # preferred corner, as a fraction of the content box (x right, y down)
    first: bool = False  # placed before the others in every candidate order (the title block, into its corner)
    pull: float = 0.25  # how much nearness to the preferred corner weighs against touching land and edges


@dataclass
class Plan:
    """A chosen layout: the map's data window and a box per placed panel."""

    limits: tuple[float, float, float, float]  # minx, miny, maxx, maxy of the map axes (covers the content box)
    boxes: dict[str, Box] = field(default_factory=dict)
    blank: float = 1.0
    scale: float = 1.0
    backing: Box | None = None  # one white backing under several panels (a column of them)
    shared: tuple[str, ...] = ()  # the panels on that backing (drawn without one of their own)


def occupancy(geoms, bounds: tuple[float, float, float, float], cell: float) -> tuple[np.ndarray, tuple]:
    """Boolean raster (rows from the top) of where the geometries lie, `cell` metres per pixel, and its bounds.
    Polygons are filled with their outlines, so a thin island still marks its pixel."""
    minx, miny, maxx, maxy = bounds
    nx, ny = max(1, int(np.ceil((maxx - minx) / cell))), max(1, int(np.ceil((maxy - miny) / cell)))
    image = Image.new("1", (nx, ny), 0)
    pen = ImageDraw.Draw(image)
    for poly in shapely.get_parts(shapely.simplify(np.asarray(geoms), cell / 2)):
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        xy = np.asarray(poly.exterior.coords)[:, :2]
        pts = np.column_stack([(xy[:, 0] - minx) / cell, (maxy - xy[:, 1]) / cell])
        pen.polygon([tuple(p) for p in pts], fill=1, outline=1)
    return np.asarray(image, dtype=bool), (minx, maxy - ny * cell, minx + nx * cell, maxy)


def _integral(grid: np.ndarray) -> np.ndarray:
    out = np.zeros((grid.shape[0] + 1, grid.shape[1] + 1), dtype=np.int64)
    out[1:, 1:] = grid.astype(np.int64).cumsum(0).cumsum(1)
    return out


def _window_sums(integral: np.ndarray, h: int, w: int) -> np.ndarray:
    """Sum over every h×w window; result[y, x] is the window with its top-left cell at (y, x)."""
    return integral[h:, w:] - integral[:-h, w:] - integral[h:, :-w] + integral[:-h, :-w]


def _place(free_taken: np.ndarray, h: int, w: int, prefer: tuple[float, float],
           pull: float = 0.25) -> tuple[int, int] | None:
    """Top-left cell of the best free h×w window: most of its rim touching land, panels or the frame edge,
    then nearest the preferred corner. None if no window is free."""
    ny, nx = free_taken.shape
    if h > ny or w > nx or h < 1 or w < 1:
        return None
    inside = _window_sums(_integral(free_taken), h, w)
    ok = inside == 0
    if not ok.any():
        return None
    padded = np.pad(free_taken, 1, constant_values=True)
    rim = _window_sums(_integral(padded), h + 2, w + 2) - inside
    ys, xs = np.nonzero(ok)
    contact = rim[ys, xs] / (2 * (h + w) + 4)
    px, py = prefer[0] * (nx - w), prefer[1] * (ny - h)
    distance = np.hypot(xs - px, ys - py) / np.hypot(nx, ny)
    best = int(np.argmax(contact - pull * distance))
    return int(ys[best]), int(xs[best])


def _map_cells(integral: np.ndarray, raster_bounds, limits, shape: tuple[int, int], dilate: int) -> np.ndarray:
    """The land raster (given as its integral image) resampled onto the content grid (shape rows × cols) for the
    given data limits: a grid cell is land when any raster pixel it spans is."""
    ny, nx = shape
    minx, miny, maxx, maxy = limits
    rminx, rminy, rmaxx, rmaxy = raster_bounds
    rows, cols = integral.shape[0] - 1, integral.shape[1] - 1
    xe = minx + (maxx - minx) * np.arange(nx + 1) / nx
    ye = maxy - (maxy - miny) * np.arange(ny + 1) / ny
    c0 = np.clip(np.floor((xe[:-1] - rminx) / (rmaxx - rminx) * cols), 0, cols).astype(int)
    c1 = np.clip(np.ceil((xe[1:] - rminx) / (rmaxx - rminx) * cols), 0, cols).astype(int)
    r0 = np.clip(np.floor((rmaxy - ye[:-1]) / (rmaxy - rminy) * rows), 0, rows).astype(int)
    r1 = np.clip(np.ceil((rmaxy - ye[1:]) / (rmaxy - rminy) * rows), 0, rows).astype(int)
    s = (integral[r1[:, None], c1[None, :]] - integral[r0[:, None], c1[None, :]]
         - integral[r1[:, None], c0[None, :]] + integral[r0[:, None], c0[None, :]])
    land = s > 0
    return ndimage.binary_dilation(land, iterations=dilate) if dilate else land


def plan(content: Box, raster: np.ndarray, raster_bounds, aoi: tuple[float, float, float, float],
         panels: list[Panel], cell_px: float, scales=(1.0, 0.94, 0.88, 0.81, 0.74, 0.67, 0.6),
         obstacles: list[Box] = (), context: tuple[np.ndarray, tuple] | None = None,
         shrink_cost: float = SHRINK_COST, keep_clear: float = 0.0) -> Plan:
    """Choose the map window and panel boxes that leave the least of `content` blank.

    aoi: the data bounds that must be visible (the area of interest, padded); the map axes covers `content`
    and its data limits grow around the aoi, so what the frame adds beyond the aoi is context, not white.
    obstacles: boxes already used (text on a fact sheet) that neither land nor panels may cover.
    context: (raster, bounds) of land drawn around the area (neighbouring kommuner): panels may cover it, and
    it does not count as blank.
    shrink_cost: what a smaller map costs against blank (screen presets weigh the map's size more).
    keep_clear: pixels a panel keeps from an obstacle (land may come closer)."""
    ny, nx = max(1, int(content.h // cell_px)), max(1, int(content.w // cell_px))
    blocked = _cells(obstacles, content, cell_px, (ny, nx), 0.0)
    clear = _cells(obstacles, content, cell_px, (ny, nx), keep_clear)
    ax0, ay0, ax1, ay1 = aoi
    aoi_aspect = (ax1 - ax0) / (ay1 - ay0)
    land_sum = _integral(raster)
    context_sum = _integral(context[0]) if context is not None else None
    best: Plan | None = None
    worse = 0
    for scale in scales:
        # The aoi as large as fits, times scale; metres per grid cell follow.
        fit_w = min(nx, ny * aoi_aspect) * scale
        per_cell = (ax1 - ax0) / fit_w
        aw, ah = fit_w, (ay1 - ay0) / per_cell
        improved = False
        for ox in sorted({0.0, (nx - aw) / 2, nx - aw}):
            for oy in sorted({0.0, (ny - ah) / 2, ny - ah}):
                limits = (ax0 - ox * per_cell, ay1 + oy * per_cell - ny * per_cell,
                          ax0 - ox * per_cell + nx * per_cell, ay1 + oy * per_cell)
                land = _map_cells(land_sum, raster_bounds, limits, (ny, nx), 0)
                near_land = ndimage.binary_dilation(land, iterations=1)
                if (near_land & blocked).any():
                    continue
                land, near_land = land | blocked, near_land | blocked
                seen = land if context is None else land | _map_cells(context_sum, context[1], limits, (ny, nx), 0)
                for order in _orders(panels):
                    candidate = _pack(order, near_land | clear, seen, cell_px, content, ah)
                    if candidate is None:
                        continue
                    boxes, filled = candidate
                    blank = 1 - filled.mean() + shrink_cost * (1 - scale) + 0.015 * (ox > 0)
                    if best is None or blank < best.blank - 1e-9:
                        best, improved = Plan(limits=limits, boxes=boxes, blank=blank, scale=scale), True
        # Smaller maps only help while they make room for the panels: stop after two scales without gain.
        worse = 0 if improved else worse + (best is not None)
        if worse >= 2:
            break
    if best is None:
        raise ValueError("the legend does not fit this frame; allowed: a larger size or a shorter legend")
    return best


def _cells(boxes: list[Box], content: Box, cell_px: float, shape: tuple[int, int], grow: float) -> np.ndarray:
    """The grid cells the boxes (each grown by `grow` pixels) cover."""
    out = np.zeros(shape, dtype=bool)
    for b in boxes:
        x0, y0 = int((b.x - grow - content.x) // cell_px), int((b.y - grow - content.y) // cell_px)
        x1 = int(np.ceil((b.x + b.w + grow - content.x) / cell_px))
        y1 = int(np.ceil((b.y + b.h + grow - content.y) / cell_px))
        out[max(0, y0):max(0, y1), max(0, x0):max(0, x1)] = True
    return out


def _orders(panels: list[Panel]):
    """Every order of the panels, those marked `first` leading in their given order."""
    lead = [p for p in panels if p.first]
    for rest in itertools.permutations([p for p in panels if not p.first]):
        yield [*lead, *rest]


def _pack(panels, near_land: np.ndarray, land: np.ndarray, cell_px: float, content: Box, map_cells: float):
    taken = near_land.copy()
    filled = land.copy()
    boxes: dict[str, Box] = {}
    for p in panels:
        if p.aspect is None:
            sizes = [(int(np.ceil(p.h / cell_px)), int(np.ceil(p.w / cell_px)))]
        else:
            top = min(p.max_h / cell_px, p.max_map_share * map_cells)
            heights = np.linspace(top, min(p.min_h / cell_px, top), 8)
            sizes = [(int(np.ceil(h)), int(np.ceil(h * p.aspect))) for h in heights]
        spot = None
        for h, w in sizes:
            spot = _place(taken, h, w, p.prefer, p.pull)
            if spot is not None:
                break
        if spot is None:
            if p.required:
                return None
            continue
        y, x = spot
        taken[max(0, y - 1):y + h + 1, max(0, x - 1):x + w + 1] = True
        filled[y:y + h, x:x + w] = True
        boxes[p.name] = Box(content.x + x * cell_px, content.y + y * cell_px, w * cell_px, h * cell_px)
    return boxes, filled


def drawn_share(chosen: Plan, content: Box, aoi, frame_area: float) -> float:
    """The area's box as drawn plus the inset, as a share of the frame."""
    per_px = (chosen.limits[2] - chosen.limits[0]) / content.w
    inset = chosen.boxes.get("inset")
    drawn = (aoi[2] - aoi[0]) * (aoi[3] - aoi[1]) / per_px**2 + (inset.w * inset.h if inset else 0.0)
    return drawn / frame_area


# What the column holds, top down, and whether the legend stands at its foot; the rest is packed into the map's
# free space. Tried in this order at each map scale, the largest scale first.
COLUMN_VARIANTS = ((("header", "figures"), True), (("header", "figures"), False), (("header",), True),
                   (("figures",), True), ((), True), ((), False))


def column(c, frame: Box, header, make, raster, aoi, context, cell: float, factors=(1.0,), title_free: bool = True):
    """The area at full height on one side; on the other a column with the title block, the key figures and the
    legend at its foot (reaching over the map only where no land is); what the column cannot hold, and the inset,
    packed into the map's free space. The largest map scale (then the largest panel text) at which everything
    fits, or None (the area is about as wide as the frame: no room for a column).
    c: the canvas (px, W, H); header: the title block (a dataclass with pt, outer); make(factor, content,
    need_figures, figures_w, columns) → (legend, key figures, panels to pack); factors: panel text sizes to try;
    title_free: the title block may stand in the map's free space (else only at the top of the column)."""
    aspect = (aoi[2] - aoi[0]) / (aoi[3] - aoi[1])
    if frame.w - frame.h * aspect < frame.w * 0.2:
        return None
    for scale in (1.0, 0.94, 0.88, 0.81, 0.74):
        col_w = frame.w - frame.h * scale * aspect - c.px(header.pt) * 0.6
        narrow = col_w < max(frame.w * 0.3, c.px(header.pt) * 16)  # then only the packed variant: no column
        variants = [v for v in (COLUMN_VARIANTS[-1:] if narrow else COLUMN_VARIANTS) if title_free or "header" in v[0]]
        col_w = max(col_w, frame.w * 0.4)
        for factor, columns, side, variant in itertools.product(factors, (0, 2), ("right", "left"), variants):
            scaled = dataclasses.replace(header, pt=header.pt * factor)
            inner = col_w - (0 if context is None else 2 * c.px(scaled.pt) * 0.6)  # inside a shared backing
            chosen = _column_at(c, frame, scaled, make(factor, frame, True, inner, columns), raster, aoi, context,
                                cell, (scale, col_w, side), variant)
            if chosen is not None:
                return (*chosen, scaled, 0.0)
    return None


def _column_at(c, frame: Box, header, made, raster, aoi, context, cell: float, where, variant):
    """One try of the column layout (see column); on a fylke map the column's blocks share one white backing."""
    (raster, raster_bounds), national = raster, context is None
    (scale, col_w, side), (in_column, legend_foot) = where, variant
    legend, figures, panels = made
    gap, pad = c.px(header.pt) * 0.6, 0.0 if national else c.px(header.pt) * 0.6
    x = frame.x + frame.w - col_w if side == "right" else frame.x
    sizes = {"header": header.outer(col_w - 2 * pad, False), "figures": figures.outer(False)}
    boxes, y = {}, frame.y + pad
    for name in in_column:
        boxes[name] = Box(x + pad, y, *sizes[name])
        y += sizes[name][1] + gap
    shared = list(in_column) if pad else []
    if legend_foot:
        inside = pad and legend.outer(False)[0] <= col_w - 2 * pad  # on the column's backing too
        lw, lh = legend.outer(not inside and not national)
        lx = (x + pad if inside else min(x, frame.x + frame.w - lw)) if side == "right" else x + (pad if inside else 0)
        boxes["legend"] = Box(lx, frame.y + frame.h - lh - (pad if inside else 0), lw, lh)
        if y + (0 if inside else pad) > boxes["legend"].y:
            return None
        shared += ["legend"] if inside else []
        y = frame.y + frame.h + gap - pad if inside else y
    back = Box(x, frame.y, col_w, y - gap + pad - frame.y) if shared else None
    obstacles = [back] if back else []
    obstacles += [b for name, b in boxes.items() if name not in shared]
    packed = [p for p in panels if p.name not in boxes]
    if "header" not in boxes:
        packed.insert(0, Panel("header", *header.outer(col_w, not national), prefer=(0.0, 0.0), first=True,
                               pull=1.5))  # the title at the top wherever the sea leaves room
    try:
        chosen = plan(frame, raster, raster_bounds, aoi, packed, cell_px=cell, scales=(scale,),
                             obstacles=obstacles, context=context, keep_clear=gap)
    except ValueError:
        return None
    chosen.boxes.update(boxes)
    chosen.backing, chosen.shared = back, tuple(shared)
    return chosen, frame, legend, figures


def _tiles(rgb: np.ndarray, tile: float = TILE, tol: int = INK_TOLERANCE) -> np.ndarray:
    """True where a tile of the image holds no ink (every pixel within tol of white)."""
    a = np.asarray(rgb)[..., :3].astype(np.int16)
    h, w = a.shape[:2]
    s = max(4, int(round(min(h, w) * tile)))
    ny, nx = h // s, w // s
    ink = np.abs(a[:ny * s, :nx * s] - 255).max(axis=2) > tol
    return ~ink.reshape(ny, s, nx, s).any(axis=(1, 3))


def blank_share(rgb: np.ndarray, tile: float = TILE) -> float:
    """Share of the image's tiles (4 % of the short side) without a single non-white pixel."""
    return float(_tiles(rgb, tile).mean())


def largest_blank(rgb: np.ndarray, tile: float = TILE) -> float:
    """Area of the largest all-blank rectangle of tiles, as a share of the image: an empty band scores high."""
    blank = _tiles(rgb, tile)
    ny, nx = blank.shape
    heights = np.zeros(nx, dtype=int)
    best = 0
    for y in range(ny):
        heights = np.where(blank[y], heights + 1, 0)
        stack: list[tuple[int, int]] = []
        for i in range(nx + 1):
            cur = int(heights[i]) if i < nx else 0
            start = i
            while stack and stack[-1][1] >= cur:
                start, h = stack.pop()
                best = max(best, h * (i - start))
            stack.append((start, cur))
    return best / blank.size
