"""The editable brief (Word) per kommune and per fylke, for an advocate to edit and submit with a
høringsuttalelse: the fact sheet's map as a picture, key figures with their sources and dates, plan status with
its evidence (or 'unknown' explained, with the innsynskrav to send), travel to the nearest and the own centre,
the comparison with fylke and Norway as a real table, the national demands and the kommune's duty as the
Statsforvalter words it, sources and helplines.

The figures and words are the report card's and the fact sheet's: the same published table and the same
vocabulary keys; only the brief's own phrases are in vocabulary/brief_words.py."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from urllib.parse import urlsplit

import geopandas as gpd
import pandas as pd
from PIL import Image, ImageChops
from PIL.PngImagePlugin import PngInfo

import vocabulary as vocab
from export import document, factsheet
from export.maps import plan_dates
from register import campaign, publish
from vocabulary import brief_words, letters, register_words


def _f(lang: str):
    return lambda v, d=0, u="": vocab.fmt(v, lang, d, u)


def _when(as_of, lang: str, today: dt.date) -> str:
    """'Kilde (per 2016, kilden er 10 år gammel)': the one way every surface cites a source, without its URL."""
    return vocab.source_text("", as_of, lang, today).rstrip(": ")


def _map(doc, table, kommuner, fylker, centres, fylke: str, highlight: str | None, threshold: int, lang: str,
         weight: str) -> None:
    """The fact sheet's map (export.factsheet.map_picture), white margins trimmed, with its description as alt
    text and a caption under it."""
    buffer = io.BytesIO()
    factsheet.map_picture(table, kommuner, fylker, centres, fylke, highlight, threshold, lang, weight, buffer)
    image = Image.open(io.BytesIO(buffer.getvalue()))
    info = PngInfo()
    for key, value in image.text.items():  # the title, description and sources embedded in the PNG stay
        info.add_text(key, value)
    box = ImageChops.difference(image.convert("RGB"), Image.new("RGB", image.size, "white")).getbbox()
    trimmed = io.BytesIO()
    image.crop(box).save(trimmed, "PNG", pnginfo=info)
    alt = factsheet.map_description(table, fylke, highlight, threshold, lang, weight)
    document.picture(doc, trimmed.getvalue(), alt, image.text.get("Title", ""))
    rows = table.set_index("kommunenummer")
    caption = [vocab.t("highlight_note", lang, name=rows.loc[highlight, "kommunenavn"])] if highlight else []
    document.paragraph(doc, " · ".join([*caption, vocab.t("source_line", lang)]), style="Caption")


def _opening(doc, title: str, subtitle: str, lang: str, today: dt.date) -> None:
    doc.add_heading(title, level=0)
    document.paragraph(doc, f"{vocab.t('brief', lang)} · {subtitle}", style="Subtitle")
    document.paragraph(doc, vocab.t("brief_intro", lang, date=vocab.date_text(today.isoformat(), lang)))


def _linked(label: str, url: str, short: bool) -> document.Parts:
    """'label: URL' with the URL a link; short: the link reads as the site's name (in a table's narrow column;
    the whole URL is printed in the section below)."""
    shown = (urlsplit(url).hostname or url).removeprefix("www.") if short else url
    return [(f"{label}: ", None), (shown, url)]


def _plan_source(row, lang: str, today: dt.date, short: bool = False) -> document.Parts:
    """Where the plan status comes from: its URL (linked) and date, the kommune's letter, or 'no source found'."""
    if row["plan_status"] == "unknown":
        return vocab.t("kpi_unknown_help", lang)
    label = _when(row["plan_as_of"], lang, today)
    if row["plan_source_url"]:
        return _linked(label, row["plan_source_url"], short)
    return f"{label}: {register_words.source('', row.get('plan_case_reference', ''), lang)}"


def _centre_source(row, lang: str, today: dt.date, short: bool = False) -> document.Parts:
    if row["catchment_evidence"] != "documented":
        return vocab.t("estimated_rule", lang)
    return _linked(_when(row["catchment_as_of"], lang, today), row["catchment_source_url"], short)


def _key_figures(doc, row, lang: str, threshold: int, year: int, weight: str, today: dt.date) -> None:
    """Figure | value | source and date: the report card's headline facts in one table."""
    f, t = _f(lang), lambda key, **kw: vocab.t(key, lang, **kw)
    travel = f"{t('method_short')} ({vocab.people(weight, lang)})"
    evidence = vocab.EVIDENCE_LABELS[row["catchment_evidence"]][lang]
    rows = [[t("measure"), t("brief_value"), t("source")],
            [t("population"), f(row["befolkning"]), t("population_date", year=year)],
            [t("plan"), vocab.plan_status_text(row, lang, today), _plan_source(row, lang, today, short=True)],
            [t("centre"), f"{vocab.centre_label(row['centre_name'], row['centre_town'])} — {evidence}",
             _centre_source(row, lang, today, short=True)],
            [t("nearest_centre"), row["nearest_centre_name"] or f(None), travel],
            [t("kpi_median"), f(row["median_min_nearest"], 0, "min"), travel],
            [t("over", t=threshold), vocab.pct(row[f"share_over_{threshold}_nearest"], lang), travel],
            [t("gap_class_of", t=threshold), vocab.CLASS_LABELS[row["gap_class"]][lang], travel]]
    doc.add_heading(t("key_figures"), level=1)
    document.table(doc, rows, [4.6, 4.4, 7.0], figures=())


def _ask(doc, row, lang: str) -> None:
    """'Spør kommunen' in the report card's words (unknown, or old or undated evidence): the letter is at the end."""
    t = lambda key, **kw: vocab.t(key, lang, **kw)  # noqa: E731
    doc.add_heading(t("ask_title"), level=2)
    intro = "ask_intro" if row["plan_status"] == "unknown" else "ask_intro_stale"
    note = [t("ask_letter_note")] if lang not in letters.LETTER else []
    document.paragraph(doc, " ".join([t(intro, name=row["kommunenavn"]), *note, t("ask_no_address")]))


def _letter(doc, row, lang: str) -> None:
    """The innsynskrav itself (Nynorsk in a Nynorsk brief, Bokmål otherwise), ready to send to the post room."""
    doc.add_page_break()  # the letter on pages of its own, to print and send
    doc.add_heading(vocab.t("brief_letter", lang), level=1)
    for line in letters.letter(row["kommunenavn"], lang if lang in letters.LETTER else "nb").splitlines():
        if line.strip():
            document.paragraph(doc, line, indent=1.0)


def _plan(doc, row, lang: str, today: dt.date) -> None:
    """Plan status with its evidence: the status, a joint plan, title, period and partners, the source's quote,
    URL and date, the register's part; or 'unknown' explained, with what to ask the kommune."""
    t = lambda key, **kw: vocab.t(key, lang, **kw)  # noqa: E731
    doc.add_heading(t("plan"), level=1)
    document.paragraph(doc, vocab.plan_status_text(row, lang, today), bold=True)
    if vocab.joint_plan_text(row, lang):
        document.paragraph(doc, vocab.joint_plan_text(row, lang))
    if row.get("plan_asked_on", ""):
        document.paragraph(doc, t("asked_awaiting", date=vocab.date_text(row["plan_asked_on"], lang),
                                  days=row["plan_asked_workdays"]))
    if row["plan_status"] == "unknown":
        document.paragraph(doc, t("plan_unknown_help"))
        if row.get("plan_lead_url"):
            document.source(doc, t("plan_lead"), row["plan_lead_url"])
    else:
        for line in vocab.plan_details(row, lang):
            document.paragraph(doc, line)
        if row.get("plan_quote", ""):
            document.paragraph(doc, f"{t('brief_quote')}: «{row['plan_quote']}»")
        document.paragraph(doc, _plan_source(row, lang, today))
    for line in publish.evidence_lines(row, lang):
        document.paragraph(doc, line)
    if campaign.worth_asking(row["plan_status"], row["plan_as_of"]):
        _ask(doc, row, lang)


def _centres(doc, row, lang: str, today: dt.date) -> None:
    t = lambda key, **kw: vocab.t(key, lang, **kw)  # noqa: E731
    doc.add_heading(t("sheet_centre"), level=1)
    evidence = vocab.EVIDENCE_LABELS[row["catchment_evidence"]][lang]
    own = vocab.centre_label(row["centre_name"], row["centre_town"])
    document.paragraph(doc, f"{t('sheet_own')}: {own} — {evidence}")
    document.paragraph(doc, _centre_source(row, lang, today))
    document.paragraph(doc, f"{t('nearest_centre')}: {row['nearest_centre_name'] or t('unknown')}")


def _travel(doc, row, lang: str, threshold: int, year: int, weight: str) -> None:
    """To the nearest and to the own centre (the report card's table), the straight line, the error band and the
    class on the map."""
    f, t = _f(lang), lambda key, **kw: vocab.t(key, lang, **kw)
    doc.add_heading(t("sheet_travel"), level=1)
    document.paragraph(doc, t("sheet_weight", people=t(f"weight_text_{weight}")))
    rows = [[t("measure"), f"{t('to_nearest')}: {row['nearest_centre_name'] or t('unknown')}",
             f"{t('to_own')}: {vocab.centre_label(row['centre_name'], row['centre_town'])}"]]
    for key, col in (("median_min", "median_min"), ("p90_min", "p90_min"), ("median_km", "median_km"),
                     ("p90_km", "p90_km")):
        rows.append([t(key), f(row[f"{col}_nearest"]), f(row[f"{col}_affiliated"])])
    document.table(doc, rows, [7.0, 4.5, 4.5])
    document.paragraph(doc, f"{t('straight_km')}: {f(row['median_km_straight'], 0, 'km')} · {t('ratio')}: "
                            f"{f(row['road_straight_ratio'], 2)} · {t('unreachable')}: {f(row['unreachable'])}")
    band = vocab.band_lines(row, threshold, lang)
    if band:
        document.paragraph(doc, " ".join(band))
    document.paragraph(doc, f"{t('gap_class_of', t=threshold)}: {vocab.CLASS_LABELS[row['gap_class']][lang]}",
                       bold=True)
    document.paragraph(doc, t("travel_source", year=year, people=vocab.people(weight, lang)), style="Caption")


def _comparison(doc, areas: list[tuple[str, pd.Series]], lang: str, threshold: int, year: int, weight: str,
                unreachable: bool = False) -> None:
    """Measure | each area: median and P90 minutes to the nearest centre and the shares beyond 60/90/120 min and
    the threshold (the report card's comparison), people with no road for a fylke."""
    f, t = _f(lang), lambda key, **kw: vocab.t(key, lang, **kw)
    doc.add_heading(t("compare_country" if len(areas) == 2 else "compare"), level=1)  # a fylke: fylke | Norway
    measures = {t("median_min"): "median_min_nearest", t("p90_min"): "p90_min_nearest",
                **{t("share_over", t=s): f"share_over_{s}_nearest" for s in sorted({60, 90, 120, threshold})}}
    if unreachable:
        measures[t("unreachable")] = "unreachable"
    rows = [[t("measure"), *(name for name, _ in areas)]]
    for label, col in measures.items():
        rows.append([label, *(vocab.pct(a[col], lang) if col.startswith("share") else f(a[col]) for _, a in areas)])
    document.table(doc, rows, [6.4] + [9.6 / len(areas)] * len(areas))
    document.paragraph(doc, t("travel_source", year=year, people=vocab.people(weight, lang)), style="Caption")


def _capacity(doc, table: pd.DataFrame, year: int, fylke: str, fylke_name: str, lang: str) -> None:
    """Capacity against the Council of Europe norm (issue 20, item 5): the report card's lines (national counts,
    the norm with its caveat, the fylke, the centres), each with its source and date (vocabulary/capacity_words.py)."""
    from coverage import capacity
    from vocabulary.capacity_words import capacity_lines

    doc.add_heading(vocab.t("cap_h", lang), level=1)
    summary = capacity.summary(table, year)
    for line in capacity_lines(summary, lang, fylke=fylke, fylke_name=fylke_name,
                               parts=("counts", "norm", "fylke", "centre")):
        document.paragraph(doc, [(f"{line.text} ({line.source}, {vocab.as_of_text(line.as_of, lang)}: ", None),
                                 (line.url, line.url), (")", None)])


def _demands(doc, lang: str, today: dt.date) -> None:
    """The national demands (the fact sheet's list and the NKVTS figure), then the kommune's duty in the
    Statsforvalter's words, quoted with its link and date."""
    t = lambda key, **kw: vocab.t(key, lang, **kw)  # noqa: E731
    doc.add_heading(t("demands"), level=1)
    document.bullets(doc, list(t("demand_list")))
    document.paragraph(doc, t("nkvts"))
    url, quotes, translation = brief_words.law(lang)
    doc.add_heading(t("brief_law"), level=2)
    document.paragraph(doc, t("brief_law_intro"))
    for quote in quotes:
        document.paragraph(doc, f"«{quote}»", style="Quote")
    if translation:
        document.paragraph(doc, translation)
    document.source(doc, _when(brief_words.LAW_AS_OF, lang, today), url)


def _closing(doc, lang: str, today: dt.date, year: int) -> None:
    t = lambda key, **kw: vocab.t(key, lang, **kw)  # noqa: E731
    doc.add_heading(t("sources"), level=1)
    document.bullets(doc, [t("source_line"), t("population_date", year=year), t("attribution"),
                           t("made", date=vocab.date_text(today.isoformat(), lang))])
    document.paragraph(doc, t("helplines"), bold=True)


def kommune_brief(row: pd.Series, fylke_area: pd.Series, norge: pd.Series, table: pd.DataFrame,
                  kommuner: gpd.GeoDataFrame, fylker: gpd.GeoDataFrame, centres: pd.DataFrame, out: str | Path,
                  lang: str = "nb", threshold: int = 90, year: int = 2025, today: dt.date | None = None,
                  weight: str | None = None):
    """Write the brief for one kommune (row of the published table; the population weight is the table's own
    unless given) as a DOCX to `out` (path or binary file) and return `out`."""
    today = today or dt.date.today()
    weight = weight or str(row.get("weight", "all"))
    title = f"{row['kommunenavn']} ({row['kommunenummer']})"
    doc = document.new(lang, f"{vocab.t('brief', lang)}: {title}",
                       vocab.t("brief_desc", lang, name=title, source=vocab.t("source_line", lang)), today)
    _opening(doc, title, f"{row['fylkesnavn']} · {_f(lang)(row['befolkning'])} "
                         f"{vocab.t('residents', lang, year=year)}", lang, today)
    _map(doc, table, kommuner, fylker, centres, row["fylkesnummer"], row["kommunenummer"], threshold, lang, weight)
    _key_figures(doc, row, lang, threshold, year, weight, today)
    _plan(doc, row, lang, today)
    _centres(doc, row, lang, today)
    _travel(doc, row, lang, threshold, year, weight)
    fylke_name = row["fylkesnavn"] if row["fylkesnavn"] != row["kommunenavn"] else \
        f"{row['fylkesnavn']} ({vocab.t('fylke_word', lang)})"
    _comparison(doc, [(row["kommunenavn"], row), (fylke_name, fylke_area), (vocab.t("norway", lang), norge)], lang,
                threshold, year, weight)
    _capacity(doc, table, year, row["fylkesnummer"], row["fylkesnavn"], lang)
    _demands(doc, lang, today)
    _closing(doc, lang, today, year)
    if campaign.worth_asking(row["plan_status"], row["plan_as_of"]):
        _letter(doc, row, lang)
    document.save(doc, out)
    return out


def _fylke_plans(doc, rows: pd.DataFrame, lang: str) -> None:
    """Plan status in the fylke: kommuner per status (a table) and the sources' dates."""
    doc.add_heading(vocab.t("plans_in_fylke", lang), level=1)
    counts = rows["plan_status"].value_counts()
    table = [[vocab.t("coverage_status", lang), vocab.t("kommuner", lang).capitalize()]]
    table += [[vocab.PLAN_LABELS[s][lang], vocab.fmt(int(counts.get(s, 0)), lang)] for s in vocab.PLAN_LABELS
              if counts.get(s, 0)]
    document.table(doc, table, [8.0, 4.0])
    if plan_dates(rows, lang):
        document.paragraph(doc, plan_dates(rows, lang), style="Caption")


def _longest(doc, rows: pd.DataFrame, lang: str, today: dt.date) -> None:
    """The five kommuner with the longest median drive to the nearest centre, with their plan status."""
    doc.add_heading(vocab.t("longest", lang), level=2)
    table = [[vocab.t("kommune", lang), vocab.t("median_min", lang), vocab.t("plan_short", lang)]]
    for r in rows.sort_values("median_min_nearest", ascending=False).head(5).itertuples():
        table.append([r.kommunenavn, vocab.fmt(r.median_min_nearest, lang),
                      vocab.plan_status_text(r._asdict(), lang, today)])
    document.table(doc, table, [5.5, 4.0, 6.5], figures=(1,))


def fylke_brief(fylke: str, fylke_area: pd.Series, norge: pd.Series, table: pd.DataFrame,
                kommuner: gpd.GeoDataFrame, fylker: gpd.GeoDataFrame, centres: pd.DataFrame, out: str | Path,
                lang: str = "nb", threshold: int = 90, year: int = 2025, today: dt.date | None = None,
                weight: str | None = None):
    """Write the brief for one fylke as a DOCX to `out` and return `out`."""
    today = today or dt.date.today()
    weight = weight or (str(table["weight"].iloc[0]) if "weight" in table else "all")
    rows = table[table["fylkesnummer"] == fylke]
    if rows.empty:
        raise ValueError(f"fylke {fylke!r} not found; allowed: {', '.join(sorted(table['fylkesnummer'].unique()))}")
    name = rows["fylkesnavn"].iloc[0]
    doc = document.new(lang, f"{vocab.t('brief', lang)}: {name}",
                       vocab.t("brief_desc", lang, name=name, source=vocab.t("source_line", lang)), today)
    _opening(doc, name, f"{len(rows)} {vocab.t('kommuner', lang)} · {_f(lang)(rows['befolkning'].sum())} "
                        f"{vocab.t('residents', lang, year=year)}", lang, today)
    _map(doc, table, kommuner, fylker, centres, fylke, None, threshold, lang, weight)
    _fylke_plans(doc, rows, lang)
    doc.add_heading(vocab.t("centres_in_fylke", lang), level=1)
    document.bullets(doc, [vocab.centre_label(r.name, r.town) for r in centres[centres["fylkesnummer"] == fylke]
                           .itertuples()])
    _comparison(doc, [(name, fylke_area), (vocab.t("norway", lang), norge)], lang, threshold, year, weight,
                unreachable=True)
    document.paragraph(doc, vocab.t("sheet_close_count", lang, t=threshold, n=int(rows["close_to_threshold"].sum()),
                                    total=len(rows), b=vocab.error_band(lang)))
    _longest(doc, rows, lang, today)
    _capacity(doc, table, year, fylke, name, lang)
    _demands(doc, lang, today)
    _closing(doc, lang, today, year)
    document.save(doc, out)
    return out
