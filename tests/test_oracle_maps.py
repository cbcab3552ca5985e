"""Maps as a reader gets them, held against the oracle: the legend's counts (national and each fylke), the key
figures, every tooltip and value of the self-contained HTML map (its data keyed by kommunenummer, and the table
for readers without JavaScript), SVG text, PDF text (`pdftotext`) and the PNG's text description."""

import html
import json
import re

import pytest
from PIL import Image

import vocabulary as vocab
from tests import oracle, readback
from tests.readback import NBSP, check

EDGES = {"median_min_nearest": vocab.BINS["minutes"], "p90_min_nearest": vocab.BINS["minutes"],
         "share_over": vocab.BINS["share"]}


def _rows(table, area: str):
    return table if area == "norge" else table[table["fylkesnummer"] == area]


def _value_check(text: str, row, indicator: str, threshold: int, lang: str, what: str) -> None:
    """A map value as shown (tooltip, table cell) against the oracle's row."""
    if indicator == "gap_class":
        assert text == vocab.CLASS_LABELS[row["gap_class"]][lang], what
    elif indicator == "share_over":
        check(text, row[f"share_over_{threshold}_nearest"], lang, pct=True, what=what)
    else:
        check(text, row[indicator], lang, what=what)


HTML_MAPS = [("18", "median_min_nearest", "median_min_nearest", 90, "nb"),
             ("55", "gap_class", "gap_class", 90, "en"),
             ("norge", "share_over_60_nearest", "share_over", 60, "nb"),
             ("03", "gap_class", "gap_class", 90, "nb")]


@pytest.fixture(scope="module")
def html_maps(cli):
    out = {}
    for area, name, _, _, lang in HTML_MAPS:
        page = cli("export", "map", "--area", area, "--indicator", name, "--format", "html", "--lang", lang,
                   suffix="html").read_text(encoding="utf-8")
        blob = re.search(r'<script type="application/json" id="dk-data">(.*?)</script>', page, re.S).group(1)
        out[(area, name)] = (page, json.loads(blob))
    return out


@pytest.mark.parametrize(("area", "name", "indicator", "threshold", "lang"), HTML_MAPS)
def test_html_map_tooltips_and_values_match_the_oracle(html_maps, oracle_for, area, name, indicator, threshold, lang):
    page, data = html_maps[(area, name)]
    want = _rows(oracle_for("all", threshold)[0], area)
    assert sorted(data["k"]) == sorted(want.index)
    for knr, value in zip(data["k"], data["v"], strict=True):  # the value painted and read on hover, per kommune
        _value_check(value, want.loc[knr], indicator, threshold, lang, f"{knr} value")
    assert sorted(data["facts"]) == sorted(want.index)
    for knr, (name_, _plan, centre, median) in data["facts"].items():  # the tooltip's fixed lines
        row = want.loc[knr]
        assert name_ == row["kommunenavn"], knr
        assert centre.startswith(f"{row['centre_name']} ("), (knr, centre, row["centre_name"])
        check(median, row["median_min_nearest"], lang, what=f"{knr} tooltip median")
    # the table for readers without JavaScript: name (knr), value, plan, centre, median
    body = re.search(r"<table class='dk-table'>.*?<tbody>(.*?)</tbody>", page, re.S).group(1)
    rows = re.findall(r"<tr><td>(.*?) \((\d{4})\)</td><td>(.*?)</td><td>.*?</td><td>(.*?)</td><td>(.*?)</td></tr>", body)
    assert sorted(r[1] for r in rows) == sorted(want.index)
    for shown_name, knr, value, centre, median in rows:
        row = want.loc[knr]
        assert html.unescape(shown_name) == row["kommunenavn"]
        _value_check(html.unescape(value), row, indicator, threshold, lang, f"{knr} table value")
        assert html.unescape(centre).startswith(row["centre_name"]), knr
        check(html.unescape(median), row["median_min_nearest"], lang, what=f"{knr} table median")


@pytest.mark.parametrize(("area", "name", "indicator", "threshold", "lang"), HTML_MAPS)
def test_html_map_legend_counts_the_kommuner_shown(html_maps, oracle_for, area, name, indicator, threshold, lang):
    page, _ = html_maps[(area, name)]
    legend = re.search(r'<aside class="dk-legend".*?</aside>', page, re.S).group(0)
    shown = readback.legend_html_counts(legend, indicator, lang, threshold)
    want = oracle.legend_counts(_rows(oracle_for("all", threshold)[0], area), indicator, threshold,
                                EDGES.get(indicator))
    assert readback.same_counts(shown, want), (shown, want)


def _check_key_figures(lines, want_rows, lang, threshold, weight="all"):
    kpi = oracle.kpi(want_rows, threshold)
    shown = readback.key_figures(lines, lang, threshold, weight, len(want_rows))
    assert shown["beyond"] == kpi["beyond"], (shown, kpi)
    assert shown.get("unreachable", 0) == kpi["unreachable"]
    assert shown["double_gap"] == kpi["double_gap"]
    assert shown["unknown"] == kpi["unknown"]


# Screen presets keep the key figures (compact, in the words of the app's cards); print keeps the full phrases.
@pytest.mark.parametrize(("area", "lang", "size"), [("55", "nb", "slide"), ("56", "en", "web"), ("norge", "nb", "web")])
def test_svg_map_legend_and_key_figures_match_the_oracle(cli, oracle_for, area, lang, size):
    path = cli("export", "map", "--area", area, "--indicator", "gap_class", "--format", "svg", "--lang", lang,
               "--size", size, suffix="svg")
    lines = readback.svg_lines(path)
    want = _rows(oracle_for("all", 90)[0], area)
    assert readback.same_counts(readback.gap_grid(lines, lang), oracle.legend_counts(want, "gap_class", 90))
    _check_key_figures(lines, want, lang, 90)


def test_pdf_map_legend_and_key_figures_match_the_oracle(cli, oracle_for):
    path = cli("export", "map", "--area", "56", "--indicator", "share_over_120_nearest", "--format", "pdf",
               "--size", "print", "--weight", "women18", suffix="pdf")
    text = readback.pdf_text(path)
    want = _rows(oracle_for("women18", 120)[0], "56")
    shown = readback.labelled_counts(text, "share_over", "nb", 120)
    assert readback.same_counts(shown, oracle.legend_counts(want, "share_over", 120, EDGES["share_over"])), shown
    _check_key_figures(text.splitlines(), want, "nb", 120, "women18")


def test_png_map_description_counts_match_the_oracle(cli, oracle_for):
    path = cli("export", "map", "--area", "norge", "--indicator", "gap_class", "--format", "png", "--threshold", "60",
               suffix="png")
    description = Image.open(path).text["Description"].replace(NBSP, " ")
    want = oracle.legend_counts(oracle_for("all", 60)[0], "gap_class", 60)
    shown = {}
    for key, labels in vocab.CLASS_LABELS.items():
        m = re.search(r"(?:^|; |\. )" + re.escape(labels["nb"]) + r": (\d+)", description)
        if m:
            shown[key] = int(m.group(1))
    assert readback.same_counts(shown, want), (shown, want)
