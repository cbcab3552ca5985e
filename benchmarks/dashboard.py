"""Benchmark the map in headless Chromium, side by side with a naive folium page in the same run:
server start → first painted map (warm disk caches), in app/baseline pairs run ABAB with the ratio per pair and
its min/median/max; repaint after an indicator change, bytes over the websocket per repaint, new map elements
per repaint, peak memory of the app process (last pair); bytes on the wire of a first and a repeat visit
straight to Streamlit and through deploy/run's balancer.

Run: python benchmarks/dashboard.py [--pairs N]   (DEKNING_DATA_DIR set; needs /usr/bin/chromium and haproxy.)
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
OPTIONS = ["Median minutter til nærmeste senter", "Handlingsplan", "Handlingsplan og reisevei"]
sys.path.insert(0, str(ROOT))


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _start(script: str) -> tuple[subprocess.Popen, str, float]:
    port = _port()
    url = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true"], cwd=ROOT,
                            env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            return proc, url, t0
        except OSError:
            time.sleep(0.05)


def _frames_with_paths(page) -> list:
    out = []
    for frame in page.frames:
        try:
            if frame.locator("path.dk-kommune").count() >= 300:
                out.append(frame)
        except Exception:  # frames come and go while Streamlit renders
            pass
    return out


def _wait_ours(page, version: str | None = None, timeout: float = 60) -> None:
    condition = ("(() => { const m = document.querySelector('.dk-map[data-painted]');"
                 " return m && document.querySelectorAll('path.dk-kommune').length >= 357"
                 + (f" && m.dataset.version !== '{version}'" if version else "") + "; })()")
    page.wait_for_function(condition, timeout=timeout * 1000, polling=20)


def _wait_naive(page, old_frames: set | None = None, timeout: float = 60) -> None:
    """The naive page rebuilds its iframe on every repaint: wait for a painted frame that was not there before."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        frames = _frames_with_paths(page)
        if frames and (old_frames is None or any(f not in old_frames for f in frames)):
            return
        page.wait_for_timeout(20)
    raise TimeoutError("naive map did not paint")


def _repaints(page, ours: bool, frames: list[int]) -> dict:
    """Three indicator changes on a painted page: seconds, websocket bytes and new map elements for each."""
    out: dict[str, list] = {"repaint": [], "bytes": [], "new_maps": []}
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    for option in OPTIONS:
        before = page.get_attribute(".dk-map", "data-version") if ours else None
        old = set(_frames_with_paths(page)) if not ours else None
        maps_before = page.locator(".dk-map").count() if ours else len(page.frames)
        frames.clear()
        page.get_by_label("Vis på kartet").click()
        t1 = time.perf_counter()
        page.get_by_role("option", name=option, exact=True).click()
        _wait_ours(page, before) if ours else _wait_naive(page, old)
        out["repaint"].append(time.perf_counter() - t1)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(800)
        out["bytes"].append(sum(frames))
        after = page.locator(".dk-map").count() if ours else len(page.frames)
        out["new_maps"].append(after - maps_before + (0 if ours else 1))
    return out


def _session(browser, script: str, ours: bool, repaints: bool) -> dict:
    """A fresh server for `script`: seconds from its start to the first painted map; with `repaints`, also the
    repaint figures and the process's peak memory."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    frames: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: frames.append(len(p))))
    proc, url, t0 = _start(script)
    try:
        page.goto(url)
        _wait_ours(page) if ours else _wait_naive(page)
        out = {"first": time.perf_counter() - t0}
        if repaints:
            out |= _repaints(page, ours, frames)
            out["peak"] = _peak_mb(proc.pid)
    finally:
        page.close()
        proc.terminate()
        proc.wait(timeout=20)
    return out


def _abab(browser, naive_script: str, pairs: int) -> tuple[list[tuple[float, float]], dict, dict]:
    """App, baseline, app, baseline …: each pair runs back to back, so a machine that gets busier or quieter
    during the run weighs on both sides of a pair alike (running all of one side first flattered the app)."""
    firsts, ours, naive = [], {}, {}
    for i in range(pairs):
        last = i == pairs - 1
        a = _session(browser, "dashboard/app.py", True, last)
        b = _session(browser, naive_script, False, last)
        firsts.append((a["first"], b["first"]))
        print(f"pair {i + 1}: first map {a['first']:.2f} s app, {b['first']:.2f} s naive, ratio {a['first'] / b['first']:.2f}"
              f"  (load avg {os.getloadavg()[0]:.1f})", flush=True)
        if last:
            ours, naive = a, b
    return firsts, ours, naive


def _wire(browser) -> None:
    """Bytes on the wire for the map page with its table (Chromium's network log, deploy/traffic.py): straight to
    one Streamlit process and through the balancer in front of it (deploy/run), first and repeat visit."""
    from deploy import cluster, traffic

    c = cluster.Cluster(1, _port_pair(), bind="127.0.0.1", prepare=False, quiet=True).start()
    try:
        rows = [(label, *traffic.first_and_repeat(browser, url)) for label, url in
                [("straight to Streamlit", c.backend_url(c.backend_ports[0])), ("through deploy/run", c.url)]]
    finally:
        c.stop()
    print(f"{'map page with its table':38} {'first visit':>14} {'repeat visit':>14} {'websocket':>10} {'CSP violations':>15}")
    for label, first, repeat in rows:
        print(f"{label:38} {first.http_bytes / 1e6:>12.2f}MB {repeat.http_bytes / 1e3:>12.1f}KB "
              f"{first.ws_bytes / 1e3:>8.1f}KB {len(first.csp) + len(repeat.csp):>15}")
    print("(HTTP as received, headers included; websocket: messages before permessage-deflate)")


def _port_pair() -> int:
    """A port p with p and p+1 free (HAProxy and one Streamlit process)."""
    for _ in range(50):
        p = _port()
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", p + 1))
            except OSError:
                continue
        return p
    raise RuntimeError("no two free ports in a row")


def _spread(values: list[float]) -> str:
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}"


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=RUNS, help="app/baseline pairs, run ABAB (default 3)")
    parser.add_argument("--no-wire", action="store_true", help="skip the bytes on the wire (needs haproxy)")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-c", "from coverage import model; model.prepare()"], cwd=ROOT, check=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        with tempfile.TemporaryDirectory() as tmp:  # Streamlit serves static/ beside the main script: share ours
            shutil.copy(ROOT / "benchmarks" / "folium_baseline.py", Path(tmp) / "folium_baseline.py")
            (Path(tmp) / "static").symlink_to(ROOT / "dashboard" / "static")
            firsts, ours, naive = _abab(browser, str(Path(tmp) / "folium_baseline.py"), args.pairs)
        if not args.no_wire:
            _wire(browser)
        browser.close()
    ratios = [a / b for a, b in firsts]
    print(f"first map, min / median / max of {len(firsts)} ABAB pairs: app {_spread([a for a, _ in firsts])} s, "
          f"naive {_spread([b for _, b in firsts])} s, ratio per pair {_spread(ratios)}")
    med = statistics.median
    print(f"{'last pair':38} {'Dekningskart':>14} {'naive folium':>14} {'ratio':>7}")
    for label, key, fn, unit in [("repaint after an indicator change", "repaint", med, "s"),
                                 ("repaint, slowest of 3", "repaint", max, "s"),
                                 ("bytes over the websocket per repaint", "bytes", med, "KB"),
                                 ("new map elements per repaint", "new_maps", max, "")]:
        a, b = fn(ours[key]), fn(naive[key])
        scale = 1000 if unit == "KB" else 1
        print(f"{label:38} {a / scale:>12.2f}{unit:>2} {b / scale:>12.2f}{unit:>2} {a / b if b else float('nan'):>7.2f}")
    print(f"{'peak memory of the app process':38} {ours['peak']:>12.0f}MB {naive['peak']:>12.0f}MB")
    print("(first map: server start -> painted map, warm disk caches; targets: first map no slower than the baseline,"
          " repaint bytes <= 60 KB, no new map element)")


if __name__ == "__main__":
    main()
