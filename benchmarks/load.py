"""Load benchmark: simulated readers that speak Streamlit's websocket protocol (deploy/client.py, no browser)
against N Streamlit processes behind HAProxy (deploy/cluster.py), on loopback only.

A reader does what a browser does: GET the page (HAProxy's sticky cookie comes with it), open /_stcore/stream
with that cookie, send a `rerun_script` BackMsg with the page and query string, and read ForwardMsgs until the
script run has finished. It finds widgets by their keys in the deltas it received, sends widget changes as
reruns carrying the widget states (and the hashes of the messages it has cached, as the browser does), fetches
the map's static files once, and thinks between actions. Each action is timed from the message that starts it
to the script-finished message it causes. One visit: open Kart → fylke → indicator → threshold → weight →
report card (a kommune chosen on the map page) → Hva om (page link) → what-if (open a centre in a kommune).

Bounded: a fixed number of sessions and actions, a timeout per action; a visit ends at its first failure, which
is counted (timeouts, dropped connections, errors on the page). Server cost is read from /proc: CPU-s per action
is utime+stime of the Streamlit processes over a phase divided by the actions done; memory is the peak of
their summed RSS. A solo phase (one reader, nothing else running) gives CPU-s per kind of action; a capacity
phase (readers that never think) gives actions per second at saturation. Bytes: what each reader received
per action, as it travelled (HTTP answers with their headers, compressed bodies, websocket frames after
permessage-deflate; the map's files once per reader).

The readers of each phase run in a child process of their own process group and session, apart from the servers
(each in a session of its own) and from this process, which only starts and stops them.

Run: python benchmarks/load.py --processes 1 2 --sessions 10 20 50   (DEKNING_DATA_DIR set; haproxy installed)
     python benchmarks/load.py --url http://host:8501 [--pids PID …]  (a running deployment; pids for CPU-s)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.client import ActionFailed, Reader  # noqa: E402
from deploy.cluster import PLAIN_FLAGS, Cluster  # noqa: E402

ACTIONS = ("open_kart", "fylke", "indicator", "threshold", "weight", "report_card", "open_whatif", "whatif")
SIDEBAR = {"fylke": "w-fylke@", "indicator": "w-indicator@", "threshold": "w-threshold@", "weight": "w-weight@"}
QUERIES = ("", "", "fylke=46", "indikator=median_min_nearest", "terskel=60", "fylke=18&vekt=women18")  # shared links
_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of the processes (all their threads), in seconds."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / _TICK


def rss_mb(pids: list[int], field: str = "VmRSS") -> list[float]:
    out = []
    for pid in pids:
        try:
            lines = Path(f"/proc/{pid}/status").read_text().splitlines()
        except OSError:
            continue
        out += [int(line.split()[1]) / 1024 for line in lines if line.startswith(field + ":")]
    return out


class Phase:
    """What one phase records: latencies per action, errors by kind, bytes."""

    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter = Counter()
        self.dropped = 0
        self.wire: dict[str, list[int]] = defaultdict(list)  # bytes received per action, as they travelled


def _error_kind(exc: BaseException) -> str:
    if isinstance(exc, websockets.ConnectionClosed | ConnectionError):
        return "dropped"
    if isinstance(exc, asyncio.TimeoutError | TimeoutError):
        return "timeout"
    if isinstance(exc, ActionFailed):
        return str(exc).split(":")[0][:40]
    return type(exc).__name__


async def visit(base: str, rng: random.Random, rec: Phase, think: tuple[float, float], timeout: float,
                cost: dict[str, list[float]] | None = None, pids: list[int] = ()) -> None:
    """One reader's visit; with `cost`, also the server CPU-s of each action (only meaningful when alone)."""
    reader = Reader(base, rng, timeout)
    steps = [("open_kart", lambda: reader.open("", rng.choice(QUERIES))),
             *[(name, lambda p=prefix: reader.change(p)) for name, prefix in SIDEBAR.items()],
             ("report_card", lambda: reader.change("open-")), ("open_whatif", lambda: reader.navigate("hva-om")),
             ("whatif", lambda: reader.change("wi-place-"))]
    try:
        for i, (name, act) in enumerate(steps):
            if i:
                await asyncio.sleep(rng.uniform(*think))
            before, wire = cpu_seconds(pids) if cost is not None else 0.0, reader.wire
            rec.latency[name].append(await act())
            if cost is not None:
                cost[name].append(cpu_seconds(pids) - before)
            if reader.static - reader.fetched:  # the map's files, fetched once per reader like a browser
                await reader.fetch_static()
            rec.wire[name].append(reader.wire - wire)
    except Exception as exc:  # noqa: BLE001  (counted; the visit ends as a reader's would)
        kind = _error_kind(exc)
        rec.errors[kind] += 1
        rec.dropped += kind == "dropped"
    finally:
        await reader.close()


async def _sample_memory(pids: list[int], peak: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], sum(rss_mb(pids)))
        peak[1] = max([peak[1], *rss_mb(pids)])
        await asyncio.sleep(0.25)


async def load(base: str, pids: list[int], sessions: int, *, think: tuple[float, float], ramp: float, timeout: float,
               seed: int, visits: int = 1) -> dict:
    """`sessions` readers at once (arrivals spread over `ramp` s), `visits` visits each; the phase's figures."""
    rec, peak, stop = Phase(), [0.0, 0.0], asyncio.Event()
    sampler = asyncio.create_task(_sample_memory(pids, peak, stop))

    async def one(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        await asyncio.sleep(ramp * i / max(1, sessions))
        for _ in range(visits):
            await visit(base, rng, rec, think, timeout)

    cpu0, own0, t0 = cpu_seconds(pids), time.process_time(), time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(sessions)))
    wall, cpu = time.perf_counter() - t0, cpu_seconds(pids) - cpu0
    stop.set()
    await sampler
    done = sum(len(v) for v in rec.latency.values())
    return {"sessions": sessions, "think_s": list(think), "actions": done, "planned": sessions * visits * len(ACTIONS),
            "wall_s": wall, "actions_per_s": done / wall, "cpu_s": cpu, "cpu_s_per_action": cpu / max(1, done),
            "server_cores_busy": cpu / wall, "driver_cpu_s": time.process_time() - own0, "errors": dict(rec.errors),
            "dropped": rec.dropped, "peak_rss_mb": peak[0], "peak_process_rss_mb": peak[1],
            "wire_kb_per_action": sum(map(sum, rec.wire.values())) / 1024 / max(1, done),
            "wire_kb": _wire_kb(rec), "latency": {a: _quantiles(rec.latency.get(a, [])) for a in ACTIONS}}


def _wire_kb(rec: Phase) -> dict[str, float]:
    """Median KB a reader received for each kind of action (HTTP and websocket frames as they travelled)."""
    return {a: statistics.median(rec.wire[a]) / 1024 if rec.wire.get(a) else float("nan") for a in ACTIONS}


def _quantiles(values: list[float]) -> dict:
    if not values:
        return {"n": 0, "p50": float("nan"), "p95": float("nan")}
    q = statistics.quantiles(values, n=20, method="inclusive") if len(values) > 1 else [values[0]] * 19
    return {"n": len(values), "p50": statistics.median(values), "p95": q[18]}


async def solo(base: str, pids: list[int], visits: int, timeout: float, seed: int) -> dict:
    """One reader at a time, nothing else running: the server's CPU-s for each kind of action."""
    rec, cost = Phase(), defaultdict(list)
    for i in range(visits):
        await visit(base, random.Random(seed + i), rec, (0.3, 0.3), timeout, cost, pids)
        await asyncio.sleep(0.5)
    return {"wire_kb": _wire_kb(rec), "cpu_s": {a: statistics.mean(cost[a]) if cost[a] else float("nan") for a in ACTIONS},
            "cpu_s_max": {a: max(cost[a]) if cost[a] else float("nan") for a in ACTIONS},
            "latency": {a: _quantiles(rec.latency.get(a, [])) for a in ACTIONS}, "errors": dict(rec.errors)}


async def warm(cluster: Cluster, timeout: float) -> None:
    """One visit straight to each process, so every process has imported its modules and read its tables."""
    for port in cluster.backend_ports:
        rec = Phase()
        await visit(cluster.backend_url(port), random.Random(port), rec, (0.1, 0.1), timeout)
        if rec.errors:
            raise RuntimeError(f"warm-up visit to port {port} failed: {dict(rec.errors)}")


def _print_phase(label: str, r: dict) -> None:
    lat = r["latency"]
    sidebar = [lat[a]["p95"] for a in SIDEBAR if lat[a]["n"]]
    print(f"{label:<14} {r['sessions']:>3} sessions {r['actions']:>4}/{r['planned']:<4} actions {r['actions_per_s']:6.2f}/s  "
          f"{r['cpu_s_per_action']:.3f} CPU-s/action  {r['server_cores_busy']:.2f} cores busy  errors "
          f"{sum(r['errors'].values())} (dropped {r['dropped']})  peak {r['peak_rss_mb']:.0f} MB (largest process "
          f"{r['peak_process_rss_mb']:.0f} MB)  sidebar p95 ≤ {max(sidebar) if sidebar else float('nan'):.2f} s  "
          f"{r['wire_kb_per_action']:.1f} KB/action on the wire  driver {r['driver_cpu_s']:.1f} CPU-s  "
          f"load avg {r.get('load_average', float('nan')):.1f}", flush=True)
    print("    p50/p95 s: " + "  ".join(f"{a} {lat[a]['p50']:.2f}/{lat[a]['p95']:.2f}" for a in ACTIONS), flush=True)
    if r["errors"]:
        print(f"    errors: {r['errors']}", flush=True)


def _print_wire(label: str, kb: dict[str, float]) -> None:
    print(f"{label}: " + "  ".join(f"{a} {kb[a]:.1f}" for a in ACTIONS), flush=True)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _run_readers(spec: dict) -> dict:
    """Run one phase's readers in a child process of their own process group (and session): their CPU and their
    signals stay apart from the servers' (deploy/cluster.py starts each server in a session of its own) and from
    this process, which only starts and stops things. The child prints the phase's figures as JSON."""
    from deploy.cluster import _die_with_parent

    child = subprocess.Popen([sys.executable, __file__, "--readers", json.dumps(spec)], stdout=subprocess.PIPE,
                             start_new_session=True, preexec_fn=_die_with_parent, cwd=ROOT)
    try:
        out, _ = child.communicate()
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGTERM)
        child.wait()
        raise
    if child.returncode:
        raise RuntimeError(f"the readers' process exited with code {child.returncode}")
    return json.loads(out.decode().strip().splitlines()[-1])


def _readers_main(spec: dict) -> int:
    """In the readers' process: one phase (solo or load) against spec['url']; its figures as JSON on stdout."""
    if spec["kind"] == "solo":
        r = asyncio.run(solo(spec["url"], spec["pids"], spec["visits"], spec["timeout"], spec["seed"]))
    else:
        r = asyncio.run(load(spec["url"], spec["pids"], spec["sessions"], think=tuple(spec["think"]), ramp=spec["ramp"],
                             timeout=spec["timeout"], seed=spec["seed"], visits=spec["visits"]))
    print(json.dumps(r), flush=True)
    return 0


def _phases(url: str, pids: list[int], args, label: str, with_solo: bool) -> dict:
    """Solo (if asked), capacity and every session count against `url`, each in a readers' process."""
    entry: dict = {"url": url, "phases": []}
    base = {"url": url, "pids": pids, "timeout": args.timeout}
    if args.solo and with_solo:
        entry["solo"] = s = _run_readers({**base, "kind": "solo", "visits": args.solo, "seed": args.seed})
        print("solo CPU-s per action: " + "  ".join(f"{a} {s['cpu_s'][a]:.3f}" for a in ACTIONS)
              + (f"  errors {s['errors']}" if s["errors"] else ""), flush=True)
        _print_wire("solo KB on the wire per action (median)", s["wire_kb"])
    runs = [(k, (0.0, 0.0), 0.0, 2, "capacity") for k in [args.capacity] if k]
    runs += [(k, tuple(args.think), args.ramp, 1, "sessions") for k in args.sessions]
    for sessions, think, ramp, visits, kind in runs:
        time.sleep(2.0)
        r = _run_readers({**base, "kind": "load", "sessions": sessions, "think": think, "ramp": ramp,
                          "seed": args.seed + sessions, "visits": visits})
        r.update({"kind": kind, "load_average": os.getloadavg()[0]})
        entry["phases"].append(r)
        _print_phase(f"{label} {kind}", r)
    return entry


def _compare(results: list[dict]) -> None:
    for entry in results[1:]:
        base = {(p["kind"], p["sessions"]): p for p in results[0]["phases"]}
        for p in entry["phases"]:
            b = base.get((p["kind"], p["sessions"]))
            if b:
                print(f"{entry['processes']} vs {results[0]['processes']} process(es), {p['kind']} {p['sessions']} sessions: "
                      f"actions/s × {p['actions_per_s'] / b['actions_per_s']:.2f}; CPU-s/action {p['cpu_s_per_action']:.3f} "
                      f"vs {b['cpu_s_per_action']:.3f}", flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running deployment (e.g. `deploy/run` elsewhere): start no servers")
    parser.add_argument("--pids", type=int, nargs="*", default=[],
                        help="with --url: the Streamlit processes' pids on this machine, for CPU-s and memory")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--sessions", type=int, nargs="*", default=[10, 20, 50])
    parser.add_argument("--think", type=float, nargs=2, default=[3.0, 10.0], metavar=("MIN", "MAX"),
                        help="seconds a reader thinks between actions (uniform)")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which the sessions arrive")
    parser.add_argument("--capacity", type=int, default=12, metavar="SESSIONS",
                        help="sessions without thinking, two visits each: actions per second at saturation (0: none)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds an action may take before it counts as failed")
    parser.add_argument("--solo", type=int, default=3, help="solo visits for CPU-s per kind of action (0: none)")
    parser.add_argument("--port", type=int, default=8780, help="HAProxy's port; processes on the next ports")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose app is served (e.g. an older commit)")
    parser.add_argument("--plain", action="store_true", help="Streamlit's default settings, not deploy/'s")
    parser.add_argument("--no-prepare", action="store_true", help="do not run `python -m coverage prepare` first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--readers", help=argparse.SUPPRESS)  # internal: the readers' process
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.readers:
        return _readers_main(json.loads(args.readers))
    signal.signal(signal.SIGTERM, _interrupt)  # stopped from outside: the clusters still stop their processes
    if args.url:
        print(f"== the deployment at {args.url} (server pids: {args.pids or 'not given, no CPU-s'})", flush=True)
        results = [{"processes": None, **_phases(args.url.rstrip("/"), args.pids, args, "deployment", True)}]
    else:
        if not os.environ.get("DEKNING_DATA_DIR"):
            parser.error("set DEKNING_DATA_DIR (and DEKNING_OFFLINE=1, DEKNING_CACHE_DIR) first, or give --url")
        results = []
        for n in args.processes:
            with Cluster(n, args.port, root=args.root, bind="127.0.0.1", prepare=not args.no_prepare, quiet=True,
                         flags=PLAIN_FLAGS if args.plain else None) as c:
                print(f"== {n} process(es) serving {args.root}{' (plain settings)' if args.plain else ''}", flush=True)
                asyncio.run(warm(c, args.timeout))
                entry = _phases(c.url, c.backend_pids(), args, f"{n} proc", n == args.processes[0])
                results.append({"processes": n, "root": str(args.root), "plain": args.plain, **entry})
        _compare(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
