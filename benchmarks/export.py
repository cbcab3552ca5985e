"""Benchmark the exports: the national map at every preset (time and blank share), one fact sheet, all 15
fylke maps, the what-if sheet, the HTML map, the three data files.

Run: python benchmarks/export.py   (DEKNING_DATA_DIR must point at the source files.)
Times are wall-clock on this machine with warm caches; ratios are against the national web PNG in the same run.
Blank share: tiles (4 % of the short side) without a non-white pixel; band: the largest all-blank rectangle.
The layout these replaced left 68 / 58 / 74 / 55 % blank (web / social / slide / print), bands of 17–18 %.
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
    print(f"national map, PNG 1200x800:        {national:.2f} s   (baseline 1.00)")
    for size in maps.PRESETS:
        buf = io.BytesIO()
        t0 = time.perf_counter()
        maps.render(table, kommuner, fylker, centres, size=size, out=buf)
        took = time.perf_counter() - t0
        rgb = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
        print(f"  {size:<7} {rgb.shape[1]}x{rgb.shape[0]}: {took:.2f} s ({took / national:.2f} x); "
              f"blank {layout.blank_share(rgb):.0%}, largest band {layout.largest_blank(rgb):.1%}")
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
