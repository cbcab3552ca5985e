"""What-if cost in CPU-seconds, the plain way against the fast way, measured in the same run.

Plain: coverage.scenario opens or closes a centre on a copy of the model and coverage.indicators.per_kommune
recomputes every cell and kommune (what the app and `python -m coverage scenario` did before). Fast: coverage.whatif
through coverage.tables.Tables.scenario (what they do now). Both end in the published table (register.publish) and
the active centres, as the app's page needs them. The 20 what-ifs (14 openings spread over the country, 6 closings)
run alternately plain, fast, plain, fast…, after one warm-up of each way, so a loaded machine weighs on both alike;
CPU-seconds (time.process_time) are the figure that holds on a shared machine. Then the command line, plain and
fast, alternately, each in a fresh process (CPU of the child: user + system).

Run: python benchmarks/whatif.py   (DEKNING_DATA_DIR must point at the source files; DEKNING_CACHE_DIR's caches are
warmed by the first calls when they are cold.)
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLAIN_CLI = r"""
import sys
sys.path.insert(0, {root!r})
from coverage import indicators, model, scenario
from register import publish
m = scenario.add_centre(model.prepare(), kommunenummer="1820")
publish.published_table(indicators.per_kommune(m, "all", 90.0, "nearest"), publish.approved()).to_csv({out!r})
"""


def _specs(m) -> list[tuple[str, str]]:
    knr = m.kommuner["kommunenummer"].tolist()
    centres = list(dict.fromkeys(m.runs.centre_ids))
    return [("add", k) for k in knr[5::25][:14]] + [("close", c) for c in centres[3::7][:6]]


def _plain(m, action: str, target: str):
    from coverage import indicators, scenario, tables
    from register import publish

    after = scenario.close_centre(m, target) if action == "close" else scenario.add_centre(m, kommunenummer=target)
    return publish.published_table(indicators.per_kommune(after, "all", 90), publish.approved()), \
        tables.active_centres(after)


def _fast(t, action: str, target: str):
    from register import publish

    table, centres = t.scenario(action, target, "all", 90)
    return publish.published_table(table, publish.approved()), centres


def in_process() -> dict:
    from coverage import tables

    t = tables.Tables()
    m = t.model()
    specs = _specs(m)
    _plain(m, *specs[-1]), _fast(t, *specs[-1])  # warm-up: imports, the baseline table, the engine
    plain = fast = 0.0
    for spec in specs:
        t0 = time.process_time()
        _plain(m, *spec)
        t1 = time.process_time()
        _fast(t, *spec)
        plain, fast = plain + t1 - t0, fast + time.process_time() - t1
    tracemalloc.start()
    _fast(t, "add", "1820")
    fast_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    _plain(m, "add", "1820")
    plain_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"n": len(specs), "plain": plain / len(specs), "fast": fast / len(specs), "fast_peak_mb": fast_peak / 1e6,
            "plain_peak_mb": plain_peak / 1e6}


def _child_cpu(args: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, cwd=ROOT, env=os.environ.copy(), check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def command_line(rounds: int = 3) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "after.csv")
        plain_args = [sys.executable, "-c", PLAIN_CLI.format(root=str(ROOT), out=out)]
        fast_args = [sys.executable, "-m", "coverage", "scenario", "--add", "1820", "--out", out]
        _child_cpu(fast_args)  # warm-up: the trips and tables caches
        plain, fast = [], []
        for _ in range(rounds):
            plain.append(_child_cpu(plain_args))
            fast.append(_child_cpu(fast_args))
    return {"plain": statistics.median(plain), "fast": statistics.median(fast)}


def main() -> None:
    r = in_process()
    print(f"what-if in the app's process, mean of {r['n']} different what-ifs (CPU-s, alternating):")
    print(f"  plain (model copy, every cell and kommune): {r['plain']:.3f} CPU-s")
    print(f"  fast (coverage.whatif):                     {r['fast']:.3f} CPU-s   ({r['fast'] / r['plain']:.2f} x plain; "
          f"goal <= 0.05)")
    print(f"  peak Python memory of one what-if: plain {r['plain_peak_mb']:.0f} MB, fast {r['fast_peak_mb']:.0f} MB")
    c = command_line()
    print("`python -m coverage scenario --add 1820`, fresh process, median of 3 (CPU-s of the child):")
    print(f"  plain: {c['plain']:.2f} CPU-s   fast: {c['fast']:.2f} CPU-s   ({c['fast'] / c['plain']:.2f} x plain)")


if __name__ == "__main__":
    main()
