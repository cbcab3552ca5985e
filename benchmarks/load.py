"""Load benchmark: simulated readers that speak Streamlit's websocket protocol (no browser) against N Streamlit
processes behind HAProxy (deploy/cluster.py), on loopback only.

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
their summed RSS. A solo phase (one reader, nothing else running) gives CPU-s per kind of action.

Run: python benchmarks/load.py --processes 1 2 --sessions 10 20 50   (DEKNING_DATA_DIR set; haproxy installed)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.cluster import PLAIN_FLAGS, Cluster  # noqa: E402

ACTIONS = ("open_kart", "fylke", "indicator", "threshold", "weight", "report_card", "open_whatif", "whatif")
SIDEBAR = {"fylke": "w-fylke@", "indicator": "w-indicator@", "threshold": "w-threshold@", "weight": "w-weight@"}
QUERIES = ("", "", "fylke=46", "indikator=median_min_nearest", "terskel=60", "fylke=18&vekt=women18")  # shared links
FINISHED, COMPILE_ERROR = 0, 1
_KEY = re.compile(r"^\$\$ID-[0-9a-f]+-(.+)$")
_TICK = os.sysconf("SC_CLK_TCK")


class ActionFailed(Exception):
    """The page did not offer what the reader wanted to do, or showed an error."""


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


async def http_get(url: str, cookies: dict[str, str], timeout: float) -> int:
    """GET like a browser (gzip accepted, cookies sent and kept); returns the bytes received."""
    parts = urlsplit(url)
    reader, writer = await asyncio.wait_for(asyncio.open_connection(parts.hostname, parts.port), timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        head = [f"GET {path or '/'} HTTP/1.1", f"Host: {parts.netloc}", "Accept-Encoding: gzip", "Connection: close"]
        if cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
        raw = await asyncio.wait_for(reader.read(-1), timeout)
    finally:
        writer.close()
    header = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    status = int(header[0].split()[1]) if header and len(header[0].split()) > 1 else 0
    for line in header[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "set-cookie":
            k, _, v = value.strip().split(";", 1)[0].partition("=")
            cookies[k] = v
    if status != 200:
        raise ActionFailed(f"http {status} for {path}")
    return len(raw)


class Reader:
    """One browser tab: its cookies, websocket, message cache, the widgets of the last run and their states."""

    def __init__(self, base: str, rng: random.Random, timeout: float) -> None:
        self.base, self.rng, self.timeout = base.rstrip("/"), rng, timeout
        self.cookies: dict[str, str] = {}
        self.ws = None
        self.cache: dict[str, ForwardMsg] = {}
        self.widgets: dict[str, tuple[str, object]] = {}
        self.states: dict[str, WidgetState] = {}
        self.chosen: dict[str, str] = {}
        self.pages: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.static: set[str] = set()
        self.fetched: set[str] = set()
        self.page_hash, self.query, self.path = "", "", ""
        self.done: asyncio.Future | None = None
        self.bytes = 0
        self._receiver: asyncio.Task | None = None

    async def open(self, path: str, query: str) -> float:
        t0 = time.perf_counter()
        self.path, self.query = path, query
        self.bytes += await http_get(f"{self.base}/{path}" + (f"?{query}" if query else ""), self.cookies, self.timeout)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.ws = await websockets.connect(
            self.base.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"], max_size=None,
            additional_headers={"Cookie": cookie} if cookie else None, ping_interval=None, proxy=None,
            open_timeout=self.timeout)
        self._receiver = asyncio.create_task(self._receive())
        await self._rerun(page_name=path)
        return time.perf_counter() - t0

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._receiver is not None:
            self._receiver.cancel()

    async def _rerun(self, page_name: str = "", page_hash: str | None = None, query: str | None = None) -> float:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query if query is None else query
        state.page_script_hash = self.page_hash if page_hash is None else page_hash
        state.page_name = page_name
        state.widget_states.widgets.extend(self.states.values())
        state.cached_message_hashes.extend(self.cache)
        info = state.context_info
        info.url, info.timezone, info.locale = f"{self.base}/{self.path}", "Europe/Oslo", "nb-NO"
        self.done = asyncio.get_running_loop().create_future()
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        await asyncio.wait_for(asyncio.shield(self.done), self.timeout)
        return time.perf_counter() - t0

    async def _receive(self) -> None:
        try:
            async for raw in self.ws:
                self.bytes += len(raw)
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                self._handle(msg)
        except websockets.ConnectionClosed as exc:
            self._fail(exc)
        except Exception as exc:  # noqa: BLE001  (any failure ends the visit, counted by its type)
            self._fail(exc)
        else:
            self._fail(websockets.ConnectionClosedOK(None, None))

    def _fail(self, exc: BaseException) -> None:
        if self.done is not None and not self.done.done():
            self.done.set_exception(exc)

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            if msg.ref_hash not in self.cache:
                raise ActionFailed(f"message {msg.ref_hash} referenced but never received")
            path, msg = msg.metadata.delta_path, self.cache[msg.ref_hash]
            kind = msg.WhichOneof("type")
        else:
            path = msg.metadata.delta_path
            if msg.metadata.cacheable and msg.hash:
                self.cache[msg.hash] = msg
        if kind == "new_session":
            self.page_hash, self.widgets, self.links = msg.new_session.page_script_hash, {}, {}
        elif kind == "navigation":
            self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            self._fail(ActionFailed("page not found"))
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element)
        elif kind == "script_finished":
            if msg.script_finished == COMPILE_ERROR:
                self._fail(ActionFailed("script failed to compile"))
            elif msg.script_finished == FINISHED:
                live = {el.id for _, el in self.widgets.values()}
                self.states = {i: s for i, s in self.states.items() if i in live}  # the page's widgets only
                if self.done is not None and not self.done.done():
                    self.done.set_result(None)
        del path

    def _element(self, element) -> None:
        kind = element.WhichOneof("type")
        el = getattr(element, kind)
        if kind == "exception":
            self._fail(ActionFailed(f"exception on the page: {el.type}: {el.message[:80]}"))
        elif kind == "page_link":
            self.links[el.page_script_hash] = el.query_string
        elif kind == "bidi_component" and el.json.startswith("{"):
            data = json.loads(el.json)
            urls = [data.get(k) for k in ("geo", "fylker", "facts")] + list((data.get("assets") or {}).values())
            self.static |= {u for u in urls if isinstance(u, str) and u.startswith("/")}
        m = _KEY.match(getattr(el, "id", "") or "")
        if m and kind in ("selectbox", "radio", "slider"):
            self.widgets[m.group(1)] = (kind, el)

    async def fetch_static(self) -> int:
        """The map's geometry, facts and scripts, once per reader (the browser caches them)."""
        todo = sorted(self.static - self.fetched)
        self.fetched |= set(todo)
        sizes = await asyncio.gather(*(http_get(self.base + u, self.cookies, self.timeout) for u in todo))
        return sum(sizes)

    async def change(self, prefix: str) -> float:
        """Choose another option in the widget whose key starts with `prefix`; time the rerun it causes."""
        hits = [k for k in self.widgets if k.startswith(prefix)]
        if not hits:
            raise ActionFailed(f"no widget with key {prefix}… on the page")
        kind, el = self.widgets[hits[0]]
        options = list(el.options)
        current = self.chosen.get(prefix)
        if current is None and kind in ("selectbox", "radio") and el.HasField("default") and 0 <= el.default < len(options):
            current = options[el.default]
        choice = self.rng.choice([o for o in options if o != current] or options)
        self.chosen[prefix] = choice
        state = WidgetState(id=el.id)
        if kind == "slider":
            state.string_array_value.data.append(choice)
        else:
            state.string_value = choice
        self.states[el.id] = state
        return await self._rerun()

    async def navigate(self, url_path: str) -> float:
        """Follow the sidebar's page link to `url_path` (its query string carries the view)."""
        if url_path not in self.pages:
            raise ActionFailed(f"no page {url_path!r} in the navigation")
        page = self.pages[url_path]
        self.path = url_path
        return await self._rerun(page_hash=page, query=self.links.get(page, self.query))


class Phase:
    """What one phase records: latencies per action, errors by kind, bytes."""

    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter = Counter()
        self.dropped = 0
        self.ws_bytes = 0
        self.static_bytes = 0


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
            before = cpu_seconds(pids) if cost is not None else 0.0
            rec.latency[name].append(await act())
            if cost is not None:
                cost[name].append(cpu_seconds(pids) - before)
            if reader.static - reader.fetched:
                rec.static_bytes += await reader.fetch_static()
    except Exception as exc:  # noqa: BLE001  (counted; the visit ends as a reader's would)
        kind = _error_kind(exc)
        rec.errors[kind] += 1
        rec.dropped += kind == "dropped"
    finally:
        rec.ws_bytes += reader.bytes
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
            "ws_kb_per_action": rec.ws_bytes / 1024 / max(1, done),
            "latency": {a: _quantiles(rec.latency.get(a, [])) for a in ACTIONS}}


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
    return {"cpu_s": {a: statistics.mean(cost[a]) if cost[a] else float("nan") for a in ACTIONS},
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
          f"driver {r['driver_cpu_s']:.1f} CPU-s  load avg {r.get('load_average', float('nan')):.1f}", flush=True)
    print("    p50/p95 s: " + "  ".join(f"{a} {lat[a]['p50']:.2f}/{lat[a]['p95']:.2f}" for a in ACTIONS), flush=True)
    if r["errors"]:
        print(f"    errors: {r['errors']}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 20, 50])
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
    args = parser.parse_args(argv)
    if not os.environ.get("DEKNING_DATA_DIR"):
        parser.error("set DEKNING_DATA_DIR (and DEKNING_OFFLINE=1, DEKNING_CACHE_DIR) first")
    flags = PLAIN_FLAGS if args.plain else None
    results = []
    for n in args.processes:
        with Cluster(n, args.port, root=args.root, bind="127.0.0.1", prepare=not args.no_prepare, quiet=True,
                     flags=flags) as c:
            pids = c.backend_pids()
            print(f"== {n} process(es) serving {args.root}{' (plain settings)' if args.plain else ''}", flush=True)
            asyncio.run(warm(c, args.timeout))
            entry = {"processes": n, "root": str(args.root), "plain": args.plain, "phases": []}
            if args.solo and n == args.processes[0]:
                entry["solo"] = s = asyncio.run(solo(c.url, pids, args.solo, args.timeout, args.seed))
                print("solo CPU-s per action: " + "  ".join(f"{a} {s['cpu_s'][a]:.3f}" for a in ACTIONS)
                      + (f"  errors {s['errors']}" if s["errors"] else ""), flush=True)
            runs = [(k, (0.0, 0.0), 0.0, 2, "capacity") for k in [args.capacity] if k]
            runs += [(k, tuple(args.think), args.ramp, 1, "sessions") for k in args.sessions]
            for sessions, think, ramp, visits, kind in runs:
                time.sleep(2.0)
                r = asyncio.run(load(c.url, pids, sessions, think=think, ramp=ramp, timeout=args.timeout,
                                     seed=args.seed + sessions, visits=visits))
                r.update({"kind": kind, "load_average": os.getloadavg()[0]})
                entry["phases"].append(r)
                _print_phase(f"{n} proc {kind}", r)
            results.append(entry)
    for entry in results[1:]:
        base = {(p["kind"], p["sessions"]): p for p in results[0]["phases"]}
        for p in entry["phases"]:
            b = base.get((p["kind"], p["sessions"]))
            if b:
                print(f"{entry['processes']} vs {results[0]['processes']} process(es), {p['kind']} {p['sessions']} sessions: "
                      f"actions/s × {p['actions_per_s'] / b['actions_per_s']:.2f}; CPU-s/action {p['cpu_s_per_action']:.3f} "
                      f"vs {b['cpu_s_per_action']:.3f}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
