"""coverage/surroundings.py by hand: a link's built-up share from its samples, its region from its midpoint's fylke
(or the nearest fylke at sea), and its bends, each turn the short way round."""

import numpy as np
import pandas as pd
import pytest

from coverage import surroundings, travel
from tests.test_network import make_links


def test_built_up_share_counts_samples_in_cells_with_enough_people():
    """Link a, 2 km along y = 500 from x = 100: 4 samples at x = 350, 850, 1350, 1850, two in cell (0, 0) (1000
    people: built-up) and two in cell (1, 0) (999: not). Link b, 300 m inside cell (0, 0): one sample. Link c, 1001 m
    from x = 1000 in cell row 5: three samples, at 1166.8, 1500.5, 1834.2 (cell 1, row 5: built-up)."""
    links = make_links([("road", "K", None, [(100, 500), (2_100, 500)]),
                        ("road", "K", None, [(100, 200), (400, 200)]),
                        ("road", "K", None, [(1_000, 5_500), (2_001, 5_500)])])
    cells = pd.DataFrame({"x": [500.0, 1_500.0, 1_500.0], "y": [500.0, 500.0, 5_500.0], "pop_tot": [1000, 999, 4000]})
    assert surroundings.built_up_share(links, cells) == pytest.approx([0.5, 1.0, 1.0])
    assert surroundings.built_up_share(links, cells, people=999) == pytest.approx([1.0, 1.0, 1.0])
    assert surroundings.built_up_share(links, cells, people=1001) == pytest.approx([0.0, 0.0, 1.0])
    # a single sample at x = 1000.5 lies in cell column 1 (1000.5 // 1000), not column 0
    edge = make_links([("road", "K", None, [(900, 500), (1_101, 500)])])
    assert surroundings.built_up_share(edge, cells) == pytest.approx([0.0])
    assert surroundings.built_up_share(edge, cells.assign(pop_tot=[0, 1000, 0])) == pytest.approx([1.0])
    only_the_far_cell = cells.assign(pop_tot=[0, 0, 4000])
    half = make_links([("road", "K", None, [(1_000, 5_500), (3_000, 5_500)])])  # samples at 1250, 1750 | 2250, 2750
    assert surroundings.built_up_share(half, only_the_far_cell) == pytest.approx([0.5])


def test_a_link_lies_in_the_region_of_its_midpoints_fylke_or_the_nearest_at_sea():
    """Oslo (03) → ostlandet, Trondheim (50) → more_trondelag, Tromsø (55) → nord; a link whose midpoint lies in the
    North Sea west of Bergen → the nearest fylke, Vestland (46) → sor_vest. The Tromsø link's ends lie in the sea on
    either side, its midpoint on land."""
    def link(lat0, lon0, lat1, lon1):
        (x0, x1), (y0, y1) = travel.to_utm(np.array([lat0, lat1]), np.array([lon0, lon1]))
        return ("road", "K", None, [(x0, y0), (x1, y1)])

    links = make_links([link(59.91, 10.74, 59.92, 10.76), link(63.43, 10.38, 63.43, 10.40),
                        link(69.65, 18.90, 69.65, 19.02), link(60.40, 4.00, 60.40, 4.05)])
    assert list(surroundings.link_regions(links)) == ["ostlandet", "more_trondelag", "nord", "sor_vest"]


def test_a_link_across_a_fylke_border_takes_the_region_of_its_middle_not_of_an_end():
    """A link 20 km through Trøndelag (more_trondelag) to a point on its border with Nordland (nord), then 3 km on
    into Nordland (UTM 33 metres; where each point lies is read from the fylke boundaries here): its midpoint, 11.5 km
    along, lies in Trøndelag; its far end in Nordland."""
    import shapely

    from loaders import boundaries

    start, border, end = (402_954, 7_198_707), (408_130, 7_218_026), (408_906, 7_220_924)
    line = shapely.LineString([start, border, end])
    fylker = boundaries.fylker(crs=boundaries.UTM33).set_index("fylkesnummer").geometry
    assert fylker["50"].contains(line.interpolate(0.5, normalized=True)) and fylker["50"].contains(shapely.Point(start))
    assert fylker["18"].contains(shapely.Point(end))
    links = make_links([("road", "K", None, [start, border, end]), ("road", "K", None, [end, border, start])])
    assert list(surroundings.link_regions(links)) == ["more_trondelag", "more_trondelag"]


def test_bends_take_each_turn_the_short_way_round():
    """A U-turn (180° over 2 km): 90°/km. Headings 170° then −170° (a 20° turn, not 340°) over 2 km: 10°/km. A line
    shorter than a metre: 0; one of 1.5 m with a right angle: 90° over 0.0015 km, 60 000°/km. Four lines in one
    table, so no turn is counted across their joins."""
    s = 1000 * np.sin(np.radians(10))
    c = 1000 * np.cos(np.radians(10))
    links = make_links([("road", "K", None, [(0, 0), (1000, 0), (0, 0.0001)]),
                        ("road", "K", None, [(5000, 0), (5000 - c, s), (5000 - 2 * c, 0)]),
                        ("road", "K", None, [(9000, 0), (9000.5, 0), (9000.5, 0.4)]),
                        ("road", "K", None, [(20_000, 0), (20_000.75, 0), (20_000.75, 0.75)])])
    assert surroundings.bends(links) == pytest.approx([90.0, 10.0, 0.0, 60_000.0], abs=1e-3)
