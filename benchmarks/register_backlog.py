"""Benchmark the register's pages with a long queue: N pending proposals (default 10,000; half of them for Tromsø,
the rest spread over every kommune), one rerun of the review page (signed in as an editor) and of the propose
page (Tromsø chosen) under AppTest, median of several reruns after a warm-up. Both pages against the same database
in the same run; CPU-seconds of the process beside the wall time (the machine is shared).

Run: python benchmarks/register_backlog.py [N]   (DEKNING_DATA_DIR must point at the source files.)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from register import database  # noqa: E402
from register.schema import proposals  # noqa: E402

APP = str(ROOT / "dashboard" / "app.py")
EDITOR = "kari@example.org"
RERUNS = 5


def seed(db_url: str, n: int, knrs: list[str]) -> None:
    """n pending proposals written straight into the table (no audit rows: only the queue is measured)."""
    database.upgrade(db_url)
    when = datetime.now(UTC)
    rows = [{"kommunenummer": "5501" if i % 2 == 0 else knrs[i % len(knrs)], "kind": "status", "status": "adopted",
             "plan_title": f"Handlingsplan mot vold i nære relasjoner {i}", "period": "2024–2027",
             "source_url": f"https://www.example.org/plan/{i}", "as_of": "2024-09-12", "note": f"forslag {i}",
             "origin": "app", "proposed_by": f"app session {i:08d}", "proposed_at": when, "content_key": f"bench-{i:064d}"[-64:],
             "case_reference": ""} for i in range(n)]
    with database.engine(db_url).begin() as conn:
        conn.execute(proposals.insert(), rows)


def _timed(at, rounds: int = RERUNS) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(rounds):
        w0, c0 = time.perf_counter(), time.process_time()
        at.run()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
        assert not at.exception, at.exception
    return statistics.median(walls), statistics.median(cpus)


def pages(secrets: dict) -> dict[str, tuple[float, float]]:
    from streamlit.testing.v1 import AppTest

    out = {}
    at = AppTest.from_file(APP, default_timeout=600)
    at.query_params["kommune"] = "5501"
    at.run()
    at = at.switch_page("views/register_propose.py").run()
    out["propose (Tromsø)"] = _timed(at)
    review = AppTest.from_file(APP, default_timeout=600)
    for k, v in secrets.items():
        review.secrets[k] = v
    review.user = {"is_logged_in": True, "email": EDITOR, "email_verified": True}
    review.run()
    review = review.switch_page("views/register_review.py").run()
    assert not review.exception, review.exception
    choices = [len(s.options) for s in review.selectbox]
    out["review"] = _timed(review)
    out["review: entries in the largest drop-down"] = (float(max(choices, default=0)), float("nan"))
    if any(t.key == "review_search" for t in review.text_input):    # the paged review page (issue 22)
        review.number_input(key="review_page").set_value(10**9).run()  # past the end: the last page
        out["review, last page"] = _timed(review)
        for term in ("Tromsø", "forslag 9999", "finnes ikke"):
            review.text_input(key="review_search").input(term).run()
            shown = next((c.value for c in review.caption if c.value.startswith("Viser")), "no match")
            out[f"review, search {term!r} ({shown})"] = _timed(review)
    return out


def main() -> None:
    from loaders import boundaries

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    knrs = sorted(boundaries.kommuner()["kommunenummer"])
    tmp = Path(tempfile.mkdtemp(prefix="dk-queue-bench-"))
    db_url = os.environ.get("DEKNING_BENCH_DB_URL") or f"sqlite:///{tmp / 'queue.sqlite'}"
    os.environ["DEKNING_DB_URL"] = db_url
    seed(db_url, n, knrs)
    with database.reading(db_url) as conn:
        stored = conn.execute(sa.select(sa.func.count()).select_from(proposals)).scalar()
    secrets = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                        "client_id": "dk", "client_secret": "s", "server_metadata_url": "http://localhost:9/.well-known/x"},
               "register": {"editors": [EDITOR]}}
    print(f"{database.shown(db_url).split(':')[0]}: {stored} pending proposals ({n // 2 + n % 2} for Tromsø)")
    for name, (wall, cpu) in pages(secrets).items():
        if cpu != cpu:  # a count, not a time
            print(f"  {name}: {wall:.0f}")
        else:
            print(f"  {name}: one rerun median {wall:.3f} s wall, {cpu:.3f} CPU-s (of {RERUNS})")
    database.dispose()


if __name__ == "__main__":
    main()
