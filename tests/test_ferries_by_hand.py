"""coverage.ferries on inputs worked out by hand: the waits from headways and check-in times, the per-crossing
errors and their summary, the bounded fit of manoeuvring minutes and sailing speed, the snap of a quay point to the
network and the choice of the short/long split (no real network: every crossing is a straight ferry link)."""

import numpy as np
import pandas as pd
import pytest

from coverage import ferries, network, travel
from tests.test_network import CROSSING, make_links


def test_waits_are_half_the_median_short_headway_and_the_median_long_check_in():
    waits = pd.DataFrame({"kind": ["short", "short", "short", "short", "long", "long", "long"],
                          "measure": ["headway", "headway", "headway", "checkin", "checkin", "checkin", "headway"],
                          "minutes": [20, 30, 60, 5, 30, 60, 600]})
    # short headways 20, 30, 60 → median 30 → 15; long check-ins 30, 60 → 45; the rest is not a wait of its kind
    assert ferries.waits_from_sources(waits) == {"short": 15.0, "long": 45.0}


def _frame(rows):
    return pd.DataFrame(rows, columns=["crossing_id", "kind", "minutes", "model_sail_min", "flat_min"])


def test_crossing_summary_by_hand():
    """Crossing a (short) has two published durations, 40 and 60 → median 50; the model 45 (−10 %), flat 100 (+100 %).
    b (short): 20 published, model 22 (+10 %), flat 30 (+50 %). c (long): 100, model 130 (+30 %), flat 90 (−10 %)."""
    ev = _frame([("a", "short", 40, 45, 100), ("a", "short", 60, 45, 100), ("b", "short", 20, 22, 30),
                 ("c", "long", 100, 130, 90)])
    s = ferries.crossing_summary(ev)
    assert (s["crossings"], s["rows"], s["short_crossings"], s["long_crossings"]) == (3, 4, 2, 1)
    assert s["median_abs_pct"] == pytest.approx(10.0) and s["worst_abs_pct"] == pytest.approx(30.0)
    assert s["flat_median_abs_pct"] == pytest.approx(50.0) and s["flat_worst_abs_pct"] == pytest.approx(100.0)
    assert s["short_median_abs_pct"] == pytest.approx(10.0) and s["long_median_abs_pct"] == pytest.approx(30.0)
    only_short = ferries.crossing_summary(ev[ev["kind"] == "short"])
    assert np.isnan(only_short["long_median_abs_pct"]) and only_short["long_crossings"] == 0


def test_fit_of_one_kind_recovers_exact_data_and_keeps_to_its_bounds():
    km = np.array([5.0, 10.0, 20.0])
    dock, kmh = ferries._fit_kind(km, 12 + km / 24 * 60)  # 12 min + 24 km/h, inside every bound
    assert (dock, kmh) == (pytest.approx(12.0), pytest.approx(24.0))
    # 60 km/h is faster than any car ferry: the fit stops at 45 km/h; 4 km/h is slower than any: it stops at 8
    assert ferries._fit_kind(km, 10 + km)[1] == pytest.approx(45.0)
    assert ferries._fit_kind(km, 5 + km * 15)[1] == pytest.approx(8.0)
    # manoeuvring stays within 0 and 60 minutes
    assert ferries._fit_kind(km, -5 + km / 24 * 60)[0] == pytest.approx(0.0, abs=1e-6)
    assert ferries._fit_kind(km, 90 + km / 24 * 60)[0] == pytest.approx(60.0)


# Six straight crossings northwards, 1° of longitude apart at 65° N, their quays at two decimals as in the real
# file: short ones (about 6, 8 and 11 km) at 10 min + 20 km/h, long ones (about 24, 40 and 60 km) at 30 min + 30 km/h.
DLAT = (0.05, 0.07, 0.10, 0.22, 0.36, 0.54)


def _km(i):
    (x0, x1), (y0, y1) = travel.to_utm(np.array([65.0, 65.0 + DLAT[i]]), np.array([12.0 + i] * 2))
    return float(np.hypot(x1 - x0, y1 - y0)) / 1000


LENGTHS = [_km(i) for i in range(6)]


def _minutes(km):
    return 10 + km / 20 * 60 if km < 18 else 30 + km / 30 * 60


def _crossings(offset_m: float = 0.0):
    """The hand network (each ferry link `offset_m` east of its reference quays) and the reference table."""
    rows, refs = [], []
    for i, dlat in enumerate(DLAT):
        lat, lon = np.array([65.0, 65.0 + dlat]), np.array([12.0 + i] * 2)
        x, y = travel.to_utm(lat, lon)
        rows.append(("ferry", "F", 100 + i, list(zip(x + offset_m, y, strict=True))))
        refs.append({"crossing_id": f"c{i}", "from_lat": lat[0], "from_lon": lon[0], "to_lat": lat[1],
                     "to_lon": lon[1], "minutes": _minutes(LENGTHS[i]), "source_url": f"https://example.org/{i}"})
    return network.build(CROSSING, links=make_links(rows)), pd.DataFrame(refs)


def test_quay_points_snap_to_network_quays_within_1500_m():
    net, ref = _crossings(1_400.0)
    geo = ferries.crossing_geometry(net, ref)
    assert (geo["edge"] >= 0).all() and geo["km"].to_numpy() == pytest.approx(LENGTHS, abs=2e-3)
    assert sorted(net.line_road[geo["line"]]) == [str(100 + i) for i in range(6)]
    assert geo["line_road"].tolist() == [str(100 + i) for i in range(6)]
    far, ref = _crossings(1_600.0)
    geo = ferries.crossing_geometry(far, ref)
    assert (geo["edge"] == -1).all() and geo["km"].isna().all() and (geo["line"] == -1).all()


@pytest.fixture
def hand_references(monkeypatch):
    net, ref = _crossings()
    monkeypatch.setattr(ferries, "reference_crossings", lambda: ref)
    return net


def test_evaluated_crossings_by_hand(hand_references):
    """Under CROSSING (short: 10 wait + 5 + km at 30 km/h; long from 20 km: 40 + 20 + km at 40 km/h), against the
    published 10 + km at 20 km/h (short) and 30 + km at 30 km/h (long); flat: km at 12.3 km/h."""
    ev = ferries.evaluate_crossings(CROSSING, hand_references).set_index("crossing_id")
    assert list(ev["kind"]) == ["short"] * 3 + ["long"] * 3
    km = ev["km"].to_numpy()
    assert km == pytest.approx(LENGTHS, abs=2e-3)  # nodes are whole metres
    sail = np.where(km < 20, 5 + km / 30 * 60, 20 + km / 40 * 60)
    published = np.where(km < 18, 10 + km / 20 * 60, 30 + km / 30 * 60)
    assert ev["model_sail_min"].to_numpy() == pytest.approx(sail)
    assert ev["model_with_wait_min"].to_numpy() == pytest.approx(sail + np.where(km < 20, 10, 40))
    assert ev["flat_min"].to_numpy() == pytest.approx(km / 12.3 * 60)
    assert ev["error_pct"].to_numpy() == pytest.approx((sail / published - 1) * 100)
    assert ev["flat_error_pct"].to_numpy() == pytest.approx((km / 12.3 * 60 / published - 1) * 100)


def test_the_split_fit_finds_the_gap_and_both_kinds_exactly(hand_references):
    """Only the gap between the third and fourth lengths (about 11 and 24 km) leaves three crossings of each kind;
    its fits are exact. A base threshold inside the gap is kept; one outside it gives way to the gap's midpoint."""
    fitted, tried = ferries.fit_crossings(network.Params(ferry_long_km=20.0), hand_references)
    lo, hi = round(LENGTHS[2], 1), round(LENGTHS[3], 1)
    assert len(tried) == 1 and (tried.at[0, "gap_lo_km"], tried.at[0, "gap_hi_km"]) == (lo, hi)
    for col in ("mean_abs_pct", "median_abs_pct", "rms_pct"):
        assert tried.at[0, col] == pytest.approx(0.0, abs=1e-6), col
    assert (tried.at[0, "short_n"], tried.at[0, "long_n"]) == (3, 3)
    assert dict(fitted.ferry_dock) == pytest.approx({"short": 10.0, "long": 30.0})
    assert dict(fitted.ferry_sail_kmh) == pytest.approx({"short": 20.0, "long": 30.0})
    assert fitted.ferry_long_km == 20.0
    assert ferries.fit_crossings(network.Params(ferry_long_km=30.0), hand_references)[0].ferry_long_km == \
        round((lo + hi) / 2, 1)


def test_typical_crossings_are_those_half_the_kommunes_people_take(hand_references):
    """A centre on the near quay of crossing c3 (the fourth line, road 103, long under CROSSING). Kommune 0: people 2
    and 1 on the far quay, 2 on the near one — 3 of 5 cross, so c3 is its typical crossing, with its reference row;
    kommune 1: 1 across, 3 at home — a quarter: none; kommune 2: 2 across, 2 at home — exactly half, which is at
    least half: c3. c3's edge: about 24.5 km, 40 + 20 + km at 40 km/h."""
    from types import SimpleNamespace

    net = hand_references
    (x0, x1), (y0, y1) = travel.to_utm(np.array([65.0, 65.0 + DLAT[3]]), np.array([15.0, 15.0]))
    near, far = net.nearest_node(np.array([x0, x1]), np.array([y0, y1]))[0]
    cells = np.array([far, far, near, far, near, far, near])
    m = SimpleNamespace(net=net, kommune_index=np.array([0, 0, 0, 1, 1, 2, 2]), access=SimpleNamespace(node=cells),
                        runs=SimpleNamespace(access=SimpleNamespace(node=np.array([near]))))
    trips = {"unreachable": np.zeros(7, dtype=bool), "near_row": np.zeros(7, dtype=int)}
    edge = int(np.flatnonzero(net.ferry & (np.minimum(net.edge_a, net.edge_b) == min(near, far))
                              & (np.maximum(net.edge_a, net.edge_b) == max(near, far)))[0])
    assert ferries._trip_crossings(m, np.arange(7), trips["near_row"]) == \
        [frozenset({edge})] * 2 + [frozenset()] + [frozenset({edge}), frozenset()] * 2
    got = ferries._typical_crossings(m, CROSSING, trips, np.array([2.0, 1.0, 2.0, 1.0, 3.0, 2.0, 2.0]),
                                     np.array([0, 1, 2]))
    km = LENGTHS[3]
    assert got.loc[0, "ferry_crossings"] == f"road 103: {km:.0f} km, long, {40 + 20 + km / 40 * 60:.0f} min"
    assert got.loc[0, "reference_crossings"] == "c3"
    assert got.loc[0, "published_min"] == f"c3 {_minutes(km):.0f}–{_minutes(km):.0f} min"
    assert got.loc[0, "source_urls"] == "https://example.org/3"
    assert got.loc[1].tolist() == ["", "", "", ""]
    assert got.loc[2].tolist() == got.loc[0].tolist()


def test_a_trip_through_node_0_keeps_the_crossings_before_it():
    """Nodes are numbered by coordinates, so quay A (0, 0) is node 0. A centre on quay B across the ferry from A; a
    cell on road end C beyond A: its trip B → A → C takes the crossing, and so does one at A itself."""
    from types import SimpleNamespace

    net = network.build(CROSSING, links=make_links([("ferry", "F", 9, [(0, 0), (0, 20_000)]),
                                                    ("road", "K", None, [(0, 0), (5_000, 0)]),
                                                    ("road", "K", None, [(0, 20_000), (5_000, 20_000)])]))
    a, b, c = net.nearest_node(np.array([0.0, 0.0, 5_000.0]), np.array([0.0, 20_000.0, 0.0]))[0]
    assert a == 0
    crossing = int(np.flatnonzero(net.ferry)[0])
    m = SimpleNamespace(net=net, access=SimpleNamespace(node=np.array([c, a, b])),
                        runs=SimpleNamespace(access=SimpleNamespace(node=np.array([b]))))
    assert ferries._trip_crossings(m, np.arange(3), np.zeros(3, dtype=int)) == \
        [frozenset({crossing}), frozenset({crossing}), frozenset()]
