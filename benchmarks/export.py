"""Benchmark the exports: one national PNG (web), one fact sheet, all 15 fylke maps, the three data files.

Run: python benchmarks/export.py   (DEKNING_DATA_DIR must point at the source files.)
Times are wall-clock on this machine with warm caches; ratios are against the national PNG in the same run.
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
    from coverage import indicators, model
    from export import factsheet, maps, tables
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
    a4 = _time(lambda: maps.render(table, kommuner, fylker, centres, size="print", fmt="pdf", out=io.BytesIO()))
    sheet = _time(lambda: factsheet.kommune_sheet(row, areas.loc["18"], norge, table, kommuner, fylker, centres,
                                                  io.BytesIO()))
    fylke_maps = _time(lambda: [maps.render(table, kommuner, fylker, centres, area=f, out=io.BytesIO())
                                for f in sorted(table["fylkesnummer"].unique())], repeat=1)
    csv = _time(lambda: tables.to_csv(table))
    xlsx = _time(lambda: tables.to_xlsx(table))
    geojson = _time(lambda: tables.to_geojson(table, m.kommuner))
    print(f"national map, PNG 1200x800:        {national:.2f} s   (baseline 1.00)")
    print(f"national map, PDF A4 300 dpi:      {a4:.2f} s   ({a4 / national:.2f} x)")
    print(f"fact sheet, kommune 1804 (PDF):    {sheet:.2f} s   ({sheet / national:.2f} x)")
    print(f"all 15 fylke maps, PNG:            {fylke_maps:.2f} s   ({fylke_maps / national:.2f} x; "
          f"{fylke_maps / 15:.2f} s each)")
    print(f"tables: CSV {csv:.2f} s, XLSX {xlsx:.2f} s, GeoJSON {geojson:.2f} s")


if __name__ == "__main__":
    main()
