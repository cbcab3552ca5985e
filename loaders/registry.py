"""The source registry (geodata/sources.json) and pooch-backed fetching with pinned sha256.

Files live in DEKNING_DATA_DIR (an offline mirror, read-only is fine) or, if unset, the user's cache
dir, where they are downloaded on first use. DEKNING_OFFLINE=1 forbids downloads; DEKNING_STRICT=1
(set in CI) turns a hash mismatch into an error instead of a re-download.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

import platformdirs

from loaders.problems import DataMissingError

REGISTRY_FILE = Path(__file__).resolve().parent.parent / "geodata" / "sources.json"


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
    """Writable folder for parsed and computed results, never inside the data dir."""
    env = os.environ.get("DEKNING_CACHE_DIR")
    path = Path(env).expanduser() if env else Path(platformdirs.user_cache_dir("dekningskart")) / "cache"
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
    """Local path of source `name`, downloading it (with progress) if allowed and absent."""
    source = sources()[name]
    local = data_dir() / source["file"]
    if not local.is_file() and _flag("DEKNING_OFFLINE"):
        raise DataMissingError(missing(), str(data_dir()), "offline: downloads disabled")
    try:
        path = _pooch().fetch(source["file"], progressbar=not local.is_file())
    except (OSError, ValueError) as exc:
        if local.is_file():
            raise
        if "hash" in str(exc).lower():
            raise DataMissingError([source["file"]], str(data_dir()),
                                   f"the download's sha256 does not match the pinned {source['sha256'][:12]}…") from None
        raise DataMissingError(missing(), str(data_dir()), f"download failed: {type(exc).__name__}") from None
    except Exception as exc:  # requests' connection errors do not share a base with OSError
        raise DataMissingError(missing(), str(data_dir()), f"download failed: {type(exc).__name__}") from None
    return Path(path)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def key(*names: str) -> str:
    """A short cache key from the pinned hashes of the named sources."""
    return hashlib.sha256("".join(sources()[n]["sha256"] for n in names).encode()).hexdigest()[:16]
