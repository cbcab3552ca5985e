"""Streamlit caches over coverage/: keyed by small strings (the model's input hash), never by frames.

Heavy modules (scipy, geopandas) are imported on use: the map page is drawn from small cached tables,
so a freshly started server paints its first map without loading the road model.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import streamlit as st

from coverage.params import Params
from coverage.params import model_key as _model_key
from export import payload
from loaders.diskcache import cached
from register import publish

YEAR = 2025


@st.cache_data(show_spinner=False)
def model_key() -> str:
    return _model_key(Params(), YEAR)


@st.cache_resource(show_spinner=False)
def get_model(key: str):
    from coverage import model

    return model.prepare(Params(), YEAR)


def is_warm(key: str) -> bool:
    """Whether the baseline table is on disk already (then the first page needs no model at all)."""
    from loaders.diskcache import stored

    return stored("kommuner", f"{key}-all-90-nearest", __name__)


def warm_steps(key: str) -> list[tuple[str, object]]:
    """The cold-cache work in named steps (each caches on disk, so the next one reuses it)."""
    from loaders import boundaries, grid, population, roads

    return [("step_boundaries", boundaries.kommuner), ("step_population", lambda: population.by_kommune(YEAR)),
            ("step_grid", grid.cells_1km), ("step_roads", roads.links), ("step_model", lambda: get_model(key)),
            ("step_tables", lambda: (kommune_table(key, "all", 90), area_table(key, "norge", "all", 90)))]


@st.cache_resource(show_spinner=False)
def get_trips(key: str) -> dict:
    """Every cell's trip to its nearest and its own centre, shared by all tables of one model."""
    from coverage import indicators

    return indicators.cell_trips(get_model(key))


# Tables are also kept on disk (small pickles keyed by the model's input hash), so a freshly started
# server paints its first map without recomputing them. The plan-status register is merged in memory,
# keyed by its version: an approval reaches new page loads at once and open sessions on their next rerun.
def kommune_table(key: str, weight: str, threshold: int, basis: str = "nearest") -> pd.DataFrame:
    version = publish.version()
    try:
        return _kommune_table(key, weight, threshold, basis, version)
    except publish.RegisterUnavailable:
        return _kommune_table(key, weight, threshold, basis, publish.UNAVAILABLE)


@st.cache_data(show_spinner=False)
def _kommune_table(key: str, weight: str, threshold: int, basis: str, register_version: str) -> pd.DataFrame:
    def compute():
        from coverage import indicators

        return indicators.per_kommune(get_model(key), weight, threshold, basis, trips=get_trips(key),
                                      register=publish.nothing())

    base = cached("kommuner", f"{key}-{weight}-{threshold}-{basis}", compute)
    return publish.republish(base, publish.approved(strict=register_version != publish.UNAVAILABLE))


@st.cache_data(show_spinner=False)
def area_table(key: str, level: str, weight: str, threshold: int) -> pd.DataFrame:
    def compute():
        from coverage import indicators

        return indicators.per_area(get_model(key), level, weight, get_trips(key), threshold=threshold)

    return cached("areas", f"{key}-{level}-{weight}-{threshold}", compute)


def _web_geo() -> tuple[dict, dict]:
    from dashboard import maps
    from loaders import boundaries

    kommuner = maps.web_geometry(boundaries.kommuner(), "kommunenummer")
    fylker = maps.web_geometry(boundaries.fylker(), "fylkesnummer", tolerance=0.02, decimals=2, min_area=0.005)
    return kommuner, fylker


@st.cache_resource(show_spinner=False)
def web_geo(key: str) -> tuple[dict, dict]:
    return cached("webgeo", key, _web_geo)


def map_sources(key: str, lang: str, weight: str = "all") -> dict:
    """URLs of the versioned static files the map loads once per page: kommuner, fylker, tooltip facts (which
    name the plan status, so they follow the register's version)."""
    return _map_sources(key, lang, weight, publish.version())


@st.cache_resource(show_spinner=False, max_entries=16)
def _map_sources(key: str, lang: str, weight: str, register_version: str) -> dict:
    from dashboard import mapview

    kommuner, fylker = web_geo(key)
    return {"geo": mapview.publish("kommuner", {"decimals": 3, "features": kommuner}),
            "fylker": mapview.publish("fylker", {"decimals": 2, "features": fylker}),
            "facts": mapview.publish(f"facts-{lang}-{weight}", payload.facts(kommune_table(key, weight, 90), lang))}


@st.cache_data(show_spinner=False)
def fylke_names(key: str) -> dict[str, str]:
    table = kommune_table(key, "all", 90)
    return dict(table[["fylkesnummer", "fylkesnavn"]].drop_duplicates().itertuples(index=False))


@st.cache_data(show_spinner=False)
def centres(key: str) -> pd.DataFrame:
    """Active crisis centres (town points, 2 decimals) — without loading the road model when cached."""
    return cached("centres", key, lambda: active_centres(get_model(key)))


def _all_bounds(key: str) -> dict[str, list[list[float]]]:
    from dashboard import maps

    k = get_model(key).kommuner
    out = {f"k{knr}": maps.area_bounds(k[k["kommunenummer"] == knr]) for knr in k["kommunenummer"]}
    out |= {f"f{fnr}": maps.area_bounds(k[k["fylkesnummer"] == fnr]) for fnr in k["fylkesnummer"].unique()}
    return out


@st.cache_data(show_spinner=False)
def bounds(key: str, fylke: str = "", kommune: str = "") -> list[list[float]] | None:
    if not (kommune or fylke):
        return None
    every = cached("bounds", key, lambda: _all_bounds(key))
    return every[f"k{kommune}"] if kommune else every[f"f{fylke}"]


def scenario_tables(key: str, action: str, target: str, weight: str, threshold: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Indicators and active centres after opening ('add:KNR' / 'at:LAT,LON') or closing ('close:ID'), with the
    register's plan status as it is now."""
    return _scenario_tables(key, action, target, weight, threshold, publish.version())


@st.cache_data(show_spinner=False, max_entries=64)
def _scenario_tables(key: str, action: str, target: str, weight: str, threshold: int,
                     register_version: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    from coverage import indicators, scenario

    base = get_model(key)
    if action == "close":
        after = scenario.close_centre(base, target)
    elif action == "at":
        lat, lon = (float(v) for v in target.split(","))
        after = scenario.add_centre(base, lat=lat, lon=lon)
    else:
        after = scenario.add_centre(base, kommunenummer=target)
    table = indicators.per_kommune(after, weight, threshold)
    return table, active_centres(after)


def active_centres(m) -> pd.DataFrame:
    """One row per town point of an active centre (a centre with departments has several): id, name, town,
    lat/lon (2 decimals), fylkesnummer of the point, location evidence."""
    active = m.centres[m.centres["status"] == "active"][["id", "name", "location_evidence"]]
    sites = m.sites.merge(active, left_on="centre_id", right_on="id")
    host = sites["host_kommunenummer"].fillna("").astype(str)
    fylke = m.centres.set_index("id")["fylkesnummer"]
    sites["fylkesnummer"] = host.str[:2].where(host.str.len() == 4, sites["id"].map(fylke))
    return sites[["id", "name", "town", "lat", "lon", "fylkesnummer", "location_evidence"]].reset_index(drop=True)


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
    return dict(zip(table["kommunenummer"], table["kommunenavn"] + " (" + table["kommunenummer"] + ")", strict=True))
