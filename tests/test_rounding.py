"""One rounding rule for people counts (issue 19, item 7): each kommune's people beyond the threshold is rounded to
whole people, and every total a reader sees — the app's card, a static map's key figures, the what-if sheet — is
the sum of those rows, so a journalist who adds up the data file gets the number on screen exactly."""

import io

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests import readback
from tests.conftest import ROOT

APP = str(ROOT / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def data_file(cli) -> pd.DataFrame:
    raw = cli("export", "table", "--format", "csv", suffix="csv").read_bytes()
    return pd.read_csv(io.BytesIO(raw), dtype={"kommunenummer": str, "fylkesnummer": str}, encoding="utf-8-sig")


def _card(fylke: str) -> int:
    at = AppTest.from_file(APP, default_timeout=240)
    if fylke:
        at.query_params["fylke"] = fylke
    at.run()
    assert not at.exception, at.exception
    value = next(m.value for m in at.metric if "90 min" in m.label)
    return int("".join(ch for ch in value if ch.isdigit()))


@pytest.mark.parametrize("fylke", ["", "55", "18", "03", "46"])
def test_the_card_is_the_sum_of_the_data_file_rows(data_file, fylke, empty_register):
    rows = data_file[data_file["fylkesnummer"] == fylke] if fylke else data_file
    assert rows["people_over_90_nearest"].dtype.kind == "i"  # whole people in the file
    assert _card(fylke) == int(rows["people_over_90_nearest"].sum())


def test_a_static_maps_key_figure_is_the_sum_of_the_data_file_rows(cli, data_file):
    path = cli("export", "map", "--area", "55", "--indicator", "gap_class", "--format", "svg", "--size", "slide",
               suffix="svg")
    rows = data_file[data_file["fylkesnummer"] == "55"]
    shown = readback.key_figures(readback.svg_lines(path), "nb", 90, "all", len(rows))
    assert shown["beyond"] == int(rows["people_over_90_nearest"].sum()), shown
