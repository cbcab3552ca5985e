"""Ask the kommune: the register records that an innsynskrav was sent to a kommune (when, by whom, in which
language) and, when the answer comes, the answer as a proposal that `answers` the request (its source the
kommune's own case reference and date where the answer is a letter). An editor approves that proposal like any
other. A request is *answered* once a proposal answers it that no editor has rejected; until then it is
*awaiting*, and after REMIND_AFTER Norwegian working days (register.workdays) it is *overdue* — the list says so
and offers a reminder text. Requests, like every register table, are only ever inserted.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

import pandas as pd
import sqlalchemy as sa

from register import database, rules, workdays, workflow
from register.rules import Problem
from register.schema import LETTER_LANGS, decisions, proposals, requests

REMIND_AFTER = 10  # working days after which an unanswered request is listed for a reminder
EARLIEST = date(2009, 1, 1)  # offentleglova came into force on 1 January 2009
COLUMNS = ["id", "kommunenummer", "lang", "asked_on", "asked_by", "recorded_at", "answer_id", "answer_state",
           "answered", "working_days", "overdue"]


@dataclass(frozen=True)
class Asked:
    id: int
    new: bool  # False: the same request (kommune, date, who) was recorded already


def _key(knr: str, asked_on: date, by: str) -> str:
    payload = {"kommunenummer": knr, "asked_on": asked_on.isoformat(), "asked_by": by.lower()}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def check(knr: str, by: str, lang: str, asked_on: date, valid: set[str], today: date) -> list[Problem]:
    """Every problem with a request to record (empty: it may be stored)."""
    problems = []
    if knr not in valid:
        problems.append(Problem("kommunenummer", "knr_unknown", {"value": str(knr)[:20]}))
    if lang not in LETTER_LANGS:
        problems.append(Problem("lang", "lang_unknown", {"value": str(lang)[:10], "allowed": ", ".join(LETTER_LANGS)}))
    if not by:
        problems.append(Problem("asked_by", "required"))
    problems += rules.text_problems("asked_by", by, markup=True)
    if asked_on > today:
        problems.append(Problem("asked_on", "date_future", {"value": asked_on.isoformat(), "today": today.isoformat()}))
    elif asked_on < EARLIEST:
        problems.append(Problem("asked_on", "date_format", {"value": asked_on.isoformat()}))
    return problems


def ask(knr: str, *, by: str, lang: str, valid: set[str], asked_on: date | None = None,
        db_url: str | None = None, today: date | None = None) -> Asked:
    """Record that an innsynskrav was sent (default: today). The same kommune, date and sender is stored once."""
    today = today or date.today()
    asked_on = asked_on or today
    by = rules.clean(by)
    problems = check(knr, by, lang, asked_on, valid, today)
    if problems:
        raise workflow.Refused(problems)
    key = _key(knr, asked_on, by)
    with database.writing(db_url) as conn:
        found = conn.execute(sa.select(requests.c.id).where(requests.c.content_key == key)).scalar()
        if found is not None:
            return Asked(found, False)
        when = workflow.now()
        new_id = conn.execute(requests.insert().values(
            kommunenummer=knr, lang=lang, asked_on=asked_on, asked_by=by, recorded_at=when, content_key=key)
        ).inserted_primary_key[0]
        workflow.record(conn, by, "ask", None, knr, {}, {"request": new_id, "asked_on": asked_on.isoformat(),
                                                          "lang": lang}, detail=f"request #{new_id}", at=when)
    return Asked(new_id, True)


def _answers(conn) -> pd.DataFrame:
    """Per request the newest proposal that answers it and is not rejected (its id and state)."""
    q = (sa.select(proposals.c.id, proposals.c.answers, decisions.c.decision)
         .outerjoin(decisions, decisions.c.proposal_id == proposals.c.id).where(proposals.c.answers.is_not(None)))
    rows = pd.DataFrame(conn.execute(q).mappings().all(), columns=["id", "answers", "decision"])
    rows = rows[rows["decision"] != "rejected"].sort_values("id")
    return rows.drop_duplicates("answers", keep="last").set_index("answers")


def listing(db_url: str | None = None, today: date | None = None) -> pd.DataFrame:
    """Every request, oldest first, with its answer (if any), working days waited and whether it is overdue."""
    today = today or date.today()
    with database.reading(db_url) as conn:
        if conn is None or not sa.inspect(conn).has_table("requests"):
            return pd.DataFrame(columns=COLUMNS)
        rows = pd.DataFrame(conn.execute(sa.select(requests).order_by(requests.c.id)).mappings().all())
        answers = _answers(conn) if not rows.empty else None
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    rows["asked_on"] = pd.to_datetime(rows["asked_on"]).dt.date
    rows["recorded_at"] = rows["recorded_at"].map(workflow.stamp)
    rows["answer_id"] = rows["id"].map(answers["id"]).astype("Int64")
    rows["answer_state"] = rows["id"].map(answers["decision"].astype(object)).astype(object).fillna("")
    rows.loc[rows["answer_id"].notna() & (rows["answer_state"] == ""), "answer_state"] = "pending"
    rows["answered"] = rows["answer_id"].notna()
    rows["working_days"] = [workdays.between(d, today) for d in rows["asked_on"]]
    rows["overdue"] = ~rows["answered"] & (rows["working_days"] >= REMIND_AFTER)
    return rows[COLUMNS].reset_index(drop=True)


def awaiting(frame: pd.DataFrame) -> pd.DataFrame:
    """Per kommune its newest request, where that request has no answer yet (the campaign's open questions)."""
    newest = frame.sort_values(["asked_on", "id"]).drop_duplicates("kommunenummer", keep="last")
    return newest[~newest["answered"].astype(bool)].reset_index(drop=True)


def version(conn) -> str:
    """What changes the campaign's part of the published table: the newest request and the newest answer."""
    if not sa.inspect(conn).has_table("requests"):
        return "0.0"
    asked = conn.execute(sa.select(sa.func.max(requests.c.id))).scalar() or 0
    answered = conn.execute(sa.select(sa.func.max(proposals.c.id)).where(proposals.c.answers.is_not(None))).scalar()
    return f"{asked}.{answered or 0}"


def worth_asking(status: str, as_of: str) -> bool:
    """A kommune the campaign should ask: its plan status is unknown, or its evidence is undated or older than the
    age the KPI cards call out (coverage.summary.STALE_AFTER_YEARS)."""
    from coverage.summary import STALE_AFTER_YEARS
    from loaders.curated import older_than

    return status in ("", "unknown") or older_than(str(as_of or "undated"), STALE_AFTER_YEARS) is not False
