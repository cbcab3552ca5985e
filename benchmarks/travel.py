"""Benchmark the travel-time model: cold prep, warm load, one what-if, peak memory, calibration error, and the
ferry figures (crossing model beside a flat 12.3 km/h for the island kommuner; crossing-level errors).

Run: python benchmarks/travel.py   (DEKNING_DATA_DIR must point at the source files.)
Each stage runs in a fresh process so peak memory (ru_maxrss) is that stage's own. Ratios compare
against the cold run measured in the same invocation.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STAGE = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
t0 = time.perf_counter()
from coverage import indicators, model, scenario, calibration, validation
m = model.prepare()
table = indicators.per_kommune(m)
norge = indicators.per_area(m, "norge")
t1 = time.perf_counter()
out = {{"prep_s": t1 - t0}}
if {whatif}:
    t2 = time.perf_counter()
    after = indicators.per_kommune(scenario.add_centre(m, kommunenummer="1820"))
    out["whatif_add_s"] = time.perf_counter() - t2
    t3 = time.perf_counter()
    indicators.per_kommune(scenario.close_centre(m, "salten"))
    out["whatif_close_s"] = time.perf_counter() - t3
    ev = calibration.evaluate(m.params, validation.compared_routes(m)[0], m.net)
    out["calibration"] = calibration.summary(ev)
    out["network"] = m.net.summary()
    out["national_median_min"] = float(norge["median_min_nearest"].iloc[0])
    out["national_p90_min"] = float(norge["p90_min_nearest"].iloc[0])
    out["unreachable_people"] = int(norge["unreachable"].iloc[0])
    top = table.sort_values("median_min_nearest", ascending=False).head(5)
    out["longest_median"] = [f"{{r.kommunenavn}} ({{r.kommunenummer}}) {{r.median_min_nearest:.0f}} min"
                             for r in top.itertuples()]
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out["child_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps(out))
"""

FERRY_STAGE = r"""
import json, sys, time
sys.path.insert(0, {root!r})
from coverage import calibration, ferries, model
from coverage.params import Params
t0 = time.perf_counter()
table = ferries.longest_trips(n=357)
t1 = time.perf_counter()
ferries.longest_trips(n=357)
t2 = time.perf_counter()
m = model.prepare()
flat = Params(ferry_model="ssb_flat")
out = {{"longest_first_s": t1 - t0, "longest_cached_s": t2 - t1,
        "calibration_flat": calibration.summary(calibration.evaluate(flat, calibration.routes(m))),
        "crossings": ferries.crossing_summary(ferries.evaluate_crossings(m.params, m.net)),
        "rows": table[["kommunenummer", "kommunenavn", "median_min", "median_min_flat", "p90_min", "p90_min_flat",
                       "change_pct", "ferries"]].to_dict("records")}}
print(json.dumps(out))
"""
ISLANDS = ("1856", "1857", "1835")  # Røst, Værøy, Træna


def _stage(cache: str, whatif: bool, code: str | None = None) -> dict:
    env = os.environ | {"DEKNING_CACHE_DIR": cache}
    code = STAGE.format(root=str(ROOT), whatif=whatif) if code is None else code.format(root=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as cache:
        cold = _stage(cache, whatif=False)
        warm = _stage(cache, whatif=True)
        fer = _stage(cache, whatif=False, code=FERRY_STAGE)
    print(f"cold prep (mirror files -> all indicators): {cold['prep_s']:.1f} s   (target <= 20 s)")
    print(f"warm load + indicators:                     {warm['prep_s']:.2f} s   ({warm['prep_s'] / cold['prep_s']:.3f} x cold)")
    print(f"what-if, open a centre in 1820 (+ indicators): {warm['whatif_add_s']:.2f} s   (target <= 1 s; "
          f"{warm['whatif_add_s'] / cold['prep_s']:.3f} x cold)")
    print(f"what-if, close 'salten' (+ indicators):     {warm['whatif_close_s']:.2f} s")
    print(f"peak memory of the process: cold {cold['peak_mb']:.0f} MB, warm + what-if {warm['peak_mb']:.0f} MB"
          f"   (target <= 600 MB); the one-off population parse runs in a child process that peaked at "
          f"{cold['child_peak_mb']:.0f} MB and then exited")
    print(f"national median / P90 minutes to nearest centre: {warm['national_median_min']:.1f} / {warm['national_p90_min']:.1f}")
    print(f"people unreachable by road: {warm['unreachable_people']}")
    n = warm["network"]
    print(f"network: {n['nodes']} nodes, {n['edges']} links ({n['ferry_edges']} ferries), {n['components']} connected "
          f"pieces, largest {n['largest_component_nodes']} nodes, {n['km']:.0f} km")
    print("longest median: " + "; ".join(warm["longest_median"]))
    c = warm["calibration"]
    print(f"calibration: time median {c['median_abs_time_pct']:.1f} % (worst {c['worst_abs_time_pct']:.1f} %) over "
          f"{c['routes_time']} routes; distance median {c['median_abs_km_pct']:.1f} % (worst {c['worst_abs_km_pct']:.1f} %) "
          f"over {c['routes_km']} routes; ferry routes using a ferry {c['ferry_routes_using_ferry']}/{c['ferry_routes']}")
    _ferry_figures(c, fer)


def _ferry_figures(c: dict, fer: dict) -> None:
    f = fer["calibration_flat"]
    for name, s in (("crossing model", c), ("flat 12.3 km/h", f)):
        print(f"calibration split, {name}: road-only {s['median_abs_time_pct_road']:.1f} % median "
              f"(worst {s['worst_abs_time_pct_road']:.1f} %) over {s['routes_time_road']} routes; with a ferry "
              f"{s['median_abs_time_pct_ferry']:.1f} % (worst {s['worst_abs_time_pct_ferry']:.1f} %) over "
              f"{s['routes_time_ferry']} routes; overall {s['median_abs_time_pct']:.1f} % "
              f"(worst {s['worst_abs_time_pct']:.1f} %)")
    x = fer["crossings"]
    print(f"ferry crossings vs published durations ({x['crossings']} crossings, {x['rows']} sources): crossing model "
          f"median {x['median_abs_pct']:.1f} % (worst {x['worst_abs_pct']:.1f} %; short {x['short_median_abs_pct']:.1f} %, "
          f"long {x['long_median_abs_pct']:.1f} %), flat median {x['flat_median_abs_pct']:.1f} % "
          f"(worst {x['flat_worst_abs_pct']:.1f} %)")
    rows = {r["kommunenummer"]: r for r in fer["rows"]}
    for knr in ISLANDS:
        r = rows[knr]
        print(f"  {r['kommunenavn']} ({knr}): median {r['median_min_flat']:.0f} -> {r['median_min']:.0f} min "
              f"({r['change_pct']:+.0f} %), P90 {r['p90_min_flat']:.0f} -> {r['p90_min']:.0f} min (flat -> crossings)")
    big = [r for r in fer["rows"] if abs(r["change_pct"]) > 30 and r["kommunenummer"] not in ISLANDS]
    print("  other kommuner changing by more than 30 %: " + ("; ".join(
        f"{r['kommunenavn']} {r['median_min_flat']:.0f} -> {r['median_min']:.0f} min" for r in big) or "none"))
    print(f"longest-trips table, both models (357 kommuner): first call {fer['longest_first_s']:.1f} s "
          f"(builds the flat model), from the disk cache {fer['longest_cached_s']:.2f} s")


if __name__ == "__main__":
    main()
