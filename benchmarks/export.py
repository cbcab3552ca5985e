"""Benchmark the exports: the national map at every preset (time and blank share), one fact sheet, all 15
fylke maps, the what-if sheet, the HTML map, the three data files.

Run: python benchmarks/export.py   (DEKNING_DATA_DIR must point at the source files.)
Times are wall-clock on this machine with warm caches; ratios are against the national web PNG in the same run.
Blank share: tiles (4 % of the short side) without a non-white pixel; band: the largest all-blank rectangle.
The layout these replaced left 68 / 58 / 74 / 55 % blank (web / social / slide / print), bands of 17–18 %.

Readability at the size a reader sees each preset (`maps.PRESETS[size].target_px` wide: web 600, social 540,
slide 960; print at its own 2480 px, i.e. on paper), for Norway and Nordland (18), gap classes and median minutes:
- smallest text: the smallest font size of any drawn text, in px at the target width (the CSS sense of "11 px
  text"); beside it the smallest rendered line height (matplotlib's text extent, which adds the descent);
- map share: the drawn area's bounding box (the kommuner shown, clipped to the map axes) plus the Oslo/Akershus
  inset's axes, as a share of the frame; `cap` is the most a box of the area's shape can take of the frame;
- ramp ΔE: the smallest CIEDE2000 distance between adjacent steps of the minutes/share ramp, over normal vision
  and simulated deuteranopia, protanopia and tritanopia (vocabulary.palette).
- frame: web and social frames are as tall as the area needs (web 1200 × 800–1600, social 1080 × 1080–1350), so
  the frame's size is printed with the share.
BEFORE holds the same measures of the fixed frames this replaced (commit fe436ca, measured once with this script's
`measure` on that commit's export/ package), for Norway, Nordland (18), Vestland (46) and Oslo (03). The layout
before that (commit 51e4310) had text of 5.8 / 7.2 / 8.3 px (web / social / slide) and the map at 45 / 56 / 37 %
(Norway) and 26 / 37 / 17 % (Nordland).
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _time(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


AREAS = (("norge", "gap_class"), ("norge", "median_min_nearest"), ("18", "gap_class"), ("18", "median_min_nearest"),
         ("46", "median_min_nearest"), ("03", "gap_class"))
OLD_RAMP = ["#5FA34B", "#008E6B", "#007382", "#005582", "#003568", "#2D143D"]
# (size, area, indicator): (smallest font px at the target width, smallest line px, map share, frame width, height)
# of the fixed frames this change replaced (commit fe436ca: web 1200×800, social 1080×1080)
BEFORE = {
    ("web", "norge", "gap_class"): (11.1, 11.2, 0.388, 1200, 800),
    ("web", "norge", "median_min_nearest"): (11.1, 11.2, 0.423, 1200, 800),
    ("web", "18", "gap_class"): (11.1, 11.2, 0.256, 1200, 800),
    ("web", "18", "median_min_nearest"): (11.1, 11.2, 0.281, 1200, 800),
    ("web", "46", "median_min_nearest"): (11.1, 11.2, 0.317, 1200, 800),
    ("web", "03", "gap_class"): (11.1, 11.2, 0.286, 1200, 800),
    ("social", "norge", "gap_class"): (11.1, 11.2, 0.473, 1080, 1080),
    ("social", "norge", "median_min_nearest"): (11.1, 11.2, 0.626, 1080, 1080),
    ("social", "18", "gap_class"): (11.1, 11.2, 0.430, 1080, 1080),
    ("social", "18", "median_min_nearest"): (11.1, 11.2, 0.453, 1080, 1080),
    ("social", "46", "median_min_nearest"): (11.1, 11.2, 0.205, 1080, 1080),
    ("social", "03", "gap_class"): (11.1, 11.2, 0.424, 1080, 1080),
    ("slide", "norge", "gap_class"): (11.1, 11.2, 0.421, 1920, 1080),
    ("slide", "norge", "median_min_nearest"): (11.1, 11.1, 0.387, 1920, 1080),
    ("slide", "18", "gap_class"): (11.1, 11.2, 0.254, 1920, 1080),
    ("slide", "18", "median_min_nearest"): (11.1, 11.1, 0.254, 1920, 1080),
    ("slide", "46", "median_min_nearest"): (11.1, 11.1, 0.287, 1920, 1080),
    ("slide", "03", "gap_class"): (11.1, 11.2, 0.284, 1920, 1080),
    ("print", "norge", "gap_class"): (31.7, 31.7, 0.850, 2480, 3508),
    ("print", "norge", "median_min_nearest"): (31.7, 31.7, 0.921, 2480, 3508),
    ("print", "18", "gap_class"): (31.7, 31.7, 0.541, 2480, 3508),
    ("print", "18", "median_min_nearest"): (31.7, 31.7, 0.612, 2480, 3508),
    ("print", "46", "median_min_nearest"): (31.7, 31.7, 0.379, 2480, 3508),
    ("print", "03", "gap_class"): (31.7, 31.7, 0.719, 2480, 3508),
}


TARGETS = {"web": 600, "social": 540, "slide": 960, "print": 2480}  # maps.PRESETS[size].target_px


def measure(fig, target_px: float, bounds) -> tuple[float, float, float, float]:
    """(smallest font px, smallest rendered line px, map share, cap) of a drawn map seen `target_px` wide.
    `bounds`: the drawn area's bounds in map metres."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)  # lays out every text
    k = target_px / fig.bbox.width
    drawn = [*fig.texts, *(t for ax in fig.axes for t in (*ax.texts, ax.title) if ax.get_visible())]
    texts = [t for t in drawn if t.get_visible() and t.get_text().strip()]  # axes are off: no tick or axis labels
    font = min(t.get_fontsize() * fig.dpi / 72 for t in texts) * k
    line = min(t.get_window_extent(renderer).height / (t.get_text().count("\n") + 1) for t in texts) * k
    ax = fig.axes[0]
    (x0, y0), (x1, y1) = ax.transData.transform([(bounds[0], bounds[1]), (bounds[2], bounds[3])])
    box = ax.get_window_extent(renderer)
    area = max(0.0, min(x1, box.x1) - max(x0, box.x0)) * max(0.0, min(y1, box.y1) - max(y0, box.y0))
    area += sum(a.get_window_extent(renderer).width * a.get_window_extent(renderer).height for a in fig.axes[1:])
    frame = fig.bbox.width * fig.bbox.height
    aspect, shape = (bounds[2] - bounds[0]) / (bounds[3] - bounds[1]), fig.bbox.width / fig.bbox.height
    return font, line, area / frame, min(aspect / shape, shape / aspect)


def ramp_delta_e(ramp: list[str]) -> tuple[float, str, str, str]:
    from vocabulary import palette

    return palette.min_distance(ramp, "neighbours")


def readability(table, kommuner, fylker, centres) -> dict:
    """Every preset × AREAS: the measures above."""
    from export import maps

    out = {}
    for size in maps.PRESETS:
        for area, indicator in AREAS:
            rows = table if area == "norge" else table[table["fylkesnummer"] == area]
            bounds = kommuner[kommuner["kommunenummer"].isin(rows["kommunenummer"])].total_bounds
            fig = maps.render(table, kommuner, fylker, centres, area=area, indicator=indicator, size=size)
            target = getattr(maps.PRESETS[size], "target_px", TARGETS[size])  # the replaced presets had none
            out[(size, area, indicator)] = (*measure(fig, target, bounds), int(fig.bbox.width),
                                            int(fig.bbox.height))
    return out


def print_readability(table, kommuner, fylker, centres) -> None:
    import vocabulary as vocab

    print("readability at the target width (before → after):")
    print("  preset  area   indicator           font px        line px        map share    cap   frame")
    for (size, area, indicator), (font, line, share, cap, w, h) in readability(table, kommuner, fylker,
                                                                              centres).items():
        b = BEFORE.get((size, area, indicator), (float("nan"),) * 3 + (0, 0))
        print(f"  {size:<7} {area:<6} {indicator:<19} {b[0]:4.1f} → {font:4.1f}    {b[1]:4.1f} → {line:4.1f}    "
              f"{b[2]:4.0%} → {share:4.0%}  {cap:4.0%}  {b[3]}×{b[4]} → {w}×{h}")
    for name, ramp in (("before", OLD_RAMP), ("after", vocab.RAMP)):
        d, a, b_, vision = ramp_delta_e(ramp)
        print(f"ramp {name}: smallest adjacent CIEDE2000 {d:.1f} ({a} / {b_}, {vision})")


def main() -> None:
    import numpy as np
    from PIL import Image

    from coverage import indicators, model, scenario
    from export import factsheet, html, layout, maps, tables, whatif
    from loaders import boundaries

    m = model.prepare()
    table = indicators.per_kommune(m)
    kommuner = boundaries.kommuner(crs=boundaries.UTM33, detail="M")
    fylker = boundaries.fylker(crs=boundaries.UTM33)
    centres = m.centres[m.centres["status"] == "active"]
    areas = indicators.per_area(m, "fylke").set_index("area")
    norge = indicators.per_area(m, "norge").iloc[0]
    row = table.set_index("kommunenummer", drop=False).loc["1804"]

    national = _time(lambda: maps.render(table, kommuner, fylker, centres, out=io.BytesIO()))
    print(f"national map, web PNG:             {national:.2f} s   (baseline 1.00)")
    for size in maps.PRESETS:
        buf = io.BytesIO()
        t0 = time.perf_counter()
        maps.render(table, kommuner, fylker, centres, size=size, out=buf)
        took = time.perf_counter() - t0
        rgb = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
        print(f"  {size:<7} {rgb.shape[1]}x{rgb.shape[0]}: {took:.2f} s ({took / national:.2f} x); "
              f"blank {layout.blank_share(rgb):.0%}, largest band {layout.largest_blank(rgb):.1%}")
    print_readability(table, kommuner, fylker, centres)
    a4 = _time(lambda: maps.render(table, kommuner, fylker, centres, size="print", fmt="pdf", out=io.BytesIO()))
    sheet = _time(lambda: factsheet.kommune_sheet(row, areas.loc["18"], norge, table, kommuner, fylker, centres,
                                                  io.BytesIO()))
    fylke_maps = _time(lambda: [maps.render(table, kommuner, fylker, centres, area=f, out=io.BytesIO())
                                for f in sorted(table["fylkesnummer"].unique())], repeat=1)
    after_model = scenario.add_centre(m, kommunenummer="5544")
    after = indicators.per_kommune(after_model)
    after_centres = after_model.centres[after_model.centres["status"] == "active"]
    what = _time(lambda: whatif.sheet(table, after, centres, after_centres, kommuner, fylker, io.BytesIO(),
                                      title="nytt senter i Nordreisa", lang="nb", threshold=90, weight="all",
                                      year=m.year))
    geo = html.web_geometry()
    page = ""

    def make_page():
        nonlocal page
        page = html.render(table, centres, indicator="gap_class", threshold=90, lang="nb", area="norge", weight="all",
                           kommuner_geo=geo[0], fylker_geo=geo[1])

    page_s = _time(make_page)
    csv = _time(lambda: tables.to_csv(table))
    xlsx = _time(lambda: tables.to_xlsx(table))
    geojson = _time(lambda: tables.to_geojson(table, m.kommuner))
    print(f"national map, PDF A4 300 dpi:      {a4:.2f} s   ({a4 / national:.2f} x)")
    print(f"fact sheet, kommune 1804 (PDF):    {sheet:.2f} s   ({sheet / national:.2f} x)")
    print(f"all 15 fylke maps, PNG:            {fylke_maps:.2f} s   ({fylke_maps / national:.2f} x; "
          f"{fylke_maps / 15:.2f} s each)")
    print(f"what-if sheet, national (PDF):     {what:.2f} s   ({what / national:.2f} x)")
    print(f"HTML map, national:                {page_s:.2f} s   ({page_s / national:.2f} x; "
          f"{len(page.encode('utf-8')) / 1024:.0f} KB self-contained)")
    print(f"tables: CSV {csv:.2f} s, XLSX {xlsx:.2f} s, GeoJSON {geojson:.2f} s")


if __name__ == "__main__":
    main()
