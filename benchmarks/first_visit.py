"""What a cold first visit costs the server: an empty cache folder (and an empty register), `streamlit run
dashboard/app.py` started in its own process group, one reader opening the map page in headless Chromium (a fresh
browser context) until the map is painted for all 357 kommuner (`.dk-map[data-painted]`, as the browser tests wait).

Reported per run, for the server's process tree only (the browser and this script are not counted):
- CPU-seconds at the moment the map is painted: user+sys of every process in the server's group, plus what they
  have reaped (/proc/<pid>/stat utime+stime+cutime+cstime), and at exit after SIGTERM (os.wait4, as /usr/bin/time);
- peak memory: the largest sum of RSS over the tree (sampled every 0.1 s; libraries mapped by two processes count
  twice), the same with PSS (shared pages split between the processes that map them, so counted once), and the
  largest single process (its VmHWM, and ru_maxrss of the reaped children, as /usr/bin/time reports);
- wall seconds from start to painted map (untrustworthy on a loaded host; CPU-s and memory are the figures).

With --baseline DIR (another checkout, e.g. `git archive ca91e96 | tar -x -C /tmp/base`), the baseline and this
checkout alternate ABAB, with the exact same browser steps, and each pair's ratio (this / baseline) is printed with
its min/median/max.

    DEKNING_DATA_DIR=../shared/data DEKNING_OFFLINE=1 python benchmarks/first_visit.py [--rounds N] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
KOMMUNER = 357
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
_PAINTED = ("(() => { const m = document.querySelector('.dk-map[data-painted]');"
            f" return m && Number(m.dataset.painted) >= {KOMMUNER}; }})()")


def _group(pgid: int) -> list[list[str]]:
    """The /proc/<pid>/stat fields after the command name of every process in the group."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # gone between listing and reading
            if int(fields[2]) == pgid:
                out.append([entry.name, *fields])
    return out


def _cpu(pgid: int) -> float:
    """user+sys of the live processes in the group plus what they have reaped, in seconds."""
    return sum(sum(int(f) for f in p[12:16]) for p in _group(pgid)) / TICK


def _hwm(pid: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _pss(pid: str) -> float:
    """Proportional set size in MB: shared pages (libraries both processes map) counted once across the tree."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class _Sampler(threading.Thread):
    """Samples the group's summed RSS and each process's VmHWM until stopped."""

    def __init__(self, pgid: int):
        super().__init__(daemon=True)
        self.pgid, self.tree_mb, self.single_mb, self.done = pgid, 0.0, 0.0, threading.Event()
        self.at_peak: list[float] = []  # each process's MB when the tree peaked, largest first
        self.pss_mb = 0.0

    def run(self) -> None:
        while not self.done.wait(0.1):
            procs = _group(self.pgid)
            sizes = sorted((int(p[22]) * PAGE / 2**20 for p in procs), reverse=True)
            if sum(sizes) > self.tree_mb:
                self.tree_mb, self.at_peak = sum(sizes), sizes
            self.pss_mb = max(self.pss_mb, sum(_pss(p[0]) for p in procs))
            self.single_mb = max([self.single_mb, *(_hwm(p[0]) for p in procs)])


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(root: Path, tmp: str) -> tuple[subprocess.Popen, str]:
    port = _port()
    env = os.environ | {"DEKNING_CACHE_DIR": str(Path(tmp) / "cache"),
                        "DEKNING_DB_URL": f"sqlite:///{Path(tmp) / 'register.sqlite'}"}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(root / "dashboard" / "app.py"),
                             "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless",
                             "true"], cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    raise RuntimeError(f"streamlit in {root} did not start within 120 s")


def _visit(browser, root: Path) -> dict[str, float]:
    """One cold first visit: the server's CPU-s and memory until the painted map."""
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        proc, url = _serve(root, tmp)
        sampler = _Sampler(proc.pid)
        sampler.start()
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            page.goto(url)
            page.wait_for_function(_PAINTED, timeout=900_000, polling=100)
            out = {"wall": time.perf_counter() - t0, "cpu": _cpu(proc.pid)}
            steps = Path(tmp) / "cache" / "warmup-times.json"
            out["steps"] = steps.read_text() if steps.is_file() else "{}"
            files = [f for f in (Path(tmp) / "cache").iterdir() if f.is_file()]
            out |= {"files": len(files), "cache_mb": sum(f.stat().st_size for f in files) / 2**20,
                    "model": any(f.name.startswith("model-") for f in files)}
        finally:
            context.close()
            sampler.done.set()
            sampler.join()
            os.killpg(proc.pid, signal.SIGTERM)
            _, _, usage = os.wait4(proc.pid, 0)
            proc.returncode = 0
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # anything left in the group
    out |= {"cpu_exit": usage.ru_utime + usage.ru_stime, "tree_mb": sampler.tree_mb, "pss_mb": sampler.pss_mb,
            "at_peak": sampler.at_peak, "single_mb": max(sampler.single_mb, usage.ru_maxrss / 1024)}
    return out


def _line(r: dict) -> str:
    parts = " + ".join(f"{m:.0f}" for m in r["at_peak"])
    return (f"{r['cpu']:.1f} CPU-s at paint ({r['cpu_exit']:.1f} at exit), peak tree {r['tree_mb']:.0f} MB "
            f"({parts}; PSS {r['pss_mb']:.0f} MB), largest process {r['single_mb']:.0f} MB, wall {r['wall']:.1f} s; "
            f"cache written: {r['files']} files, {r['cache_mb']:.0f} MB, model {'built' if r['model'] else 'NOT built'}; "
            f"warm-up steps (s) {r['steps']}")


def _spread(values: list[float], fmt: str = ".2f") -> str:
    return "/".join(format(v, fmt) for v in (min(values), statistics.median(values), max(values)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--baseline", type=Path, help="another checkout; its first visit alternates with this one")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    roots = ([("baseline", args.baseline.resolve())] if args.baseline else []) + [("this", ROOT)]
    runs: dict[str, list[dict[str, float]]] = {name: [] for name, _ in roots}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        for i in range(args.rounds):
            for name, root in roots:  # ABAB: both see the same machine load
                r = _visit(browser, root)
                runs[name].append(r)
                print(f"round {i + 1} {name:<8}: {_line(r)}", flush=True)
        browser.close()
    if args.baseline:
        for what in ("cpu", "tree_mb", "pss_mb", "single_mb", "wall"):
            ratios = [a[what] / b[what] for a, b in zip(runs["this"], runs["baseline"], strict=True)]
            print(f"this/baseline {what:<9} per pair: {', '.join(f'{r:.2f}' for r in ratios)}"
                  f"  min/median/max {_spread(ratios)}")


if __name__ == "__main__":
    main()
