"""The browser's own files, compressed once and served by HAProxy from memory (deploy/frontend.lua): Streamlit's
frontend bundles (/static/…, 4.1 MB of JavaScript on a first visit with the table), Leaflet and jQuery
(/app/static/vendor/…), the map's data files present at the start (/app/static/data/…; a newer one is served by
Streamlit) and Streamlit's fonts cut down to what the app shows (deploy/fonts.py).

Each text file is kept twice: brotli (quality 11) for browsers that accept it — every browser over HTTPS, and
Chromium on localhost — and gzip -9 for the others (Chromium sends only `gzip, deflate` over plain HTTP to another
host). The bundles of a first visit came out at 0.19 of their size with brotli, 0.23 with gzip -9; HAProxy's own gzip
(libslz, the only one in Debian's build) gave 0.27–0.49. Streamlit leaves its bundles uncompressed on purpose and
expects a proxy to compress them. Compressing everything once cost 37 CPU-seconds here (Streamlit ships 23 MB of
JavaScript, most of it for elements this app never shows), kept in the cache folder by the sha256 of each file:
a new Streamlit version or a changed file compresses only what is new; a start with nothing new takes 0.4 s.

`build(cache)` writes the files and a manifest the Lua service reads, one line per URL path: content type, ETag,
Cache-Control, and the file of each encoding (`br=…,gzip=…` or `identity=…`).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import tempfile
from pathlib import Path

import streamlit

from deploy import fonts

ROOT = Path(__file__).resolve().parent.parent
STREAMLIT_STATIC = Path(streamlit.__file__).parent / "static" / "static"
VENDOR = ROOT / "dashboard" / "static" / "vendor"
DATA = ROOT / "dashboard" / "static" / "data"  # the map's files, written by `coverage prepare` before the start
# (folder, URL prefix): every file below the folder that compresses is served at prefix + its relative path
SOURCES = ((STREAMLIT_STATIC, "/static/"), (VENDOR, "/app/static/vendor/"), (DATA, "/app/static/data/"))
# where the app's own icons are named (`:material/call:`): the icon font keeps them
APP_CODE = ("dashboard", "vocabulary", "export")
COMPRESSIBLE = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json"}
# A Vite bundle name carries 8 characters of its content hash before the extension (index.DormvYxC.js), the map's
# files 16 hex digits of theirs (kommuner-52696a4a963fe00c.json): the name never comes back with other content, so
# browsers keep it a year. Leaflet's and jQuery's names do not
# change with their version: asked again every visit, answered 304 when the ETag matches. So are the cut-down
# fonts: they keep Streamlit's name but their content follows the app's icons and this code.
HASHED = re.compile(r"^/static/[^?]+\.[A-Za-z0-9_-]{8}\.[a-z0-9]+$|^/app/static/data/[a-z0-9-]+-[0-9a-f]{16}\.json$")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
VERSION = "2"  # of the encodings below: a change here compresses every file again


def _files(sources=SOURCES) -> list[tuple[str, Path]]:
    out = []
    for folder, prefix in sources:
        if folder.is_dir():
            out += [(prefix + p.relative_to(folder).as_posix(), p) for p in sorted(folder.rglob("*"))
                    if p.is_file() and (p.suffix in COMPRESSIBLE or _font(p.name))]
    return out


def _font(name: str) -> str:
    return "icons" if fonts.ICON_FONT.match(name) else "text" if fonts.TEXT_FONT.match(name) else ""


def cache_folder() -> Path:
    """Where the compressed files live: beside the project's other caches (DEKNING_CACHE_DIR)."""
    from loaders import registry

    return registry.cache_dir() / "frontend"


def build(cache: Path | None = None, fallback: Path | None = None, sources=SOURCES) -> Path:
    """The manifest of the compressed files (each file compressed once per content; idempotent). Where the cache
    folder cannot be written, they are written under `fallback` (a folder of this start's own)."""
    try:
        return _build(cache or cache_folder(), sources)
    except OSError:
        if fallback is None:
            raise
        return _build(fallback, sources)


def _write(target: Path, data: bytes) -> None:
    """Whole or not at all: another start may build the same folder at the same time."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, target)


def _stored(folder: Path, name: str, make) -> Path:
    """folder/name, made by make() unless it is there already."""
    target = folder / name
    if not target.is_file():
        _write(target, make())
    return target


def _icons(files: list[tuple[str, Path]]) -> set[str]:
    from fontTools.ttLib import TTFont

    fonts_ = [p for _, p in files if _font(p.name) == "icons"]
    if not fonts_:
        return set()
    known = set(fonts.ligatures(TTFont(fonts_[0])))
    bundles = [p for _, p in files if p.suffix == ".js"]
    code = [p for d in APP_CODE for p in sorted((ROOT / d).rglob("*.py"))]
    return fonts.icon_names(bundles, code, known)


def _entry(folder: Path, url: str, path: Path, icons: set[str]) -> list[str]:
    """One manifest line: URL path, content type, ETag, Cache-Control, encodings."""
    import brotli

    raw = path.read_bytes()
    digest = hashlib.sha256(VERSION.encode() + raw).hexdigest()[:32]
    kind = _font(path.name)
    if kind:
        tag = hashlib.sha256(repr(sorted(icons)).encode()).hexdigest()[:8] if kind == "icons" else "latin"
        body = _stored(folder, f"{digest}-{tag}.woff2", lambda: fonts.subset_icons(raw, icons) if kind == "icons"
                       else fonts.subset_text(raw))
        etag = f'"{hashlib.sha256(body.read_bytes()).hexdigest()[:24]}"'
        return [url, "font/woff2", etag, REVALIDATE, f"identity={body}"]
    br = _stored(folder, f"{digest}.br", lambda: brotli.compress(raw, quality=11))
    gz = _stored(folder, f"{digest}.gz", lambda: gzip.compress(raw, 9, mtime=0))
    content = COMPRESSIBLE[path.suffix]
    etag = f'"{hashlib.sha256(raw).hexdigest()[:24]}"'
    return [url, f"{content}; charset=utf-8" if content.startswith("text/") else content, etag,
            IMMUTABLE if HASHED.match(url) else REVALIDATE, f"br={br},gzip={gz}"]


def _build(cache: Path, sources) -> Path:
    files = _files(sources)
    icons = _icons(files)
    folder = cache / "files"
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["\t".join(_entry(folder, url, path, icons)) for url, path in files]
    text = "\n".join(lines) + "\n"
    manifest = cache / f"manifest-{hashlib.sha256(text.encode()).hexdigest()[:16]}.tsv"
    if not manifest.is_file():
        _write(manifest, text.encode("utf-8"))
    return manifest
