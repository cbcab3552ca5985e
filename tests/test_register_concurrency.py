"""Concurrency on SQLite and PostgreSQL: 20 threads proposing at once are all stored exactly once; two editors
deciding the same proposal at once: exactly one wins, the other is told who was first."""

from __future__ import annotations

import threading

import pandas as pd

from register import workflow
from tests.registerdb import EDITORS, db_url  # noqa: F401  (fixture)


def _at_once(n: int, work) -> tuple[list, list]:
    """Run work(i) in n threads released together; (results, errors)."""
    barrier = threading.Barrier(n)
    results, errors = [None] * n, [None] * n

    def run(i):
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001  (collected and asserted on)
            errors[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results, errors


def _proposal(knr: str, note: str = "") -> dict:
    return {"kommunenummer": knr, "status": "none", "plan_title": "", "period": "", "as_of": "2024",
            "source_url": f"https://www.example.org/svar/{knr}", "note": note}


def test_twenty_threads_proposing_at_once_are_each_stored_once(db_url, valid_knr):  # noqa: F811
    knrs = sorted(valid_knr)[:20]
    results, errors = _at_once(20, lambda i: workflow.propose(_proposal(knrs[i]), by=f"thread {i}", valid=valid_knr))
    assert errors == [None] * 20, [repr(e) for e in errors if e]
    assert all(r.new for r in results) and len({r.id for r in results}) == 20
    stored = workflow.listing()
    assert sorted(stored["kommunenummer"]) == knrs and stored["id"].is_unique
    log = workflow.log()
    assert (log["action"] == "propose").all() and sorted(log["proposal_id"]) == sorted(r.id for r in results)


def test_the_same_proposal_from_twenty_threads_is_stored_once(db_url, valid_knr):  # noqa: F811
    results, errors = _at_once(20, lambda i: workflow.propose(_proposal("5501"), by=f"thread {i}", valid=valid_knr))
    assert errors == [None] * 20
    assert sum(r.new for r in results) == 1 and len({r.id for r in results}) == 1
    assert len(workflow.listing()) == 1 and len(workflow.log()) == 1


def test_two_editors_deciding_the_same_proposal_at_once_exactly_one_wins(db_url, valid_knr):  # noqa: F811
    knrs = sorted(valid_knr)[:10]
    for round_, knr in enumerate(knrs):
        pid = workflow.propose(_proposal(knr), by="test", valid=valid_knr).id
        calls = [("approved", "kari@example.org", ""), ("rejected", "ola@example.org", "Feil kilde")]
        results, errors = _at_once(2, lambda i, pid=pid, calls=calls: workflow.decide(
            pid, calls[i][0], editor=calls[i][1], editors=EDITORS, reason=calls[i][2]))
        won = [r for r in results if r is not None]
        lost = [e for e in errors if e is not None]
        assert len(won) == 1 and len(lost) == 1, (round_, results, errors)
        assert isinstance(lost[0], workflow.AlreadyDecided)
        assert (lost[0].decision, lost[0].editor) == (won[0]["decision"], won[0]["editor"])
        assert f"proposal #{pid} was already {won[0]['decision']} by {won[0]['editor']}" in str(lost[0])
    decided = workflow.listing()
    assert len(decided) == 10 and (decided["state"] != "pending").all()
    log = workflow.log()
    per_proposal = log[log["action"].isin(["approve", "reject"])].groupby("proposal_id").size()
    pd.testing.assert_series_equal(per_proposal, pd.Series(1, index=per_proposal.index), check_names=False)
