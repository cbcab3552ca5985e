"""The disk cache's file format (loaders.cachecodec, loaders.cacheframes): every kind of value the app caches comes
back equal; one flipped bit, a cut, another entry's file or a file crafted by someone else is refused, never served;
a class or dtype that is not on the allow-list is neither imported nor built; and no pickle anywhere on the path."""

import ast
import hashlib
import importlib
import json
import struct
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from scipy.sparse import csr_matrix

from coverage.network import Network
from coverage.travel import Access
from loaders import cachecodec
from loaders.cachecodec import DamagedEntry

ROOT = Path(__file__).resolve().parent.parent
CACHE_PATH = ["loaders/diskcache.py", "loaders/cachecodec.py", "loaders/cacheframes.py", "loaders/population.py"]


def _frame() -> pd.DataFrame:
    df = pd.DataFrame({
        "kommunenummer": ["5501", "0301", "1813"],
        "median": [7.74, 12.5, np.nan],
        "people": np.array([77_000, 717_000, 0], dtype="int64"),
        "year": pd.array([2021, None, 2019], dtype="Int64"),
        "undated": [False, True, False],
        "as_of": np.array(["2021-05-01", "2020-01-01", "2019-12-31"], dtype="datetime64[s]"),
        "gap_class": pd.Series(["dekket", "ukjent_naer", None], dtype=object),
        "note": ["Tromsø", "", "æøå – “quoted”"],
    })
    df.attrs = {"notices": ["1813: documented for closed centre sor-helgeland (2024); not used"], "year": 2025}
    return df


def _geoframe() -> gpd.GeoDataFrame:
    shapes = [shapely.box(18.9, 69.6, 19.0, 69.7), shapely.MultiPolygon([shapely.box(10, 59, 11, 60),
                                                                         shapely.box(12, 59, 13, 60)])]
    gdf = gpd.GeoDataFrame({"kommunenummer": ["5501", "0301"], "geometry": shapes}, crs="EPSG:4326")
    gdf.attrs = {"notices": [], "population_year": 2025}
    return gdf


def _ragged() -> pd.DataFrame:
    """Like the roads table: a column holding one (n, 2) coordinate array per link."""
    return pd.DataFrame({"vegkategori": ["E", "R"], "coords": [np.array([[559982.0, 7662970.0], [560134.0, 7663291.0]]),
                                                               np.array([[1.5, 2.5]])]})


def _network() -> Network:
    """A tiny road network: its CSR graph, components and private KD-tree (`_tree`) go in the file too."""
    xy = np.array([[0.0, 0.0], [1000.0, 0.0], [2000.0, 0.0], [0.0, 5000.0]])
    return Network(xy=xy, edge_a=np.array([0, 1]), edge_b=np.array([1, 2]), minutes=np.array([1.0, 2.0]),
                   km=np.array([1.0, 1.0]), ferry=np.array([False, False]), edge_class=np.array(["E", "K"]),
                   line_road=np.array(["13", "17"], dtype=object), ferry_links=2)


SAMPLES = {
    "containers": lambda: {"a": [1, 2.5, None, True, "x"], "t": ((1, 2), [3, (4,)]), (1, "k"): {"$tuple": "not a tag"},
                           "nan": float("nan"), "big": 2**70, "empty": {}, "unicode": "Tromsø"},
    "webgeo-like": lambda: ({"decimals": 2, "features": {"0301": [[[[1049, 6002], [12, -4]]]]}}, {"k0301": [[1.5, 2.5]]}),
    "arrays": lambda: (np.arange(12.0).reshape(3, 4), np.array([1, -2], dtype="int32"), np.array([True, False]),
                       np.array(["ostlandet", "nord"], dtype="<U14"), np.array(["2024-01-01"], dtype="datetime64[s]"),
                       np.zeros((0, 2)), np.float64(7.74), np.int64(5501)),
    "object array": lambda: np.array(["oslo", "tromso", None], dtype=object),
    "frame": _frame,
    "frame with text index": lambda: pd.DataFrame({"oslo": [1.0, 2.0]}, index=pd.Index(["0301", "5501"], name="knr")),
    "geoframe": _geoframe,
    "ragged column": _ragged,
    "dict of frames": lambda: {"population": _frame(), "crosswalk": _frame().head(1)},
    "csr matrix": lambda: csr_matrix((np.array([1.0, 2.0]), (np.array([0, 1]), np.array([1, 0]))), shape=(2, 2)),
    "dataclasses": lambda: (_network(), Access(node=np.array([0, 1]), minutes=np.array([1.0, 2.0]), km=np.array([0.5, 1]))),
}


def same(a, b, where="value"):
    """Equal in type and content, recursively (an independent check: pandas/numpy/geopandas testing)."""
    assert type(a) is type(b), f"{where}: {type(a)} != {type(b)}"
    if isinstance(a, gpd.GeoDataFrame):
        assert_geodataframe_equal(a, b)
        assert a.crs == b.crs and a.attrs == b.attrs, where
    elif isinstance(a, pd.DataFrame):
        objects = [c for c in a.columns if a[c].dtype == object and isinstance(a[c].iloc[0], np.ndarray)]
        pd.testing.assert_frame_equal(a.drop(columns=objects), b.drop(columns=objects))
        for c in objects:
            same(list(a[c]), list(b[c]), f"{where}[{c}]")
        assert a.attrs == b.attrs, where
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape and a.flags.writeable == b.flags.writeable, where
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), where
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for k in a:
            same(a[k], b[k], f"{where}[{k!r}]")
    elif is_dataclass(a):
        assert set(vars(a)) == set(vars(b)), where
        for k in vars(a):
            same(getattr(a, k), getattr(b, k), f"{where}.{k}")
    elif isinstance(a, csr_matrix):
        assert a.shape == b.shape and (a != b).nnz == 0, where
    elif type(a).__name__ == "cKDTree":
        assert np.array_equal(a.data, b.data) and a.leafsize == b.leafsize, where
        probe = np.array([[900.0, 10.0], [0.0, 4000.0]])
        assert np.array_equal(a.query(probe)[1], b.query(probe)[1]), where
    else:
        assert a == b or (a != a and b != b), f"{where}: {a!r} != {b!r}"


@pytest.mark.parametrize("kind", SAMPLES)
def test_every_kind_of_value_comes_back_equal(kind):
    value = SAMPLES[kind]()
    same(value, cachecodec.loads(cachecodec.dumps(value, "entry"), "entry"))


def test_a_network_read_back_finds_the_same_nearest_nodes_without_recomputing():
    net = cachecodec.loads(cachecodec.dumps(_network(), "net"), "net")
    nodes, dist = net.nearest_node(np.array([900.0, 10.0]), np.array([10.0, 4900.0]))
    assert nodes.tolist() == [1, 3] and np.allclose(dist, [np.hypot(100, 10), np.hypot(10, 100)])


def _positions(data: bytes) -> list[int]:
    """Every header byte, then about 300 positions spread over the manifest and the blobs."""
    return sorted(set(range(cachecodec.HEADER_SIZE)) | set(range(cachecodec.HEADER_SIZE, len(data),
                                                                  max(1, len(data) // 300))))


@pytest.mark.parametrize("kind", SAMPLES)
def test_one_flipped_bit_anywhere_is_refused(kind):
    data = cachecodec.dumps(SAMPLES[kind](), "entry")
    for pos in _positions(data):
        for bit in (0, 7):
            damaged = bytearray(data)
            damaged[pos] ^= 1 << bit
            with pytest.raises(DamagedEntry):
                cachecodec.loads(damaged, "entry")


@pytest.mark.parametrize("kind", ["frame", "geoframe", "dataclasses"])
def test_a_cut_or_lengthened_file_is_refused(kind):
    data = cachecodec.dumps(SAMPLES[kind](), "entry")
    for cut in (0, 10, cachecodec.HEADER_SIZE, cachecodec.HEADER_SIZE + 5, len(data) // 2, len(data) - 1):
        with pytest.raises(DamagedEntry, match="header|truncated"):
            cachecodec.loads(data[:cut], "entry")
    with pytest.raises(DamagedEntry, match="truncated or extended"):
        cachecodec.loads(data + b"\0", "entry")


def test_another_entrys_file_under_this_name_is_refused():
    data = cachecodec.dumps({"median": 5.74}, "model-aaaa-1111")
    with pytest.raises(DamagedEntry, match="holds 'model-aaaa-1111', not the entry asked for .'model-bbbb-1111'."):
        cachecodec.loads(data, "model-bbbb-1111")


def _crafted(value_json, label="entry", blob=b"") -> bytes:
    """A file with a correct checksum around a manifest written by hand (as an attacker with write access would)."""
    manifest = json.dumps({"label": label, "value": value_json}).encode()
    pad = -(cachecodec.HEADER_SIZE + len(manifest)) % 64
    payload = manifest + bytes(pad) + blob
    return cachecodec.MAGIC + struct.pack("<32sQQ", hashlib.sha256(payload).digest(), len(manifest), len(payload)) + payload


def test_a_hand_written_file_with_a_correct_checksum_is_read_like_any_other():
    assert cachecodec.loads(_crafted({"$tuple": [1, {"a": [2]}]}), "entry") == (1, {"a": [2]})


@pytest.mark.parametrize("value_json, why", [
    ({"$object": {"class": "os.system", "fields": {}, "private": {}}}, "class 'os.system' is not allowed"),
    ({"$object": {"class": "subprocess.Popen", "fields": {"args": "touch x"}, "private": {}}}, "is not allowed"),
    ({"$object": {"class": "coverage.travel.Access", "fields": {"node": 1, "minutes": 2, "km": 3},
                  "private": {"__class__": 1}}}, "private attributes"),
    ({"$object": {"class": "coverage.travel.Access", "fields": {"node": 1}, "private": {}}}, "expected"),
    ({"$array": {"dtype": "|O8", "shape": [1], "blob": [0, 8]}}, "dtype '|O8' is not allowed"),
    ({"$array": {"dtype": "<f8", "shape": [1000], "blob": [0, 8]}}, "does not fit|outside"),
    ({"$scalar": {"dtype": "<M8[s]", "value": 0}}, "not allowed"),
    ({"$reduce": ["os", "system"]}, "unknown tag '\\$reduce'"),
    ({"$frame": {"blob": [0, 8], "columns": [], "index": [], "geometry": [], "ragged": [], "active": None,
                 "attrs": {}}}, "cannot be decoded"),
])
def test_a_crafted_file_names_nothing_that_gets_imported_or_built(value_json, why, monkeypatch):
    imported = []
    real = importlib.import_module
    monkeypatch.setattr(importlib, "import_module", lambda name, *a: imported.append(name) or real(name, *a))
    with pytest.raises(DamagedEntry, match=why):
        cachecodec.loads(_crafted(value_json, blob=bytes(8)), "entry")
    assert set(imported) <= {module for module, _ in cachecodec.ALLOWED_CLASSES.values()}


def test_a_value_outside_the_allowed_types_is_refused_when_writing_with_its_place_named():
    @dataclass
    class NotAllowed:
        x: int

    for value, where in [({"a": [1, {2, 3}]}, r"value\['a'\]\[1\]: a builtins.set"),
                         ((NotAllowed(1),), r"value\[0\]: a .*NotAllowed"),
                         (np.array([object()], dtype=object), r"value\[0\]: a builtins.object"),
                         (pd.Series([1, 2]), r"value: a pandas.*Series")]:
        with pytest.raises(TypeError, match=where):
            cachecodec.dumps(value, "entry")


def test_the_allowed_classes_are_exactly_the_cached_dataclasses():
    for name, (module, qualname) in cachecodec.ALLOWED_CLASSES.items():
        cls = getattr(importlib.import_module(module), qualname)
        assert f"{cls.__module__}.{cls.__qualname__}" == name and is_dataclass(cls) and fields(cls)


def test_no_pickle_anywhere_on_the_cache_path():
    banned = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "joblib", "marshal", "shelve", "copyreg"}
    for rel in CACHE_PATH:
        source = (ROOT / rel).read_text(encoding="utf-8")
        tree = ast.parse(source)
        names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not names & banned, f"{rel} imports {names & banned}"
        for call in ("read_pickle", "allow_pickle=True", "__reduce__", "eval(", "exec("):
            assert call not in source, f"{rel} uses {call}"


def _rewritten(data: bytes, edit) -> bytes:
    """The file with its manifest edited by `edit` and a fresh, correct checksum (blobs kept as they are)."""
    _, manifest_len, _ = struct.unpack("<32sQQ", data[len(cachecodec.MAGIC):cachecodec.HEADER_SIZE])
    manifest = json.loads(data[cachecodec.HEADER_SIZE:cachecodec.HEADER_SIZE + manifest_len])
    blobs = data[-(-(cachecodec.HEADER_SIZE + manifest_len) // 64) * 64:]
    edit(manifest)
    return _crafted(manifest["value"], manifest["label"], blobs)


def test_a_table_whose_columns_read_back_other_than_its_manifest_says_is_refused():
    data = cachecodec.dumps(_frame(), "entry")
    same(cachecodec.loads(_rewritten(data, lambda m: None), "entry"), _frame())  # the rewrite itself is faithful

    def retype(manifest):
        manifest["value"]["$frame"]["columns"][1][1] = "Int64"  # the median column, stored as float64

    with pytest.raises(DamagedEntry, match=r"the table's columns differ from its manifest \(median read as float64\)"):
        cachecodec.loads(_rewritten(data, retype), "entry")
