"""Gap classes from plan status and median minutes."""

import pandas as pd
import pytest

from coverage import gaps


def _frame():
    return pd.DataFrame({
        "plan_status": ["adopted", "none", "adopted", "expired", "unknown", "in_progress", "adopted"],
        "median_min_nearest": [30.0, 30.0, 120.0, 120.0, 200.0, 95.0, float("nan")],
    })


def test_classes_follow_the_design():
    out = gaps.classify(_frame(), threshold=90)
    assert list(out) == ["dekket", "mangler_plan", "lang_reisevei", "dobbelt_gap", "ukjent", "dobbelt_gap",
                         "lang_reisevei"]


def test_threshold_moves_kommuner_between_near_and_far():
    assert gaps.classify(_frame(), threshold=100).iloc[5] == "mangler_plan"


@pytest.mark.parametrize("bad", [0, -5, float("nan")])
def test_bad_threshold_is_refused(bad):
    with pytest.raises(ValueError, match="threshold"):
        gaps.classify(_frame(), threshold=bad)


def test_unknown_basis_is_refused():
    with pytest.raises(ValueError, match="allowed: nearest, affiliated"):
        gaps.classify(_frame(), basis="fastest")
