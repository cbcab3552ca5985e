"""The review backlog: pending (undecided) proposals counted, searched and read one page at a time, so the review
and propose pages stay fast however long the queue grows. Every query asks the database for a count or for one
page (LIMIT/OFFSET, oldest first) on the indexed keys: proposals.id, proposals.kommunenummer and the unique
decisions.proposal_id that tells a pending proposal from a decided one; nothing loads the whole queue."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import sqlalchemy as sa

from register import database
from register.schema import decisions, proposals
from register.workflow import stamp

PAGE = 25
SEARCHED = ("plan_title", "note", "source_url", "case_reference", "proposed_by")   # text a reviewer may search
COLUMNS = ["id", "kommunenummer", "kind", "status", "plan_title", "period", "source_url", "case_reference", "as_of",
           "note", "supersedes", "answers", "origin", "proposed_by", "proposed_at"]


def _pending():
    return ~sa.exists().where(decisions.c.proposal_id == proposals.c.id)


def pending_count(conn, kommunenummer: str | None = None) -> int:
    """Pending proposals, for one kommune or in all (inside the caller's connection)."""
    q = sa.select(sa.func.count()).select_from(proposals).where(_pending())
    if kommunenummer:
        q = q.where(proposals.c.kommunenummer == kommunenummer)
    return int(conn.execute(q).scalar() or 0)


def count(kommunenummer: str | None = None, db_url: str | None = None) -> int:
    """Pending proposals, for one kommune or in all; 0 when the register has no database yet."""
    with database.reading(db_url) as conn:
        return 0 if conn is None else pending_count(conn, kommunenummer)


def _variants(term: str, dialect: str) -> set[str]:
    """The term as typed and, on SQLite, in the usual cases too: its LIKE folds ASCII letters only (not æ, ø, å);
    PostgreSQL's ILIKE folds them all."""
    if dialect != "sqlite" or term.isascii():
        return {term}
    return {term, term.lower(), term.upper(), term.capitalize(), term.title()}


def matching(term: str, names: Mapping[str, str]) -> list[str]:
    """Kommunenummer whose number starts with the term or whose name contains it (case-insensitive)."""
    folded = term.casefold()
    return sorted(k for k, name in names.items() if k.startswith(term) or folded in str(name).casefold())


def _search(term: str, names: Mapping[str, str], dialect: str):
    term = " ".join(term.split())[:100]
    if not term:
        return None
    texts = [proposals.c[c].ilike(f"%{_escape(v)}%", escape="\\") for c in SEARCHED for v in _variants(term, dialect)]
    knrs = matching(term, names)
    if knrs:
        texts.append(proposals.c.kommunenummer.in_(knrs))
    if term.lstrip("#").isdigit():
        texts.append(proposals.c.id == int(term.lstrip("#")))
    return sa.or_(*texts)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def page(search: str = "", names: Mapping[str, str] | None = None, number: int = 1, size: int = PAGE,
         db_url: str | None = None) -> tuple[pd.DataFrame, int]:
    """(one page of pending proposals, oldest first, and how many match in all). `search` matches the kommune's
    number or name (from `names`), the proposal's number (#12), or text in its title, note, source link, case
    reference or proposer. A page past the end gives the last page."""
    if size < 1 or number < 1:
        raise ValueError(f"page {number} of size {size} not allowed; allowed: page ≥ 1, size ≥ 1")
    with database.reading(db_url) as conn:
        if conn is None:
            return pd.DataFrame(columns=COLUMNS), 0
        found = _search(search, names or {}, conn.dialect.name)
        where = [_pending()] if found is None else [_pending(), found]
        rows, total = _rows(conn, where, number, size)
        if not rows and number > 1:  # past the end: the last page
            rows, total = _rows(conn, where, pages(total, size), size)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["proposed_at"] = frame["proposed_at"].map(stamp)
    frame[["supersedes", "answers"]] = frame[["supersedes", "answers"]].astype("Int64")
    frame["status"] = frame["status"].fillna("")
    return frame, total


def _rows(conn, where: list, number: int, size: int) -> tuple[list[dict], int]:
    """One page and the number of matches in one scan (a window count is taken before LIMIT); past the end there
    are no rows to carry it, so the count is asked for alone."""
    q = (sa.select(*[proposals.c[c] for c in COLUMNS], sa.func.count().over().label("matching")).where(*where)
         .order_by(proposals.c.id).limit(size).offset((number - 1) * size))
    rows = [dict(r) for r in conn.execute(q).mappings().all()]
    if rows:
        return rows, int(rows[0]["matching"])
    return [], int(conn.execute(sa.select(sa.func.count()).select_from(proposals).where(*where)).scalar() or 0)


def pages(total: int, size: int = PAGE) -> int:
    """How many pages `total` proposals fill (at least one)."""
    return max(1, -(-total // size))
