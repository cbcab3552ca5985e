"""`python -m export map|factsheet|table` — publication files from the command line (see --help)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from loaders.problems import run_cli


def _indicator(name: str) -> tuple[str, int | None]:
    """A column name of `python -m coverage kommuner` → (map indicator, threshold for shares)."""
    import vocabulary as vocab

    m = re.fullmatch(r"share_over_(\d+)_nearest", name)
    if m:
        return "share_over", int(m.group(1))
    if name in vocab.INDICATORS and name != "share_over":
        return name, None
    allowed = [i for i in vocab.INDICATORS if i != "share_over"] + ["share_over_60_nearest", "share_over_90_nearest",
                                                                     "share_over_120_nearest"]
    raise ValueError(f"indicator {name!r} not allowed; allowed: {', '.join(allowed)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m export", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=["nb", "en"], default="nb")
    common.add_argument("--threshold", type=int, default=90)
    common.add_argument("--weight", choices=["all", "women18"], default="all")
    m = sub.add_parser("map", parents=[common], help="static map (PNG/SVG/PDF)")
    m.add_argument("--area", default="norge", help="norge, a fylkesnummer (55) or kommunenummer (5501,5503)")
    m.add_argument("--indicator", default="gap_class", help="a column of `python -m coverage kommuner`")
    m.add_argument("--format", choices=["png", "svg", "pdf"], default="png")
    m.add_argument("--size", choices=["web", "social", "slide", "print"], default="web")
    m.add_argument("--out", help="file to write")
    m.add_argument("--all-fylker", metavar="DIR", help="write one map per fylke into DIR")
    f = sub.add_parser("factsheet", parents=[common], help="one-page PDF per kommune or fylke")
    g = f.add_mutually_exclusive_group(required=True)
    g.add_argument("--kommune", metavar="KNR")
    g.add_argument("--fylke", metavar="FNR")
    g.add_argument("--all-fylker", metavar="DIR", help="write one fact sheet per fylke into DIR")
    f.add_argument("--out", help="PDF file to write")
    t = sub.add_parser("table", parents=[common], help="per-kommune indicators as CSV, GeoJSON or XLSX")
    t.add_argument("--format", choices=["csv", "geojson", "xlsx"], default="csv")
    t.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if getattr(args, "all_fylker", None) is None and not getattr(args, "out", None):
        parser.error("--out is required (or --all-fylker DIR)")
    return run_cli(_run, args)


def _run(args) -> int:
    from coverage import indicators, model
    from export import factsheet, maps, tables
    from loaders import boundaries

    m = model.prepare()
    threshold = args.threshold
    indicator = "gap_class"
    if args.command == "map":
        indicator, share_t = _indicator(args.indicator)
        threshold = share_t or threshold
    trips = indicators.cell_trips(m)
    table = indicators.per_kommune(m, args.weight, threshold, trips=trips)
    centres = m.centres[m.centres["status"] == "active"]
    written: list[Path] = []
    if args.command == "table":
        kommuner = boundaries.kommuner() if args.format == "geojson" else None
        Path(args.out).write_bytes(tables.export(table, args.format, kommuner))
        written.append(Path(args.out))
    elif args.command == "map":
        kommuner = boundaries.kommuner(crs=boundaries.UTM33, detail="M")
        fylker = boundaries.fylker(crs=boundaries.UTM33)
        areas = sorted(table["fylkesnummer"].unique()) if args.all_fylker else [args.area]
        for area in areas:
            out = Path(args.all_fylker) / f"kart-{area}-{args.indicator}-{args.size}.{args.format}" \
                if args.all_fylker else Path(args.out)
            out.parent.mkdir(parents=True, exist_ok=True)
            maps.render(table, kommuner, fylker, centres, indicator, threshold, args.lang, area, args.size,
                        args.format, out, args.weight)
            written.append(out)
    else:
        kommuner = boundaries.kommuner(crs=boundaries.UTM33, detail="M")
        fylker = boundaries.fylker(crs=boundaries.UTM33)
        areas = indicators.per_area(m, "fylke", args.weight, trips, threshold=threshold).set_index("area")
        norge = indicators.per_area(m, "norge", args.weight, trips, threshold=threshold).iloc[0]
        if args.kommune:
            rows = table.set_index("kommunenummer", drop=False)
            if args.kommune not in rows.index:
                raise ValueError(f"kommunenummer {args.kommune!r} not found; allowed: a 2024 kommunenummer such as 0301")
            row = rows.loc[args.kommune]
            written.append(factsheet.kommune_sheet(row, areas.loc[row["fylkesnummer"]], norge, table, kommuner, fylker,
                                                   centres, args.out, args.lang, threshold, m.year))
        else:
            wanted = sorted(table["fylkesnummer"].unique()) if args.all_fylker else [args.fylke]
            for fnr in wanted:
                if fnr not in areas.index:
                    raise ValueError(f"fylke {fnr!r} not found; allowed: {', '.join(areas.index)}")
                out = Path(args.all_fylker) / f"faktaark-{fnr}.pdf" if args.all_fylker else Path(args.out)
                out.parent.mkdir(parents=True, exist_ok=True)
                written.append(factsheet.fylke_sheet(fnr, areas.loc[fnr], norge, table, kommuner, fylker, centres, out,
                                                     args.lang, threshold, m.year))
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
