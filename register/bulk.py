"""Bulk import (CSV: kommunenummer,status,plan_title,period,source_url,as_of,note, optionally case_reference for a
letter's reference instead of a URL) and export of proposals.

Import checks every line and reports every bad one with its reason; good lines become proposals in one
transaction with one audit entry for the file; the file itself is never changed, and importing it again adds
nothing (a proposal's content is its key). Export escapes cells a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from register import database, rules, workflow
from register.rules import Problem

COLUMNS = rules.FIELDS
MAX_BYTES = 1_000_000
MAX_ROWS = 2_000
EXPORT_COLUMNS = ["id", *COLUMNS, *rules.OPTIONAL, "answers", "state", "kind", "supersedes", "origin", "proposed_by",
                  "proposed_at", "editor", "decided_at", "reason"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ImportReport:
    """What an import did: new and already-present proposal ids, every rejected line with its problems."""

    name: str
    sha256: str
    added: list[int] = field(default_factory=list)
    present: list[int] = field(default_factory=list)
    rejected: dict[int, list[Problem]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.file_problems


def kommuner() -> tuple[set[str], pd.DataFrame]:
    """The 2024 kommunenummer and the 2023→2024 crosswalk (what the curated loaders check against)."""
    from loaders import boundaries, population

    return set(boundaries.kommuner()["kommunenummer"]), population.crosswalk_2023()


def _size(n: int) -> str:
    return f"{n:,} bytes"


def read(data: bytes) -> tuple[list[tuple[int, dict[str, str]]], list[Problem], list[str]]:
    """(line number, cells) per data line, whole-file problems, notices. Lines with the wrong number of
    fields come back with a '_cells' entry holding the count."""
    if len(data) > MAX_BYTES:
        return [], [Problem("file", "file_too_big", {"size": _size(len(data)), "max": _size(MAX_BYTES)})], []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [Problem("file", "encoding", {"line": data[:exc.start].count(b"\n") + 1, "at": exc.start})], []
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], [Problem("file", "empty")], []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [Problem("file", "missing_columns", {"missing": ", ".join(missing), "required": ",".join(COLUMNS)})], []
    notices = [f"column {c!r} is not one of the import columns; ignored" for c in header
               if c not in COLUMNS and c not in rules.OPTIONAL and c]
    rows, line = [], reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            rows.append((start, {"_cells": str(len(cells)), "_expected": str(len(header))}))
            continue
        rows.append((start, dict(zip(header, cells, strict=True))))
    if len(rows) > MAX_ROWS:
        return [], [Problem("file", "too_many_rows", {"n": len(rows), "max": MAX_ROWS})], notices
    if not rows:
        return [], [Problem("file", "empty")], notices
    return rows, [], notices


def _translate(rows: dict[int, dict[str, str]], valid: set[str], crosswalk: pd.DataFrame | None,
               bad: dict[int, list[Problem]], notices: list[str]) -> None:
    """Old kommunenummer → 2024 ones through the curated loaders' own rule (loaders.curated._translate)."""
    from loaders import curated
    from loaders.problems import Problems

    lines = [n for n, r in rows.items() if re.fullmatch(r"\d{4}", r["kommunenummer"])]
    if not lines:
        return
    frame = pd.DataFrame({"kommunenummer": [rows[n]["kommunenummer"] for n in lines]}, index=[n - 2 for n in lines])
    found = Problems("import")
    translated = curated._translate(frame, found, valid, crosswalk)
    for n in lines:
        rows[n]["kommunenummer"] = translated.at[n - 2, "kommunenummer"]
    for text in found.notices:
        m = re.match(r"row (\d+): (.*)", text)
        notices.append(f"line {m.group(1)}: {m.group(2)}" if m else text)
    for text in found.items:
        m = re.match(r"row (\d+): (.*)", text)
        if m:
            bad.setdefault(int(m.group(1)), []).append(Problem("kommunenummer", "text", {"text": m.group(2)}))


def check(rows: list[tuple[int, dict[str, str]]], valid: set[str], crosswalk: pd.DataFrame | None,
          today: date | None = None) -> tuple[dict[int, dict[str, str]], dict[int, list[Problem]], list[str]]:
    """Good lines (normalised values) and bad lines (every problem), plus notices (translated numbers)."""
    bad: dict[int, list[Problem]] = {}
    good: dict[int, dict[str, str]] = {}
    notices: list[str] = []
    for line, cells in rows:
        if "_cells" in cells:
            bad[line] = [Problem("line", "cells", {"n": cells["_cells"], "expected": cells["_expected"]})]
            continue
        values, problems = rules.check(cells, today)
        if problems:
            bad[line] = problems
        good[line] = values
    _translate(good, valid, crosswalk, bad, notices)
    by_kommune: dict[str, list[int]] = {}
    for line, values in good.items():
        if line not in bad:
            by_kommune.setdefault(values["kommunenummer"], []).append(line)
    for knr, lines in by_kommune.items():
        distinct = {rules.content_key(good[n]) for n in lines}
        if len(distinct) > 1:
            for n in lines:
                others = ", ".join(str(o) for o in lines if o != n)
                bad.setdefault(n, []).append(Problem("kommunenummer", "duplicate_in_file", {"value": knr, "lines": others}))
    return {n: v for n, v in good.items() if n not in bad}, dict(sorted(bad.items())), notices


def import_file(source: Path | str | bytes, *, by: str, name: str | None = None, valid: set[str] | None = None,
                crosswalk: pd.DataFrame | None = None, db_url: str | None = None, today: date | None = None) -> ImportReport:
    """Import a CSV file (path or bytes): good lines become proposals (origin 'import'), bad lines are reported.
    The whole import is one transaction with one 'import' audit entry."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    name = name or (Path(source).name if not isinstance(source, bytes) else "upload.csv")
    report = ImportReport(name=name, sha256=hashlib.sha256(data).hexdigest())
    rows, report.file_problems, report.notices = read(data)
    if report.file_problems:
        return report
    if valid is None:
        valid, crosswalk = kommuner()
    good, report.rejected, notices = check(rows, valid, crosswalk, today)
    report.notices += notices
    who = f"{by} (import {name})"
    with database.writing(db_url) as conn:
        for _line, values in sorted(good.items()):
            made = workflow.store(conn, values, who, "import")
            (report.added if made.new else report.present).append(made.id)
        detail = (f"file {name} sha256 {report.sha256[:16]}: {len(report.added)} added, {len(report.present)} already "
                  f"present, {len(report.rejected)} line(s) rejected")
        workflow.record(conn, by, "import", None, None, {"file": name, "sha256": report.sha256},
                      {"added": report.added, "present": report.present, "rejected_lines": list(report.rejected)},
                      detail=detail)
    return report


def escape(cell) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (shown as text)."""
    text = "" if cell is None or (not isinstance(cell, str) and pd.isna(cell)) else str(cell)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export(out: Path | str | io.StringIO, state: str = "all", db_url: str | None = None) -> int:
    """Write proposals (with an id column) as UTF-8 CSV; returns the number of rows."""
    frame = workflow.listing(state, db_url)
    frame = frame[EXPORT_COLUMNS] if not frame.empty else pd.DataFrame(columns=EXPORT_COLUMNS)
    target = open(out, "w", encoding="utf-8-sig", newline="") if not isinstance(out, io.StringIO) else out  # noqa: SIM115
    try:
        writer = csv.writer(target)
        writer.writerow(EXPORT_COLUMNS)
        for row in frame.itertuples(index=False):
            writer.writerow([escape(v) for v in row])
    finally:
        if target is not out:
            target.close()
    return len(frame)
