"""Static maps: exact preset sizes, legend colours present, SVG/PDF parse, markers at town level."""

import io
import re
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from matplotlib.collections import PathCollection
from PIL import Image
from pyproj import Transformer

from export import maps, style


def _png(inputs, **kw) -> Image.Image:
    buf = io.BytesIO()
    maps.render(inputs["table"], inputs["kommuner"], inputs["fylker"], inputs["centres"], fmt="png", out=buf, **kw)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def _share_of_colours(img: Image.Image, colours: list[str]) -> float:
    px = np.asarray(img).reshape(-1, 3).astype(int)
    hits = np.zeros(len(px), dtype=bool)
    for c in colours:
        rgb = np.array([int(c[i:i + 2], 16) for i in (1, 3, 5)])
        hits |= np.abs(px - rgb).max(axis=1) <= 3
    return hits.mean()


@pytest.mark.parametrize("size", list(maps.PRESETS))
def test_each_preset_has_its_exact_pixel_size_and_is_not_blank(export_inputs, size):
    img = _png(export_inputs, size=size)
    preset = maps.PRESETS[size]
    assert img.size == (preset.width_px, preset.height_px)
    legend_colours = [c for _, _, c in style.legend("gap_class", "nb")]
    assert _share_of_colours(img, legend_colours) > 0.02


def test_fylke_map_uses_the_continuous_legend(export_inputs):
    img = _png(export_inputs, area="55", indicator="median_min_nearest", lang="en")
    ramp = [c for _, _, c in style.legend("median_min_nearest", "en")][:-1]
    assert _share_of_colours(img, ramp) > 0.05


def test_svg_and_pdf_parse(export_inputs, tmp_path):
    svg, pdf = tmp_path / "m.svg", tmp_path / "m.pdf"
    for fmt, out in (("svg", svg), ("pdf", pdf)):
        maps.render(export_inputs["table"], export_inputs["kommuner"], export_inputs["fylker"],
                    export_inputs["centres"], fmt=fmt, out=out, size="slide")
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg") and "Handlingsplan og reisevei" in svg.read_text(encoding="utf-8")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\n", info)


def test_centre_symbols_sit_on_two_decimal_town_points(export_inputs):
    fig = maps.render(export_inputs["table"], export_inputs["kommuner"], export_inputs["fylker"],
                      export_inputs["centres"])
    back = Transformer.from_crs("EPSG:25833", "EPSG:4326", always_xy=True)
    points = np.vstack([c.get_offsets() for ax in fig.axes for c in ax.collections
                        if isinstance(c, PathCollection) and len(c.get_offsets())])
    lon, lat = back.transform(points[:, 0], points[:, 1])
    assert len(points) >= 42
    assert np.allclose(lat, np.round(lat, 2), atol=1e-6) and np.allclose(lon, np.round(lon, 2), atol=1e-6)


def test_bad_arguments_name_what_is_allowed(export_inputs):
    args = (export_inputs["table"], export_inputs["kommuner"], export_inputs["fylker"], export_inputs["centres"])
    with pytest.raises(ValueError, match="allowed: web, social, slide, print"):
        maps.render(*args, size="poster")
    with pytest.raises(ValueError, match="fylke '99' not found"):
        maps.render(*args, area="99")
    with pytest.raises(ValueError, match="9999 unknown"):
        maps.render(*args, area="0301,9999")
