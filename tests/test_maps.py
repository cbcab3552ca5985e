"""The web map: compact geometry that decodes to valid polygons, and repaint payloads that carry values only."""

import json

import numpy as np
import pytest
import shapely

import vocabulary as vocab
from dashboard import data, mapview
from export import geometry
from loaders import boundaries, registry


@pytest.fixture(scope="module")
def geo():
    kommuner, fylker = geometry.web_layers(boundaries.kommuner(), boundaries.fylker())
    return kommuner["features"], fylker["features"]


def _decode(rings, q=1000):
    return [np.cumsum(np.array(r), axis=0) / q for r in rings]


def test_every_kommune_has_geometry_that_decodes_to_polygons_where_it_lies(geo, kommuner):
    assert set(geo[0]) == set(kommuner["kommunenummer"])
    for knr in ("0301", "1856", "5501"):
        polys = [shapely.Polygon(_decode(rings)[0], _decode(rings)[1:]) for rings in geo[0][knr]]
        shape = shapely.make_valid(shapely.MultiPolygon(polys))
        truth = kommuner.set_index("kommunenummer").loc[knr, "geometry"]
        assert shape.area > 0 and shape.intersection(truth).area / shape.area > 0.9


def test_published_geometry_is_smaller_than_the_source_file(geo):
    ours = len(json.dumps({"decimals": 3, "features": geo[0]}, separators=(",", ":")))
    source = registry.fetch("kommuner").stat().st_size
    assert ours < source / 3


def test_repaint_values_follow_the_legend_and_stay_small(indicators_table):
    for indicator in vocab.INDICATORS:
        v = mapview.values(indicators_table, indicator, 90, "nb")
        entries = vocab.legend(indicator, "nb", 90)
        assert v["palette"] == [c for _, _, c, _ in entries]
        colours = [v["palette"][i] for i in v["c"]]
        assert colours == list(vocab.colours(indicators_table, indicator, 90))
        assert len(json.dumps(v, ensure_ascii=False).encode()) < 30_000  # values only, never geometry
    v = mapview.values(indicators_table, "median_min_nearest", 90, "en")
    assert v["k"] == list(indicators_table["kommunenummer"]) and len(v["v"]) == 357


def test_centre_markers_are_town_level(model):
    sites = data.active_centres(model)
    payload = mapview.centres_payload(sites)
    assert len(payload) == len(model.sites) == len(sites)
    assert len({p[0] for p in payload}) == model.centres["status"].eq("active").sum()  # two departments, one name
    for _, _, lat, lon, _ in payload:
        assert round(lat, 2) == lat and round(lon, 2) == lon


def test_report_card_map_frames_the_kommune_and_its_own_centre(model, indicators_table):
    """Røst (1856) is a small island group; its own centre is in Bodø, so the frame must reach the mainland."""
    k = model.kommuner
    rost = geometry.area_bounds(k[k["kommunenummer"] == "1856"])
    row = indicators_table.set_index("kommunenummer").loc["1856"]
    own = model.centres[model.centres["id"] == row["centre_id"]]
    frame = geometry.with_points(rost, own["lat"].round(2), own["lon"].round(2))
    (s, w), (n, e) = frame
    assert s <= rost[0][0] and w <= rost[0][1] and n >= rost[1][0] and e >= rost[1][1]
    assert s <= own["lat"].round(2).iloc[0] <= n and w <= own["lon"].round(2).iloc[0] <= e
    assert (e - w) > 2 * (rost[1][1] - rost[0][1])


def test_map_script_builds_tooltips_as_text_never_html():
    js = (mapview.STATIC / "mapview.js").read_text()
    assert "textContent" in js and "innerHTML" not in js
    assert "https://" not in js.replace("https://tile.openstreetmap.org", "")  # the basemap only, when switched on
