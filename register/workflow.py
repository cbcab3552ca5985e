"""Proposals → review → published entries, each step one atomic write with its audit-log row.

Anyone may propose; only editors decide. A proposal is decided at most once (the database's unique key
decides races: the second editor is told who was first). Nothing is changed in place: a correction is a new
proposal that supersedes an entry; a retraction is an approved entry that supersedes one without a status.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd
import sqlalchemy as sa

from register import audit, database, rules
from register.rules import Problem
from register.schema import audit_log, decisions, proposals, requests

STATES = ("pending", "approved", "rejected", "all")
PUBLIC = ("kommunenummer", "status", "plan_title", "period", "source_url", "case_reference", "as_of")


class Refused(ValueError):
    """A proposal or decision that breaks a rule; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(f"{p.field}: {p.code} {p.values}" for p in self.problems))


class AlreadyDecided(RuntimeError):
    """Another editor decided this proposal first."""

    def __init__(self, proposal_id: int, decision: str, editor: str, decided_at: datetime):
        self.proposal_id, self.decision, self.editor, self.decided_at = proposal_id, decision, editor, decided_at
        super().__init__(f"proposal #{proposal_id} was already {decision} by {editor} at {stamp(decided_at)}")


class NotFound(LookupError):
    def __init__(self, proposal_id: int, what: str = "proposal"):
        self.proposal_id = proposal_id
        super().__init__(f"there is no {what} #{proposal_id}")


class NotAnEditor(PermissionError):
    def __init__(self, who: str):
        self.who = who
        super().__init__(f"{who or 'nobody'} is not an editor (editors are listed in [register] editors)")


@dataclass(frozen=True)
class Proposed:
    id: int
    new: bool        # False: the same proposal was already there (nothing added)
    state: str


def now() -> datetime:
    return datetime.now(UTC)


def stamp(when: datetime | None) -> str:
    """UTC time as text (SQLite hands back naive datetimes: they were stored as UTC)."""
    if when is None or pd.isna(when):
        return ""
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _json(values: dict | None) -> str:
    return json.dumps(values or {}, ensure_ascii=False, sort_keys=True)


def record(conn, actor: str, action: str, proposal_id: int | None, knr: str | None,
           before: dict | None, after: dict | None, detail: str = "", at: datetime | None = None) -> None:
    """Append one audit-log row (inside the caller's transaction, so it is written with what it records),
    chained to the row before it (register.audit)."""
    audit.append(conn, at=at or now(), actor=actor, action=action, proposal_id=proposal_id, kommunenummer=knr,
                 before=_json(before), after=_json(after), detail=detail)


def _published_for(conn, knr: str) -> dict:
    """The register's published entry for one kommune (empty when it has none)."""
    frame = _published(_approved_rows(conn, knr))
    if frame.empty:
        return {}
    row = frame.iloc[0]
    return {"id": int(row["id"]), **{k: row[k] for k in PUBLIC}}


def store(conn, values: dict[str, str], by: str, origin: str, kind: str = "status",
          supersedes: int | None = None, when: datetime | None = None, answers: int | None = None) -> Proposed:
    """Insert one checked proposal unless the same one exists; its audit row in the same transaction.
    `answers`: the request (register.campaign) this proposal is the kommune's answer to."""
    key = rules.content_key(values, kind, supersedes, answers)
    row = {**{k: values[k] for k in rules.FIELDS}, "status": values["status"] or None, "kind": kind,
           "supersedes": supersedes, "origin": origin, "proposed_by": by[:200], "proposed_at": when or now(),
           "content_key": key, "case_reference": values.get("case_reference", ""), "answers": answers}
    existing = conn.execute(sa.select(proposals.c.id).where(proposals.c.content_key == key)).scalar()
    if existing is not None:  # looked up first: SQLite's insert trigger refuses a key that exists (no REPLACE)
        return Proposed(existing, False, _state(conn, existing))
    dialect = conn.dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = (sa.dialects.sqlite.insert if dialect == "sqlite" else sa.dialects.postgresql.insert)(proposals)
        new_id = conn.execute(insert.values(**row).on_conflict_do_nothing(index_elements=["content_key"])
                              .returning(proposals.c.id)).scalar()
    else:  # other databases: the unique key still holds; a duplicate raises IntegrityError
        new_id = conn.execute(proposals.insert().values(**row)).inserted_primary_key[0]
    if new_id is None:
        existing = conn.execute(sa.select(proposals.c.id).where(proposals.c.content_key == key)).scalar_one()
        return Proposed(existing, False, _state(conn, existing))
    before = _published_for(conn, values["kommunenummer"])
    after = ({k: values.get(k, "") for k in PUBLIC} | ({"supersedes": supersedes} if supersedes else {})
             | ({"answers": answers} if answers else {}) | {"kind": kind})
    record(conn, by, "propose", new_id, values["kommunenummer"], before, after, detail=f"origin {origin}",
         at=row["proposed_at"])
    return Proposed(new_id, True, "pending")


def _state(conn, proposal_id: int) -> str:
    got = conn.execute(sa.select(decisions.c.decision).where(decisions.c.proposal_id == proposal_id)).scalar()
    return got or "pending"


def check(raw: dict, valid: set[str], today: date | None = None) -> dict[str, str]:
    """Checked, normalised fields of one proposal for a 2024 kommunenummer; Refused with every problem."""
    values, problems = rules.check(raw, today)
    knr = values["kommunenummer"]
    if knr and not any(p.field == "kommunenummer" for p in problems) and knr not in valid:
        problems.append(Problem("kommunenummer", "knr_unknown", {"value": knr}))
    if problems:
        raise Refused(problems)
    return values


def propose(raw: dict, *, by: str, valid: set[str], origin: str = "app", supersedes: int | None = None,
            db_url: str | None = None, today: date | None = None, answers: int | None = None) -> Proposed:
    """Store a proposal (pending until an editor decides). The same proposal twice is stored once. `answers`
    names the request it answers (a request of the same kommune; NotFound otherwise)."""
    values = check(raw, valid, today)
    with database.writing(db_url) as conn:
        if supersedes is not None:
            _require_published(conn, supersedes)
        if answers is not None:
            _require_request(conn, answers, values["kommunenummer"])
        return store(conn, values, by, origin, supersedes=supersedes, answers=answers)


def _require_request(conn, request_id: int, knr: str) -> None:
    asked = conn.execute(sa.select(requests.c.kommunenummer).where(requests.c.id == request_id)).scalar()
    if asked is None:
        raise NotFound(request_id, "request")
    if asked != knr:
        raise Refused([Problem("answers", "request_other_kommune", {"id": request_id, "value": asked})])


def _require_published(conn, entry_id: int) -> dict:
    """The entry, if it is what the register publishes for its kommune now (only that can be superseded)."""
    row = conn.execute(sa.select(proposals).where(proposals.c.id == entry_id)).mappings().first()
    if row is None:
        raise NotFound(entry_id)
    if _published_for(conn, row["kommunenummer"]).get("id") != entry_id:
        raise Refused([Problem("supersedes", "not_published", {"id": entry_id})])
    return dict(row)


def _editor(who: str, editors: set[str]) -> str:
    email = (who or "").strip().lower()
    if not email or email not in {e.strip().lower() for e in editors}:
        raise NotAnEditor(who)
    return email


def decide(proposal_id: int, decision: str, *, editor: str, editors: set[str], reason: str = "",
           db_url: str | None = None, via: str = "") -> dict:
    """Approve or reject a pending proposal. Exactly one decision per proposal: a second editor, even at the
    same instant, gets AlreadyDecided naming the first. A rejection needs a reason. `via`: how it was decided
    (the CLI's operating-system user), kept in the audit row's detail beside the reason."""
    if decision not in ("approved", "rejected"):
        raise ValueError(f"decision {decision!r} not allowed; allowed: approved, rejected")
    email = _editor(editor, editors)
    reason = rules.clean(reason)
    problems = rules.text_problems("reason", reason, markup=False)
    if decision == "rejected" and not reason:
        problems.append(Problem("reason", "required"))
    if problems:
        raise Refused(problems)
    try:
        with database.writing(db_url) as conn:
            row = conn.execute(sa.select(proposals).where(proposals.c.id == proposal_id)).mappings().first()
            if row is None:
                raise NotFound(proposal_id)
            first = _decision(conn, proposal_id)
            if first:
                raise AlreadyDecided(proposal_id, first["decision"], first["editor"], first["decided_at"])
            before = _published_for(conn, row["kommunenummer"])
            when = now()
            conn.execute(decisions.insert().values(proposal_id=proposal_id, decision=decision, editor=email,
                                                   decided_at=when, reason=reason))
            after = _published_for(conn, row["kommunenummer"]) if decision == "approved" else {"state": "rejected"}
            record(conn, email, "approve" if decision == "approved" else "reject", proposal_id, row["kommunenummer"],
                 before if decision == "approved" else {"state": "pending"}, after, detail=_detail(reason, via), at=when)
            return {"id": proposal_id, "decision": decision, "editor": email, "decided_at": when,
                    "kommunenummer": row["kommunenummer"]}
    except sa.exc.IntegrityError:
        with database.reading(db_url) as conn:
            first = _decision(conn, proposal_id)
        raise AlreadyDecided(proposal_id, first["decision"], first["editor"], first["decided_at"]) from None


def _detail(text: str, via: str) -> str:
    return f"{text} [{via}]" if text and via else text or via


def _decision(conn, proposal_id: int) -> dict | None:
    got = conn.execute(sa.select(decisions).where(decisions.c.proposal_id == proposal_id)).mappings().first()
    return dict(got) if got else None


def retract(entry_id: int, *, editor: str, editors: set[str], reason: str, db_url: str | None = None,
            via: str = "") -> int:
    """Withdraw a published entry (the kommune falls back to the previous entry or the curated data): a new
    retraction entry, approved by the editor in the same transaction. Returns the retraction's id."""
    email = _editor(editor, editors)
    reason = rules.clean(reason)
    problems = rules.text_problems("note", reason, markup=False) + ([] if reason else [Problem("reason", "required")])
    if problems:
        raise Refused(problems)
    with database.writing(db_url) as conn:
        entry = _require_published(conn, entry_id)
        values = {k: "" for k in rules.FIELDS} | {"kommunenummer": entry["kommunenummer"], "note": reason,
                                                  "as_of": date.today().isoformat()}
        made = store(conn, values, email, "cli", kind="retraction", supersedes=entry_id)
        if not made.new:
            raise AlreadyDecided(made.id, made.state, email, now())
        before = _published_for(conn, entry["kommunenummer"])
        when = now()
        conn.execute(decisions.insert().values(proposal_id=made.id, decision="approved", editor=email,
                                               decided_at=when, reason=reason))
        record(conn, email, "approve", made.id, entry["kommunenummer"], before,
             _published_for(conn, entry["kommunenummer"]), detail=_detail(f"retraction of #{entry_id}: {reason}", via), at=when)
        return made.id


# Reading ---------------------------------------------------------------------------------------------------

def _approved_rows(conn, knr: str | None = None) -> pd.DataFrame:
    q = (sa.select(proposals.c.id, proposals.c.kind, proposals.c.supersedes, *[proposals.c[k] for k in PUBLIC],
                   decisions.c.id.label("decision_id"), decisions.c.editor, decisions.c.decided_at)
         .join(decisions, decisions.c.proposal_id == proposals.c.id).where(decisions.c.decision == "approved"))
    if knr is not None:
        q = q.where(proposals.c.kommunenummer == knr)
    return pd.DataFrame(conn.execute(q).mappings().all(),
                        columns=["id", "kind", "supersedes", *PUBLIC, "decision_id", "editor", "decided_at"])


def _published(approved: pd.DataFrame) -> pd.DataFrame:
    """Per kommune the most recently approved status entry that no approved entry supersedes."""
    hidden = set(approved["supersedes"].dropna().astype(int))
    live = approved[(approved["kind"] == "status") & ~approved["id"].isin(hidden)]
    return live.sort_values("decision_id").drop_duplicates("kommunenummer", keep="last").reset_index(drop=True)


def published(db_url: str | None = None) -> pd.DataFrame:
    """The approved entries that are published, one per kommune: the register's part of the plan status."""
    with database.reading(db_url) as conn:
        approved = _approved_rows(conn) if conn is not None else _approved_rows_empty()
    out = _published(approved)
    out["approved_at"] = out["decided_at"].map(lambda d: stamp(d)[:10])
    return out.drop(columns=["kind", "supersedes", "decided_at"])


def _approved_rows_empty() -> pd.DataFrame:
    return pd.DataFrame(columns=["id", "kind", "supersedes", *PUBLIC, "decision_id", "editor", "decided_at"])


def version(db_url: str | None = None) -> str:
    """A cheap fingerprint of what is published: the newest approval's id ('0' with no register yet), followed by
    the campaign's newest request and answer once there are any (they change the 'asked' columns)."""
    from register import campaign

    with database.reading(db_url) as conn:
        if conn is None:
            return "0"
        newest = conn.execute(sa.select(sa.func.max(decisions.c.id)).where(decisions.c.decision == "approved")).scalar()
        asked = campaign.version(conn)
    return str(newest or 0) if asked == "0.0" else f"{newest or 0}-{asked}"


def listing(state: str = "all", db_url: str | None = None, kommunenummer: str | None = None) -> pd.DataFrame:
    """Proposals with their decision: id, fields, state (pending/approved/rejected), who and when."""
    if state not in STATES:
        raise ValueError(f"state {state!r} not allowed; allowed: {', '.join(STATES)}")
    cols = ["id", "kommunenummer", "kind", *rules.FIELDS[1:], *rules.OPTIONAL, "answers", "supersedes", "origin",
            "proposed_by", "proposed_at", "state", "editor", "decided_at", "reason"]
    with database.reading(db_url) as conn:
        if conn is None:
            return pd.DataFrame(columns=cols)
        q = (sa.select(proposals, decisions.c.decision, decisions.c.editor, decisions.c.decided_at, decisions.c.reason)
             .outerjoin(decisions, decisions.c.proposal_id == proposals.c.id).order_by(proposals.c.id))
        if kommunenummer:
            q = q.where(proposals.c.kommunenummer == kommunenummer)
        frame = pd.DataFrame(conn.execute(q).mappings().all())
    if frame.empty:
        return pd.DataFrame(columns=cols)
    frame["state"] = frame["decision"].fillna("pending")
    frame["supersedes"] = frame["supersedes"].astype("Int64")
    frame["answers"] = frame["answers"].astype("Int64")
    frame["proposed_at"] = frame["proposed_at"].map(stamp)
    frame["decided_at"] = frame["decided_at"].map(stamp)
    frame[["editor", "reason", "status"]] = frame[["editor", "reason", "status"]].fillna("")
    if state != "all":
        frame = frame[frame["state"] == state]
    return frame[cols].reset_index(drop=True)


def log(db_url: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """The audit log, oldest first (newest `limit` rows when given)."""
    cols = ["id", "at", "actor", "action", "proposal_id", "kommunenummer", "before", "after", "detail"]
    with database.reading(db_url) as conn:
        if conn is None:
            return pd.DataFrame(columns=cols)
        q = sa.select(audit_log).order_by(audit_log.c.id.desc())
        rows = conn.execute(q.limit(limit) if limit else q).mappings().all()
    frame = pd.DataFrame(rows, columns=cols).iloc[::-1].reset_index(drop=True)
    frame["at"] = frame["at"].map(stamp)
    frame["proposal_id"] = frame["proposal_id"].astype("Int64")
    return frame
