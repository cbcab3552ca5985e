"""Read and validate the project's curated tables in geodata/: centres, catchments, action plans.

Every problem in a file is collected and raised once (ValidationError). Pre-2024 kommunenummer are
translated through SSB's 2023→2024 crosswalk with a notice in `df.attrs["notices"]`.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from loaders.problems import Problems
from loaders.safety import ADDRESS_COLUMN as _ADDRESS_COLUMN
from loaders.safety import unsafe

GEODATA = Path(__file__).resolve().parent.parent / "geodata"
PLAN_STATUSES = ("adopted", "in_progress", "expired", "none")
CENTRE_STATUSES = ("active", "closed")
MEN_OFFER = ("yes", "no", "partial", "unknown")
LOCATION_EVIDENCE = ("documented", "inferred", "placeholder")
_URL = re.compile(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$")
_DECIMALS = re.compile(r"^-?\d{1,3}(\.\d{1,2})?$")
_AS_OF = re.compile(r"^(?P<y>(?:19|20)\d\d)(?:-(?P<m>\d\d)(?:-(?P<d>\d\d))?)?$")
AS_OF_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD (the source's own date, as precise as the source) or 'undated'"
UNDATED = "undated"

REQUIRED = {
    "crisis_centres.csv": ["id", "name", "host_kommunenummer", "town", "lat", "lon", "location_evidence",
                           "men_offer", "status", "source_url", "as_of"],
    "catchments.csv": ["kommunenummer", "centre_id", "source_url", "as_of", "evidence_tag"],
    "action_plans.csv": ["kommunenummer", "status", "plan_title", "period_start", "period_end", "partners",
                         "source_url", "as_of"],
    "action_plan_leads.csv": ["kommunenummer", "source_url", "as_of"],
    "centre_departments.csv": ["centre_id", "department", "host_kommunenummer", "town", "lat", "lon", "source_url",
                               "as_of"],
}


class SourceDate(NamedTuple):
    """What an `as_of` text says: the period its source speaks for (first and last day) and how precise it is."""

    text: str
    precision: str  # "day", "month", "year" or "undated"
    start: date | None
    end: date | None

    @property
    def undated(self) -> bool:
        return self.precision == UNDATED

    @property
    def year(self) -> int | None:
        return None if self.start is None else self.start.year

    @property
    def parts(self) -> tuple[int, ...]:
        """(year,), (year, month) or (year, month, day), as precise as the source; () when undated."""
        n = {"year": 1, "month": 2, "day": 3}.get(self.precision, 0)
        return (self.start.year, self.start.month, self.start.day)[:n] if n else ()


def source_date(text: str) -> SourceDate:
    """Parse an `as_of` value; anything but YYYY, YYYY-MM, YYYY-MM-DD or 'undated' is a ValueError naming it."""
    value = (text or "").strip()
    if value == UNDATED:
        return SourceDate(value, UNDATED, None, None)
    m = _AS_OF.match(value)
    try:
        if m is None:
            raise ValueError
        y, mo, d = int(m["y"]), m["m"], m["d"]
        if d is not None:
            day = date(y, int(mo), int(d))
            return SourceDate(value, "day", day, day)
        if mo is not None:
            month = int(mo)
            return SourceDate(value, "month", date(y, month, 1), date(y, month, monthrange(y, month)[1]))
        return SourceDate(value, "year", date(y, 1, 1), date(y, 12, 31))
    except ValueError:
        raise ValueError(f"as_of {text!r} is not a date; allowed: {AS_OF_FORMS}") from None


def age_years(text: str, today: date | None = None) -> float | None:
    """Years from the end of the period the source speaks for to `today` (the least the evidence can have aged);
    None for an undated source. 'plan i arbeid per 2021' is 2021 → age counted from 31 December 2021."""
    when = source_date(text)
    if when.undated:
        return None
    return max(0.0, ((today or date.today()) - when.end).days / 365.25)


def older_than(text: str, years: float = 3, today: date | None = None) -> bool | None:
    """True when the evidence is certainly more than `years` old; None when the source is undated."""
    age = age_years(text, today)
    return None if age is None else age > years


def with_source_dates(df: pd.DataFrame, column: str = "as_of") -> pd.DataFrame:
    """Add `<column>_date` (first day of the stated period, NaT if undated), `_year` (Int64), `_precision` and
    `_undated` parsed from an `as_of` column (validated already)."""
    parsed = [source_date(v) for v in df[column]]
    return df.assign(**{
        f"{column}_date": pd.to_datetime([p.start for p in parsed]),
        f"{column}_year": pd.array([p.year for p in parsed], dtype="Int64"),
        f"{column}_precision": [p.precision for p in parsed],
        f"{column}_undated": [p.undated for p in parsed],
    })


def period_end(period: str) -> str:
    """The end of a period written 'START–END' (the register's and the joined table's form): '2023–2026' → '2026';
    a single year is a start only ('2023' → ''), and so is an empty period."""
    _, dash, end = re.sub(r"\s*[-–—]\s*", "–", (period or "").strip()).partition("–")
    return end if dash else ""


def plan_status_on(status: str, end: str, day: date) -> str:
    """The one rule for whether a plan is current on `day` (the curated loader and the register's overlay call it).

    An adopted plan is current through the last day of its period and 'expired' from the day after; `end` is the
    period's end as a source date, so a year means its 31 December: a 2023–2026 plan is adopted on 2026-12-31 and
    expired on 2027-01-01. No end ('') keeps the status; any other status is returned as it is. An end that is not
    a date is a ValueError naming it."""
    end = (end or "").strip()
    if status != "adopted" or not end:
        return status
    try:
        last = source_date(end).end
    except ValueError:
        last = None
    if last is None:
        raise ValueError(f"period end {end!r} is not a date; allowed: the year the plan ends (YYYY, or YYYY-MM, "
                         "YYYY-MM-DD) or empty")
    return "expired" if day > last else status


def _read(path: Path, problems: Problems, kind: str) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in REQUIRED[kind] if c not in df.columns]
    if missing:
        problems.add(f"missing column(s) {', '.join(missing)}; required: {', '.join(REQUIRED[kind])}")
    for col in df.columns:
        if _ADDRESS_COLUMN.search(col):
            problems.add(f"column {col!r} looks like an address; crisis-centre addresses are secret and not allowed")
    for col in df.columns:
        for i, value in df[col].items():
            if why := unsafe(value):
                problems.add(f"row {i + 2}, {col}: {value[:60]!r} looks like {why}; not allowed")
    return df


def _check_urls(df: pd.DataFrame, problems: Problems, column: str = "source_url") -> None:
    for i, url in df.get(column, pd.Series(dtype=str)).items():
        if not url.strip():
            problems.add(f"row {i + 2}: {column} is missing; every row needs a public source URL")
        elif not _URL.match(url.strip()):
            problems.add(f"row {i + 2}: {column} {url!r} is not a http(s) URL")


def _check_as_of(df: pd.DataFrame, problems: Problems) -> None:
    for i, value in df.get("as_of", pd.Series(dtype=str)).items():
        if not value.strip():
            problems.add(f"row {i + 2}: as_of is missing; give the source's date or year, or 'undated'")
            continue
        try:
            source_date(value)
        except ValueError as exc:
            problems.add(f"row {i + 2}: {exc}")


def _check_town_points(df: pd.DataFrame, problems: Problems) -> None:
    for col in ("lat", "lon"):
        for i, value in df[col].items():
            if not _DECIMALS.match(value.strip()):
                problems.add(f"row {i + 2}: {col} {value!r} must be a number with at most 2 decimals (town level)")


def _translate(df: pd.DataFrame, problems: Problems, valid: set[str], crosswalk: pd.DataFrame | None) -> pd.DataFrame:
    """Map pre-2024 kommunenummer to 2024 ones (with a notice); unknown or split numbers are problems."""
    targets = {} if crosswalk is None else crosswalk.groupby("gammelt")["nytt"].apply(list).to_dict()
    out = df["kommunenummer"].copy()
    for i, knr in df["kommunenummer"].items():
        if knr in valid:
            continue
        if not re.fullmatch(r"\d{4}", knr):
            problems.add(f"row {i + 2}: kommunenummer {knr!r} is not four digits")
        elif knr in targets and len(targets[knr]) == 1:
            out[i] = targets[knr][0]
            problems.notice(f"row {i + 2}: old kommunenummer {knr} translated to {out[i]} (2024 division)")
        elif knr in targets:
            problems.add(f"row {i + 2}: kommunenummer {knr} was split into {', '.join(targets[knr])}; give the 2024 number")
        else:
            problems.add(f"row {i + 2}: kommunenummer {knr!r} is not in the 2024 division (357 kommuner) nor the 2023 crosswalk")
    return df.assign(kommunenummer=out)


def _duplicates(df: pd.DataFrame, columns: list[str], problems: Problems) -> None:
    dup = df[df.duplicated(columns, keep=False)]
    for values, rows in dup.groupby(columns[0] if len(columns) == 1 else columns).groups.items():
        lines = ", ".join(str(r + 2) for r in rows)
        problems.add(f"duplicate {'/'.join(columns)} {values!r} on rows {lines}; each may appear once")


def _allowed(df: pd.DataFrame, column: str, allowed: tuple[str, ...], problems: Problems) -> None:
    for i, value in df[column].items():
        if value not in allowed:
            problems.add(f"row {i + 2}: {column} {value!r} is not allowed; allowed: {', '.join(allowed)}")


def _finish(df: pd.DataFrame, problems: Problems) -> pd.DataFrame:
    problems.raise_if_any()
    notices = list(problems.notices)
    if "as_of" in df.columns:
        df = with_source_dates(df)
    df.attrs["notices"] = notices
    return df


def centres(valid: set[str], path: Path | None = None, crosswalk: pd.DataFrame | None = None) -> pd.DataFrame:
    """Crisis centres at town level (lat/lon ≤ 2 decimals), with status, evidence and sources."""
    path = path or GEODATA / "crisis_centres.csv"
    problems = Problems(path.name)
    df = _read(path, problems, "crisis_centres.csv")
    _check_urls(df, problems)
    _check_as_of(df, problems)
    if {"id", "lat", "lon", "status", "men_offer", "location_evidence"} <= set(df.columns):
        _duplicates(df, ["id"], problems)
        _allowed(df, "status", CENTRE_STATUSES, problems)
        _allowed(df, "men_offer", MEN_OFFER, problems)
        _allowed(df, "location_evidence", LOCATION_EVIDENCE, problems)
        _check_town_points(df, problems)
        hosts = df[df["host_kommunenummer"] != ""]
        translated = _translate(hosts.rename(columns={"host_kommunenummer": "kommunenummer"}), problems, valid, crosswalk)
        df.loc[hosts.index, "host_kommunenummer"] = translated["kommunenummer"]
    problems.raise_if_any()
    df["lat"] = df["lat"].astype(float)
    df["lon"] = df["lon"].astype(float)
    return _finish(df, problems)


def catchments(valid: set[str], centre_ids: set[str], path: Path | None = None,
               crosswalk: pd.DataFrame | None = None) -> pd.DataFrame:
    """Documented kommune → centre pairs (several per kommune possible; the join resolves conflicts)."""
    path = path or GEODATA / "catchments.csv"
    problems = Problems(path.name)
    df = _read(path, problems, "catchments.csv")
    _check_urls(df, problems)
    _check_as_of(df, problems)
    if {"kommunenummer", "centre_id"} <= set(df.columns):
        df = _translate(df, problems, valid, crosswalk)
        _duplicates(df, ["kommunenummer", "centre_id"], problems)
        for i, cid in df["centre_id"].items():
            if cid not in centre_ids:
                problems.add(f"row {i + 2}: centre_id {cid!r} is not in crisis_centres.csv")
    return _finish(df, problems)


def _expire_ended(df: pd.DataFrame, problems: Problems, day: date) -> None:
    """Each plan's status on `day` by `plan_status_on`: an adopted plan whose period has ended becomes 'expired'
    (with a notice); a period end that is not a date is a problem."""
    for i in df.index if "period_end" in df else ():
        status, end = df.at[i, "status"], df.at[i, "period_end"]
        try:
            now = plan_status_on(status, end, day)
        except ValueError as exc:
            problems.add(f"row {i + 2}: {exc}")
            continue
        if now != status:
            problems.notice(f"row {i + 2}: {df.at[i, 'kommunenummer']} plan period ended {end.strip()}: loaded as expired")
            df.at[i, "status"] = now


def action_plans(valid: set[str], path: Path | None = None, crosswalk: pd.DataFrame | None = None,
                 today: date | None = None, joint_ids: set[str] | None = None) -> pd.DataFrame:
    """Plan evidence per kommune; an 'adopted' plan whose period has ended loads as 'expired' (notice)."""
    path = path or GEODATA / "action_plans.csv"
    problems = Problems(path.name)
    df = _read(path, problems, "action_plans.csv")
    _check_urls(df, problems)
    _check_as_of(df, problems)
    if {"kommunenummer", "status"} <= set(df.columns):
        df = _translate(df, problems, valid, crosswalk)
        _duplicates(df, ["kommunenummer"], problems)
        _allowed(df, "status", PLAN_STATUSES, problems)
        _expire_ended(df, problems, today or date.today())
    from loaders import evidence  # the rule for adopted, joint plans and quotes (loaders/evidence.py)

    evidence.check_plan_rows(df, problems, joint_ids)
    return _finish(df, problems)


def plan_leads(valid: set[str], path: Path | None = None, crosswalk: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sources that mention a kommune's plan without settling its status (the kommune stays 'unknown')."""
    path = path or GEODATA / "action_plan_leads.csv"
    problems = Problems(path.name)
    df = _read(path, problems, "action_plan_leads.csv")
    _check_urls(df, problems)
    _check_as_of(df, problems)
    if "kommunenummer" in df.columns:
        df = _translate(df, problems, valid, crosswalk)
        _duplicates(df, ["kommunenummer"], problems)
    return _finish(df, problems)


def departments(valid: set[str], centres: pd.DataFrame, path: Path | None = None,
                crosswalk: pd.DataFrame | None = None) -> pd.DataFrame:
    """Town points of centres with more than one documented department (e.g. Krisesenter Vest: Haugesund and
    Stord); a centre without rows here has one point, its own. Same town-level rule as the centres."""
    path = path or GEODATA / "centre_departments.csv"
    problems = Problems(path.name)
    df = _read(path, problems, "centre_departments.csv")
    _check_urls(df, problems)
    _check_as_of(df, problems)
    if set(REQUIRED["centre_departments.csv"]) <= set(df.columns):
        _duplicates(df, ["centre_id", "department"], problems)
        _check_town_points(df, problems)
        known = set(centres["id"])
        for i, cid in df["centre_id"].items():
            if cid not in known:
                problems.add(f"row {i + 2}: centre_id {cid!r} is not in crisis_centres.csv")
        for cid, n in df["centre_id"].value_counts().items():
            if n < 2 and cid in known:
                problems.add(f"centre_id {cid!r} has {n} department row; list a centre here only with 2 or more "
                             "departments (one point is the centre's own lat/lon)")
        translated = _translate(df.rename(columns={"host_kommunenummer": "kommunenummer"}), problems, valid, crosswalk)
        df["host_kommunenummer"] = translated["kommunenummer"]
    problems.raise_if_any()
    df["lat"] = df["lat"].astype(float)
    df["lon"] = df["lon"].astype(float)
    return _finish(df, problems)
