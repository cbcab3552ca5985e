"""One home per rule, held at its edges: whether a plan is current on a day (loaders.curated.plan_status_on) and
how a source date is read and compared (loaders.curated.source_date, register.publish.register_wins). The curated
loader and the register must give the same answer on every day; every other parser of source dates agrees with
the one parser. Expected values are written out by hand from the rule in the README."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import vocabulary as vocab
from loaders import ValidationError, catchment, curated
from register import publish, rules

LOTEN = {"kommunenummer": "3412", "kommunenavn": "Løten", "status": "adopted",
         "plan_title": "Handlingsplan mot vold i nære relasjoner 2023-2026", "period_start": "2023",
         "period_end": "2026", "partners": "", "adopted_date": "",
         "source_url": "https://www.loten.kommune.no/handlingsplan-mot-vold-i-naere-relasjoner", "other_sources": "",
         "as_of": "undated", "notes": "", "joint_plan_id": "", "adopted_basis": "published_final",
         "quote": "Handlingsplan mot vold i nære relasjoner"}

# Løten's 2023–2026 plan: adopted through 31 December 2026, expired from 1 January 2027.
DAYS = [(date(2023, 1, 1), "adopted"), (date(2026, 1, 1), "adopted"), (date(2026, 6, 30), "adopted"),
        (date(2026, 12, 31), "adopted"), (date(2027, 1, 1), "expired"), (date(2031, 5, 17), "expired")]


@pytest.mark.parametrize(("day", "want"), DAYS)
def test_a_plan_is_current_through_the_last_day_of_its_last_year_and_expired_the_day_after(day, want):
    assert curated.plan_status_on("adopted", "2026", day) == want


def test_the_rule_touches_only_adopted_plans_with_an_end():
    day = date(2040, 1, 1)
    for status in ("in_progress", "expired", "none", "unknown"):
        assert curated.plan_status_on(status, "2020", day) == status
    assert curated.plan_status_on("adopted", "", day) == "adopted"          # no end stated: as the source says
    assert curated.plan_status_on("adopted", "2026-06", date(2026, 6, 30)) == "adopted"   # a month ends on its last day
    assert curated.plan_status_on("adopted", "2026-06", date(2026, 7, 1)) == "expired"
    with pytest.raises(ValueError, match="period end 'snart' is not a date"):
        curated.plan_status_on("adopted", "snart", day)


@pytest.mark.parametrize(("period", "end"), [("2023–2026", "2026"), ("2023-2026", "2026"), ("2023 — 2026", "2026"),
                                             ("2023", ""), ("", ""), (None, "")])
def test_the_end_of_a_period_is_after_its_dash_and_a_single_year_is_a_start(period, end):
    assert curated.period_end(period) == end


def _curated_status(tmp_path: Path, valid_knr, day: date) -> str:
    path = tmp_path / "action_plans.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(LOTEN))
        writer.writeheader()
        writer.writerow(LOTEN)
    return curated.action_plans(valid_knr, path=path, today=day).set_index("kommunenummer").at["3412", "status"]


def _register_status(day: date) -> str:
    table = pd.DataFrame({"kommunenummer": ["3412"], "plan_status": ["unknown"], "plan_as_of": [""]})
    entries = pd.DataFrame([{"id": 1, "kommunenummer": "3412", "status": "adopted", "plan_title": LOTEN["plan_title"],
                             "period": "2023–2026", "source_url": LOTEN["source_url"], "as_of": "2023",
                             "editor": "kari@example.org", "approved_at": "2024-01-02"}], columns=publish.ENTRY_COLUMNS)
    out = publish.overlay(table, entries, today=day).iloc[0]
    assert out["plan_evidence"] == "register"
    return out["plan_status"]


def _published_status(day: date) -> str:
    """Løten's curated plan in a table loaded while it was current (a cached table), published on `day`."""
    table = pd.DataFrame({"kommunenummer": ["3412"], "plan_status": ["adopted"], "plan_period": ["2023–2026"],
                          "plan_as_of": ["undated"]})
    out = publish.overlay(table, publish.nothing(), today=day).iloc[0]
    assert out["plan_curated_status"] == "adopted"  # the curated value as loaded stays beside it
    return out["plan_status"]


@pytest.mark.parametrize(("day", "want"), DAYS)
def test_the_curated_loader_and_the_register_agree_on_every_edge(tmp_path, valid_knr, day, want):
    """The loader on the day it loads, the register's entry, and a table loaded earlier and published on the day."""
    assert _curated_status(tmp_path, valid_knr, day) == want
    assert _register_status(day) == want
    assert _published_status(day) == want


def test_a_curated_plan_whose_period_end_is_not_a_date_is_named(tmp_path, valid_knr):
    path = tmp_path / "action_plans.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(LOTEN))
        writer.writeheader()
        writer.writerow(LOTEN | {"period_end": "2026/27"})
    with pytest.raises(ValidationError, match="row 2: period end '2026/27' is not a date"):
        curated.action_plans(valid_knr, path=path, today=date(2025, 1, 1))


# The merge rule: dates compared at the precision both sources give -------------------------------------------

@pytest.mark.parametrize(("register_as_of", "curated_status", "curated_as_of", "wins"), [
    ("2024-06", "none", "2024", False),          # month against year: same year, a tie → curated stays
    ("2024-06-30", "none", "2024", False),
    ("2024", "none", "2024-02", False),          # year against month: a tie as well
    ("2024", "adopted", "2024", False),          # same year: curated, the reviewed baseline, stays
    ("2024-03-01", "adopted", "2024-03-31", False),   # same month against a day: compared at month
    ("2024-03", "adopted", "2024-02-28", True),  # month against day: March is newer than February
    ("2025", "none", "2024-12-31", True),        # a later year wins at any precision
    ("2023-12", "none", "2024", False),          # an older one never does
    ("2024-07-02", "none", "2024-07-01", True),  # both to the day
    ("undated", "none", "2010", False),          # an undated register source never beats a dated one
    ("undated", "none", "undated", False),       # nor an undated one
    ("2010", "expired", "undated", True),        # a dated register source beats an undated curated one
    ("undated", "unknown", "", True),            # curated unknown: any approved entry is the evidence
    ("2001", "", "", True),
])
def test_register_wins_only_when_newer_at_the_precision_both_give(register_as_of, curated_status, curated_as_of, wins):
    assert publish.register_wins(register_as_of, curated_status, curated_as_of) is wins


def test_a_same_year_register_entry_leaves_the_curated_plan_in_the_published_table():
    table = pd.DataFrame({"kommunenummer": ["3412"], "plan_status": ["in_progress"], "plan_as_of": ["2024"],
                          "plan_source_url": ["https://a.example/plan"]})
    entries = pd.DataFrame([{"id": 7, "kommunenummer": "3412", "status": "adopted", "plan_title": "Plan",
                             "period": "2024–2027", "source_url": "https://r.example/x", "as_of": "2024-06",
                             "editor": "kari@example.org", "approved_at": "2024-07-01"}], columns=publish.ENTRY_COLUMNS)
    row = publish.overlay(table, entries, today=date(2025, 1, 1)).iloc[0]
    assert (row["plan_status"], row["plan_evidence"], row["plan_source_url"]) == (
        "in_progress", "", "https://a.example/plan")
    assert row["plan_register_status"] == "adopted"   # kept beside it for the report card


# One parser: every other reader of source dates agrees with loaders.curated.source_date -----------------------

SAMPLES = ["2021", "2024-02", "2024-02-29", "2023-02-29", "2021-13", "c.2020", "21", "1899", "2019-1-18", "undated"]


@pytest.mark.parametrize("text", SAMPLES)
def test_every_reader_of_source_dates_agrees_with_the_one_parser(text):
    try:
        parsed = curated.source_date(text)
    except ValueError:
        parsed = None
    parts = () if parsed is None else parsed.parts
    shown = vocab.parse_as_of(text)                                   # the words: dates as the reader writes them
    assert (tuple(p for p in shown if p is not None) if shown else ()) == parts
    assert publish._parts(text) == parts                              # the merge rule
    _, problems = rules._as_of(text, today=date(2030, 1, 1))           # the register's form
    assert (not problems) == (parsed is not None), problems
    if parsed is None:                                                # the catchment rule's "newest source"
        with pytest.raises(ValueError, match="allowed: YYYY, YYYY-MM, YYYY-MM-DD"):
            catchment._year(text)
    else:
        assert catchment._year(text) == (parsed.year or 0)


def test_the_register_reads_a_norwegian_date_as_the_same_day_and_refuses_a_future_one():
    assert rules._as_of("5.9.2022", date(2025, 1, 1)) == ("2022-09-05", [])
    assert rules._as_of("udatert", date(2025, 1, 1)) == ("undated", [])
    _, problems = rules._as_of("2025-02", date(2025, 1, 31))
    assert [p.code for p in problems] == ["date_future"]
    _, problems = rules._as_of("31.2.2024", date(2025, 1, 1))
    assert [p.code for p in problems] == ["date_format"]
