"""Faults as a broken disk or a hurried edit makes them: damaged data files, bad curated files. Each gives a
named error with its fix — in `python -m loaders check` (a FAILED row, no traceback) and in the app (a plain
message without server paths) — and offline nothing touches the network."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from loaders import ValidationErrors, curated, registry, table
from tests.conftest import page_text

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")

# Runs `python -m loaders check` with every network connection refused and reported on stderr.
_GUARDED_CHECK = """
import runpy, socket, sys
def refuse(*args, **kwargs):
    print("NETWORK ATTEMPT", args[:2], file=sys.stderr)
    raise OSError("network refused by the test")
socket.socket.connect = socket.socket.connect_ex = refuse
socket.getaddrinfo = socket.create_connection = refuse
{setup}
sys.argv = ["loaders", "check"]
runpy.run_module("loaders", run_name="__main__", alter_sys=True)
"""


def _mirror_copy(tmp_path: Path) -> Path:
    """A writable copy of the offline mirror (the mirror itself is never touched)."""
    copy = tmp_path / "data"
    shutil.copytree(os.environ["DEKNING_DATA_DIR"], copy, copy_function=shutil.copyfile)
    for folder in [copy, *[p for p in copy.rglob("*") if p.is_dir()]]:
        folder.chmod(0o755)
    return copy


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x01
    path.write_bytes(bytes(data))


def _check(data_dir: Path, setup: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DEKNING_STRICT"} | {
        "DEKNING_DATA_DIR": str(data_dir), "DEKNING_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-c", _GUARDED_CHECK.format(setup=setup)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def _row(stdout: str, name: str) -> str:
    return next(line for line in stdout.splitlines() if line.startswith(f"{name} "))


def test_check_on_a_damaged_mirror_prints_failed_rows_goes_on_and_exits_non_zero(tmp_path):
    mirror = _mirror_copy(tmp_path)
    _truncate(mirror / "boundaries" / "Kommuner-S.geojson")
    _flip(mirror / "roads" / "hmalmedal_N1000_Veglenke.rda")
    (mirror / "boundaries" / "Fylker-S.geojson").unlink()
    result = _check(mirror)
    out, err = result.stdout, result.stderr
    assert result.returncode == 2
    assert "Traceback" not in out + err and "NETWORK ATTEMPT" not in err
    for name in ("kommuner", "fylker", "roads"):
        assert "FAILED" in _row(out, name)
    for name in ("kommuner_m", "norge", "population", "grid_1km", "kommune_facts"):
        assert " ok " in _row(out, name), "the check goes on after a failed file"
    pinned = registry.sources()
    assert f"pinned {pinned['kommuner']['sha256'][:12]}" in out and f"pinned {pinned['roads']['sha256'][:12]}" in out
    assert "missing (offline: downloads disabled)" in out
    for name in ("kommuner", "roads"):
        assert f"{pinned[name]['file']} in {mirror} is damaged" in err
        assert f"Replace it with a fresh copy from {pinned[name]['url']}" in err
    assert "PROBLEMS FOUND: 3 source file(s) FAILED" in out


def _bad_geodata(tmp_path: Path) -> Path:
    """geodata/ copied, with four files bad at once (each a different way)."""
    geodata = tmp_path / "geodata"
    shutil.copytree(curated.GEODATA, geodata)
    for name, column, value in [("crisis_centres.csv", "status", "open"), ("action_plans.csv", "status", "vedtatt"),
                                ("catchments.csv", "centre_id", "nowhere")]:
        df = pd.read_csv(geodata / name, dtype=str, keep_default_na=False)
        df.loc[0, column] = value
        df.to_csv(geodata / name, index=False)
    (geodata / "action_plan_leads.csv").write_bytes(b"kommunenummer,source_url\n\xff\xfe0301,x\n")
    return geodata


def test_every_bad_curated_file_is_named_in_one_error(tmp_path, monkeypatch, kommuner):
    monkeypatch.setattr(curated, "GEODATA", _bad_geodata(tmp_path))
    with pytest.raises(ValidationErrors) as err:
        table.load_curated(kommuner)
    by_file = {e.source: e.problems for e in err.value.errors}
    assert list(by_file) == ["crisis_centres.csv", "catchments.csv", "action_plans.csv", "action_plan_leads.csv"]
    assert by_file["crisis_centres.csv"] == ["row 2: status 'open' is not allowed; allowed: active, closed"]
    assert by_file["catchments.csv"] == ["row 2: centre_id 'nowhere' is not in crisis_centres.csv"]
    assert by_file["action_plans.csv"] == ["row 2: status 'vedtatt' is not allowed; allowed: adopted, in_progress, expired, none"]
    assert by_file["action_plan_leads.csv"][0].startswith("cannot be read as a UTF-8 CSV table (UnicodeDecodeError")
    text = err.value.user_message()
    assert text.startswith("4 file(s) with problems") and str(tmp_path) not in text


def test_check_reports_every_bad_curated_file_in_one_pass(tmp_path):
    geodata = _bad_geodata(tmp_path)
    result = _check(Path(os.environ["DEKNING_DATA_DIR"]),
                    setup=f"from loaders import curated; from pathlib import Path; curated.GEODATA = Path({str(geodata)!r})")
    assert result.returncode == 3
    assert "Traceback" not in result.stdout + result.stderr and "NETWORK ATTEMPT" not in result.stderr
    assert "curated tables: FAILED — 4 file(s) with problems" in result.stdout
    for name in ("crisis_centres.csv: 1 problem", "catchments.csv: 1 problem", "action_plans.csv: 1 problem",
                 "action_plan_leads.csv: 1 problem"):
        assert name in result.stdout


def test_the_app_with_a_damaged_data_file_shows_a_plain_error_without_server_paths(tmp_path, monkeypatch, network):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    mirror = _mirror_copy(tmp_path)
    _truncate(mirror / "boundaries" / "Kommuner-S.geojson")
    monkeypatch.setenv("DEKNING_DATA_DIR", str(mirror))
    monkeypatch.setenv("DEKNING_CACHE_DIR", str(tmp_path / "cache"))  # cold: the model is built from the files
    monkeypatch.setenv("DEKNING_OFFLINE", "1")
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=180).run()
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
    assert not at.exception
    shown = page_text(at)
    assert "skadet" in shown and "boundaries/Kommuner-S.geojson" in shown and "sha256" in shown
    assert f"fresh copy from {registry.sources()['kommuner']['url']}" in shown
    assert "116 006" in shown  # the helplines stay on an error page
    assert str(tmp_path) not in shown and str(ROOT) not in shown and "Traceback" not in shown
    assert network == []
