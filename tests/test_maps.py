"""Map builders are pure functions: features, legend, town-level markers, zoom cap, local assets, payload."""

import json
import re

import folium
import pytest

from dashboard import maps
from export import style
from loaders import boundaries, registry


@pytest.fixture(scope="module")
def geo():
    return (maps.web_geometry(boundaries.kommuner(), "kommunenummer"),
            maps.web_geometry(boundaries.fylker(), "fylkesnummer", tolerance=0.02, decimals=2, min_area=0.005))


@pytest.fixture(scope="module")
def national(geo, model, indicators_table):
    centres = model.centres[model.centres["status"] == "active"]
    return maps.build_map(geo[0], geo[1], indicators_table, centres)


def _layer(m, name):
    return next(c for c in m._children.values() if getattr(c, "_name", "") == name)


def test_all_357_kommuner_become_features(national):
    features = json.loads(_layer(national, "kommuner").payload)
    assert len(features) == 357
    assert len({f["p"]["kommunenummer"] for f in features}) == 357


def test_feature_colours_come_from_the_legend(national, indicators_table):
    features = json.loads(_layer(national, "kommuner").payload)
    allowed = {colour for _, _, colour in style.legend("gap_class", "nb")}
    assert {f["p"]["fill"] for f in features} <= allowed
    by_class = dict(zip(indicators_table["kommunenummer"], indicators_table["gap_class"], strict=True))
    assert all(f["p"]["fill"] == style.GAP_COLOURS[by_class[f["p"]["kommunenummer"]]] for f in features)


@pytest.mark.parametrize("indicator", style.INDICATORS)
def test_every_indicator_has_a_legend_with_distinct_colours(indicator):
    entries = style.legend(indicator, "en", 90)
    assert len(entries) >= 5 and len({c for _, _, c in entries}) == len(entries)


def test_centre_markers_are_town_level_and_zoom_is_capped(national):
    markers = [c for c in national._children.values() if isinstance(c, folium.CircleMarker)]
    assert len(markers) == 42
    for marker in markers:
        for value in marker.location:
            assert round(value, 2) == value
    html = national.get_root().render()
    assert re.search(r'"maxZoom":\s*9\b', html)
    coords = re.findall(r"L\.circleMarker\(\s*\[([-\d.]+),\s*([-\d.]+)\]", html)
    assert coords and all(len(v.split(".")[-1]) <= 2 for pair in coords for v in pair)


def test_no_asset_from_a_third_party(national):
    links = maps.js_links(national)
    assert links and all(link.startswith("/app/static/vendor/") for link in links)
    assert "https://" not in "".join(links)


def test_national_payload_within_budget_and_smaller_than_naive(national):
    naive = folium.Map(tiles=None)
    folium.GeoJson(str(registry.fetch("kommuner"))).add_to(naive)
    ours, baseline = maps.payload_bytes(national), maps.payload_bytes(naive)
    assert ours <= 350_000
    assert ours < baseline / 3


def test_geometry_round_trips_to_valid_polygons(geo):
    import numpy as np
    import shapely

    for polys in list(geo[0].values())[:20]:
        for rings in polys:
            ring = np.cumsum(np.array(rings[0]), axis=0) / 1000
            assert shapely.Polygon(ring).is_valid or shapely.make_valid(shapely.Polygon(ring)).area > 0


def test_report_card_map_frames_the_kommune_and_its_own_centre(model, indicators_table):
    """Røst (1856) is a small island group; its own centre is in Bodø, so the frame must reach the mainland."""
    k = model.kommuner
    rost = maps.area_bounds(k[k["kommunenummer"] == "1856"])
    row = indicators_table.set_index("kommunenummer").loc["1856"]
    own = model.centres[model.centres["id"] == row["centre_id"]]
    frame = maps.with_points(rost, own["lat"].round(2), own["lon"].round(2))
    (s, w), (n, e) = frame
    assert s <= rost[0][0] and w <= rost[0][1] and n >= rost[1][0] and e >= rost[1][1]
    assert s <= own["lat"].round(2).iloc[0] <= n and w <= own["lon"].round(2).iloc[0] <= e
    assert (e - w) > 2 * (rost[1][1] - rost[0][1])
