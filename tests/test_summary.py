"""coverage/summary.py by hand: the KPI figures of a four-kommune selection, what a what-if changes, the stale
evidence beside the counts, and the nearest kommuner without a centre."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from coverage import summary

YEAR = dt.date.today().year


def _table(**changes):
    t = pd.DataFrame({
        "kommunenummer": ["0001", "0002", "0003", "0004"],
        "people": [1000, 200, 300, 50], "unreachable": [100, 0, 300, 0],
        "share_over_90_nearest": [0.5, 0.25, np.nan, 0.1],
        "median_min_nearest": [10.0, 300.0, np.nan, 90.0],
        "plan_status": ["adopted", "none", "unknown", "expired"],
        # A: long ago, B: four calendar years back (3–4 years past its end: stale), C: undated, D: this year
        "plan_as_of": ["2000", str(YEAR - 4), "undated", str(YEAR)],
        "gap_class": ["dekket", "dobbelt_gap", "ukjent_langt", "dobbelt_gap"],
        "plan_asked_on": ["2025-01-01", "", "2025-02-01", ""], "plan_asked_overdue": [True, False, False, False]})
    return t.assign(**changes)


def test_selection_summary_by_hand():
    """Beyond 90 among those who can reach a centre: 0.5 × 900 + 0.25 × 200 + 0 + 0.1 × 50 = 505. Stale evidence:
    A, B and C (undated); the not-current rows B and D, one stale; the double gaps B and D, one stale. Far: B, C and
    D. Close to 90 minutes: only D (its median is 90)."""
    s = summary.selection_summary(_table(), 90, area=pd.Series({"median_min_nearest": 42.0}))
    assert s == {"people": 1550, "beyond": 505, "unreachable": 400, "kommuner": 4, "current": 1, "not_current": 2,
                 "unknown_plan": 1, "double_gap": 2, "not_current_stale": 1, "double_gap_stale": 1, "far": 3,
                 "close": 1, "asked": 2, "asked_overdue": 1, "median_min": 42.0}
    plain = summary.selection_summary(_table().drop(columns=["plan_asked_on", "plan_asked_overdue"]), 90)
    assert (plain["asked"], plain["asked_overdue"]) == (0, 0) and np.isnan(plain["median_min"])


def test_people_beyond_are_whole_people_of_those_who_can_reach_a_centre():
    t = _table(share_over_90_nearest=[0.0005, 0.0025, np.nan, 0.5])
    # 0.45 → 0; 0.5 → 0 (to even); no share → 0; 25
    assert summary.people_beyond(t, 90).tolist() == [0, 0, 0, 25]
    assert summary.people_beyond(t.assign(share_over_90_nearest=[0.0017, 0.0075, 0.0, 0.31]), 90.0).tolist() == \
        [2, 2, 0, 16]


def test_whatif_effect_by_hand():
    before = _table()
    after = _table(share_over_90_nearest=[0.1, 0.25, np.nan, 0.0], gap_class=["dekket", "mangler_plan", "ukjent_langt",
                                                                              "mangler_plan"])
    got = summary.whatif_effect(before, after, 90)
    # before 505, after 90 + 50 + 0 + 0 = 140: 365 more people within reach, of 1550
    assert got == {"beyond_before": 505, "beyond_after": 140, "gained": 365, "share": pytest.approx(365 / 1550),
                   "changed": ["0002", "0004"]}


def test_stale_evidence_is_undated_or_older_than_three_years():
    stale = summary._stale(_table(plan_as_of=["", str(YEAR - 4), str(YEAR - 2), "undated"]))
    assert stale.tolist() == [True, True, False, True]
    assert summary._stale(_table().drop(columns="plan_as_of")).all()


def test_nearest_kommuner_without_a_centre_by_hand():
    points = pd.DataFrame({"kommunenummer": ["a", "b", "c", "d", "e"], "x": [10.0, 13.0, 10.0, 11.0, 8.0],
                           "y": [-5.0, -1.0, 1.0, -4.0, -5.0]})
    # from a (10, −5): d √2, e 2, b 5, c 6; d hosts a centre
    assert summary.nearest_without_centre(points, {"d"}, "a", n=2) == ["e", "b"]
    assert summary.nearest_without_centre(points, set(), "a") == ["d", "e", "b"]
    assert summary.nearest_without_centre(points, set(), "x") == []
