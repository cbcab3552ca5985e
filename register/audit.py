"""The audit log's hash chain. Every row carries the hash of the row before it (`prev_hash`; the first row
carries GENESIS) and its own hash (`row_hash`: sha256 over a canonical serialisation of the row, `prev_hash`
included), so a row changed, removed or slipped in anywhere breaks the chain at that row.

Rows are appended in one place (`append`), inside the caller's write transaction and under the register's write
lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the same advisory lock `database.writing` takes), so concurrent
writers chain one after the other. `verify` walks the chain (`python -m register verify`).

What the chain does not prove: rows cut off the end leave a shorter, intact chain, and whoever can write the
database can append rows that chain correctly (the hash has no secret key). Keep the last hash `verify` prints
somewhere else to catch either.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from register import database
from register.schema import audit_log

GENESIS = "0" * 64
HASHED = ("id", "at", "actor", "action", "proposal_id", "kommunenummer", "before", "after", "detail", "prev_hash")


def utc(at: datetime) -> datetime:
    """Aware UTC time (SQLite hands back naive datetimes: they were stored as UTC)."""
    return at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)


def canonical(row) -> bytes:
    """The bytes a row's hash is taken over: the HASHED fields as compact JSON, time as UTC with microseconds."""
    values = {k: utc(row[k]).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if k == "at" else row[k] for k in HASHED}
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def row_hash(row) -> str:
    return hashlib.sha256(canonical(row)).hexdigest()


def _next_id(conn, last_id: int | None) -> int:
    if conn.dialect.name == "postgresql":  # the serial's own sequence, so ids never collide with its default
        return conn.exec_driver_sql("SELECT nextval(pg_get_serial_sequence('audit_log', 'id'))").scalar()
    return (last_id or 0) + 1


def append(conn, *, at: datetime, actor: str, action: str, proposal_id: int | None, kommunenummer: str | None,
           before: str, after: str, detail: str) -> int:
    """Insert one row chained to the newest one (inside the caller's write transaction); returns its id."""
    if conn.dialect.name == "postgresql":  # re-entrant: database.writing holds it already
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({database.WRITE_LOCK})")
    last = conn.execute(sa.select(audit_log.c.id, audit_log.c.row_hash).order_by(audit_log.c.id.desc()).limit(1)).first()
    row = {"id": _next_id(conn, last.id if last else None), "at": utc(at), "actor": actor, "action": action,
           "proposal_id": proposal_id, "kommunenummer": kommunenummer, "before": before, "after": after,
           "detail": detail, "prev_hash": last.row_hash if last else GENESIS}
    conn.execute(audit_log.insert().values(**row, row_hash=row_hash(row)))
    return row["id"]


@dataclass(frozen=True)
class Chain:
    rows: int
    last_hash: str
    broken_id: int | None = None      # the first row where the chain breaks
    problem: str = ""


def verify(conn) -> Chain:
    """Walk the audit log oldest first; the first row whose prev_hash is not the row before it, or whose content
    does not give its row_hash, is named."""
    previous, previous_id, n = GENESIS, None, 0
    for row in conn.execute(sa.select(audit_log).order_by(audit_log.c.id)).mappings():
        if row["prev_hash"] != previous:
            before = f"row {previous_id}" if previous_id is not None else "the start of the log"
            return Chain(n, previous, row["id"], f"audit row {row['id']}: prev_hash {row['prev_hash']!r} is not the "
                         f"hash of {before} ({previous[:16]}…): a row before it was removed, inserted or changed")
        if row_hash(row) != row["row_hash"]:
            return Chain(n, previous, row["id"], f"audit row {row['id']}: its content does not give its row_hash: "
                         "the row was changed after it was written")
        previous, previous_id, n = row["row_hash"], row["id"], n + 1
    return Chain(n, previous)
