"""What-if: opening a centre never makes anyone's nearest centre farther; closing never nearer."""

import numpy as np
import pytest

from coverage import indicators, scenario


@pytest.fixture(scope="module")
def baseline_trips(model):
    return indicators.cell_trips(model)


def test_adding_a_centre_never_increases_time_to_nearest(model, baseline_trips):
    after = scenario.add_centre(model, kommunenummer="1820")
    trips = indicators.cell_trips(after)
    ok = np.isfinite(baseline_trips["near_min"])
    assert (trips["near_min"][ok] <= baseline_trips["near_min"][ok] + 1e-9).all()
    assert (trips["near_min"][ok] < baseline_trips["near_min"][ok] - 1).any()
    assert "ny-1820" in set(after.runs.centre_ids) and len(after.runs.centre_ids) == len(model.runs.centre_ids) + 1
    assert len(after.sites) == len(after.runs.centre_ids) and after.sites.iloc[-1]["centre_id"] == "ny-1820"


def test_closing_a_centre_never_decreases_time_to_nearest(model, baseline_trips):
    after = scenario.close_centre(model, "salten")
    trips = indicators.cell_trips(after)
    ok = np.isfinite(baseline_trips["near_min"]) & np.isfinite(trips["near_min"])
    assert (trips["near_min"][ok] >= baseline_trips["near_min"][ok] - 1e-9).all()
    assert "salten" not in set(after.catchments["centre_id"])


def test_closed_centre_kommuner_are_re_estimated_by_road_time(model):
    after = scenario.close_centre(model, "salten")
    before = model.catchments.set_index("kommunenummer")
    moved = after.catchments.set_index("kommunenummer").loc[before.index[before["centre_id"] == "salten"]]
    assert (moved["catchment_evidence"] == "estimated").all()
    medians = after.median_minutes.loc[moved.index]
    assert "salten" not in medians.columns
    assert (moved["centre_id"] == medians.idxmin(axis=1)).all()


def test_closing_a_centre_closes_all_its_departments(model):
    after = scenario.close_centre(model, "krisesenter-vest")
    assert len(after.runs.centre_ids) == len(model.runs.centre_ids) - 2
    assert "krisesenter-vest" not in set(after.runs.centre_ids) | set(after.sites["centre_id"])
    assert len(after.sites) == len(after.runs.centre_ids)
    sveio = after.catchments.set_index("kommunenummer").loc["4612"]
    assert sveio["centre_id"] != "krisesenter-vest" and sveio["catchment_evidence"] == "estimated"
    trips = indicators.cell_trips(after)
    assert np.isin(after.runs.centre_ids[trips["aff_row"]], list(after.runs.centre_ids)).all()


def test_add_at_a_point_rounds_to_town_level(model):
    after = scenario.add_centre(model, lat=68.123456, lon=16.987654)
    new = after.centres.iloc[-1]
    assert (new["lat"], new["lon"]) == (68.12, 16.99)


def test_bad_inputs_are_named(model):
    with pytest.raises(ValueError, match="outside Norway"):
        scenario.add_centre(model, lat=10.0, lon=10.0)
    with pytest.raises(KeyError, match="not active"):
        scenario.close_centre(model, "atlantis")
    with pytest.raises(ValueError, match="9999"):
        scenario.add_centre(model, kommunenummer="9999")


def test_compare_reports_people_and_changed_classes(model, indicators_table):
    after = indicators.per_kommune(scenario.add_centre(model, kommunenummer="1820"))
    diff = scenario.compare(indicators_table, after, threshold=90)
    assert diff["people_beyond_after"] < diff["people_beyond_before"]
    assert set(diff["changed"].columns) >= {"kommunenummer", "gap_class_before", "gap_class_after"}


def test_a_point_is_accepted_up_to_the_edges_of_norways_box(model):
    """lat 57.5–71.5 and lon 4–31.5, both ends included; a hundredth beyond any edge is refused, naming the box."""
    for lat, lon in ((57.5, 4.0), (71.5, 31.5), (57.5, 31.5), (71.5, 4.0)):
        cid = scenario.new_site(model, lat=lat, lon=lon)[0]
        assert cid == f"{scenario.NEW_ID_PREFIX}{lat:.2f}-{lon:.2f}"
    for lat, lon in ((57.49, 10.0), (71.51, 10.0), (65.0, 3.99), (65.0, 31.51)):
        with pytest.raises(ValueError, match="outside Norway; allowed: lat 57.5–71.5, lon 4–31.5"):
            scenario.new_site(model, lat=lat, lon=lon)
