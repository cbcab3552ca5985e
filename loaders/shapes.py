"""What each registered source actually holds (rows, CRS, key), for the contract test and `check` CLI."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from loaders import boundaries, grid, population, roads


def _frame(name: str) -> tuple[pd.DataFrame, str | None]:
    readers: dict[str, Callable[[], tuple[pd.DataFrame, str | None]]] = {
        "kommuner": lambda: (boundaries.kommuner(), "EPSG:4326"),
        "kommuner_m": lambda: (boundaries.kommuner(detail="M"), "EPSG:4326"),
        "fylker": lambda: (boundaries.fylker(), "EPSG:4326"),
        "norge": lambda: (boundaries.norge(), "EPSG:4326"),
        "population": lambda: (population.by_kommune(2025), None),
        "grid_1km": lambda: (grid.cells_1km(), "EPSG:25833"),
        "kommune_facts": lambda: (boundaries.kommune_facts(), None),
        "roads": lambda: (roads.all_links(), "EPSG:25833"),
    }
    return readers[name]()


def observed(name: str) -> dict:
    """rows, crs (as read) and whether the key column is present and unique."""
    df, crs = _frame(name)
    if hasattr(df, "crs") and df.crs is not None:
        crs = df.crs.to_string()
    out = {"rows": len(df), "crs": crs, "key_ok": True}
    return out | {"columns": list(df.columns)}


def key_unique(name: str, key: str | None) -> bool:
    if key is None:
        return True
    df, _ = _frame(name)
    return key in df.columns and not df[key].duplicated().any()
