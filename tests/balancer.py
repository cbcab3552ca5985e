"""A stand-in for the balancer's X-Forwarded-For in browser tests: a local TCP proxy in front of `streamlit run`
that writes one reader's address into every request it passes on, the WebSocket handshake included, as HAProxy's
`option forwardfor` does (deploy/haproxy.cfg).

Why not Playwright's `extra_http_headers`: Chromium sends them with page and fetch requests but not with the
WebSocket handshake (seen with Debian's chromium 150), and Streamlit's `st.context.headers` are the handshake's.
A test that set the header in the browser then measured a browser's quirk, not the app.

    with Forwarding(app_url, "198.51.100.7") as url:   # the app, as reader 198.51.100.7 reaches it
        page.goto(url)
"""

from __future__ import annotations

import contextlib
import socket
import threading
from urllib.parse import urlparse

_HEAD_END = b"\r\n\r\n"


class Forwarding:
    """Listens on a free local port; each connection is passed to the app with `X-Forwarded-For: <reader>` in
    every request head (any such header the client sent is dropped), then, after a WebSocket upgrade, byte for
    byte both ways."""

    def __init__(self, app_url: str, reader: str):
        u = urlparse(app_url)
        self.upstream, self.reader = (u.hostname, u.port), reader
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._server.getsockname()[1]}"
        self._open: list[socket.socket] = []

    def __enter__(self) -> str:
        threading.Thread(target=self._accept, daemon=True).start()
        return self.url

    def __exit__(self, *exc) -> None:
        self._server.close()
        for s in list(self._open):
            _close(s)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:  # closed by __exit__
                return
            app = socket.create_connection(self.upstream)
            self._open += [client, app]
            threading.Thread(target=self._requests, args=(client, app), daemon=True).start()
            threading.Thread(target=_pipe, args=(app, client), daemon=True).start()

    def _requests(self, client: socket.socket, app: socket.socket) -> None:
        """Client to app: request heads rewritten, bodies passed as their Content-Length says; raw after an
        upgrade."""
        buf = b""
        try:
            while True:
                while _HEAD_END not in buf:
                    data = client.recv(65536)
                    if not data:
                        return
                    buf += data
                head, buf = buf.split(_HEAD_END, 1)
                lines = [ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"x-forwarded-for:")]
                lines.insert(1, b"X-Forwarded-For: " + self.reader.encode())
                app.sendall(b"\r\n".join(lines) + _HEAD_END)
                if any(ln.lower().startswith(b"upgrade:") for ln in lines):
                    app.sendall(buf)
                    _pipe(client, app)
                    return
                length = next((int(ln.split(b":", 1)[1]) for ln in lines if ln.lower().startswith(b"content-length:")),
                              0)
                while len(buf) < length:
                    data = client.recv(65536)
                    if not data:
                        return
                    buf += data
                app.sendall(buf[:length])
                buf = buf[length:]
        except OSError:
            return
        finally:
            _close(app)


def _pipe(src: socket.socket, dst: socket.socket) -> None:
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        _close(dst)


def _close(s: socket.socket) -> None:
    with contextlib.suppress(OSError):
        s.shutdown(socket.SHUT_RDWR)
    s.close()
