"""export/output.py, worked by hand: a 2 × 1 inch figure saved as PNG at the dpi asked for (or the figure's own),
as PDF and as SVG, each with its title and description where a reader's tools look for them."""

import io
import re
import subprocess

from matplotlib.figure import Figure
from PIL import Image

from export import output


def _figure() -> Figure:
    fig = Figure(figsize=(2, 1), dpi=50)
    fig.text(0.5, 0.5, "Båtsfjord")
    return fig


def test_png_at_the_dpi_asked_for_with_its_title_and_description():
    for dpi, size in ((200, (400, 200)), (None, (100, 50))):  # 2 × 1 in at 200 dpi; at the figure's own 50 dpi
        buffer = io.BytesIO()
        output.save(_figure(), buffer, "png", "Kart: Båtsfjord", "Beskrivelse", "nb", dpi=dpi)
        image = Image.open(io.BytesIO(buffer.getvalue()))
        assert image.size == size, (dpi, image.size)
        assert image.text["Title"] == "Kart: Båtsfjord" and image.text["Description"] == "Beskrivelse"
        assert image.text["Author"] == output.AUTHOR


def test_pdf_and_svg_carry_title_description_and_language():
    buffer = io.BytesIO()
    output.save(_figure(), buffer, "pdf", "Faktaark: Ørsta", "Om Ørsta", "nb")
    info = subprocess.run(["pdfinfo", "-"], input=buffer.getvalue(), capture_output=True, check=True).stdout.decode()
    assert re.search(r"Title:\s+Faktaark: Ørsta\n", info) and re.search(r"Subject:\s+Om Ørsta\n", info)
    assert re.search(r"Page size:\s+144 x 72 pts", info)  # 2 × 1 in
    buffer = io.BytesIO()
    output.save(_figure(), buffer, "svg", "Kart: Ørsta", "Om Ørsta", "en")
    svg = buffer.getvalue().decode("utf-8")
    assert svg.count("<title>Kart: Ørsta</title>") == 1 and '<svg role="img" xml:lang="en" ' in svg
    assert "<desc>Om Ørsta</desc>" in svg and svg.index("<title>") < svg.index("<desc>") < svg.index("<metadata>")
