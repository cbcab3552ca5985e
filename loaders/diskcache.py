"""Pickle results on disk under DEKNING_CACHE_DIR, keyed by input hashes and library versions."""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable
from typing import TypeVar

import pandas as pd

from loaders.registry import cache_dir

T = TypeVar("T")
_VERSION = f"v1-pd{pd.__version__}"


def cached(name: str, key: str, compute: Callable[[], T]) -> T:
    """Return the result stored under name+key, computing and storing it (atomically) if absent."""
    path = cache_dir() / f"{name}-{key}-{_VERSION}.pkl"
    if path.is_file():
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except Exception:  # a torn or stale cache file is recomputed, never trusted
            path.unlink(missing_ok=True)
    value = compute()
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return value
