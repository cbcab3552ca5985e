"""The register: proposals, decisions and the audit log, append-only (UPDATE and DELETE refused by triggers).

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TABLES = ("proposals", "decisions", "audit_log")


def upgrade() -> None:
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kommunenummer", sa.String(4), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("status", sa.String(11), nullable=True),
        sa.Column("plan_title", sa.String(200), nullable=False),
        sa.Column("period", sa.String(9), nullable=False),
        sa.Column("source_url", sa.String(500), nullable=False),
        sa.Column("as_of", sa.String(10), nullable=False),
        sa.Column("note", sa.String(1000), nullable=False),
        sa.Column("supersedes", sa.Integer, sa.ForeignKey("proposals.id", name="fk_proposals_supersedes"), nullable=True),
        sa.Column("origin", sa.String(6), nullable=False),
        sa.Column("proposed_by", sa.String(200), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_key", sa.String(64), nullable=False),
        sa.UniqueConstraint("content_key", name="uq_proposals_content_key"),
        sa.CheckConstraint("kind IN ('status', 'retraction')", name="ck_proposals_kind"),
        sa.CheckConstraint("status IS NULL OR status IN ('adopted', 'in_progress', 'expired', 'none')",
                           name="ck_proposals_status"),
        sa.CheckConstraint("origin IN ('app', 'import', 'cli')", name="ck_proposals_origin"),
    )
    op.create_index("ix_proposals_kommunenummer", "proposals", ["kommunenummer"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("proposal_id", sa.Integer, sa.ForeignKey("proposals.id", name="fk_decisions_proposal"), nullable=False),
        sa.Column("decision", sa.String(8), nullable=False),
        sa.Column("editor", sa.String(254), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(1000), nullable=False),
        sa.UniqueConstraint("proposal_id", name="uq_decisions_proposal"),
        sa.CheckConstraint("decision IN ('approved', 'rejected')", name="ck_decisions_decision"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(254), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("proposal_id", sa.Integer, nullable=True),
        sa.Column("kommunenummer", sa.String(4), nullable=True),
        sa.Column("before", sa.Text, nullable=False),
        sa.Column("after", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.CheckConstraint("action IN ('propose', 'approve', 'reject', 'import')", name="ck_audit_log_action"),
    )
    op.create_index("ix_audit_log_proposal_id", "audit_log", ["proposal_id"])
    _append_only(op.get_bind().dialect.name)


def _append_only(dialect: str) -> None:
    if dialect == "sqlite":
        for table in TABLES:
            for event in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: add a new entry instead'); END")
    elif dialect == "postgresql":
        op.execute("CREATE FUNCTION register_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                   "RAISE EXCEPTION '% is append-only: add a new entry instead', TG_TABLE_NAME; END $$")
        for table in TABLES:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION register_append_only()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION register_append_only()")


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS register_append_only()")
