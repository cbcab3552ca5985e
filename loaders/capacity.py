"""Crisis-centre capacity against the Council of Europe norm: geodata/capacity.csv and its search log.

One row per sourced fact (geodata/README.md, "Capacity"): `figure` (a count — offers, rooms, beds, or the population
the count is set against — for one scope, year and offer), `norm` (inhabitants per family place), `definition` (how
the source words what it counts), `context` (a sourced statement without a figure) and `not_published` (a scope the
sources give no figure for, with the page that shows it). Every row carries its URL, the source's date and a
verbatim quote; a figure's or norm's value must be written in its quote. `capacity_search_log.csv` records every
search, found or not. Problems are collected and raised once.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from loaders import curated, evidence
from loaders.problems import Problems

FILE = "capacity.csv"
LOG = "capacity_search_log.csv"
COLUMNS = ["kind", "scope", "area", "year", "offer", "metric", "value", "source_url", "as_of", "quote", "notes"]
LOG_COLUMNS = ["topic", "searched_on", "queries", "pages_read", "result", "notes"]
OFFERS = ("women", "men", "all")
SCOPES = ("national", "fylke", "centre")
ALL_AREAS = "*"  # a not_published row speaks for every fylke or every centre
# kind → (scopes allowed, metrics allowed, value required)
KINDS = {
    "figure": (SCOPES, ("offers", "rooms", "beds", "population"), True),
    "norm": (("",), ("inhabitants_per_family_place",), True),
    "definition": (("",), ("beboere", "rooms", "beds", "shelter_place"), False),
    "context": (("",), ("family_places",), False),
    "not_published": (("fylke", "centre"), ("rooms", "beds"), False),
}
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0.]\d{3})+(?!\d)|\d+")  # 5 367 580, 10 000, 357


def numbers_in(text: str) -> set[int]:
    """The whole numbers written in a quote, with Norwegian or English thousands spaces or dots: '5 367 580' → 5367580."""
    return {int(re.sub(r"\D", "", m)) for m in _NUMBER.findall(str(text))}


def capacity(path: Path | None = None, centre_ids: set[str] | None = None, fylker: set[str] | None = None,
             today: date | None = None) -> pd.DataFrame:
    """The validated table; `year` and `value` as Int64. `centre_ids` and `fylker` (two-digit numbers) check the area
    of centre and fylke rows when given."""
    path = path or curated.GEODATA / FILE
    problems = Problems(path.name)
    df = evidence._read(path, problems, COLUMNS)
    if set(COLUMNS) <= set(df.columns):
        curated._check_urls(df, problems)
        curated._check_as_of(df, problems)
        curated._allowed(df, "kind", tuple(KINDS), problems)
        curated._allowed(df, "offer", OFFERS, problems)
        evidence._check_quotes(df, problems)
        for i, row in df.iterrows():
            _check_row(i, row, problems, centre_ids, fylker, today or date.today())
        facts = df[df["kind"].isin(["figure", "norm", "not_published"])]
        curated._duplicates(facts, ["kind", "scope", "area", "year", "offer", "metric"], problems)
        _check_populations(df, problems)
        _check_not_published(df, problems)
    problems.raise_if_any()
    df["year"] = pd.array([int(y) if _YEAR.match(y) else None for y in df["year"]], dtype="Int64")
    df["value"] = pd.array([int(v) if v.isdigit() else None for v in df["value"]], dtype="Int64")
    return curated._finish(df, problems)


def _check_populations(df: pd.DataFrame, problems: Problems) -> None:
    """Every year with a national room or bed count has the national population it is set against."""
    national = df[(df["kind"] == "figure") & (df["scope"] == "national")]
    counted = set(national.loc[national["metric"].isin(["rooms", "beds"]), "year"])
    have = set(national.loc[national["metric"] == "population", "year"])
    for year in sorted(counted - have):
        problems.add(f"national rooms/beds for {year} have no national population row for {year}; add SSB's "
                     "population on 1 January of that year (metric population, offer all) with its source")


def _check_not_published(df: pd.DataFrame, problems: Problems) -> None:
    """A count for one fylke or centre contradicts a row saying no count is published for every one of them."""
    blanket = set(df.loc[(df["kind"] == "not_published") & (df["area"] == ALL_AREAS), "scope"])
    counted = df[(df["kind"] == "figure") & df["scope"].isin(blanket)]
    for i, row in counted.iterrows():
        problems.add(f"row {i + 2}: a {row['scope']} count for {row['area']!r} contradicts the not_published row for "
                     f"every {row['scope']} ('{ALL_AREAS}'); narrow that row to the areas without a count, and show the "
                     "count on the surfaces (coverage/capacity.py, vocabulary/capacity_words.py)")


def _check_row(i: int, row: pd.Series, problems: Problems, centre_ids: set[str] | None, fylker: set[str] | None,
               today: date) -> None:
    where = f"row {i + 2} ({row['kind']} {row['metric']})"
    if row["kind"] not in KINDS:
        return  # named by _allowed
    scopes, metrics, needs_value = KINDS[row["kind"]]
    if row["scope"] not in scopes:
        problems.add(f"{where}: scope {row['scope']!r} is not allowed; allowed: {', '.join(repr(s) for s in scopes)}")
    if row["metric"] not in metrics:
        problems.add(f"{where}: metric {row['metric']!r} is not allowed; allowed: {', '.join(metrics)}")
    _check_value(where, row, needs_value, problems)
    _check_year(where, row, problems, today)
    _check_area(where, row, problems, centre_ids, fylker)


def _check_value(where: str, row: pd.Series, needs_value: bool, problems: Problems) -> None:
    value = row["value"]
    if not needs_value:
        if value:
            problems.add(f"{where}: value {value!r} given; a {row['kind']} row has no value")
        return
    if not value.isdigit() or int(value) == 0:
        problems.add(f"{where}: value {value!r} is not a whole number above 0; allowed: digits only (357, 5367580)")
    elif int(value) not in numbers_in(row["quote"]):
        problems.add(f"{where}: value {value} is not written in its quote; the quote must show the figure "
                     f"(numbers in it: {', '.join(map(str, sorted(numbers_in(row['quote'])))) or 'none'})")


def _check_year(where: str, row: pd.Series, problems: Problems, today: date) -> None:
    year = row["year"]
    if row["kind"] in ("definition", "context"):
        if year and not _YEAR.match(year):
            problems.add(f"{where}: year {year!r} is not a year (YYYY) or empty")
        return
    if not _YEAR.match(year):
        problems.add(f"{where}: year {year!r} is not a year; allowed: YYYY, the year the figure speaks for")
        return
    if int(year) > today.year:
        problems.add(f"{where}: year {year} is after this year ({today.year})")
    try:
        said = curated.source_date(row["as_of"])
    except ValueError:
        return  # named by _check_as_of
    if said.year is not None and int(year) > said.year:
        problems.add(f"{where}: year {year} is after its source's date {row['as_of']}; a source cannot give a "
                     "figure for a later year")


def _check_area(where: str, row: pd.Series, problems: Problems, centre_ids: set[str] | None,
                fylker: set[str] | None) -> None:
    scope, area = row["scope"], row["area"]
    if scope in ("", "national"):
        if area:
            problems.add(f"{where}: area {area!r} given for scope {scope or 'none'!r}; only fylke and centre rows "
                         "name an area")
    elif row["kind"] == "not_published" and area == ALL_AREAS:
        return
    elif scope == "fylke" and not (re.fullmatch(r"\d\d", area) and (fylker is None or area in fylker)):
        known = f"; known: {', '.join(sorted(fylker))}" if fylker else ""
        problems.add(f"{where}: area {area!r} is not a fylkesnummer (two digits) of the 2024 division{known}")
    elif scope == "centre" and (not area or (centre_ids is not None and area not in centre_ids)):
        problems.add(f"{where}: area {area!r} is not a centre id in crisis_centres.csv")


def search_log(path: Path | None = None, today: date | None = None) -> pd.DataFrame:
    """Every search for capacity figures in the stored pages: topic, day, queries, pages read, result."""
    return evidence.topic_log(path or curated.GEODATA / LOG, LOG_COLUMNS, "topic",
                              "name what was searched for (e.g. per_fylke)", today=today, unique=True)
