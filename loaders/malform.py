"""The official language form (målform) of every kommune and fylkeskommune, and the document language it gives.

geodata/malform.csv holds one row per kommune of the 2024 division (357): nynorsk, bokmål, nøytral or unknown, with
source URL, the source's own date and a verbatim quote; geodata/malform_fylker.csv one row per fylke (15);
geodata/malform_search_log.csv every search for them, found or not. The loaders collect every problem in a file
and raise once (loaders.problems). `document_lang` and `fylke_document_lang` are the one rule for the language a
document about a place defaults to: Nynorsk ('nn') where the place's målform is nynorsk, else Bokmål ('nb') —
nøytral and unknown included. See geodata/README.md, "Målform".
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from loaders import curated, evidence
from loaders.problems import Problems

FILE = "malform.csv"
FYLKE_FILE = "malform_fylker.csv"
LOG_FILE = "malform_search_log.csv"
FORMS = ("nynorsk", "bokmål", "nøytral", "unknown")
LANG_OF_FORM = {"nynorsk": "nn"}  # every other form, unknown included, gives Bokmål
DEFAULT_LANG = "nb"
COLUMNS = ["kommunenummer", "kommunenavn", "malform", "source_url", "as_of", "quote", "other_sources", "notes"]
FYLKE_COLUMNS = ["fylkesnummer", "fylkesnavn", "malform", "source_url", "as_of", "quote", "notes"]
LOG_COLUMNS = ["searched_on", "scope", "queries", "pages_read", "result", "notes"]
LOG_RESULTS = ("found", "nothing")
_KNR = re.compile(r"^\d{4}$")
_FNR = re.compile(r"^\d{2}$")


def _check_sources(df: pd.DataFrame, problems: Problems) -> None:
    """Form word, source URL, date and quote of every row; a row whose form is known needs all three."""
    curated._allowed(df, "malform", FORMS, problems)
    curated._check_as_of(df, problems)
    for i, row in df.iterrows():
        url, quote = row["source_url"].strip(), row["quote"].strip()
        if url and not curated._URL.match(url):
            problems.add(f"row {i + 2}: source_url {url!r} is not a http(s) URL")
        if row["malform"] != "unknown" and not (url and quote):
            problems.add(f"row {i + 2}: malform {row['malform']!r} needs its source_url and a verbatim quote; "
                         "write 'unknown' where no source states it")
        if len(quote) > evidence.QUOTE_MAX:
            problems.add(f"row {i + 2}: quote has {len(quote)} characters; at most {evidence.QUOTE_MAX} allowed")
        for other in row.get("other_sources", "").split():
            if not curated._URL.match(other):
                problems.add(f"row {i + 2}: other_sources {other!r} is not a http(s) URL")


def kommuner(valid: set[str] | None, path: Path | None = None) -> pd.DataFrame:
    """One row per kommune. With `valid` (the 2024 division's numbers) every kommune must have exactly one row and
    no other number may appear; without it the rows are checked on their own."""
    path = path or curated.GEODATA / FILE
    problems = Problems(path.name)
    df = evidence._read(path, problems, COLUMNS)
    if set(COLUMNS) <= set(df.columns):
        for i, knr in df["kommunenummer"].items():
            if not _KNR.match(knr):
                problems.add(f"row {i + 2}: kommunenummer {knr!r} is not four digits")
            elif valid is not None and knr not in valid:
                problems.add(f"row {i + 2}: kommunenummer {knr} is not in the 2024 division (357 kommuner); "
                             "give the 2024 number")
        curated._duplicates(df, ["kommunenummer"], problems)
        if valid is not None:
            absent = sorted(valid - set(df["kommunenummer"]))
            if absent:
                problems.add(f"{len(absent)} kommune(r) have no row: {', '.join(absent)}; every kommune needs one "
                             "(malform 'unknown' where no source states it)")
        _check_sources(df, problems)
    problems.raise_if_any()
    df.attrs["notices"] = list(problems.notices)
    return df


def fylker(valid_fylker: set[str] | None = None, path: Path | None = None) -> pd.DataFrame:
    """One row per fylke (the fylkeskommune's vedtak); with `valid_fylker` every fylke must have exactly one row."""
    path = path or curated.GEODATA / FYLKE_FILE
    problems = Problems(path.name)
    df = evidence._read(path, problems, FYLKE_COLUMNS)
    if set(FYLKE_COLUMNS) <= set(df.columns):
        for i, fnr in df["fylkesnummer"].items():
            if not _FNR.match(fnr) or (valid_fylker is not None and fnr not in valid_fylker):
                problems.add(f"row {i + 2}: fylkesnummer {fnr!r} is not a fylke of the 2024 division (15 fylker)")
        curated._duplicates(df, ["fylkesnummer"], problems)
        absent = sorted((valid_fylker or set()) - set(df["fylkesnummer"]))
        if absent:
            problems.add(f"fylke(r) {', '.join(absent)} have no row; every fylke needs one ('unknown' if unsourced)")
        _check_sources(df, problems)
    problems.raise_if_any()
    df.attrs["notices"] = list(problems.notices)
    return df


def search_log(path: Path | None = None, today: date | None = None) -> pd.DataFrame:
    """Every search for målform sources: when, what for (scope), queries, pages read, found or nothing."""
    return evidence.topic_log(path or curated.GEODATA / LOG_FILE, LOG_COLUMNS, "scope",
                              "name the kommune, fylke or list searched for", LOG_RESULTS, today)


def lang_of(form: str) -> str:
    """The document language a målform gives: 'nn' for nynorsk, 'nb' for bokmål, nøytral and unknown."""
    return LANG_OF_FORM.get(form, DEFAULT_LANG)


@lru_cache(maxsize=1)
def _forms() -> tuple[dict[str, str], dict[str, str]]:
    kommune = kommuner(None)
    fylke = fylker(None)
    return (dict(zip(kommune["kommunenummer"], kommune["malform"], strict=True)),
            dict(zip(fylke["fylkesnummer"], fylke["malform"], strict=True)))


def malform(kommunenummer: str) -> str:
    """The kommune's målform as the curated table states it ('unknown' for a number it has no row for)."""
    return _forms()[0].get(str(kommunenummer).strip().zfill(4), "unknown")


def document_lang(kommunenummer: str) -> str:
    """The language a document about this kommune defaults to: 'nn' for a Nynorsk kommune, else 'nb'."""
    return lang_of(malform(kommunenummer))


def fylke_malform(fylke: str) -> str:
    """The fylkeskommune's målform ('unknown' for a number without a row)."""
    return _forms()[1].get(str(fylke).strip().zfill(2), "unknown")


def fylke_document_lang(fylke: str) -> str:
    """The language a document about this fylke defaults to: 'nn' where the fylkeskommune's målform is nynorsk."""
    return lang_of(fylke_malform(fylke))
