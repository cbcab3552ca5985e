"""Weighted quantiles and shares on inputs small enough to work out by hand.

Rule (coverage/stats.py): the q-quantile of a group is the smallest value whose cumulative weight share is
at least q; non-finite values and zero weights are left out; a group with nothing left is NaN.
"""

import numpy as np
import pytest

from coverage.stats import weighted_quantiles, weighted_share


def wq(values, weights, qs=(0.5, 0.9), groups=None, n_groups=1):
    values = np.asarray(values, dtype=float)
    groups = np.zeros(len(values), dtype=int) if groups is None else np.asarray(groups)
    return weighted_quantiles(groups, values, np.asarray(weights, dtype=float), qs, n_groups)


def test_median_and_p90_differ_on_a_skewed_group():
    # shares after each sorted value: 1 → .2, 2 → .4, 3 → .6, 4 → .8, 10 → 1.0
    median, p90 = wq([10, 2, 4, 1, 3], [1, 1, 1, 1, 1])[:, 0]
    assert median == 3
    assert p90 == 10


def test_share_exactly_at_q_takes_that_value_not_the_next():
    # shares: 1 → .25, 2 → .5 (= q), 3 → .75, 4 → 1.0
    assert wq([1, 2, 3, 4], [1, 1, 1, 1], qs=(0.5,))[0, 0] == 2
    assert wq([1, 2, 3, 4], [1, 1, 1, 1], qs=(0.75,))[0, 0] == 3


def test_weights_move_the_median():
    # unweighted median of 1, 2, 3 is 2; with weights 1, 1, 8 the shares are .1, .2, 1.0 → 3
    assert wq([1, 2, 3], [1, 1, 8], qs=(0.5,))[0, 0] == 3
    # and the other way: 8, 1, 1 → shares .8, .9, 1.0 → median 1, P90 2
    median, p90 = wq([1, 2, 3], [8, 1, 1])[:, 0]
    assert (median, p90) == (1, 2)


def test_non_finite_values_and_zero_weights_are_left_out():
    # left: 1, 2, 3 (NaN, inf and the zero-weight 100 drop out) → median 2, P90 3
    median, p90 = wq([1, np.nan, np.inf, 2, 3, 100], [1, 1, 1, 1, 1, 0])[:, 0]
    assert (median, p90) == (2, 3)


def test_groups_are_independent_and_an_empty_group_is_nan():
    groups = [2, 0, 2, 0, 0, 2, 3]
    values = [40, 1, 2, 30, 20, 10, np.inf]  # the groups' values interleave
    out = wq(values, [1, 1, 1, 1, 1, 1, 1], groups=groups, n_groups=4)
    assert list(out[0, [0, 2]]) == [20, 10]  # medians of {1, 20, 30} and {2, 10, 40}
    assert list(out[1, [0, 2]]) == [30, 40]
    assert np.isnan(out[:, 1]).all()  # group 1 has no cell
    assert np.isnan(out[:, 3]).all()  # group 3 has only an unreachable (inf) cell


def test_single_value_group_is_that_value_for_every_q():
    out = wq([7.5], [3], qs=(0.01, 0.5, 0.9, 1.0))
    assert list(out[:, 0]) == [7.5, 7.5, 7.5, 7.5]


def test_fractional_weights():
    # shares: 5 → .05, 6 → .55, 9 → 1.0 → median 6, P90 9
    median, p90 = wq([9, 5, 6], [0.45, 0.05, 0.5])[:, 0]
    assert (median, p90) == (6, 9)


def test_weighted_share_counts_weight_not_cells():
    groups = np.array([0, 0, 0, 1, 1])
    mask = np.array([True, False, False, True, True])
    weights = np.array([3.0, 1.0, 0.0, 2.0, 2.0])
    assert weighted_share(groups, mask, weights, 3) == pytest.approx([0.75, 1.0, np.nan], nan_ok=True)


def test_weighted_share_among_a_subset():
    groups = np.zeros(4, dtype=int)
    mask = np.array([True, False, True, False])
    among = np.array([True, True, False, False])
    assert weighted_share(groups, mask, np.ones(4), 1, among=among)[0] == pytest.approx(0.5)


def test_a_small_group_after_a_large_one_keeps_its_exact_median():
    """Cumulative shares restart in each group: 0.1 + 0.2 of 0.6 is exactly half at 20, however many people the
    groups before it hold (a running sum over every group minus its total lost ~1e-10: Etnedal's median for
    women 18+ read 78.2 min instead of 78.0)."""
    rng = np.random.default_rng(1)
    big = rng.uniform(0, 1000, 10000)
    groups = np.concatenate([np.zeros(len(big), int), [1, 1, 1]])
    values = np.concatenate([rng.uniform(0, 100, len(big)), [10.0, 20.0, 30.0]])
    weights = np.concatenate([big, [0.1, 0.2, 0.3]])
    assert weighted_quantiles(groups, values, weights, (0.5,), 2)[0, 1] == 20
