"""A proposal is acknowledged only once it is committed to the database the configuration names.

With the SQLite file deleted, replaced, made read-only or its folder removed while the app runs, every write
after the fault is refused (RegisterFileChanged, naming the fault) and every acknowledged id is in the file at the
configured path when a new engine (a restarted app) opens it: 0 acknowledged proposals lost. Three processes
writing at once on a fresh database (SQLite and PostgreSQL): none fails, none is lost, the audit chain holds.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from register import database, workflow
from tests.registerdb import db_url  # noqa: F401  (fixture)
from tests.test_register_audit import chain_problems
from vocabulary import register_words as words

ROOT = Path(__file__).resolve().parent.parent
VALID = {"5501", "1804", "0301"}
FAULTS = ("deleted", "replaced", "read_only", "folder_gone")
KIND = {"deleted": "gone", "replaced": "replaced", "read_only": "read_only", "folder_gone": "gone"}


def _proposal(i: int) -> dict:
    return {"kommunenummer": "5501", "status": "none", "plan_title": "", "period": "", "as_of": "2024",
            "source_url": f"https://www.example.org/svar/{i}", "note": f"forslag {i}"}


def _ids_at(path: Path) -> set[int]:
    """Proposal ids in the file at `path`, read with plain sqlite3 (not the code under test), WAL included."""
    if not path.exists():
        return set()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM proposals")}


def _fault(fault: str, path: Path) -> None:
    if fault == "deleted":
        path.unlink()
    elif fault == "replaced":  # a complete copy (WAL included) put in its place, as a restore or an editor would
        copy = path.with_name("copy.sqlite")
        with sqlite3.connect(path) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        os.replace(copy, path)
    elif fault == "read_only":
        path.chmod(0o444)
    else:
        shutil.rmtree(path.parent)


@pytest.mark.parametrize("fault", FAULTS)
def test_after_a_file_fault_no_write_is_acknowledged_and_none_is_lost(fault, tmp_path):
    path = tmp_path / "register" / "register.sqlite"
    url = f"sqlite:///{path}"
    acked = [workflow.propose(_proposal(i), by="test", valid=VALID, db_url=url).id for i in range(5)]
    workflow.listing(db_url=url)           # a pooled connection is open on the file, as in the running app
    _fault(fault, path)
    refused = []
    for i in range(5, 10):
        try:
            acked.append(workflow.propose(_proposal(i), by="test", valid=VALID, db_url=url).id)
        except database.RegisterFileChanged as exc:
            refused.append((exc.fault, str(exc)))
    assert [k for k, _ in refused] == [KIND[fault]] * 5
    assert all(str(path) in message and "nothing was stored" in message for _, message in refused)
    assert path.parent.exists() == (fault != "folder_gone")    # a write never makes the folder or file again
    assert path.exists() == (fault in ("replaced", "read_only"))
    database.dispose()                     # a restarted app
    if path.exists():
        path.chmod(0o644)
    on_disk = _ids_at(path)
    lost = [i for i in acked if fault in ("replaced", "read_only") and i not in on_disk]
    assert (len(acked), lost) == (5, [])
    if fault == "read_only":               # writable again: writes resume on the same file (no restart needed)
        assert workflow.propose(_proposal(10), by="test", valid=VALID, db_url=url).id == 6
        assert _ids_at(path) == set(range(1, 7))


def test_a_file_replaced_after_the_check_is_caught_after_the_commit(tmp_path, monkeypatch):
    """The window between the check under the write lock and the commit: the write lands in the old file, so the
    caller gets an error instead of an acknowledgement."""
    path = tmp_path / "register.sqlite"
    url = f"sqlite:///{path}"
    workflow.propose(_proposal(0), by="test", valid=VALID, db_url=url)
    real = database.check_file
    calls = []

    def check_then_replace(url_, write=True):
        real(url_, write)
        calls.append(write)
        if len(calls) == 2:                # the check under the write lock has passed
            _fault("replaced", path)

    monkeypatch.setattr(database, "check_file", check_then_replace)
    with pytest.raises(database.RegisterFileChanged, match="replaced"):
        workflow.propose(_proposal(1), by="test", valid=VALID, db_url=url)
    assert len(calls) == 2


def test_a_register_that_never_existed_is_created_by_the_first_write(tmp_path):
    path = tmp_path / "new" / "register.sqlite"
    url = f"sqlite:///{path}"
    assert workflow.listing(db_url=url).empty and not path.exists()        # reading creates nothing
    made = workflow.propose(_proposal(0), by="test", valid=VALID, db_url=url)
    assert _ids_at(path) == {made.id}
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _writer(url: str, start: int, n: int) -> None:
    """Run in a subprocess: says "ready" once imported, waits for "go" on stdin (so all start together), writes n
    proposals, one transaction each; prints the acknowledged ids and the failures."""
    from alembic import command, config  # noqa: F401  (imported before the start: the first writes race to migrate)
    from alembic.ddl import sqlite  # noqa: F401

    print("ready", flush=True)
    sys.stdin.readline()
    acked, failed = [], []
    for i in range(start, start + n):
        try:
            acked.append(workflow.propose(_proposal(i), by=f"writer {start}", valid=VALID, db_url=url).id)
        except Exception as exc:  # noqa: BLE001  (counted: the test asserts there are none)
            failed.append(repr(exc))
    print(json.dumps({"acked": acked, "failed": failed}))


PROCESSES, WRITES = 3, 200


def test_three_processes_writing_at_once_lose_none_and_fail_none(db_url):  # noqa: F811
    """A fresh database (the first writes race to create the schema), 3 × 200 proposals at once."""
    code = ("import sys; from tests.test_register_durability import _writer; "
            "_writer(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))")
    procs = [subprocess.Popen([sys.executable, "-c", code, db_url, str(k * WRITES), str(WRITES)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for k in range(PROCESSES)]
    assert [p.stdout.readline().strip() for p in procs] == ["ready"] * PROCESSES
    for p in procs:                        # all three go at once
        p.stdin.write("go\n")
        p.stdin.flush()
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * PROCESSES, [err[-2000:] for _, err in outs]
    results = [json.loads(out.strip().splitlines()[-1]) for out, _ in outs]
    acked = [i for r in results for i in r["acked"]]
    failed = [f for r in results for f in r["failed"]]
    database.dispose()
    with sa.create_engine(db_url, poolclass=sa.pool.NullPool).connect() as conn:   # a new engine
        stored = set(conn.exec_driver_sql("SELECT id FROM proposals").scalars())
        audited = conn.exec_driver_sql("SELECT count(*) FROM audit_log").scalar()
        problems = chain_problems(conn)
    assert (len(failed), len(acked), len(set(acked))) == (0, PROCESSES * WRITES, PROCESSES * WRITES), failed[:3]
    assert set(acked) - stored == set() and len(stored) == PROCESSES * WRITES
    assert (audited, problems) == (PROCESSES * WRITES, [])


@pytest.mark.parametrize(("lang", "says"), [
    ("nb", "Forslaget ble ikke lagret: registerets databasefil er borte (slettet eller flyttet mens appen kjørte). "
           "Teksten din står fortsatt i skjemaet"),
    ("en", "The proposal was not stored: the register's database file is gone (deleted or moved while the app was "
           "running). Your text is still in the form"),
])
def test_the_propose_page_says_nothing_was_stored_and_keeps_the_text(lang, says, tmp_path, monkeypatch):
    from tests.test_register_app import _fill, _page

    path = tmp_path / "register.sqlite"
    monkeypatch.setenv("DEKNING_DB_URL", f"sqlite:///{path}")
    at = _fill(_page("views/register_propose.py", kommune="5001", lang=lang), note="første")
    assert len(at.success) == 1 and not at.error
    path.unlink()
    typed = ("Handlingsplan mot vold 2025–2028", "2025-2028", "https://www.trondheim.kommune.no/plan", "2025-01-15")
    at = _fill(at, *typed, note="Vedtatt i bystyret")
    assert not at.exception and not at.success
    errors = [e.value for e in at.error]
    ours = [e for e in errors if e.startswith(says)]
    assert len(ours) == 1 and all(e in ours or e == words.t("unavailable", lang) for e in errors), errors
    assert [box.value for box in list(at.text_input)[:4]] == list(typed) and at.text_area[0].value == "Vedtatt i bystyret"
    database.dispose()
    assert not path.exists()


def test_a_restart_after_a_deletion_starts_a_clean_register_despite_the_old_wal(tmp_path):
    """The deleted file's -wal/-shm stay beside the path (as the attack left them); the restarted app's first
    write makes a new, empty register (SQLite drops a WAL beside an empty file) holding only that write."""
    path = tmp_path / "register.sqlite"
    url = f"sqlite:///{path}"
    for i in range(3):
        workflow.propose(_proposal(i), by="test", valid=VALID, db_url=url)
    stray = {s: path.with_name(path.name + s).read_bytes() for s in ("-wal", "-shm")}
    assert len(stray["-wal"]) > 0
    path.unlink()
    database.dispose()                     # the app restarts
    for suffix, content in stray.items():
        path.with_name(path.name + suffix).write_bytes(content)
    made = workflow.propose(_proposal(9), by="test", valid=VALID, db_url=url)
    assert made.id == 1 and _ids_at(path) == {1}
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
