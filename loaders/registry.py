"""The source registry (geodata/sources.json) and pooch-backed fetching with pinned sha256.

Files live in DEKNING_DATA_DIR (an offline mirror, read-only is fine) or, if unset, the user's cache
dir, where they are downloaded on first use. A present file is checked against its pinned sha256 before
anything reads it (once per process). DEKNING_OFFLINE=1 forbids downloads: a missing or damaged file is
then an error naming the file and the fix, and no connection is made. DEKNING_STRICT=1 (set in CI) turns
a hash mismatch into that error too instead of a re-download.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from pathlib import Path

import platformdirs

from loaders.problems import DataDamagedError, DataError, DataMissingError, DataUnreadableError, brief

REGISTRY_FILE = Path(__file__).resolve().parent.parent / "geodata" / "sources.json"
_VERIFIED: dict[tuple[str, int, int], str] = {}  # (path, size, mtime_ns) → sha256, so a file is hashed once


@lru_cache(maxsize=1)
def sources() -> dict[str, dict]:
    """Every registered source by name, as written in geodata/sources.json."""
    data = json.loads(REGISTRY_FILE.read_text(encoding="utf-8"))
    return {s["name"]: s for s in data["sources"]}


def data_dir() -> Path:
    """Where source files are read from (and downloaded to)."""
    env = os.environ.get("DEKNING_DATA_DIR")
    return Path(env).expanduser().resolve() if env else Path(platformdirs.user_cache_dir("dekningskart")) / "data"


def cache_dir() -> Path:
    """Folder for parsed and computed results, never inside the data dir. Created if possible; when it
    cannot be (read-only disk, a file in the way) the path is returned anyway and loaders.diskcache keeps
    results in memory instead."""
    env = os.environ.get("DEKNING_CACHE_DIR")
    path = Path(env).expanduser() if env else Path(platformdirs.user_cache_dir("dekningskart")) / "cache"
    with suppress(OSError):
        path.mkdir(parents=True, exist_ok=True)
    return path


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}


def _pooch():
    import pooch  # imported on use: the app's first page needs no download machinery

    registry = {s["file"]: f"sha256:{s['sha256']}" for s in sources().values()}
    urls = {s["file"]: s["url"] for s in sources().values()}
    return pooch.create(
        path=data_dir(),
        base_url="",
        registry=registry,
        urls=urls,
        allow_updates=not _flag("DEKNING_STRICT"),
    )


def missing() -> list[str]:
    """Registered files that are not in the data dir."""
    root = data_dir()
    return [s["file"] for s in sources().values() if not (root / s["file"]).is_file()]


def fetch(name: str) -> Path:
    """Local path of source `name`, checked against its pinned sha256; downloaded (with progress) when it is
    absent or damaged and downloads are allowed, else a DataMissingError/DataDamagedError naming the fix."""
    source = sources()[name]
    local = data_dir() / source["file"]
    actual = ""
    if local.is_file():
        try:
            actual = sha256(local)
        except OSError as exc:  # a bad sector or a file the server may not read
            raise DataDamagedError(source["file"], str(data_dir()), source["sha256"], "", source["url"],
                                   f"{type(exc).__name__}: {exc.strerror}") from None
        if actual == source["sha256"]:
            return local
        if _flag("DEKNING_OFFLINE") or _flag("DEKNING_STRICT"):
            why = "offline: downloads disabled" if _flag("DEKNING_OFFLINE") else "DEKNING_STRICT=1: not replaced"
            raise DataDamagedError(source["file"], str(data_dir()), source["sha256"], actual, source["url"], why)
    elif _flag("DEKNING_OFFLINE"):
        raise DataMissingError(missing(), str(data_dir()), "offline: downloads disabled")
    return _download(source, actual)


def _download(source: dict, damaged: str) -> Path:
    """Fetch with pooch (which verifies the pinned sha256); `damaged` is the sha256 of the bad file it replaces."""
    def failed(reason: str) -> DataMissingError:
        if damaged:
            return DataDamagedError(source["file"], str(data_dir()), source["sha256"], damaged, source["url"], reason)
        return DataMissingError(missing() or [source["file"]], str(data_dir()), reason)

    try:
        path = Path(_pooch().fetch(source["file"], progressbar=not damaged))
    except ValueError as exc:
        if "hash" in str(exc).lower():
            raise failed(f"the download's sha256 does not match the pinned {source['sha256'][:12]}…") from None
        raise failed(f"download failed: {type(exc).__name__}") from None
    except Exception as exc:  # OSError, and requests' connection errors, which do not share a base with it
        raise failed(f"download failed: {type(exc).__name__}") from None
    _remember(path, source["sha256"])  # pooch has just verified it
    return path


@contextmanager
def reading(name: str) -> Iterator[Path]:
    """`with reading(name) as path:` — the verified file; anything its reader raises becomes a
    DataUnreadableError naming the file (the loaders' own DataErrors pass through)."""
    path = fetch(name)
    try:
        yield path
    except DataError:
        raise
    except Exception as exc:  # (a reader run in a child process reports on its stderr, which brief() reads)
        raise DataUnreadableError(sources()[name]["file"], str(data_dir()), brief(exc)) from exc


def _stat_key(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return str(path.resolve()), st.st_size, st.st_mtime_ns


def _remember(path: Path, digest: str) -> None:
    with suppress(OSError):
        _VERIFIED[_stat_key(path)] = digest


def sha256(path: Path) -> str:
    """Hex sha256 of a file, computed once per process for an unchanged (path, size, mtime)."""
    key = _stat_key(path)
    if key not in _VERIFIED:
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        _VERIFIED[key] = digest.hexdigest()
    return _VERIFIED[key]


def key(*names: str) -> str:
    """A short cache key from the pinned hashes of the named sources."""
    return hashlib.sha256("".join(sources()[n]["sha256"] for n in names).encode()).hexdigest()[:16]
