"""Benchmark the app in headless Chromium: server start to first painted map (warm caches), repaint after
changing the indicator, national map payload against a naive folium GeoJson, peak memory of the app process.

Run: python benchmarks/dashboard.py   (DEKNING_DATA_DIR must point at the source files; needs /usr/bin/chromium.)
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
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


def _paths(page, fill: str | None = None) -> int:
    for frame in page.frames:
        try:
            n = frame.locator("path.dk-kommune").count()
            if n >= 357 and (fill is None or frame.locator(f'path.dk-kommune[fill="{fill}"]').count() > 0):
                return n
        except Exception:
            pass
    return 0


def _wait(page, fill: str | None = None, timeout: float = 60) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if _paths(page, fill):
            return time.perf_counter() - t0
        time.sleep(0.02)
    raise TimeoutError("map did not paint")


def payload() -> tuple[int, int]:
    import folium

    from coverage import indicators, model
    from dashboard import maps
    from loaders import boundaries, registry

    m = model.prepare()
    table = indicators.per_kommune(m)
    geo = maps.web_geometry(boundaries.kommuner(), "kommunenummer")
    fyl = maps.web_geometry(boundaries.fylker(), "fylkesnummer", tolerance=0.02, decimals=2, min_area=0.005)
    ours = maps.payload_bytes(maps.build_map(geo, fyl, table, m.centres[m.centres["status"] == "active"]))
    naive = folium.Map()
    folium.GeoJson(str(registry.fetch("kommuner"))).add_to(naive)
    return ours, maps.payload_bytes(naive)


def main() -> None:
    from playwright.sync_api import sync_playwright

    from export import style

    subprocess.run([sys.executable, "-c", "from coverage import model; model.prepare()"], cwd=ROOT, check=True)
    firsts, boots = [], []
    with sync_playwright() as p:
        # The browser is up before the clock starts: its own launch is not the app's start-up.
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        for attempt in range(RUNS):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            port = _port()
            url = f"http://127.0.0.1:{port}"
            t_start = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port",
                                     str(port), "--server.address", "127.0.0.1", "--server.headless", "true"],
                                    cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            try:
                while True:
                    try:
                        urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                        break
                    except OSError:
                        time.sleep(0.05)
                boots.append(time.perf_counter() - t_start)
                page.goto(url)
                _wait(page)
                firsts.append(time.perf_counter() - t_start)
                if attempt < RUNS - 1:
                    continue
                page.goto(url)
                t_reload = time.perf_counter()
                _wait(page)
                reload = time.perf_counter() - t_reload
                repaints = []
                for label, colour in (("Median minutter til nærmeste senter", style.RAMP[0]),
                                      ("Handlingsplan", style.PLAN_COLOURS["adopted"]),
                                      ("Gap-klasse", style.GAP_COLOURS["dekket"])):
                    page.get_by_label("Vis på kartet").click()
                    t0 = time.perf_counter()
                    page.get_by_role("option", name=label, exact=True).click()
                    _wait(page, colour)
                    repaints.append(time.perf_counter() - t0)
                peak = _peak_mb(proc.pid)
            finally:
                page.close()
                proc.terminate()
                proc.wait(timeout=20)
        browser.close()
    ours, naive = payload()
    firsts.sort()
    print(f"server start -> first painted map (357 kommuner), warm disk caches, {RUNS} fresh servers: median "
          f"{statistics.median(firsts):.2f} s, range {firsts[0]:.2f}–{firsts[-1]:.2f} s   (target <= 3 s); "
          f"server boot {statistics.median(boots):.2f} s of it")
    print(f"second visit (server and Streamlit caches warm) -> painted map: {reload:.2f} s")
    print("repaint after changing the indicator: " + ", ".join(f"{r:.2f} s" for r in repaints)
          + f"   (max {max(repaints):.2f} s; target <= 1 s)")
    print(f"national map payload: {ours / 1000:.0f} KB vs naive folium GeoJson of the S file {naive / 1000:.0f} KB "
          f"({ours / naive:.2f} x; target <= 350 KB)")
    print(f"peak memory of the app process: {peak:.0f} MB   (target <= 600 MB)")


if __name__ == "__main__":
    main()
