"""Invariants of the travel indicators on the real data."""

import numpy as np
import pandas as pd
import pytest

from coverage import gaps, indicators, network
from loaders import population


def test_one_row_per_kommune_with_a_class(indicators_table):
    t = indicators_table
    assert len(t) == 357 and t["kommunenummer"].is_unique
    assert set(t["gap_class"]) <= set(gaps.CLASSES)


def test_nearest_is_never_slower_than_affiliated(model):
    trips = indicators.cell_trips(model)
    ok = np.isfinite(trips["aff_min"])
    assert (trips["near_min"][ok] <= trips["aff_min"][ok] + 1e-9).all()


def test_median_not_above_p90(indicators_table):
    t = indicators_table
    for basis in ("nearest", "affiliated"):
        ok = t[f"median_min_{basis}"].notna()
        assert (t.loc[ok, f"median_min_{basis}"] <= t.loc[ok, f"p90_min_{basis}"]).all()
        assert (t.loc[ok, f"median_km_{basis}"] <= t.loc[ok, f"p90_km_{basis}"]).all()


def test_shares_are_fractions_and_monotone_in_threshold(indicators_table):
    t = indicators_table
    for basis in ("nearest", "affiliated"):
        s60, s90, s120 = (t[f"share_over_{x}_{basis}"].fillna(0) for x in (60, 90, 120))
        assert ((s120 >= 0) & (s120 <= s90) & (s90 <= s60) & (s60 <= 1)).all()


def test_all_cells_sum_to_the_national_total(model, indicators_table):
    total = population.by_kommune(model.year)["befolkning"].sum()
    assert model.cells["w_all"].sum() == pytest.approx(total)
    assert indicators_table["people"].sum() == pytest.approx(total, abs=357)


def test_oslo_median_to_its_centre_is_under_half_an_hour(indicators_table):
    oslo = indicators_table.set_index("kommunenummer").loc["0301"]
    assert oslo["centre_id"] == "oslo" and oslo["median_min_affiliated"] < 30


def test_no_cell_beats_the_straight_line_at_the_fastest_speed(model):
    trips = indicators.cell_trips(model)
    ok = trips["near_row"] >= 0
    from coverage import travel

    cx, cy = travel.to_utm(model.sites["lat"].to_numpy(), model.sites["lon"].to_numpy())
    rows = trips["near_row"][ok]
    x, y = model.cells["x"].to_numpy()[ok], model.cells["y"].to_numpy()[ok]
    straight_km = np.hypot(x - cx[rows], y - cy[rows]) / 1000
    fastest = max(max(dict(network.Params().speeds).values()), network.ACCESS_KMH)
    assert (trips["near_min"][ok] >= straight_km / fastest * 60 - 1e-6).all()


def test_unreachable_people_are_counted_not_timed(model, indicators_table):
    trips = indicators.cell_trips(model)
    assert trips["unreachable"].sum() > 0
    assert np.isinf(trips["near_min"][trips["unreachable"]]).all()
    assert indicators_table["unreachable"].sum() == pytest.approx(model.cells["w_all"][trips["unreachable"]].sum(), abs=357)


def test_fylke_and_national_tables(model):
    fylke = indicators.per_area(model, "fylke")
    norge = indicators.per_area(model, "norge")
    assert len(fylke) == 15 and len(norge) == 1
    assert fylke["people"].sum() == norge["people"].iloc[0]
    kommuner = indicators.per_kommune(model)
    for col in ("people", "unreachable"):  # a fact sheet's Norway row equals the sum of the CSV's rows
        assert norge[col].iloc[0] == kommuner[col].sum()
        by_fylke = kommuner.groupby("fylkesnummer")[col].sum()
        assert (fylke.set_index("area")[col] == by_fylke.reindex(fylke["area"])).all()
    assert fylke["median_min_nearest"].min() <= norge["median_min_nearest"].iloc[0] <= fylke["median_min_nearest"].max()


def test_women_weight_changes_the_population_base(model):
    women = indicators.per_kommune(model, weight="women18")
    assert women["people"].sum() == pytest.approx(population.by_kommune(model.year)["kvinner_18"].sum(), abs=357)


def test_sveio_belongs_to_krisesenter_vest_at_its_nearest_department(indicators_table):
    """Sveio was estimated to Bergen (170 min, fylke-bound); Haugesund, across the border, is about half an hour."""
    t = indicators_table.set_index("kommunenummer")
    sveio = t.loc["4612"]
    assert (sveio["centre_id"], sveio["catchment_evidence"], sveio["centre_department"]) == (
        "krisesenter-vest", "estimated", "Haugesund")
    assert sveio["median_min_affiliated"] == pytest.approx(sveio["median_min_nearest"]) and sveio["median_min_affiliated"] < 45
    for knr in ("4613", "4615", "4617"):  # Bømlo, Fitjar, Kvinnherad: nearest department is Stord
        assert (t.loc[knr, "centre_id"], t.loc[knr, "centre_department"]) == ("krisesenter-vest", "Stord")


def test_time_to_own_centre_goes_to_its_nearest_department(model):
    """Stord's people reach Krisesenter Vest in Leirvik, not in Haugesund: own-centre time is the minimum over
    the centre's departments, cell by cell."""
    trips = indicators.cell_trips(model)
    rows = model.centre_rows("krisesenter-vest")
    assert sorted(model.sites.loc[rows, "department"]) == ["Haugesund", "Stord"]
    stord = np.flatnonzero(model.cells["kommunenummer"].to_numpy() == "4614")
    per_department = model.cell_minutes(rows)[:, stord]
    assert np.allclose(trips["aff_min"][stord], per_department.min(axis=0))
    haugesund = rows[list(model.sites.loc[rows, "department"]).index("Haugesund")]
    assert (trips["aff_min"][stord] < model.cell_minutes(np.array([haugesund]))[0, stord] - 30).mean() > 0.9
    assert set(model.runs.centre_ids[trips["aff_row"][stord]]) == {"krisesenter-vest"}


def test_centre_and_department_points_are_town_level(model):
    for col in ("lat", "lon"):
        values = model.sites[col].to_numpy()
        assert np.allclose(values, np.round(values, 2))
    assert len(model.sites) == len(model.runs.centre_ids) == model.median_minutes.shape[1] + 1


def test_most_weight_by_hand():
    """Group 0: x 3, y 2 + 2 → y. Group 1: z 1, x 1 → a tie goes to the label last in sorted order, z. Group 2 has no
    cell: ''. Labels are looked up through the cells' rows."""
    got = indicators._most_weight(np.array([0, 0, 0, 1, 1]), np.array(["x", "y", "z"], dtype=object),
                                  np.array([0, 1, 1, 2, 0]), np.array([3.0, 2.0, 2.0, 1.0, 1.0]), 3)
    assert list(got) == ["y", "z", ""]
    assert list(indicators._most_weight(np.array([], dtype=int), np.array(["x"]), np.array([], dtype=int),
                                        np.array([]), 2)) == ["", ""]


def test_straight_km_is_planar_to_the_nearest_town_point_by_hand():
    """Two town points; cells 3 km east and 4 km north of the first (5 km), and 6 km east and 8 km south of the
    second (10 km, while the first lies farther): planar UTM 33 km to the nearest one, with its row."""
    from types import SimpleNamespace

    from pyproj import Transformer

    lat, lon = np.array([63.43, 69.65]), np.array([10.40, 18.96])
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:25833", always_xy=True).transform(lon, lat)
    cells = pd.DataFrame({"x": [x[0] + 3_000, x[1] + 6_000], "y": [y[0] + 4_000, y[1] - 8_000]})
    m = SimpleNamespace(sites=pd.DataFrame({"lat": lat, "lon": lon}), cells=cells)
    km, row = indicators._straight_km(m)
    assert km == pytest.approx([5.0, 10.0], abs=1e-6) and list(row) == [0, 1]


def test_shares_count_only_minutes_strictly_over_the_threshold_among_those_who_can_reach_a_centre():
    """One group: cells at exactly 60, exactly 90, 91 minutes and one with no road, weights 1, 2, 3, 4. Over 60: 2 + 3
    of the 6 who can reach a centre; over 90: 3 of 6 (90 itself is not over); over 120: none."""
    mins = np.array([60.0, 90.0, 91.0, np.inf])
    trips = {"near_min": mins, "aff_min": mins, "near_km": mins, "aff_km": mins, "straight_km": np.ones(4),
             "unreachable": ~np.isfinite(mins)}
    got = indicators._stats(np.zeros(4, dtype=int), 1, trips, np.array([1.0, 2.0, 3.0, 4.0]))
    for basis in ("nearest", "affiliated"):
        assert [got[f"share_over_{t}_{basis}"][0] for t in (60, 90, 120)] == pytest.approx([5 / 6, 3 / 6, 0.0])
