"""The slide's map picture: its window worked out by hand (widened to the picture's aspect, never cut; a kommune
with its own and nearest centre, padded, at least 60 km across), and the PNG read back: its pixel size, each
kommune's fill at a point inside it in the colour of its gap class from the oracle, the neighbours' names."""

import io

import numpy as np
import pandas as pd
import pytest
import shapely
from PIL import Image

import vocabulary as vocab
from export import slidemap


def test_the_window_is_widened_to_the_aspect_and_never_cut():
    assert slidemap._fit((0, 0, 100, 100), 2.0) == pytest.approx((-50, 0, 150, 100))  # too narrow: wider
    assert slidemap._fit((0, 10, 400, 110), 2.0) == pytest.approx((0, -40, 400, 160))  # too wide: taller
    assert slidemap._fit((0, 0, 200, 100), 2.0) == pytest.approx((0, 0, 200, 100))
    assert slidemap._fit((10, 20, 30, 30), 0.5) == pytest.approx((10, 5, 30, 45))


def test_a_kommune_view_holds_the_kommune_and_its_centres_padded():
    by_number = pd.DataFrame({"geometry": [shapely.box(500_000, 7_000_000, 510_000, 7_020_000)]}, index=["5501"])
    centres = pd.DataFrame({"id": ["a", "b", "c"], "lat": [69.65, 69.0, 60.0], "lon": [18.96, 18.0, 10.0]})
    xy = slidemap.centres_xy(centres).set_index("id")
    row = {"kommunenummer": "5501", "centre_id": "a", "nearest_centre_id": "b"}
    x0, y0, x1, y1 = slidemap._kommune_view(by_number, row, centres)
    xs = [500_000, 510_000, xy.loc["a", "x"], xy.loc["b", "x"]]
    ys = [7_000_000, 7_020_000, xy.loc["a", "y"], xy.loc["b", "y"]]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 60_000)
    assert x1 - x0 == pytest.approx(span * 1.3) and y1 - y0 == pytest.approx(span * 1.3)  # square, 15 % each side
    assert (x0 + x1) / 2 == pytest.approx((min(xs) + max(xs)) / 2)
    assert (y0 + y1) / 2 == pytest.approx((min(ys) + max(ys)) / 2)
    # a small kommune with its centre inside: at least 60 km across, centred on it
    row = {"kommunenummer": "5501", "centre_id": "zz", "nearest_centre_id": "zz"}
    assert slidemap._kommune_view(by_number, row, centres) == pytest.approx(
        (505_000 - 39_000, 7_010_000 - 39_000, 505_000 + 39_000, 7_010_000 + 39_000))


def _colour_at(img: np.ndarray, aoi, x: float, y: float) -> str:
    h, w = img.shape[:2]
    col = int((x - aoi[0]) / (aoi[2] - aoi[0]) * w)
    row = int((aoi[3] - y) / (aoi[3] - aoi[1]) * h)
    r, g, b = img[row, col, :3]
    return f"#{r:02x}{g:02x}{b:02x}"


def test_a_fylke_picture_fills_each_kommune_in_its_oracle_class_colour(export_inputs, oracle_for):
    table, kommuner = export_inputs["table"], export_inputs["kommuner"]
    png = slidemap.picture(table, kommuner, export_inputs["fylker"], export_inputs["centres"], fylke="34")
    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert img.shape[:2] == (round(5.6 * 150), round(8.0 * 150))
    want = oracle_for("all", 90)[0]
    rows = kommuner[kommuner["kommunenummer"].isin(table.loc[table["fylkesnummer"] == "34", "kommunenummer"])]
    minx, miny, maxx, maxy = rows.total_bounds
    pad = 0.03 * max(maxx - minx, maxy - miny)
    aoi = slidemap._fit((minx - pad, miny - pad, maxx + pad, maxy + pad), 8.0 / 5.6)
    checked = 0
    for knr, geom in zip(rows["kommunenummer"], rows.geometry, strict=True):
        inner = geom.buffer(-2500)  # well inside: off borders, outlines and centre dots
        if inner.is_empty or inner.area < 1e8:
            continue
        p = inner.representative_point()
        if any(shapely.Point(x, y).distance(p) < 8000 for x, y in
               zip(*slidemap.centres_xy(export_inputs["centres"])[["x", "y"]].to_numpy().T, strict=True)):
            continue
        assert _colour_at(img, aoi, p.x, p.y) == vocab.GAP_COLOURS[want.loc[knr, "gap_class"]].lower(), knr
        checked += 1
    assert checked >= 10
    # the fylke spans the picture, 3 % of its larger side from the edges: the (not grey) class colours of its
    # kommuner reach as far as those kommuner do
    saturated = [k for k in vocab.GAP_COLOURS if not k.startswith("ukjent")]
    classes = np.array([[int(vocab.GAP_COLOURS[k][i:i + 2], 16) for i in (1, 3, 5)] for k in saturated])
    painted = (img[:, :, None, :] == classes[None, None]).all(axis=3).any(axis=2)
    rows_at, cols_at = np.nonzero(painted)
    h, w = img.shape[:2]
    minx, miny, maxx, maxy = rows[rows["kommunenummer"].map(want["gap_class"]).isin(saturated)].total_bounds
    assert rows_at.min() == pytest.approx((aoi[3] - maxy) / (aoi[3] - aoi[1]) * h, abs=4)
    assert rows_at.max() == pytest.approx((aoi[3] - miny) / (aoi[3] - aoi[1]) * h, abs=4)
    assert cols_at.min() == pytest.approx((minx - aoi[0]) / (aoi[2] - aoi[0]) * w, abs=4)
    assert cols_at.max() == pytest.approx((maxx - aoi[0]) / (aoi[2] - aoi[0]) * w, abs=4)


def test_a_kommune_picture_names_its_neighbours(export_inputs, monkeypatch):
    from export import geometry

    table, kommuner = export_inputs["table"], export_inputs["kommuner"]
    names = []
    original = slidemap._outline

    def spy(ax, *args):
        original(ax, *args)
        names.extend(t.get_text() for t in ax.texts)
        sizes.extend(t.get_fontsize() for t in ax.texts)

    sizes: list[float] = []
    monkeypatch.setattr(slidemap, "_outline", spy)
    png = slidemap.picture(table, kommuner, export_inputs["fylker"], export_inputs["centres"], fylke="34",
                           kommune="3403")
    assert Image.open(io.BytesIO(png)).size == (1200, 840)
    bordering = geometry.neighbours(kommuner, only="3403")["3403"]
    want = {kommuner.set_index("kommunenummer").loc[k, "kommunenavn"].split(" - ")[0] for k in bordering}
    assert set(names) == want and len(names) == len(want)
    assert set(sizes) == {slidemap.NAME_PT}
