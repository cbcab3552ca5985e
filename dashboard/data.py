"""Streamlit caches over coverage/: keyed by small strings (the model's input hash), never by frames.

Every table a page shows is computed once and kept on disk (coverage/tables.py, dashboard/mapdata.py; `python -m
coverage prepare` computes them all ahead of time) and held here once per process: a sidebar change reads tables,
it never computes one. The register's plan status is merged on top in memory, keyed by its version, by the one
published step (register.publish.published_table). Frames are shared between sessions and handed out as shallow
copies (pandas copy-on-write: a page that changes its copy never changes the shared one), which costs microseconds
where st.cache_data's unpickled copy cost ~10 ms per call.
Heavy modules (scipy, geopandas) are imported on use, so a server with warm disk caches paints its first map
without loading the road model.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import time
from collections import OrderedDict
from functools import lru_cache

import pandas as pd
import streamlit as st

import vocabulary as vocab
from coverage import tables
from coverage.params import Params
from coverage.params import model_key as _model_key
from dashboard import mapdata
from register import database, publish

YEAR = tables.YEAR
active_centres = tables.active_centres
_VERSION_SECONDS = 1.0  # how long one process reuses the register's version (one query per second, not per call)
_versions: dict[str, tuple[float, str]] = {}
_CSV_ENTRIES = 64
_csv: OrderedDict[str, bytes] = OrderedDict()
_csv_lock = threading.Lock()


@st.cache_data(show_spinner=False)
def model_key() -> str:
    return _model_key(Params(), YEAR)


@st.cache_resource(show_spinner=False)
def _tables(key: str) -> tables.Tables:
    """The tables of the baseline model; its model and cell trips are loaded only when a table must be computed."""
    return tables.Tables(Params(), YEAR)


def get_model(key: str):
    return _tables(key).model()


def is_warm(key: str) -> bool:
    """Whether the baseline table is on disk already (then the first page needs no model at all)."""
    return _tables(key).stored("all", 90)


def warm_steps(key: str) -> list[tuple[str, object]]:
    """The cold-cache work in named steps (each caches on disk, so the next one reuses it). The population comes
    first: its reader child peaks near 0.65 GB, and before the boundaries (geopandas) are loaded this process is
    ~0.1 GB smaller, which keeps the server's process tree under 0.8 GB on a first visit."""
    from loaders import boundaries, grid, population, roads

    return [("step_population", lambda: population.by_kommune(YEAR)), ("step_boundaries", boundaries.kommuner),
            ("step_grid", grid.cells_1km), ("step_roads", roads.links), ("step_model", lambda: get_model(key)),
            ("step_tables", lambda: (kommune_table(key, "all", 90), area_table(key, "norge", "all", 90)))]


def register_version() -> str:
    """The register's version (register.publish.version), asked at most once a second per process and database."""
    url = database.url()
    now = time.monotonic()
    seen = _versions.get(url)
    if seen is None or now - seen[0] > _VERSION_SECONDS:
        seen = _versions[url] = (now, publish.version(url))
    return seen[1]


def register_changed() -> None:
    """This session just wrote to the register: ask for its version again on the next call (not a second later)."""
    _versions.pop(database.url(), None)


def kommune_table(key: str, weight: str, threshold: int, basis: str = "nearest") -> pd.DataFrame:
    """One row per kommune for the weight and threshold, with the register's approved plan status merged in: an
    approval reaches new page loads within a second and open sessions on their next rerun."""
    version = register_version()
    try:
        table = _kommune_table(key, weight, int(threshold), basis, version)
    except publish.RegisterUnavailable:
        table = _kommune_table(key, weight, int(threshold), basis, publish.UNAVAILABLE)
    return table.copy(deep=False)


@st.cache_resource(show_spinner=False, max_entries=96)
def _kommune_table(key: str, weight: str, threshold: int, basis: str, register_version: str) -> pd.DataFrame:
    base = _tables(key).kommuner(weight, threshold, basis)
    return publish.published_table(base, publish.approved(strict=register_version != publish.UNAVAILABLE),
                                   asks=publish.asked())


def area_table(key: str, level: str, weight: str, threshold: int) -> pd.DataFrame:
    return _area_table(key, level, weight, int(threshold)).copy(deep=False)


@st.cache_resource(show_spinner=False, max_entries=96)
def _area_table(key: str, level: str, weight: str, threshold: int) -> pd.DataFrame:
    return _tables(key).areas(level, weight, threshold)


def web_geo(key: str) -> tuple[dict, dict]:
    """Kommuner and fylker for the web map (simplified, delta-encoded), from the disk cache."""
    return mapdata.web_geometry(key)


def map_sources(key: str, lang: str, weight: str = "all") -> dict:
    """URLs of the versioned static files the map loads once per page: kommuner, fylker, tooltip facts (which
    name the plan status, so they follow the register's version)."""
    return _map_sources(key, lang, weight, register_version())


@st.cache_resource(show_spinner=False, max_entries=16)
def _map_sources(key: str, lang: str, weight: str, register_version: str) -> dict:
    from dashboard import mapview

    files = mapdata.map_files(key, lang, weight, kommune_table(key, weight, mapdata.FACTS_THRESHOLD))
    return {part: mapview.static_url(f"data/{v}") if isinstance(v, str) else v for part, v in files.items()}


@st.cache_data(show_spinner=False)
def fylke_names(key: str) -> dict[str, str]:
    table = kommune_table(key, "all", 90)
    return dict(table[["fylkesnummer", "fylkesnavn"]].drop_duplicates().itertuples(index=False))


def centres(key: str) -> pd.DataFrame:
    """Active crisis centres (town points, 2 decimals) — without loading the road model when cached."""
    return _centres(key).copy(deep=False)


@st.cache_resource(show_spinner=False)
def _centres(key: str) -> pd.DataFrame:
    return _tables(key).centres()


@st.cache_resource(show_spinner=False)
def _all_bounds(key: str) -> dict[str, list[list[float]]]:
    return mapdata.bounds(key, lambda: get_model(key).kommuner)


def bounds(key: str, fylke: str = "", kommune: str = "") -> list[list[float]] | None:
    if not (kommune or fylke):
        return None
    every = _all_bounds(key)
    return [list(corner) for corner in every[f"k{kommune}" if kommune else f"f{fylke}"]]


def scenario_tables(key: str, action: str, target: str, weight: str, threshold: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Indicators and active centres after opening ('add:KNR' / 'at:LAT,LON') or closing ('close:ID'), with the
    register's plan status as it is now."""
    table, after_centres = _scenario_tables(key, action, target, weight, int(threshold), register_version())
    return table.copy(deep=False), after_centres.copy(deep=False)


@st.cache_resource(show_spinner=False, max_entries=32)
def _scenario_tables(key: str, action: str, target: str, weight: str, threshold: int,
                     register_version: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """No lock: a what-if reads the baseline's arrays and writes only its own (coverage.whatif), in milliseconds."""
    table, after_centres = _tables(key).scenario(action, target, weight, threshold)
    return publish.published_table(table, publish.approved()), after_centres


@lru_cache(maxsize=1)
def export_geometry():
    """Medium-detail kommuner and fylker in EPSG:25833 for printed maps and fact sheets (loaded on first use,
    from a download button's worker thread, so the page itself never waits for it)."""
    from loaders import boundaries

    return boundaries.kommuner(crs=boundaries.UTM33, detail="M"), boundaries.fylker(crs=boundaries.UTM33)


@lru_cache(maxsize=1)
def web_kommuner():
    """Kommune polygons (EPSG:4326) for GeoJSON downloads."""
    from loaders import boundaries

    return boundaries.kommuner()


def kommune_names(table: pd.DataFrame) -> dict[str, str]:
    """kommunenummer → 'Navn (knr)', for search boxes."""
    return {k: f"{n} ({k})" for k, n in zip(table["kommunenummer"].tolist(), table["kommunenavn"].tolist(), strict=True)}


def table_csv(table: pd.DataFrame) -> bytes:
    """export.tables.to_csv(table), kept per process by the table's content (the hash of its pickle: ~2 ms against
    ~30 ms for writing the CSV), so reruns and readers that show the same rows share the bytes."""
    from export import tables as export_tables

    digest = hashlib.sha256(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
    with _csv_lock:
        if digest in _csv:
            _csv.move_to_end(digest)
            return _csv[digest]
    raw = export_tables.to_csv(table)
    with _csv_lock:
        _csv[digest] = raw
        while len(_csv) > _CSV_ENTRIES:
            _csv.popitem(last=False)
    return raw



@st.cache_resource(show_spinner=False)
def centre_hosts(key: str) -> dict[str, list[str]]:
    """kommunenummer → the active centres (or departments) it hosts, as 'Name (town)' (town left out when the
    name says it), for the what-if page to say when a new centre would stand beside one."""
    m = get_model(key)
    active = m.centres.loc[m.centres["status"] == "active", ["id", "name"]]
    sites = m.sites.merge(active, left_on="centre_id", right_on="id")
    out: dict[str, list[str]] = {}
    for r in sites.itertuples():
        out.setdefault(str(r.host_kommunenummer), []).append(vocab.centre_label(r.name, r.town))
    out.pop("", None)
    return out


@st.cache_resource(show_spinner=False)
def kommune_points(key: str) -> pd.DataFrame:
    """Population-weighted centre of every kommune (kommunenummer, x, y), from the model."""
    from coverage import population

    return population.weighted_centres(get_model(key).cells)


@st.cache_resource(show_spinner=False)
def _kommune_details(key: str) -> dict:
    return mapdata.kommune_details(key)


def kommune_detail(key: str, knr: str, names: dict[str, str]) -> tuple[dict | None, list]:
    """A report card's map extras: the kommune's detailed outline ({'decimals', 'polys'}) and its neighbours'
    names at their label points ([[name, lat, lon]])."""
    every = _kommune_details(key)
    polys = every["outlines"].get(knr)
    around = [[names.get(k, k), *every["points"][k]] for k in every["neighbours"].get(knr, []) if k in every["points"]]
    return ({"decimals": every["decimals"], "polys": polys} if polys else None), around
