"""The app's pages under AppTest, every number a reader sees held against the oracle: KPI cards and the area's
median, the legend's counts, the map's values and tooltip facts (the payload keyed by kommunenummer and the facts
file it loads), the table; the Kommune page's travel and comparison tables."""

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import vocabulary as vocab
from tests import oracle, readback
from tests.readback import check

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
EDGES = {"median_min_nearest": vocab.BINS["minutes"], "share_over": vocab.BINS["share"]}
VIEWS = [({}, "", 90, "all", "nb", "gap_class"),
         ({"fylke": "55", "terskel": "60", "vekt": "women18", "lang": "en"}, "55", 60, "women18", "en", "gap_class"),
         ({"fylke": "18", "terskel": "120"}, "18", 120, "all", "nb", "gap_class"),
         ({"fylke": "56", "indikator": "median_min_nearest"}, "56", 90, "all", "nb", "median_min_nearest"),
         ({"fylke": "03", "indikator": "share_over", "terskel": "60"}, "03", 60, "all", "nb", "share_over")]


def _run(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def _walk(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _walk(child)


@pytest.fixture(scope="module")
def kart_pages(empty_register):
    return {i: _run(**params) for i, (params, *_rest) in enumerate(VIEWS)}


def _number(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


@pytest.mark.parametrize("view", range(len(VIEWS)))
def test_kpi_cards_and_median_match_the_oracle(kart_pages, oracle_for, view):
    _, fylke, thr, weight, lang, _ = VIEWS[view]
    at = kart_pages[view]
    assert not at.exception
    k, areas = oracle_for(weight, thr)
    rows = k[k["fylkesnummer"] == fylke] if fylke else k
    want = oracle.kpi(rows, thr)
    cards = {m.label: m.value for m in at.metric}
    beyond = next(v for label, v in cards.items() if f"{thr} min" in label)
    assert _number(beyond) == want["beyond"], (beyond, want)  # one rounding rule: the sum of rounded rows
    of = vocab.t("of", lang)
    assert cards[vocab.t("kpi_not_current", lang)] == f"{want['not_current']} {of} {want['kommuner']}"
    assert cards[vocab.t("kpi_unknown", lang)] == f"{want['unknown']} {of} {want['kommuner']}"
    assert cards[vocab.t("kpi_double", lang)] == str(want["double_gap"])
    caption = next(str(c.value) for c in at.caption if str(c.value).startswith(vocab.t("kpi_median", lang)))
    check(caption.split("**")[1], areas.loc[fylke or "norge", "median_min_nearest"], lang, what="area median")


@pytest.mark.parametrize("view", range(len(VIEWS)))
def test_legend_counts_the_kommuner_of_the_view(kart_pages, oracle_for, view):
    _, fylke, thr, weight, lang, indicator = VIEWS[view]
    k, _ = oracle_for(weight, thr)
    rows = k[k["fylkesnummer"] == fylke] if fylke else k
    legend = next(e.proto.body for e in kart_pages[view].get("html") if "dk-legend" in e.proto.body)
    shown = readback.legend_html_counts(legend, indicator, lang, thr)
    assert readback.same_counts(shown, oracle.legend_counts(rows, indicator, thr, EDGES.get(indicator))), shown


@pytest.mark.parametrize("view", range(len(VIEWS)))
def test_map_values_and_tooltips_match_the_oracle(kart_pages, oracle_for, view):
    _, fylke, thr, weight, lang, indicator = VIEWS[view]
    k, _ = oracle_for(weight, thr)
    rows = k[k["fylkesnummer"] == fylke] if fylke else k
    component = next(e for e in _walk(kart_pages[view]._tree) if getattr(e, "type", "") == "bidi_component")
    data = json.loads(component.proto.json)
    assert sorted(data["k"]) == sorted(rows.index)
    for knr, value in zip(data["k"], data["v"], strict=True):
        row = rows.loc[knr]
        if indicator == "gap_class":
            assert value == vocab.CLASS_LABELS[row["gap_class"]][lang], knr
        elif indicator == "share_over":
            check(value, row[f"share_over_{thr}_nearest"], lang, pct=True, what=knr)
        else:
            check(value, row[indicator], lang, what=knr)
    facts = data["facts"] if isinstance(data["facts"], dict) else \
        json.loads((ROOT / "dashboard" / "static" / "data" / Path(data["facts"]).name).read_text(encoding="utf-8"))
    for knr, row in k.iterrows():  # the facts cover every kommune, whatever the view
        name, _plan, centre, median = facts[knr]
        assert name == row["kommunenavn"], knr
        assert centre.startswith(f"{row['centre_name']} ("), (knr, centre)
        check(median, row["median_min_nearest"], lang, what=f"{knr} tooltip median")


@pytest.mark.parametrize("view", range(len(VIEWS)))
def test_table_matches_the_oracle(kart_pages, oracle_for, view):
    _, fylke, thr, weight, lang, _ = VIEWS[view]
    k, _ = oracle_for(weight, thr)
    rows = k[k["fylkesnummer"] == fylke] if fylke else k
    shown = kart_pages[view].dataframe[0].value
    knr = shown[vocab.t("kommune", lang)].str.extract(r"\((\d{4})\)$")[0]
    assert sorted(knr) == sorted(rows.index)
    want = rows.loc[knr.to_numpy()]
    columns = {vocab.LABELS["median_min_nearest"][lang]: want["median_min_nearest"],
               vocab.LABELS["p90_min_nearest"][lang]: want["p90_min_nearest"],
               vocab.t("share_over_pct", lang, t=thr): want[f"share_over_{thr}_nearest"] * 100,
               vocab.LABELS["median_min_affiliated"][lang]: want["median_min_affiliated"],
               vocab.t(f"weight_{weight}", lang): want["people"]}
    for label, values in columns.items():
        for i, (a, b) in enumerate(zip(shown[label], values, strict=True)):
            assert (a is None or a is np.nan or (isinstance(a, float) and math.isnan(a)) or str(a) == "<NA>") \
                if not np.isfinite(b) else abs(float(a) - b) <= 0.5 + 1e-9, (label, knr.iloc[i], a, b)
    centres = shown[vocab.t("centre", lang)].astype(str)
    assert all(c.startswith(f"{n} (") for c, n in zip(centres, want["centre_name"], strict=True))


@pytest.mark.parametrize(("knr", "lang"), [("1836", "nb"), ("4612", "en"), ("5603", "nb")])
def test_kommune_page_tables_match_the_oracle(empty_register, oracle_for, knr, lang):
    at = _run(kommune=knr, lang=lang).switch_page("views/kommune.py").run()
    assert not at.exception
    k, areas = oracle_for("all", 90)
    row = k.loc[knr]
    travel, compare = at.table[0].value, at.table[1].value
    t = lambda key, **kw: vocab.t(key, lang, **kw)  # noqa: E731
    for label, q in ((t("median_min"), "median_min"), (t("p90_min"), "p90_min"), (t("median_km"), "median_km"),
                     (t("p90_km"), "p90_km")):
        check(travel.loc[label, t("to_nearest")], row[f"{q}_nearest"], lang, what=f"{knr} {label} nearest")
        check(travel.loc[label, t("to_own")], row[f"{q}_affiliated"], lang, what=f"{knr} {label} own")
    fylke, norge = areas.loc[row["fylkesnummer"]], areas.loc["norge"]
    names = list(compare.columns)
    assert names[0] == row["kommunenavn"] and names[2] == t("norway")
    for label, col in ((t("median_min"), "median_min_nearest"), (t("p90_min"), "p90_min_nearest"),
                       *((t("share_over", t=s), f"share_over_{s}_nearest") for s in (60, 90, 120))):
        for name, source in zip(names, (row, fylke, norge), strict=True):
            check(compare.loc[label, name], source[col], lang, pct=col.startswith("share"), what=f"{knr} {label} {name}")
    text = " ".join(str(m.value) for m in at.markdown)
    assert f"{t('nearest_centre')}: **{row['nearest_centre_name']}**" in text
    assert f"**{row['centre_name']}" in text  # with its town after the name unless the name says it
    straight = re.search(rf"{re.escape(t('straight_km'))}: \*\*(.*?)\*\*", text).group(1)
    check(straight, row["median_km_straight"], lang, rel=0.006, what=f"{knr} straight km")
