"""N Streamlit processes of the app on local ports behind Debian's HAProxy on one public port, started and
stopped together: `deploy/run N` (this module's `main`) warms the caches with `python -m coverage prepare`,
starts the processes, waits for their health checks, draws the map page once on each (deploy/client.py), starts
HAProxy, starts again a process that dies, and stops everything on Ctrl-C. HAProxy also does what Streamlit leaves
to a proxy: compression (Streamlit's bundles gzip -9 from memory, deploy/frontend.py), cache headers for
content-hashed files, security headers with the Content-Security-Policy below, /_stcore/metrics refused.

The processes share the disk caches (DEKNING_CACHE_DIR) and the register database (DEKNING_DB_URL): both are
passed through from the environment, as are DEKNING_DATA_DIR, DEKNING_OFFLINE and DEKNING_STRICT.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import concurrent.futures
import contextlib
import ctypes
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("haproxy.cfg")
LUA = Path(__file__).with_name("frontend.lua")
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
# Production settings on top of .streamlit/config.toml: only HAProxy may reach a process; no file watching or
# rerun-on-save (the code does not change under a running server); no full garbage collection after every script
# run (runner.postScriptGC): it walks every object of the process, ~0.1 CPU-s per rerun with the app's modules
# and caches loaded, more than half the cost of a sidebar change (py-spy, benchmarks/load.py). Python's own
# generational collection still runs. Websocket compression (permessage-deflate, off by default in Streamlit): the
# messages of a page load (69 KB, the table among them) go compressed; HAProxy passes the websocket through as is.
STREAMLIT_FLAGS = {"server.headless": "true", "server.address": "127.0.0.1", "server.fileWatcherType": "none",
                   "server.runOnSave": "false", "browser.gatherUsageStats": "false", "runner.postScriptGC": "false",
                   "server.enableWebsocketCompression": "true"}
PLAIN_FLAGS = {"server.headless": "true", "server.address": "127.0.0.1"}  # what `streamlit run` alone gives
# Every reader's script runs in a thread of its own, and glibc gives threads up to 8 malloc arenas per core that
# keep freed memory: two arenas cut the peak of one process at 50 readers from 732 to 491 MB at the same CPU.
PROCESS_ENV = {"MALLOC_ARENA_MAX": "2"}
def _inline_script_hashes(index: Path) -> list[str]:
    """CSP hashes of the inline scripts in Streamlit's own index.html (today one line, `window.prerenderReady =
    false`), read from the installed package so an upgrade of Streamlit keeps the policy right."""
    text = index.read_text(encoding="utf-8")
    bodies = [m.group(1) for m in re.finditer(r"<script[^>]*>(.*?)</script>", text, re.S) if m.group(1).strip()]
    return [f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in bodies]


def content_security_policy() -> str:
    """The Content-Security-Policy HAProxy sends with every answer: the app's own origin only, and each allowance
    beyond that with the reason it is needed (measured in Chromium: the map and table draw with no violation)."""
    import streamlit

    index = Path(streamlit.__file__).parent / "static" / "index.html"
    return "; ".join([
        "default-src 'self'",
        # blob: the map component's script reaches the browser inside Streamlit's messages and is imported from a
        # blob: URL made by Streamlit's own code; 'wasm-unsafe-eval': long.js (in Streamlit's protobuf bundle)
        # compiles a 200-byte WebAssembly module for 64-bit arithmetic (no eval of JavaScript is allowed);
        # the hashes: the inline script of Streamlit's index.html.
        " ".join(["script-src 'self' blob: 'wasm-unsafe-eval'", *_inline_script_hashes(index)]),
        # Streamlit (emotion) and Leaflet set styles from script: <style> elements and style attributes
        "style-src 'self' 'unsafe-inline'",
        # the OpenStreetMap basemap, only when the reader switches it on
        "img-src 'self' https://tile.openstreetmap.org",
        "font-src 'self' data:",             # a KaTeX font inlined in Streamlit's stylesheet
        "frame-ancestors 'none'",            # no site may frame the app (the exported HTML map is a file newsrooms host)
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def _run_coroutine(coro):
    """asyncio.run in a thread of its own: the caller may already run an event loop (a web server, a test
    session with a browser driver), and asyncio.run refuses to start inside one."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the parent dies, so no process outlives a killed `deploy/run`."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def haproxy_config(backend_ports: list[int], port: int, socket: Path, bind: str = "0.0.0.0", maxconn: int = 4096,
                   frontend_manifest: Path | None = None) -> str:
    """deploy/haproxy.cfg with one `server` line per Streamlit process (cookie value s1, s2, …), its stats socket,
    the Content-Security-Policy and the compressed frontend files (deploy/frontend.py; built if not given)."""
    from deploy import frontend

    servers = "\n".join(f"    server s{i} 127.0.0.1:{p} check cookie s{i}" for i, p in enumerate(backend_ports, 1))
    return TEMPLATE.read_text().format(bind=bind, port=port, servers=servers, maxconn=maxconn, socket=socket,
                                       csp=content_security_policy(), lua=LUA,
                                       frontend=frontend_manifest or frontend.build())


def haproxy_stats(socket: Path) -> dict[str, dict[str, str]]:
    """HAProxy's `show stat` for the backend's servers: cookie name (s1, s2, …) → its row (status, scur, …)."""
    import socket as sockets

    with sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM) as conn:
        conn.connect(str(socket))
        conn.sendall(b"show stat\n")
        raw = b"".join(iter(lambda: conn.recv(65536), b""))
    lines = raw.decode().lstrip("# ").splitlines()
    header = lines[0].split(",")
    rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
    return {r["svname"]: r for r in rows if r.get("pxname") == "streamlit" and r["svname"] not in ("BACKEND", "FRONTEND")}


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


class Cluster:
    """`processes` Streamlit servers of `root`'s dashboard/app.py on ports port+1 … port+N, HAProxy on `port`."""

    def __init__(self, processes: int, port: int = 8501, *, root: Path = ROOT, bind: str = "0.0.0.0",
                 prepare: bool = True, log_dir: Path | None = None, quiet: bool = False,
                 flags: dict[str, str] | None = None, warm: bool = True) -> None:
        if processes < 1:
            raise ValueError(f"processes must be at least 1, got {processes}")
        self.processes, self.port, self.root, self.bind, self.prepare = processes, port, Path(root), bind, prepare
        self.backend_ports = [port + i for i in range(1, processes + 1)]
        self._own_logs = log_dir is None  # a folder of our own is removed on stop; a given one is kept
        self.log_dir = Path(log_dir or tempfile.mkdtemp(prefix="dekningskart-deploy-"))
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.quiet = quiet
        self.flags = STREAMLIT_FLAGS if flags is None else flags
        self.warm = warm
        self.backends: dict[int, subprocess.Popen] = {}
        self.haproxy: subprocess.Popen | None = None
        self._logs: list = []

    @property
    def socket(self) -> Path:
        """HAProxy's stats socket (see haproxy_stats)."""
        return self.log_dir / "haproxy.sock"

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.bind in ("0.0.0.0", "::", "") else self.bind
        return f"http://{host}:{self.port}"

    def backend_url(self, port: int) -> str:
        return f"http://127.0.0.1:{port}"

    def backend_pids(self) -> list[int]:
        return [p.pid for p in self.backends.values()]

    def _say(self, text: str) -> None:
        if not self.quiet:
            print(text, flush=True)

    def _spawn(self, args: list[str], log_name: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        log = open(self.log_dir / log_name, "ab")  # noqa: SIM115  (kept open for the process's lifetime)
        self._logs.append(log)
        return subprocess.Popen(args, cwd=self.root, env={**(env or {}), **os.environ}, stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent)

    def _start_backend(self, port: int) -> subprocess.Popen:
        flags = [f"--{k}={v}" for k, v in {**self.flags, "server.port": str(port)}.items()]
        proc = self._spawn([sys.executable, "-m", "streamlit", "run", str(self.root / "dashboard" / "app.py"), *flags],
                           f"streamlit-{port}.log", env=PROCESS_ENV if self.flags is STREAMLIT_FLAGS else None)
        self.backends[port] = proc
        return proc

    def _wait(self, url: str, proc: subprocess.Popen, timeout: float, what: str, log_name: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{what} exited with code {proc.returncode}:\n{self._tail(log_name)}")
            if healthy(url, timeout=1.0):
                return
            time.sleep(0.2)
        raise RuntimeError(f"{what} did not answer {url}/_stcore/health within {timeout:.0f} s:\n{self._tail(log_name)}")

    def _tail(self, log_name: str, lines: int = 15) -> str:
        try:
            return "\n".join((self.log_dir / log_name).read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def _check_ports(self) -> None:
        import socket

        busy = []
        for port, host in [(self.port, self.bind), *((p, "127.0.0.1") for p in self.backend_ports)]:
            with socket.socket() as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    s.bind((host if host not in ("", "::") else "0.0.0.0", port))
                except OSError:
                    busy.append(str(port))
        if busy:
            raise RuntimeError(f"port(s) {', '.join(busy)} already in use: choose another --port")

    def start(self, timeout: float = 120.0) -> Cluster:
        """Prepare (unless told not to), start every process, then HAProxy; on any failure stop what started."""
        try:
            self._check_ports()
            if self.prepare:
                t0 = time.perf_counter()
                subprocess.run([sys.executable, "-m", "coverage", "prepare"], cwd=self.root, check=True,
                               stdout=subprocess.DEVNULL if self.quiet else None)
                self._say(f"caches warm ({time.perf_counter() - t0:.1f} s)")
            for port in self.backend_ports:
                self._start_backend(port)
            for port, proc in self.backends.items():
                self._wait(self.backend_url(port), proc, timeout, f"streamlit on port {port}", f"streamlit-{port}.log")
                self._warm(port, timeout)
            config = self.log_dir / "haproxy.cfg"
            from deploy import frontend

            manifest = frontend.build(fallback=self.log_dir / "frontend")
            config.write_text(haproxy_config(self.backend_ports, self.port, self.socket, self.bind,
                                             frontend_manifest=manifest))
            check = subprocess.run([HAPROXY, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
            if check.returncode:
                raise RuntimeError(f"haproxy refused {config}:\n{check.stdout}{check.stderr}")
            self.haproxy = self._spawn([HAPROXY, "-f", str(config), "-db"], "haproxy.log")
            self._wait(self.url, self.haproxy, 30.0, "haproxy", "haproxy.log")
        except BaseException:
            self.stop()
            raise
        self._say(f"Dekningskart on {self.url} — {self.processes} Streamlit process(es) on ports "
                  f"{', '.join(map(str, self.backend_ports))} (pids {', '.join(map(str, self.backend_pids()))}), "
                  f"HAProxy pid {self.haproxy.pid}; logs in {self.log_dir}")
        return self

    def _warm(self, port: int, timeout: float) -> None:
        """One run of the map page on the process, so no reader waits for the app's imports and first tables."""
        if not self.warm:
            return
        from deploy import client

        async def run() -> None:
            reader = await client.open_page(self.backend_url(port), timeout=timeout)
            await reader.close()

        t0 = time.perf_counter()
        try:
            _run_coroutine(run())
        except Exception as exc:  # noqa: BLE001  (a page that fails to draw is a failed start)
            raise RuntimeError(f"the map page on port {port} did not draw: {exc!r}:\n"
                               f"{self._tail(f'streamlit-{port}.log')}") from exc
        self._say(f"streamlit on port {port} ready, map page drawn in {time.perf_counter() - t0:.1f} s")

    def restart_dead(self, timeout: float = 120.0) -> list[int]:
        """Start again any Streamlit process that has exited (HAProxy sends no readers to it meanwhile)."""
        dead = [port for port, proc in self.backends.items() if proc.poll() is not None]
        for port in dead:
            self._say(f"streamlit on port {port} exited with code {self.backends[port].returncode}; starting it again")
            proc = self._start_backend(port)
            self._wait(self.backend_url(port), proc, timeout, f"streamlit on port {port}", f"streamlit-{port}.log")
            self._warm(port, timeout)
        return dead

    def stop(self, grace: float = 10.0) -> None:
        """HAProxy first (no new readers), then every Streamlit process: SIGTERM, then SIGKILL after `grace` s."""
        procs = [p for p in (self.haproxy, *self.backends.values()) if p is not None]
        for proc in procs:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for proc in procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for log in self._logs:
            log.close()
        self._logs.clear()
        if self._own_logs:
            shutil.rmtree(self.log_dir, ignore_errors=True)
        self.haproxy = None
        self.backends.clear()

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="deploy/run", description="Dekningskart: N Streamlit processes behind HAProxy.")
    parser.add_argument("processes", nargs="?", type=int, default=2, help="Streamlit processes (default 2: one per core)")
    parser.add_argument("--port", type=int, default=8501, help="public port (processes use the next N ports)")
    parser.add_argument("--bind", default="0.0.0.0", help="public address HAProxy listens on (default all)")
    parser.add_argument("--no-prepare", action="store_true", help="skip `python -m coverage prepare`")
    parser.add_argument("--logs", type=Path, help="folder for the processes' logs (default: a new temporary folder, "
                        "removed on stop)")
    args = parser.parse_args(argv)
    if not Path(HAPROXY).exists():
        print(f"haproxy not found (looked for {HAPROXY}): apt-get install haproxy", file=sys.stderr)
        return 2
    cluster = Cluster(args.processes, args.port, bind=args.bind, prepare=not args.no_prepare, log_dir=args.logs)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # also when started with SIGINT ignored (`&`)
        signal.signal(sig, _interrupt)
    try:
        cluster.start()
        print("Ctrl-C stops all.", flush=True)
        while True:
            time.sleep(1.0)
            if cluster.haproxy is not None and cluster.haproxy.poll() is not None:
                print(f"haproxy exited with code {cluster.haproxy.returncode}; stopping", file=sys.stderr)
                return 1
            cluster.restart_dead()
    except KeyboardInterrupt:
        print("stopping …", flush=True)
        return 0
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"deploy failed: {exc}", file=sys.stderr)
        return 1
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
