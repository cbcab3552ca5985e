"""deploy/: the HAProxy configuration HAProxy itself accepts, and two Streamlit processes behind it that share
readers, keep each reader on its process (cookie), survive one process dying, and all stop together.

Needs Debian's haproxy (`.ci/run` installs it)."""

from __future__ import annotations

import asyncio
import os
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


def test_the_frontend_files_are_compressed_whole_and_built_elsewhere_when_the_cache_cannot_be_written(tmp_path):
    import gzip

    from deploy import frontend

    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("")  # the cache folder cannot be made below a file (root ignores permission bits)
    manifest = frontend.build(cache=in_the_way / "cache", fallback=tmp_path / "own")
    assert manifest.is_relative_to(tmp_path / "own")
    rows = [line.split("\t") for line in manifest.read_text().splitlines()]
    urls = {url for url, *_ in rows}
    assert any(u.startswith("/static/js/index.") for u in urls) and "/app/static/vendor/leaflet/leaflet.js" in urls
    for url, kind, file, etag, _cache in rows:
        source = (frontend.STREAMLIT_STATIC / url.removeprefix("/static/") if url.startswith("/static/")
                  else frontend.VENDOR / url.removeprefix("/app/static/vendor/"))
        assert gzip.decompress(Path(file).read_bytes()) == source.read_bytes(), url
        assert ("javascript" in kind) == url.endswith(".js") and etag.startswith('"')
