"""The calibrated model against the public reference drive times (coverage/reference_drive_times.csv)."""

import numpy as np
import pandas as pd
import pytest

from coverage import calibration, network
from coverage.params import PRIOR


@pytest.fixture(scope="module")
def routes(model):
    """The routes the fit and the errors use: the file's, less those the distance rule leaves out."""
    from coverage import validation

    return validation.compared_routes(model)[0]


@pytest.fixture(scope="module")
def evaluation(model, routes):
    return calibration.evaluate(network.Params(), routes, model.net)


def test_reference_table_has_sources_and_enough_routes():
    ref = pd.read_csv(calibration.REFERENCE)
    assert len(ref) >= 60 and (ref["ferries"] > 0).sum() >= 4
    assert ref["source_url"].str.startswith("http").all()
    assert (ref["minutes"].notna() | ref["km"].notna()).all()


def test_median_errors_within_targets(evaluation):
    """In-sample (the fitted parameters on the routes they were fitted to): a floor, not the reported error."""
    s = calibration.summary(evaluation)
    assert s["median_abs_time_pct"] <= 8
    assert s["median_abs_km_pct"] <= 3
    assert s["median_abs_time_pct_ferry"] <= 12


def test_summary_splits_road_only_and_ferry_routes(evaluation):
    s = calibration.summary(evaluation)
    timed = evaluation["time_error_pct"].notna()
    assert s["routes_time_road"] == int((timed & (evaluation["ferries"] == 0)).sum())
    assert s["routes_time_ferry"] == int((timed & (evaluation["ferries"] > 0)).sum())
    assert s["routes_time_road"] + s["routes_time_ferry"] == s["routes_time"]
    worst = evaluation.loc[timed, "time_error_pct"].abs().max()
    assert max(s["worst_abs_time_pct_road"], s["worst_abs_time_pct_ferry"]) == pytest.approx(worst)


def test_ferry_routes_use_a_ferry(evaluation):
    """Every timed ferry route takes a ferry in the model. Of the distance-only ones, Hammerfest–Tromsø (the source
    drives the two Lyngen ferries) is driven all-road by the model, which finds that a little faster; no other."""
    ferry = evaluation[evaluation["ferries"] > 0]
    assert len(ferry) >= 4
    without = ferry.loc[ferry["model_ferries"] == 0]
    assert without["minutes"].isna().all() and set(without["route_id"]) <= {"hammerfest-tromso"}, without["route_id"]


def test_crossing_model_is_closer_than_flat_on_the_worst_ferry_route(model, routes):
    crossing = calibration.evaluate(network.Params(), routes, model.net)
    flat = calibration.evaluate(network.Params(ferry_model="ssb_flat"), routes)
    ferry = crossing["ferries"] > 0
    assert crossing.loc[ferry, "time_error_pct"].abs().max() < flat.loc[ferry, "time_error_pct"].abs().max()


def test_fit_recovers_plausible_speeds(routes):
    params = calibration.fit(routes, rounds=2)
    speeds = dict(params.speeds)
    for cls, (lo, hi) in calibration.SPEED_BOUNDS.items():
        assert lo <= speeds[cls] <= hi
    assert speeds["motorveg"] > speeds["F"] > speeds["P"]
    assert 1.0 <= params.length_factor <= 1.2
    assert calibration.URBAN_BOUNDS[0] <= params.urban_min_per_km <= calibration.URBAN_BOUNDS[1]


def test_classes_few_routes_drive_keep_their_speed(model, routes):
    params = network.Params()
    ref = routes
    paths = calibration.paths(model.net, ref, params)
    free = calibration.fitted_classes(paths, ref["minutes"])
    timed = [p for p, m in zip(paths, ref["minutes"], strict=True) if np.isfinite(m)]
    for cls in calibration.FIT_CLASSES:
        routes = sum(p["per_class"].get(cls, 0.0) >= calibration.MIN_CLASS_KM for p in timed)
        assert (cls in free) == (routes >= calibration.MIN_ROUTES)
    fitted = dict(calibration.fit(ref, rounds=1).speeds)
    for cls in set(calibration.FIT_CLASSES) - set(free):
        assert fitted[cls] == PRIOR.speed(cls)


def test_built_up_minutes_are_what_the_network_charges(model):
    """A road edge's minutes = km × (60 ÷ (class speed × region factor) + URBAN_MIN_PER_KM × built-up share +
    BEND_MIN_PER_KM × bends ÷ 100), recomputed by hand."""
    net, p = model.net, model.params
    road = net.edge_link >= 0
    factor = dict(p.region_speed)
    speed = np.array([p.speed(c) * factor[r] for c, r in zip(net.edge_class[road], net.edge_region[road], strict=True)])
    expected = net.km[road] * (60 / speed + p.urban_min_per_km * net.edge_urban[road]
                               + p.bend_min_per_km * net.edge_bends[road] / 100)
    assert np.allclose(net.minutes[road], expected)
    assert 0.02 < (net.edge_urban[road] > 0).mean() < 0.5  # some, not most, road edges run through built-up cells
    assert set(net.edge_region[road]) == set(factor)  # every road edge lies in one of the regions


def test_readme_states_the_parameters_the_model_runs_with():
    """The README's travel-model section is typed by hand: it must carry params.py's values (a refit that forgets the
    README fails here)."""
    from pathlib import Path

    from coverage import params

    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = " ".join(text[text.index("## Travel-time model"):text.index("### Gap classes")].split())
    p = params.Params()
    row = "| km/h | " + " | ".join(f"{v:.1f}" for _, v in p.speeds) + " |"
    assert row in section
    assert f"× {p.length_factor:.3f}" in section and f"costs {p.urban_min_per_km:.3f} min" in section
    assert f"at least {params.URBAN_CELL_PEOPLE} residents" in section
    assert f"within {params.TIME_ERROR_BAND * 100:.1f} %" in section
    for region, factor in p.region_speed:
        assert f"| {factor:.3f} |" in section, region


def test_rounding_weights_by_hand():
    """SIGMA_MODEL 0.05; 60 min is rounded to the hour: r = 60/√12/60 = 0.2887, weight 0.05/√(0.05² + 0.2887²) =
    0.1706; 90 to the half hour: r = 30/√12/90 = 0.0962, weight 0.4611; 105 to the quarter: r = 0.0412, weight 0.7715;
    54 and 517 are exact: weight 1."""
    w = calibration.rounding_weights(np.array([60.0, 90.0, 105.0, 54.0, 517.0]))
    assert w == pytest.approx([0.1706, 0.4611, 0.7715, 1.0, 1.0], abs=1e-4)


def test_excluded_routes_stay_in_the_file_with_their_reason():
    """read() gives the routes the fit uses, read(excluded=True) the others; together they are the file, and every
    excluded row says why in a sentence."""
    every = pd.read_csv(calibration.REFERENCE, dtype=str, keep_default_na=False)
    used, left = calibration.read(), calibration.read(excluded=True)
    assert len(used) + len(left) == len(every) and not set(used["route_id"]) & set(left["route_id"])
    assert set(left["route_id"]) == set(every.loc[every["excluded"] != "", "route_id"])
    assert (left["excluded"].str.len() >= 40).all() and (used["excluded"] == "").all()


def test_distance_rule_splits_the_routes_the_fit_uses(model):
    """compared_routes() splits the file's routes (those without a hand-written reason) in two: the left-out ones are
    exactly those whose modelled km lie more than params.ROUTE_KM_TOLERANCE from the published km, recomputed here
    with numpy from each path's km; the rule leaves out Tromsø–Alta (410 km all-road against the Lyngen ferries)."""
    from coverage import params, validation

    used, other = validation.compared_routes(model)
    every = calibration.read()
    assert sorted(used["route_id"].tolist() + other["route_id"].tolist()) == sorted(every["route_id"])
    ev = calibration.evaluate(model.params, calibration.routes(model), model.net)
    off = np.abs(ev["model_km"].to_numpy() / ev["km"].to_numpy() - 1) > params.ROUTE_KM_TOLERANCE
    assert set(other["route_id"]) == set(ev.loc[off, "route_id"]) and "tromso-alta" in set(other["route_id"])
    assert other["km"].notna().all() and not set(used["route_id"]) & set(other["route_id"])
