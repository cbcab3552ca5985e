"""What a reader's browser moves over the network, read from Chromium's own network log (DevTools protocol):
the bytes of every HTTP response as received (`Network.loadingFinished.encodedDataLength`: headers and body,
compressed if it came compressed, 0 for a file taken from the browser's cache), the websocket's payloads, and
every Content-Security-Policy violation the page reports.

`first_and_repeat` opens the map page in a fresh browser context, waits until the map has painted its 357
kommuner and the table has drawn, then opens it again in a new tab of the same context (a repeat visit: the
browser's cache is kept, as it is for a reader who comes back). Used by the deploy tests and
benchmarks/dashboard.py.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from playwright.sync_api import expect

PAINTED, KOMMUNE = ".dk-map[data-painted]", "path.dk-kommune"
TABLE = "[data-testid='stDataFrame'] canvas"
# Registered before any script of the page runs: a violation the console might word differently is still counted.
_CSP_LISTENER = ("window.__dkCsp = []; document.addEventListener('securitypolicyviolation', e =>"
                 " window.__dkCsp.push(e.effectiveDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')));")


@dataclass
class Visit:
    """One page load as the browser saw it."""

    http_bytes: int = 0              # every HTTP response as received (headers + body on the wire)
    ws_bytes: int = 0                # websocket payloads (before permessage-deflate: an upper bound)
    responses: dict[str, dict] = field(default_factory=dict)  # url → status, headers, bytes, from_cache
    csp: list[str] = field(default_factory=list)  # violations (console and securitypolicyviolation events)
    console_errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.http_bytes + self.ws_bytes


def _ws_payload(params: dict) -> int:
    data = params["response"].get("payloadData", "")
    return len(base64.b64decode(data)) if params["response"].get("opcode") == 2 else len(data.encode())


def _record(page, visit: Visit) -> None:
    cdp = page.context.new_cdp_session(page)
    urls: dict[str, str] = {}

    def response(p: dict) -> None:
        r = p["response"]
        urls[p["requestId"]] = r["url"]
        visit.responses[r["url"]] = {"status": r["status"], "headers": {k.lower(): v for k, v in r["headers"].items()},
                                     "bytes": 0, "from_cache": bool(r.get("fromDiskCache") or r.get("fromMemoryCache"))}

    def finished(p: dict) -> None:
        visit.http_bytes += int(p["encodedDataLength"])
        url = urls.get(p["requestId"])
        if url in visit.responses:
            visit.responses[url]["bytes"] = int(p["encodedDataLength"])

    def ws(p: dict) -> None:
        visit.ws_bytes += _ws_payload(p)

    cdp.on("Network.responseReceived", response)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.webSocketFrameReceived", ws)
    cdp.on("Network.webSocketFrameSent", ws)
    cdp.send("Network.enable")

    def console(msg) -> None:
        if msg.type == "error":
            visit.console_errors.append(msg.text)
            if "Content Security Policy" in msg.text:
                visit.csp.append(msg.text)

    page.on("console", console)


def load(context, url: str, timeout: float = 120.0) -> tuple[object, Visit]:
    """Open `url` in a new tab of `context` and wait for the painted map and the drawn table; the open page and
    what it moved (close the page when done)."""
    visit = Visit()
    page = context.new_page()
    page.add_init_script(_CSP_LISTENER)
    _record(page, visit)
    page.goto(url, timeout=timeout * 1000)
    # Locators, not wait_for_function: a string evaluated in the page is itself refused by the policy under test.
    page.locator(PAINTED).first.wait_for(timeout=timeout * 1000)
    expect(page.locator(KOMMUNE)).to_have_count(357, timeout=timeout * 1000)
    page.locator(TABLE).first.wait_for(timeout=timeout * 1000)
    page.wait_for_load_state("networkidle", timeout=timeout * 1000)
    visit.csp += [f"event: {v}" for v in page.evaluate("window.__dkCsp || []")]
    return page, visit


def first_and_repeat(browser, url: str, timeout: float = 120.0) -> tuple[Visit, Visit]:
    """A first visit in a fresh context (empty cache), then a repeat visit in a new tab of the same context."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page, first = load(context, url, timeout)
        page.close()
        page, repeat = load(context, url, timeout)
        page.close()
    finally:
        context.close()
    return first, repeat
