"""The tamper-evident audit log on SQLite and PostgreSQL: every row carries the sha256 of the row before it, checked
here by a recomputation written out in the test (hashlib and json, not register.audit); `python -m register verify`
exits 0 on an intact chain and 1 naming the first broken row; INSERT OR REPLACE (SQLite) and TRUNCATE
(PostgreSQL) are refused on all four tables; the migration chains the rows that were there before it."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from register import __main__ as cli
from register import bulk, campaign, database, workflow
from tests.registerdb import EDITORS, db_url  # noqa: F401  (fixture)

VALID = {"5501", "1804", "0301", "1824"}
TABLES = ("proposals", "decisions", "audit_log", "requests")


def _proposal(knr: str = "5501", note: str = "") -> dict:
    return {"kommunenummer": knr, "status": "adopted", "plan_title": "Handlingsplan mot vold i nære relasjoner",
            "period": "2024-2027", "as_of": "2024-09-12", "source_url": f"https://www.example.org/plan/{knr}",
            "note": note}


def _expected_hash(row, prev: str) -> str:
    """sha256 over compact JSON of id, at (UTC, microseconds, Z), actor, action, proposal_id, kommunenummer,
    before, after, detail, prev_hash — in that order."""
    at = row["at"] if row["at"].tzinfo else row["at"].replace(tzinfo=UTC)
    fields = {"id": row["id"], "at": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "actor": row["actor"],
              "action": row["action"], "proposal_id": row["proposal_id"], "kommunenummer": row["kommunenummer"],
              "before": row["before"], "after": row["after"], "detail": row["detail"], "prev_hash": prev}
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def chain_problems(conn) -> list[int]:
    """Ids of the rows whose prev_hash or row_hash differ from the recomputation (empty: the chain holds)."""
    audit_log = sa.Table("audit_log", sa.MetaData(), sa.Column("id", sa.Integer), sa.Column("at", sa.DateTime(True)),
                         *[sa.Column(c) for c in ("actor", "action", "proposal_id", "kommunenummer", "before",
                                                  "after", "detail", "prev_hash", "row_hash")])
    prev, bad = "0" * 64, []
    for row in conn.execute(sa.select(audit_log).order_by(audit_log.c.id)).mappings():
        if row["prev_hash"] != prev or row["row_hash"] != _expected_hash(row, prev):
            bad.append(row["id"])
        prev = row["row_hash"]
    return bad


def _busy_register() -> None:
    """Every kind of audit row: propose, approve, reject, ask, import (with text outside ASCII)."""
    a = workflow.propose(_proposal("5501", "Vedtatt i kommunestyret – «endelig»"), by="Åse", valid=VALID)
    b = workflow.propose(_proposal("1804"), by="test", valid=VALID)
    workflow.decide(a.id, "approved", editor="kari@example.org", editors=EDITORS)
    workflow.decide(b.id, "rejected", editor="ola@example.org", editors=EDITORS, reason="Feil kilde")
    campaign.ask("1824", by="Vefsn sanitetsforening", lang="nn", valid=VALID, asked_on=date(2024, 5, 2),
                 today=date(2024, 5, 10))
    csv = (b"kommunenummer,status,plan_title,period,source_url,as_of,note\n"
           b"0301,adopted,Handlingsplan,2024-2027,https://www.oslo.kommune.no/plan,2024-01-05,\n")
    bulk.import_file(csv, by="test", valid=VALID, crosswalk=None)


def test_every_audit_row_carries_the_hash_of_the_row_before(db_url, capsys):  # noqa: F811
    _busy_register()
    with database.engine(db_url).connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, prev_hash, row_hash FROM audit_log ORDER BY id").all()
        assert chain_problems(conn) == []
    assert len(rows) == 7 and rows[0].prev_hash == "0" * 64
    assert [r.prev_hash for r in rows[1:]] == [r.row_hash for r in rows[:-1]]
    assert cli.main(["verify"]) == 0
    assert f"audit chain intact: 7 rows, last hash {rows[-1].row_hash}" in capsys.readouterr().out


def _tamper(url: str, statements: list[str]) -> None:
    """What someone with the database's owner rights can do: switch the guards off and change rows."""
    with database.engine(url).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER USER")
        else:
            for trigger in ("audit_log_no_update", "audit_log_no_delete"):
                conn.exec_driver_sql(f"DROP TRIGGER {trigger}")
        for statement in statements:
            conn.exec_driver_sql(statement)


@pytest.mark.parametrize(("statements", "first_broken", "says"), [
    (["UPDATE audit_log SET actor = 'someone else' WHERE id = 3"], 3, "changed after it was written"),
    (["UPDATE audit_log SET prev_hash = row_hash WHERE id = 4"], 4, "is not the hash of row 3"),
    (["DELETE FROM audit_log WHERE id = 2"], 3, "is not the hash of row 1"),
    (["UPDATE audit_log SET detail = 'x' WHERE id = 5", "UPDATE audit_log SET actor = 'y' WHERE id = 2"], 2,
     "changed after it was written"),
], ids=["changed", "relinked", "removed", "two changes"])
def test_verify_names_the_first_broken_row_and_exits_1(db_url, capsys, statements, first_broken, says):  # noqa: F811
    _busy_register()
    _tamper(db_url, statements)
    database.dispose()
    assert cli.main(["verify"]) == 1
    err = capsys.readouterr().err
    assert f"audit row {first_broken}:" in err and says in err
    with database.engine(db_url).connect() as conn:
        assert chain_problems(conn)[0] == first_broken


def test_replacing_or_truncating_rows_is_refused_on_every_table(db_url):  # noqa: F811
    _busy_register()
    engine = database.engine(db_url)
    with engine.connect() as conn:
        before = {t: conn.exec_driver_sql(f"SELECT * FROM {t} ORDER BY id").all() for t in TABLES}
    if engine.dialect.name == "sqlite":
        statements = [f"INSERT OR REPLACE INTO {t} SELECT * FROM {t} WHERE id = 1" for t in TABLES]
        statements += ["REPLACE INTO audit_log (id, at, actor, action, \"before\", \"after\", detail, prev_hash, "
                       "row_hash) VALUES (1, '2024-01-01 00:00:00', 'x', 'import', '{}', '{}', '', '', '')",
                       "INSERT OR REPLACE INTO proposals SELECT 99, kommunenummer, kind, status, plan_title, period, "
                       "source_url, as_of, 'rewritten', supersedes, origin, proposed_by, proposed_at, content_key, "
                       "case_reference, answers FROM proposals WHERE id = 2"]
    else:
        statements = [f"TRUNCATE {t} CASCADE" for t in TABLES]
        statements += ["INSERT INTO audit_log SELECT * FROM audit_log WHERE id = 1 ON CONFLICT (id) DO UPDATE "
                       "SET actor = 'someone else'"]
    for statement in statements:
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as conn:
            conn.exec_driver_sql(statement)
    with engine.connect() as conn:
        after = {t: conn.exec_driver_sql(f"SELECT * FROM {t} ORDER BY id").all() for t in TABLES}
        assert chain_problems(conn) == []
    assert after == before


def test_the_migration_chains_the_rows_already_there_and_downgrades(db_url):  # noqa: F811
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(database.MIGRATIONS))

    def to(revision, step=command.upgrade):
        database.create_file(db_url)
        with database.engine(db_url).begin() as conn:
            cfg.attributes["connection"] = conn
            step(cfg, revision)

    to("0002")
    old = sa.Table("audit_log", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                   sa.Column("at", sa.DateTime(True)), *[sa.Column(c, sa.Text) for c in (
                       "actor", "action", "kommunenummer", "before", "after", "detail")])
    with database.engine(db_url).begin() as conn:   # rows as the previous version wrote them (UTC, microseconds)
        for i, at in enumerate((datetime(2025, 6, 1, 10, 0, 0, 123456, UTC), datetime(2025, 6, 2, 9, 30, tzinfo=UTC),
                                datetime(2025, 6, 3, tzinfo=UTC))):
            conn.execute(old.insert().values(at=at, actor=f"ø{i}", action="ask", kommunenummer="1824", before="{}",
                                             after=json.dumps({"request": i}), detail=""))
    to("head")
    with database.engine(db_url).connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, actor FROM audit_log ORDER BY id").all()
        assert chain_problems(conn) == []
    assert [tuple(r) for r in rows] == [(1, "ø0"), (2, "ø1"), (3, "ø2")]
    workflow.propose(_proposal(), by="test", valid=VALID)      # the app appends to the migrated chain
    with database.engine(db_url).connect() as conn:
        assert chain_problems(conn) == [] and conn.exec_driver_sql("SELECT count(*) FROM audit_log").scalar() == 4
    to("0002", command.downgrade)
    with database.engine(db_url).connect() as conn:
        assert "prev_hash" not in {c["name"] for c in sa.inspect(conn).get_columns("audit_log")}
        assert conn.exec_driver_sql("SELECT count(*) FROM audit_log").scalar() == 4
