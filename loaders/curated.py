"""Read and validate the project's curated tables in geodata/: centres, catchments, action plans.

Every problem in a file is collected and raised once (ValidationError). Pre-2024 kommunenummer are
translated through SSB's 2023→2024 crosswalk with a notice in `df.attrs["notices"]`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from loaders.problems import Problems
from loaders.safety import ADDRESS_COLUMN as _ADDRESS_COLUMN
from loaders.safety import ADDRESS_TEXT as _ADDRESS_TEXT

GEODATA = Path(__file__).resolve().parent.parent / "geodata"
PLAN_STATUSES = ("adopted", "in_progress", "expired", "none")
CENTRE_STATUSES = ("active", "closed")
MEN_OFFER = ("yes", "no", "partial", "unknown")
LOCATION_EVIDENCE = ("documented", "inferred", "placeholder")
_URL = re.compile(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$")
_DECIMALS = re.compile(r"^-?\d{1,3}(\.\d{1,2})?$")

REQUIRED = {
    "crisis_centres.csv": ["id", "name", "host_kommunenummer", "town", "lat", "lon", "location_evidence",
                           "men_offer", "status", "source_url", "as_of"],
    "catchments.csv": ["kommunenummer", "centre_id", "source_url", "as_of", "evidence_tag"],
    "action_plans.csv": ["kommunenummer", "status", "plan_title", "period_start", "period_end", "partners",
                         "source_url", "as_of"],
    "action_plan_leads.csv": ["kommunenummer", "source_url", "as_of"],
}


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
            if _ADDRESS_TEXT.search(value):
                problems.add(f"row {i + 2}, {col}: {value[:60]!r} looks like a street address; not allowed")
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
    df.attrs["notices"] = list(problems.notices)
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
        for col in ("lat", "lon"):
            for i, value in df[col].items():
                if not _DECIMALS.match(value.strip()):
                    problems.add(f"row {i + 2}: {col} {value!r} must be a number with at most 2 decimals (town level)")
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


def action_plans(valid: set[str], path: Path | None = None, crosswalk: pd.DataFrame | None = None,
                 today: date | None = None) -> pd.DataFrame:
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
        year = (today or date.today()).year
        ends = pd.to_numeric(df["period_end"].str.extract(r"((?:19|20)\d\d)")[0], errors="coerce")
        ended = (df["status"] == "adopted") & (ends < year)
        for i in df.index[ended]:
            problems.notice(f"row {i + 2}: {df.at[i, 'kommunenummer']} plan period ended {int(ends[i])}: loaded as expired")
        df.loc[ended, "status"] = "expired"
    return _finish(df, problems)


def plan_leads(valid: set[str], path: Path | None = None, crosswalk: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sources that mention a kommune's plan without settling its status (the kommune stays 'unknown')."""
    path = path or GEODATA / "action_plan_leads.csv"
    problems = Problems(path.name)
    df = _read(path, problems, "action_plan_leads.csv")
    _check_urls(df, problems)
    if "kommunenummer" in df.columns:
        df = _translate(df, problems, valid, crosswalk)
        _duplicates(df, ["kommunenummer"], problems)
    return _finish(df, problems)
