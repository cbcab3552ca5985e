"""The disk cache's file format: typed data and a sha256, never pickle, so a cache file can neither lie nor run code.

A file is a fixed header (MAGIC, the sha256 of everything after the header, the manifest's and the payload's
lengths), a JSON manifest that describes the value's structure, then binary blobs, each 64-byte aligned:
- numbers, strings, None, lists: plain JSON; tuples, dicts with other keys, numpy scalars: tagged JSON objects;
- numpy arrays: their raw bytes, with a dtype limited to plain numbers, booleans, text and dates (never objects);
  arrays of Python objects are written element by element as JSON;
- DataFrames and GeoDataFrames: an Arrow IPC stream (geometries as WKB, the CRS as WKT), with each column's
  dtype written in the manifest and checked after reading;
- scipy CSR matrices: their three arrays;
- the project's dataclasses: only the classes named in `ALLOWED_CLASSES`, rebuilt field by field; a class name
  read from a file is looked up in that table and never imported as such.
Anything else is refused when writing (TypeError naming where in the value it sits and the type). Reading checks
the header, the length, the checksum, that the file holds the entry asked for (`label`), and every tag, dtype and
class against these rules; any failure raises DamagedEntry with the reason, and nothing of the file is returned.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import re
import struct
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import BinaryIO

import numpy as np

MAGIC = b"dekningskart-cache/1\n"
_HEADER = struct.Struct("<32sQQ")  # sha256 of the payload, manifest length, payload length
HEADER_SIZE = len(MAGIC) + _HEADER.size
_ALIGN = 64
_PLAIN = (str, int, float, bool, type(None))
_PRIVATE = re.compile(r"^_[A-Za-z0-9][A-Za-z0-9_]*$")  # `_tree`, never a dunder such as __class__
_DTYPE = re.compile(r"^[<>|=][biufcUSMm]\d+(\[[A-Za-z0-9]+\])?$")  # plain numbers, text, dates; no objects
# cached dataclasses: the name stored in a file → (module, class) to import; nothing else is rebuilt
ALLOWED_CLASSES = {
    "coverage.model.Model": ("coverage.model", "Model"),
    "coverage.network.Network": ("coverage.network", "Network"),
    "coverage.params.Params": ("coverage.params", "Params"),
    "coverage.travel.Access": ("coverage.travel", "Access"),
    "coverage.travel.CentreRuns": ("coverage.travel", "CentreRuns"),
}


class DamagedEntry(ValueError):
    """A cache file that must not be served; str() says why, in a few words."""


def write(fh: BinaryIO, value, label: str) -> None:
    """Write `value` to the open binary file `fh` (the header first, then manifest and blobs)."""
    blobs = _Blobs()
    manifest = json.dumps({"label": label, "value": _encode(value, blobs, "value")},
                          separators=(",", ":")).encode()
    start = _aligned(HEADER_SIZE + len(manifest))
    parts = [manifest, bytes(start - HEADER_SIZE - len(manifest)), *blobs.parts]
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    fh.write(MAGIC + _HEADER.pack(digest.digest(), len(manifest), sum(len(p) for p in parts)))
    for part in parts:
        fh.write(part)


def dumps(value, label: str) -> bytes:
    out = io.BytesIO()
    write(out, value, label)
    return out.getvalue()


def loads(data: bytes | bytearray | memoryview, label: str):
    """The value stored in `data`, after checking header, length, checksum and label; else DamagedEntry."""
    view = memoryview(data)
    if len(view) < HEADER_SIZE or bytes(view[:len(MAGIC)]) != MAGIC:
        raise DamagedEntry("not a cache file of this format (header missing or wrong)")
    digest, manifest_len, payload_len = _HEADER.unpack(view[len(MAGIC):HEADER_SIZE])
    if len(view) != HEADER_SIZE + payload_len:
        raise DamagedEntry(f"truncated or extended: {len(view)} bytes, the header says {HEADER_SIZE + payload_len}")
    actual = hashlib.sha256(view[HEADER_SIZE:]).digest()
    if actual != digest:
        raise DamagedEntry(f"checksum mismatch: content sha256 {actual.hex()[:12]}…, stored {digest.hex()[:12]}…")
    try:
        blobs = _Reader(view)
        doc = json.loads(bytes(view[HEADER_SIZE:HEADER_SIZE + manifest_len]), object_hook=blobs.hook)
        if not isinstance(doc, dict) or set(doc) != {"label", "value"}:
            raise DamagedEntry("the manifest is not {label, value}")
        if doc["label"] != label:
            raise DamagedEntry(f"holds {doc['label']!r}, not the entry asked for ({label!r})")
        return doc["value"]
    except DamagedEntry:
        raise
    except Exception as exc:  # any malformed structure: never served
        raise DamagedEntry(f"cannot be decoded ({type(exc).__name__}: {str(exc)[:200]})") from None


def _aligned(n: int) -> int:
    return -(-n // _ALIGN) * _ALIGN


class _Blobs:
    """Binary parts collected while encoding; offsets are counted from the first blob (64-byte aligned in the file)."""

    def __init__(self):
        self.parts: list[bytes | memoryview] = []
        self.size = 0

    def add(self, data: bytes | memoryview) -> list[int]:
        ref = [self.size, len(data)]
        self.parts.append(data)
        pad = _aligned(len(data)) - len(data)
        if pad:
            self.parts.append(bytes(pad))
        self.size += len(data) + pad
        return ref


# --- encoding -------------------------------------------------------------------------------------------------

def _encode(v, blobs: _Blobs, where: str):
    kind = type(v)
    if kind in _PLAIN:
        return v
    if kind is list:
        return [_encode(x, blobs, f"{where}[{i}]") for i, x in enumerate(v)]
    if kind is tuple:
        return {"$tuple": [_encode(x, blobs, f"{where}[{i}]") for i, x in enumerate(v)]}
    if kind is dict:
        return _encode_dict(v, blobs, where)
    encoder = _encoder_for(v)
    if encoder is None:
        raise TypeError(f"the disk cache cannot store {where}: a {kind.__module__}.{kind.__qualname__}; allowed: "
                        "str, int, float, bool, None, list, tuple, dict, numpy arrays and scalars, pandas and "
                        f"geopandas frames, scipy CSR matrices and KD-trees, and the classes {', '.join(ALLOWED_CLASSES)}")
    return encoder(v, blobs, where)


def _encode_dict(v: dict, blobs: _Blobs, where: str):
    if all(type(k) is str for k in v) and not (len(v) == 1 and next(iter(v)).startswith("$")):
        return {k: _encode(x, blobs, f"{where}[{k!r}]") for k, x in v.items()}
    return {"$dict": [[_encode(k, blobs, f"{where} key"), _encode(x, blobs, f"{where}[{k!r}]")] for k, x in v.items()]}


def _encoder_for(v) -> Callable | None:
    import pandas as pd

    if type(v) is np.ndarray:
        return _encode_array
    if isinstance(v, np.generic) and v.dtype.kind in "biuf":
        return lambda s, _b, _w: {"$scalar": {"dtype": s.dtype.str, "value": s.item()}}
    if type(v) is pd.DataFrame or _is_geoframe(v):
        from loaders import cacheframes

        return cacheframes.encode
    if _is_kdtree(v):
        return lambda t, b, w: {"$kdtree": {"data": _encode_array(t.data, b, w), "leafsize": t.leafsize}}
    if _is_csr(v):
        return lambda m, b, w: {"$csr": {"shape": list(m.shape), "data": _encode_array(m.data, b, w),
                                         "indices": _encode_array(m.indices, b, w),
                                         "indptr": _encode_array(m.indptr, b, w)}}
    if is_dataclass(v) and not isinstance(v, type) and _class_name(type(v)) in ALLOWED_CLASSES:
        return _encode_object
    return None


def _is_geoframe(v) -> bool:
    return type(v).__module__ == "geopandas.geodataframe" and type(v).__name__ == "GeoDataFrame"


def _is_kdtree(v) -> bool:
    return type(v).__module__.startswith("scipy.spatial") and type(v).__name__ == "cKDTree"


def _is_csr(v) -> bool:
    return type(v).__module__.startswith("scipy.sparse") and type(v).__name__ == "csr_matrix"


def _class_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _encode_array(a: np.ndarray, blobs: _Blobs, where: str):
    if a.dtype.kind == "O":
        items = [_encode(x, blobs, f"{where}[{i}]") for i, x in enumerate(a.ravel(order="C").tolist())]
        return {"$objects": {"shape": list(a.shape), "items": items}}
    if not _DTYPE.match(a.dtype.str):
        raise TypeError(f"the disk cache cannot store {where}: an array of dtype {a.dtype}")
    data = np.ascontiguousarray(a).reshape(-1).view(np.uint8)  # bytes, whatever the dtype (dates too)
    return {"$array": {"dtype": a.dtype.str, "shape": list(a.shape), "blob": blobs.add(memoryview(data))}}


def _encode_object(v, blobs: _Blobs, where: str):
    names = [f.name for f in fields(v)]
    extra = [k for k in getattr(v, "__dict__", {}) if k not in names]  # private helpers (Network's KD-tree)
    if any(not _PRIVATE.match(k) for k in extra):
        raise TypeError(f"the disk cache cannot store {where}: public attributes outside its fields: {extra}")
    return {"$object": {"class": _class_name(type(v)),
                        "fields": {n: _encode(getattr(v, n), blobs, f"{where}.{n}") for n in names},
                        "private": {k: _encode(getattr(v, k), blobs, f"{where}.{k}") for k in extra}}}


# --- decoding -------------------------------------------------------------------------------------------------

class _Reader:
    """json object_hook: turns each tagged object (innermost first) back into its value, reading blobs."""

    def __init__(self, view: memoryview):
        self.view = view
        _, manifest_len, _ = _HEADER.unpack(view[len(MAGIC):HEADER_SIZE])
        self.start = _aligned(HEADER_SIZE + manifest_len)  # where the blobs begin

    def hook(self, obj: dict):
        if len(obj) != 1:
            return obj
        ((tag, payload),) = obj.items()
        if not tag.startswith("$"):
            return obj
        decoder = _DECODERS.get(tag)
        if decoder is None:
            raise DamagedEntry(f"unknown tag {tag!r}")
        return decoder(self, payload)

    def blob(self, ref) -> memoryview:
        offset, length = _ints(ref, 2)
        start = self.start + offset
        if offset < 0 or length < 0 or start + length > len(self.view):
            raise DamagedEntry("a blob lies outside the file")
        return self.view[start:start + length]


def _ints(value, n: int | None = None) -> list[int]:
    if type(value) is not list or (n is not None and len(value) != n) or any(type(x) is not int for x in value):
        raise DamagedEntry(f"expected a list of {n or 'some'} integers, found {str(value)[:40]}")
    return value


def _dtype(text) -> np.dtype:
    if type(text) is not str or not _DTYPE.match(text):
        raise DamagedEntry(f"dtype {str(text)[:40]!r} is not allowed")
    return np.dtype(text)


def _decode_array(reader: _Reader, payload: dict) -> np.ndarray:
    dtype, shape = _dtype(payload["dtype"]), _ints(payload["shape"])
    data = reader.blob(payload["blob"])
    count = int(np.prod(shape, dtype=np.int64)) if shape else 1
    if count < 0 or count * dtype.itemsize != len(data):
        raise DamagedEntry(f"an array of shape {shape} and dtype {dtype} does not fit its {len(data)} bytes")
    return np.frombuffer(data, dtype=dtype, count=count).reshape(shape).copy()  # own, writable memory


def _decode_objects(_reader: _Reader, payload: dict) -> np.ndarray:
    shape, items = _ints(payload["shape"]), payload["items"]
    out = np.empty(len(_list(items)), dtype=object)
    for i, item in enumerate(items):  # one by one: a slice assignment would turn equal-length lists into a 2-D array
        out[i] = item
    return out.reshape(shape)


def _decode_scalar(_reader: _Reader, payload: dict):
    dtype = _dtype(payload["dtype"])
    if dtype.kind not in "biuf":
        raise DamagedEntry(f"scalar dtype {dtype} is not allowed")
    return dtype.type(payload["value"])


def _decode_csr(_reader: _Reader, payload: dict):
    from scipy.sparse import csr_matrix

    shape = _ints(payload["shape"], 2)
    parts = [payload[k] for k in ("data", "indices", "indptr")]
    if not all(type(p) is np.ndarray for p in parts):
        raise DamagedEntry("a CSR matrix whose parts are not arrays")
    return csr_matrix(tuple(parts), shape=tuple(shape))


def _decode_kdtree(_reader: _Reader, payload: dict):
    from scipy.spatial import cKDTree  # rebuilt from its points (about 2 ms for the road network's 10,000 nodes)

    data, leafsize = payload["data"], payload["leafsize"]
    if type(data) is not np.ndarray or data.ndim != 2 or type(leafsize) is not int or leafsize < 1:
        raise DamagedEntry("a KD-tree without its points")
    return cKDTree(data, leafsize=leafsize)


def _decode_object(_reader: _Reader, payload: dict):
    name, values, private = payload["class"], payload["fields"], payload["private"]
    if name not in ALLOWED_CLASSES:
        raise DamagedEntry(f"class {str(name)[:80]!r} is not allowed")
    module, qualname = ALLOWED_CLASSES[name]
    cls = getattr(importlib.import_module(module), qualname)
    names = {f.name for f in fields(cls)}
    if type(values) is not dict or set(values) != names:
        raise DamagedEntry(f"{name} stored with fields {sorted(values)[:20]}, expected {sorted(names)}")
    if type(private) is not dict or not all(_PRIVATE.match(k) and k not in names for k in private):
        raise DamagedEntry(f"{name} stored with private attributes {sorted(private)[:20]}")
    obj = object.__new__(cls)  # as stored: __init__/__post_init__ would recompute derived fields
    for key, value in (values | private).items():
        object.__setattr__(obj, key, value)
    return obj


def _decode_frame(reader: _Reader, payload: dict):
    from loaders import cacheframes

    return cacheframes.decode(reader.blob(payload["blob"]), payload)


_DECODERS: dict[str, Callable] = {
    "$tuple": lambda _r, items: tuple(_list(items)),
    "$dict": lambda _r, pairs: {k: v for k, v in (_pair(p) for p in _list(pairs))},
    "$array": _decode_array,
    "$objects": _decode_objects,
    "$scalar": _decode_scalar,
    "$csr": _decode_csr,
    "$kdtree": _decode_kdtree,
    "$object": _decode_object,
    "$frame": _decode_frame,
}


def _list(value) -> list:
    if type(value) is not list:
        raise DamagedEntry(f"expected a list, found {type(value).__name__}")
    return value


def _pair(value) -> tuple:
    if type(value) is not list or len(value) != 2:
        raise DamagedEntry("a dict entry that is not a [key, value] pair")
    return value[0], value[1]
