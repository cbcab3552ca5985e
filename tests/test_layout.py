"""The layout of static maps on grids worked out by hand: boxes as figure fractions, the land raster, window sums,
where one panel goes (free, touching land or edges, near the corner asked for), and the invariants of a whole
plan for every box — inside the content box, apart from each other, off the land and the obstacles, the area of
interest visible at one scale in x and y — plus the blank measures of a finished image."""

import itertools

import numpy as np
import pytest
import shapely

from export import layout
from export.layout import Box, Panel


def test_a_box_as_figure_fractions_counts_from_the_bottom_left():
    assert Box(10, 20, 30, 40).fraction(100, 200) == pytest.approx((0.1, 0.7, 0.3, 0.2))
    assert Box(0, 0, 100, 200).fraction(100, 200) == pytest.approx((0.0, 0.0, 1.0, 1.0))


def test_occupancy_fills_polygons_on_rows_from_the_top():
    square = shapely.box(0, 0, 10, 10)  # the bottom-left quarter of a 20 × 20 m window
    raster, bounds = layout.occupancy([square], (0, 0, 20, 20), 1.0)
    assert raster.shape == (20, 20) and bounds == (0, 0, 20, 20)
    assert raster[11:, :10].all() and not raster[:9].any() and not raster[:, 11:].any()
    # the window grows to whole cells at the right and the bottom; the top-left corner stays
    raster, bounds = layout.occupancy([square], (0, 0, 20.5, 20.5), 1.0)
    assert raster.shape == (21, 21) and bounds == pytest.approx((0, -0.5, 21, 20.5))
    # a thin island still marks its pixel; lines and points are not land
    thin = shapely.box(15, 15, 15.2, 15.2)
    raster, _ = layout.occupancy([thin, shapely.LineString([(0, 19), (19, 19)]), shapely.Point(3, 3)],
                                 (0, 0, 20, 20), 1.0)
    assert 1 <= raster.sum() <= 4 and raster[4:6, 14:16].any()
    raster, _ = layout.occupancy([shapely.MultiPolygon([shapely.box(0, 0, 4, 4), shapely.box(16, 16, 20, 20)])],
                                 (0, 0, 20, 20), 2.0)
    assert raster.shape == (10, 10) and raster[8:, :2].all() and raster[:2, 8:].all() and not raster[3:7, 3:7].any()


def test_window_sums_match_a_brute_force_count():
    rng = np.random.default_rng(3)
    grid = rng.random((7, 9)) < 0.4
    integral = layout._integral(grid)
    assert integral[-1, -1] == grid.sum() and integral[0].sum() == 0 and integral[:, 0].sum() == 0
    for h, w in ((1, 1), (2, 3), (7, 9), (3, 1)):
        sums = layout._window_sums(integral, h, w)
        assert sums.shape == (7 - h + 1, 9 - w + 1)
        for y, x in itertools.product(range(sums.shape[0]), range(sums.shape[1])):
            assert sums[y, x] == grid[y:y + h, x:x + w].sum()


def test_one_panel_goes_to_the_corner_asked_for_when_it_is_free():
    free = np.zeros((10, 12), dtype=bool)
    assert layout._place(free, 2, 3, (1.0, 1.0)) == (8, 9)
    assert layout._place(free, 2, 3, (0.0, 0.0)) == (0, 0)
    assert layout._place(free, 2, 3, (1.0, 0.0)) == (0, 9)
    assert layout._place(free, 2, 3, (0.0, 1.0)) == (8, 0)
    assert layout._place(free, 10, 12, (1.0, 1.0)) == (0, 0)
    assert layout._place(free, 11, 3, (1.0, 1.0)) is None and layout._place(free, 2, 13, (0.0, 0.0)) is None
    assert layout._place(free, 1, 1, (1.0, 1.0)) == (9, 11) and layout._place(free, 1, 12, (0.0, 1.0)) == (9, 0)
    assert layout._place(free, 0, 3, (0.0, 0.0)) is None and layout._place(free, 2, 0, (0.0, 0.0)) is None


def test_one_panel_never_covers_a_taken_cell_and_prefers_touching_land():
    taken = np.zeros((10, 10), dtype=bool)
    taken[6:, 6:] = True  # land in the bottom-right corner asked for
    y, x = layout._place(taken, 3, 3, (1.0, 1.0))
    assert not taken[y:y + 3, x:x + 3].any()
    # the nearest free windows to the corner touch the land: right above it or left of it
    assert (y, x) in ((3, 7), (7, 3))
    full = np.ones((4, 4), dtype=bool)
    assert layout._place(full, 1, 1, (0.0, 0.0)) is None
    # contact comes first: a hole that fits the panel exactly beats the free corner asked for
    land = np.ones((10, 30), dtype=bool)
    land[0:4, 0:4] = False  # open water at the top left, the corner asked for
    land[5:7, 20:22] = False  # a 2 × 2 hole far from it
    assert layout._place(land, 2, 2, (0.0, 0.0)) == (5, 20)
    island = np.zeros((20, 20), dtype=bool)
    island[8:12, 8:12] = True
    # a strong pull wins over contact: the exact corner asked for, though nothing touches it there
    y, x = layout._place(island, 2, 2, (0.25, 0.25), pull=100.0)
    assert (y, x) == (round(0.25 * 18), round(0.25 * 18))


def test_panels_packed_one_after_another_keep_one_cell_apart():
    free = np.zeros((10, 3), dtype=bool)  # a column as wide as the panels: they stack
    content = Box(0, 0, 30, 100)
    first, second = Panel("a", 30, 20, prefer=(0.0, 1.0)), Panel("b", 30, 20, prefer=(0.0, 1.0))
    boxes, filled = layout._pack([first, second], free, free, 10.0, content, 10)
    assert boxes["a"] == Box(0, 80, 30, 20) and boxes["b"] == Box(0, 50, 30, 20)  # one empty row between
    assert filled.sum() == 12 and not filled[7].any()
    top = [Panel("a", 30, 20, prefer=(0.0, 0.0)), Panel("b", 30, 20, prefer=(0.0, 0.0))]
    boxes, _ = layout._pack(top, free, free, 10.0, content, 10)
    assert boxes["a"] == Box(0, 0, 30, 20) and boxes["b"] == Box(0, 30, 30, 20)
    side = np.zeros((2, 10), dtype=bool)
    boxes, _ = layout._pack([Panel("a", 20, 20, prefer=(1.0, 0.0)), Panel("b", 20, 20, prefer=(1.0, 0.0))], side,
                            side, 10.0, Box(0, 0, 100, 20), 2)
    assert boxes["a"] == Box(80, 0, 20, 20) and boxes["b"] == Box(50, 0, 20, 20)
    boxes, _ = layout._pack([Panel("a", 20, 20, prefer=(0.0, 0.0)), Panel("b", 20, 20, prefer=(0.0, 0.0))], side,
                            side, 10.0, Box(0, 0, 100, 20), 2)
    assert boxes["a"] == Box(0, 0, 20, 20) and boxes["b"] == Box(30, 0, 20, 20)
    # a thin panel never slips into the first one's row or column at the frame's edge
    open_sea = np.zeros((6, 6), dtype=bool)
    for thin in (Panel("b", 30, 10, prefer=(0.0, 0.0)), Panel("b", 10, 30, prefer=(0.0, 0.0))):
        boxes, _ = layout._pack([Panel("a", 30, 30, prefer=(0.0, 0.0)), thin], open_sea, open_sea, 10.0,
                                Box(0, 0, 60, 60), 6)
        a, b = boxes["a"], boxes["b"]
        assert a == Box(0, 0, 30, 30)
        assert b.x >= a.x + a.w + 10 or b.y >= a.y + a.h + 10, b


def test_the_land_raster_resampled_onto_the_content_grid():
    raster = np.zeros((10, 10), dtype=bool)
    raster[0, 0] = True  # top-left metre of a 10 × 10 m raster
    integral = layout._integral(raster)
    same = layout._map_cells(integral, (0, 0, 10, 10), (0, 0, 10, 10), (10, 10), 0)
    assert (same == raster).all()
    coarse = layout._map_cells(integral, (0, 0, 10, 10), (0, 0, 10, 10), (5, 5), 0)
    assert coarse.sum() == 1 and coarse[0, 0]
    # limits shifted 5 m right and up: the land cell leaves the window
    assert not layout._map_cells(integral, (0, 0, 10, 10), (5, 5, 15, 15), (10, 10), 0).any()
    # shifted left and down by 5 m: it sits at row 0, column 5
    moved = layout._map_cells(integral, (0, 0, 10, 10), (-5, 5, 5, 15), (10, 10), 0)
    assert moved.sum() == 1 and moved[5, 5]
    grown = layout._map_cells(integral, (0, 0, 10, 10), (0, 0, 10, 10), (10, 10), 1)
    assert grown.sum() == 3 and grown[:2, :2].sum() == 3


def test_cells_cover_boxes_grown_by_a_margin():
    content = Box(100, 50, 100, 60)
    cells = layout._cells([Box(120, 60, 20, 10)], content, 10.0, (6, 10), 0.0)
    assert cells.sum() == 2 and cells[1, 2:4].all()
    grown = layout._cells([Box(120, 60, 20, 10)], content, 10.0, (6, 10), 5.0)
    assert grown[0:3, 1:5].all() and grown.sum() == 12
    edge = layout._cells([Box(90, 40, 15, 15)], content, 10.0, (6, 10), 0.0)  # sticks out of the content box
    assert edge.sum() == 1 and edge[0, 0]
    assert not layout._cells([], content, 10.0, (6, 10), 5.0).any()


def test_panels_marked_first_lead_every_order():
    a, b, c, d = Panel("a", first=True), Panel("b"), Panel("c"), Panel("d", first=True)
    orders = [[p.name for p in o] for o in layout._orders([b, a, c, d])]
    assert orders == [["a", "d", "b", "c"], ["a", "d", "c", "b"]]


def _grid_land(limits, shape, raster, raster_bounds):
    return layout._map_cells(layout._integral(raster), raster_bounds, limits, shape, 0)


def _island(n: int = 200):
    """A 200 × 200 m world, land a 80 × 120 m block (x 60–140, y 40–160): sea around it on every side."""
    raster, bounds = layout.occupancy([shapely.box(60, 40, 140, 160)], (0, 0, 200, 200), 200 / n)
    return raster, bounds


def _check_plan(chosen, content, panels, aoi, raster, bounds, obstacles=()):
    """Every placed box inside the content box, apart from the others, off the land and the obstacles; the aoi
    inside the data limits, drawn with the same metres per pixel across and down."""
    minx, miny, maxx, maxy = chosen.limits
    eps = 1e-6 * (aoi[2] - aoi[0])
    assert minx <= aoi[0] + eps and maxx >= aoi[2] - eps and miny <= aoi[1] + eps and maxy >= aoi[3] - eps
    assert (maxx - minx) / content.w == pytest.approx((maxy - miny) / content.h, rel=0.02)
    for p in panels:
        if p.required:
            assert p.name in chosen.boxes
    boxes = list(chosen.boxes.items())
    per_px = (maxx - minx) / content.w
    land = shapely.box(60, 40, 140, 160)
    for name, b in boxes:
        assert content.x - 1e-6 <= b.x and b.x + b.w <= content.x + content.w + 1e-6, name
        assert content.y - 1e-6 <= b.y and b.y + b.h <= content.y + content.h + 1e-6, name
        # the box in data metres must not cover land
        bx0 = minx + (b.x - content.x) * per_px
        by1 = maxy - (b.y - content.y) * per_px
        drawn = shapely.box(bx0, by1 - b.h * per_px, bx0 + b.w * per_px, by1)
        assert drawn.intersection(land).area < 1e-6, f"{name} covers land"
        for o in obstacles:
            assert min(b.x + b.w, o.x + o.w) <= max(b.x, o.x) or min(b.y + b.h, o.y + o.h) <= max(b.y, o.y), name
    for (a, ba), (c, bc) in itertools.combinations(boxes, 2):
        apart = min(ba.x + ba.w, bc.x + bc.w) <= max(ba.x, bc.x) or min(ba.y + ba.h, bc.y + bc.h) <= max(ba.y, bc.y)
        assert apart, f"{a} overlaps {c}"


def test_a_plan_keeps_every_panel_inside_apart_and_off_the_land():
    raster, bounds = _island()
    content = Box(20, 30, 400, 300)  # 4:3, the island 2:3 upright: sea left and right of it
    aoi = (55, 35, 145, 165)
    panels = [Panel("legend", 90, 120, prefer=(1.0, 1.0)), Panel("figures", 80, 60, prefer=(1.0, 0.0)),
              Panel("note", 70, 40, prefer=(0.0, 0.0))]
    chosen = layout.plan(content, raster, bounds, aoi, panels, cell_px=5)
    _check_plan(chosen, content, panels, aoi, raster, bounds)
    assert chosen.scale == 1.0  # the panels fit beside the island at full size
    # asked corners honoured: the legend low right, the figures high right, the note high left
    lg, fg, nt = (chosen.boxes[k] for k in ("legend", "figures", "note"))
    mid_x, mid_y = content.x + content.w / 2, content.y + content.h / 2
    assert lg.x > mid_x and lg.y + lg.h / 2 > mid_y
    assert fg.x > mid_x and fg.y + fg.h / 2 < mid_y
    assert nt.y + nt.h / 2 < mid_y
    # the island drawn as large as the height allows, centred or pushed aside
    drawn_h = (aoi[3] - aoi[1]) / ((chosen.limits[2] - chosen.limits[0]) / content.w)
    assert drawn_h == pytest.approx(300, rel=0.02)
    assert 0 <= chosen.blank <= 1


def test_a_plan_shrinks_the_map_only_when_the_panels_need_it():
    raster, bounds = _island()
    content = Box(0, 0, 300, 300)  # square: the island leaves 2 × 50 px of sea at full scale
    aoi = (60, 40, 140, 160)
    wide = [Panel("legend", 110, 100, prefer=(1.0, 1.0))]
    chosen = layout.plan(content, raster, bounds, aoi, wide, cell_px=5)
    _check_plan(chosen, content, wide, aoi, raster, bounds)
    assert chosen.scale < 1.0
    narrow = [Panel("legend", 30, 60, prefer=(1.0, 1.0))]
    chosen = layout.plan(content, raster, bounds, aoi, narrow, cell_px=5)
    _check_plan(chosen, content, narrow, aoi, raster, bounds)
    assert chosen.scale == 1.0
    with pytest.raises(ValueError, match="allowed: a larger size"):
        layout.plan(content, raster, bounds, aoi, [Panel("legend", 400, 400)], cell_px=5)
    optional = [Panel("legend", 30, 60), Panel("huge", 400, 400, required=False)]
    chosen = layout.plan(content, raster, bounds, aoi, optional, cell_px=5)
    assert set(chosen.boxes) == {"legend"}


def test_a_plan_keeps_off_obstacles_and_by_keep_clear():
    raster, bounds = _island()
    content = Box(0, 0, 400, 300)
    aoi = (55, 35, 145, 165)
    text = Box(300, 0, 100, 300)  # the right strip already holds text
    panels = [Panel("legend", 60, 60, prefer=(1.0, 1.0))]
    chosen = layout.plan(content, raster, bounds, aoi, panels, cell_px=5, obstacles=[text], keep_clear=12)
    _check_plan(chosen, content, panels, aoi, raster, bounds, [text])
    b = chosen.boxes["legend"]
    assert b.x + b.w <= text.x - 10  # kept clear by 12 px, to the cell
    # the land itself never lies under the obstacle
    minx, _, maxx, maxy = chosen.limits
    per_px = (maxx - minx) / content.w
    assert minx + (text.x - content.x) * per_px >= 140


def test_a_map_pushed_right_by_text_on_the_left_still_shows_the_whole_area():
    raster, bounds = _island()
    content = Box(0, 0, 400, 300)
    aoi = (55, 35, 145, 165)
    text = Box(0, 0, 150, 300)  # the left strip holds text: the island must stand right of it
    panels = [Panel("legend", 40, 60, prefer=(1.0, 1.0))]
    chosen = layout.plan(content, raster, bounds, aoi, panels, cell_px=5, obstacles=[text])
    _check_plan(chosen, content, panels, aoi, raster, bounds, [text])
    minx, _, maxx, _ = chosen.limits
    per_px = (maxx - minx) / content.w
    assert minx + (text.x + text.w - content.x) * per_px <= 60  # no land under the text
    assert minx < aoi[0] - 100 * per_px  # the area shifted right by more than 100 px


def _inset_placed(max_h: float) -> tuple[Box, float]:
    """An inset of aspect 0.5 (at most half the map's drawn height) placed beside the island: its box and the
    chosen scale."""
    raster, bounds = _island()
    content = Box(0, 0, 400, 300)
    aoi = (55, 35, 145, 165)
    inset = Panel("inset", aspect=0.5, min_h=50, max_h=max_h, max_map_share=0.5)
    chosen = layout.plan(content, raster, bounds, aoi, [inset], cell_px=5)
    _check_plan(chosen, content, [inset], aoi, raster, bounds)
    return chosen.boxes["inset"], chosen.scale


def test_a_flexible_panel_takes_the_largest_height_that_fits_at_its_aspect():
    b, scale = _inset_placed(max_h=280)
    assert b.w / b.h == pytest.approx(0.5, abs=0.05)
    assert b.h <= 0.5 * 300 + 5 and b.h >= 0.5 * 300 * scale - 5  # its cap: half the map's drawn height


def test_a_flexible_panel_is_never_taller_than_its_own_cap():
    """The same inset with max_h 100 px, below half the map's drawn height (150 px): 100 px binds (to within one
    5 px cell, as heights are counted in whole cells)."""
    b, _ = _inset_placed(max_h=100)
    assert 50 <= b.h <= 100 + 5 and b.w / b.h == pytest.approx(0.5, abs=0.05)


def test_context_land_may_be_covered_and_does_not_count_as_blank():
    raster, bounds = _island()
    content = Box(0, 0, 400, 300)
    aoi = (55, 35, 145, 165)
    around, around_bounds = layout.occupancy([shapely.box(-400, -400, 600, 600)], (-400, -400, 600, 600), 5)
    panels = [Panel("legend", 60, 60, prefer=(1.0, 1.0))]
    alone = layout.plan(content, raster, bounds, aoi, panels, cell_px=5)
    with_context = layout.plan(content, raster, bounds, aoi, panels, cell_px=5, context=(around, around_bounds))
    _check_plan(with_context, content, panels, aoi, raster, bounds)
    assert with_context.blank < 0.01 < alone.blank


def test_drawn_share_is_the_area_box_and_the_inset_over_the_frame():
    chosen = layout.Plan(limits=(0, 0, 2000, 1000), boxes={"inset": Box(0, 0, 50, 40)})
    content = Box(0, 0, 200, 100)  # 10 m per pixel
    assert layout.drawn_share(chosen, content, (300, 200, 1300, 700), 200 * 100) == pytest.approx(
        (100 * 50 + 50 * 40) / 20_000)
    assert layout.drawn_share(layout.Plan(limits=(0, 0, 2000, 1000)), content, (0, 0, 1000, 500), 40_000) == \
        pytest.approx(5000 / 40_000)


def test_blank_share_and_the_largest_blank_rectangle_of_an_image():
    img = np.full((100, 200, 3), 255, dtype=np.uint8)  # tiles of 4 px: 25 × 50
    assert layout.blank_share(img) == 1.0 and layout.largest_blank(img) == 1.0
    img[:, 100:] = 0  # the right half inked
    assert layout.blank_share(img) == 0.5 and layout.largest_blank(img) == 0.5
    img[40:44, 40:44] = 240  # 15 levels off white: ink; one tile of the left half
    assert layout.blank_share(img) == pytest.approx((25 * 25 - 1) / 1250)
    # the largest empty rectangle beside that tile in the left half: 14 rows (or columns) of 25 tiles
    assert layout.largest_blank(img) == pytest.approx(14 * 25 / 1250)
    faint = np.full((100, 200, 3), 255 - 8, dtype=np.uint8)  # within 8 levels of white: blank
    assert layout.blank_share(faint) == 1.0
    faint[0, 0] = 255 - 9
    assert layout.blank_share(faint) == pytest.approx(1 - 1 / 1250)
    small = np.full((40, 40, 3), 255, dtype=np.uint8)  # tiles never under 4 px
    small[0, 0] = 0
    assert layout.blank_share(small) == pytest.approx(1 - 1 / 100)
    rgba = np.dstack([np.full((100, 100, 3), 255, dtype=np.uint8), np.zeros((100, 100), dtype=np.uint8)])
    assert layout.blank_share(rgba) == 1.0  # the alpha channel is not ink


def test_the_largest_blank_rectangle_against_brute_force():
    rng = np.random.default_rng(7)
    for _ in range(5):
        tiles = rng.random((6, 9)) < 0.7
        img = np.full((6 * 4, 9 * 4, 3), 255, dtype=np.uint8)
        for y, x in zip(*np.nonzero(~tiles), strict=True):
            img[y * 4, x * 4] = 0
        best = 0
        for y0, y1 in itertools.combinations_with_replacement(range(6), 2):
            for x0, x1 in itertools.combinations_with_replacement(range(9), 2):
                if tiles[y0:y1 + 1, x0:x1 + 1].all():
                    best = max(best, (y1 - y0 + 1) * (x1 - x0 + 1))
        assert layout.largest_blank(img, tile=4 / 24) == pytest.approx(best / 54)
