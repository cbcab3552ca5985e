"""Data files: CSV round-trips with leading zeros, GeoJSON and XLSX with a sources sheet; no centre
coordinate finer than town level and no address in any exported file."""

import io
import json
import re

import pandas as pd

from export import tables
from loaders.safety import ADDRESS_TEXT as _ADDRESS_TEXT


def test_csv_round_trips_with_bom_and_leading_zeros(indicators_table):
    data = tables.to_csv(indicators_table)
    assert data.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(io.BytesIO(data), dtype={"kommunenummer": str}, encoding="utf-8-sig")
    assert len(df) == 357 and "0301" in set(df["kommunenummer"])
    assert df["kommunenummer"].str.fullmatch(r"\d{4}").all()
    assert df.columns[0] == "kommunenummer" and not any(c.startswith("Unnamed") for c in df.columns)  # no index column


def test_geojson_has_357_features_with_properties(indicators_table, model):
    data = json.loads(tables.to_geojson(indicators_table, model.kommuner))
    assert len(data["features"]) == 357
    props = data["features"][0]["properties"]
    assert {"kommunenummer", "median_min_nearest", "gap_class", "plan_status"} <= set(props)


def test_xlsx_has_kommuner_and_sources(indicators_table):
    sheets = pd.read_excel(io.BytesIO(tables.to_xlsx(indicators_table)), sheet_name=None, dtype={"kommunenummer": str})
    assert set(sheets) == {"kommuner", "kilder", "kolonner"}
    assert len(sheets["kommuner"]) == 357 and "0301" in set(sheets["kommuner"]["kommunenummer"])
    assert sheets["kilder"]["licence"].str.contains("CC BY 4.0").any()
    # every column of the data is explained, in bokmål, nynorsk and English, in the order of the data
    described = sheets["kolonner"]
    assert list(described["kolonne / column"]) == list(sheets["kommuner"].columns)
    assert described[["betydning", "tyding", "meaning"]].notna().all().all(), described[described.isna().any(axis=1)]


def test_no_centre_coordinates_or_addresses_in_exports(indicators_table, model):
    frame = tables.frame(indicators_table)
    assert not {"lat", "lon", "latitude", "longitude", "x", "y"} & set(frame.columns)
    texts = [tables.to_csv(indicators_table).decode("utf-8-sig"),
             json.dumps(json.loads(tables.to_geojson(indicators_table, model.kommuner))["features"][0]["properties"])]
    for text in texts:
        assert not _ADDRESS_TEXT.search(text)
        assert not re.search(r"\b(adresse|gateadresse|street address)\b", text, re.I)
