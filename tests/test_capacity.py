"""Capacity against the Council of Europe norm: the curated figures are the sources' own, the loader refuses bad rows
(all problems at once), and every number on the report card, the method page and the brief's lines equals an
independent recomputation from geodata/capacity.csv and the model's cell table with plain pandas."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from coverage import capacity as cap
from coverage import tables
from coverage.population import WEIGHTS
from loaders import capacity as loader
from loaders.problems import ValidationError
from tests.conftest import app_page, page_text
from vocabulary.capacity_words import PARTS, capacity_lines

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT / "geodata" / "capacity.csv"
NBSP = "\u00a0"


def _raw() -> pd.DataFrame:
    return pd.read_csv(CSV, dtype=str, keep_default_na=False)


def _figure(raw, year, offer, metric) -> int:
    hit = raw[(raw["kind"] == "figure") & (raw["scope"] == "national") & (raw["year"] == str(year))
              & (raw["offer"] == offer) & (raw["metric"] == metric)]
    assert len(hit) == 1, (year, offer, metric)
    return int(hit["value"].iloc[0])


# --- the curated table ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("year", "offer", "metric", "value"), [
    (2020, "women", "rooms", 357), (2020, "women", "beds", 918), (2020, "women", "offers", 43),
    (2020, "men", "rooms", 98), (2020, "men", "beds", 212), (2020, "men", "offers", 37),
    (2019, "women", "rooms", 366), (2019, "women", "beds", 969),
    (2019, "men", "rooms", 111), (2019, "men", "beds", 231),
    (2020, "all", "population", 5_367_580), (2019, "all", "population", 5_328_212),
])
def test_the_figures_are_the_issues_and_the_sources(year, offer, metric, value):
    """The issue's figures, each written in its verbatim quote (digits with their thousands spaces)."""
    raw = _raw()
    assert _figure(raw, year, offer, metric) == value
    row = raw[(raw["year"] == str(year)) & (raw["offer"] == offer) & (raw["metric"] == metric)].iloc[0]
    digits = {int(re.sub(r"\D", "", m)) for m in re.findall(r"\d{1,3}(?:[ \u00a0]\d{3})+|\d+", row["quote"])}
    assert value in digits and row["source_url"].startswith("https://")


def test_the_file_loads_and_says_what_is_not_published():
    df = loader.capacity()
    gone = df[df["kind"] == "not_published"]
    assert set(gone["scope"]) == {"fylke", "centre"} and set(gone["area"]) == {"*"}
    assert set(df.loc[df["kind"] == "norm", "value"]) == {10_000}
    assert len(loader.search_log()) >= 8


def _write(tmp_path, rows: list[dict]) -> Path:
    path = tmp_path / "capacity.csv"
    pd.DataFrame(rows, columns=loader.COLUMNS).fillna("").to_csv(path, index=False)
    return path


def test_the_loader_refuses_planted_bad_rows_and_names_each(tmp_path):
    raw = _raw()
    good = raw.to_dict("records")
    bad = [dict(good[1], value="375"),  # not what the quote says
           dict(good[2], year="2021"),  # a figure for a later year than its source (2020)
           dict(good[4], scope="kommune"),
           dict(good[5], source_url="bufdir.no/statistikk"),
           dict(good[6], notes="Senteret ligger i Storgata 12"),
           dict(good[0]),  # a duplicate of row 2
           dict(good[21], area="99", value="3"),  # not_published with a value and an unknown fylke
           dict(good[0], scope="fylke", area="18", year="2020"),  # a fylke count beside 'not published for every fylke'
           dict(good[7], year="2018", metric="rooms")]  # a counted year without its population
    with pytest.raises(ValidationError) as err:
        loader.capacity(_write(tmp_path, good + bad), fylker={"18", "55"})
    text = str(err.value)
    for said in ["value 375 is not written in its quote", "year 2021 is after its source's date 2020",
                 "scope 'kommune' is not allowed", "is not a http(s) URL", "looks like a street address",
                 "duplicate kind/scope/area/year/offer/metric", "value '3' given; a not_published row has no value",
                 "area '99' is not a fylkesnummer", "contradicts the not_published row for every fylke",
                 "national rooms/beds for 2018 have no national population row"]:
        assert said in text, said
    assert len(err.value.problems) >= 10


def test_the_search_log_refuses_bad_rows(tmp_path):
    log = pd.read_csv(ROOT / "geodata" / "capacity_search_log.csv", dtype=str, keep_default_na=False)
    log.loc[0, "result"] = "maybe"
    log.loc[1, "queries"] = ""
    log.loc[2, "result"], log.loc[2, "pages_read"] = "found", ""
    log.loc[3, "searched_on"] = "5.12.2026"
    path = tmp_path / "log.csv"
    log.to_csv(path, index=False)
    with pytest.raises(ValidationError) as err:
        loader.search_log(path)
    assert len(err.value.problems) == 4


def test_every_capacity_phrase_has_bokmal_nynorsk_and_english():
    from vocabulary.capacity_words import WORDS

    for key, entry in WORDS.items():
        assert set(entry) == {"nb", "nn", "en"} and all(entry.values()), key
        if len(entry["nb"]) > 40:  # a sentence, not a name: Nynorsk of its own, not the Bokmål copied
            assert entry["nn"] != entry["nb"], key
    nynorsk = " ".join(e["nn"] for e in WORDS.values())
    assert not re.search(r"\b(ikke|hvor|innbyggere|fylkets|tilbudene)\b", nynorsk)


# --- the numbers, recomputed with plain pandas ------------------------------------------------------------------

def _independent(model, fylke: str | None = None) -> dict:
    """Every figure the surfaces show, from the CSV and the cell table (not from coverage.capacity)."""
    raw = _raw()
    fig = raw[(raw["kind"] == "figure") & (raw["scope"] == "national")].assign(value=lambda d: d["value"].astype(int))
    year = int(fig.loc[fig["metric"].isin(["rooms", "beds"]), "year"].astype(int).max())
    y = fig[fig["year"] == str(year)].set_index(["offer", "metric"])["value"]
    people = y[("all", "population")]
    norm = int(raw.loc[raw["kind"] == "norm", "value"].astype(int).iloc[0])
    cells = pd.DataFrame({"k": model.cells["kommunenummer"], "w": model.cells[WEIGHTS["all"]]})
    now = int(np.rint(cells.groupby("k")["w"].sum()).sum())
    out = {"year": year, "norm": norm, "people": people, "now": now,
           "rw": y[("women", "rooms")] / people * norm, "bw": y[("women", "beds")] / people * norm,
           "ra": (y[("women", "rooms")] + y[("men", "rooms")]) / people * norm,
           "ba": (y[("women", "beds")] + y[("men", "beds")]) / people * norm,
           "places": people / norm, "gap": people / norm - y[("women", "rooms")], "places_now": now / norm,
           "counts": [y[(o, m)] for o in ("women", "men") for m in ("rooms", "beds", "offers")]}
    if fylke:
        fylke_people = int(np.rint(cells[cells["k"].str[:2] == fylke].groupby("k")["w"].sum()).sum())
        out |= {"fylke_people": fylke_people, "fylke_places": fylke_people / norm}
    return out


def _nb(x, d=0) -> str:
    return f"{x:,.{d}f}".replace(",", NBSP).replace(".", ",")


def _en(x, d=0) -> str:
    return f"{x:,.{d}f}"


def _expected_numbers(e: dict, lang: str) -> set[str]:
    f = _nb if lang == "nb" else _en
    shown = {f(e[k], 2) for k in ("rw", "bw", "ra", "ba")}
    shown |= {f(e[k]) for k in ("people", "now", "places", "gap", "places_now", "norm")} | {f(v) for v in e["counts"]}
    shown |= {str(e["year"]), str(tables.YEAR), "2021", "1"}  # the years shown, the centre table's, "1. januar"
    if "fylke_people" in e:
        shown |= {f(e["fylke_people"]), f(e["fylke_places"])}
    return shown


def _numbers(text: str) -> set[str]:
    return set(re.findall(rf"\d{{1,3}}(?:[{NBSP},]\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?", text))


def _mismatches(lines, e: dict, lang: str) -> set[str]:
    """Numbers in the lines that the independent computation does not give, and those it gives but are missing."""
    text = " ".join(line.text for line in lines)
    expected = _expected_numbers(e, lang)
    must = {(_nb if lang == "nb" else _en)(e[k], d) for k, d in (("rw", 2), ("ra", 2), ("places", 0), ("gap", 0),
                                                                  ("places_now", 0))}
    return (_numbers(text) - expected) | (must - _numbers(text))


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_number_in_the_lines_matches_an_independent_computation(model, indicators_table, lang):
    e = _independent(model, "18")
    lines = capacity_lines(cap.summary(indicators_table, tables.YEAR), lang, fylke="18", fylke_name="Nordland")
    assert len(lines) == len(PARTS)
    assert _mismatches(lines, e, lang) == set()


def test_a_planted_mistake_is_caught(model, indicators_table, monkeypatch):
    """Per 100,000 instead of 10,000, or the older year as the newest: the independent check names the difference."""
    e = _independent(model, "18")
    monkeypatch.setattr(cap, "PER", 100_000)
    lines = capacity_lines(cap.summary(indicators_table, tables.YEAR), "nb", fylke="18")
    assert _mismatches(lines, e, "nb")
    monkeypatch.undo()
    s = cap.summary(indicators_table, tables.YEAR)
    older = cap.Summary(**{**s.__dict__, "years": s.years[::-1]})
    assert _mismatches(capacity_lines(older, "nb", fylke="18"), e, "nb")


def test_the_brief_gets_each_line_with_its_source_url_and_date(indicators_table):
    """The contract for the DOCX brief: (text, source, url, as_of) tuples; url and as_of are the CSV's own."""
    raw = _raw()
    lines = capacity_lines(cap.summary(indicators_table, tables.YEAR), "en", fylke="03", fylke_name="Oslo")
    pairs = set(zip(raw["source_url"], raw["as_of"], strict=True))
    for text, source, url, as_of in lines[:3] + lines[5:]:
        assert (url, as_of) in pairs and text and source
    for text, source, url, as_of in lines[3:5]:  # today's population and the fylke's: the project's population table
        assert as_of == f"{tables.YEAR}-01-01" and url.startswith("https://") and "SSB" in source, (text, source)  # not Bufdir's
    assert lines[2].url == raw.loc[(raw["kind"] == "norm") & (raw["year"] == "2008"), "source_url"].iloc[0]
    assert "not necessarily a family place" in lines[2].text


# --- the surfaces -------------------------------------------------------------------------------------------------

def test_the_report_card_shows_national_fylke_and_centre_capacity(model, indicators_table):
    at = app_page("views/kommune.py", kommune="1804")
    text = page_text(at).replace("\u202f", " ")
    e = _independent(model, "18")
    for line in capacity_lines(cap.summary(indicators_table, tables.YEAR), "nb", fylke="18", fylke_name="Nordland",
                               parts=("counts", "norm", "fylke", "centre")):
        assert line.text in text and line.url in text
    assert f"Normen gir {_nb(e['fylke_places'])} familieplasser for fylkets {_nb(e['fylke_people'])} innbyggere" in text
    assert f"For Norge i {e['year']} er det {_nb(e['places'])} familieplasser, {_nb(e['gap'])} flere" in text
    assert "Kapasitet per krisesenter er ikke publisert" in text


def test_the_method_page_table_matches_an_independent_computation(model):
    at = app_page("views/metode.py", lang="en")
    e = _independent(model)
    frames = [d.value for d in at.dataframe if "Bedrooms per 10,000" in d.value.columns]
    assert len(frames) == 1
    shown = frames[0].set_index(["Year", "Offers"])
    row = shown.loc[(str(e["year"]), "for women")]
    assert row["Bedrooms per 10,000"] == _en(e["rw"], 2) and row["Beds per 10,000"] == _en(e["bw"], 2)
    assert row["Family places by the norm"] == _en(e["places"]) and row["Bedrooms minus the norm"] == _en(-e["gap"])
    assert shown.loc[(str(e["year"]), "all"), "Bedrooms per 10,000"] == _en(e["ra"], 2)
    text = page_text(at)
    assert "Personer som overnatter på et krisesenter, omtales som beboere." in text
    assert f"the norm means {_en(e['places_now'])} family places" in text
