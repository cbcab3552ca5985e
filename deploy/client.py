"""A minimal Streamlit client that speaks the protocol a browser speaks, with no browser: GET the page (cookies kept,
so HAProxy's sticky cookie comes along), open /_stcore/stream, send `rerun_script` BackMsgs with the page, query
string and widget states, and read ForwardMsgs until the script run has finished.

Used by deploy/cluster.py (one run per process before readers come, so no reader waits for the app's imports),
by benchmarks/load.py (many readers at once) and by the deploy tests.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import time
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection

FINISHED, COMPILE_ERROR = 0, 1
_KEY = re.compile(r"^\$\$ID-[0-9a-f]+-(.+)$")


class ActionFailed(Exception):
    """The page did not offer what the reader wanted to do, or showed an error."""


async def http_get(url: str, cookies: dict[str, str], timeout: float) -> int:
    """GET like a browser (gzip accepted, cookies sent and kept); returns the bytes received."""
    parts = urlsplit(url)
    reader, writer = await asyncio.wait_for(asyncio.open_connection(parts.hostname, parts.port), timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        head = [f"GET {path or '/'} HTTP/1.1", f"Host: {parts.netloc}", "Accept-Encoding: gzip", "Connection: close"]
        if cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
        raw = await asyncio.wait_for(reader.read(-1), timeout)
    finally:
        writer.close()
    header = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    status = int(header[0].split()[1]) if header and len(header[0].split()) > 1 else 0
    for line in header[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "set-cookie":
            k, _, v = value.strip().split(";", 1)[0].partition("=")
            cookies[k] = v
    if status != 200:
        raise ActionFailed(f"http {status} for {path}")
    return len(raw)


class _CountedConnection(ClientConnection):
    """A websocket connection that counts the bytes it receives on the socket: frames as they travel, after
    permessage-deflate, with their headers (the messages themselves are counted by Reader.ws_payload)."""

    wire = 0

    def data_received(self, data: bytes) -> None:
        self.wire += len(data)
        super().data_received(data)


class Reader:
    """One browser tab: its cookies, websocket, message cache, the widgets of the last run and their states."""

    def __init__(self, base: str, rng: random.Random, timeout: float) -> None:
        self.base, self.rng, self.timeout = base.rstrip("/"), rng, timeout
        self.cookies: dict[str, str] = {}
        self.ws = None
        self.cache: dict[str, ForwardMsg] = {}
        self.widgets: dict[str, tuple[str, object]] = {}
        self.states: dict[str, WidgetState] = {}
        self.chosen: dict[str, str] = {}
        self.pages: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.static: set[str] = set()
        self.fetched: set[str] = set()
        self.page_hash, self.query, self.path = "", "", ""
        self.done: asyncio.Future | None = None
        self.http_bytes = 0   # HTTP answers as received: headers and (compressed) bodies
        self.ws_payload = 0   # websocket messages, uncompressed
        self._receiver: asyncio.Task | None = None

    async def open(self, path: str, query: str) -> float:
        t0 = time.perf_counter()
        self.path, self.query = path, query
        self.http_bytes += await http_get(f"{self.base}/{path}" + (f"?{query}" if query else ""), self.cookies, self.timeout)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.ws = await websockets.connect(
            self.base.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"], max_size=None,
            additional_headers={"Cookie": cookie} if cookie else None, ping_interval=None, proxy=None,
            open_timeout=self.timeout, create_connection=_CountedConnection)
        self._receiver = asyncio.create_task(self._receive())
        await self._rerun(page_name=path)
        return time.perf_counter() - t0

    @property
    def wire(self) -> int:
        """Bytes this reader has received over the network so far: HTTP answers and websocket frames."""
        return self.http_bytes + (self.ws.wire if self.ws is not None else 0)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._receiver is not None:
            self._receiver.cancel()

    async def _rerun(self, page_name: str = "", page_hash: str | None = None, query: str | None = None) -> float:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query if query is None else query
        state.page_script_hash = self.page_hash if page_hash is None else page_hash
        state.page_name = page_name
        state.widget_states.widgets.extend(self.states.values())
        state.cached_message_hashes.extend(self.cache)
        info = state.context_info
        info.url, info.timezone, info.locale = f"{self.base}/{self.path}", "Europe/Oslo", "nb-NO"
        self.done = asyncio.get_running_loop().create_future()
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        await asyncio.wait_for(asyncio.shield(self.done), self.timeout)
        return time.perf_counter() - t0

    async def _receive(self) -> None:
        try:
            async for raw in self.ws:
                self.ws_payload += len(raw)
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                self._handle(msg)
        except websockets.ConnectionClosed as exc:
            self._fail(exc)
        except Exception as exc:  # noqa: BLE001  (any failure ends the visit, counted by its type)
            self._fail(exc)
        else:
            self._fail(websockets.ConnectionClosedOK(None, None))

    def _fail(self, exc: BaseException) -> None:
        if self.done is not None and not self.done.done():
            self.done.set_exception(exc)

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            if msg.ref_hash not in self.cache:
                raise ActionFailed(f"message {msg.ref_hash} referenced but never received")
            path, msg = msg.metadata.delta_path, self.cache[msg.ref_hash]
            kind = msg.WhichOneof("type")
        else:
            path = msg.metadata.delta_path
            if msg.metadata.cacheable and msg.hash:
                self.cache[msg.hash] = msg
        if kind == "new_session":
            self.page_hash, self.widgets, self.links = msg.new_session.page_script_hash, {}, {}
        elif kind == "navigation":
            self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            self._fail(ActionFailed("page not found"))
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element)
        elif kind == "script_finished":
            if msg.script_finished == COMPILE_ERROR:
                self._fail(ActionFailed("script failed to compile"))
            elif msg.script_finished == FINISHED:
                live = {el.id for _, el in self.widgets.values()}
                self.states = {i: s for i, s in self.states.items() if i in live}  # the page's widgets only
                if self.done is not None and not self.done.done():
                    self.done.set_result(None)
        del path

    def _element(self, element) -> None:
        kind = element.WhichOneof("type")
        el = getattr(element, kind)
        if kind == "exception":
            self._fail(ActionFailed(f"exception on the page: {el.type}: {el.message[:80]}"))
        elif kind == "page_link":
            self.links[el.page_script_hash] = el.query_string
        elif kind == "bidi_component" and el.json.startswith("{"):
            data = json.loads(el.json)
            urls = [data.get(k) for k in ("geo", "fylker", "facts")] + list((data.get("assets") or {}).values())
            self.static |= {u for u in urls if isinstance(u, str) and u.startswith("/")}
        m = _KEY.match(getattr(el, "id", "") or "")
        if m and kind in ("selectbox", "radio", "slider"):
            self.widgets[m.group(1)] = (kind, el)

    async def fetch_static(self) -> int:
        """The map's geometry, facts and scripts, once per reader (the browser caches them)."""
        todo = sorted(self.static - self.fetched)
        self.fetched |= set(todo)
        sizes = await asyncio.gather(*(http_get(self.base + u, self.cookies, self.timeout) for u in todo))
        self.http_bytes += sum(sizes)
        return sum(sizes)

    async def change(self, prefix: str) -> float:
        """Choose another option in the widget whose key starts with `prefix`; time the rerun it causes."""
        hits = [k for k in self.widgets if k.startswith(prefix)]
        if not hits:
            raise ActionFailed(f"no widget with key {prefix}… on the page")
        kind, el = self.widgets[hits[0]]
        options = list(el.options)
        current = self.chosen.get(prefix)
        if current is None and kind in ("selectbox", "radio") and el.HasField("default") and 0 <= el.default < len(options):
            current = options[el.default]
        choice = self.rng.choice([o for o in options if o != current] or options)
        self.chosen[prefix] = choice
        state = WidgetState(id=el.id)
        if kind == "slider":
            state.string_array_value.data.append(choice)
        else:
            state.string_value = choice
        self.states[el.id] = state
        return await self._rerun()

    async def navigate(self, url_path: str) -> float:
        """Follow the sidebar's page link to `url_path` (its query string carries the view)."""
        if url_path not in self.pages:
            raise ActionFailed(f"no page {url_path!r} in the navigation")
        page = self.pages[url_path]
        self.path = url_path
        return await self._rerun(page_hash=page, query=self.links.get(page, self.query))


async def open_page(base: str, path: str = "", query: str = "", timeout: float = 120.0) -> Reader:
    """A reader on `path`?`query` whose first script run has finished (close it when done)."""
    reader = Reader(base, random.Random(0), timeout)
    try:
        await reader.open(path, query)
    except BaseException:
        await reader.close()
        raise
    return reader
