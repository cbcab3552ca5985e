"""coverage/params.py: properties any fit keeps (every parameter set inside the fit's own bounds, the prior with no
region, built-up or bend minutes), the README's statement of the fixed parameters, and the small rules of Params."""

from pathlib import Path

import numpy as np
import pytest

from coverage import calibration, params

SETS = {"current": params.Params(), "prior": params.PRIOR, "previous": params.PREVIOUS}


@pytest.mark.parametrize("name", SETS)
def test_every_parameter_set_lies_inside_the_fits_bounds(name):
    p = SETS[name]
    speeds = dict(p.speeds)
    assert set(speeds) == set(params.ROAD_CLASSES)
    for cls, (lo, hi) in params.SPEED_BOUNDS.items():
        assert lo <= speeds[cls] <= hi, (name, cls, speeds[cls])
    lo, hi = calibration.REGION_BOUNDS
    assert {r for r, _ in p.region_speed} <= set(params.REGIONS)
    assert all(lo <= f <= hi for _, f in p.region_speed), (name, p.region_speed)
    assert calibration.URBAN_BOUNDS[0] <= p.urban_min_per_km <= calibration.URBAN_BOUNDS[1]
    assert calibration.BEND_BOUNDS[0] <= p.bend_min_per_km <= calibration.BEND_BOUNDS[1]
    assert calibration.FERRY_BOUNDS[0] <= p.ferry_extra_min <= calibration.FERRY_BOUNDS[1]
    assert 1.0 <= p.length_factor <= 1.2  # the fit's clip (coverage.calibration.fit)


def test_the_prior_adds_nothing_beyond_its_speeds():
    """The prior the fit pulls towards: every region at factor 1, no built-up, bend or ferry minutes, drawn lengths."""
    p = params.PRIOR
    assert dict(p.region_speed) == {r: 1.0 for r in params.REGIONS}
    assert (p.length_factor, p.urban_min_per_km, p.bend_min_per_km, p.ferry_extra_min) == (1.0, 0.0, 0.0, 0.0)
    assert dict(p.speeds) == params.PRIOR_SPEEDS


def test_the_readme_states_the_fixed_parameters():
    """The access leg, the ferry joins and the ferry model are typed by hand in the README's travel-model section."""
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = " ".join(text[text.index("## Travel-time model"):text.index("### Gap classes")].split())
    p = params.Params()
    assert f"straight access leg × {params.ACCESS_DETOUR:g} at {params.ACCESS_KMH:g} km/h" in section
    assert f"joined to the nearest road node within {params.FERRY_JOIN_M / 1000:g} km" in section
    assert f"flat {params.FERRY_KMH:g} km/h" in section
    assert f"*long* from {p.ferry_long_km:g} km" in section
    (ws, wl), (ds, dl), (ss, sl) = (dict(x).values() for x in (p.ferry_wait, p.ferry_dock, p.ferry_sail_kmh))
    assert f"Short crossings cost {ws:g} + {ds:g} min plus sailing at {ss:.1f} km/h" in section
    assert f"long ones cost {wl:g} + {dl:g} min plus sailing at {sl:.1f} km/h" in section


def test_small_rules_of_params():
    p = params.Params()
    assert p.region_factors(np.array(["nord", "", "atlantis"])).tolist() == [dict(p.region_speed)["nord"], 1.0, 1.0]
    assert (p.ferry_kind(p.ferry_long_km), p.ferry_kind(p.ferry_long_km - 0.01)) == ("long", "short")
    assert p.crossing("long") == (dict(p.ferry_wait)["long"], dict(p.ferry_dock)["long"], dict(p.ferry_sail_kmh)["long"])
    assert p.include_passenger_ferries is False  # the car network: passenger-only boats carry no car
    with pytest.raises(AttributeError):
        p.length_factor = 2.0  # frozen: the repr is part of every cache key
    assert params.model_key(p, 2025) != params.model_key(params.PREVIOUS, 2025) != params.model_key(params.PREVIOUS, 2024)
