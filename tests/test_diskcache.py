"""The disk cache: results stored once and read back; a damaged, cut, foreign or planted file is logged, deleted and
computed again, never served nor run; a cache folder that is read-only, a file or full keeps results in memory
with a notice; a code edit gives a new cache file instead of old numbers."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from loaders import diskcache, fingerprint, registry
from tests.test_cachecodec import SAMPLES, same

ROOT = Path(__file__).resolve().parent.parent
N_CELLS = 54_988  # populated 1 km cells in SSB's 2019 grid (geodata/sources.json)


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """A cache folder of the test's own and no memory of earlier cache problems."""
    monkeypatch.setattr(diskcache, "_memory", {})
    monkeypatch.setattr(diskcache, "_unwritable", set())
    monkeypatch.setattr(diskcache, "_notices", {})
    monkeypatch.setenv("DEKNING_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def test_a_result_is_stored_once_and_read_back(fresh):
    compute, calls = _counting({"a": [1, 2]})
    assert diskcache.cached("t", "k", compute) == {"a": [1, 2]}
    assert diskcache.cached("t", "k", compute) == {"a": [1, 2]}
    assert len(calls) == 1
    assert [p.name.split("-")[:2] for p in fresh.glob(f"*{diskcache.SUFFIX}")] == [["t", "k"]]
    assert diskcache.notices() == []


def test_a_torn_cache_file_is_computed_again(fresh, caplog):
    compute, calls = _counting(list(range(1000)))
    diskcache.cached("t", "k", compute)
    (stored,) = fresh.glob(f"t-k-*{diskcache.SUFFIX}")
    stored.write_bytes(stored.read_bytes()[:100])
    assert diskcache.cached("t", "k", compute) == list(range(1000))
    assert len(calls) == 2
    assert _warnings(caplog) == [f"cache file {stored} discarded and computed again: truncated or extended: 100 "
                                 f"bytes, the header says {stored.stat().st_size}"]


def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "loaders.diskcache" and r.levelname == "WARNING"]


def _flip(path: Path, at: int, mask: int = 0x01) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= mask
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("kind", SAMPLES)
def test_one_flipped_bit_is_logged_and_computed_again_never_served(fresh, caplog, kind):
    compute, calls = _counting(None)

    def fresh_value():  # a new computation each time, never the object that was stored
        compute()
        return SAMPLES[kind]()

    same(diskcache.cached("t", "k", fresh_value), SAMPLES[kind]())
    (stored,) = fresh.glob(f"t-k-*{diskcache.SUFFIX}")
    _flip(stored, stored.stat().st_size * 2 // 3)
    same(diskcache.cached("t", "k", fresh_value), SAMPLES[kind]())
    assert len(calls) == 2, "computed again"
    (line,) = _warnings(caplog)
    assert line.startswith(f"cache file {stored} discarded and computed again: checksum mismatch: content sha256 ")
    same(diskcache.cached("t", "k", fresh_value), SAMPLES[kind]())
    assert len(calls) == 2, "the entry written again is whole"


class _Planted:
    """A pickle that, if ever unpickled, writes a marker file: what an attacker would put in the cache folder."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "the cache ran planted code"))


def test_a_pickle_planted_under_the_expected_name_is_not_run(fresh, caplog, tmp_path):
    import pickle

    marker = tmp_path / "pwned"
    planted = pickle.dumps({"median": _Planted(marker)})
    pickle.loads(planted)  # the payload is live: unpickled, it does write the marker
    assert marker.exists()
    marker.unlink()
    fresh.mkdir(parents=True)
    name = diskcache._filename("t", "k", __name__)
    (fresh / name).write_bytes(planted)
    (fresh / name.replace(diskcache.SUFFIX, ".pkl")).write_bytes(planted)  # the old name, too
    compute, calls = _counting({"median": 7.74})
    assert diskcache.cached("t", "k", compute) == {"median": 7.74}
    assert len(calls) == 1 and not marker.exists()
    assert _warnings(caplog) == [f"cache file {fresh / name} discarded and computed again: not a cache file of this "
                                 "format (header missing or wrong)"]


def test_a_flipped_bit_in_the_kommune_table_never_reaches_tromso(fresh, caplog, model, monkeypatch):
    """The reviewer's case: one bit in the stored kommune table changed Tromsø's median. Now the file is refused and
    the recomputed table holds the oracle's figure (plain numpy over the model's cells)."""
    import struct

    from coverage import indicators, tables
    from tests import oracle

    want = oracle.kommuner(oracle.inputs(model)).loc["5501", "median_min_nearest"]
    computed = []
    real = indicators.per_kommune
    monkeypatch.setattr(indicators, "per_kommune", lambda *a, **k: computed.append(1) or real(*a, **k))
    first = tables.Tables()
    first._model = model
    stored_median = first.kommuner().set_index("kommunenummer").loc["5501", "median_min_nearest"]
    assert stored_median == pytest.approx(want, abs=1e-9)
    (stored,) = fresh.glob(f"kommuner-*{diskcache.SUFFIX}")
    at = stored.read_bytes().find(struct.pack("<d", stored_median))
    assert at > 0, "Tromsø's median is in the file as a little-endian double"
    _flip(stored, at + 6, 0x08)  # the mantissa's top bit: the figure the file now holds differs by 2–8 minutes
    assert struct.unpack("<d", stored.read_bytes()[at:at + 8])[0] != pytest.approx(want, abs=1)
    again = tables.Tables()
    again._model = model
    got = again.kommuner().set_index("kommunenummer").loc["5501", "median_min_nearest"]
    assert got == pytest.approx(want, abs=1e-9) and len(computed) == 2
    (line,) = _warnings(caplog)
    assert line.startswith(f"cache file {stored} discarded and computed again: checksum mismatch")



def test_a_cache_path_that_is_a_file_keeps_results_in_memory_with_a_notice(fresh):
    fresh.parent.mkdir(exist_ok=True)
    fresh.write_text("not a folder")
    assert registry.cache_dir() == fresh  # does not raise
    compute, calls = _counting([3, 4])
    assert diskcache.cached("t", "k", compute) == [3, 4]
    assert diskcache.cached("t", "k", compute) == [3, 4]
    assert len(calls) == 1, "kept in memory for the process"
    assert diskcache.notices() == [("cache_not_a_directory", str(fresh))]
    notice = diskcache.notices()[0]
    assert f"The cache folder {fresh} is not a folder" in str(notice) and str(fresh) not in notice.user_message()
    assert fresh.read_text() == "not a folder"


def test_a_cache_folder_that_cannot_be_created_is_not_an_error(fresh, monkeypatch):
    fresh.parent.mkdir(exist_ok=True)
    (fresh.parent / "file").write_text("x")
    monkeypatch.setenv("DEKNING_CACHE_DIR", str(fresh.parent / "file" / "cache"))
    assert registry.cache_dir() == fresh.parent / "file" / "cache"
    assert diskcache.cached("t", "k", lambda: 5) == 5
    assert [n.code for n in diskcache.notices()] == ["cache_not_a_directory"]


def _child(code: str, cache: Path, drop_root: bool = False) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter with DEKNING_CACHE_DIR=cache; as root, without the power to ignore
    file permissions (root writes into a read-only folder otherwise)."""
    env = os.environ | {"DEKNING_CACHE_DIR": str(cache), "PYTHONDONTWRITEBYTECODE": "1"}
    prefix = []
    if drop_root and os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv (util-linux): cannot make a folder read-only for root")
        caps = "-dac_override,-dac_read_search"
        prefix = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]
    return subprocess.run([*prefix, sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


_GRID = ("from loaders import diskcache, grid\n"
         "cells = grid.cells_1km(); again = grid.cells_1km()\n"
         "print(len(cells), len(again), [tuple(n) for n in diskcache.notices()])\n")


def test_a_read_only_cache_folder_still_computes_results_with_a_notice(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o555)
    try:
        result = _child(_GRID, cache, drop_root=True)
    finally:
        cache.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.strip() == f"{N_CELLS} {N_CELLS} [('cache_unwritable', '{cache}')]"
    assert list(cache.iterdir()) == []


def test_a_full_cache_disk_still_computes_results_with_a_notice_and_leaves_no_partial_file(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    code = ("import resource; resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))\n"
            + _GRID)
    result = _child(code, cache)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{N_CELLS} {N_CELLS} [('cache_full', '{cache}')]"
    assert list(cache.iterdir()) == [], "the torn temporary file is removed"


def test_editing_the_code_gives_a_new_cache_file_instead_of_the_old_result(fresh, tmp_path, monkeypatch):
    code = tmp_path / "code"
    for folder in ("loaders", "coverage", "geodata"):
        shutil.copytree(ROOT / folder, code / folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "ROOT", code)
    fingerprint.clear()
    try:
        first, calls = _counting("computed by the old code")
        assert diskcache.cached("t", "k", first) == "computed by the old code"
        fingerprint.clear()
        assert diskcache.cached("t", "k", first) == "computed by the old code" and len(calls) == 1
        with open(code / "loaders" / "grid.py", "a") as fh:
            fh.write("# an edit\n")
        fingerprint.clear()
        second, _ = _counting("computed by the new code")
        assert diskcache.cached("t", "k", second) == "computed by the new code"
        assert len(list(fresh.glob(f"t-k-*{diskcache.SUFFIX}"))) == 2
    finally:
        fingerprint.clear()


# `python -m loaders check` on a full disk: the cache is named, never a source file ----------------------------------

_WARM = registry.cache_dir()  # the session's own cache (before any test points DEKNING_CACHE_DIR elsewhere)


def _warm_copy(fresh: Path, *kinds: str) -> None:
    """Copy the session's parsed entries into the test's cache so only what the test is about is computed."""
    fresh.mkdir(parents=True, exist_ok=True)
    for kind in kinds:
        for path in _WARM.glob(f"{kind}-*{diskcache.SUFFIX}"):
            shutil.copyfile(path, fresh / path.name)


def _check_output(monkeypatch, capsys, model) -> tuple[int, str, str]:
    from coverage import model as model_module
    from loaders import __main__ as cli

    real = model_module.kommune_table
    monkeypatch.setattr(model_module, "kommune_table", lambda m=None: real(model))  # the joined table, no rebuild
    code = cli.check()
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_full_disk_makes_loaders_check_name_the_cache_and_not_the_population_file(tmp_path):
    """The reviewer's case: with the disk full, `python -m loaders check` reported the population file FAILED (its
    child process could not write the parsed table to a temporary file). Files are capped at 64 kB here, for the
    check and the child it starts; the parsed entries other than population's are copied in, so population is parsed
    for real. Now the child sends its result through a pipe, the cache's write fails, and the check names the cache."""
    cache = tmp_path / "cache"
    _warm_copy(cache, "model", "roads", "grid1km", "surroundings")
    code = ("import resource, runpy, sys\n"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))\n"
            "sys.argv = ['loaders', 'check']\nrunpy.run_module('loaders', run_name='__main__', alter_sys=True)\n")
    result = _child(code, cache)
    population_row = next(line for line in result.stdout.splitlines() if line.startswith("population "))
    assert " ok " in population_row and population_row.split()[3] == "357", population_row + result.stderr
    assert "FAILED" not in result.stdout and "population" not in result.stderr, result.stdout + result.stderr
    assert f"notice: The cache folder {cache} is full: results are kept in memory" in result.stdout
    assert result.returncode == 0 and list(cache.glob("population-*")) == []


def test_loaders_check_says_when_the_machine_not_the_file_stopped_a_reading(fresh, monkeypatch, capsys, model):
    from loaders import population
    from loaders.problems import ResourceError

    _warm_copy(fresh, "roads", "grid1km")

    def stopped():
        raise ResourceError("population/csdata_sysdata.rda", "the disk is full (No space left on device)")

    monkeypatch.setattr(population, "_parse_in_child", stopped)
    code, out, err = _check_output(monkeypatch, capsys, model)
    lines = out.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("population "))
    assert " ok " in lines[row] and " ? " in lines[row] and "FAILED" not in lines[row]
    assert lines[row + 1].strip() == ("→ not read: the disk is full (No space left on device) (the file itself is "
                                      "fine)")
    assert "curated tables: not checked — they are checked against the kommuner and population files, and one could " \
           "not be read: the disk is full (No space left on device)" in out
    assert "was not damaged" in err and "damaged:" not in out
    assert "PROBLEMS FOUND: 1 source file(s) not read for lack of disk space or memory (the files are fine)" in out
    assert code == 4
