"""What the balancer does that Streamlit leaves to it (deploy/haproxy.cfg, deploy/frontend.py|lua), through
`deploy.cluster.Cluster` (what `deploy/run` starts): gzip, cache headers for content-hashed files, security headers
on every answer, /_stcore/metrics refused; and in Chromium: bytes on the wire for a first and a repeat visit,
no Content-Security-Policy violation, the map and a what-if click work through it.

Each expectation is checked against Streamlit answering straight (same process, no balancer), so a test that
passes there too proves nothing and fails."""

from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import streamlit
from playwright.sync_api import expect

from deploy import client, cluster, traffic
from tests.test_deploy import _free_ports

pytestmark = pytest.mark.slow
FRONTEND = Path(streamlit.__file__).parent / "static"
SECURITY = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY"}
IMMUTABLE = "public, max-age=31536000, immutable"
# A browser's requests after the page carry HAProxy's sticky cookie; one without it gets the cookie set and, with
# it, `Cache-Control: private` (the cookie line's `nocache`: a shared cache must not hand one reader's cookie on).
BROWSER = {"Accept-Encoding": "gzip", "Cookie": "dk_srv=s1"}


@pytest.fixture(scope="module")
def deployed():
    c = cluster.Cluster(1, _free_ports(1), bind="127.0.0.1", quiet=True).start()
    yield c
    c.stop()


def _get(url: str, headers: dict | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={**BROWSER, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def _bundle() -> str:
    """The URL path of Streamlit's main bundle, read from its own index.html."""
    return "/" + re.search(r'src="\./(static/js/index\.[^"]+\.js)"', (FRONTEND / "index.html").read_text()).group(1)


def test_text_answers_come_gzipped_and_unchanged(deployed):
    straight = deployed.backend_url(deployed.backend_ports[0])
    for path in ("/", _bundle(), "/app/static/vendor/leaflet/leaflet.js", "/_stcore/host-config"):
        status, head, body = _get(deployed.url + path)
        assert status == 200 and head.get("content-encoding") == "gzip", (path, head)
        assert gzip.decompress(body) == _get(straight + path, {"Accept-Encoding": "identity"})[2], path
        assert "Accept-Encoding" in head.get("vary", ""), path
    bundle = (FRONTEND / _bundle().lstrip("/")).read_bytes()
    assert _get(straight + _bundle())[1].get("content-encoding") is None  # Streamlit leaves its bundles to a proxy
    assert len(_get(deployed.url + _bundle())[2]) < 0.35 * len(bundle)  # gzip -9, not HAProxy's libslz (0.47)


def test_content_hashed_files_are_immutable_and_the_others_revalidate(deployed):
    _, head, _ = _get(deployed.url + _bundle())
    assert head["cache-control"] == IMMUTABLE
    async def urls() -> set[str]:  # the map's data files, named by their hash
        reader = await client.open_page(deployed.url)
        await reader.close()
        return reader.static

    static = cluster._run_coroutine(urls())
    data = sorted(u for u in static if "/app/static/data/" in u)
    mine = sorted(u for u in static if re.search(r"/mapview\.(js|css)\?v=[0-9a-f]{16}$", u))
    assert data and len(mine) == 2
    for path in data + mine:
        _, head, _ = _get(deployed.url + path)
        assert head.get("cache-control") == IMMUTABLE, path
        assert _get(deployed.backend_url(deployed.backend_ports[0]) + path)[1].get("cache-control") != IMMUTABLE
    leaflet = deployed.url + "/app/static/vendor/leaflet/leaflet.js"  # its name does not change with its version
    status, head, _ = _get(leaflet)
    assert head["cache-control"] == "no-cache" and head["etag"]
    status, _, body = _get(leaflet, {"If-None-Match": head["etag"]})
    assert status == 304 and body == b""
    assert _get(deployed.url + "/app/static/mapview.js?v=0")[1].get("cache-control") == "no-cache"  # not a hash


def test_security_headers_on_every_answer_and_a_policy_of_the_apps_own_origin(deployed):
    for path in ("/", _bundle(), "/app/static/vendor/leaflet/leaflet.css", "/_stcore/health", "/_stcore/metrics",
                 "/no-such-file"):
        _, head, _ = _get(deployed.url + path)
        assert {k: head.get(k) for k in SECURITY} == SECURITY, path
        policy = dict(d.strip().split(" ", 1) for d in head["content-security-policy"].split(";"))
        assert policy["default-src"] == "'self'" and policy["frame-ancestors"] == "'none'", path
        assert policy["object-src"] == "'none'" and "'unsafe-eval'" not in policy["script-src"].split(), path
    _, head, _ = _get(deployed.backend_url(deployed.backend_ports[0]) + "/")
    assert "content-security-policy" not in head and "referrer-policy" not in head


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/_stcore/%6Detrics", "//_stcore/metrics",
                                  "/_stcore/metrics?format=text", "/_stcore//metrics"])
def test_metrics_are_refused_through_the_balancer(deployed, path):
    assert _get(deployed.backend_url(deployed.backend_ports[0]) + "/_stcore/metrics")[0] == 200  # open behind it
    status, _, body = _get(deployed.url + path)
    assert status == 404 and b"session" not in body


def test_the_websocket_upgrades_through_the_balancer_and_travels_compressed(deployed):
    async def visit() -> tuple[int, int]:
        reader = await client.open_page(deployed.url)  # HTTP 101 through HAProxy, then one script run
        sizes = reader.ws_payload, reader.ws.wire
        await reader.close()
        return sizes

    payload, wire = cluster._run_coroutine(visit())
    assert payload > 30_000 and wire < 0.5 * payload  # 69 KB of messages, 26 KB on the wire measured


@pytest.mark.browser
def test_first_and_repeat_visit_on_the_wire_with_no_policy_violation(deployed, browser):
    straight, _ = traffic.first_and_repeat(browser, deployed.backend_url(deployed.backend_ports[0]))
    first, repeat = traffic.first_and_repeat(browser, deployed.url)
    print(f"first visit {straight.http_bytes / 1e6:.2f} MB straight, {first.http_bytes / 1e6:.2f} MB through the "
          f"balancer; repeat {repeat.http_bytes / 1e3:.1f} KB; websocket {first.ws_bytes / 1e3:.1f} KB (uncompressed)")
    assert first.csp == [] and repeat.csp == []
    assert first.http_bytes <= 0.40 * straight.http_bytes  # 4.85 MB → 1.74 MB measured
    assert first.http_bytes <= 1_850_000  # the 1.0 MB goal is out of reach: Streamlit's fonts alone are 0.55 MB
    assert repeat.http_bytes <= 50_000
    cached = [u for u, r in repeat.responses.items() if "/static/js/" in u]
    assert cached and all(repeat.responses[u]["bytes"] == 0 for u in cached)  # not even asked for


@pytest.mark.browser
def test_a_whatif_click_works_through_the_balancer_with_no_policy_violation(deployed, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page, visit = traffic.load(context, deployed.url)
        page.goto(f"{deployed.url}/hva-om?fylke=18")
        page.locator(traffic.PAINTED).first.wait_for(timeout=120_000)
        page.wait_for_load_state("networkidle")
        box = page.locator(".dk-map").bounding_box()  # as in test_browser: a point on land in Nordland
        page.mouse.click(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.55)
        page.wait_for_url(re.compile(r"punkt=\d+\.\d\d(,|%2C)\d+\.\d\d"), timeout=60_000)
        expect(page.locator("path.dk-new-centre")).to_have_count(1, timeout=120_000)
        assert visit.csp == [] and page.evaluate("() => window.__dkCsp") == []
    finally:
        context.close()
