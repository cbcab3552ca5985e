"""loaders/rdaframes.py reads what pyreadr reads: files written by pyreadr (its own writer, librdata, independent of
the reader under test), compared column by column with pyreadr's reading of the same file. The string column is
long enough to cross the reader's 8 MB steps, and a second one holds NA and UTF-8 strings among ASCII ones, so
both ways of reading strings are used."""

from __future__ import annotations

import bz2
import gzip
import lzma

import numpy as np
import pandas as pd
import pytest

from loaders import rdaframes

ROWS = 400_000  # 400k records of 8 + 10–15 bytes: about 9 MB, more than one 8 MB step


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    pyreadr = pytest.importorskip("pyreadr")
    rng = np.random.default_rng(7)
    places = np.array([f"municip_nor{n:04d}" for n in rng.integers(101, 5700, 400)] + ["nation_nor", "x"])
    codes = np.sort(rng.integers(0, len(places), ROWS))  # sorted like the real table: runs of equal strings
    mixed = rng.choice(np.array(["total", "female", "male", "Bodø", "Kárášjohka"], dtype=object), ROWS)
    mixed[rng.integers(0, ROWS, 50)] = None
    frame = pd.DataFrame({
        "location_code": places[codes].astype(object),
        "age": rng.integers(0, 100, ROWS).astype(float),
        "pop": np.where(rng.random(ROWS) < 0.01, np.nan, rng.random(ROWS) * 1000),
        "count": rng.integers(-5, 5, ROWS).astype("int32"),
        "flag": rng.random(ROWS) < 0.5,
        "mixed": mixed,
    })
    path = tmp_path_factory.mktemp("rda") / "plain.rda"
    pyreadr.write_rdata(str(path), frame, df_name="table", compress=None)
    return path, pyreadr.read_r(str(path))["table"]


def _strings(column) -> list:
    codes, values = column
    return [values[c] for c in codes.tolist()]


@pytest.mark.parametrize("packing", ["plain", "gzip", "bzip2", "xz"])
def test_every_column_reads_as_pyreadr_reads_it(written, tmp_path, packing):
    path, expected = written
    raw = path.read_bytes()
    pack = {"plain": lambda r: r, "gzip": lambda r: gzip.compress(r, 1), "bzip2": lambda r: bz2.compress(r, 1),
            "xz": lambda r: lzma.compress(r, preset=0)}[packing]
    packed = pack(raw)
    (tmp_path / "f.rda").write_bytes(packed)
    got = rdaframes.read_frames(tmp_path / "f.rda", {"table": ["mixed", "location_code", "age", "pop", "count",
                                                               "flag"]})["table"]
    assert _strings(got["location_code"]) == expected["location_code"].tolist()
    assert [None if v is None else v for v in _strings(got["mixed"])] == \
        [None if pd.isna(v) else v for v in expected["mixed"]]
    np.testing.assert_array_equal(got["age"], expected["age"].to_numpy())
    np.testing.assert_array_equal(got["pop"], expected["pop"].to_numpy())  # NaN where pyreadr has NaN
    np.testing.assert_array_equal(got["count"], expected["count"].to_numpy())
    np.testing.assert_array_equal(got["flag"] == 1, expected["flag"].to_numpy())


def test_the_ascii_column_is_read_whole_and_a_broken_run_record_by_record(written):
    path, _ = written
    reader = rdaframes._Reader(rdaframes._decompressed(path))
    reader.header()
    flags = reader.int()
    reader.item()  # the object's name
    reader.int()
    reader.length()
    start = reader.pos
    reader.int()
    n = reader.length()
    assert reader._ascii_records(n) is not None  # location_code: every record ASCII, found at once
    reader.pos = start
    for _ in range(5):  # on to the sixth column, `mixed`
        reader.item(False)
    reader.int()
    before = reader.pos + 4
    reader.pos = before - 4
    assert reader.length() == ROWS and reader._ascii_records(ROWS) is None and reader.pos == before
    assert flags & 0xFF == 2


def test_a_column_that_is_not_there_is_named_with_the_ones_that_are(written):
    path, _ = written
    with pytest.raises(KeyError, match=r"columns not in the data frame: nothing; it has: location_code, age"):
        rdaframes.read_frames(path, {"table": ["age", "nothing"]})
    with pytest.raises(KeyError, match="not in plain.rda: other"):
        rdaframes.read_frames(path, {"other": ["age"]})
