"""The fingerprint of the code and curated files that compute a cached result, so an edit never serves old numbers.

A cached result is keyed by its inputs' hashes (loaders.registry.key) and by `code_hash(scope)`: the sha256
of every file that can change it, plus the versions of the libraries whose objects are stored (loaders/cachecodec.py). Scopes
follow the one-way data flow and cover every package whose code a cached result can run (tests/test_fingerprint.py
follows the imports of every module that caches and holds each scope to them): a `loaders` result depends on
loaders/ only; a `coverage` result (the model, the kommune and area tables, the longest trips) also on coverage/
and the curated geodata/; any other result (the web map's geometry and bounds, dashboard/mapdata.py and
export/html.py) also on dashboard/*.py, export/ and vocabulary/. No cached result runs register/ code: the
register's entries are merged after the cache, by register.publish.published_table, so an edit there never meets
an old table.
Light to import and cheap: no scipy/geopandas import, about 300 KB read once per process.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_LOADERS = ("loaders/*.py",)
_COVERAGE = _LOADERS + ("coverage/*.py", "coverage/*.csv", "geodata/*.csv", "geodata/*.json")
SCOPES = {"loaders": _LOADERS, "coverage": _COVERAGE,
          "app": _COVERAGE + ("dashboard/*.py", "export/*.py", "vocabulary/*.py")}
LIBRARIES = ("numpy", "pandas", "geopandas", "shapely", "pyproj", "scipy", "pyarrow")
_DIST_INFO = re.compile(r"^([A-Za-z0-9_.]+)-([^-]+)\.dist-info$")
_memo: dict[tuple[str, Path], str] = {}


def scope_of(module: str) -> str:
    """The scope of a result computed by code in `module` (its top-level package; unknown → 'app')."""
    top = (module or "").split(".")[0]
    return top if top in SCOPES else "app"


def files(scope: str, root: Path | None = None) -> list[Path]:
    """The files whose bytes make up `scope`'s fingerprint, sorted."""
    root = ROOT if root is None else root
    return sorted({p for pattern in SCOPES[scope] for p in root.glob(pattern) if p.is_file()})


def library_versions() -> str:
    """'numpy=2.4.6;pandas=…' read from the installed packages' dist-info names, without importing them."""
    wanted = {name.lower(): "" for name in LIBRARIES}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            m = _DIST_INFO.match(name)
            package = m.group(1).lower() if m else ""
            if package in wanted and not wanted[package]:  # the first on sys.path is the one imported
                wanted[package] = m.group(2)
    return ";".join(f"{k}={v}" for k, v in wanted.items())


def code_hash(scope: str = "coverage", root: Path | None = None) -> str:
    """16 hex characters over the scope's files (names and bytes), the library versions and Python's version;
    computed once per process (the code that runs does not change under a running process)."""
    root = ROOT if root is None else root
    if (scope, root) not in _memo:
        digest = hashlib.sha256(f"py{sys.version_info[0]}.{sys.version_info[1]};{library_versions()}".encode())
        for path in files(scope, root):
            digest.update(b"\0" + path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
        _memo[(scope, root)] = digest.hexdigest()[:16]
    return _memo[(scope, root)]


def clear() -> None:
    """Forget the computed hashes (for tests that edit a copy of the code)."""
    _memo.clear()
