"""The "ask the kommune" campaign: a requests table (append-only like the others), a proposal may answer a
request and cite the kommune's own case reference instead of a URL, and the audit log knows the action 'ask'.

SQLite cannot change a CHECK constraint in place, so its audit_log is rebuilt (new table, rows copied, old one
dropped — SQLite's DROP TABLE fires no DELETE trigger — renamed back, index and triggers made again); the
proposals table only gains columns (ALTER TABLE ADD COLUMN), so its triggers stay as they are.

Revision ID: 0002
Revises: 0001
Create Date: 2025-06-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ACTIONS_BEFORE = "action IN ('propose', 'approve', 'reject', 'import')"
ACTIONS_AFTER = "action IN ('propose', 'approve', 'reject', 'import', 'ask')"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "requests",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kommunenummer", sa.String(4), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("asked_on", sa.Date, nullable=False),
        sa.Column("asked_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_key", sa.String(64), nullable=False),
        sa.UniqueConstraint("content_key", name="uq_requests_content_key"),
        sa.CheckConstraint("lang IN ('nb', 'nn')", name="ck_requests_lang"),
    )
    op.create_index("ix_requests_kommunenummer", "requests", ["kommunenummer"])
    op.add_column("proposals", sa.Column("case_reference", sa.String(60), nullable=False, server_default=""))
    if dialect == "sqlite":  # SQLite adds a column with its reference in one statement (no ALTER of constraints)
        op.execute("ALTER TABLE proposals ADD COLUMN answers INTEGER "
                   "CONSTRAINT fk_proposals_answers REFERENCES requests (id)")
    else:
        op.add_column("proposals", sa.Column("answers", sa.Integer,
                                             sa.ForeignKey("requests.id", name="fk_proposals_answers"), nullable=True))
    if dialect == "postgresql":
        op.execute("ALTER TABLE audit_log DROP CONSTRAINT ck_audit_log_action")
        op.execute(f"ALTER TABLE audit_log ADD CONSTRAINT ck_audit_log_action CHECK ({ACTIONS_AFTER})")
        op.execute("CREATE TRIGGER requests_append_only BEFORE UPDATE OR DELETE ON requests "
                   "FOR EACH ROW EXECUTE FUNCTION register_append_only()")
        op.execute("CREATE TRIGGER requests_no_truncate BEFORE TRUNCATE ON requests "
                   "FOR EACH STATEMENT EXECUTE FUNCTION register_append_only()")
    elif dialect == "sqlite":
        _sqlite_audit_log(ACTIONS_AFTER)
        _sqlite_append_only("requests")


def _sqlite_append_only(table: str) -> None:
    for event in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                   f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: add a new entry instead'); END")


def _sqlite_audit_log(check: str) -> None:
    """Rebuild audit_log with another action CHECK, keeping every row, its ids, index and triggers."""
    op.create_table(
        "audit_log_new",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(254), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("proposal_id", sa.Integer, nullable=True),
        sa.Column("kommunenummer", sa.String(4), nullable=True),
        sa.Column("before", sa.Text, nullable=False),
        sa.Column("after", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.CheckConstraint(check, name="ck_audit_log_action"),
    )
    op.execute("INSERT INTO audit_log_new (id, at, actor, action, proposal_id, kommunenummer, \"before\", \"after\", detail) "
               "SELECT id, at, actor, action, proposal_id, kommunenummer, \"before\", \"after\", detail FROM audit_log")
    op.execute("DROP TABLE audit_log")
    op.execute("ALTER TABLE audit_log_new RENAME TO audit_log")
    op.create_index("ix_audit_log_proposal_id", "audit_log", ["proposal_id"])
    _sqlite_append_only("audit_log")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.drop_column("proposals", "answers")
    op.drop_column("proposals", "case_reference")
    op.drop_table("requests")
    if dialect == "postgresql":
        op.execute("ALTER TABLE audit_log DROP CONSTRAINT ck_audit_log_action")
        op.execute(f"ALTER TABLE audit_log ADD CONSTRAINT ck_audit_log_action CHECK ({ACTIONS_BEFORE})")
    elif dialect == "sqlite":
        _sqlite_audit_log(ACTIONS_BEFORE)
