"""`python -m export map|factsheet|brief|slides|table|whatif` — publication files from the command line (see --help).

map: PNG/SVG/PDF (--size web or social: a fixed width, the height follows the area's shape within the size's
limits; slide 1920×1080; print A4), or --format html for a self-contained interactive map to embed;
factsheet: a one-page A4 PDF per kommune or fylke (the place's målform unless --lang is given);
brief: an editable Word document (DOCX) per kommune or fylke, for a høringsuttalelse (--lang nb, nn or en);
slides: 5–7 slides for a kommune or a fylke, PPTX (or PDF when --out ends in .pdf), with a what-if when one is given;
whatif: a one-page before/after PDF for opening (--add KNR, --add-at LAT,LON) or closing (--close ID) a centre.
Every file shows the published table (register.publish.published_table: the register's approved entries merged)."""

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
    common.add_argument("--lang", choices=["nb", "nn", "en"], default="nb")
    common.add_argument("--threshold", type=int, default=90)
    common.add_argument("--weight", choices=["all", "women18"], default="all")
    m = sub.add_parser("map", parents=[common], help="static map (PNG/SVG/PDF)")
    m.add_argument("--area", default="norge", help="norge, a fylkesnummer (55) or kommunenummer (5501,5503)")
    m.add_argument("--indicator", default="gap_class", help="a column of `python -m coverage kommuner`")
    m.add_argument("--format", choices=["png", "svg", "pdf", "html"], default="png")
    m.add_argument("--size", choices=["web", "social", "slide", "print"], default="web")
    m.add_argument("--out", help="file to write")
    m.add_argument("--all-fylker", metavar="DIR", help="write one map per fylke into DIR")
    f = sub.add_parser("factsheet", parents=[common], help="one-page PDF per kommune or fylke")
    g = f.add_mutually_exclusive_group(required=True)
    g.add_argument("--kommune", metavar="KNR")
    g.add_argument("--fylke", metavar="FNR")
    g.add_argument("--all-fylker", metavar="DIR", help="write one fact sheet per fylke into DIR")
    f.add_argument("--out", help="PDF file to write")
    b = sub.add_parser("brief", parents=[common],
                       help="an editable Word brief (DOCX) per kommune or fylke, for a høringsuttalelse "
                            "(without --lang: in the kommune's målform)")
    g = b.add_mutually_exclusive_group(required=True)
    g.add_argument("--kommune", metavar="KNR")
    g.add_argument("--fylke", metavar="FNR or NAME", help="a fylkesnummer (18) or the fylke's name (Nordland)")
    b.add_argument("--out", required=True, help="DOCX file to write")
    w = sub.add_parser("whatif", parents=[common], help="one-page before/after PDF of opening or closing a centre")
    action = w.add_mutually_exclusive_group(required=True)
    action.add_argument("--add", metavar="KNR", help="open a centre at the kommune's population-weighted centre")
    action.add_argument("--add-at", metavar="LAT,LON", help="open a centre at a point (rounded to town level)")
    action.add_argument("--close", metavar="CENTRE_ID", help="close an active centre")
    w.add_argument("--fylke", metavar="FNR", help="show one fylke (default: all of Norway)")
    w.add_argument("--out", required=True, help="PDF file to write")
    s = sub.add_parser("slides", parents=[common], help="5-7 slides (PPTX, or PDF for --out *.pdf) per kommune or "
                                                        "fylke (without --lang: in the kommune's målform)")
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--kommune", metavar="KNR")
    g.add_argument("--fylke", metavar="FNR or NAME", help="a fylkesnummer (18) or the fylke's name (Nordland)")
    action = s.add_mutually_exclusive_group()
    action.add_argument("--add", metavar="KNR", help="a what-if slide: open a centre in the kommune")
    action.add_argument("--add-at", metavar="LAT,LON", help="a what-if slide: open a centre at a point")
    action.add_argument("--close", metavar="CENTRE_ID", help="a what-if slide: close an active centre")
    s.add_argument("--out", required=True, help="PPTX file to write (PDF when it ends in .pdf)")
    t = sub.add_parser("table", parents=[common], help="per-kommune indicators as CSV, GeoJSON or XLSX")
    t.add_argument("--format", choices=["csv", "geojson", "xlsx"], default="csv")
    t.add_argument("--publishing", action="store_true",
                   help="the table as the app shows it, in --lang, for publishing (CSV or XLSX; export/publishing.py)")
    t.add_argument("--fylke", metavar="FNR", help="with --publishing: one fylke's rows (default: all of Norway)")
    t.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if args.command in ("factsheet", "brief", "slides") and _given_lang(argv) is None:
        args.lang = None  # no --lang: the place's own målform (loaders.malform), Nynorsk or Bokmål
    if getattr(args, "all_fylker", None) is None and not getattr(args, "out", None):
        parser.error("--out is required (or --all-fylker DIR)")
    return run_cli(_run, args)


def _table_file(args, table, threshold: int) -> bytes:
    from export import publishing, tables
    from loaders import boundaries

    if not args.publishing:
        return tables.export(table, args.format, boundaries.kommuner() if args.format == "geojson" else None)
    if args.format == "geojson":
        raise ValueError("--publishing writes csv or xlsx; allowed: --format csv, --format xlsx")
    rows = table[table["fylkesnummer"] == args.fylke] if args.fylke else table
    if rows.empty:
        raise ValueError(f"fylke {args.fylke!r} not found; allowed: {', '.join(sorted(table['fylkesnummer'].unique()))}")
    write = publishing.to_csv if args.format == "csv" else publishing.to_xlsx
    return write(rows, args.lang, threshold, args.weight, whole_country=not args.fylke)


def _given_lang(argv: list[str] | None) -> str | None:
    """--lang as written on the command line, or None when it was left out (the shared option's default is 'nb')."""
    given = argparse.ArgumentParser(add_help=False)
    given.add_argument("--lang")
    return given.parse_known_args(sys.argv[1:] if argv is None else argv)[0].lang


def _place_lang(kommune: str | None = None, fylke: str | None = None) -> str:
    """A fact sheet's or brief's language without --lang: 'nn' for a kommune (or fylkeskommune) whose målform is nynorsk, else
    'nb' (loaders.malform, the one rule; geodata/malform.csv). Bokmål while the vocabulary has no Nynorsk yet."""
    import vocabulary as vocab
    from loaders import malform

    lang = malform.document_lang(kommune) if kommune else malform.fylke_document_lang(fylke or "")
    return lang if lang in vocab.LANGS else "nb"


def _run(args) -> int:
    from coverage import indicators, model
    from export import factsheet, maps
    from loaders import boundaries
    from register import publish

    m = model.prepare()
    threshold = args.threshold
    indicator = "gap_class"
    if args.command == "map":
        indicator, share_t = _indicator(args.indicator)
        threshold = share_t or threshold
    trips = indicators.cell_trips(m)
    entries = publish.approved()
    table = publish.published_table(indicators.per_kommune(m, args.weight, threshold, trips=trips), entries)
    centres = m.centres[m.centres["status"] == "active"]
    written: list[Path] = []
    if args.command == "table":
        Path(args.out).write_bytes(_table_file(args, table, threshold))
        written.append(Path(args.out))
    elif args.command == "whatif":
        written.append(_whatif(args, m, table, centres, entries))
    elif args.command == "brief":
        written.append(_brief(args, m, table, centres, trips, threshold))
    elif args.command == "slides":
        written.append(_slides(args, m, table, centres, entries, trips))
    elif args.command == "map":
        areas = sorted(table["fylkesnummer"].unique()) if args.all_fylker else [args.area]
        if args.format == "html":
            from export import html

            kommuner_geo, fylker_geo = html.web_geometry()
        else:
            kommuner = boundaries.kommuner(crs=boundaries.UTM33, detail="M")
            fylker = boundaries.fylker(crs=boundaries.UTM33)
        for area in areas:
            size = "" if args.format == "html" else f"-{args.size}"
            out = Path(args.all_fylker) / f"kart-{area}-{args.indicator}{size}.{args.format}" \
                if args.all_fylker else Path(args.out)
            out.parent.mkdir(parents=True, exist_ok=True)
            if args.format == "html":
                page = html.render(table, centres, indicator=indicator, threshold=threshold, lang=args.lang, area=area,
                                   weight=args.weight, kommuner_geo=kommuner_geo, fylker_geo=fylker_geo)
                out.write_text(page, encoding="utf-8")
            else:
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
            lang = args.lang or _place_lang(kommune=args.kommune)
            written.append(factsheet.kommune_sheet(row, areas.loc[row["fylkesnummer"]], norge, table, kommuner, fylker,
                                                   centres, args.out, lang, threshold, m.year, weight=args.weight))
        else:
            wanted = sorted(table["fylkesnummer"].unique()) if args.all_fylker else [args.fylke]
            for fnr in wanted:
                if fnr not in areas.index:
                    raise ValueError(f"fylke {fnr!r} not found; allowed: {', '.join(areas.index)}")
                out = Path(args.all_fylker) / f"faktaark-{fnr}.pdf" if args.all_fylker else Path(args.out)
                out.parent.mkdir(parents=True, exist_ok=True)
                written.append(factsheet.fylke_sheet(fnr, areas.loc[fnr], norge, table, kommuner, fylker, centres, out,
                                                     args.lang or _place_lang(fylke=fnr), threshold, m.year,
                                                     weight=args.weight))
    for path in written:
        print(path)
    return 0


def _fylke_number(table, wanted: str) -> str:
    """A fylke by its number (18) or its name (Nordland, nordland)."""
    names = dict(zip(table["fylkesnavn"].str.casefold(), table["fylkesnummer"], strict=False))
    number = wanted if wanted in set(table["fylkesnummer"]) else names.get(wanted.strip().casefold())
    if number is None:
        allowed = sorted(set(table["fylkesnummer"] + " " + table["fylkesnavn"]))
        raise ValueError(f"fylke {wanted!r} not found; allowed: {', '.join(allowed)}")
    return number


def _brief(args, m, table, centres, trips, threshold: int) -> Path:
    """The editable brief for --kommune or --fylke."""
    from coverage import indicators
    from export import brief
    from loaders import boundaries

    lang = args.lang or _place_lang(args.kommune, None if args.kommune else _fylke_number(table, args.fylke))
    kommuner = boundaries.kommuner(crs=boundaries.UTM33, detail="M")
    fylker = boundaries.fylker(crs=boundaries.UTM33)
    areas = indicators.per_area(m, "fylke", args.weight, trips, threshold=threshold).set_index("area")
    norge = indicators.per_area(m, "norge", args.weight, trips, threshold=threshold).iloc[0]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if args.kommune:
        rows = table.set_index("kommunenummer", drop=False)
        if args.kommune not in rows.index:
            raise ValueError(f"kommunenummer {args.kommune!r} not found; allowed: a 2024 kommunenummer such as 1824")
        row = rows.loc[args.kommune]
        return brief.kommune_brief(row, areas.loc[row["fylkesnummer"]], norge, table, kommuner, fylker, centres, out,
                                   lang, threshold, m.year, weight=args.weight)
    fnr = _fylke_number(table, args.fylke)
    return brief.fylke_brief(fnr, areas.loc[fnr], norge, table, kommuner, fylker, centres, out, lang, threshold,
                             m.year, weight=args.weight)


def _scenario(args, m, before, centres, entries):
    """The scenario the options name applied to the model: (its title, the published table after, the active
    centres after), the table published with the register's `entries` as the table before."""
    import vocabulary as vocab
    from coverage import indicators, scenario
    from register import publish

    names = before.set_index("kommunenummer")["kommunenavn"]
    if args.add:
        if args.add not in names.index:
            raise ValueError(f"kommunenummer {args.add!r} not found; allowed: a 2024 kommunenummer such as 1826")
        after_model = scenario.add_centre(m, kommunenummer=args.add)
        what = vocab.t("scenario_open_kommune", args.lang, name=names[args.add])
    elif args.add_at:
        try:
            lat, lon = (round(float(v), 2) for v in args.add_at.split(","))
        except ValueError:
            raise ValueError(f"--add-at {args.add_at!r} not allowed; allowed: LAT,LON such as 65.84,13.19") from None
        after_model = scenario.add_centre(m, lat=lat, lon=lon)
        what = vocab.t("scenario_open_point", args.lang, point=f"{lat:.2f}, {lon:.2f}")
    else:
        active = dict(zip(centres["id"], centres["name"], strict=True))
        if args.close not in active:
            raise ValueError(f"centre {args.close!r} is not active; allowed: {', '.join(sorted(active))}")
        after_model = scenario.close_centre(m, args.close)
        what = vocab.t("scenario_close", args.lang, name=active[args.close])
    after = publish.published_table(indicators.per_kommune(after_model, args.weight, args.threshold), entries)
    return what, after, after_model.centres[after_model.centres["status"] == "active"]


def _whatif(args, m, before, centres, entries) -> Path:
    """Apply the scenario to the model, recompute the indicators, publish them with the register's `entries` (as
    the table before) and write the before/after sheet."""
    from export import whatif
    from loaders import boundaries

    what, after, centres_after = _scenario(args, m, before, centres, entries)
    area = args.fylke or "norge"
    if args.fylke:
        if args.fylke not in set(before["fylkesnummer"]):
            raise ValueError(f"fylke {args.fylke!r} not found; allowed: {', '.join(sorted(set(before['fylkesnummer'])))}")
        before, after = before[before["fylkesnummer"] == args.fylke], after[after["fylkesnummer"] == args.fylke]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    whatif.sheet(before, after, centres, centres_after, boundaries.kommuner(crs=boundaries.UTM33, detail="M"),
                 boundaries.fylker(crs=boundaries.UTM33), out, title=what, lang=args.lang, threshold=args.threshold,
                 weight=args.weight, year=m.year, area=area)
    return out


def _slides(args, m, table, centres, entries, trips) -> Path:
    """The deck for --kommune or --fylke (with a what-if slide over its fylke when a scenario is named), written
    as PPTX, or as PDF when --out ends in .pdf."""
    from coverage import indicators
    from export import deck, slidemap, slidepages, slides
    from loaders import boundaries

    areas = indicators.per_area(m, "fylke", args.weight, trips, threshold=args.threshold).set_index("area")
    norge = indicators.per_area(m, "norge", args.weight, trips, threshold=args.threshold).iloc[0]
    rows = table.set_index("kommunenummer", drop=False)
    if args.kommune and args.kommune not in rows.index:
        raise ValueError(f"kommunenummer {args.kommune!r} not found; allowed: a 2024 kommunenummer such as 1824")
    fylke = rows.loc[args.kommune, "fylkesnummer"] if args.kommune else _fylke_number(table, args.fylke)
    lang = args.lang or _place_lang(args.kommune, None if args.kommune else fylke)
    whatif = None
    if args.add or args.add_at or args.close:
        what, after, _ = _scenario(args, m, table, centres, entries)
        here = table["fylkesnummer"] == fylke
        whatif = deck.WhatIf(what, table[here], after[after["fylkesnummer"] == fylke],
                             table.loc[here, "fylkesnavn"].iloc[0])
    picture = slidemap.picture(table, boundaries.kommuner(crs=boundaries.UTM33, detail="M"),
                               boundaries.fylker(crs=boundaries.UTM33), centres, fylke=fylke, kommune=args.kommune,
                               threshold=args.threshold)
    options = {"lang": lang, "threshold": args.threshold, "weight": args.weight, "year": m.year,
               "picture": picture, "whatif": whatif}
    built = deck.kommune_deck(rows.loc[args.kommune], areas.loc[fylke], norge, table, **options) if args.kommune \
        else deck.fylke_deck(fylke, areas.loc[fylke], norge, table, **options)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    (slidepages.to_pdf if out.suffix.lower() == ".pdf" else slides.to_pptx)(built, out)
    return out


if __name__ == "__main__":
    sys.exit(main())
