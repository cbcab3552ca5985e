"""The register's four append-only tables (SQLAlchemy Core). The Alembic migrations create exactly these;
a test compares them. Rows are only ever inserted: triggers in the migrations refuse UPDATE and DELETE (and
TRUNCATE on PostgreSQL), and on SQLite an INSERT that would replace an existing row (INSERT OR REPLACE).

- proposals: what someone says a kommune's plan status is, with its source — a URL, or the kommune's own case
  reference when the source is a letter answering a request (never shown as fact until approved);
- decisions: one per proposal at most (a unique key, so two editors cannot both decide it);
- audit_log: every proposal, approval, rejection, import and request — who, when, what, before → after; each row
  chained to the one before by prev_hash/row_hash (register.audit);
- requests: the "ask the kommune" campaign — an innsynskrav sent to a kommune (when, by whom, in which language).
"""

from __future__ import annotations

import sqlalchemy as sa

STATUSES = ("adopted", "in_progress", "expired", "none")
KINDS = ("status", "retraction")
ORIGINS = ("app", "import", "cli")
DECISIONS = ("approved", "rejected")
ACTIONS = ("propose", "approve", "reject", "import", "ask")
LETTER_LANGS = ("nb", "nn")
LIMITS = {"plan_title": 200, "period": 9, "source_url": 500, "as_of": 10, "note": 1000, "proposed_by": 200,
          "editor": 254, "reason": 1000, "case_reference": 60, "asked_by": 200}


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


metadata = sa.MetaData()

proposals = sa.Table(
    "proposals", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kommunenummer", sa.String(4), nullable=False, index=True),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("status", sa.String(11), nullable=True),
    sa.Column("plan_title", sa.String(LIMITS["plan_title"]), nullable=False),
    sa.Column("period", sa.String(LIMITS["period"]), nullable=False),
    sa.Column("source_url", sa.String(LIMITS["source_url"]), nullable=False),
    sa.Column("as_of", sa.String(LIMITS["as_of"]), nullable=False),
    sa.Column("note", sa.String(LIMITS["note"]), nullable=False),
    sa.Column("supersedes", sa.Integer, sa.ForeignKey("proposals.id", name="fk_proposals_supersedes"), nullable=True),
    sa.Column("origin", sa.String(6), nullable=False),
    sa.Column("proposed_by", sa.String(LIMITS["proposed_by"]), nullable=False),
    sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("content_key", sa.String(64), nullable=False),
    sa.Column("case_reference", sa.String(LIMITS["case_reference"]), nullable=False, server_default=""),
    sa.Column("answers", sa.Integer, sa.ForeignKey("requests.id", name="fk_proposals_answers"), nullable=True),
    sa.UniqueConstraint("content_key", name="uq_proposals_content_key"),
    sa.CheckConstraint(_in("kind", KINDS), name="ck_proposals_kind"),
    sa.CheckConstraint(f"status IS NULL OR {_in('status', STATUSES)}", name="ck_proposals_status"),
    sa.CheckConstraint(_in("origin", ORIGINS), name="ck_proposals_origin"),
)

decisions = sa.Table(
    "decisions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("proposal_id", sa.Integer, sa.ForeignKey("proposals.id", name="fk_decisions_proposal"), nullable=False),
    sa.Column("decision", sa.String(8), nullable=False),
    sa.Column("editor", sa.String(LIMITS["editor"]), nullable=False),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("reason", sa.String(LIMITS["reason"]), nullable=False),
    sa.UniqueConstraint("proposal_id", name="uq_decisions_proposal"),
    sa.CheckConstraint(_in("decision", DECISIONS), name="ck_decisions_decision"),
)

audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(254), nullable=False),
    sa.Column("action", sa.String(8), nullable=False),
    sa.Column("proposal_id", sa.Integer, nullable=True, index=True),
    sa.Column("kommunenummer", sa.String(4), nullable=True),
    sa.Column("before", sa.Text, nullable=False),
    sa.Column("after", sa.Text, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("row_hash", sa.String(64), nullable=False),
    sa.CheckConstraint(_in("action", ACTIONS), name="ck_audit_log_action"),
)

requests = sa.Table(
    "requests", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kommunenummer", sa.String(4), nullable=False, index=True),
    sa.Column("lang", sa.String(2), nullable=False),
    sa.Column("asked_on", sa.Date, nullable=False),
    sa.Column("asked_by", sa.String(LIMITS["asked_by"]), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("content_key", sa.String(64), nullable=False),
    sa.UniqueConstraint("content_key", name="uq_requests_content_key"),
    sa.CheckConstraint(_in("lang", LETTER_LANGS), name="ck_requests_lang"),
)
