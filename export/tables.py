"""The per-kommune indicators as data files: CSV (UTF-8 with BOM, kommunenummer as 4-digit text so it
joins Datawrapper's Norway kommune map), GeoJSON (EPSG:4326) and XLSX with a sources-and-licences sheet."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import pandas as pd

import vocabulary as vocab
from coverage.summary import people_over
from loaders import registry
from vocabulary import columns

FORMATS = ("csv", "geojson", "xlsx")
DROP = ("geometry",)


def frame(table: pd.DataFrame) -> pd.DataFrame:
    """The exported columns: everything the indicators table holds except geometry, numbers rounded, plus the
    people beyond each threshold (people_over_T_basis) so a reader can add up the KPI card themselves."""
    out = table.drop(columns=[c for c in DROP if c in table.columns]).copy()
    out["kommunenummer"] = out["kommunenummer"].astype(str).str.zfill(4)
    for col in [c for c in out.columns if c.startswith("share_over_")]:  # people, so the headline sums back exactly
        out[col.replace("share_over_", "people_over_")] = people_over(out, col)
    floats = out.select_dtypes("float").columns
    out[floats] = out[floats].round(4)
    return out


def sources_frame() -> pd.DataFrame:
    rows = [{"source": s["title"], "file": s["file"], "url": s["url"], "sha256": s["sha256"], "licence": s["licence"],
             "attribution": s["attribution"]} for s in registry.sources().values()]
    rows += [{"source": "Curated: crisis centres, catchments, action plans (geodata/*.csv)", "file": "geodata/",
              "url": "every row carries its own source_url and as_of date", "sha256": "", "licence": "CC BY 4.0",
              "attribution": "Dekningskart; Bufdir, kommunenes nettsider"},
             {"source": "Method", "file": "", "url": "", "sha256": "",
              "licence": "", "attribution": vocab.t("source_line", "en")}]
    return pd.DataFrame(rows)


def to_csv(table: pd.DataFrame) -> bytes:
    return frame(table).to_csv(index=False).encode("utf-8-sig")


def to_geojson(table: pd.DataFrame, kommuner: gpd.GeoDataFrame) -> bytes:
    geo = kommuner[["kommunenummer", "geometry"]].to_crs("EPSG:4326").merge(frame(table), on="kommunenummer")
    data = json.loads(geo.to_json(na="null", drop_id=True))
    data["attribution"] = vocab.t("attribution", "nb")
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def columns_frame(table: pd.DataFrame) -> pd.DataFrame:
    """What each column of the file means (sheet 'kolonner'), in bokmål, nynorsk and English."""
    rows = [(c, *(columns.describe(c) or ("", "", ""))) for c in frame(table).columns]
    return pd.DataFrame(rows, columns=["kolonne / column", "betydning", "tyding", "meaning"])


def to_xlsx(table: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame(table).to_excel(writer, sheet_name="kommuner", index=False)
        sources_frame().to_excel(writer, sheet_name="kilder", index=False)
        columns_frame(table).to_excel(writer, sheet_name="kolonner", index=False)
    return buffer.getvalue()


def export(table: pd.DataFrame, fmt: str, kommuner: gpd.GeoDataFrame | None = None) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} not allowed; allowed: {', '.join(FORMATS)}")
    if fmt == "csv":
        return to_csv(table)
    if fmt == "xlsx":
        return to_xlsx(table)
    if kommuner is None:
        raise ValueError("GeoJSON needs the kommune geometry")
    return to_geojson(table, kommuner)
