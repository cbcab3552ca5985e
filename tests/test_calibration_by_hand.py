"""coverage.calibration on inputs worked out by hand (properties, not the current fitted numbers, so a refit keeps
them): the path of a route edge by edge, the errors, which classes the routes pin down, the modelled minutes of a
parameter vector, and fits on a hand-built road that recover known speeds, stop at their bounds and clip the
length factor."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from coverage import calibration, network
from tests.test_network import PLAIN, make_links

BASE = network.Params(**PLAIN)  # no region factors, no built-up or bend minutes, access 30 km/h without detour


def _net() -> network.Network:
    """Nodes 0 (0, 0), 1 (12 km), 2 (22 km), 3 (32 km), 4 (42 km) on y = 0. Edges: 0–1 class E in 'nord', 12 km, half
    built-up, bends 40°/km, 9 min; 1–2 class K in 'sor_vest', 10 km, 12 min; 2–3 a crossing, 10 km, 30 min; 3–4 a
    connector, 10 km, 20 min."""
    xy = np.array([[0.0, 0.0], [12_000.0, 0.0], [22_000.0, 0.0], [32_000.0, 0.0], [42_000.0, 0.0]])
    return network.Network(
        xy=xy, edge_a=np.array([0, 1, 2, 3]), edge_b=np.array([1, 2, 3, 4]), minutes=np.array([9.0, 12.0, 30.0, 20.0]),
        km=np.array([12.0, 10.0, 10.0, 10.0]), ferry=np.array([False, False, True, False]),
        edge_class=np.array(["E", "K", "ferry", "connector"]), edge_line=np.array([-1, -1, 0, -1]),
        edge_link=np.array([0, 1, -1, -1]), edge_region=np.array(["nord", "sor_vest", "", ""]),
        edge_urban=np.array([0.5, 0.0, 0.0, 0.0]), edge_bends=np.array([40.0, 0.0, 0.0, 0.0]))


def _ref(rows) -> pd.DataFrame:
    """rows: (route_id, from (x, y), to (x, y), published minutes, published km, ferries)."""
    return pd.DataFrame([{"route_id": r, "from_x": a[0], "from_y": a[1], "to_x": b[0], "to_y": b[1], "minutes": m,
                          "km": k, "ferries": f} for r, a, b, m, k, f in rows])


def test_a_path_is_summed_edge_by_edge_with_its_access_legs():
    """From 3 km off node 0 (3 km access at 30 km/h: 6 min) to node 4: all four edges. Fixed minutes: crossing 30 +
    connector 20 + access 6; built-up km 12 × 0.5; bend units 12 × 40 / 100; one boarding."""
    found = calibration.paths(_net(), _ref([("r", (0, 3_000), (42_000, 0), 90, 50, 1)]), BASE)[0]
    assert found["minutes"] == pytest.approx(9 + 12 + 30 + 20 + 6)
    assert found["km"] == pytest.approx(42 + 3)
    assert found["ferries"] == 1
    assert found["per_class"] == pytest.approx({"E": 12.0, "K": 10.0, "ferry": 10.0, "connector": 10.0})
    assert found["per_class_region"] == pytest.approx({("E", "nord"): 12.0, ("K", "sor_vest"): 10.0})
    assert found["urban_km"] == pytest.approx(6.0) and found["bend_units"] == pytest.approx(4.8)
    assert found["fixed_min"] == pytest.approx(56.0)


def test_an_unreachable_route_has_no_figures():
    net = _net()
    island = network.Network(xy=np.vstack([net.xy, [[0.0, 90_000.0], [1_000.0, 90_000.0]]]),
                             edge_a=np.r_[net.edge_a, 5], edge_b=np.r_[net.edge_b, 6], minutes=np.r_[net.minutes, 1.0],
                             km=np.r_[net.km, 1.0], ferry=np.r_[net.ferry, False], edge_class=np.append(net.edge_class, "K"))
    found = calibration.paths(island, _ref([("r", (0, 0), (0, 90_000), 60, 60, 0)]), BASE)[0]
    assert np.isnan(found["minutes"]) and np.isnan(found["km"]) and np.isnan(found["fixed_min"])
    assert (found["ferries"], found["per_class"], found["urban_km"]) == (0, {}, 0.0)


def test_evaluate_gives_signed_errors_and_the_class_driven_furthest():
    """Route a: node 0 → node 2, 21 min and 22 km modelled against 30 min and 20 km published: −30 % and +10 %, mostly
    on E (12 of 22 km). Route b: node 1 → node 2, 12 min against 10: +20 %, on K; no distance published."""
    ev = calibration.evaluate(BASE, _ref([("a", (0, 0), (22_000, 0), 30, 20, 0),
                                          ("b", (12_000, 0), (22_000, 0), 10, np.nan, 0)]), _net())
    assert ev["model_minutes"].tolist() == pytest.approx([21.0, 12.0])
    assert ev["model_km"].tolist() == pytest.approx([22.0, 10.0])
    assert ev["time_error_pct"].tolist() == pytest.approx([-30.0, 20.0])
    assert ev["km_error_pct"].iloc[0] == pytest.approx(10.0) and np.isnan(ev["km_error_pct"].iloc[1])
    assert ev["main_class"].tolist() == ["E", "K"] and ev["model_ferries"].tolist() == [0, 0]


def test_summary_by_hand():
    """Time errors −30, +20, +5 (one route with a ferry, +5) and one untimed; km errors 10 and −4."""
    ev = pd.DataFrame({"time_error_pct": [-30.0, 20.0, 5.0, np.nan], "km_error_pct": [10.0, np.nan, -4.0, 2.0],
                       "ferries": [0, 0, 1, 2], "model_ferries": [0, 0, 1, 0]})
    s = calibration.summary(ev)
    assert (s["routes_time"], s["routes_km"]) == (3, 3)
    assert s["median_abs_time_pct"] == pytest.approx(20.0) and s["worst_abs_time_pct"] == pytest.approx(30.0)
    assert s["median_signed_time_pct"] == pytest.approx(5.0)
    assert s["median_abs_km_pct"] == pytest.approx(4.0) and s["worst_abs_km_pct"] == pytest.approx(10.0)
    assert (s["ferry_routes"], s["ferry_routes_using_ferry"]) == (2, 1)
    assert (s["routes_time_road"], s["median_abs_time_pct_road"], s["worst_abs_time_pct_road"]) == (2, 25.0, 30.0)
    assert (s["routes_time_ferry"], s["median_abs_time_pct_ferry"], s["worst_abs_time_pct_ferry"]) == (1, 5.0, 5.0)
    no_ferry = calibration.summary(ev[ev["ferries"] == 0])
    assert no_ferry["routes_time_ferry"] == 0 and np.isnan(no_ferry["median_abs_time_pct_ferry"])


def test_a_class_is_fitted_where_two_timed_routes_drive_ten_km_on_it():
    """The rule as documented (MIN_ROUTES, MIN_CLASS_KM): at least 2 timed routes with at least 10 km on the class.
    E: two routes with exactly 10 km → fitted. R: one route with 50 km and one with 9.9 → not. F: two routes, but
    one of them untimed → not. K: two timed routes with 10 km, one of them with no path (per_class empty) → not."""
    found = [{"per_class": {"E": 10.0, "R": 50.0, "F": 30.0}}, {"per_class": {"E": 10.0, "R": 9.9, "K": 10.0}},
             {"per_class": {"F": 30.0, "K": 10.0}}, {"per_class": {}}]
    minutes = pd.Series([60.0, 60.0, np.nan, 60.0])
    assert calibration.fitted_classes(found, minutes) == ["E"]
    assert (calibration.MIN_ROUTES, calibration.MIN_CLASS_KM) == (2, 10.0)


def test_modelled_minutes_of_a_parameter_vector_by_hand():
    """A path with 5 fixed min, 12 km of E in 'nord' (6 built-up, 4.8 bend units) and 10 km of K in 'sor_vest', one
    boarding. E at 60 km/h × nord 0.8, 2 min per built-up km, bends and ferry minutes from the base (0.5 and 3):
    5 + 2 × 6 + 0.5 × 4.8 + 3 × 1 + 12 × 60 / 48 + 10 km of K at the base's 30 km/h × sor_vest 1.25 (16 min)."""
    base = replace(BASE, bend_min_per_km=0.5, ferry_extra_min=3.0, region_speed=(("nord", 1.0), ("sor_vest", 1.25)))
    path = {"fixed_min": 5.0, "urban_km": 6.0, "bend_units": 4.8, "ferries": 1,
            "per_class_region": {("E", "nord"): 12.0, ("K", "sor_vest"): 10.0}}
    names = [("speed", "E"), ("urban", ""), ("region", "nord")]
    got = calibration._minutes(np.array([60.0, 2.0, 0.8]), names, base, [path])
    assert got == pytest.approx([5 + 12 + 2.4 + 3 + 15 + 16])


def _with(**speeds) -> network.Params:
    return replace(BASE, speeds=tuple((dict(BASE.speeds) | speeds).items()))


def _synthetic(speeds: dict, urban: float = 0.0) -> tuple[list[dict], np.ndarray]:
    """Paths in one region with km of E and R (and built-up km) and their exact minutes at the given speeds."""
    km = [(40, 0, 2), (10, 30, 0), (25, 25, 5), (60, 5, 1), (5, 50, 0), (30, 12, 3)]
    found = [{"fixed_min": 4.0, "urban_km": float(u), "bend_units": 0.0, "ferries": 0,
              "per_class": {"E": float(e), "R": float(r)}, "per_class_region": {("E", "nord"): float(e),
                                                                             ("R", "nord"): float(r)}}
             for e, r, u in km]
    minutes = np.array([4 + e * 60 / speeds["E"] + r * 60 / speeds["R"] + urban * u for e, r, u in km])
    return found, minutes


def test_without_pull_the_fit_recovers_known_speeds_and_built_up_minutes():
    found, minutes = _synthetic({"E": 80.0, "R": 60.0}, urban=1.5)
    got = calibration._solve(found, minutes, ("speeds", "urban"), BASE, 0.0, ["E", "R"])
    assert got == pytest.approx([80.0, 60.0, 1.5], rel=1e-4)
    only_e = calibration._solve(found, minutes, ("speeds", "urban"), _with(E=50.0, R=60.0),
                                0.0, ["E"])
    assert only_e == pytest.approx([80.0, 1.5], rel=1e-4)  # R keeps the base's 60 km/h, the right one here


def test_the_pull_draws_towards_the_prior_and_the_bounds_hold():
    found, minutes = _synthetic({"E": 80.0, "R": 60.0})
    base = _with(E=70.0, R=60.0)
    free = calibration._solve(found, minutes, ("speeds",), base, 0.0, ["E"])[0]
    pulled = calibration._solve(found, minutes, ("speeds",), base, 0.3, ["E"])[0]
    assert 70.0 < pulled < free == pytest.approx(80.0, rel=1e-4)
    lo, hi = calibration.SPEED_BOUNDS["E"]
    assert calibration._solve(found, _synthetic({"E": hi + 40.0, "R": 60.0})[1], ("speeds",), base, 0.0, ["E"])[0] == \
        pytest.approx(hi)
    assert calibration._solve(found, _synthetic({"E": lo - 20.0, "R": 60.0})[1], ("speeds",), base, 0.0, ["E"])[0] == \
        pytest.approx(lo)
    urban = calibration._solve(found, minutes - 10, ("speeds", "urban"), base, 0.0, [])  # faster than no built-up
    assert urban == pytest.approx([calibration.URBAN_BOUNDS[0]], abs=1e-9)


def test_region_factors_are_fitted_per_region_and_untouched_regions_keep_their_prior():
    """Speeds fixed at the truth; the routes in 'nord' ran 0.9 × as fast: its factor comes out 0.9, the regions no
    route drives stay at 1."""
    found, _ = _synthetic({"E": 80.0, "R": 60.0})
    minutes = np.array([x["fixed_min"] + sum(km * 60 / (s * 0.9) for (c, _), km in x["per_class_region"].items()
                                             for s in [{"E": 80.0, "R": 60.0}[c]]) for x in found])
    base = _with(E=80.0, R=60.0)
    got = dict(zip(calibration._layout([], ("speeds", "region"), base)[0],
                   calibration._solve(found, minutes, ("speeds", "region"), base, 0.0, []), strict=True))
    assert got.pop(("region", "nord")) == pytest.approx(0.9, rel=1e-4)
    assert list(got.values()) == pytest.approx([1.0] * len(got))


def test_the_robust_loss_lets_one_outlier_pull_less():
    found, minutes = _synthetic({"E": 80.0, "R": 60.0})
    minutes[0] *= 2  # one route published at twice its drive time
    base = _with(E=70.0, R=60.0)
    plain = calibration._solve(found, minutes, ("speeds",), base, 0.0, ["E", "R"])
    robust = calibration._solve(found, minutes, ("speeds", "robust"), base, 0.0, ["E", "R"])
    assert np.abs(robust - [80.0, 60.0]).max() < np.abs(plain - [80.0, 60.0]).max()


# A hand-built road for the whole fit: class E A(0)–M(20 km)–B(40 km), class R B–C(40 km, 30 km).
ROAD = make_links([("road", "E", 6, [(0, 0), (20_000, 0)]), ("road", "E", 6, [(20_000, 0), (40_000, 0)]),
                   ("road", "R", 7, [(40_000, 0), (40_000, 30_000)])])
A, M, B, C = (0, 0), (20_000, 0), (40_000, 0), (40_000, 30_000)


@pytest.fixture
def hand_road(monkeypatch):
    build = network.build
    monkeypatch.setattr(network, "build", lambda p=BASE, links=None: build(p, links=ROAD))


def _published(factor: float) -> pd.DataFrame:
    """Five routes timed at E 80 km/h and R 60 km/h over the drawn km × 1.05, their km published × `factor`."""
    rows = [("am", A, M, 20, 0), ("ab", A, B, 40, 0), ("bc", B, C, 0, 30), ("ac", A, C, 40, 30), ("mc", M, C, 20, 30)]
    return _ref([(r, a, b, 1.05 * (e * 60 / 80 + k * 60 / 60), factor * (e + k), 0) for r, a, b, e, k in rows])


def test_the_fit_on_a_hand_road_recovers_the_length_factor_and_the_speeds(hand_road):
    got = calibration.fit(_published(1.05), base=BASE, procedure="speeds", rounds=2, pull=0.0)
    assert got.length_factor == pytest.approx(1.05)
    assert (got.speed("E"), got.speed("R")) == (pytest.approx(80.0), pytest.approx(60.0))
    assert got.speed("K") == BASE.speed("K")  # no route drives K: it keeps the base speed


def test_the_length_factor_stays_between_1_and_1_2(hand_road):
    assert calibration.fit(_published(1.5), base=BASE, procedure="speeds", rounds=1).length_factor == 1.2
    assert calibration.fit(_published(0.8), base=BASE, procedure="speeds", rounds=1).length_factor == 1.0


def _robust_optimum(found, minutes, scale: float) -> np.ndarray:
    """Independent: the E and R speeds minimising Σ 2(√(1 + (r/scale)²) − 1), r the relative time errors (the
    soft-L1 loss the module documents), by Nelder–Mead from the truth."""
    from scipy.optimize import minimize

    e = np.array([x["per_class"]["E"] for x in found])
    r_km = np.array([x["per_class"]["R"] for x in found])
    fixed = np.array([x["fixed_min"] for x in found])

    def loss(v):
        r = (fixed + e * 60 / v[0] + r_km * 60 / v[1]) / minutes - 1
        return float(np.sum(2 * (np.sqrt(1 + (r / scale) ** 2) - 1)))

    return minimize(loss, [80.0, 60.0], method="Nelder-Mead", options={"xatol": 1e-6, "fatol": 1e-12}).x


def test_the_robust_loss_is_soft_l1_at_a_tenth_of_the_time():
    """"Quadratically up to ROBUST_SCALE = 0.1 and about linearly beyond": the robust fit equals the soft-L1
    optimum at scale 0.1, found independently, and not the one at 0.2."""
    found, minutes = _synthetic({"E": 80.0, "R": 60.0})
    minutes[0] *= 2
    base = _with(E=70.0, R=60.0)
    got = calibration._solve(found, minutes, ("speeds", "robust"), base, 0.0, ["E", "R"])
    tenth, fifth = _robust_optimum(found, minutes, 0.1), _robust_optimum(found, minutes, 0.2)
    assert np.abs(tenth - fifth).max() > 0.5
    assert got == pytest.approx(tenth, abs=0.05)


def test_a_region_only_fit_gives_the_factor_to_three_decimals(monkeypatch):
    """Links of 8 km only, so no class has two routes with 10 km and no speed is fitted: the times, at the base
    speeds ÷ 0.91234, fit the factor of the links' region, reported to three decimals; the other regions keep 1."""
    build = network.build
    short = make_links([("road", "E", 6, [(0, 0), (8_000, 0)]), ("road", "E", 6, [(8_000, 0), (16_000, 0)]),
                        ("road", "R", 7, [(16_000, 0), (16_000, 8_000)])])
    monkeypatch.setattr(network, "build", lambda p=BASE, links=None: build(p, links=short))
    region = str(network.surroundings.link_regions(short)[0])
    rows = [("a", (0, 0), (8_000, 0), 8, 0), ("b", (8_000, 0), (16_000, 0), 8, 0), ("c", (8_000, 0), (16_000, 8_000), 8, 8),
            ("d", (16_000, 0), (16_000, 8_000), 0, 8)]
    ref = _ref([(r, a, b, (e * 60 / BASE.speed("E") + k * 60 / BASE.speed("R")) / 0.91234, e + k, 0)
                for r, a, b, e, k in rows])
    got = calibration.fit(ref, base=BASE, procedure="region", rounds=1, pull=0.0)
    assert dict(got.speeds) == dict(BASE.speeds)
    factors = dict(got.region_speed)
    assert factors.pop(region) == 0.912
    assert set(factors.values()) <= {1.0}


def test_the_pull_is_towards_the_prior_by_its_stated_weight():
    """One free speed (E, base 70 km/h), pull 0.3: the fit minimises Σ r² + (0.3 × (v − 70) / 70)², found here
    independently by a bounded scalar search."""
    from scipy.optimize import minimize_scalar

    found, minutes = _synthetic({"E": 80.0, "R": 60.0})
    e = np.array([x["per_class"]["E"] for x in found])
    r_km = np.array([x["per_class"]["R"] for x in found])

    def loss(v):
        r = (4 + e * 60 / v + r_km * 60 / 60.0) / minutes - 1
        return float(np.sum(r ** 2) + (0.3 * (v - 70) / 70) ** 2)

    want = minimize_scalar(loss, bounds=calibration.SPEED_BOUNDS["E"], method="bounded",
                           options={"xatol": 1e-8}).x
    got = calibration._solve(found, minutes, ("speeds",), _with(E=70.0, R=60.0), 0.3, ["E"])[0]
    assert 70.5 < want < 79.5 and got == pytest.approx(want, abs=1e-3)
