"""`python -m export` on the mirror: map, fact sheet, table, batch over fylker, errors without traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent


def _run(*args):
    return subprocess.run([sys.executable, "-m", "export", *args], cwd=ROOT, env=os.environ.copy(),
                          capture_output=True, text=True, timeout=600)


def test_map_factsheet_and_table(tmp_path, model):
    png, pdf, csv = tmp_path / "troms.png", tmp_path / "oslo.pdf", tmp_path / "k.csv"
    assert _run("map", "--area", "55", "--indicator", "share_over_60_nearest", "--size", "social", "--lang", "en",
                "--out", str(png)).returncode == 0
    assert Image.open(png).size == (1080, 1080)
    assert _run("factsheet", "--kommune", "0301", "--out", str(pdf)).returncode == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert _run("table", "--format", "csv", "--out", str(csv)).returncode == 0
    assert len(pd.read_csv(csv, dtype={"kommunenummer": str}, encoding="utf-8-sig")) == 357


def test_all_fylker_batch_writes_fifteen_files(tmp_path, model):
    result = _run("factsheet", "--all-fylker", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.glob("faktaark-*.pdf"))) == 15


def test_bad_indicator_and_kommune_are_named(tmp_path):
    bad = _run("map", "--indicator", "foo", "--out", str(tmp_path / "x.png"))
    assert bad.returncode == 2 and "allowed: gap_class" in bad.stderr and "Traceback" not in bad.stderr
    bad = _run("factsheet", "--kommune", "9999", "--out", str(tmp_path / "x.pdf"))
    assert bad.returncode == 2 and "9999" in bad.stderr
