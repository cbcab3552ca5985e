"""Plan evidence beyond one row per kommune: joint (inter-municipal) plans, the rule for *adopted* on every plan
row, and the log of every search of the stored public pages (geodata/README.md, "Plans: the rule for adopted").

A plan row counts as adopted or expired only with an `adopted_basis`: `decision` (a political decision is
sourced), `published_final` (a final plan published by the kommune itself) or `joined` (the source says the
kommune adopted or joined a joint plan, whose `joint_plan_id` it names). Every plan row carries a verbatim
`quote` (≤ 300 characters) from the stored copy of its `source_url`. Problems are collected and raised once.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from loaders import curated
from loaders.problems import Problems
from loaders.safety import unsafe

ADOPTED_BASES = ("decision", "published_final", "joined")
CARRIED = ("adopted", "expired")  # the statuses that rest on the rule for adopted
SEARCH_RESULTS = ("found", "lead", "nothing")
QUOTE_MAX = 300
PLAN_COLUMNS = ("joint_plan_id", "adopted_basis", "quote")
JOINT_COLUMNS = ["joint_plan_id", "title", "region", "period_start", "period_end", "published", "source_url", "as_of",
                 "quote", "notes"]
LOG_COLUMNS = ["kommunenummer", "kommunenavn", "searched_on", "queries", "pages_read", "result", "notes"]
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_YEAR = re.compile(r"^(?:(?:19|20)\d\d)?$")
_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")


def _read(path: Path, problems: Problems, required: list[str]) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in required if c not in df.columns]
    if missing:
        problems.add(f"missing column(s) {', '.join(missing)}; required: {', '.join(required)}")
    for col in df.columns:
        for i, value in df[col].items():
            if why := unsafe(value):
                problems.add(f"row {i + 2}, {col}: {value[:60]!r} looks like {why}; not allowed")
    return df


def _check_quotes(df: pd.DataFrame, problems: Problems) -> None:
    for i, quote in df["quote"].items():
        if not quote.strip():
            problems.add(f"row {i + 2}: quote is missing; copy a verbatim sentence (≤ {QUOTE_MAX} characters) "
                         "from the stored copy of source_url")
        elif len(quote) > QUOTE_MAX:
            problems.add(f"row {i + 2}: quote has {len(quote)} characters; at most {QUOTE_MAX} allowed")


def joint_ids(path: Path | None = None) -> set[str] | None:
    """The ids in joint_plans.csv as written (None when the file cannot be read: its own check names why)."""
    try:
        return set(pd.read_csv(path or curated.GEODATA / "joint_plans.csv", dtype=str,
                               keep_default_na=False)["joint_plan_id"])
    except (OSError, ValueError, KeyError):
        return None


def check_plan_rows(df: pd.DataFrame, problems: Problems, known: set[str] | None = None) -> None:
    """The rule for adopted on action_plans.csv rows: basis allowed and present exactly where it is needed, joint
    plan ids that exist, a quote on every row. `known`: joint plan ids (default: read from joint_plans.csv)."""
    missing = [c for c in PLAN_COLUMNS if c not in df.columns]
    if missing:
        problems.add(f"missing column(s) {', '.join(missing)}; required with the rule for adopted: {', '.join(PLAN_COLUMNS)}")
        return
    known = joint_ids() if known is None else known
    for i, row in df.iterrows():
        where, basis, joint = f"row {i + 2} ({row.get('kommunenummer', '?')})", row["adopted_basis"], row["joint_plan_id"]
        if row.get("status") in CARRIED and basis not in ADOPTED_BASES:
            what = "is missing" if not basis else f"{basis!r} is not allowed"
            problems.add(f"{where}: adopted_basis {what} for status {row['status']!r}; allowed: {', '.join(ADOPTED_BASES)}")
        elif row.get("status") not in CARRIED and basis:
            problems.add(f"{where}: adopted_basis {basis!r} given for status {row.get('status')!r}; "
                         f"only {', '.join(CARRIED)} rows have one")
        if basis == "joined" and not joint:
            problems.add(f"{where}: adopted_basis 'joined' needs the joint_plan_id of the plan the kommune joined")
        if joint and known is not None and joint not in known:
            problems.add(f"{where}: joint_plan_id {joint!r} is not in joint_plans.csv; known: {', '.join(sorted(known))}")
    _check_quotes(df, problems)


def joint_plans(path: Path | None = None) -> pd.DataFrame:
    """Joint plans: one row per plan shared by several kommuner; members name it in action_plans.csv."""
    path = path or curated.GEODATA / "joint_plans.csv"
    problems = Problems(path.name)
    df = _read(path, problems, JOINT_COLUMNS)
    if set(JOINT_COLUMNS) <= set(df.columns):
        curated._check_urls(df, problems)
        curated._check_as_of(df, problems)
        curated._duplicates(df, ["joint_plan_id"], problems)
        for i, row in df.iterrows():
            if not _ID.match(row["joint_plan_id"]):
                problems.add(f"row {i + 2}: joint_plan_id {row['joint_plan_id']!r} must be lower-case words joined by "
                             "'-' (e.g. 'vesteraalen-2020')")
            if not row["title"].strip():
                problems.add(f"row {i + 2}: title is missing")
            for col in ("period_start", "period_end"):
                if not _YEAR.match(row[col]):
                    problems.add(f"row {i + 2}: {col} {row[col]!r} is not a year (YYYY) or empty")
            try:
                curated.source_date(row["published"])
            except ValueError as exc:
                problems.add(f"row {i + 2}: published: {exc}")
        _check_quotes(df, problems)
    return curated._finish(df, problems)


def search_log(valid: set[str], path: Path | None = None, crosswalk: pd.DataFrame | None = None,
               today: date | None = None) -> pd.DataFrame:
    """Every kommune searched in the stored pages: when, with which queries, which pages were read, and the result."""
    path = path or curated.GEODATA / "plan_search_log.csv"
    problems = Problems(path.name)
    df = _read(path, problems, LOG_COLUMNS)
    if set(LOG_COLUMNS) <= set(df.columns):
        df = curated._translate(df, problems, valid, crosswalk)
        curated._duplicates(df, ["kommunenummer", "searched_on"], problems)
        curated._allowed(df, "result", SEARCH_RESULTS, problems)
        for i, row in df.iterrows():
            _check_log_row(i, row, problems, today or date.today())
    problems.raise_if_any()
    df.attrs["notices"] = list(problems.notices)
    return df


def topic_log(path: Path, columns: list[str], subject: str, hint: str, results=SEARCH_RESULTS,
              today: date | None = None, unique: bool = False) -> pd.DataFrame:
    """A search log whose rows name what was searched for in column `subject` (a topic or a scope, not a kommune):
    every row names it (else `hint` says what to write), has a result from `results` and a real day; with `unique`
    no subject is logged twice on one day. Every problem at once."""
    problems = Problems(path.name)
    df = _read(path, problems, columns)
    if set(columns) <= set(df.columns):
        if unique:
            curated._duplicates(df, [subject, "searched_on"], problems)
        curated._allowed(df, "result", results, problems)
        for i, row in df.iterrows():
            if not row[subject].strip():
                problems.add(f"row {i + 2}: {subject} is missing; {hint}")
            _check_log_row(i, row, problems, today or date.today())
    problems.raise_if_any()
    df.attrs["notices"] = list(problems.notices)
    return df


def _check_log_row(i: int, row: pd.Series, problems: Problems, today: date) -> None:
    when = row["searched_on"]
    try:
        day = date.fromisoformat(when) if _DAY.match(when) else None
    except ValueError:
        day = None
    if day is None:
        problems.add(f"row {i + 2}: searched_on {when!r} is not a date; allowed: YYYY-MM-DD")
    elif day > today:
        problems.add(f"row {i + 2}: searched_on {when} is after today ({today.isoformat()})")
    if not row["queries"].strip():
        problems.add(f"row {i + 2}: queries is missing; list each query, separated by ' | '")
    pages = row["pages_read"].split()
    for url in pages:
        if not curated._URL.match(url):
            problems.add(f"row {i + 2}: pages_read {url!r} is not a http(s) URL")
    if row["result"] in ("found", "lead") and not pages:
        problems.add(f"row {i + 2}: result {row['result']!r} needs the page(s) read in pages_read")


def joint_columns(plans: pd.DataFrame, joints: pd.DataFrame) -> pd.DataFrame:
    """Per plan row: the title, region and publication date of the joint plan it belongs to ('' for a kommune's own
    plan)."""
    names = joints[["joint_plan_id", "title", "region", "published"]].rename(
        columns={"title": "plan_joint_title", "region": "plan_joint_region", "published": "plan_joint_published"})
    out = plans[["kommunenummer", "joint_plan_id"]].merge(names, on="joint_plan_id", how="left")
    return out.drop(columns="joint_plan_id").fillna("")
