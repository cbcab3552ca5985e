"""What travels over the websocket on each repaint of the map page, element by element.

Starts the app (warm disk caches), opens the map page in Chromium, waits for the painted map and the table,
changes the indicator in the sidebar a few times, then visits three other pages and comes back to the map. Every
websocket frame the browser receives is decoded as Streamlit's ForwardMsg and its bytes are counted under the
element it carries (dataframe, selectbox, html, …; a
`ref_hash` is a message the browser already holds, sent as its hash only). Prints the bytes of the first load and
of each repaint, split by element, and which repaints carried the table and the kommune search box's options.

Run: python benchmarks/repaint.py [--repaints 4]   (DEKNING_DATA_DIR set; Chromium at /usr/bin/chromium)
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPTIONS = ["Handlingsplan", "Median minutter til nærmeste senter", "Handlingsplan og reisevei",
           "Median minutter til nærmeste senter"]
AWAY = ["Hva om", "Metode og kilder", "Hva om"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start() -> tuple[subprocess.Popen, str]:
    port = _port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
                             "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"],
                            cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise TimeoutError("the app did not start")


def kind(payload: bytes) -> str:
    """What a ForwardMsg carries: the element type of a new element, 'ref_hash', or the message type."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    msg.ParseFromString(payload)
    what = msg.WhichOneof("type")
    if what == "delta":
        delta = msg.delta
        sub = delta.WhichOneof("type")
        if sub == "new_element":
            return delta.new_element.WhichOneof("type") or "element"
        return f"delta:{sub}"
    return what or "unknown"


def _finished(page, frames: list, finished: int) -> None:
    """Wait until a script run after the `finished` ones so far has finished."""
    deadline = time.time() + 60
    while sum(k == "script_finished" for k, _ in frames) <= finished and time.time() < deadline:
        page.wait_for_timeout(25)
    page.wait_for_load_state("networkidle")


def _settle(page, frames: list, finished: int) -> None:
    """Wait until the script run that the last action started has finished and the map has painted."""
    page.wait_for_function("document.querySelectorAll('path.dk-kommune').length >= 357", timeout=120_000)
    _finished(page, frames, finished)


def _split(frames: list) -> Counter:
    out = Counter()
    for k, n in frames:
        out[k] += n
    return out


def measure(repaints: int) -> list[Counter]:
    from playwright.sync_api import sync_playwright

    proc, url = _start()
    rounds = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            frames: list[tuple[str, int]] = []
            page.on("websocket", lambda ws: ws.on("framereceived", lambda data: frames.append(
                (kind(data) if isinstance(data, bytes) else "text", len(data)))))
            page.goto(url)
            _settle(page, frames, 0)
            page.get_by_test_id("stDataFrame").first.wait_for(timeout=120_000)
            page.wait_for_load_state("networkidle")
            rounds.append(_split(frames))
            for option in OPTIONS[:repaints]:
                frames.clear()
                page.get_by_label("Vis på kartet").click()
                page.get_by_role("option", name=option, exact=True).click()
                _settle(page, frames, 0)
                rounds.append(_split(frames))
            frames.clear()  # three other pages, then the map page again: does the table travel again?
            for name in AWAY:
                page.get_by_role("link", name=name, exact=True).first.click()
                _finished(page, frames, sum(k == "script_finished" for k, _ in frames))
            frames.clear()
            page.get_by_role("link", name="Kart", exact=True).first.click()
            _settle(page, frames, 0)
            rounds.append(_split(frames))
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return rounds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repaints", type=int, default=4)
    args = parser.parse_args()
    rounds = measure(args.repaints)
    for i, r in enumerate(rounds):
        label = "first load" if i == 0 else "back again" if i == len(rounds) - 1 else f"repaint {i}"
        top = ", ".join(f"{k} {n / 1024:.1f}" for k, n in r.most_common(6))
        print(f"{label:10s} {sum(r.values()) / 1024:7.1f} KB  (KB by what it carries: {top})")
    table = [i for i, r in enumerate(rounds) if r.get("dataframe")]
    names = ["first load", *[f"repaint {i}" for i in range(1, len(rounds) - 1)], "map page again after 3 others"]
    print(f"the table (dataframe element) travelled in: {', '.join(names[i] for i in table) or 'none'}")
    boxes = [r.get("selectbox", 0) / 1024 for r in rounds[1:-1]]
    print("selectbox bytes per repaint (KB): " + ", ".join(f"{b:.1f}" for b in boxes))


if __name__ == "__main__":
    main()
