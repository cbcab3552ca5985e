"""Cross-validation, endpoint locating and error tables on tiny synthetic cases worked out by hand."""

import numpy as np
import pandas as pd
import pytest

from coverage import calibration, travel, validation

# Three routes, one speed: a fold's fit is its training routes' total km ÷ total minutes.
ROUTES = pd.DataFrame({"route_id": ["a", "b", "c"], "region": ["x", "x", "x"],
                       "km": [60.0, 120.0, 30.0], "minutes": [60.0, 100.0, 40.0]})


def _fit(train: pd.DataFrame) -> float:
    return train["km"].sum() / train["minutes"].sum()


def _evaluate(speed: float, test: pd.DataFrame) -> pd.DataFrame:
    return test.assign(model_minutes=test["km"] / speed)


def test_leave_one_out_by_hand():
    """k = 3 on three routes is leave-one-out. Held out a: speed (120+30)/(100+40) km/min, so 60 km take
    60 × 140/150 = 56 min; held out b: 90/100, so 120 × 100/90 = 133.33; held out c: 180/160, so 30 × 160/180 =
    26.67. One fit on all three routes (a leak) would give 200/210 × km instead: 57.14, 114.29, 28.57."""
    oof = validation.cross_validate(ROUTES, _fit, _evaluate, k=3)
    assert oof["route_id"].tolist() == ["a", "b", "c"]
    assert oof["model_minutes"].tolist() == pytest.approx([56.0, 133.3333, 26.6667], abs=1e-3)
    assert oof["fold"].tolist() == [0, 1, 2]


def test_a_held_out_route_is_never_in_its_own_fit():
    rng = np.random.default_rng(1)
    ref = pd.DataFrame({"route_id": [f"r{i:02d}" for i in range(23)], "region": rng.choice(["n", "s", "w"], 23),
                        "km": rng.uniform(50, 500, 23), "minutes": rng.uniform(50, 500, 23)})
    seen = []

    def fit(train):
        seen.append(set(train["route_id"]))
        return _fit(train)

    oof = validation.cross_validate(ref, fit, _evaluate, k=5)
    assert len(seen) == 5
    for f, train in enumerate(seen):
        held = set(oof.loc[oof["fold"] == f, "route_id"])
        assert held and not held & train
        assert held | train == set(ref["route_id"])
    assert sorted(oof["route_id"]) == sorted(ref["route_id"])  # every route held out exactly once


def test_folds_are_deterministic_and_spread_over_regions():
    ref = pd.DataFrame({"route_id": ["n1", "n2", "n3", "s1", "s2", "s3"], "region": ["n"] * 3 + ["s"] * 3})
    assert validation.folds(ref, 3).tolist() == [0, 1, 2, 0, 1, 2]
    shuffled = ref.iloc[[4, 0, 5, 2, 1, 3]].reset_index(drop=True)
    again = dict(zip(shuffled["route_id"], validation.folds(shuffled, 3), strict=True))
    assert again == {"n1": 0, "n2": 1, "n3": 2, "s1": 0, "s2": 1, "s3": 2}
    assert validation.folds(ref, 10).tolist() == list(range(6))  # fewer routes than folds: leave-one-out


EV = pd.DataFrame({"route_id": list("abcde"), "region": ["n", "n", "n", "s", "s"],
                   "minutes": [100.0, 100.0, 100.0, 200.0, np.nan], "model_minutes": [110.0, 95.0, 80.0, 190.0, 50.0],
                   "km": [np.nan, 100.0, 100.0, 100.0, 50.0], "model_km": [1.0, 102.0, 97.0, 101.0, 51.0],
                   "ferries": [0, 1, 0, 2, 0]})


def _with_errors(ev):
    return ev.assign(time_error_pct=(ev["model_minutes"] / ev["minutes"] - 1) * 100,
                     km_error_pct=(ev["model_km"] / ev["km"] - 1) * 100)


def test_error_table_by_region_by_hand():
    """Time errors n: +10, -5, -20 (median signed -5, median abs 10, worst 20); s: -5 (e has no time).
    Distance errors n: +2, -3 (median abs 2.5); s: +1, +2 (1.5). All: time +10, -5, -20, -5 -> signed -5,
    abs median 7.5, worst 20; km 2, 3, 1, 2 -> 2."""
    table = validation.error_table(_with_errors(EV), "region").set_index("region")
    assert table.loc["n", ["routes_time", "median_signed_time_pct", "median_abs_time_pct", "worst_abs_time_pct",
                           "routes_km", "median_abs_km_pct"]].tolist() == pytest.approx([3, -5, 10, 20, 2, 2.5])
    assert table.loc["s", ["routes_time", "median_signed_time_pct", "routes_km", "median_abs_km_pct"]].tolist() \
        == pytest.approx([1, -5, 2, 1.5])
    assert table.loc["all", ["routes_time", "median_signed_time_pct", "median_abs_time_pct", "worst_abs_time_pct",
                             "median_abs_km_pct"]].tolist() == pytest.approx([4, -5, 7.5, 20, 2])


def test_error_table_by_ferries_by_hand():
    """Ferry routes b (-5) and d (-5); road-only a (+10), c (-20)."""
    table = validation.error_table(_with_errors(EV), "with_ferry").set_index("with_ferry")
    assert table.loc["ferry", "median_signed_time_pct"] == pytest.approx(-5)
    assert table.loc["road_only", ["routes_time", "median_signed_time_pct", "worst_abs_time_pct"]].tolist() \
        == pytest.approx([2, -5, 20])


def test_error_table_by_figure_by_hand():
    """Whole and half hours are rounded: a 120 -> 132 (+10) and c 90 -> 72 (-20); b 100 -> 95 (-5) and d 200 -> 190
    (-5) are exact; e has no time (exact, not timed)."""
    ev = EV.assign(minutes=[120.0, 100.0, 90.0, 200.0, np.nan], model_minutes=[132.0, 95.0, 72.0, 190.0, 50.0])
    table = validation.error_table(_with_errors(ev), "figure").set_index("figure")
    assert table.loc["rounded", ["routes_time", "median_signed_time_pct", "median_abs_time_pct",
                                 "worst_abs_time_pct"]].tolist() == pytest.approx([2, -5, 15, 20])
    assert table.loc["exact", ["routes_time", "median_signed_time_pct", "worst_abs_time_pct", "routes_km"]].tolist() \
        == pytest.approx([2, -5, 5, 3])


def test_time_error_band_is_the_80th_percentile_of_absolute_error():
    """|errors| 0.10, 0.05, 0.20, 0.05 sorted 0.05, 0.05, 0.10, 0.20: position 0.8 × 3 = 2.4 -> 0.10 + 0.4 × 0.10."""
    assert validation.time_error_band(EV) == pytest.approx(0.14)


CENTRES = pd.DataFrame({"id": ["sentrum"], "lat": [63.43], "lon": [10.39], "fylkesnummer": ["50"]})
CELLS = pd.DataFrame({"kommunenummer": ["5021", "5021", "5021", "5025"], "x": [1500.0, 2500.0, 3500.0, 9500.0],
                      "y": [500.0, 500.0, 500.0, 700.0], "w_all": [10.0, 400.0, 90.0, 5.0]})


def _row(**kw):
    base = {"route_id": "r", "from_centre_id": "", "to_centre_id": "", "from_kommunenummer": "",
            "to_kommunenummer": "", "fylke": "50", "minutes": 60.0, "km": 50.0, "ferries": 0}
    return base | kw


def test_ends_are_located_by_centre_point_or_the_kommunes_most_populous_cell():
    ref = pd.DataFrame([_row(route_id="a", from_centre_id="sentrum", from_kommunenummer="5001", to_kommunenummer="5021"),
                        _row(route_id="b", from_kommunenummer="5025", to_kommunenummer="5021", to_lat=63.0, to_lon=9.5)])
    ref.loc[0, ["to_lat", "to_lon"]] = np.nan
    out = calibration.locate(ref, CENTRES, CELLS)
    x, y = travel.to_utm(63.43, 10.39)
    assert (out.loc[0, "from_x"], out.loc[0, "from_y"]) == pytest.approx((float(x), float(y)))
    assert (out.loc[0, "to_x"], out.loc[0, "to_y"]) == (2500.0, 500.0)  # 5021's cell with the most people
    assert (out.loc[1, "from_x"], out.loc[1, "from_y"]) == (9500.0, 700.0)
    px, py = travel.to_utm(63.0, 9.5)
    assert (out.loc[1, "to_x"], out.loc[1, "to_y"]) == pytest.approx((float(px), float(py)))
    assert out["from_by"].tolist() == ["centre", "kommune"] and out["to_by"].tolist() == ["kommune", "point"]
    assert out["region"].tolist() == ["more_trondelag", "more_trondelag"]


def test_locating_names_every_bad_value_at_once():
    ref = pd.DataFrame([_row(route_id="a", from_centre_id="nowhere", to_kommunenummer="9999"),
                        _row(route_id="b", from_kommunenummer="5021", to_kommunenummer="5025", fylke="99")])
    with pytest.raises(ValueError) as err:
        calibration.locate(ref, CENTRES, CELLS)
    text = str(err.value)
    for needle in ("a: from_centre_id 'nowhere'", "a: to_kommunenummer '9999'", "b: fylke '99'"):
        assert needle in text


def test_other_route_leaves_out_distances_beyond_the_tolerance_by_hand():
    """Published 100 km: a path of 111 or 89 km is within 12 %, 113 (+13 %) and 87 (-13 %) are not; a route without a
    published distance or without a path is never left out. With a 15 % tolerance only the 80 km path (-20 %) is."""
    ev = pd.DataFrame({"km": [100.0, 100.0, 100.0, 100.0, np.nan, 100.0, 100.0],
                       "model_km": [111.0, 113.0, 87.0, 89.0, 300.0, np.nan, 80.0]})
    assert validation.other_route(ev, 0.12).tolist() == [False, True, True, False, False, False, True]
    assert validation.other_route(ev, 0.15).tolist() == [False, False, False, False, False, False, True]
