"""Population per kommune equals SSB's published national totals; imputed years are refused."""

import pytest

from loaders import ValidationError, grid, population


@pytest.mark.parametrize("year,total", [(2024, 5_550_203), (2025, 5_594_340), (2026, 5_627_400)])
def test_national_totals_match_ssb(year, total):
    table = population.by_kommune(year)
    assert len(table) == 357 and table["kommunenummer"].is_unique
    assert table["befolkning"].sum() == total


def test_spot_values_2025():
    table = population.by_kommune(2025).set_index("kommunenummer")["befolkning"]
    assert (table["0301"], table["4601"], table["1151"]) == (724_290, 293_709, 217)


def test_women_18_plus_is_a_share_of_the_total():
    table = population.by_kommune(2025)
    share = table["kvinner_18"].sum() / table["befolkning"].sum()
    assert 0.35 < share < 0.45
    assert (table["kvinner_18"] < table["befolkning"]).all()


@pytest.mark.parametrize("year", [2027, 2030, 2023])
def test_years_outside_2024_2026_are_refused(year):
    with pytest.raises(ValidationError, match=str(year)):
        population.by_kommune(year)


def test_crosswalk_knows_the_alesund_split():
    cw = population.crosswalk_2023()
    assert sorted(cw.loc[cw["gammelt"] == "1507", "nytt"]) == ["1508", "1580"]


def test_grid_decodes_cells_inside_norway():
    cells = grid.cells_1km()
    assert len(cells) == 54_988 and cells["pop_tot"].sum() == 5_317_737
    assert cells["x"].between(-80_000, 1_120_000).all() and cells["y"].between(6_440_000, 7_950_000).all()
    assert (cells["x"] % 1000 == 500).all()


# The child process that parses the R file: what stops it is named, and a machine fault is not blamed on the file -----

def _finished(returncode: int, stderr: bytes = b"", stdout: bytes = b""):
    import subprocess

    return lambda args, **kwargs: subprocess.CompletedProcess(args, returncode, stdout, stderr)


@pytest.mark.parametrize("returncode, stderr, cause", [
    (-9, b"", r"stopped by signal 9 \(SIGKILL\); SIGKILL usually means the machine ran out of memory"),
    (75, b"resource errno 28: No space left on device\n", r"the disk is full \(No space left on device\)"),
    (75, b"resource errno 122: Disk quota exceeded\n", r"the disk quota is used up \(Disk quota exceeded\)"),
])
def test_a_child_stopped_by_the_machine_is_not_blamed_on_the_population_file(monkeypatch, returncode, stderr, cause):
    import subprocess

    from loaders.problems import DataUnreadableError, ResourceError

    monkeypatch.setattr(subprocess, "run", _finished(returncode, stderr))
    with pytest.raises(ResourceError, match=cause) as err:
        population._parse_in_child()
    assert not isinstance(err.value, DataUnreadableError)
    assert str(err.value).startswith("population/csdata_sysdata.rda is the pinned file (sha256 matches) and was not "
                                     "damaged, but it could not be read here: ")


def test_a_reader_that_fails_on_its_own_is_still_a_reader_fault(monkeypatch):
    import subprocess

    from loaders.problems import DataUnreadableError

    monkeypatch.setattr(subprocess, "run", _finished(1, b"Traceback ...\nLibrdataError: Unable to read from file\n"))
    with pytest.raises(DataUnreadableError, match="LibrdataError: Unable to read from file"):
        population._parse_in_child()


def test_a_damaged_result_on_the_pipe_is_not_served(monkeypatch):
    import subprocess

    from loaders import cachecodec
    from loaders.problems import DataUnreadableError

    good = bytearray(cachecodec.dumps({"population": 1}, population._LABEL))
    good[-1] ^= 1
    monkeypatch.setattr(subprocess, "run", _finished(0, stdout=bytes(good)))
    with pytest.raises(DataUnreadableError, match="checksum mismatch"):
        population._parse_in_child()


def test_the_child_reports_a_full_disk_by_its_exit_code_and_errno():
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = ("import errno, sys\nfrom loaders import population\n"
            "def full(path): raise OSError(errno.ENOSPC, 'No space left on device')\n"
            "population._parse = full\nsys.exit(population._child_main('unused'))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent,
                          env=os.environ | {"PYTHONDONTWRITEBYTECODE": "1"}, capture_output=True, timeout=120)
    assert done.returncode == 75 and done.stdout == b""
    assert b"resource errno 28: No space left on device" in done.stderr
