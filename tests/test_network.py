"""Hand-built networks whose shortest paths are known by hand: times, ferries, crossings, unreachable pieces."""

from dataclasses import replace

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString

from coverage import network, travel

SPEEDS = (("motorveg", 90.0), ("motortrafikkveg", 80.0), ("E", 60.0), ("R", 60.0), ("F", 50.0), ("K", 30.0), ("P", 20.0))
# The flat ferry model: every ferry km at 12.3 km/h, waiting included.
# No region factors and no built-up minutes: the hand-built roads run at their class speeds alone.
PLAIN = {"speeds": SPEEDS, "length_factor": 1.0, "access_kmh": 30.0, "access_detour": 1.0, "region_speed": (),
         "urban_min_per_km": 0.0}
FLAT = network.Params(**PLAIN, ferry_model="ssb_flat")
# Crossing model with round numbers: short = 10 min wait + 5 min manoeuvring + km at 30 km/h,
# long (20 km or more) = 40 + 20 + km at 40 km/h.
CROSSING = network.Params(**PLAIN, ferry_long_km=20.0, ferry_wait=(("short", 10.0), ("long", 40.0)),
                          ferry_dock=(("short", 5.0), ("long", 20.0)), ferry_sail_kmh=(("short", 30.0), ("long", 40.0)))


def make_links(rows):
    """rows: (kind, category, road number, [(x, y), ...]) with kind 'road' or 'ferry'."""
    return gpd.GeoDataFrame({
        "type_veg": ["bilferje" if k == "ferry" else "enkelBilveg" for k, *_ in rows],
        "vegkategori": [c for _, c, _, _ in rows],
        "vegnummer": [float(n) if n is not None else np.nan for _, _, n, _ in rows],
        "motorvegtype": ["" for _ in rows],
        "ferje": [k == "ferry" for k, *_ in rows],
    }, geometry=[LineString(xy) for *_, xy in rows], crs="EPSG:25833")


def trip(net, params, start, ends):
    runs = travel.run_centres(net, np.array(["S"]), np.array([start[0]]), np.array([start[1]]),
                              params.access_kmh, params.access_detour)
    cells = travel.access(net, np.array([x for x, _ in ends], dtype=float), np.array([y for _, y in ends], dtype=float),
                          params.access_kmh, params.access_detour)
    return travel.to_centre(runs, cells, np.zeros(len(ends), dtype=int))


# Mainland road A(0,0)–B(60 km,0) class E, ferry B–C(60 km, 12.3 km) to an island road C–D(60 km, 32.3 km)
# class K; a second island E–F far away with no ferry.
BASIC = make_links([
    ("road", "E", 1, [(0, 0), (60_000, 0)]),
    ("ferry", "F", 9, [(60_000, 0), (60_000, 12_300)]),
    ("road", "K", None, [(60_000, 12_300), (60_000, 32_300)]),
    ("road", "K", None, [(200_000, 200_000), (210_000, 200_000)]),
])


@pytest.fixture(scope="module")
def net():
    return network.build(FLAT, links=BASIC)


def test_graph_shape_and_components(net):
    s = net.summary()
    assert (s["nodes"], s["edges"], s["ferry_edges"], s["crossings"], s["components"]) == (6, 4, 1, 1, 2)


def test_flat_model_gives_distance_over_12_3_kmh(net):
    t = trip(net, FLAT, (0, 0), [(60_000, 32_300), (60_000, 0), (0, 3_000)])
    # D: 60 km at 60 km/h (60 min) + 12.3 km ferry at 12.3 km/h (60 min) + 20 km at 30 km/h (40 min)
    assert t.minutes[0] == pytest.approx(160.0)
    assert t.km[0] == pytest.approx(92.3)
    assert t.ferries[0] == 1
    assert t.minutes[1] == pytest.approx(60.0) and t.ferries[1] == 0
    # access leg: 3 km straight at 30 km/h to node A
    assert t.minutes[2] == pytest.approx(6.0) and t.km[2] == pytest.approx(3.0)


def test_crossing_model_on_the_same_network():
    t = trip(network.build(CROSSING, links=BASIC), CROSSING, (0, 0), [(60_000, 32_300)])
    # 60 + (10 wait + 5 manoeuvring + 12.3 km at 30 km/h = 24.6) + 40
    assert t.minutes[0] == pytest.approx(60 + 10 + 5 + 24.6 + 40)
    assert t.ferries[0] == 1


def test_island_without_ferry_is_unreachable_not_given_a_time(net):
    runs = travel.run_centres(net, np.array(["A"]), np.array([0.0]), np.array([0.0]), 30.0, 1.0)
    cells = travel.access(net, np.array([205_000.0]), np.array([200_000.0]), 30.0, 1.0)
    t = travel.nearest(runs, cells)
    assert np.isinf(t.minutes[0]) and np.isinf(t.km[0])


def test_nearest_of_two_centres(net):
    runs = travel.run_centres(net, np.array(["A", "D"]), np.array([0.0, 60_000.0]), np.array([0.0, 32_300.0]), 30.0, 1.0)
    cells = travel.access(net, np.array([60_000.0, 10_000.0]), np.array([12_300.0, 0.0]), 30.0, 1.0)
    t = travel.nearest(runs, cells)
    assert list(runs.centre_ids[t.nearest]) == ["D", "A"]
    assert t.minutes[0] == pytest.approx(40.0)  # C→D by island road, no ferry
    assert t.minutes[1] == pytest.approx(20.0)  # 10 km access leg to node A at 30 km/h


# A crossing drawn as two links through a junction at sea J(60 km, 6 km): B–J–C, 6 km each.
SPLIT = make_links([
    ("road", "E", 1, [(0, 0), (60_000, 0)]),
    ("ferry", "F", 9, [(60_000, 0), (60_000, 6_000)]),
    ("ferry", "F", 9, [(60_000, 6_000), (60_000, 12_000)]),
    ("road", "K", None, [(60_000, 12_000), (60_000, 32_000)]),
])


def test_a_crossing_split_in_two_links_pays_the_wait_once():
    net = network.build(CROSSING, links=SPLIT)
    t = trip(net, CROSSING, (0, 0), [(60_000, 32_000)])
    # 60 + (10 + 5 + 12 km at 30 km/h = 24) + 20 km at 30 km/h = 40
    assert t.minutes[0] == pytest.approx(60 + 10 + 5 + 24 + 40)
    assert t.ferries[0] == 1
    assert t.km[0] == pytest.approx(92.0)


def test_flat_model_on_a_split_crossing_is_still_distance_over_12_3():
    t = trip(network.build(FLAT, links=SPLIT), FLAT, (0, 0), [(60_000, 32_000)])
    assert t.minutes[0] == pytest.approx(60 + 12 / 12.3 * 60 + 40)
    assert t.ferries[0] == 1


def test_no_trip_starts_or_ends_at_a_junction_at_sea():
    net = network.build(CROSSING, links=SPLIT)
    node, dist = net.nearest_node(np.array([60_000.0]), np.array([6_000.0]))
    assert dist[0] == pytest.approx(6_000.0)  # B or C, 6 km away, never J itself
    assert tuple(net.xy[node[0]]) in {(60_000.0, 0.0), (60_000.0, 12_000.0)}


# One ferry line (road 80) P(0,0) → Q(0,30 km) → R(0,60 km); Q is a quay on an island road; P and R on roads.
LINE = make_links([
    ("road", "R", 80, [(-10_000, 0), (0, 0)]),
    ("ferry", "R", 80, [(0, 0), (0, 30_000)]),
    ("ferry", "R", 80, [(0, 30_000), (0, 60_000)]),
    ("road", "K", None, [(0, 30_000), (5_000, 30_000)]),
    ("road", "R", 80, [(0, 60_000), (-10_000, 60_000)]),
])


def test_staying_on_board_past_an_intermediate_quay_pays_once():
    net = network.build(CROSSING, links=LINE)
    t = trip(net, CROSSING, (0, 0), [(0, 60_000), (0, 30_000)])
    # P→R in one long crossing: 40 + 20 + 60 km at 40 km/h (90) = 150, not 2 × (40 + 20 + 45) = 210
    assert t.minutes[0] == pytest.approx(150.0)
    assert t.ferries[0] == 1
    assert t.minutes[1] == pytest.approx(40 + 20 + 45)


def test_short_and_long_kinds_by_the_crossings_own_length():
    links = make_links([
        ("road", "R", 1, [(-10_000, 0), (0, 0)]),
        ("ferry", "F", 2, [(0, 0), (0, 10_000)]),        # 10 km: short
        ("road", "K", None, [(0, 10_000), (1_000, 10_000)]),
        ("ferry", "F", 3, [(0, 0), (-20_000, 0)]),       # exactly 20 km: long
        ("road", "K", None, [(-20_000, 0), (-20_000, -1_000)]),
        ("ferry", "F", 4, [(0, 0), (0, -19_900)]),       # 19.9 km: short
        ("road", "K", None, [(0, -19_900), (1_000, -19_900)]),
    ])
    net = network.build(CROSSING, links=links)
    t = trip(net, CROSSING, (0, 0), [(0, 10_000), (-20_000, 0), (0, -19_900)])
    assert t.minutes[0] == pytest.approx(10 + 5 + 20)        # 10 km at 30 km/h
    assert t.minutes[1] == pytest.approx(40 + 20 + 30)       # 20 km at 40 km/h
    assert t.minutes[2] == pytest.approx(10 + 5 + 39.8)      # 19.9 km at 30 km/h
    assert list(t.ferries) == [1, 1, 1]


def test_changing_to_another_line_at_a_quay_pays_again():
    links = make_links([
        ("ferry", "F", 2, [(0, 0), (0, 10_000)]),
        ("road", "K", None, [(0, 10_000), (1_000, 10_000)]),
        ("ferry", "F", 3, [(0, 10_000), (0, 20_000)]),
        ("road", "K", None, [(0, 0), (-1_000, 0)]),
        ("road", "K", None, [(0, 20_000), (-1_000, 20_000)]),
    ])
    net = network.build(CROSSING, links=links)
    t = trip(net, CROSSING, (0, 0), [(0, 20_000)])
    assert t.minutes[0] == pytest.approx(2 * (10 + 5 + 20))
    assert t.ferries[0] == 2


def _sea_junction_links():
    """Line 839 sails P (0, 0) → J (0, 18 km, a junction at sea); road 17's stubs run J → Q (0, 20 km) and J → S
    (8 km east of J); a road leaves each quay."""
    return make_links([
        ("road", "K", None, [(-1_000, 0), (0, 0)]),
        ("ferry", "F", 839, [(0, 0), (0, 18_000)]),
        ("ferry", "F", 17, [(0, 18_000), (0, 20_000)]),
        ("ferry", "F", 17, [(0, 18_000), (8_000, 18_000)]),
        ("road", "K", None, [(0, 20_000), (-1_000, 20_000)]),
        ("road", "K", None, [(8_000, 18_000), (9_000, 18_000)]),
    ])


def test_a_crossing_ending_on_another_numbers_stub_is_one_crossing():
    # Line 839 sails P → J (a junction at sea); the last 2 km J → Q are drawn as road 17's link to the quay.
    links = _sea_junction_links()
    net = network.build(CROSSING, links=links)
    t = trip(net, CROSSING, (0, 0), [(0, 20_000)])
    assert t.minutes[0] == pytest.approx(40 + 20 + 30)  # 20 km: one long crossing, boarded once
    assert t.ferries[0] == 1


def test_dangling_ferry_end_is_joined_within_the_stated_distance():
    links = make_links([("road", "E", 1, [(0, 0), (10_000, 0)]), ("ferry", "F", 9, [(10_500, 0), (20_000, 0)]),
                        ("road", "E", 1, [(20_000, 0), (30_000, 0)])])
    net = network.build(FLAT, links=links)
    assert net.summary()["components"] == 1
    assert (net.edge_class == "connector").sum() == 1
    far = links.copy()
    far.loc[1, "geometry"] = LineString([(10_000 + network.FERRY_JOIN_M + 500, 0), (20_000, 0)])
    assert network.build(FLAT, links=far).summary()["components"] == 2


def test_a_node_ferry_links_pass_through_is_joined_only_close_to_a_road():
    def links(offset):
        return make_links([
            ("road", "K", None, [(-1_000, 0), (0, 0)]),
            ("ferry", "F", 9, [(0, 0), (10_000, offset)]),
            ("ferry", "F", 9, [(10_000, offset), (20_000, 0)]),
            ("road", "K", None, [(20_000, 0), (21_000, 0)]),
            ("road", "K", None, [(10_000, 0), (11_000, 0)]),  # a road end next to the middle node
        ])
    near = network.build(CROSSING, links=links(network.THROUGH_JOIN_M - 100))
    far = network.build(CROSSING, links=links(network.THROUGH_JOIN_M + 100))
    assert (near.edge_class == "connector").sum() == 1  # a quay drawn just off the road
    assert (far.edge_class == "connector").sum() == 0  # a junction at sea
    assert far.summary()["components"] == 2


def test_unknown_ferry_model_is_refused():
    with pytest.raises(ValueError, match="ssb_flat"):
        network.Params(ferry_model="flat")


def test_default_model_is_crossings_and_flat_is_ssb_speed():
    assert network.Params().ferry_model == "crossing"
    assert network.Params(ferry_model="ssb_flat").ferry_kmh == 12.3


def test_link_class_from_motorvegtype_and_category():
    links = pd.DataFrame({"motorvegtype": ["motorveg", "motortrafikkveg", "", ""], "vegkategori": ["E", "E", "F", ""]})
    assert list(network.link_class(links)) == ["motorveg", "motortrafikkveg", "F", "P"]


def test_bends_are_degrees_of_turn_per_km_by_hand():
    """An L (one 90° turn over 2 km) bends 45°/km, a straight line 0, a Z (+90° then −90° over 3 km) 60°/km; the
    jump from one line's end to the next line's start is no turn."""
    from coverage import surroundings

    links = make_links([("road", "E", 1, [(0, 0), (1000, 0), (1000, 1000)]),
                        ("road", "E", 1, [(5000, 0), (8000, 0)]),
                        ("road", "E", 1, [(0, 9000), (1000, 9000), (1000, 10_000), (2000, 10_000)])])
    assert surroundings.bends(links) == pytest.approx([45.0, 0.0, 60.0])


def test_bend_and_ferry_minutes_are_charged_as_stated():
    """The L road (2 km of class E at 60 km/h, 45°/km) with 1 min per km per 100°/km: 2 + 2 × 0.45 = 2.9 min. The
    BASIC short crossing (12.3 km) with 7 extra minutes: 10 + 5 + 12.3 / 30 × 60 + 7 = 46.6 min."""
    bent = network.build(network.Params(**PLAIN, bend_min_per_km=1.0, ferry_model="ssb_flat"),
                         links=make_links([("road", "E", 1, [(0, 0), (1000, 0), (1000, 1000)])]))
    assert bent.minutes == pytest.approx([2.9])
    extra = network.build(replace(CROSSING, ferry_extra_min=7.0), links=BASIC)
    assert extra.minutes[extra.ferry] == pytest.approx([46.6])


def test_unopened_links_are_found_by_category_number_and_ends():
    """A listed link (E39 between two 2-decimal points, either way round) is marked; a link of another number between
    the same points and a far link are not; a row that matches no link is named in the error."""
    a, b = travel.to_utm(59.02, 5.59), travel.to_utm(59.071, 5.436)
    links = make_links([("road", "E", 39, [b, a]), ("road", "F", 519, [a, b]),
                        ("road", "E", 39, [(a[0] + 9000, a[1]), (b[0] + 9000, b[1])])])
    row = {"link_name": "rogfast", "vegkategori": "E", "vegnummer": 39, "from_lat": 59.02, "from_lon": 5.59,
           "to_lat": 59.07, "to_lon": 5.44, "opens": 2033, "source_url": "https://example.org", "source_date": "undated",
           "quote": "q", "note": ""}
    assert network.unopened(links, pd.DataFrame([row])).tolist() == [True, False, False]
    wrong = pd.DataFrame([row, row | {"link_name": "nowhere", "to_lat": 59.2}])
    with pytest.raises(ValueError, match="nowhere: no E39 road link") as err:
        network.unopened(links, wrong)
    assert "rogfast" not in str(err.value)


def test_rogfast_is_not_in_the_default_network():
    """N1000 draws Rogfast (opening 2033) as an open E39 tunnel; coverage/unopened_roads.csv takes its five links out,
    so nothing joins Randaberg to Bokn but the Mortavika–Arsvågen ferry."""
    from loaders import roads

    links = roads.links(False)
    assert int(network.unopened(links).sum()) == 5
    table = pd.read_csv(network.UNOPENED)
    assert table["source_url"].str.startswith("https://").all() and table["quote"].str.len().between(1, 300).all()


def test_a_connector_to_a_dangling_quay_is_driven_at_the_access_speed_with_the_detour():
    """Road A(0)–B(10 km), a ferry from 500 m off B to C(20 km), road C–D(30 km), all class E at 60 km/h. The 500 m
    gap is a connector: 0.5 km × detour 1.2 = 0.6 km at the access speed 30 km/h = 1.2 min. A→D = 10 + 1.2 +
    9.5 km at 12.3 km/h + 10 min, 30.1 km; the connector is no ferry."""
    links = make_links([("road", "E", 1, [(0, 0), (10_000, 0)]), ("ferry", "F", 9, [(10_500, 0), (20_000, 0)]),
                        ("road", "E", 1, [(20_000, 0), (30_000, 0)])])
    params = network.Params(**(PLAIN | {"access_detour": 1.2}), ferry_model="ssb_flat")
    net = network.build(params, links=links)
    joint = net.edge_class == "connector"
    assert net.km[joint] == pytest.approx([0.6]) and net.minutes[joint] == pytest.approx([1.2])
    t = trip(net, params, (0, 0), [(30_000, 0), (10_000, 0)])
    assert t.minutes[0] == pytest.approx(10 + 1.2 + 9.5 / 12.3 * 60 + 10)
    assert t.km[0] == pytest.approx(10 + 0.6 + 9.5 + 10)
    assert list(t.ferries) == [1, 0]


def test_links_without_road_numbers_are_one_line_where_they_meet():
    """With no `vegnummer` column every ferry link is 'unnumbered': the two links meeting at the quay Q (0, 10 km)
    form one line, so besides P–Q and Q–R there is a crossing P–R staying on board (20 km, long: 40 + 20 + 30);
    numbered 2 and 3 they are two lines and P–R is no crossing. Either way the fastest trip takes two short
    crossings, 2 × (10 + 5 + 20)."""
    rows = [
        ("ferry", "F", 2, [(0, 0), (0, 10_000)]),
        ("road", "K", None, [(0, 10_000), (1_000, 10_000)]),
        ("ferry", "F", 3, [(0, 10_000), (0, 20_000)]),
        ("road", "K", None, [(0, 0), (-1_000, 0)]),
        ("road", "K", None, [(0, 20_000), (-1_000, 20_000)]),
    ]
    unnumbered = network.build(CROSSING, links=make_links(rows).drop(columns="vegnummer"))
    numbered = network.build(CROSSING, links=make_links(rows))
    assert list(unnumbered.line_road) == ["unnumbered"] and sorted(numbered.line_road) == ["2", "3"]
    assert sorted(unnumbered.minutes[unnumbered.ferry]) == pytest.approx([35, 35, 90])
    assert sorted(numbered.minutes[numbered.ferry]) == pytest.approx([35, 35])
    t = trip(unnumbered, CROSSING, (0, 0), [(0, 20_000)])
    assert t.minutes[0] == pytest.approx(70) and t.ferries[0] == 2


def test_summary_of_the_basic_network_by_hand(net):
    """BASIC: 6 land nodes, 3 roads + 1 ferry link, one crossing on one line, two pieces (the largest with 4 nodes),
    road km 60 + 20 + 10 = 90."""
    assert net.summary() == {"nodes": 6, "edges": 4, "ferry_edges": 1, "crossings": 1, "ferry_lines": 1,
                             "components": 2, "largest_component_nodes": 4, "km": 90.0}


def test_length_factor_region_factor_and_motorway_class_by_hand():
    """A motorveg link (by motorvegtype, 90 km/h here) of 30 km and a class-K link (30 km/h) of 10 km, with length
    factor 1.1 and their region at factor 0.5: 33 km at 45 km/h = 44 min, 11 km at 15 km/h = 44 min. Of two links
    between the same two nodes only the faster is kept (the K link of 30 km would take 132 min)."""
    links = make_links([("road", "E", 6, [(0, 0), (30_000, 0)]), ("road", "K", None, [(30_000, 0), (30_000, 10_000)]),
                        ("road", "K", None, [(0, 0), (30_000, 0)])])
    links.loc[0, "motorvegtype"] = "motorveg"
    from coverage import surroundings

    region = surroundings.link_regions(links)[1]
    params = network.Params(**(PLAIN | {"length_factor": 1.1, "region_speed": ((str(region), 0.5),)}))
    net = network.build(params, links=links)
    assert sorted(net.edge_class) == ["K", "motorveg"]
    assert dict(zip(net.edge_class, net.km, strict=True)) == pytest.approx({"motorveg": 33.0, "K": 11.0})
    assert dict(zip(net.edge_class, net.minutes, strict=True)) == pytest.approx({"motorveg": 44.0, "K": 44.0})
    t = trip(net, params, (0, 0), [(30_000, 10_000)])
    assert t.minutes[0] == pytest.approx(88.0) and t.km[0] == pytest.approx(44.0)


def test_a_crossing_through_sea_junctions_belongs_to_the_line_sailing_into_its_far_quay():
    """Line 839 P → J (sea) and road 17's stub J → Q: the one crossing P–Q carries the line of the link into Q (17);
    the stub J → S (8 km east) makes a second crossing P–S, also on 17. Q and S are joined through J too (10 km)."""
    links = _sea_junction_links()
    net = network.build(CROSSING, links=links)
    e = np.flatnonzero(net.ferry)
    got = sorted((tuple(sorted([tuple(net.xy[net.edge_a[i]]), tuple(net.xy[net.edge_b[i]])])), round(float(net.km[i]), 6),
                  str(net.line_road[net.edge_line[i]])) for i in e)
    assert got == [(((0.0, 0.0), (0.0, 20_000.0)), 20.0, "17"), (((0.0, 0.0), (8_000.0, 18_000.0)), 26.0, "17"),
                   (((0.0, 20_000.0), (8_000.0, 18_000.0)), 10.0, "17")]


def test_join_distances_are_inclusive_and_joined_or_dead_end_quays_are_land():
    """A ferry dead end exactly FERRY_JOIN_M (3 km) or 2 km off a road end is joined (a node links pass through would
    be joined only within 1 km). A ferry node links pass through, joined to a road 900 m away, is a quay (land); at
    1.1 km it is a junction at sea. An island quay with no road at all is land too: people there board there."""
    for gap in (network.FERRY_JOIN_M, 2_000.0):
        links = make_links([("road", "E", 1, [(0, 0), (10_000, 0)]), ("ferry", "F", 9, [(10_000 + gap, 0), (20_000, 0)]),
                            ("road", "E", 1, [(20_000, 0), (30_000, 0)])])
        net = network.build(FLAT, links=links)
        assert (net.edge_class == "connector").sum() == 1 and net.summary()["components"] == 1, gap

    def through(offset):
        return network.build(CROSSING, links=make_links([
            ("road", "K", None, [(-1_000, 0), (0, 0)]), ("ferry", "F", 9, [(0, 0), (10_000, offset)]),
            ("ferry", "F", 9, [(10_000, offset), (20_000, 0)]), ("road", "K", None, [(20_000, 0), (21_000, 0)]),
            ("road", "K", None, [(10_000, 0), (11_000, 0)])]))

    for offset, quay in ((900, True), (1_100, False)):
        net = through(offset)
        middle = int(np.flatnonzero((net.xy == [10_000.0, offset]).all(axis=1))[0])
        assert bool(net.land[middle]) is quay, offset
    island = network.build(CROSSING, links=make_links([("road", "K", None, [(-1_000, 0), (0, 0)]),
                                                       ("ferry", "F", 9, [(0, 0), (0, 20_000)])]))
    node, dist = island.nearest_node(np.array([0.0]), np.array([20_500.0]))
    assert tuple(island.xy[node[0]]) == (0.0, 20_000.0) and dist[0] == pytest.approx(500.0)
    t = trip(island, CROSSING, (-1_000, 0), [(0, 20_000)])
    assert t.minutes[0] == pytest.approx(2 + 40 + 20 + 30) and t.ferries[0] == 1  # 1 km of K, one long crossing
