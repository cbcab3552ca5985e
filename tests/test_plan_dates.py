"""The plan-status source line ('Planstatus: kommunenes nettsider, kildedato 2019–2025, 3 udatert') on every
surface that prints it, against a plain recomputation from the published table's own columns: the years of the
known statuses' `plan_as_of` (first four digits), the count of those without a date, one year written once."""

import json
import re

import pytest

import vocabulary as vocab
from tests import readback


def _expected(table, area: str, lang: str) -> str:
    rows = table if area == "norge" else table[table["kommunenummer"].str[:2] == area]
    known = rows.loc[rows["plan_status"] != "unknown", "plan_as_of"].fillna("")
    years = sorted(int(m.group(1)) for v in known if (m := re.match(r"(\d{4})", v)))
    undated = len(known) - len(years)
    assert years, "every area tested has at least one dated status"
    span = str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
    text = vocab.t("plan_dates", lang, years=span)
    return f"{text}, {vocab.t('plan_dates_undated', lang, n=undated)}" if undated else text


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


@pytest.mark.parametrize(("fnr", "lang"), [("55", "nb"), ("18", "en"), ("03", "nn")])
def test_fylke_fact_sheet_states_the_plan_dates(cli, indicators_table, fnr, lang):
    text = readback.pdf_text(cli("export", "factsheet", "--fylke", fnr, "--lang", lang, suffix="pdf"), layout=False)
    want = _expected(indicators_table, fnr, lang)
    assert _flat(want) in _flat(text), (want, text[-600:])
    assert not re.search(r"\b(\d{4})–\1\b", text)  # never '2020–2020'


@pytest.mark.parametrize(("area", "lang"), [("55", "en"), ("norge", "nb")])
def test_map_footer_states_the_plan_dates(cli, indicators_table, area, lang):
    svg = cli("export", "map", "--area", area, "--format", "svg", "--lang", lang, suffix="svg")
    footer = _flat(" ".join(t["text"] for t in readback.svg_texts(svg)))
    assert _flat(_expected(indicators_table, area, lang)) in footer


def test_html_map_footer_states_the_plan_dates(cli, indicators_table):
    page = cli("export", "map", "--area", "03", "--format", "html", "--lang", "nn", suffix="html").read_text("utf-8")
    want = _expected(indicators_table, "03", "nn")
    data = re.search(r'id="dk-data">(.*?)</script>', page, re.S).group(1)
    assert want in page or want in json.dumps(json.loads(data), ensure_ascii=False), want
