"""Benchmark the map in headless Chromium, side by side with a naive folium page in the same run:
server start → first painted map (warm disk caches), repaint after an indicator change, bytes over the
websocket per repaint, new map elements per repaint, peak memory of the app process.

Run: python benchmarks/dashboard.py   (DEKNING_DATA_DIR must point at the source files; needs /usr/bin/chromium.)
"""

from __future__ import annotations

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


def _measure(browser, script: str, ours: bool) -> dict:
    firsts, repaints, sizes, elements = [], [], [], []
    for attempt in range(RUNS):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        frames: list[int] = []
        page.on("websocket", lambda ws, frames=frames: ws.on("framereceived", lambda p: frames.append(len(p))))
        proc, url, t0 = _start(script)
        try:
            page.goto(url)
            _wait_ours(page) if ours else _wait_naive(page)
            firsts.append(time.perf_counter() - t0)
            if attempt < RUNS - 1:
                continue
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
                repaints.append(time.perf_counter() - t1)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(800)
                sizes.append(sum(frames))
                after = page.locator(".dk-map").count() if ours else len(page.frames)
                elements.append(after - maps_before + (0 if ours else 1))
            peak = _peak_mb(proc.pid)
        finally:
            page.close()
            proc.terminate()
            proc.wait(timeout=20)
    return {"first": firsts, "repaint": repaints, "bytes": sizes, "new_maps": elements, "peak": peak}


def main() -> None:
    from playwright.sync_api import sync_playwright

    subprocess.run([sys.executable, "-c", "from coverage import model; model.prepare()"], cwd=ROOT, check=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        with tempfile.TemporaryDirectory() as tmp:  # Streamlit serves static/ beside the main script: share ours
            shutil.copy(ROOT / "benchmarks" / "folium_baseline.py", Path(tmp) / "folium_baseline.py")
            (Path(tmp) / "static").symlink_to(ROOT / "dashboard" / "static")
            naive = _measure(browser, str(Path(tmp) / "folium_baseline.py"), ours=False)
        ours = _measure(browser, "dashboard/app.py", ours=True)
        browser.close()
    med = statistics.median
    print(f"{'':38} {'Dekningskart':>14} {'naive folium':>14} {'ratio':>7}")
    for label, key, fn, unit in [("server start -> first painted map", "first", med, "s"),
                                 ("repaint after an indicator change", "repaint", med, "s"),
                                 ("repaint, slowest of 3", "repaint", max, "s"),
                                 ("bytes over the websocket per repaint", "bytes", med, "KB"),
                                 ("new map elements per repaint", "new_maps", max, "")]:
        a, b = fn(ours[key]), fn(naive[key])
        scale = 1000 if unit == "KB" else 1
        print(f"{label:38} {a / scale:>12.2f}{unit:>2} {b / scale:>12.2f}{unit:>2} {a / b if b else float('nan'):>7.2f}")
    print(f"{'peak memory of the app process':38} {ours['peak']:>12.0f}MB {naive['peak']:>12.0f}MB")
    print(f"(first map: median of {RUNS} fresh servers each, warm disk caches; targets: first map no slower than the"
          f" baseline, repaint bytes <= 60 KB, no new map element)")


if __name__ == "__main__":
    main()
