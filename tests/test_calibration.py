"""The calibrated model against the public reference drive times (coverage/reference_drive_times.csv)."""

import numpy as np
import pandas as pd
import pytest

from coverage import calibration, network


@pytest.fixture(scope="module")
def evaluation(model):
    return calibration.evaluate(network.Params(), model.centres, model.net)


def test_reference_table_has_sources_and_enough_routes():
    ref = pd.read_csv(calibration.REFERENCE)
    assert len(ref) >= 15 and (ref["ferries"] > 0).sum() >= 4
    assert ref["source_url"].str.startswith("http").all()
    assert (ref["minutes"].notna() | ref["km"].notna()).all()


def test_median_errors_within_targets(evaluation):
    s = calibration.summary(evaluation)
    assert s["median_abs_time_pct"] <= 8
    assert s["median_abs_km_pct"] <= 8
    assert s["median_abs_time_pct_ferry"] <= 10


def test_summary_splits_road_only_and_ferry_routes(evaluation):
    s = calibration.summary(evaluation)
    timed = evaluation["time_error_pct"].notna()
    assert s["routes_time_road"] == int((timed & (evaluation["ferries"] == 0)).sum())
    assert s["routes_time_ferry"] == int((timed & (evaluation["ferries"] > 0)).sum())
    assert s["routes_time_road"] + s["routes_time_ferry"] == s["routes_time"]
    worst = evaluation.loc[timed, "time_error_pct"].abs().max()
    assert max(s["worst_abs_time_pct_road"], s["worst_abs_time_pct_ferry"]) == pytest.approx(worst)


def test_every_ferry_route_uses_a_ferry(evaluation):
    ferry = evaluation[evaluation["ferries"] > 0]
    assert len(ferry) >= 4
    assert (ferry["model_ferries"] > 0).all(), ferry.loc[ferry["model_ferries"] == 0, "route_id"].tolist()


def test_crossing_model_is_closer_than_flat_on_the_worst_ferry_route(model):
    crossing = calibration.evaluate(network.Params(), model.centres, model.net)
    flat = calibration.evaluate(network.Params(ferry_model="ssb_flat"), model.centres)
    ferry = crossing["ferries"] > 0
    assert crossing.loc[ferry, "time_error_pct"].abs().max() < flat.loc[ferry, "time_error_pct"].abs().max()


def test_fit_recovers_plausible_speeds(model):
    params = calibration.fit(model.centres, rounds=2)
    speeds = dict(params.speeds)
    for cls, (lo, hi) in calibration.SPEED_BOUNDS.items():
        assert lo <= speeds[cls] <= hi
    assert speeds["motorveg"] > speeds["F"] > speeds["P"]
    assert 1.0 <= params.length_factor <= 1.2


def test_classes_few_routes_drive_keep_their_speed(model):
    params = network.Params()
    ref = calibration.reference(model.centres)
    paths = calibration._paths(model.net, ref, params)
    free = calibration.fitted_classes(paths, ref["minutes"])
    timed = [p for p, m in zip(paths, ref["minutes"], strict=True) if np.isfinite(m)]
    for cls in calibration.FIT_CLASSES:
        routes = sum(p["per_class"].get(cls, 0.0) >= calibration.MIN_CLASS_KM for p in timed)
        assert (cls in free) == (routes >= calibration.MIN_ROUTES)
    fitted = dict(calibration.fit(model.centres, rounds=1).speeds)
    for cls in set(calibration.FIT_CLASSES) - set(free):
        assert fitted[cls] == params.speed(cls)
