"""The what-if sheet: one page; people beyond the threshold, double gaps and far kommuner before and after as
computed here from the two tables; the kommuner that change class named; title, sources and helplines."""

import io
import re
import subprocess

import pytest

from export import whatif


@pytest.fixture(scope="module")
def opened(model):
    """A new centre in Nordreisa (5544), Troms: the tables and centres before and after."""
    from coverage import indicators, scenario

    after = scenario.add_centre(model, kommunenummer="5544")
    return (indicators.per_kommune(model), indicators.per_kommune(after),
            model.centres[model.centres["status"] == "active"], after.centres[after.centres["status"] == "active"])


def _beyond(t) -> int:
    return int((t["share_over_90_nearest"].fillna(0) * (t["people"] - t["unreachable"])).round().sum())  # per kommune


def _layout_text(pdf: bytes) -> str:
    """The sheet's text in reading order (pdftotext -raw): a label the column wraps comes as consecutive lines."""
    return subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def _row(text: str, label: str, thousands: str = " ") -> list[str]:
    """The numbers of the key-figure row whose label starts with `label`, however the column wraps the label: on
    the label's last line, or on the line after it."""
    lines = text.splitlines()
    number = r"[−+-]?\d{1,3}(?:" + re.escape(thousands) + r"\d{3})*(?![\d,])"
    for i in range(len(lines)):
        for j in range(i, min(i + 5, len(lines))):
            joined = " ".join(lines[i:j + 1])
            if joined.startswith(label):
                for line in lines[j:j + 6]:  # the label's own line, or the first line of numbers after its wrap
                    tail = line[len(line) - len(line.lstrip()):] if line is not lines[j] else joined[len(label):]
                    found = re.findall(number, tail)
                    if len(found) >= 2:
                        return found
                raise AssertionError(f"no numbers after {label!r}")
            if not label.startswith(joined):
                break
    raise AssertionError(f"no row {label!r} in the sheet")


def _sheet(opened, export_inputs, area: str, lang: str) -> bytes:
    before, after, cb, ca = opened
    if area != "norge":
        before, after = before[before["fylkesnummer"] == area], after[after["fylkesnummer"] == area]
    buf = io.BytesIO()
    whatif.sheet(before, after, cb, ca, export_inputs["kommuner"], export_inputs["fylker"], buf,
                 title="nytt senter i Nordreisa" if lang == "nb" else "a new centre in Nordreisa", lang=lang,
                 threshold=90, weight="all", year=2025, area=area)
    return buf.getvalue()


def test_one_page_with_the_numbers_of_the_two_tables(opened, export_inputs):
    before, after, cb, ca = opened
    b55, a55 = before[before["fylkesnummer"] == "55"], after[after["fylkesnummer"] == "55"]
    pdf = _sheet(opened, export_inputs, "55", "nb")
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert re.search(r"Pages:\s+1\n", info) and re.search(r"Title:\s+Hva om: nytt senter i Nordreisa", info)
    text = _layout_text(pdf)
    nb = lambda n: f"{n:,}".replace(",", " ")  # noqa: E731  (pdftotext turns no-break spaces into spaces)
    beyond = _row(text, "Innbyggere over 90 min")
    assert beyond[:2] == [nb(_beyond(b55)), nb(_beyond(a55))] and _beyond(a55) < _beyond(b55)
    double = _row(text, "Kommuner med dobbelt gap")
    assert double[:2] == [str((b55["gap_class"] == "dobbelt_gap").sum()), str((a55["gap_class"] == "dobbelt_gap").sum())]
    far = _row(text, "Kommuner med median over 90")
    assert far[:2] == [str((~(b55["median_min_nearest"] <= 90)).sum()), str((~(a55["median_min_nearest"] <= 90)).sum())]
    centres = _row(text, "Aktive krisesentre")
    assert centres[:2] == [str((cb["fylkesnummer"] == "55").sum()), str((ca["fylkesnummer"] == "55").sum())]
    moved = b55.merge(a55, on="kommunenummer", suffixes=("_b", "_a")).query("gap_class_b != gap_class_a")
    assert len(moved) >= 1
    flat = " ".join(text.split())
    assert f"Kommuner som bytter klasse på kartet ({len(moved)})" in flat
    for name in moved["kommunenavn_b"]:
        assert name in flat
    assert "116 006" in flat and "Kartverket" in flat and "1.1.2025" in flat
    import vocabulary as vocab  # the legend names what it shows and whom it counts (a full legend, not compact)

    assert f"{vocab.label('gap_class', 'nb', 90)} · {vocab.people('all', 'nb')}" in flat


def test_national_sheet_in_english(opened, export_inputs):
    before, after, _, _ = opened
    text = _layout_text(_sheet(opened, export_inputs, "norge", "en"))
    assert _row(text, "Residents over 90", ",")[:2] == [f"{_beyond(before):,}", f"{_beyond(after):,}"]
    assert "The maps show the surroundings of the change" in " ".join(text.split())


def test_new_centre_marker_only_when_a_centre_is_opened(opened, export_inputs, model):
    from coverage import indicators, scenario

    assert "Tenkt nytt senter" in " ".join(_layout_text(_sheet(opened, export_inputs, "55", "nb")).split())
    closed = scenario.close_centre(model, "alta")
    after = (indicators.per_kommune(model), indicators.per_kommune(closed),
             model.centres[model.centres["status"] == "active"], closed.centres[closed.centres["status"] == "active"])
    flat = " ".join(_layout_text(_sheet(after, export_inputs, "56", "nb")).split())
    assert "Krisesenter" in flat and "Tenkt nytt senter" not in flat


def _nb(n: int, signed: bool = False) -> str:
    """A whole number as the Bokmål sheet prints it (pdftotext gives its no-break spaces as spaces)."""
    text = f"{abs(n):,}".replace(",", " ")
    return ("−" if n < 0 else "+" if signed and n > 0 else "") + text


def _table_rows(pdf: bytes) -> list[list[str]]:
    """The key numbers' table, read from `pdftotext -layout`: per row (in order) its three cells right of the
    labels, under the heads 'Før', 'Etter', 'Endring'."""
    from tests import readback

    lines = readback.pdf_text(pdf).splitlines()
    head = next(i for i, line in enumerate(lines) if re.search(r"Før\s+Etter\s+Endring", line))
    column = lines[head].index("Før") - 12
    number = r"[−+]?\d{1,3}(?: \d{3})*"
    rows = []
    for line in lines[head + 1:]:
        found = re.findall(rf"(?<!\S)({number})(?!\S)", line[column:])
        if len(found) == 3:
            rows.append(found)
        if line.startswith(vocab_t("changed")):
            break
    return rows


def vocab_t(key: str, lang: str = "nb", **kw) -> str:
    import vocabulary as vocab

    return vocab.t(key, lang, **kw)


@pytest.mark.parametrize("area", ["55", "norge"])
def test_every_cell_of_the_key_numbers_table_is_recomputed_here(opened, export_inputs, area):
    """Before, after and the signed change of each row, from the two tables (plain pandas) and the centre lists."""
    from tests import oracle

    before, after, cb, ca = opened
    if area != "norge":
        before, after = before[before["fylkesnummer"] == area], after[after["fylkesnummer"] == area]
        cb, ca = cb[cb["fylkesnummer"] == area], ca[ca["fylkesnummer"] == area]
    kb, ka = oracle.kpi(before, 90), oracle.kpi(after, 90)
    want = [(kb["beyond"], ka["beyond"]), (kb["unreachable"], ka["unreachable"]),
            (kb["double_gap"], ka["double_gap"]), (kb["far"], ka["far"]), (len(cb), len(ca))]
    assert want[0][1] < want[0][0] and want[4][1] == want[4][0] + 1  # the new centre helps
    rows = _table_rows(_sheet(opened, export_inputs, area, "nb"))
    assert rows == [[_nb(b), _nb(a), _nb(a - b, signed=True)] for b, a in want]


def test_the_national_zoom_window_holds_the_change_in_the_boxes_aspect():
    import geopandas as gpd
    import pandas as pd
    import shapely

    geo = gpd.GeoDataFrame({"kommunenummer": ["a", "b"]},
                           geometry=[shapely.box(0, 0, 100_000, 50_000), shapely.box(400_000, 100_000, 900_000, 900_000)])
    geo = geo.set_index("kommunenummer", drop=False)
    none = pd.DataFrame({"kommunenummer": []})
    no_points = pd.DataFrame({"x": [], "y": []})
    assert whatif._window(geo, none, no_points, 1.0) is None
    # a small change: the window is 300 km tall, centred on it, as wide as the aspect says
    box = whatif._window(geo, pd.DataFrame({"kommunenummer": ["a"]}), no_points, 0.8)
    assert box == pytest.approx((50_000 - 120_000, 25_000 - 150_000, 50_000 + 120_000, 25_000 + 150_000))
    # a tall change: 1.3 × its height
    box = whatif._window(geo, pd.DataFrame({"kommunenummer": ["b"]}), no_points, 1.0)
    assert box == pytest.approx((650_000 - 520_000, 500_000 - 520_000, 650_000 + 520_000, 500_000 + 520_000))
    # a wide change in a tall box: 1.3 × its width sets the height; a centre point counts as part of the change
    points = pd.DataFrame({"x": [1_100_000.0], "y": [10_000.0]})
    box = whatif._window(geo, pd.DataFrame({"kommunenummer": ["a"]}), points, 0.5)
    w, h = 1_100_000 * 1.3, 1_100_000 * 1.3 / 0.5
    assert box == pytest.approx((550_000 - w / 2, 25_000 - h / 2, 550_000 + w / 2, 25_000 + h / 2))
    # a point alone
    box = whatif._window(geo, none, pd.DataFrame({"x": [10.0], "y": [20.0]}), 2.0)
    assert box == pytest.approx((10 - 300_000, 20 - 150_000, 10 + 300_000, 20 + 150_000))


def test_changed_lists_only_the_kommuner_whose_class_moves():
    import pandas as pd

    before = pd.DataFrame({"kommunenummer": ["1", "2", "3"], "kommunenavn": ["A", "B", "C"],
                           "gap_class": ["dekket", "dobbelt_gap", "ukjent_langt"], "median_min_nearest": [10, 120, 95]})
    after = before.assign(gap_class=["dekket", "mangler_plan", "ukjent_naer"], median_min_nearest=[10, 60, 80])
    moved = whatif.changed(before, after)
    assert moved["kommunenummer"].tolist() == ["2", "3"]
    assert moved[["gap_class_before", "gap_class_after"]].values.tolist() == [["dobbelt_gap", "mangler_plan"],
                                                                               ["ukjent_langt", "ukjent_naer"]]
    assert moved["median_min_nearest_before"].tolist() == [120, 95]
    assert moved["median_min_nearest_after"].tolist() == [60, 80]
    assert whatif._signed(1, "nb") == "+1" and whatif._signed(0, "nb") == "0" and whatif._signed(-2, "en") == "-2"


def test_at_most_fourteen_changes_are_listed_and_the_rest_counted(opened, export_inputs):
    """A made-up 'after' where 20 kommuner in Nordland change class: 14 named, '… og 6 til'."""
    before, _, cb, _ = opened
    rows = before[before["fylkesnummer"] == "18"]
    flip = {"dekket": "lang_reisevei", "lang_reisevei": "dekket", "mangler_plan": "dobbelt_gap",
            "dobbelt_gap": "mangler_plan", "ukjent_naer": "ukjent_langt", "ukjent_langt": "ukjent_naer"}
    moved = rows["kommunenummer"].iloc[:20]
    after = before.copy()
    at = after["kommunenummer"].isin(moved)
    after.loc[at, "gap_class"] = after.loc[at, "gap_class"].map(flip)
    buf = io.BytesIO()
    whatif.sheet(rows, after[after["fylkesnummer"] == "18"], cb, cb, export_inputs["kommuner"],
                 export_inputs["fylker"], buf, title="prøve", lang="nb", threshold=90, weight="all", year=2025,
                 area="18")
    flat = " ".join(_layout_text(buf.getvalue()).split())
    assert f"{vocab_t('changed')} (20)" in flat
    named = [knr for knr in moved if f"({knr}):" in flat]
    assert named == moved.iloc[:14].tolist()
    assert vocab_t("whatif_more", n=6) in flat


@pytest.fixture
def drawn_texts(monkeypatch) -> list:
    """Every text the canvas draws, as the matplotlib Text it makes (recorded while a sheet is drawn)."""
    from export import panels

    texts: list = []
    text = panels.Canvas.text
    monkeypatch.setattr(panels.Canvas, "text", lambda self, *a, **k: (texts.append(t := text(self, *a, **k)), t)[1])
    return texts


def test_the_key_numbers_table_rules_run_between_its_rows(opened, export_inputs, monkeypatch, drawn_texts):
    """Each rule of the key-numbers table lies in the white between two rows, never through a row's text: the
    rules and texts as drawn (recorded from the canvas), the texts' extents measured by matplotlib's renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from export import panels
    from export.factsheet import LEFT

    texts, rules = drawn_texts, []
    hline = panels.Canvas.hline
    monkeypatch.setattr(panels.Canvas, "hline", lambda self, x, y, w, *a, **k: (rules.append((self, x, y, w)),
                                                                                 hline(self, x, y, w, *a, **k))[1])
    _sheet(opened, export_inputs, "55", "nb")
    c = rules[0][0]
    table_rules = [(x, y, w) for _, x, y, w in rules if x > LEFT + 1]  # the others start at the margin
    assert len(table_rules) == 6  # under the header and each of the five rows
    x0 = min(x for x, _, _ in table_rules)
    renderer = FigureCanvasAgg(c.fig).get_renderer()
    cells = []
    for t in texts:
        if t.get_fontsize() != 8.5:
            continue
        e = t.get_window_extent(renderer)
        top, bottom = c.H - e.y1, c.H - e.y0  # canvas px, down from the page's top
        if e.x1 > x0:
            cells.append((top, bottom, t.get_text()))
    assert len(cells) >= 24
    for _, y, _ in table_rules:
        through = [s for top, bottom, s in cells if top < y < bottom]
        assert through == [], f"the rule at {y:.1f} px runs through {through}"
    ys = sorted(y for _, y, _ in table_rules)
    rows = sorted({round(top, 1) for top, _, _ in cells})
    assert all(any(a < r < b for r in rows) for a, b in zip(ys, ys[1:], strict=False))  # a row between two rules


def test_each_map_stands_below_its_before_or_after_label(opened, export_inputs, drawn_texts):
    """'Før' and 'Etter' head their maps: each label ends above its map's box and starts at its left edge (the
    texts as drawn, recorded from the canvas; extents from matplotlib's renderer)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    import vocabulary as vocab

    texts = drawn_texts
    _sheet(opened, export_inputs, "55", "nb")
    fig = texts[0].figure
    r = FigureCanvasAgg(fig).get_renderer()
    labels = [t for t in texts if t.get_text() in (vocab.t("before", "nb"), vocab.t("after", "nb"))
              and t.get_fontsize() == 12]
    maps_ = sorted((ax.get_window_extent(r) for ax in fig.axes), key=lambda b: b.x0)
    assert len(labels) == 2 and len(maps_) >= 2
    for label, box in zip(sorted(labels, key=lambda t: t.get_window_extent(r).x0), maps_[:2], strict=True):
        e = label.get_window_extent(r)
        assert e.y0 >= box.y1 - 1, (label.get_text(), e.y0, box.y1)  # display y grows upwards
        assert abs(e.x0 - box.x0) <= 3


@pytest.mark.parametrize("area", ["55", "46"])
def test_a_fylke_map_box_is_no_taller_than_the_fylke_drawn_in_it(opened, export_inputs, drawn_texts, area):
    """On a fylke's sheet the two maps show the fylke's kommuner whole: a box may be wider than the fylke (the
    page's width is fixed), never taller than its shape needs, its height over width at most the kommuner's own
    (their bounds from the boundary file, + 4 % for the frame), so no white band lies under a wide fylke."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    _sheet(opened, export_inputs, area, "nb")
    fig = drawn_texts[0].figure
    r = FigureCanvasAgg(fig).get_renderer()
    rows = opened[1][opened[1]["fylkesnummer"] == area]
    k = export_inputs["kommuner"].set_index("kommunenummer").loc[rows["kommunenummer"]]
    minx, miny, maxx, maxy = k.total_bounds
    shape = (maxy - miny) / (maxx - minx) * 1.04
    boxes = sorted((ax.get_window_extent(r) for ax in fig.axes), key=lambda b: b.x0)[:2]
    assert len(boxes) == 2
    for b in boxes:
        assert b.height / b.width <= shape + 0.01, (area, b.height / b.width, shape)
