"""`python -m coverage` on the mirror: kommuner CSV, route JSON, scenario, errors without tracebacks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def _run(*args):
    return subprocess.run([sys.executable, "-m", "coverage", *args], cwd=ROOT, env=os.environ.copy(),
                          capture_output=True, text=True, timeout=300)


def test_kommuner_csv_keeps_four_digit_numbers(tmp_path, model):
    out = tmp_path / "ind.csv"
    result = _run("kommuner", "--out", str(out))
    assert result.returncode == 0, result.stderr
    df = pd.read_csv(out, dtype={"kommunenummer": str})
    assert len(df) == 357 and "0301" in set(df["kommunenummer"])
    assert {"median_min_nearest", "p90_min_affiliated", "gap_class", "road_straight_ratio"} <= set(df.columns)


def test_route_prints_json_with_ferries():
    result = _run("route", "--from", "60.39,5.32", "--to", "59.41,5.27")
    data = json.loads(result.stdout)
    assert data["reachable"] and data["ferries"] >= 1 and 100 < data["km"] < 200


def test_scenario_close_and_bad_id(tmp_path, model):
    out = tmp_path / "closed.csv"
    assert _run("scenario", "--close", "salten", "--out", str(out)).returncode == 0
    assert "salten" not in set(pd.read_csv(out)["centre_id"])
    bad = _run("scenario", "--close", "atlantis")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "atlantis" in bad.stderr
