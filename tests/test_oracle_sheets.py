"""Fact sheets and the what-if sheet read back with `pdftotext -layout`, each cell in its column, against the
oracle: the kommune's travel table (to the nearest centre | to its own centre), the comparison with fylke and
Norway, the nearest and own centre named, the fylke's table and its map legend; the what-if PDF's before/after
figures and the what-if CSV against an oracle recomputation of the scenario."""

import re

import pandas as pd
import pytest

import vocabulary as vocab
from tests import oracle, readback
from tests.conftest import ROOT
from tests.readback import check, near, number

KOMMUNE_SHEETS = [("5501", "nb"), ("1856", "nb"), ("4612", "nb"), ("3401", "nb"), ("1836", "nb"), ("1804", "en"),
                  ("1566", "en")]
FYLKE_SHEETS = [("18", "nb"), ("55", "nb"), ("56", "en"), ("03", "nb")]


def _row(lines: list[str], label: str) -> list[str]:
    """The cells of the table line whose first cell is `label` (the first such line)."""
    for line in lines:
        parts = readback.cells(line)
        if parts and parts[0] == label.replace(readback.NBSP, " "):
            return parts[1:]
    raise AssertionError(f"no line starts with {label!r}")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pair(cell: str, minutes: float, km: float, lang: str, what: str) -> None:
    """'8 min · 6 km' against the oracle's minutes and km."""
    mins, dist = cell.split("·")
    check(mins, minutes, lang, what=f"{what} min")
    check(dist, km, lang, what=f"{what} km")


@pytest.mark.parametrize(("knr", "lang"), KOMMUNE_SHEETS)
def test_kommune_fact_sheet_matches_the_oracle(cli, oracle_for, knr, lang):
    text = readback.pdf_text(cli("export", "factsheet", "--kommune", knr, "--lang", lang, suffix="pdf"))
    lines = text.splitlines()
    k, areas = oracle_for("all", 90)
    row, fylke, norge = k.loc[knr], areas.loc[k.loc[knr, "fylkesnummer"]], areas.loc["norge"]
    t = lambda key, **kw: vocab.t(key, lang, **kw)  # noqa: E731
    # travel: to the nearest centre | to the kommune's own centre
    head = next(readback.cells(line) for line in lines if t("sheet_to_nearest") in line)
    assert head == [t("sheet_to_nearest"), t("sheet_to_own")]
    for label, q in ((t("median"), "median"), (t("p90"), "p90")):
        nearest, own = _row(lines, label)
        _pair(nearest, row[f"{q}_min_nearest"], row[f"{q}_km_nearest"], lang, f"{knr} {q} to nearest")
        _pair(own, row[f"{q}_min_affiliated"], row[f"{q}_km_affiliated"], lang, f"{knr} {q} to own")
    straight, ratio = _row(lines, t("straight"))
    check(straight, row["median_km_straight"], lang, rel=0.006, what=f"{knr} straight km")
    check(ratio, row["road_straight_ratio"], lang, decimals=2, rel=0.006, what=f"{knr} road/straight")
    check(_row(lines, t("unreachable"))[0], row["unreachable"], lang, what=f"{knr} unreachable")
    # compared: kommune | fylke | Norway
    rows = {t("median_min"): "median_min_nearest", t("p90_min"): "p90_min_nearest",
            **{t("over", t=s): f"share_over_{s}_nearest" for s in (60, 90, 120)}}
    for label, col in rows.items():
        cells = _row(lines, label)
        assert len(cells) == 3, (label, cells)
        for cell, source, where in zip(cells, (row, fylke, norge), ("kommune", "fylke", "norge"), strict=True):
            check(cell, source[col], lang, pct=col.startswith("share"), what=f"{knr} {label} {where}")
    flat = _flat(text)
    assert _flat(f"{t('sheet_nearest')}: {row['nearest_centre_name']}") in flat
    assert _flat(f"{t('sheet_own')}: {row['centre_name']}") in flat
    assert _flat(vocab.CLASS_LABELS[row["gap_class"]][lang]) in flat
    # the fylke map's legend counts the fylke's kommuner
    want = oracle.legend_counts(k[k["fylkesnummer"] == row["fylkesnummer"]], "gap_class", 90)
    assert readback.same_counts(readback.gap_grid(lines, lang), want)


@pytest.mark.parametrize(("fnr", "lang"), FYLKE_SHEETS)
def test_fylke_fact_sheet_matches_the_oracle(cli, oracle_for, fnr, lang):
    text = readback.pdf_text(cli("export", "factsheet", "--fylke", fnr, "--lang", lang, suffix="pdf"))
    lines = text.splitlines()
    k, areas = oracle_for("all", 90)
    fylke, norge = areas.loc[fnr], areas.loc["norge"]
    t = lambda key, **kw: vocab.t(key, lang, **kw)  # noqa: E731
    rows = {t("median_min"): "median_min_nearest", t("p90_min"): "p90_min_nearest",
            **{t("over", t=s): f"share_over_{s}_nearest" for s in (60, 90, 120)}, t("unreachable"): "unreachable"}
    for label, col in rows.items():
        cells = _row(lines, label)
        assert len(cells) == 2, (label, cells)
        for cell, source, where in zip(cells, (fylke, norge), ("fylke", "norge"), strict=True):
            check(cell, source[col], lang, pct=col.startswith("share"), what=f"{fnr} {label} {where}")
    rows_k = k[k["fylkesnummer"] == fnr]
    assert readback.same_counts(readback.gap_grid(lines, lang), oracle.legend_counts(rows_k, "gap_class", 90))
    # the five longest medians, named with their minutes
    longest = rows_k.sort_values("median_min_nearest", ascending=False).head(5)
    flat = _flat(text)
    for name, minutes in zip(longest["kommunenavn"], longest["median_min_nearest"], strict=True):
        m = re.search(re.escape(_flat(name)) + r": (\d[\d ,.]*) min", flat)
        assert m and near(number(m.group(1), lang), minutes), (name, minutes)


# --- what if: a centre opens in Alstahaug (1820) -----------------------------------------------------------------

@pytest.fixture(scope="module")
def scenario_oracle(oracle_inputs, oracle_for):
    """Before and after, recomputed by the oracle (its own Dijkstra run from the kommune's weighted centre)."""
    after_inputs = oracle.open_at_kommune(oracle_inputs, "1820", "ny-1820", "new")
    return oracle_for("all", 90)[0], oracle.kommuner(after_inputs, "all", 90)


def test_whatif_pdf_answers_in_a_sentence_first(cli, scenario_oracle):
    """The sheet opens with the page's answer: people brought within 90 min and their share of Norway's people,
    and the kommuner that change class — the numbers from the oracle."""
    before, after = scenario_oracle
    text = " ".join(readback.pdf_text(cli("export", "whatif", "--add", "1820", suffix="pdf")).split())
    kb, ka = oracle.kpi(before, 90), oracle.kpi(after, 90)
    gained = kb["beyond"] - ka["beyond"]
    start = text.index("flere innbyggere")
    shown = readback.numbers(text[max(0, start - 12):start + 60], "nb")
    assert shown[0] == gained and abs(shown[1] - gained / before["people"].sum() * 100) <= 0.05, (shown, gained)
    changed = int((oracle.gap_classes(before, 90) != oracle.gap_classes(after, 90)).sum())
    assert f"{changed} av {len(before)} kommuner skifter klasse på kartet" in text
    assert text.index("flere innbyggere") < text.index(vocab.t("before", "nb"))  # before the maps and the table


def test_whatif_pdf_matches_an_oracle_recomputation(cli, scenario_oracle):
    before, after = scenario_oracle
    path = cli("export", "whatif", "--add", "1820", suffix="pdf")
    text = readback.pdf_text(path)
    lines = text.splitlines()
    kb, ka = oracle.kpi(before, 90), oracle.kpi(after, 90)

    # the key numbers' table: its rows (before, after, change) in order, read from its own columns
    people = vocab.people("all", "nb").capitalize()
    start = " ".join(vocab.t("whatif_beyond", "nb", people=people, t=90).split()[:2])
    first = next(i for i, line in enumerate(lines) if start in line)
    column = lines[first].index(start)
    table = [found[-3:] for line in lines[first:] if len(found := readback.numbers(line[column:], "nb")) >= 3]
    beyond, unreachable, double, far = table[:4]
    assert (beyond[0], beyond[1]) == (kb["beyond"], ka["beyond"]), (beyond, kb, ka)
    assert beyond[2] == beyond[1] - beyond[0]
    assert unreachable[:2] == [kb["unreachable"], ka["unreachable"]]
    assert double[:2] == [kb["double_gap"], ka["double_gap"]]
    assert far[:2] == [kb["far"], ka["far"]]
    # active centres: the curated file's active rows, and one more with the hypothetical centre
    active = int((pd.read_csv(ROOT / "geodata" / "crisis_centres.csv", dtype=str)["status"] == "active").sum())
    assert table[4][:2] == [active, active + 1], table[4]
    # the legend grid: before → after per class
    grid_before, grid_after = readback.gap_grid_before(lines, "nb"), readback.gap_grid(lines, "nb")
    assert readback.same_counts(grid_before, oracle.legend_counts(before, "gap_class", 90))
    assert readback.same_counts(grid_after, oracle.legend_counts(after, "gap_class", 90))
    # the kommuner that change class, with their medians before → after
    moved = before.index[before["gap_class"] != after.loc[before.index, "gap_class"]]
    flat = _flat(readback.pdf_text(path, layout=False))  # the two columns of the list read one after the other
    assert f"({len(moved)})" in flat
    for knr in moved:
        m = re.search(rf"\({knr}\): .*? · (\d+) → (\d+) min", flat)
        assert m, knr
        assert near(float(m.group(1)), before.loc[knr, "median_min_nearest"])
        assert near(float(m.group(2)), after.loc[knr, "median_min_nearest"])


@pytest.fixture(scope="module")
def whatif_csv(model, empty_register):
    """The Hva om page's CSV for opening a centre in Alstahaug, as its download button builds it (the one internal
    call here: dashboard.scenario_files.before_after over the tables the page shows)."""
    import io

    from coverage import indicators, scenario
    from dashboard import scenario_files

    before = indicators.per_kommune(model, "all", 90)
    after = indicators.per_kommune(scenario.add_centre(model, kommunenummer="1820"), "all", 90)
    raw = scenario_files.before_after(before, after).to_csv(index=False).encode("utf-8-sig")
    return pd.read_csv(io.BytesIO(raw), dtype={"kommunenummer": str}, encoding="utf-8-sig").set_index("kommunenummer")


def test_whatif_csv_matches_an_oracle_recomputation(whatif_csv, scenario_oracle):
    before, after = scenario_oracle
    shown = whatif_csv
    assert sorted(shown.index) == sorted(before.index)
    bad = []
    for col in ("median_min_nearest", "p90_min_nearest", "median_min_affiliated"):
        for suffix, want in (("_before", before), ("_after", after)):
            a, b = shown[col + suffix], want.loc[shown.index, col]
            bad += [f"{k} {col}{suffix}: {a[k]} vs {b[k]}" for k in shown.index if not near(a[k], b[k], 1)]
    for col in ("unreachable", "gap_class", "centre_id"):
        for suffix, want in (("_before", before), ("_after", after)):
            a, b = shown[col + suffix].astype(str), want.loc[shown.index, col].astype(str)
            bad += [f"{k} {col}{suffix}: {a[k]} vs {b[k]}" for k in shown.index if a[k] != b[k]]
    assert (shown["people"] == before.loc[shown.index, "people"]).all()
    assert bad == []
