"""One slide deck for a kommune or a fylke, built from the published tables: what each slide says, in the report
card's words and numbers, with speaker notes that name every source (URL and date). The PPTX and PDF writers
(export/slides.py) and the app's presenter view (dashboard/views/presenter.py) draw the same `Deck`, so a figure
reads the same on a projector, on paper and in the browser.

Slides: the map (gap class, the kommune outlined, legend with counts) · the gap in one sentence, with the key
figures · travel to the nearest and the own centre · compared with the fylke and Norway · plan status with its
evidence (or unknown, and what to ask) · the what-if, when one is chosen (vocabulary.whatif_lines, the sentence
the what-if page shows) · sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

import pandas as pd

import vocabulary as vocab
from coverage import gaps
from coverage.summary import people_beyond, selection_summary, whatif_effect
from loaders import registry
from vocabulary import register_words

DATA_SOURCES = ("kommuner_m", "population", "grid_1km", "roads")  # what every travel figure rests on


@dataclass(frozen=True)
class Cite:
    """A source a slide rests on: what it gives, its URL and its own date ('' for the data sources, whose date is
    in their title)."""

    what: str
    url: str
    as_of: str | None = None  # None: no date of its own (a registry source's is in its title)
    listed: bool = True  # on the sources slide; the data sources are named there by the travel source line

    def full(self, lang: str, today: dt.date) -> str:
        """'Planstatus: Kilde (per 2019): URL' for the speaker notes; the data sources as 'title: URL'."""
        if self.as_of is None:
            return vocab.t("slide_registry_entry", lang, title=self.what, url=self.url)
        return f"{self.what}: {vocab.source_text(self.url, self.as_of, lang, today)}"

    def short(self, lang: str) -> str:
        """'Planstatus (per 2019): www.vefsn.kommune.no' for the sources slide, where the whole URL is the link."""
        when = "" if self.as_of is None else f" ({vocab.as_of_text(self.as_of, lang)})"
        return f"{self.what}{when}: {self.host}"

    def line(self, lang: str, today: dt.date) -> str:
        """'Kilde (per 2016, kilden er 10 år gammel): www.hemnes.kommune.no' on a slide; the whole URL is the link."""
        return vocab.source_text(self.host, self.as_of, lang, today)

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or self.url


@dataclass(frozen=True)
class Slide:
    """One slide: `key` names what it shows (map, gap, travel, compare, plan, whatif, sources)."""

    key: str
    title: str
    lines: tuple[str, ...] = ()  # body paragraphs, the first the most important
    links: tuple[str, ...] = ()  # a URL per line that is a link ('' for plain lines); empty when none is
    table: tuple[tuple[str, ...], ...] = ()  # header row first; cell 0 of each row is its label
    picture: bytes | None = None  # the map, PNG
    alt: str = ""  # the picture's text description
    legend: tuple[tuple[str, str, str], ...] = ()  # (colour, label with count, 'square' or 'dot')
    notes: tuple[str, ...] = ()  # speaker notes: what the numbers rest on, every source with its URL and date
    cites: tuple[Cite, ...] = ()  # the sources this slide rests on, listed again on the sources slide


@dataclass(frozen=True)
class Deck:
    title: str
    subtitle: str
    lang: str
    slides: tuple[Slide, ...]
    footer: str  # the helplines, on every slide
    description: str  # the file's subject line


@dataclass(frozen=True)
class WhatIf:
    """A chosen what-if: its title ('Nytt senter i Alstahaug'), the area's rows before and after, the area's name."""

    title: str
    before: pd.DataFrame
    after: pd.DataFrame
    area: str


def _f(lang: str):
    return lambda v, d=0, u="": vocab.fmt(v, lang, d, u)


def _slide(key: str, title: str, lines, lang: str, today: dt.date, cites=(), said=(), **kw) -> Slide:
    """A slide whose notes say `said`, then 'Sources for this slide:' and every cite in full (URL and date)."""
    notes = (*said, vocab.t("slide_notes_sources", lang), *(c.full(lang, today) for c in cites)) if cites else tuple(said)
    return Slide(key, title, tuple(lines), notes=notes, cites=tuple(cites), **kw)


def _data_cites(lang: str) -> list[Cite]:
    """The registry's sources behind every travel figure (their own date is in their title)."""
    every = registry.sources()
    return [Cite(vocab.source_title(n, every[n], lang), every[n]["url"], listed=False) for n in DATA_SOURCES]


def _travel_said(lang: str, year: int, weight: str) -> tuple[str, ...]:
    return (vocab.t("travel_source", lang, year=year, people=vocab.t(f"weight_text_{weight}", lang)),)


def _legend(rows: pd.DataFrame, lang: str, threshold: int) -> tuple[tuple[str, str, str], ...]:
    """The map's legend: the gap classes present with their counts, then the centre marker."""
    return (*((colour, f"{text}: {n}", "square") for _, text, colour, n in
              vocab.legend("gap_class", lang, threshold, rows, drop_empty=True)),
            (vocab.CENTRE_COLOUR, vocab.t("centre_marker", lang), "dot"))


def _map_slide(title: str, lines: list[str], rows: pd.DataFrame, picture: bytes | None, place: str, lang: str,
               today: dt.date, threshold: int, weight: str, year: int) -> Slide:
    entries = "; ".join(vocab.entry_count(text, n, lang)
                        for _, text, _, n in vocab.legend("gap_class", lang, threshold, rows, drop_empty=True))
    alt = vocab.t("map_desc", lang, place=place, indicator=vocab.label("gap_class", lang, threshold),
                  people=vocab.people(weight, lang), entries=entries, source=vocab.t("source_line", lang))
    said = (alt, vocab.t("threshold_text", lang, t=threshold), *_travel_said(lang, year, weight))
    return _slide("map", title, lines, lang, today, _data_cites(lang), said, picture=picture, alt=alt,
                  legend=_legend(rows, lang, threshold))


def gap_sentence(row, lang: str) -> str:
    """The gap in one sentence: the kommune's travel and plan, each worded by its gap class."""
    far = "far" if row["gap_class"] in gaps.FILTERS["far"] else "near"
    group = gaps.plan_group(pd.Series([row["plan_status"]])).iloc[0]
    return vocab.t("slide_gap", lang, name=row["kommunenavn"],
                   travel=vocab.t(f"slide_gap_{far}", lang, m=vocab.fmt(row["median_min_nearest"], lang, 0, "min")),
                   plan=vocab.t(f"slide_gap_{group}", lang))


def _kommune_gap(one: pd.DataFrame, lang: str, today: dt.date, threshold: int, weight: str, year: int) -> Slide:
    row = one.iloc[0]
    who = vocab.people(weight, lang)
    beyond = int(people_beyond(one, threshold).iloc[0])  # the one rounding rule for people counts
    lines = [gap_sentence(row, lang),
             vocab.t("kf_beyond", lang, people=f"{vocab.fmt(beyond, lang)} {who}", t=threshold),
             f"{vocab.t('gap_class_of', lang, t=threshold)}: {vocab.CLASS_LABELS[row['gap_class']][lang]}"]
    band = vocab.band_lines(row, threshold, lang)  # the median's error band, and whether the threshold lies inside it
    lines += band[1:]  # on the slide: the verdict; the band with its explanation goes to the notes (room at 24 pt)
    if row["unreachable"]:
        lines.insert(2, vocab.t("kf_unreachable", lang, people=f"{vocab.fmt(row['unreachable'], lang)} {who}"))
    return _slide("gap", vocab.t("slide_gap_title", lang), lines, lang, today, _data_cites(lang),
                  (*band[:1], *_travel_said(lang, year, weight)))


def _travel(row, lang: str, today: dt.date, year: int, weight: str) -> Slide:
    f = _f(lang)
    table = ((vocab.t("measure", lang), vocab.t("to_nearest", lang), vocab.t("to_own", lang)),
             *((vocab.t(f"{q}_{u}", lang), f(row[f"{q}_{u}_nearest"]), f(row[f"{q}_{u}_affiliated"]))
               for q, u in (("median", "min"), ("p90", "min"), ("median", "km"))))
    evidence = vocab.EVIDENCE_LABELS[row["catchment_evidence"]][lang]
    lines = [f"{vocab.t('sheet_nearest', lang)}: {row['nearest_centre_name'] or vocab.t('unknown', lang)}",
             f"{vocab.t('sheet_own', lang)}: {vocab.centre_label(row['centre_name'], row['centre_town'])} — {evidence}"]
    said = list(_travel_said(lang, year, weight))
    cites = _data_cites(lang)
    if row["catchment_evidence"] == "documented":
        cites.insert(0, Cite(vocab.t("catchment_source", lang), row["catchment_source_url"], row["catchment_as_of"]))
    else:
        said.append(vocab.t("estimated_rule", lang))
    return _slide("travel", vocab.t("travel", lang), lines, lang, today, cites, said, table=table)


def compare_rows(sources: list, threshold: int, lang: str) -> list[tuple[str, ...]]:
    """The report card's comparison rows: median and P90 minutes, shares beyond 60/90/120 min and the threshold."""
    f = _f(lang)
    rows = [(vocab.t("median_min", lang), *(f(s["median_min_nearest"]) for s in sources)),
            (vocab.t("p90_min", lang), *(f(s["p90_min_nearest"]) for s in sources))]
    for t in sorted({60, 90, 120, int(threshold)}):
        rows.append((vocab.t("share_over", lang, t=t), *(vocab.pct(s[f"share_over_{t}_nearest"], lang) for s in sources)))
    return rows


def _compare(names: list[str], sources: list, lang: str, today: dt.date, threshold: int, year: int, weight: str,
             lines: tuple[str, ...] = ()) -> Slide:
    """The comparison table; a name with Sámi or Kven parallel names heads its column by its first name."""
    table = ((vocab.t("measure", lang), *(n.split(" - ")[0] for n in names)), *compare_rows(sources, threshold, lang))
    title = vocab.t("compare_country" if len(names) == 2 else "compare", lang)  # a fylke's deck: fylke | Norway
    return _slide("compare", title, lines, lang, today, _data_cites(lang),
                  _travel_said(lang, year, weight), table=table)


def _ask(lang: str) -> list[str]:
    return [f"{vocab.t('slide_ask_title', lang)}:", *(f"• {q}" for q in vocab.t("slide_ask", lang))]


def _plan(row, lang: str, today: dt.date) -> Slide:
    lines = [vocab.plan_status_text(row, lang, today)]
    if vocab.joint_plan_text(row, lang):
        lines.append(vocab.joint_plan_text(row, lang))
    said = [vocab.t("nkvts", lang)]
    if row["plan_status"] == "unknown":
        lines += [vocab.t("plan_unknown_help", lang), *_ask(lang)]
        cites = [Cite(vocab.t("plan_lead", lang), row["plan_lead_url"])] if row.get("plan_lead_url") else []
        return _slide("plan", vocab.t("plan", lang), lines, lang, today, cites, said)
    lines += vocab.plan_details(row, lang)
    if row["plan_source_url"]:
        cite = Cite(vocab.t("plan_source", lang), row["plan_source_url"], row["plan_as_of"])
        return _slide("plan", vocab.t("plan", lang), [*lines, cite.line(lang, today)], lang, today, [cite], said,
                      links=(*[""] * len(lines), cite.url))
    lines.append(  # the kommune's answer by letter, from the register: no URL
        f"{vocab.t('plan_source', lang)}: {register_words.source('', row.get('plan_case_reference', ''), lang)}")
    return _slide("plan", vocab.t("plan", lang), lines, lang, today, (), [*said, lines[-1]])


def _whatif(w: WhatIf, lang: str, today: dt.date, threshold: int, weight: str, year: int, kommune=None) -> Slide:
    """The what-if's answer as the what-if page words it, the kommune's own median before → after, then the key
    numbers before and after."""
    people = vocab.people(weight, lang)
    lines = vocab.whatif_lines(whatif_effect(w.before, w.after, threshold), lang, people, w.area, threshold,
                               len(w.before))
    if kommune is not None:
        after = w.after.set_index("kommunenummer").loc[kommune["kommunenummer"]]
        lines.append(vocab.t("slide_whatif_kommune", lang, name=kommune["kommunenavn"],
                             before=vocab.fmt(kommune["median_min_nearest"], lang, 0, "min"),
                             after=vocab.fmt(after["median_min_nearest"], lang, 0, "min")))
    sb, sa = selection_summary(w.before, threshold), selection_summary(w.after, threshold)
    f = _f(lang)
    table = ((vocab.t("measure", lang), vocab.t("before", lang), vocab.t("after", lang)),
             (vocab.t("whatif_beyond", lang, people=people.capitalize(), t=threshold), f(sb["beyond"]), f(sa["beyond"])),
             (vocab.t("whatif_double", lang), f(sb["double_gap"]), f(sa["double_gap"])))
    said = (vocab.t("whatif_note", lang), *_travel_said(lang, year, weight))
    return _slide("whatif", vocab.t("scenario_title", lang, what=w.title), lines, lang, today, _data_cites(lang),
                  said, table=table)


def _sources(slides: list[Slide], lang: str, today: dt.date, year: int, weight: str) -> Slide:
    """Every source the deck cites, once, in the order first cited (short, each a link to its whole URL); then the
    attribution and the date. The notes give each in full."""
    cites = list(dict.fromkeys(c for s in slides for c in s.cites))
    listed = [c for c in cites if c.listed]
    made = vocab.t("made", lang, date=vocab.date_text(today.isoformat(), lang))
    lines = [*(c.short(lang) for c in listed), *_travel_said(lang, year, weight), vocab.t("attribution", lang), made,
             vocab.t("helplines", lang)]
    return _slide("sources", vocab.t("sources", lang), lines, lang, today, cites, (made,),
                  links=tuple([c.url for c in listed] + [""] * 4))


def kommune_deck(row: pd.Series, fylke_area: pd.Series, norge: pd.Series, table: pd.DataFrame, *, lang: str = "nb",
                 threshold: int = 90, weight: str = "all", year: int = 2025, today: dt.date | None = None,
                 picture: bytes | None = None, whatif: WhatIf | None = None) -> Deck:
    """The deck for one kommune (a row of the published table; fylke_area and norge rows of the area tables)."""
    today = today or dt.date.today()
    f = _f(lang)
    name, knr = row["kommunenavn"], row["kommunenummer"]
    title = f"{name} ({knr})"
    subtitle = f"{row['fylkesnavn']} · {f(row['befolkning'])} {vocab.t('residents', lang, year=year)}"
    fylke_rows = table[table["fylkesnummer"] == row["fylkesnummer"]]
    fylke_name = row["fylkesnavn"] if row["fylkesnavn"] != name else f"{row['fylkesnavn']} ({vocab.t('fylke_word', lang)})"
    short = name.split(" - ")[0]  # Sámi and Kven parallel names: the first in the title, all in the subtitle
    caption = [f"{name} · {subtitle}" if short != name else subtitle, vocab.t("highlight_note", lang, name=short),
               vocab.t("slide_legend_counts", lang, area=row["fylkesnavn"])]
    slides = [_map_slide(f"{short} ({knr})", caption, fylke_rows, picture,
                         row["fylkesnavn"], lang, today, threshold, weight, year),
              _kommune_gap(table[table["kommunenummer"] == knr], lang, today, threshold, weight, year),
              _travel(row, lang, today, year, weight),
              _compare([name, fylke_name, vocab.t("norway", lang)], [row, fylke_area, norge], lang, today, threshold,
                       year, weight),
              _plan(row, lang, today)]
    if whatif is not None:
        slides.append(_whatif(whatif, lang, today, threshold, weight, year, kommune=row))
    slides.append(_sources(slides, lang, today, year, weight))
    return Deck(title, subtitle, lang, tuple(slides), vocab.t("helplines", lang),
                vocab.t("slide_deck_desc", lang, name=title, source=vocab.t("source_line", lang)))


def _fylke_plan(rows: pd.DataFrame, lang: str, today: dt.date) -> Slide:
    """Plan status counts in the fylke with their source dates; every kommune's source in the notes only (a fylke
    has up to 20 of them: too many for the sources slide)."""
    from export.maps import plan_dates  # export.maps loads geopandas: the presenter view's kommune deck needs none

    counts = rows["plan_status"].value_counts()
    lines = [" · ".join(f"{vocab.PLAN_LABELS[s][lang]}: {int(counts[s])}" for s in vocab.PLAN_LABELS if counts.get(s, 0))]
    if plan_dates(rows, lang):
        lines.append(plan_dates(rows, lang))
    lines.append(vocab.t("plan_unknown_help", lang))
    said = [*_ask(lang), vocab.t("nkvts", lang), vocab.t("slide_notes_sources", lang)]  # the questions: no room
    said += [f"{r.kommunenavn}: {vocab.source_text(r.plan_source_url, r.plan_as_of, lang, today)}"
             for r in rows[rows["plan_source_url"] != ""].itertuples()]
    return _slide("plan", vocab.t("plans_in_fylke", lang), lines, lang, today, (), said)


def fylke_deck(fylke: str, fylke_area: pd.Series, norge: pd.Series, table: pd.DataFrame, *, lang: str = "nb",
               threshold: int = 90, weight: str = "all", year: int = 2025, today: dt.date | None = None,
               picture: bytes | None = None, whatif: WhatIf | None = None) -> Deck:
    """The deck for one fylke: its map, its gap in one sentence, fylke against Norway, its plans, the what-if."""
    today = today or dt.date.today()
    f = _f(lang)
    rows = table[table["fylkesnummer"] == fylke]
    if rows.empty:
        raise ValueError(f"fylke {fylke!r} not found; allowed: {', '.join(sorted(table['fylkesnummer'].unique()))}")
    name = rows["fylkesnavn"].iloc[0]
    subtitle = f"{len(rows)} {vocab.t('kommuner', lang)} · {f(rows['befolkning'].sum())} " \
               f"{vocab.t('residents', lang, year=year)}"
    s = selection_summary(rows, threshold)
    who = vocab.people(weight, lang)
    gap = [vocab.t("slide_fylke_gap", lang, name=name, far=s["far"], k=s["kommuner"], t=threshold,
                   double=s["double_gap"], unknown=s["unknown_plan"]),
           vocab.t("kf_beyond", lang, people=f"{f(s['beyond'])} {who}", t=threshold),
           vocab.t("kf_unreachable", lang, people=f"{f(s['unreachable'])} {who}")]
    longest = [f"{vocab.t('longest', lang)}: " + " · ".join(
        f"{r.kommunenavn.split(' - ')[0]} {f(r.median_min_nearest, 0, 'min')}"
        for r in rows.sort_values("median_min_nearest", ascending=False).head(3).itertuples())]
    slides = [_map_slide(name, [subtitle, vocab.t("slide_legend_counts", lang, area=name)], rows, picture, name, lang,
                         today, threshold, weight, year),
              _slide("gap", vocab.t("slide_gap_title", lang), gap, lang, today, _data_cites(lang),
                     _travel_said(lang, year, weight)),
              _compare([name, vocab.t("norway", lang)], [fylke_area, norge], lang, today, threshold, year, weight,
                       tuple(longest)),
              _fylke_plan(rows, lang, today)]
    if whatif is not None:
        slides.append(_whatif(whatif, lang, today, threshold, weight, year))
    slides.append(_sources(slides, lang, today, year, weight))
    return Deck(name, subtitle, lang, tuple(slides), vocab.t("helplines", lang),
                vocab.t("slide_deck_desc", lang, name=name, source=vocab.t("source_line", lang)))
