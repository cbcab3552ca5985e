"""The log of documented catchments re-read against newer sources: geodata/catchment_review.csv.

One row per documented kommune → centre pair whose source was older than five years when it was re-read: the
queries run, the pages read, and the outcome — `confirmed_newer` (a newer source names the same centre; the pair's
row in catchments.csv now cites it, in `source_url` or `notes`), `changed` (a newer source names another centre;
the kommune's row now cites that source) or `nothing_newer` (the row is kept as it was). `review` checks the log
against catchments.csv and that every documented pair older than five years at the last search is in it; every
problem is collected and raised once.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from loaders import curated
from loaders.problems import Problems
from loaders.safety import unsafe

FILE = "catchment_review.csv"
COLUMNS = ["kommunenummer", "centre_id", "old_as_of", "searched_on", "queries", "pages_read", "result",
           "new_source_url", "notes"]
RESULTS = ("confirmed_newer", "changed", "nothing_newer")
MAX_AGE_YEARS = 5


def review(valid: set[str], catchments: pd.DataFrame, path=None, today: date | None = None) -> pd.DataFrame:
    """The validated log; `catchments` is curated.catchments()'s table (2024 kommunenummer)."""
    path = path or curated.GEODATA / FILE
    problems = Problems(path.name)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        problems.add(f"missing column(s) {', '.join(missing)}; required: {', '.join(COLUMNS)}")
        problems.raise_if_any()
    _check_rows(df, valid, set(catchments["centre_id"]), problems, today or date.today())
    if not problems.items:
        _check_against(df, catchments, problems)
        _check_complete(df, catchments, problems)
    problems.raise_if_any()
    df.attrs["notices"] = []
    return df


def _check_rows(df: pd.DataFrame, valid: set[str], centre_ids: set[str], problems: Problems, today: date) -> None:
    """Each row on its own: known kommune and centre, dates, a result word, queries, a URL where one is due."""
    for i, row in df.iterrows():
        at = f"row {i + 2}"
        if row["kommunenummer"] not in valid:
            problems.add(f"{at}: kommunenummer {row['kommunenummer']!r} is not in the 2024 division (357 kommuner)")
        if row["centre_id"] not in centre_ids:
            problems.add(f"{at}: centre_id {row['centre_id']!r} has no row in catchments.csv")
        when = _date(row["old_as_of"], f"{at}: old_as_of", problems)
        if when is not None and when.undated:
            problems.add(f"{at}: old_as_of is 'undated'; the log holds pairs whose dated source was old")
        searched = _date(row["searched_on"], f"{at}: searched_on", problems)
        if searched is not None and (searched.precision != "day" or searched.start > today):
            problems.add(f"{at}: searched_on {row['searched_on']!r} must be a full date (YYYY-MM-DD), not in the future")
        if row["result"] not in RESULTS:
            problems.add(f"{at}: result {row['result']!r} is not allowed; allowed: {', '.join(RESULTS)}")
        if not row["queries"].strip():
            problems.add(f"{at}: queries is empty; log every search, found or not")
        needs_url = row["result"] in ("confirmed_newer", "changed")
        if needs_url != bool(row["new_source_url"].strip()):
            problems.add(f"{at}: new_source_url {row['new_source_url']!r} is wrong for result {row['result']!r}; "
                         "confirmed_newer and changed need the newer source's URL, nothing_newer none")
        for col in COLUMNS:
            if why := unsafe(row[col]):
                problems.add(f"{at}, {col}: {row[col][:60]!r} looks like {why}; not allowed")
    curated._check_urls(df[df["new_source_url"].str.strip() != ""], problems, "new_source_url")
    for (knr, cid), rows in df.groupby(["kommunenummer", "centre_id"]).groups.items():
        if len(rows) > 1:
            problems.add(f"duplicate pair {knr}/{cid} on rows {', '.join(str(r + 2) for r in rows)}; each may appear once")


def _date(text: str, what: str, problems: Problems):
    try:
        return curated.source_date(text)
    except ValueError as exc:
        problems.add(f"{what}: {exc}")
        return None


def _check_against(df: pd.DataFrame, catchments: pd.DataFrame, problems: Problems) -> None:
    """The outcome must be what catchments.csv says now."""
    pairs = catchments.set_index(["kommunenummer", "centre_id"])
    for i, row in df.iterrows():
        at, key = f"row {i + 2} ({row['kommunenummer']}/{row['centre_id']})", (row["kommunenummer"], row["centre_id"])
        url = row["new_source_url"].strip()
        if row["result"] == "changed":
            now = catchments[(catchments["kommunenummer"] == row["kommunenummer"]) & (catchments["source_url"] == url)]
            if now.empty or (now["centre_id"] == row["centre_id"]).any():
                problems.add(f"{at}: result 'changed' but no catchments.csv row for the kommune cites {url} with "
                             "another centre")
        elif key not in pairs.index:
            problems.add(f"{at}: result {row['result']!r} but catchments.csv has no such pair")
        elif row["result"] == "nothing_newer" and pairs.loc[key, "as_of"] != row["old_as_of"]:
            problems.add(f"{at}: result 'nothing_newer' but catchments.csv now dates the pair "
                         f"{pairs.loc[key, 'as_of']!r}, not {row['old_as_of']!r}")
        elif row["result"] == "confirmed_newer" and url != pairs.loc[key, "source_url"] \
                and url not in str(pairs.loc[key].get("notes", "")):
            problems.add(f"{at}: result 'confirmed_newer' but the pair's row cites {url} neither as source_url "
                         "nor in notes")


def _check_complete(df: pd.DataFrame, catchments: pd.DataFrame, problems: Problems) -> None:
    """Every documented pair older than MAX_AGE_YEARS at the last search must have been re-read."""
    if df.empty:
        return
    last = max(date.fromisoformat(d) for d in df["searched_on"])
    logged = set(zip(df["kommunenummer"], df["centre_id"], strict=True))
    for row in catchments.itertuples():
        if (row.kommunenummer, row.centre_id) not in logged and curated.older_than(row.as_of, MAX_AGE_YEARS, last):
            problems.add(f"catchments.csv pair {row.kommunenummer}/{row.centre_id} ({row.as_of}) is older than "
                         f"{MAX_AGE_YEARS} years at {last.isoformat()} and has no row here; re-read it and log the search")
