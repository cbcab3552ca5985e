"""Geometry for web maps, on shapes worked out by hand: islets dropped (each feature keeps its largest part), the
delta encoding of quantised rings, simplification within its tolerance, the 200 m rule for bordering kommuner,
and the bounds a map opens at."""

import geopandas as gpd
import numpy as np
import pytest
import shapely

from export import geometry


def _square(x: float, y: float, side: float) -> shapely.Polygon:
    return shapely.box(x, y, x + side, y + side)


def _decode(rings: list, scale: float) -> list[np.ndarray]:
    return [np.cumsum(np.array(r), axis=0) / scale for r in rings]


def test_islets_under_the_minimum_area_are_dropped_but_the_largest_part_stays():
    big, mid, tiny = _square(0, 0, 1), _square(5, 5, 0.03), _square(9, 9, 0.02)  # 1, 0.0009 and 0.0004 deg²
    kept = geometry._drop_islets(shapely.MultiPolygon([tiny, big, mid]), 0.0006)
    assert kept.geom_type == "MultiPolygon"
    assert sorted(round(p.area, 6) for p in kept.geoms) == [0.0009, 1.0]
    only = geometry._drop_islets(shapely.MultiPolygon([tiny, big]), 0.0006)
    assert only.geom_type == "Polygon" and only.equals(big)
    # every part under the minimum: the largest still stands
    assert geometry._drop_islets(shapely.MultiPolygon([tiny, mid]), 0.5).equals(mid)
    # a part exactly at the minimum stays
    assert len(geometry._drop_islets(shapely.MultiPolygon([big, mid]), mid.area).geoms) == 2
    assert geometry._drop_islets(big, 5.0).equals(big)
    single = shapely.MultiPolygon([tiny])
    assert geometry._drop_islets(single, 1.0).equals(single)


def test_rings_are_quantised_and_delta_encoded():
    square = shapely.Polygon([(10, 60), (10.5, 60), (10.5, 60.25), (10, 60.25)],
                             [[(10.1, 60.1), (10.2, 60.1), (10.2, 60.2), (10.1, 60.1)]])
    (rings,) = geometry._encode(square, 100)
    assert rings[0] == [[1000, 6000], [50, 0], [0, 25], [-50, 0], [0, -25]]
    assert rings[1] == [[1010, 6010], [10, 0], [0, 10], [-10, -10]]
    # points that quantise to the same integer are kept once; a ring left with under four points is dropped
    jitter = shapely.Polygon([(0, 0), (0.001, 0.001), (1, 0), (1, 1), (0, 1)])
    assert geometry._encode(jitter, 10)[0][0] == [[0, 0], [10, 0], [0, 10], [-10, 0], [0, -10]]
    # heights, if a source has them, are not coordinates of the web map
    high = shapely.Polygon([(0, 0, 100), (1, 0, 120), (1, 1, 130), (0, 1, 110)])
    assert geometry._encode(high, 10)[0][0] == [[0, 0], [10, 0], [0, 10], [-10, 0], [0, -10]]
    sliver = shapely.Polygon([(0, 0), (0.01, 0), (0.01, 0.01), (0, 0.01)])
    assert geometry._encode(sliver, 10) == []
    two = shapely.MultiPolygon([_square(0, 0, 1), _square(2, 0, 1)])
    assert len(geometry._encode(two, 10)) == 2


def test_web_geometry_keeps_the_shape_within_its_tolerance_at_the_quantisation_step():
    ring = [(10.0, 60.0), (10.3, 60.004), (10.6, 60.0), (10.6, 60.5), (10.3, 60.512), (10.0, 60.5)]
    islet = _square(12.0, 61.0, 0.02)  # 0.0004 deg²: under 0.0006, dropped
    mid = _square(13.0, 61.0, 0.03)  # 0.0009 deg²: kept
    strip = shapely.box(1, 3, 1.5, 3.005)  # narrower than the tolerance: simplified, it keeps its ring
    gdf = gpd.GeoDataFrame({"k": ["a", "b", "c"]},
                           geometry=[shapely.MultiPolygon([shapely.Polygon(ring), islet, mid]), _square(1, 1, 1), strip],
                           crs="EPSG:4326")
    out = geometry.web_geometry(gdf, "k")
    assert set(out) == {"a", "b", "c"} and len(out["c"]) == 1
    assert len(out["a"]) == 2  # the islet went
    main = _decode(out["a"][0], 1000)[0]
    assert np.allclose(main * 1000, np.round(main * 1000))
    points = {tuple(np.round(p, 3)) for p in main}
    # the 0.004° bump is under the 0.008° tolerance: gone; the 0.012° bump is over it: kept
    assert (10.3, 60.004) not in points and (10.3, 60.512) in points
    assert {(10.0, 60.0), (10.6, 60.0), (10.6, 60.5), (10.0, 60.5)} <= points
    finer = geometry.web_geometry(gdf, "k", tolerance=0.001, decimals=4, min_area=0.0001)
    assert len(finer["a"]) == 3
    assert (10.3, 60.004) in {tuple(np.round(p, 4)) for p in _decode(finer["a"][0], 10_000)[0]}
    # projected input is taken to degrees first
    utm = gdf.to_crs("EPSG:25833")
    assert geometry.web_geometry(utm, "k")["b"] == out["b"]


def test_web_layers_use_three_decimals_for_kommuner_and_two_for_fylker():
    k = gpd.GeoDataFrame({"kommunenummer": ["0301"]}, geometry=[_square(10.7, 59.8, 0.3)], crs="EPSG:4326")
    # a fylke: coarser (0.02° tolerance, islets under 0.005 deg² dropped)
    coast = shapely.Polygon([(5, 60), (5.5, 60), (6, 60), (6, 61), (5.5, 61.03), (5, 61)])  # a 0.03° bump: kept
    isles = [_square(7, 60, 0.08), _square(7, 62, 0.06)]  # 0.0064 deg²: kept; 0.0036 deg²: dropped
    f = gpd.GeoDataFrame({"fylkesnummer": ["03", "46"]}, geometry=[_square(10.7, 59.8, 0.3),
                                                                    shapely.MultiPolygon([coast, *isles])],
                         crs="EPSG:4326")
    kl, fl = geometry.web_layers(k, f)
    assert len(fl["features"]["46"]) == 2
    assert (5.5, 61.03) in {tuple(np.round(p, 2)) for p in _decode(fl["features"]["46"][0], 100)[0]}
    assert kl["decimals"] == 3 and fl["decimals"] == 2
    corners = {(10.7, 59.8), (11.0, 59.8), (11.0, 60.1), (10.7, 60.1)}
    assert {tuple(p) for p in np.round(_decode(kl["features"]["0301"][0], 1000)[0], 3)} == corners
    assert kl["features"]["0301"][0][0][0] == [11000, 59800]  # the first point as integers of 10^-3 degrees
    assert fl["features"]["03"][0][0][0] == [1100, 5980]  # of 10^-2 degrees


def _utm(shapes: dict) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"kommunenummer": list(shapes)}, geometry=list(shapes.values()), crs="EPSG:25833")


def test_kommuner_within_200_m_border_each_other():
    a = _square(500_000, 7_000_000, 1000)
    shapes = {"0001": a, "0002": _square(501_000, 7_000_000, 1000),  # touching a
              "0003": _square(502_199, 7_000_000, 1000),  # 199 m from 0002
              "0004": _square(503_399.5, 7_000_000, 1000),  # 200.5 m from 0003
              "0005": _square(504_599, 7_000_000, 1000)}  # 199.5 m from 0004
    out = geometry.neighbours(_utm(shapes))
    assert out == {"0001": ["0002"], "0002": ["0001", "0003"], "0003": ["0002"], "0004": ["0005"], "0005": ["0004"]}
    assert geometry.neighbours(_utm(shapes), only="0002") == {"0002": ["0001", "0003"]}
    # degrees in, the rule still in metres
    assert geometry.neighbours(_utm(shapes).to_crs("EPSG:4326"), only="0003") == {"0003": ["0002"]}


def test_kommune_details_points_lie_inside_and_outlines_keep_four_decimals():
    shapes = {"0001": _square(500_000, 7_000_000, 5000), "0002": _square(505_000, 7_000_000, 5000)}
    details = geometry.kommune_details(_utm(shapes).to_crs("EPSG:4326"))
    # a report card's outline keeps what the shared layer drops: a 0.0006° bump and a 0.00003 deg² islet
    bump = shapely.Polygon([(10, 60), (10.05, 60), (10.1, 60), (10.1, 60.1), (10.05, 60.1006), (10, 60.1)])
    islet = _square(10.3, 60.3, 0.0055)
    fine = gpd.GeoDataFrame({"kommunenummer": ["0003"]}, geometry=[shapely.MultiPolygon([bump, islet])],
                            crs="EPSG:4326")
    outline = geometry.kommune_details(fine)["outlines"]["0003"]
    assert len(outline) == 2
    assert (10.05, 60.1006) in {tuple(np.round(p, 4)) for p in _decode(outline[0], 10_000)[0]}
    assert details["decimals"] == 4 and details["neighbours"] == {"0001": ["0002"], "0002": ["0001"]}
    back = _utm(shapes).to_crs("EPSG:4326").set_index("kommunenummer")
    for knr, (lat, lon) in details["points"].items():
        assert (lat, lon) == (round(lat, 2), round(lon, 2))
        x0, y0, x1, y1 = back.loc[knr, "geometry"].bounds
        assert x0 - 0.005 <= lon <= x1 + 0.005 and y0 - 0.005 <= lat <= y1 + 0.005
        ring = {tuple(np.round(p, 4)) for p in _decode(details["outlines"][knr][0], 10_000)[0]}
        corners = {tuple(np.round(p, 4)) for p in np.asarray(back.loc[knr, "geometry"].exterior.coords)}
        assert ring == corners and len(ring) == 4


def test_bounds_padded_and_grown_to_take_in_points():
    bounds = [[60.0, 10.0], [62.0, 14.0]]
    assert np.allclose(geometry.padded(bounds, 0.1), [[59.8, 9.6], [62.2, 14.4]])
    assert geometry.padded(bounds, 0.0) == bounds
    assert geometry.with_points(bounds, [59.5, 61.0], [15.0, 11.0]) == [[59.5, 10.0], [62.0, 15.0]]
    assert geometry.with_points(bounds, [63.0], [9.0]) == [[60.0, 9.0], [63.0, 14.0]]
    assert geometry.with_points(bounds, [], []) == bounds
    gdf = gpd.GeoDataFrame(geometry=[shapely.box(10, 60, 11, 61), shapely.box(12, 59, 13, 60)], crs="EPSG:4326")
    assert geometry.area_bounds(gdf) == [[59.0, 10.0], [61.0, 13.0]]
    got = geometry.area_bounds(gdf.to_crs("EPSG:25833"))
    assert got[0][1] == pytest.approx(10.0, abs=0.05) and got[1][0] == pytest.approx(61.0, abs=0.05)
