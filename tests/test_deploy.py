"""deploy/: the HAProxy configuration HAProxy itself accepts, and two Streamlit processes behind it that share
readers, keep each reader on its process (cookie), survive one process dying, and all stop together.

Needs Debian's haproxy (`.ci/run` installs it)."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest

from deploy import client, cluster


def _free_ports(n: int) -> int:
    """A port p with p … p+n all free on loopback."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + n > 65535:
            continue
        try:
            for p in range(base, base + n + 1):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", p))
        except OSError:
            continue
        return base
    raise RuntimeError("no free run of ports")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_haproxy_accepts_the_configuration_with_one_sticky_server_per_process(tmp_path):
    text = cluster.haproxy_config([9101, 9102, 9103], 9100, tmp_path / "haproxy.sock", bind="127.0.0.1")
    servers = [line.split() for line in text.splitlines() if line.strip().startswith("server ")]
    assert [(s[1], s[2], s[-1]) for s in servers] == [("s1", "127.0.0.1:9101", "s1"), ("s2", "127.0.0.1:9102", "s2"),
                                                      ("s3", "127.0.0.1:9103", "s3")]
    assert all("check" in s for s in servers)
    assert "cookie dk_srv insert indirect nocache httponly" in text and "bind 127.0.0.1:9100" in text
    assert "http-check send meth GET uri /_stcore/health" in text and "balance leastconn" in text
    (tmp_path / "haproxy.cfg").write_text(text)
    check = subprocess.run([cluster.HAPROXY, "-c", "-f", str(tmp_path / "haproxy.cfg")], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_cluster_that_fails_to_start_stops_what_it_started(tmp_path):
    port = _free_ports(2)
    broken = tmp_path / "app"
    (broken / "dashboard").mkdir(parents=True)
    (broken / "dashboard" / "app.py").write_text("raise RuntimeError('no data')\n")  # serves, but cannot draw
    c = cluster.Cluster(1, port, root=broken, bind="127.0.0.1", prepare=False, quiet=True)
    with pytest.raises(RuntimeError, match="did not draw"):
        c.start(timeout=60)
    assert c.backends == {} and c.haproxy is None
    assert not any(_alive(p) for p in c.backend_pids())


@pytest.mark.slow
def test_two_processes_share_readers_keep_each_on_its_process_and_survive_one_dying():
    port = _free_ports(2)
    c = cluster.Cluster(2, port, bind="127.0.0.1", quiet=True).start()
    pids = c.backend_pids()
    try:
        async def scenario():
            first = await client.open_page(c.url)
            second = await client.open_page(c.url)
            # a new reader goes to the process with fewer open connections; the cookie names it
            assert {first.cookies["dk_srv"], second.cookies["dk_srv"]} == {"s1", "s2"}
            mine, other = first.cookies["dk_srv"], second.cookies["dk_srv"]
            # readers who bring the cookie stay on its process: three more websockets there, none on the other
            before = {k: int(v["scur"]) for k, v in cluster.haproxy_stats(c.socket).items()}
            followers = []
            for _ in range(3):
                r = client.Reader(c.url, first.rng, 120)
                r.cookies["dk_srv"] = mine
                await r.open("", "fylke=46")
                followers.append(r)
            after = {k: int(v["scur"]) for k, v in cluster.haproxy_stats(c.socket).items()}
            assert after[mine] - before[mine] == 3 and after[other] == before[other]
            assert all(r.cookies["dk_srv"] == mine for r in followers)
            # the first reader's process dies: its websocket drops, the other process's reader goes on
            victim = c.backends[c.backend_ports[int(mine[1:]) - 1]]
            victim.kill()
            victim.wait()
            with pytest.raises(Exception):  # noqa: B017,PT011  (a closed websocket, whatever its class)
                await first.change("w-fylke@")
            assert await second.change("w-fylke@") > 0
            # once HAProxy sees it down, the reader who comes back with the dead process's cookie is sent on
            deadline = time.monotonic() + 30
            while cluster.haproxy_stats(c.socket)[mine]["status"].startswith("UP") and time.monotonic() < deadline:
                await asyncio.sleep(0.5)
            back = client.Reader(c.url, first.rng, 120)
            back.cookies["dk_srv"] = mine
            await back.open("", "")
            assert back.cookies["dk_srv"] == other
            for r in (first, second, back, *followers):
                await r.close()
            return c.backend_ports[int(mine[1:]) - 1]

        dead_port = cluster._run_coroutine(scenario())  # a browser test's loop may be running
        assert c.restart_dead() == [dead_port]  # started again, healthy and warm before it returns
        assert all(cluster.healthy(c.backend_url(p)) for p in c.backend_ports)
        pids += c.backend_pids() + [c.haproxy.pid]
    finally:
        c.stop()
    assert not any(_alive(p) for p in pids)
    assert not c.log_dir.exists()


def test_a_busy_port_is_named_before_anything_starts():
    port = _free_ports(2)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port + 2))
        taken.listen()
        c = cluster.Cluster(2, port, bind="127.0.0.1", prepare=False, quiet=True)
        with pytest.raises(RuntimeError, match=f"port\\(s\\) {port + 2} already in use"):
            c.start()
    assert c.backends == {} and not c.log_dir.exists()


def _some_frontend(tmp_path: Path) -> tuple[tuple[Path, str], ...]:
    """A few of the real files in folders of their own: the build compresses a handful, not Streamlit's 23 MB."""
    import shutil

    from deploy import frontend

    st = frontend.STREAMLIT_STATIC
    bundle = re.search(r'src="\./static/(js/index\.[^"]+\.js)"', (st.parent / "index.html").read_text()).group(1)
    picks = [bundle, *(p.relative_to(st).as_posix() for p in (st / "media").glob("*.woff2")
                       if p.name.startswith(("MaterialSymbols-", "SourceSansVF-Upright")))]
    picks += [p.relative_to(st).as_posix() for p in sorted((st / "css").glob("index.*.css"))]
    for rel in picks:
        (tmp_path / "st" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(st / rel, tmp_path / "st" / rel)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "kommuner-0123456789abcdef.json").write_text('{"a": [' + "1.5, " * 999 + "1]}")
    (tmp_path / "data" / "notes.json").write_text("{}")
    return ((tmp_path / "st", "/static/"), (frontend.VENDOR, "/app/static/vendor/"), (tmp_path / "data", "/app/static/data/"))


def test_the_frontend_files_are_compressed_whole_and_built_elsewhere_when_the_cache_cannot_be_written(tmp_path):
    import gzip

    import brotli

    from deploy import frontend

    sources = _some_frontend(tmp_path)
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("")  # the cache folder cannot be made below a file (root ignores permission bits)
    manifest = frontend.build(cache=in_the_way / "cache", fallback=tmp_path / "own", sources=sources)
    assert manifest.is_relative_to(tmp_path / "own")
    rows = {url: (kind, etag, cache, dict(e.split("=", 1) for e in encodings.split(",")))
            for url, kind, etag, cache, encodings in (line.split("\t") for line in manifest.read_text().splitlines())}
    roots = {prefix: folder for folder, prefix in sources}
    assert "/app/static/vendor/leaflet/leaflet.js" in rows and len(rows) >= 8
    for url, (kind, etag, cache, bodies) in rows.items():
        prefix = next(p for p in roots if url.startswith(p))
        source = (roots[prefix] / url.removeprefix(prefix)).read_bytes()
        if url.endswith(".woff2"):  # cut down (tests/test_deploy_fonts.py), never re-encoded, always asked again
            assert set(bodies) == {"identity"} and kind == "font/woff2" and cache == "no-cache"
            assert Path(bodies["identity"]).read_bytes()[:4] == b"wOF2" and etag.startswith('"')
            assert Path(bodies["identity"]).stat().st_size < 0.3 * len(source), url
            continue
        assert set(bodies) == {"br", "gzip"}, url
        assert brotli.decompress(Path(bodies["br"]).read_bytes()) == source, url
        assert gzip.decompress(Path(bodies["gzip"]).read_bytes()) == source, url
        assert ("javascript" in kind) == url.endswith(".js") and etag.startswith('"')
        hashed = url.startswith("/static/") or url == "/app/static/data/kommuner-0123456789abcdef.json"
        assert cache == ("public, max-age=31536000, immutable" if hashed else "no-cache"), url
    again = frontend.build(cache=tmp_path / "own", sources=sources)  # nothing new to compress: the same manifest
    assert again == manifest
