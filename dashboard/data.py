"""Streamlit caches over coverage/: keyed by small strings (the model's input hash), never by frames."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coverage import indicators, model, network, scenario
from dashboard import maps
from loaders import boundaries
from loaders.diskcache import cached

YEAR = 2025


@st.cache_data(show_spinner=False)
def model_key() -> str:
    return model.cache_key(network.Params(), YEAR)


@st.cache_resource(show_spinner="Beregner kjøretider / computing travel times …")
def get_model(key: str) -> model.Model:
    return model.prepare(network.Params(), YEAR)


# Tables are also kept on disk (small pickles keyed by the model's input hash), so a freshly started
# server paints its first map without recomputing them.
@st.cache_data(show_spinner=False)
def kommune_table(key: str, weight: str, threshold: int, basis: str = "nearest") -> pd.DataFrame:
    return cached("kommuner", f"{key}-{weight}-{threshold}-{basis}",
                  lambda: indicators.per_kommune(get_model(key), weight, threshold, basis))


@st.cache_data(show_spinner=False)
def area_table(key: str, level: str, weight: str, threshold: int) -> pd.DataFrame:
    return cached("areas", f"{key}-{level}-{weight}-{threshold}",
                  lambda: indicators.per_area(get_model(key), level, weight, threshold=threshold))


def _web_geo() -> tuple[dict, dict]:
    kommuner = maps.web_geometry(boundaries.kommuner(), "kommunenummer")
    fylker = maps.web_geometry(boundaries.fylker(), "fylkesnummer", tolerance=0.02, decimals=2, min_area=0.005)
    return kommuner, fylker


@st.cache_resource(show_spinner=False)
def web_geo(key: str) -> tuple[dict, dict]:
    return cached("webgeo", key, _web_geo)


@st.cache_data(show_spinner=False)
def fylke_names(key: str) -> dict[str, str]:
    return cached("fylkenavn", key, lambda: dict(
        boundaries.fylker()[["fylkesnummer", "fylkesnavn"]].itertuples(index=False)))


@st.cache_data(show_spinner=False)
def bounds(key: str, fylke: str = "", kommune: str = "") -> list[list[float]] | None:
    if not (kommune or fylke):
        return None
    k = get_model(key).kommuner
    if kommune:
        return maps.area_bounds(k[k["kommunenummer"] == kommune])
    return maps.area_bounds(k[k["fylkesnummer"] == fylke])


@st.cache_data(show_spinner=False, max_entries=64)
def scenario_tables(key: str, action: str, target: str, weight: str, threshold: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Indicators and active centres after opening ('add:KNR' / 'at:LAT,LON') or closing ('close:ID')."""
    base = get_model(key)
    if action == "close":
        after = scenario.close_centre(base, target)
    elif action == "at":
        lat, lon = (float(v) for v in target.split(","))
        after = scenario.add_centre(base, lat=lat, lon=lon)
    else:
        after = scenario.add_centre(base, kommunenummer=target)
    table = indicators.per_kommune(after, weight, threshold)
    return table, after.centres[after.centres["status"] == "active"].reset_index(drop=True)


def active_centres(m: model.Model) -> pd.DataFrame:
    return m.centres[m.centres["status"] == "active"].reset_index(drop=True)


@st.cache_resource(show_spinner=False)
def export_geometry(key: str):
    """Medium-detail kommuner and fylker in EPSG:25833 for printed maps and fact sheets."""
    return boundaries.kommuner(crs=boundaries.UTM33, detail="M"), boundaries.fylker(crs=boundaries.UTM33)


def kommune_names(table: pd.DataFrame) -> dict[str, str]:
    """kommunenummer → 'Navn (knr)', for search boxes."""
    return dict(zip(table["kommunenummer"], table["kommunenavn"] + " (" + table["kommunenummer"] + ")", strict=True))
