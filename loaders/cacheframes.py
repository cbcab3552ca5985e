"""DataFrames and GeoDataFrames in the disk cache (loaders.cachecodec): an Arrow IPC stream, never pickle.

Geometry columns go as WKB with their CRS as WKT; `attrs` go through the cache's typed JSON. The manifest names
every column with its dtype and the index's kind; after reading, the frame must match them exactly (a library
upgrade that reads a column back differently is a damaged entry, recomputed, not a silently changed table).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd


def encode(df: pd.DataFrame, blobs, where: str) -> dict:
    """The manifest entry for `df`; its Arrow bytes are added to `blobs`."""
    import pyarrow as pa

    from loaders.cachecodec import _encode

    names = list(df.columns)
    if any(type(c) is not str for c in names) or len(set(names)) != len(names):
        raise TypeError(f"the disk cache cannot store {where}: column names must be unique strings")
    geometry = {c: _crs_text(df[c]) for c in names if str(df[c].dtype) == "geometry"}
    plain = pd.DataFrame(df).copy(deep=False)
    plain.attrs = {}
    for column in geometry:
        plain[column] = np.asarray(df[column].to_wkb(), dtype=object)
    ragged = {c: _encode_ragged(df[c], blobs, f"{where}[{c!r}]") for c in names
              if c not in geometry and df[c].dtype == object and _all_arrays(df[c])}
    plain = plain.drop(columns=list(ragged))
    try:
        table = pa.Table.from_pandas(plain, preserve_index=None)
    except (pa.ArrowException, ValueError) as exc:  # e.g. an object column mixing numbers and text
        raise TypeError(f"the disk cache cannot store {where} as a table: {exc}") from None
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return {"$frame": {
        "blob": blobs.add(memoryview(sink.getvalue())),
        "columns": [[c, str(df[c].dtype)] for c in names],
        "index": [type(df.index).__name__, str(df.index.dtype), list(df.index.names)],
        "geometry": [[c, crs] for c, crs in geometry.items()],
        "ragged": [[c, r] for c, r in ragged.items()],
        "active": df.geometry.name if geometry and _is_geo(df) else None,
        "attrs": _encode(dict(df.attrs), blobs, f"{where}.attrs"),
    }}


def decode(view: memoryview, payload: dict) -> pd.DataFrame:
    """The frame described by `payload` from its Arrow bytes; DamagedEntry when it does not match the manifest."""
    import pyarrow as pa

    from loaders.cachecodec import DamagedEntry

    table = pa.ipc.open_stream(pa.py_buffer(view)).read_all()
    df = table.to_pandas(use_threads=False)  # threads cost more than they save on these small tables
    geometry = dict(payload["geometry"])
    for column, ragged in payload["ragged"]:
        df[column] = _decode_ragged(ragged, len(df))
    df = df[[c for c, _ in payload["columns"]]] if payload["ragged"] else df  # the stored column order
    for column, crs in geometry.items():
        df[column] = _geoseries(df[column], crs, df.index)
    if payload["active"] is not None:
        import geopandas as gpd

        df = gpd.GeoDataFrame(df, geometry=payload["active"], copy=False)  # the column carries its CRS
    wanted = dict(payload["columns"])
    for column in df.columns:  # Arrow reads text kept in an object column back as str: restore it, None and all
        if wanted.get(column) == "object" and str(df[column].dtype) == "str":
            df[column] = pd.Series(table.column(column).to_numpy(zero_copy_only=False), index=df.index, dtype=object)
    found = [[c, str(t)] for c, t in df.dtypes.items()]
    if found != payload["columns"]:
        wrong = [f"{a} read as {b}" for (a, b), want in zip(found, payload["columns"], strict=False) if [a, b] != want]
        raise DamagedEntry(f"the table's columns differ from its manifest ({'; '.join(wrong[:3]) or 'count'})")
    index = [type(df.index).__name__, str(df.index.dtype), list(df.index.names)]
    if index != payload["index"]:
        raise DamagedEntry(f"the table's index {index} differs from its manifest {payload['index']}")
    attrs = payload["attrs"]
    if type(attrs) is not dict:
        raise DamagedEntry("the table's attrs are not a dict")
    df.attrs = attrs
    return df


def _all_arrays(column: pd.Series) -> bool:
    """An object column of numpy arrays with one dtype and the same trailing shape (the roads' coordinates)."""
    values = column.to_numpy()
    if not len(values) or not all(type(v) is np.ndarray for v in values):
        return False
    first = values[0]
    return all(v.dtype == first.dtype and v.ndim >= 1 and v.shape[1:] == first.shape[1:] for v in values)


def _encode_ragged(column: pd.Series, blobs, where: str) -> dict:
    """Arrays of different lengths as one concatenated array and each one's length."""
    from loaders.cachecodec import _encode

    values = list(column.to_numpy())
    lengths = np.array([len(v) for v in values], dtype=np.int64)
    return {"values": _encode(np.concatenate(values), blobs, where), "lengths": _encode(lengths, blobs, where)}


def _decode_ragged(ragged: dict, rows: int) -> np.ndarray:
    from loaders.cachecodec import DamagedEntry

    values, lengths = ragged["values"], ragged["lengths"]
    if (type(values) is not np.ndarray or type(lengths) is not np.ndarray or lengths.dtype.kind != "i"
            or len(lengths) != rows or (lengths < 0).any() or lengths.sum() != len(values)):
        raise DamagedEntry("a column of arrays whose lengths do not add up")
    out = np.empty(rows, dtype=object)
    for i, part in enumerate(np.split(values, np.cumsum(lengths)[:-1])):
        out[i] = part
    return out


def _is_geo(df) -> bool:
    return type(df).__module__ == "geopandas.geodataframe"


def _crs_text(series) -> str | None:
    crs = getattr(series.array, "crs", None)
    return crs.to_wkt() if crs is not None else None


def _geoseries(wkb: pd.Series, crs: str | None, index: pd.Index):
    import geopandas as gpd
    import shapely

    return gpd.GeoSeries(shapely.from_wkb(wkb.to_numpy(dtype=object)), index=index,
                         crs=None if crs is None else _crs(crs))


@lru_cache(maxsize=8)
def _crs(text: str):
    from pyproj import CRS

    return CRS.from_wkt(text)
