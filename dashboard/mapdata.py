"""What the map needs besides the values a rerun sends: web geometry, the bounds each kommune and fylke opens at,
the tooltip facts (export/payload.py), and the versioned static files under dashboard/static/data they are published in.

No Streamlit here, so `python -m coverage prepare` builds all of it ahead of time; dashboard/data.py holds it in
memory for the app and dashboard/mapview.py turns file names into URLs. Results are cached on disk under the
`app` scope (loaders.fingerprint): editing dashboard code computes them again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from export import payload
from loaders.diskcache import cached

PUBLISHED = Path(__file__).resolve().parent / "static" / "data"
FACTS_THRESHOLD = 90  # the facts name no threshold-dependent value; any threshold's table gives the same lines


def _web_geometry() -> tuple[dict, dict]:
    from export import geometry
    from loaders import boundaries

    return geometry.web_layers(boundaries.kommuner(), boundaries.fylker())


def web_geometry(key: str) -> tuple[dict, dict]:
    """Kommuner and fylker simplified and delta-encoded for the web map (export.geometry.web_layers: each
    {'decimals', 'features'}), from the disk cache."""
    return cached("webgeo", key, _web_geometry)


def kommune_details(key: str) -> dict:
    """Detailed outlines, neighbours and label points of every kommune (export.geometry.kommune_details), from the
    disk cache; a report card sends only its own kommune's part."""
    def compute() -> dict:
        from export import geometry
        from loaders import boundaries

        return geometry.kommune_details(boundaries.kommuner(detail="M"))

    return cached("kommune-details", key, compute)


def bounds(key: str, kommuner) -> dict[str, list[list[float]]]:
    """'k<knr>' and 'f<fnr>' → [[south, west], [north, east]] for every kommune and fylke; `kommuner` is a callable
    giving the kommune polygons (only called when the bounds are not on disk)."""
    def compute() -> dict[str, list[list[float]]]:
        from export import geometry

        k = kommuner()
        out = {f"k{knr}": geometry.area_bounds(k[k["kommunenummer"] == knr]) for knr in k["kommunenummer"]}
        out |= {f"f{fnr}": geometry.area_bounds(k[k["fylkesnummer"] == fnr]) for fnr in k["fylkesnummer"].unique()}
        return out

    return cached("bounds", key, compute)


def publish(name: str, content) -> str:
    """Write content as dashboard/static/data/<name>-<hash>.json once (the name changes with the content, so
    browsers may keep it) and return the file name; OSError when the folder cannot be written."""
    raw = json.dumps(content, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    target = PUBLISHED / f"{name}-{hashlib.sha256(raw).hexdigest()[:16]}.json"
    if not target.is_file():
        PUBLISHED.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=PUBLISHED, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(raw)
            os.chmod(tmp, 0o644)  # served to anyone by the app; other processes and users read it too
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return target.name


def map_files(key: str, lang: str, weight: str, table: pd.DataFrame) -> dict[str, object]:
    """The three files the map loads once per page — kommuner, fylker, tooltip facts (from `table`, the kommune
    table of `weight` with the register merged) — as file names, or as the payload itself where the folder is
    not writable."""
    kommuner, fylker = web_geometry(key)
    contents = {"geo": ("kommuner", kommuner), "fylker": ("fylker", fylker),
                "facts": (f"facts-{lang}-{weight}", payload.facts(table, lang))}
    out: dict[str, object] = {}
    for part, (name, content) in contents.items():
        try:
            out[part] = publish(name, content)
        except OSError:
            out[part] = content
    return out
