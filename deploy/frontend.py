"""The browser's own files, compressed once with gzip -9 and served by HAProxy from memory (deploy/frontend.lua):
Streamlit's frontend bundles (/static/…, 4.2 MB of JavaScript on a first visit with the table) and Leaflet and
jQuery (/app/static/vendor/…).

Why not HAProxy's own compression for these: Debian's HAProxy compresses with libslz, which is fast but only
emits fixed Huffman codes — Streamlit's bundles came out at 0.27–0.49 of their size, gzip -9 gives 0.06–0.32.
Streamlit itself leaves its bundles uncompressed on purpose (it would compress them again on every request) and
expects a proxy to do it. Compressing once at start costs a few CPU-seconds, kept in the cache folder for the
next start of the same Streamlit version.

`build(cache)` writes the compressed files and a manifest the Lua service reads (one line per file: URL path,
content type, compressed file, ETag, Cache-Control).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import re
import tempfile
from pathlib import Path

import streamlit

ROOT = Path(__file__).resolve().parent.parent
STREAMLIT_STATIC = Path(streamlit.__file__).parent / "static" / "static"
VENDOR = ROOT / "dashboard" / "static" / "vendor"
# (folder, URL prefix): every file below the folder that compresses is served at prefix + its relative path
SOURCES = ((STREAMLIT_STATIC, "/static/"), (VENDOR, "/app/static/vendor/"))
COMPRESSIBLE = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json"}
# A Vite bundle name carries 8 characters of its content hash before the extension (index.DormvYxC.js): the
# name never comes back with other content, so browsers keep it a year. Leaflet's and jQuery's names do not
# change with their version: asked again every visit, answered 304 when the ETag matches.
HASHED = re.compile(r"^/static/[^?]+\.[A-Za-z0-9_-]{8}\.[a-z0-9]+$")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def _files() -> list[tuple[str, Path]]:
    out = []
    for folder, prefix in SOURCES:
        if folder.is_dir():
            out += [(prefix + p.relative_to(folder).as_posix(), p) for p in sorted(folder.rglob("*"))
                    if p.is_file() and p.suffix in COMPRESSIBLE]
    return out


def _key(files: list[tuple[str, Path]]) -> str:
    """Names, sizes and modification times of the sources and this module's code: a new Streamlit or Leaflet, or
    a change here, gives a new folder."""
    h = hashlib.sha256(streamlit.__version__.encode() + Path(__file__).read_bytes())
    for url, path in files:
        st = path.stat()
        h.update(f"{url}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def cache_folder() -> Path:
    """Where the compressed files live: beside the project's other caches (DEKNING_CACHE_DIR)."""
    from loaders import registry

    return registry.cache_dir() / "frontend-gzip"


def build(cache: Path | None = None, fallback: Path | None = None) -> Path:
    """The manifest of the compressed files (written once per version of the sources; idempotent). Where the cache
    folder cannot be written, they are written under `fallback` (a folder of this start's own)."""
    try:
        return _build(cache or cache_folder())
    except OSError:
        if fallback is None:
            raise
        return _build(fallback)


def _write(target: Path, data: bytes) -> None:
    """Whole or not at all: another start may build the same folder at the same time."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, target)


def _build(cache: Path) -> Path:
    files = _files()
    folder = cache / _key(files)
    manifest = folder / "manifest.tsv"
    if manifest.is_file():
        return manifest
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for i, (url, path) in enumerate(files):
        raw = path.read_bytes()
        target = folder / f"{i}.gz"
        _write(target, gzip.compress(raw, 9, mtime=0))
        kind = COMPRESSIBLE.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        etag = f'"{hashlib.sha256(raw).hexdigest()[:24]}"'
        cache_control = IMMUTABLE if HASHED.match(url) else REVALIDATE
        lines.append("\t".join([url, f"{kind}; charset=utf-8" if kind.startswith("text/") else kind,
                                str(target), etag, cache_control]))
    _write(manifest, ("\n".join(lines) + "\n").encode("utf-8"))
    return manifest
