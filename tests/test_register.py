"""The register's workflow and publishing on SQLite and PostgreSQL: proposals stay pending until an editor
decides, decisions happen once, nothing is changed in place, approved entries join the plan status by the
newer-source rule. Expected values are worked out by hand from the inputs written here."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from register import database, publish, schema, workflow
from tests.registerdb import EDITORS, db_url  # noqa: F401  (fixture)

ADOPTED_5501 = {"kommunenummer": "5501", "status": "adopted", "plan_title": "Handlingsplan mot vold i nære relasjoner",
                "period": "2024-2027", "source_url": "https://www.tromso.kommune.no/handlingsplan-vold",
                "as_of": "2024-09-12", "note": "Vedtatt i kommunestyret"}


def _propose(values=ADOPTED_5501, valid=frozenset({"5501", "1804", "0301", "3412"}), **kw):
    return workflow.propose(dict(values), by="test", valid=set(valid), **kw)


def test_migrations_build_exactly_the_schema_the_code_uses(db_url):  # noqa: F811
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    database.upgrade(db_url)
    with database.engine(db_url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert diff == []
    assert revision == "0003"


def test_tables_are_append_only_update_and_delete_refused(db_url):  # noqa: F811
    made = _propose()
    engine = database.engine(db_url)
    for statement in (f"UPDATE proposals SET status = 'none' WHERE id = {made.id}",
                      f"DELETE FROM proposals WHERE id = {made.id}", "DELETE FROM audit_log",
                      "UPDATE audit_log SET actor = 'someone else'"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as conn:
            conn.exec_driver_sql(statement)
    assert workflow.listing()["status"].tolist() == ["adopted"]
    assert len(workflow.log()) == 1


def test_a_proposal_is_pending_and_never_published(db_url):  # noqa: F811
    made = _propose()
    assert (made.new, made.state) == (True, "pending")
    pending = workflow.listing("pending")
    assert pending["id"].tolist() == [made.id]
    assert pending.iloc[0]["period"] == "2024–2027"          # normalised
    assert publish.approved().empty
    assert publish.version() == "0"


def test_approval_publishes_with_editor_date_and_source_and_is_logged(db_url):  # noqa: F811
    made = _propose()
    done = workflow.decide(made.id, "approved", editor="Kari@Example.org", editors=EDITORS)
    entries = publish.approved()
    assert entries[["id", "kommunenummer", "status", "as_of", "editor"]].values.tolist() == [
        [made.id, "5501", "adopted", "2024-09-12", "kari@example.org"]]
    assert entries.iloc[0]["approved_at"] == done["decided_at"].strftime("%Y-%m-%d")
    assert publish.version() != "0"
    log = workflow.log()
    assert log["action"].tolist() == ["propose", "approve"]
    assert log["actor"].tolist() == ["test", "kari@example.org"]
    assert json.loads(log.iloc[1]["before"]) == {}
    assert json.loads(log.iloc[1]["after"])["source_url"] == ADOPTED_5501["source_url"]


def test_rejection_needs_an_editor_and_a_reason_and_publishes_nothing(db_url):  # noqa: F811
    made = _propose()
    with pytest.raises(workflow.NotAnEditor):
        workflow.decide(made.id, "rejected", editor="mallory@example.org", editors=EDITORS, reason="nei")
    with pytest.raises(workflow.Refused) as refused:
        workflow.decide(made.id, "rejected", editor="ola@example.org", editors=EDITORS, reason="  ")
    assert [(p.field, p.code) for p in refused.value.problems] == [("reason", "required")]
    workflow.decide(made.id, "rejected", editor="ola@example.org", editors=EDITORS, reason="Lenken viser en annen kommune")
    assert workflow.listing("rejected")["reason"].tolist() == ["Lenken viser en annen kommune"]
    assert publish.approved().empty
    assert workflow.log()["action"].tolist() == ["propose", "reject"]


def test_a_decided_proposal_cannot_be_decided_again(db_url):  # noqa: F811
    made = _propose()
    workflow.decide(made.id, "approved", editor="kari@example.org", editors=EDITORS)
    with pytest.raises(workflow.AlreadyDecided) as second:
        workflow.decide(made.id, "rejected", editor="ola@example.org", editors=EDITORS, reason="feil")
    assert (second.value.decision, second.value.editor) == ("approved", "kari@example.org")
    assert "already approved by kari@example.org" in str(second.value)
    with pytest.raises(workflow.NotFound):
        workflow.decide(999, "approved", editor="kari@example.org", editors=EDITORS)


def test_the_same_proposal_twice_is_stored_once(db_url):  # noqa: F811
    spaced = dict(ADOPTED_5501, period="2024 – 2027", plan_title=" Handlingsplan mot vold i nære  relasjoner")
    first, second = _propose(), _propose(spaced)
    assert (second.id, second.new) == (first.id, False)
    assert len(workflow.listing()) == 1 and len(workflow.log()) == 1


def test_a_correction_supersedes_and_a_retraction_falls_back(db_url):  # noqa: F811
    a = _propose()
    workflow.decide(a.id, "approved", editor="kari@example.org", editors=EDITORS)
    b = _propose(dict(ADOPTED_5501, status="in_progress", as_of="2025-01-10", period="2025-2028"), supersedes=a.id)
    assert publish.approved()["id"].tolist() == [a.id]          # b is only a proposal
    workflow.decide(b.id, "approved", editor="ola@example.org", editors=EDITORS)
    assert publish.approved()[["id", "status"]].values.tolist() == [[b.id, "in_progress"]]
    with pytest.raises(workflow.Refused):                         # a is no longer what is published
        _propose(dict(ADOPTED_5501, note="again"), supersedes=a.id)
    r = workflow.retract(b.id, editor="kari@example.org", editors=EDITORS, reason="Kilden gjelder en annen plan")
    assert publish.approved().empty                               # a stays superseded by b; b is withdrawn
    states = workflow.listing().set_index("id")
    assert states.loc[r, "kind"] == "retraction" and states.loc[r, "supersedes"] == b.id
    assert workflow.log()["action"].tolist() == ["propose", "approve", "propose", "approve", "propose", "approve"]


def test_reading_without_a_database_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.delenv("DEKNING_DB_URL", raising=False)
    assert database.url() == f"sqlite:///{tmp_path / 'data-home' / 'dekningskart' / 'register.sqlite'}"
    assert publish.version() == "0"
    assert publish.approved().empty and workflow.listing().empty and workflow.log().empty
    assert not (tmp_path / "data-home").exists()


def test_an_unreachable_database_leaves_curated_data_with_a_notice(monkeypatch):
    url = "postgresql+psycopg://nobody@127.0.0.1:9/nowhere"      # port 9 (discard): connection refused
    monkeypatch.setenv("DEKNING_DB_URL", url)
    publish._down_until.clear()
    assert publish.version() == publish.UNAVAILABLE
    entries = publish.approved()
    assert entries.empty and "nobody@127.0.0.1:9/nowhere" in entries.attrs["register_notice"]
    table = pd.DataFrame({"kommunenummer": ["5501"], "plan_status": ["expired"], "plan_as_of": ["2019"]})
    assert publish.overlay(table, entries).attrs["register_notice"]
    with pytest.raises(database.RegisterUnavailable, match="nobody@127.0.0.1:9/nowhere"):
        _propose()
    publish._down_until.clear()
    database.dispose()


# The merge rule (publish.overlay) on hand-made tables ----------------------------------------------------

def _table() -> pd.DataFrame:
    return pd.DataFrame({
        "kommunenummer": ["0001", "0002", "0003", "0004", "0005"],
        "plan_status": ["unknown", "adopted", "expired", "in_progress", "none"],
        "plan_title": ["", "Plan A", "Plan B", "Plan C", ""],
        "plan_period": ["", "2021–2026", "2015–2019", "", ""],
        "plan_partners": ["", "Nabo", "", "", ""],
        "plan_source_url": ["", "https://a.example/a", "https://a.example/b", "https://a.example/c", "https://a.example/d"],
        "plan_as_of": ["", "2024-05-03", "undated", "2019", "2023-02"],
        "plan_evidence": ["unknown", "documented", "documented", "documented", "documented"],
        "median_min_nearest": [30.0, 30.0, 30.0, 150.0, 30.0],
    }).assign(plan_adopted_date="")


def _entries(rows) -> pd.DataFrame:
    base = {"plan_title": "Ny plan", "period": "2024–2027", "source_url": "https://r.example/x", "editor": "kari@example.org",
            "approved_at": "2025-03-01"}
    return pd.DataFrame([{**base, "id": i + 1, **r} for i, r in enumerate(rows)], columns=publish.ENTRY_COLUMNS)


def test_overlay_newer_source_wins_and_both_are_kept():
    entries = _entries([
        {"kommunenummer": "0001", "status": "adopted", "as_of": "undated"},   # curated unknown → register
        {"kommunenummer": "0002", "status": "none", "as_of": "2024"},         # same year as 2024-05-03 → curated
        {"kommunenummer": "0003", "status": "adopted", "as_of": "2020"},      # curated undated → register
        {"kommunenummer": "0004", "status": "adopted", "as_of": "undated"},   # register undated → curated
        {"kommunenummer": "0005", "status": "adopted", "as_of": "2023-03-15"},  # 2023-03 > 2023-02 → register
        {"kommunenummer": "9999", "status": "adopted", "as_of": "2025"},      # not in the table: ignored
    ])
    out = publish.overlay(_table(), entries, today=date(2025, 6, 1)).set_index("kommunenummer")
    assert out["plan_status"].tolist() == ["adopted", "adopted", "adopted", "in_progress", "adopted"]
    assert out["plan_evidence"].tolist() == ["register", "documented", "register", "documented", "register"]
    assert out["plan_editor"].tolist() == ["kari@example.org", "", "kari@example.org", "", "kari@example.org"]
    assert out["plan_approved_at"].tolist() == ["2025-03-01", "", "2025-03-01", "", "2025-03-01"]
    assert out.loc["0003", "plan_source_url"] == "https://r.example/x" and out.loc["0003", "plan_partners"] == ""
    assert out.loc["0003", "plan_curated_source_url"] == "https://a.example/b"
    assert out.loc["0002", "plan_register_status"] == "none" and out.loc["0002", "plan_status"] == "adopted"
    assert out["plan_curated_status"].tolist() == ["unknown", "adopted", "expired", "in_progress", "none"]


def test_overlay_applies_the_ended_period_rule_and_can_be_reapplied():
    entries = _entries([{"kommunenummer": "0001", "status": "adopted", "as_of": "2021", "period": "2019–2022"}])
    once = publish.overlay(_table(), entries, today=date(2025, 6, 1))
    assert once.set_index("kommunenummer").loc["0001", "plan_status"] == "expired"
    again = publish.overlay(once, publish.nothing())
    pd.testing.assert_series_equal(again["plan_status"], _table()["plan_status"])
    assert (again["plan_evidence"] != "register").all() and (again["plan_register_status"] == "").all()


def test_the_published_table_moves_the_gap_class_with_the_plan_status():
    table = _table()
    table.attrs.update({"threshold": 90, "basis": "nearest"})
    entries = _entries([{"kommunenummer": "0001", "status": "adopted", "as_of": "2024"},
                        {"kommunenummer": "0005", "status": "in_progress", "as_of": "2024"}])
    out = publish.published_table(table, entries, today=date(2025, 6, 1)).set_index("kommunenummer")
    # 0001: unknown → adopted, 30 min → dekket; 0005: none → in_progress (still no plan) → mangler_plan
    assert out.loc["0001", "gap_class"] == "dekket"
    assert out.loc["0005", "gap_class"] == "mangler_plan"
    assert out.loc["0004", "gap_class"] == "dobbelt_gap"


def test_evidence_lines_name_the_register_the_editor_and_both_sources():
    entries = _entries([{"kommunenummer": "0003", "status": "adopted", "as_of": "2020"}])
    row = publish.overlay(_table(), entries, today=date(2025, 6, 1)).set_index("kommunenummer").loc["0003"]
    assert publish.evidence_lines(row, "en") == [
        "Basis: register (an approved report with a newer source than the project's sourced data)",
        "Register: Adopted — approved by kari@example.org on 2025-03-01. Source: https://r.example/x (as of 2020)",
        "The project's sourced data: Expired. Source: https://a.example/b (undated)"]
    plain = publish.overlay(_table(), publish.nothing()).iloc[0]
    assert publish.evidence_lines(plain, "nb") == []


def test_the_published_table_publishes_approved_entries(db_url, model, valid_knr):  # noqa: F811
    """Real data: an approved entry for Trondheim (curated: unknown) reaches the published per-kommune table."""
    from coverage import indicators

    analysis = indicators.per_kommune(model)
    before = publish.published_table(analysis, publish.approved()).set_index("kommunenummer")
    assert before.loc["5001", "plan_status"] == "unknown"
    made = workflow.propose(ADOPTED_5501 | {"kommunenummer": "5001"}, by="test", valid=valid_knr)
    workflow.decide(made.id, "approved", editor="kari@example.org", editors=EDITORS)
    after = publish.published_table(analysis, publish.approved()).set_index("kommunenummer")
    assert after.loc["5001", ["plan_status", "plan_evidence", "plan_editor"]].tolist() == [
        "adopted", "register", "kari@example.org"]
    assert after.loc["5001", "gap_class"] == ("dekket" if after.loc["5001", "median_min_nearest"] <= 90 else "lang_reisevei")
    changed = (before["plan_status"] != after["plan_status"]) | (before["gap_class"] != after["gap_class"])
    assert changed[changed].index.tolist() == ["5001"]
