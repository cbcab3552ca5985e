"""`python -m export` on the mirror: map (PNG, SVG with the weight named, HTML), fact sheet, table, what-if,
batch over fylker, errors without traceback."""

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
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
    width, height = Image.open(png).size  # social: 1080 wide, square up to 4:5 as the area's shape asks
    assert width == 1080 and 1080 <= height <= 1350, (width, height)
    assert "Share living over 60 min" in Image.open(png).text["Title"]
    assert _run("factsheet", "--kommune", "0301", "--weight", "women18", "--out", str(pdf)).returncode == 0
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Reisetider vektet etter kvinner 18 år og eldre" in text
    assert _run("table", "--format", "csv", "--out", str(csv)).returncode == 0
    assert len(pd.read_csv(csv, dtype={"kommunenummer": str}, encoding="utf-8-sig")) == 357


def test_weight_is_named_in_the_map_title(tmp_path, model):
    svg = tmp_path / "k.svg"
    result = _run("map", "--indicator", "median_min_nearest", "--weight", "women18", "--format", "svg", "--size", "slide",
                  "--out", str(svg))
    assert result.returncode == 0, result.stderr
    title = ET.parse(svg).getroot().find("{http://www.w3.org/2000/svg}title").text
    assert title == "Median kjøretid til nærmeste krisesenter — Norge (kvinner 18 år og eldre)"


def test_html_map_and_whatif_sheet(tmp_path, model):
    page, sheet = tmp_path / "troms.html", tmp_path / "hva-om.pdf"
    result = _run("map", "--format", "html", "--area", "55", "--lang", "en", "--out", str(page))
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="dk-data">(.*?)</script>', html, re.S).group(1))
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html and len(data["k"]) == 21
    result = _run("whatif", "--add", "5544", "--fylke", "55", "--out", str(sheet))
    assert result.returncode == 0, result.stderr
    info = subprocess.run(["pdfinfo", str(sheet)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\n", info) and "Hva om: nytt senter i Nordreisa" in info


def test_all_fylker_batch_writes_fifteen_files(tmp_path, model):
    result = _run("factsheet", "--all-fylker", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.glob("faktaark-*.pdf"))) == 15


def test_bad_indicator_kommune_and_centre_are_named(tmp_path):
    bad = _run("map", "--indicator", "foo", "--out", str(tmp_path / "x.png"))
    assert bad.returncode == 2 and "allowed: gap_class" in bad.stderr and "Traceback" not in bad.stderr
    bad = _run("factsheet", "--kommune", "9999", "--out", str(tmp_path / "x.pdf"))
    assert bad.returncode == 2 and "9999" in bad.stderr
    bad = _run("whatif", "--close", "atlantis", "--out", str(tmp_path / "x.pdf"))
    assert bad.returncode == 2 and "'atlantis' is not active; allowed: alta" in bad.stderr and "Traceback" not in bad.stderr


def test_a_point_is_rounded_once_to_town_level(model, indicators_table):
    """`whatif --add-at` places the centre at the point rounded to two decimals (town level), rounded once:
    65.8451,13.1951 is 65.85, 13.20 (rounding first to three decimals would give 65.845 → 65.84, a kilometre off)."""
    from argparse import Namespace

    from export import __main__ as cli
    from register import publish

    args = Namespace(add=None, add_at="65.8451,13.1951", close=None, lang="en", weight="all", threshold=90)
    active = model.centres[model.centres["status"] == "active"]
    what, _, after = cli._scenario(args, model, indicators_table, active, publish.nothing())
    assert "65.85, 13.20" in what, what
    new = after[~after["id"].isin(active["id"])]
    assert len(new) == 1 and (new["lat"].iloc[0], new["lon"].iloc[0]) == (65.85, 13.20)
