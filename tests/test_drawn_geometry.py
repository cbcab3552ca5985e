"""Every published page still looks as it did when someone last looked at it (tests/geometry.py): each map preset,
fact sheet, what-if sheet, slide page, slide map and map picture below, element by element, to less than a pixel. A moved
legend, a heavier rule, a heading a size larger or a swatch in another colour fails here with the element named;
the figures on the pages are held against the oracle in the other tests. The pages are chosen to take the drawing's
branches: the whole country and fylker on a backing, the four map presets, the three languages, a plan-status and
a travel-time map, a kommune with evidence, one with an unknown plan and a lead, a fylke sheet, a what-if for a
fylke and for Norway, the three decks of the slide-layout tests, the slide map of a kommune and of a fylke, and
the fact sheet's map alone as the brief places it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from matplotlib.figure import Figure

from tests import geometry

TODAY = dt.date(2026, 12, 1)  # pages carry dates and plan currency: one day for every baseline


def _as_of(table):
    """The analysis table with every curated plan's status as on TODAY (the loader's one rule, run for that day)
    and published with no register entries: a plan period that ends after TODAY leaves these pages as they are."""
    from loaders import curated, population
    from register import publish

    table = table.copy()
    plans = curated.action_plans(set(table["kommunenummer"]), crosswalk=population.crosswalk_2023(), today=TODAY)
    status = plans.set_index("kommunenummer")["status"]
    known = table["kommunenummer"].isin(status.index)
    table.loc[known, "plan_status"] = table.loc[known, "kommunenummer"].map(status)
    return publish.published_table(table, publish.nothing(), today=TODAY)


@pytest.fixture(scope="module")
def inputs(model, export_inputs):
    """The export inputs with the table as on TODAY."""
    from coverage import indicators

    return {**export_inputs, "table": _as_of(indicators.per_kommune(model))}


@pytest.fixture
def saved(monkeypatch):
    """Every figure a writer saves (a PDF page, a PNG), in order."""
    figures = []
    original = Figure.savefig

    def record(self, *args, **kwargs):
        figures.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", record)
    return figures


@pytest.mark.parametrize(("area", "size", "indicator", "lang"), [
    ("norge", "print", "gap_class", "nb"), ("18", "web", "gap_class", "nn"), ("03", "social", "plan_status", "nb"),
    ("46", "slide", "gap_class", "en"), ("56", "print", "plan_status", "nb"), ("34", "web", "median_min_nearest", "nb"),
    ("norge", "social", "share_over", "en"), ("42", "slide", "plan_status", "nb")])
def test_maps(inputs, area, size, indicator, lang):
    from export import maps

    fig = maps.render(inputs["table"], inputs["kommuner"], inputs["fylker"], inputs["centres"], indicator=indicator,
                      lang=lang, area=area, size=size, today=TODAY)
    geometry.check(f"map-{area}-{size}-{indicator}-{lang}", [fig])


@pytest.mark.parametrize(("kind", "key", "lang"), [("kommune", "1804", "nb"), ("kommune", "1824", "nb"),
                                                   ("kommune", "4643", "en"), ("kommune", "1103", "nn"),
                                                   ("fylke", "18", "nb"), ("fylke", "46", "nn")])
def test_fact_sheets(inputs, kind, key, lang):
    from export import factsheet

    table = inputs["table"]
    if kind == "fylke":
        fig = factsheet.fylke_sheet(key, inputs["areas"].loc[key], inputs["norge"], table, inputs["kommuner"],
                                    inputs["fylker"], inputs["centres"], None, lang, today=TODAY)
    else:
        row = table.set_index("kommunenummer", drop=False).loc[key]
        fig = factsheet.kommune_sheet(row, inputs["areas"].loc[row["fylkesnummer"]], inputs["norge"], table,
                                      inputs["kommuner"], inputs["fylker"], inputs["centres"], None, lang, today=TODAY)
    geometry.check(f"sheet-{kind}-{key}-{lang}", [fig])


@pytest.mark.parametrize(("fylke", "kommune"), [("18", "1824"), ("46", None)])
def test_map_pictures(inputs, saved, fylke, kommune):
    """The fact sheet's map alone, as the brief places it (a PNG)."""
    from export import factsheet

    factsheet.map_picture(inputs["table"], inputs["kommuner"], inputs["fylker"], inputs["centres"], fylke, kommune,
                          90, "nb", "all", io.BytesIO())
    assert len(saved) == 1
    geometry.check(f"mappicture-{fylke}-{kommune or 'fylke'}", saved)


@pytest.fixture(scope="module")
def opened(model):
    """A new centre in Nordreisa (5544), Troms: the tables and centres before and after."""
    from coverage import indicators, scenario

    after = scenario.add_centre(model, kommunenummer="5544")
    return (_as_of(indicators.per_kommune(model)), _as_of(indicators.per_kommune(after)),
            model.centres[model.centres["status"] == "active"], after.centres[after.centres["status"] == "active"])


@pytest.mark.parametrize(("area", "lang"), [("55", "nb"), ("norge", "en")])
def test_whatif_sheets(opened, export_inputs, saved, area, lang):
    from export import whatif

    before, after, cb, ca = opened
    if area != "norge":
        before, after = before[before["fylkesnummer"] == area], after[after["fylkesnummer"] == area]
    whatif.sheet(before, after, cb, ca, export_inputs["kommuner"], export_inputs["fylker"], io.BytesIO(),
                 title="nytt senter i Nordreisa", lang=lang, threshold=90, weight="all", year=2025, area=area,
                 today=TODAY)
    assert len(saved) == 1
    geometry.check(f"whatif-{area}-{lang}", saved)


@pytest.mark.parametrize("which", ["1824-nb", "4643-en", "18-nn"])
def test_slide_pages(inputs, saved, which):
    """The decks of tests/test_slides_layout.py, each page of their PDF (the map a plain stand-in picture)."""
    from export import deck, slidepages
    from tests.test_slides_layout import _stand_in_map

    table, areas, norge = inputs["table"], inputs["areas"], inputs["norge"]
    by_number = table.set_index("kommunenummer", drop=False)
    nordland = table[table["fylkesnummer"] == "18"]
    whatif = deck.WhatIf("Nytt senter i Alstahaug", nordland, nordland, "Nordland")
    key, lang = which.split("-")
    if len(key) == 2:
        made = deck.fylke_deck(key, areas.loc[key], norge, table, lang=lang, picture=_stand_in_map(), whatif=whatif,
                               today=TODAY)
    else:
        row = by_number.loc[key]
        made = deck.kommune_deck(row, areas.loc[row["fylkesnummer"]], norge, table, lang=lang, today=TODAY,
                                 picture=_stand_in_map(), whatif=whatif if key == "1824" else None)
    slidepages.to_pdf(made, io.BytesIO())
    assert len(saved) == len(made.slides)
    geometry.check(f"slides-{which}", saved)


@pytest.mark.parametrize(("fylke", "kommune"), [("18", "1824"), ("34", None), ("11", "1124")])
def test_slide_maps(inputs, saved, fylke, kommune):
    from export import slidemap

    slidemap.picture(inputs["table"], inputs["kommuner"], inputs["fylker"], inputs["centres"], fylke=fylke, kommune=kommune)
    assert len(saved) == 1
    geometry.check(f"slidemap-{fylke}-{kommune or 'fylke'}", saved)


def test_the_check_names_what_moved_restyled_or_went_missing():
    """The comparison itself, on elements made up here: half a pixel is the renderer's rounding, 0.6 px is a move."""
    text = ["text", 10.0, 20.0, 110.0, 32.0, 12.0, "bold", "#1a1a1a", 0.0, 6]
    rule = ["line", 10.0, 40.0, 110.0, 41.0, 0.5, "#bdbdbd", "None", 6.0, 5]
    assert geometry.differences([text, rule], [text, rule]) == []
    assert geometry.differences([[*text[:1], 10.5, *text[2:]], rule], [text, rule]) == []
    moved = geometry.differences([[*text[:2], 20.6, *text[3:]], rule], [text, rule])
    assert len(moved) == 1 and moved[0].startswith("#0: text at (10.0, 20.6)") and "(0.6 px)" in moved[0]
    heavier = geometry.differences([text, [*rule[:5], 1.0, *rule[6:]]], [text, rule])
    assert len(heavier) == 1 and "style was [0.5," in heavier[0]
    assert geometry.differences([text], [text, rule]) == ["elements drawn: 1, in the baseline: 2"]
    assert geometry.differences([rule, text], [text, rule])[0] == "#0: a line where the baseline has a text"
