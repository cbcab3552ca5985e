"""coverage.travel on a hand-built road whose answers are worked out by hand: a centre's nearest department
(access legs at both ends count), the trip's km, and the error for a centre that is not running."""

import numpy as np
import pytest

from coverage import network, travel
from tests.test_network import PLAIN, make_links

FLAT = network.Params(**PLAIN, ferry_model="ssb_flat")
# One class-E road (60 km/h) with nodes A(0), M(30 km), C(45 km), B(60 km) along y = 0.
ROAD = make_links([("road", "E", 1, [(0, 0), (30_000, 0)]), ("road", "E", 1, [(30_000, 0), (45_000, 0)]),
                   ("road", "E", 1, [(45_000, 0), (60_000, 0)])])


@pytest.fixture(scope="module")
def runs():
    """Centre X has two departments: X1 3 km off A (6 min access at 30 km/h), X2 12 km off B (24 min); centre Y
    sits on M."""
    net = network.build(FLAT, links=ROAD)
    return net, travel.run_centres(net, np.array(["X", "X", "Y"]), np.array([0.0, 60_000.0, 30_000.0]),
                                   np.array([3_000.0, 12_000.0, 0.0]), 30.0, 1.0)


def test_nearest_department_counts_the_departments_own_access_leg(runs):
    """From M: X1 = 30 + 6 = 36 min, X2 = 30 + 24 = 54 min → X1. From C: X1 = 45 + 6 = 51, X2 = 15 + 24 = 39 → X2.
    From A: X1 = 6, X2 = 60 + 24 = 84 → X1. Without the access legs M would tie and C would pick X2 all the same,
    but with them subtracted M would go to X2."""
    net, r = runs
    cells = travel.access(net, np.array([30_000.0, 45_000.0, 0.0, 45_000.0]), np.array([0.0, 0.0, 0.0, 0.0]), 30.0, 1.0)
    t = travel.to_nearest_department(r, cells, np.array(["X", "X", "X", "Y"]))
    assert list(t.nearest) == [0, 1, 0, 2]
    assert t.minutes == pytest.approx([36.0, 39.0, 6.0, 15.0])
    assert t.km == pytest.approx([33.0, 27.0, 3.0, 15.0])  # road km + the department's access km
    assert list(t.ferries) == [0, 0, 0, 0]


def test_nearest_centre_pools_every_run_row(runs):
    """travel.nearest: from C, Y (15 min) beats X2 (39) and X1 (51); from A, X1 (6) beats Y (30)."""
    net, r = runs
    cells = travel.access(net, np.array([45_000.0, 0.0]), np.array([0.0, 0.0]), 30.0, 1.0)
    t = travel.nearest(r, cells)
    assert list(r.centre_ids[t.nearest]) == ["Y", "X"] and t.minutes == pytest.approx([15.0, 6.0])


def test_a_centre_not_running_is_named_with_the_active_ones(runs):
    net, r = runs
    cells = travel.access(net, np.array([0.0]), np.array([0.0]), 30.0, 1.0)
    with pytest.raises(KeyError, match="centre\\(s\\) Z not active; active: X, Y"):
        travel.to_nearest_department(r, cells, np.array(["Z"]))


def test_route_between_two_points_with_access_legs():
    """A point 3 km off A to a point 6 km off B: 6 + 60 + 12 min, 3 + 60 + 6 km, no ferry."""
    net = network.build(FLAT, links=ROAD)
    got = travel.route(net, (0.0, 3_000.0), (60_000.0, 6_000.0), 30.0, 1.0)
    assert got == {"minutes": pytest.approx(78.0), "km": pytest.approx(69.0), "ferries": 0, "reachable": True}
