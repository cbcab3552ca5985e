"""Benchmark: P processes each writing N proposals at once into one fresh register (one transaction each, as
the app does), on SQLite and (when DEKNING_TEST_POSTGRES_URL is set) PostgreSQL. Prints per database: writes,
processes, seconds, failed, acknowledged but lost (not in the database a new engine opens), and whether the audit
chain verifies. The writers start together once imported. Every failure is printed with the writer's position
(0 = its first write).

Run: python benchmarks/register_load.py [--processes 3] [--writes 400] [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from register import audit, database  # noqa: E402

WRITER = """
import json, sys
from register import workflow
from alembic import command, config
url, start, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()
acked, failed = [], []
for i in range(start, start + n):
    p = {"kommunenummer": "5501", "status": "none", "plan_title": "", "period": "", "as_of": "2024",
         "source_url": f"https://www.example.org/svar/{i}", "note": f"forslag {i}"}
    try:
        acked.append(workflow.propose(p, by=f"writer {start}", valid={"5501"}, db_url=url).id)
    except Exception as exc:
        failed.append(f"{i - start}: {exc}"[:160])
print(json.dumps({"acked": acked, "failed": failed}))
"""


def run(url: str, processes: int, writes: int) -> dict:
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, url, str(k * writes), str(writes)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for k in range(processes)]
    ready = [p.stdout.readline().strip() for p in procs]
    t0 = time.perf_counter()
    for p in procs:  # all start together (after their imports): the first writes race to create the schema
        p.stdin.write("go\n")
        p.stdin.flush()
    outs = [p.communicate() for p in procs]
    seconds = time.perf_counter() - t0
    results = [json.loads(out.strip().splitlines()[-1]) if out.strip() else {"acked": [], "failed": [err[-300:]]}
               for out, err in outs]
    acked = {i for r in results for i in r["acked"]}
    failed = [f for r in results for f in r["failed"]]
    database.dispose()
    with sa.create_engine(url, poolclass=sa.pool.NullPool).connect() as conn:
        stored = set(conn.exec_driver_sql("SELECT id FROM proposals").scalars())
        chain = audit.verify(conn)
    assert ready == ["ready"] * processes, outs
    return {"writes": processes * writes, "processes": processes, "seconds": round(seconds, 1),
            "acknowledged": len(acked), "failed": len(failed), "lost": len(acked - stored),
            "chain": "intact" if chain.broken_id is None else chain.problem, "failures": failed[:10]}


def _postgres(admin: str):
    name = f"dk_bench_{uuid.uuid4().hex[:10]}"
    eng = sa.create_engine(admin, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with eng.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop():
        with eng.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return sa.make_url(admin).set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--processes", type=int, default=3)
    args.add_argument("--writes", type=int, default=400)
    args.add_argument("--rounds", type=int, default=1)
    a = args.parse_args()
    for _ in range(a.rounds):
        with tempfile.TemporaryDirectory() as folder:
            print("sqlite    ", run(f"sqlite:///{folder}/register.sqlite", a.processes, a.writes), flush=True)
        if os.environ.get("DEKNING_TEST_POSTGRES_URL"):
            url, drop = _postgres(os.environ["DEKNING_TEST_POSTGRES_URL"])
            try:
                print("postgresql", run(url, a.processes, a.writes), flush=True)
            finally:
                database.dispose()
                drop()


if __name__ == "__main__":
    main()
