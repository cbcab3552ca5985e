"""A tamper-evident audit log: every audit row carries prev_hash (the hash of the row before it) and row_hash
(sha256 over its canonical serialisation, prev_hash included; register.audit is the one home of that rule). The
rows already there are chained in id order. On SQLite an INSERT that would replace an existing row (INSERT OR
REPLACE, REPLACE) is refused on all four tables by a BEFORE INSERT trigger (a row with the same id or the same
unique key exists); PostgreSQL refuses TRUNCATE since 0001/0002 (and ON CONFLICT DO UPDATE is an UPDATE).

SQLite cannot add a NOT NULL column without a default, so its audit_log is rebuilt as in 0002 (new table, rows
copied with their hashes, old one dropped, renamed back, index and triggers made again). PostgreSQL adds the
columns, fills them with the append-only trigger switched off inside this transaction, then makes them NOT NULL.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from register import audit

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ACTIONS = "action IN ('propose', 'approve', 'reject', 'import', 'ask')"
UNIQUE = {"proposals": "content_key", "decisions": "proposal_id", "requests": "content_key", "audit_log": None}
_COLUMNS = ("id", "at", "actor", "action", "proposal_id", "kommunenummer", "before", "after", "detail")


def _columns(chained: bool) -> list[sa.Column]:
    cols = [sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("actor", sa.String(254), nullable=False),
            sa.Column("action", sa.String(8), nullable=False),
            sa.Column("proposal_id", sa.Integer, nullable=True),
            sa.Column("kommunenummer", sa.String(4), nullable=True),
            sa.Column("before", sa.Text, nullable=False),
            sa.Column("after", sa.Text, nullable=False),
            sa.Column("detail", sa.Text, nullable=False)]
    if chained:
        cols += [sa.Column("prev_hash", sa.String(64), nullable=False), sa.Column("row_hash", sa.String(64), nullable=False)]
    return cols


def _chained_rows() -> list[dict]:
    """The audit rows there now, oldest first, each with prev_hash and row_hash."""
    old = sa.Table("audit_log", sa.MetaData(), *_columns(chained=False))
    rows, previous = [], audit.GENESIS
    for row in op.get_bind().execute(sa.select(old).order_by(old.c.id)).mappings():
        row = dict(row) | {"prev_hash": previous}
        row["row_hash"] = previous = audit.row_hash(row)
        rows.append(row)
    return rows


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    rows = _chained_rows()
    if dialect == "sqlite":
        _sqlite_rebuild(rows, chained=True)
        for table, key in UNIQUE.items():
            if table != "audit_log":
                _sqlite_no_replace(table, key)
        return
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(64), nullable=True))
    op.add_column("audit_log", sa.Column("row_hash", sa.String(64), nullable=True))
    if dialect == "postgresql":
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
    table = sa.table("audit_log", sa.column("id"), sa.column("prev_hash"), sa.column("row_hash"))
    for row in rows:
        op.execute(table.update().where(table.c.id == row["id"])
                   .values(prev_hash=row["prev_hash"], row_hash=row["row_hash"]))
    if dialect == "postgresql":
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
    op.alter_column("audit_log", "prev_hash", existing_type=sa.String(64), nullable=False)
    op.alter_column("audit_log", "row_hash", existing_type=sa.String(64), nullable=False)


def _sqlite_no_replace(table: str, key: str | None) -> None:
    same = "id = NEW.id" + (f" OR {key} = NEW.{key}" if key else "")
    op.execute(f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
               f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {same}) "
               f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: this row exists (no INSERT OR REPLACE)'); END")


def _sqlite_rebuild(rows: list[dict], chained: bool) -> None:
    """audit_log rebuilt with or without the hash columns, every row and id kept, index and triggers made again."""
    new = op.create_table("audit_log_new", *_columns(chained), sa.CheckConstraint(ACTIONS, name="ck_audit_log_action"))
    if rows:
        keep = _COLUMNS + (("prev_hash", "row_hash") if chained else ())
        op.bulk_insert(new, [{k: r[k] for k in keep} for r in rows])
    op.execute("DROP TABLE audit_log")   # SQLite's DROP TABLE fires no DELETE trigger and drops the old triggers
    op.execute("ALTER TABLE audit_log_new RENAME TO audit_log")
    op.create_index("ix_audit_log_proposal_id", "audit_log", ["proposal_id"])
    for event in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                   "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: add a new entry instead'); END")
    if chained:
        _sqlite_no_replace("audit_log", None)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in UNIQUE:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_replace")
        old = sa.Table("audit_log", sa.MetaData(), *_columns(chained=False))
        rows = [dict(r) for r in op.get_bind().execute(sa.select(old).order_by(old.c.id)).mappings()]
        _sqlite_rebuild(rows, chained=False)
        return
    op.drop_column("audit_log", "row_hash")
    op.drop_column("audit_log", "prev_hash")
