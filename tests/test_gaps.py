"""The gap rule, worked out by hand: plan group × near/far, unknown never counted as 'no plan'."""

import pandas as pd
import pytest

from coverage import gaps
from coverage.summary import selection_summary


def _frame():
    return pd.DataFrame({
        "plan_status": ["adopted", "none", "adopted", "expired", "unknown", "in_progress", "adopted", "unknown"],
        "median_min_nearest": [30.0, 30.0, 120.0, 120.0, 200.0, 95.0, float("nan"), 10.0],
    })


def test_classes_follow_the_design():
    out = gaps.classify(_frame(), threshold=90)
    # in_progress is not a current plan; NaN (nobody can reach a centre by road) counts as far
    assert list(out) == ["dekket", "mangler_plan", "lang_reisevei", "dobbelt_gap", "ukjent_langt", "dobbelt_gap",
                         "lang_reisevei", "ukjent_naer"]


def test_threshold_moves_kommuner_between_near_and_far():
    assert gaps.classify(_frame(), threshold=100).iloc[5] == "mangler_plan"
    assert gaps.classify(_frame(), threshold=30).iloc[0] == "dekket"  # a median equal to the threshold is near


def test_unknown_is_never_a_double_gap_and_filters_use_the_rule():
    t = _frame().assign(gap_class=lambda d: gaps.classify(d, 90))
    assert list(gaps.select(t, "double_gap").index) == [3, 5]
    assert list(gaps.select(t, "far_unknown").index) == [4]
    assert list(gaps.select(t, "far").index) == [2, 3, 4, 5, 6]
    assert len(gaps.select(t, "all")) == 8


def test_summary_separates_evidenced_no_plan_from_unknown():
    t = _frame().assign(gap_class=lambda d: gaps.classify(d, 90), people=100, unreachable=0,
                        share_over_90_nearest=0.5)
    s = selection_summary(t, 90)
    assert (s["current"], s["not_current"], s["unknown_plan"], s["double_gap"], s["far"]) == (3, 3, 2, 2, 5)
    assert s["beyond"] == 400


@pytest.mark.parametrize("bad", [0, -5, float("nan")])
def test_bad_threshold_is_refused(bad):
    with pytest.raises(ValueError, match="threshold"):
        gaps.classify(_frame(), threshold=bad)


def test_unknown_basis_and_status_are_refused():
    with pytest.raises(ValueError, match="allowed: nearest, affiliated"):
        gaps.classify(_frame(), basis="fastest")
    with pytest.raises(ValueError, match="'maybe' not allowed"):
        gaps.classify(pd.DataFrame({"plan_status": ["maybe"], "median_min_nearest": [1.0]}))
    with pytest.raises(ValueError, match="filter 'nope' not allowed"):
        gaps.select(_frame().assign(gap_class="dekket"), "nope")
