"""A hand-built network whose shortest paths are known by hand: times, ferries, unreachable pieces."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString

from coverage import network, travel

# Mainland road A(0,0)–B(60 km,0) class E, ferry B–C(60 km, 12.3 km) to an island road C–D(60 km, 32.3 km)
# class K; a second island E–F far away with no ferry. Speeds: E 60 km/h, K 30 km/h, ferry 12.3 km/h.
PARAMS = network.Params(speeds=(("motorveg", 90.0), ("motortrafikkveg", 80.0), ("E", 60.0), ("R", 60.0),
                                ("F", 50.0), ("K", 30.0), ("P", 20.0)), length_factor=1.0, access_kmh=30.0,
                        access_detour=1.0)


@pytest.fixture(scope="module")
def net():
    links = gpd.GeoDataFrame({
        "type_veg": ["enkelBilveg", "bilferje", "enkelBilveg", "enkelBilveg"],
        "vegkategori": ["E", "", "K", "K"],
        "motorvegtype": ["", "", "", ""],
        "ferje": [False, True, False, False],
    }, geometry=[LineString([(0, 0), (60_000, 0)]), LineString([(60_000, 0), (60_000, 12_300)]),
                 LineString([(60_000, 12_300), (60_000, 32_300)]),
                 LineString([(200_000, 200_000), (210_000, 200_000)])], crs="EPSG:25833")
    return network.build(PARAMS, links=links)


def test_graph_shape_and_components(net):
    s = net.summary()
    assert (s["nodes"], s["edges"], s["ferry_edges"], s["components"]) == (6, 4, 1, 2)


def test_times_km_and_ferries_known_by_hand(net):
    runs = travel.run_centres(net, np.array(["A"]), np.array([0.0]), np.array([0.0]), 30.0, 1.0)
    cells = travel.access(net, np.array([60_000.0, 60_000.0, 0.0]), np.array([32_300.0, 0.0, 3_000.0]), 30.0, 1.0)
    trip = travel.to_centre(runs, cells, np.zeros(3, dtype=int))
    # D: 60 km at 60 km/h (60 min) + 12.3 km ferry at 12.3 km/h (60 min) + 20 km at 30 km/h (40 min)
    assert trip.minutes[0] == pytest.approx(160.0)
    assert trip.km[0] == pytest.approx(92.3)
    assert trip.ferries[0] == 1
    assert trip.minutes[1] == pytest.approx(60.0) and trip.ferries[1] == 0
    # access leg: 3 km straight at 30 km/h to node A
    assert trip.minutes[2] == pytest.approx(6.0) and trip.km[2] == pytest.approx(3.0)


def test_island_without_ferry_is_unreachable_not_given_a_time(net):
    runs = travel.run_centres(net, np.array(["A"]), np.array([0.0]), np.array([0.0]), 30.0, 1.0)
    cells = travel.access(net, np.array([205_000.0]), np.array([200_000.0]), 30.0, 1.0)
    trip = travel.nearest(runs, cells)
    assert np.isinf(trip.minutes[0]) and np.isinf(trip.km[0])


def test_nearest_of_two_centres(net):
    runs = travel.run_centres(net, np.array(["A", "D"]), np.array([0.0, 60_000.0]), np.array([0.0, 32_300.0]), 30.0, 1.0)
    cells = travel.access(net, np.array([60_000.0, 10_000.0]), np.array([12_300.0, 0.0]), 30.0, 1.0)
    trip = travel.nearest(runs, cells)
    assert list(runs.centre_ids[trip.nearest]) == ["D", "A"]
    assert trip.minutes[0] == pytest.approx(40.0)  # C→D by island road, no ferry
    assert trip.minutes[1] == pytest.approx(20.0)  # 10 km access leg to node A at 30 km/h


def test_dangling_ferry_end_is_joined_within_the_stated_distance():
    links = gpd.GeoDataFrame({
        "type_veg": ["enkelBilveg", "bilferje", "enkelBilveg"], "vegkategori": ["E", "", "E"],
        "motorvegtype": ["", "", ""], "ferje": [False, True, False],
    }, geometry=[LineString([(0, 0), (10_000, 0)]), LineString([(10_500, 0), (20_000, 0)]),
                 LineString([(20_000, 0), (30_000, 0)])], crs="EPSG:25833")
    net = network.build(PARAMS, links=links)
    assert net.summary()["components"] == 1
    assert (net.edge_class == "connector").sum() == 1
    far = links.copy()
    far.loc[1, "geometry"] = LineString([(10_000 + network.FERRY_JOIN_M + 500, 0), (20_000, 0)])
    assert network.build(PARAMS, links=far).summary()["components"] == 2


def test_link_class_from_motorvegtype_and_category():
    links = pd.DataFrame({"motorvegtype": ["motorveg", "motortrafikkveg", "", ""], "vegkategori": ["E", "E", "F", ""]})
    assert list(network.link_class(links)) == ["motorveg", "motortrafikkveg", "F", "P"]
