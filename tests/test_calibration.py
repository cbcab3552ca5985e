"""The calibrated model against the public reference drive times (coverage/reference_drive_times.csv)."""

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
    assert s["median_abs_time_pct"] <= 12
    assert s["median_abs_km_pct"] <= 8


def test_every_ferry_route_uses_a_ferry(evaluation):
    ferry = evaluation[evaluation["ferries"] > 0]
    assert len(ferry) >= 4
    assert (ferry["model_ferries"] > 0).all(), ferry.loc[ferry["model_ferries"] == 0, "route_id"].tolist()


def test_fit_recovers_plausible_speeds(model):
    params = calibration.fit(model.centres, rounds=2)
    speeds = dict(params.speeds)
    for cls, (lo, hi) in calibration.SPEED_BOUNDS.items():
        assert lo <= speeds[cls] <= hi
    assert speeds["motorveg"] > speeds["F"] > speeds["P"]
    assert 1.0 <= params.length_factor <= 1.2
