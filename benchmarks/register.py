"""Benchmark the plan-status register: approve → map repainted for a new session (headless Chromium against
`streamlit run`, warm model caches), as a ratio to a new session's paint with nothing approved in the same run;
and the concurrency figures on SQLite and (when DEKNING_TEST_POSTGRES_URL is set) PostgreSQL.

Run: python benchmarks/register.py   (DEKNING_DATA_DIR must point at the source files; needs /usr/bin/chromium.)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from register import database, workflow  # noqa: E402

EDITORS = {"kari@example.org", "ola@example.org"}
FYLKE = "55"


def _proposal(knr: str, note: str = "") -> dict:
    return {"kommunenummer": knr, "status": "adopted", "plan_title": "Handlingsplan mot vold i nære relasjoner",
            "period": "2024-2027", "as_of": "2024-09-12", "source_url": f"https://www.example.org/plan/{knr}", "note": note}


def _at_once(n: int, work) -> tuple[list, list, float]:
    barrier = threading.Barrier(n + 1)
    results, errors = [None] * n, [None] * n

    def run(i):
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001
            errors[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return results, errors, time.perf_counter() - t0


def concurrency(db_url: str, valid: set[str], rounds: int = 50) -> dict:
    os.environ["DEKNING_DB_URL"] = db_url
    database.upgrade(db_url)
    knrs = sorted(valid)[:20]
    res, err, wall = _at_once(20, lambda i: workflow.propose(_proposal(knrs[i]), by=f"t{i}", valid=valid))
    stored = len(workflow.listing())
    same, same_err, _ = _at_once(20, lambda i: workflow.propose(_proposal("5501", "same"), by=f"t{i}", valid=valid))
    wins = losses = by_key = 0
    for r in range(rounds):
        pid = workflow.propose(_proposal(sorted(valid)[100 + r % 200], f"race {r}"), by="bench", valid=valid).id
        calls = [("approved", "kari@example.org", ""), ("rejected", "ola@example.org", "feil")]
        won, lost, _ = _at_once(2, lambda i, pid=pid, calls=calls: workflow.decide(
            pid, calls[i][0], editor=calls[i][1], editors=EDITORS, reason=calls[i][2]))
        wins += sum(w is not None for w in won)
        losses += sum(isinstance(e, workflow.AlreadyDecided) for e in lost)
        by_key += sum(isinstance(e, workflow.AlreadyDecided) and isinstance(e.__context__, sa.exc.IntegrityError) for e in lost)
    database.dispose()
    return {"proposers": 20, "errors": sum(e is not None for e in err), "stored": stored,
            "distinct_ids": len({r.id for r in res if r}), "wall_s": wall,
            "same_stored": sum(r.new for r in same if r), "same_errors": sum(e is not None for e in same_err),
            "rounds": rounds, "wins": wins, "told_already": losses, "caught_by_unique_key": by_key}


def _adopted(page, colour: str) -> int:
    for frame in page.frames:
        try:
            if frame.locator("path.dk-kommune").count() >= 10:
                return frame.locator(f'path.dk-kommune[fill="{colour}"]').count()
        except Exception:  # noqa: BLE001  (frames come and go while Streamlit renders)
            pass
    return -1


def _paint(browser, url: str, colour: str, want: int, timeout: float = 90) -> float:
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    t0 = time.perf_counter()
    page.goto(f"{url}/?fylke={FYLKE}&indikator=plan_status")
    while time.perf_counter() - t0 < timeout:
        if _adopted(page, colour) == want:
            elapsed = time.perf_counter() - t0
            page.context.close()
            return elapsed
        page.wait_for_timeout(20)
    raise TimeoutError(f"map did not show {want} adopted kommuner")


def repaint(db_url: str, valid: set[str]) -> tuple[list[float], list[float]]:
    from playwright.sync_api import sync_playwright

    from coverage import indicators, model
    from export import style
    from tests.conftest import start_app

    os.environ["DEKNING_DB_URL"] = db_url
    table = indicators.per_kommune(model.prepare())  # the curated plan status, before any approval
    troms = table[table["fylkesnummer"] == FYLKE]
    unknown = troms.loc[troms["plan_status"] == "unknown", "kommunenummer"].tolist()[:5]
    adopted = int((troms["plan_status"] == "adopted").sum())
    colour = style.PLAN_COLOURS["adopted"]
    url, proc = start_app(os.environ.copy())
    baseline, after = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            _paint(browser, url, colour, adopted)                       # warm the server once
            for knr in unknown:
                baseline.append(_paint(browser, url, colour, adopted))
                pid = workflow.propose(_proposal(knr), by="bench", valid=valid).id
                t0 = time.perf_counter()
                workflow.decide(pid, "approved", editor="kari@example.org", editors=EDITORS)
                adopted += 1
                _paint(browser, url, colour, adopted)
                after.append(time.perf_counter() - t0)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        database.dispose()
    return baseline, after


def main() -> None:
    from loaders import boundaries

    valid = set(boundaries.kommuner()["kommunenummer"])
    tmp = Path(tempfile.mkdtemp(prefix="dk-register-bench-"))
    targets = {"sqlite": f"sqlite:///{tmp / 'concurrency.sqlite'}"}
    pg = os.environ.get("DEKNING_TEST_POSTGRES_URL")
    if pg:
        from tests.registerdb import new_database

        targets["postgresql"], drop = new_database("postgresql", tmp)
    print("concurrency (20 threads proposing at once; two editors deciding the same proposal at once):")
    for name, url in targets.items():
        f = concurrency(url, valid)
        print(f"  {name:10s} 20 distinct proposals: {f['stored']} stored, {f['distinct_ids']} ids, {f['errors']} errors, "
              f"{f['wall_s']:.2f} s wall | 20 identical: {f['same_stored']} stored, {f['same_errors']} errors | "
              f"{f['rounds']} races: {f['wins']} won, {f['told_already']} told 'already decided' "
              f"({f['caught_by_unique_key']} by the unique key)")
    if pg:
        drop()
    baseline, after = repaint(f"sqlite:///{tmp / 'repaint.sqlite'}", valid)
    b, a = statistics.median(baseline), statistics.median(after)
    print(f"new session, map painted (Troms, plan status), nothing changed: median {b:.2f} s "
          f"({', '.join(f'{x:.2f}' for x in baseline)})")
    print(f"approve → map repainted for a new session: median {a:.2f} s ({', '.join(f'{x:.2f}' for x in after)}); "
          f"ratio {a / b:.2f}")


if __name__ == "__main__":
    main()
