"""Command line: `python -m coverage kommuner|route|scenario|calibrate|ferries|prepare` (run with --help for options).

The one module of coverage/ that sits at the end of the data flow, like `python -m export`: `kommuner` and
`scenario` print the published table (register.publish.published_table over the analysis), and `prepare` warms the
app's caches (dashboard/mapdata.py, dashboard/state.py, no Streamlit). Nothing in coverage/ imports it
(tests/test_layers.py)."""

from __future__ import annotations

import argparse
import json
import sys

from loaders.problems import run_cli


def _point(text: str) -> tuple[float, float]:
    try:
        lat, lon = (float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not LAT,LON (e.g. 59.91,10.75)") from None
    return lat, lon


def _write(table, out: str | None) -> None:
    frame = table.drop(columns=[c for c in ("geometry",) if c in table.columns])
    if out:
        frame.to_csv(out, index=False, encoding="utf-8")
        print(f"wrote {len(frame)} kommuner to {out}", file=sys.stderr)
    else:
        frame.to_csv(sys.stdout, index=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coverage", description="Estimated drive times to crisis centres.")
    sub = parser.add_subparsers(dest="command", required=True)
    k = sub.add_parser("kommuner", help="one row per kommune with all indicators")
    s = sub.add_parser("scenario", help="indicators after opening or closing a centre")
    for p in (k, s):
        p.add_argument("--out", help="CSV file (default: standard output)")
        p.add_argument("--weight", choices=["all", "women18"], default="all")
        p.add_argument("--threshold", type=float, default=90)
        p.add_argument("--basis", choices=["nearest", "affiliated"], default="nearest")
    group = s.add_mutually_exclusive_group(required=True)
    group.add_argument("--add", metavar="KNR", help="open a centre at this kommune's population-weighted centre")
    group.add_argument("--add-at", metavar="LAT,LON", type=_point, help="open a centre at a point (town level)")
    group.add_argument("--close", metavar="CENTRE_ID", help="close an existing centre")
    r = sub.add_parser("route", help="minutes, km and ferries between two points, as JSON")
    r.add_argument("--from", dest="origin", type=_point, required=True)
    r.add_argument("--to", dest="dest", type=_point, required=True)
    c = sub.add_parser("calibrate", help="model versus the public reference drive times and ferry crossings")
    c.add_argument("--candidates", action="store_true", help="also cross-validate every candidate fit procedure")
    c.add_argument("--fit", action="store_true", help="also print the parameters fitted on all routes (for params.py)")
    f = sub.add_parser("ferries", help="longest trips under the crossing model and a flat 12.3 km/h")
    f.add_argument("--n", type=int, default=20)
    f.add_argument("--weight", choices=["all", "women18"], default="all")
    f.add_argument("--rank-by", choices=["crossing", "ssb_flat"], default="crossing")
    f.add_argument("--out", help="CSV file (default: a table on standard output)")
    sub.add_parser("prepare", help="warm every cache the app reads (run before starting it; idempotent)")
    args = parser.parse_args(argv)
    return run_cli(_run, args)


def _run(args) -> int:
    if args.command == "prepare":
        return _prepare()
    if args.command in ("kommuner", "scenario"):
        return _kommuner(args)
    from coverage import calibration, ferries, model, network, travel, validation

    if args.command == "route":
        net = network.build()
        a = tuple(float(v) for v in travel.to_utm(*args.origin))
        b = tuple(float(v) for v in travel.to_utm(*args.dest))
        p = network.Params()
        print(json.dumps(travel.route(net, a, b, p.access_kmh, p.access_detour) | {"model": "estimated drive time"}))
        return 0
    if args.command == "calibrate":
        m = model.prepare()
        _calibrate(m)
        if args.candidates:
            print("\nout-of-fold figures of every candidate fit procedure (the adopted one: "
                  f"{calibration.CURRENT_PROCEDURE!r})")
            print(validation.candidates(m).round(1).to_string())
        if args.fit:
            fitted = calibration.fit(validation.compared_routes(m)[0])
            print(json.dumps({"speeds": dict(fitted.speeds), "length_factor": fitted.length_factor,
                              "urban_min_per_km": fitted.urban_min_per_km, "bend_min_per_km": fitted.bend_min_per_km,
                              "region_speed": dict(fitted.region_speed)}))
        cross = ferries.evaluate_crossings(m.params, m.net)
        print(cross[["crossing_id", "minutes", "km", "kind", "model_sail_min", "model_with_wait_min", "flat_min",
                     "error_pct", "flat_error_pct", "source_date"]].round(1).to_string(index=False))
        print(json.dumps(ferries.crossing_summary(cross), indent=1))
        return 0
    if args.command == "ferries":
        table = ferries.longest_trips(n=args.n, weight=args.weight, rank_by=args.rank_by)
        if args.out:
            table.to_csv(args.out, index=False, encoding="utf-8")
            print(f"wrote {len(table)} kommuner to {args.out}", file=sys.stderr)
        else:
            print(table.drop(columns=["source_urls"]).round(1).to_string(index=False))
        return 0
    return 2


def _kommuner(args) -> int:
    """The published kommune table, before or after a what-if: the app's own tables and what-if engine
    (coverage.tables.Tables: the baseline table from the disk cache, the model only when a what-if needs it)."""
    from coverage import tables
    from register import publish

    t = tables.Tables()
    threshold = int(args.threshold) if float(args.threshold).is_integer() else float(args.threshold)
    if args.command == "kommuner":
        analysis = t.kommuner(args.weight, threshold, args.basis)
    elif args.close:
        analysis, _ = t.scenario("close", args.close, args.weight, threshold, args.basis)
    elif args.add:
        analysis, _ = t.scenario("add", args.add, args.weight, threshold, args.basis)
    else:
        analysis, _ = t.scenario("at", f"{args.add_at[0]},{args.add_at[1]}", args.weight, threshold, args.basis)
    _write(publish.published_table(analysis, publish.approved()), args.out)
    return 0


SHORT = {"routes_time": "n", "median_signed_time_pct": "signed %", "median_abs_time_pct": "|err| %",
         "worst_abs_time_pct": "worst %", "routes_km": "n km", "median_abs_km_pct": "km %"}


def _calibrate(m) -> None:
    """In-sample and out-of-fold errors of the previous and the current model, side by side; per route and by
    region, main road class and ferries (out-of-fold)."""
    import pandas as pd

    from coverage import calibration, params, validation

    rep = validation.report(m)
    figures, evals, ref = rep["figures"], rep["evals"], rep["evals"]["current in-sample"]
    timed, km = int(ref["minutes"].notna().sum()), int(ref["km"].notna().sum())
    print(f"{len(ref)} reference routes ({timed} timed, {km} with a distance); out-of-fold = "
          f"{rep['folds']} deterministic folds, each fitted without its own routes")
    print(figures.round(1).to_string())
    cols = ["route_id", "region", "main_class", "ferries", "minutes", "km"]
    per_route = evals["current out-of-fold"][cols].copy()
    for label in ("current in-sample", "current out-of-fold", "previous in-sample"):
        per_route[f"min {label}"] = evals[label]["model_minutes"]
        per_route[f"time % {label}"] = evals[label]["time_error_pct"]
    per_route["km % current in-sample"] = evals["current in-sample"]["km_error_pct"]
    print(per_route.round(1).to_string(index=False))
    left_out = calibration.read(excluded=True)
    print(f"\n{len(left_out)} routes kept in the file but left out of the fit and the errors, each with its reason:")
    for r in left_out.itertuples():
        print(f"  {r.route_id} ({r.minutes:g} min, {r.km:g} km): {r.excluded}")
    other = rep["other_route"]
    print(f"\n{len(other)} routes left out by the distance rule (published km more than "
          f"{params.ROUTE_KM_TOLERANCE:.0%} from the model's path: another route or other ends):")
    for r in other.itertuples():
        print(f"  {r.route_id} ({r.minutes:g} min, published {r.km:g} km, model {r.model_km:.0f} km, "
              f"{r.km_error_pct:+.1f} %)")
    for by in ("region", "main_class", "with_ferry", "figure"):
        table = pd.concat({name: validation.error_table(evals[f"{name} out-of-fold"], by).set_index(by)
                           for name in validation.MODELS}, axis=1)
        print(f"\nout-of-fold errors by {by} (previous | current)")
        print(table.rename(columns=SHORT).round(1).to_string())


def _files() -> set[str]:
    from dashboard import mapdata
    from loaders.registry import cache_dir

    return {p.name for folder in (cache_dir(), mapdata.PUBLISHED) if folder.is_dir() for p in folder.iterdir()}


def _prepare() -> int:
    """Warm every cache the app reads, step by step with timings: parsed sources, both ferry models, the kommune
    and area tables for every weight × threshold the sidebar offers, the method page's longest trips, centres,
    web geometry, bounds, and the map's published files. A step whose results are all on disk writes nothing.

    The app's own steps come from dashboard/mapdata.py and dashboard/state.py, which import no Streamlit."""
    import time
    from dataclasses import replace

    import vocabulary as vocab
    from coverage import ferries, model, tables, validation
    from dashboard import mapdata, state
    from loaders import boundaries, diskcache, grid, population, roads
    from register import publish

    t = tables.Tables()
    flat = replace(t.params, ferry_model="ssb_flat")

    def published():
        for weight in state.WEIGHTS:
            table = publish.published_table(t.kommuner(weight, mapdata.FACTS_THRESHOLD), publish.approved())
            for lang in vocab.LANGS:
                mapdata.map_files(t.key, lang, weight, table)

    steps = [
        ("sources: kommuner and fylker", lambda: (boundaries.kommuner(), boundaries.fylker())),
        ("sources: population by kommune", lambda: population.by_kommune(t.year)),
        ("sources: population grid (1 km)", grid.cells_1km),
        ("sources: roads (N1000)", roads.links),
        ("model: ferries as crossings", t.model),
        ("model: flat 12.3 km/h ferries", lambda: model.prepare(flat, t.year)),
        (f"tables: kommuner, fylker, Norway for {len(state.WEIGHTS)} weights × {len(state.THRESHOLDS)} thresholds",
         lambda: t.every(state.WEIGHTS, state.THRESHOLDS)),
        ("active centres", t.centres),
        ("method page: calibration, in-sample and out-of-fold", lambda: validation.report(t.model())),
        ("method page: 20 longest trips under both ferry models", lambda: [ferries.longest_trips(20, w) for w in state.WEIGHTS]),
        ("web map geometry", lambda: mapdata.web_geometry(t.key)),
        ("bounds of every kommune and fylke", lambda: mapdata.bounds(t.key, lambda: t.model().kommuner)),
        ("report-card outlines and neighbours", lambda: mapdata.kommune_details(t.key)),
        (f"map files under {mapdata.PUBLISHED.relative_to(mapdata.PUBLISHED.parent.parent.parent)}/",
         published),
    ]
    start = time.perf_counter()
    for name, run in steps:
        before, t0 = _files(), time.perf_counter()
        run()
        wrote = len(_files() - before)
        print(f"{time.perf_counter() - t0:7.1f} s  {name}: " + (f"computed, {wrote} file(s) written" if wrote else "on disk"),
              flush=True)
    for notice in diskcache.notices():
        print(f"warning: {notice}", file=sys.stderr)
    print(f"{time.perf_counter() - start:7.1f} s  all caches warm (model key {t.key})")
    return 1 if diskcache.notices() else 0


if __name__ == "__main__":
    sys.exit(main())
