"""The oracle itself (tests/oracle.py) on examples worked by hand, so the surfaces are held against something
known to be right."""

import numpy as np
import pandas as pd
import pytest

from tests import oracle
from tests.readback import near, number


def test_weighted_quantile_by_hand():
    # values 10, 20, 30, 40 with weights 1, 1, 1, 7: cumulative shares .1 .2 .3 1.0
    v, w = [40, 10, 30, 20], [7, 1, 1, 1]
    assert oracle.wquantile(v, w, 0.5) == 40  # the heavy cell holds the median
    assert oracle.wquantile(v, w, 0.2) == 20  # share exactly 0.2 reached at 20: "≥ q" takes it
    assert oracle.wquantile(v, w, 0.21) == 30
    assert oracle.wquantile(v, w, 0.9) == 40
    assert oracle.wquantile([10, 20], [1, 1], 0.5) == 10  # exactly half at the first value
    assert oracle.wquantile([10, np.inf, 20], [1, 100, 1], 0.9) == 20  # the unreachable are left out
    assert oracle.wquantile([10, 20], [0, 1], 0.5) == 20  # no weight, no say
    assert np.isnan(oracle.wquantile([np.inf], [1], 0.5))


def test_weighted_share_counts_only_people_who_can_reach_a_centre():
    # 2 people at 50 min, 3 at 100 min, 5 with no road: 3 of the 5 who can reach one are over 90
    assert oracle.wshare([50, 100, np.inf], [2, 3, 5], 90) == pytest.approx(0.6)
    assert oracle.wshare([90, 91], [1, 1], 90) == pytest.approx(0.5)  # "over" is strictly more than
    assert np.isnan(oracle.wshare([np.inf], [1], 90))


def _tiny() -> oracle.Inputs:
    """Two kommuner in one fylke, three cells each; centre A has two departments (rows 0 and 1), B one."""
    cells = pd.DataFrame({"kommunenummer": ["9901"] * 3 + ["9902"] * 3, "x": [5e5] * 6,
                          "y": [7e6, 7.01e6, 7.02e6, 7.03e6, 7.04e6, 7.05e6],
                          "w_all": [1.0, 1.0, 4.0, 3.0, 3.0, 0.4], "w_women": [1.0] * 6, "fylkesnummer": ["99"] * 6})
    minutes = np.array([[10, 50, 95, 70, 80, np.inf],    # A, department 1
                        [30, 40, 99, 60, 85, np.inf],    # A, department 2
                        [20, 45, 91, 50, 100, np.inf]])  # B
    km = minutes * 1.5
    return oracle.Inputs(
        cells=cells, site_centre=np.array(["a", "a", "b"]), site_lat=np.array([63.0, 63.1, 63.2]),
        site_lon=np.array([15.0, 15.0, 15.0]), site_minutes=minutes, site_km=km,
        documented=pd.DataFrame({"kommunenummer": ["9902", "9902"], "centre_id": ["a", "b"],
                                 "as_of": ["2020", "2024"], "evidence_tag": ["", "temporary"]}),
        kommuner=pd.DataFrame({"kommunenummer": ["9901", "9902"], "kommunenavn": ["En", "To"],
                               "fylkesnummer": ["99", "99"], "plan_status": ["none", "unknown"]}),
        centre_names={"a": "A-senteret", "b": "B-senteret"})


def test_tiny_model_by_hand():
    inp = _tiny()
    k = oracle.kommuner(inp, "all", 90)
    # 9901: nearest per cell: 10 (A), 40 (A, dept 2), 91 (B) with weights 1, 1, 4 → median 91, B has most people
    assert k.loc["9901", "median_min_nearest"] == 91
    assert k.loc["9901", "nearest_centre_id"] == "b"
    assert k.loc["9901", "share_over_90_nearest"] == pytest.approx(4 / 6)
    # own centre of 9901 (not documented): weighted medians to A (10, 40, 95) = 95 and to B (20, 45, 91) = 91 → B
    assert k.loc["9901", "centre_id"] == "b"
    # 9902: documented for A (2020) and B (2024, temporary): the non-temporary source wins
    assert k.loc["9902", "centre_id"] == "a"
    # nearest per cell 50 (B), 80 (A), unreachable: median over 3+3 people is 50; 0.4 unreachable rounds to 0
    assert k.loc["9902", "median_min_nearest"] == 50
    assert k.loc["9902", "median_min_affiliated"] == 60
    assert k.loc["9902", "unreachable"] == 0 and k.loc["9902", "people"] == 6
    assert k.loc["9902", "median_km_nearest"] == 75  # the km of the fastest path, 50 min × 1.5
    # pooled: the B-cell and the A-cell have 3 each; ties go to the first name in order
    assert k.loc["9902", "nearest_centre_id"] in ("a", "b")
    assert k.loc["9901", "gap_class"] == "dobbelt_gap" and k.loc["9902", "gap_class"] == "ukjent_naer"
    a = oracle.areas(inp, "all", 90)
    # the fylke pools the six cells: nearest 10, 40, 91, 50, 80 (w 1, 1, 4, 3, 3) → sorted 10 40 50 80 91,
    # cumulative 1 2 5 8 12 of 12 → median 50 (5/12 < .5), so 80; P90 → 91
    assert a.loc["99", "median_min_nearest"] == 80
    assert a.loc["99", "p90_min_nearest"] == 91
    assert a.loc["norge", "median_min_nearest"] == 80


def test_straight_line_is_geodesic():
    inp = _tiny()
    t = oracle.cell_trips(inp)
    # every cell is on x = 500 000 (15°E in EPSG:25833); the nearest town point is straight north or south
    assert (t["straight_km"] < 60).all() and t["straight_km"].min() >= 0


def test_reading_numbers_back():
    assert number("1\u00a0234,5\u00a0min", "nb") == 1234.5
    assert number("1,234.5 min", "en") == 1234.5
    assert number("−3", "nb") == -3
    assert number("12\u00a0%", "nb") == 12
    assert np.isnan(number("ukjent", "nb"))
    assert near(14.0, 14.49) and not near(14.0, 14.51)
