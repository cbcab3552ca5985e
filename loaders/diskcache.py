"""Results on disk under DEKNING_CACHE_DIR, keyed by input hashes and the code that computes them.

Files are typed data with a sha256 (loaders.cachecodec), never pickle: reading one runs no code, and an entry
that is damaged, truncated, of another format or stored under another entry's name is logged (one warning
naming the file and why), deleted and computed again, never served.
A cache folder that cannot be written (read-only, not a folder, full) never stops the app: results are then
kept in this process's memory and `notices()` says why, for the app to show.
"""

from __future__ import annotations

import errno
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import NamedTuple, TypeVar

from loaders import cachecodec, fingerprint
from loaders.registry import cache_dir

T = TypeVar("T")
_MISS = object()
_memory: dict[str, object] = {}  # results whose file could not be written, by file name
_unwritable: set[str] = set()  # folders that refused a write: not tried again in this process
_notices: dict[tuple[str, str], CacheNotice] = {}
_lock = threading.Lock()

CODES = ("cache_unwritable", "cache_not_a_directory", "cache_full")
SUFFIX = ".dkc"
_log = logging.getLogger(__name__)


class CacheNotice(NamedTuple):
    """Why results are kept in memory: a stable `code` (one of CODES) and the cache folder's `path`."""

    code: str
    path: str

    def __str__(self) -> str:
        return self._describe(f" {self.path}")

    def user_message(self) -> str:
        """The same advice without the server path, for a web page."""
        return self._describe("")

    def _describe(self, where: str) -> str:
        why = {"cache_unwritable": "cannot be written", "cache_not_a_directory": "is not a folder",
               "cache_full": "is full"}[self.code]
        return (f"The cache folder{where} {why}: results are kept in memory and computed again after a "
                "restart. Point DEKNING_CACHE_DIR at a writable folder.")


def notices() -> list[CacheNotice]:
    """Every cache problem met in this process (each code and folder once)."""
    return list(_notices.values())


def _filename(name: str, key: str, module: str) -> str:
    return f"{name}-{key}-{fingerprint.code_hash(fingerprint.scope_of(module))}{SUFFIX}"


def stored(name: str, key: str, module: str) -> bool:
    """Whether a result computed by code in `module` is held already (on disk or in memory)."""
    filename = _filename(name, key, module)
    return filename in _memory or (cache_dir() / filename).is_file()


def cached(name: str, key: str, compute: Callable[[], T]) -> T:
    """Return the result stored under name+key, computing and storing it (atomically) if absent.

    The file name also carries the fingerprint of the code that computes it (by `compute`'s package, see
    loaders.fingerprint), so editing that code or the curated data recomputes instead of serving old numbers."""
    filename = _filename(name, key, getattr(compute, "__module__", ""))
    if filename in _memory:
        return _memory[filename]
    folder = cache_dir()
    value = _read(folder / filename)
    if value is not _MISS:
        return value
    value = compute()
    if not _write(folder, filename, value):
        _memory[filename] = value
    return value


def _read(path: Path):
    """The stored value, or _MISS: absent, or damaged (then logged and deleted)."""
    try:
        with open(path, "rb") as fh:
            data = bytearray(os.fstat(fh.fileno()).st_size)
            fh.readinto(data)
        return cachecodec.loads(data, path.name.removesuffix(SUFFIX))
    except (FileNotFoundError, NotADirectoryError):
        return _MISS
    except (OSError, cachecodec.DamagedEntry) as exc:
        why = exc if isinstance(exc, cachecodec.DamagedEntry) else f"unreadable: {type(exc).__name__}: {exc.strerror}"
        _log.warning("cache file %s discarded and computed again: %s", path, why)
        with suppress(OSError):
            path.unlink(missing_ok=True)
        return _MISS


def _write(folder: Path, filename: str, value) -> bool:
    """Store value atomically; False (with a notice) when the folder cannot take it."""
    if str(folder) in _unwritable:
        return False
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{filename}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            cachecodec.write(fh, value, filename.removesuffix(SUFFIX))
        os.replace(tmp, folder / filename)
        return True
    except OSError as exc:
        _refused(folder, exc)
        return False
    finally:
        if tmp is not None:
            with suppress(OSError):  # gone already once os.replace has moved it
                os.unlink(tmp)


def _refused(folder: Path, exc: OSError) -> None:
    if (folder.exists() and not folder.is_dir()) or exc.errno == errno.ENOTDIR:
        code = "cache_not_a_directory"
    elif exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        code = "cache_full"
    else:
        code = "cache_unwritable"
    with _lock:
        _unwritable.add(str(folder))
        _notices.setdefault((code, str(folder)), CacheNotice(code, str(folder)))
