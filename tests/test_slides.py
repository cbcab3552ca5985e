"""Slides (`python -m export slides`): each PPTX opened with python-pptx and every figure held against the oracle
(tests/oracle.py, plain pandas over the model's raw pieces) — a kommune with unknown plan status, one with
evidence, a fylke, and a what-if; type sizes for the back of a room; speaker notes naming the sources' URLs (read
from geodata/ with pandas); the PDF of the same deck carries the same figures (pdftotext)."""

import json
import re

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

import vocabulary as vocab
from tests import oracle, readback
from tests.conftest import ROOT
from tests.readback import check

TITLE_MIN, BODY_MIN = 36.0, 24.0


def _read(path) -> tuple[list[dict], object]:
    """Every slide as {texts, tables, runs, pictures, notes, links}, and the presentation."""
    prs = Presentation(str(path))
    slides = []
    for s in prs.slides:
        texts, tables, runs, pictures, links = [], [], [], [], []
        for sh in s.shapes:
            if sh.shape_type == MSO_SHAPE_TYPE.PICTURE:
                pictures.append(sh._element.nvPicPr.cNvPr.get("descr", ""))
            elif sh.has_table:
                tables.append([[c.text for c in r.cells] for r in sh.table.rows])
                runs += [r for row in sh.table.rows for c in row.cells for p in c.text_frame.paragraphs for r in p.runs]
            elif sh.has_text_frame and sh.text_frame.text:
                texts.append(sh.text_frame.text)
                here = [r for p in sh.text_frame.paragraphs for r in p.runs]
                runs += here
                links += [(r.text, r.hyperlink.address) for r in here if r.hyperlink.address]
        slides.append({"title": texts[0], "texts": texts, "tables": tables, "runs": runs, "pictures": pictures,
                       "notes": s.notes_slide.notes_text_frame.text, "links": links})
    return slides, prs


def _slide(slides: list[dict], title: str) -> dict:
    found = [s for s in slides if s["title"] == title]
    assert len(found) == 1, (title, [s["title"] for s in slides])
    return found[0]


def _row(table: list[list[str]], label: str) -> list[str]:
    rows = [r[1:] for r in table if r[0] == label]
    assert len(rows) == 1, (label, table)
    return rows[0]


def _flat(text: str) -> str:
    return " ".join(text.replace(readback.NBSP, " ").split())


def _travel_and_compare(slides, k, areas, knr: str, lang: str) -> None:
    """The travel table (nearest | own centre) and the comparison (kommune | fylke | Norway) against the oracle."""
    t = lambda key, **kw: vocab.t(key, lang, **kw)  # noqa: E731
    row, fylke, norge = k.loc[knr], areas.loc[k.loc[knr, "fylkesnummer"]], areas.loc["norge"]
    travel = _slide(slides, t("travel"))["tables"][0]
    assert travel[0] == [t("measure"), t("to_nearest"), t("to_own")]
    for label, col in ((t("median_min"), "median_min"), (t("p90_min"), "p90_min"), (t("median_km"), "median_km")):
        nearest, own = _row(travel, label)
        check(nearest, row[f"{col}_nearest"], lang, what=f"{knr} {col} nearest")
        check(own, row[f"{col}_affiliated"], lang, what=f"{knr} {col} own")
    said = _flat(" ".join(_slide(slides, t("travel"))["texts"]))
    assert f"{t('sheet_nearest')}: {row['nearest_centre_name']}" in said
    assert f"{t('sheet_own')}: {row['centre_name']}" in said
    compare = _slide(slides, t("compare"))["tables"][0]
    for label, col in ((t("median_min"), "median_min_nearest"), (t("p90_min"), "p90_min_nearest"),
                       *((t("share_over", t=s), f"share_over_{s}_nearest") for s in (60, 90, 120))):
        cells = _row(compare, label)
        assert len(cells) == 3, cells
        for cell, source, where in zip(cells, (row, fylke, norge), ("kommune", "fylke", "norge"), strict=True):
            check(cell, source[col], lang, pct=col.startswith("share"), what=f"{knr} {label} {where}")


def _legend(slide: dict, rows: pd.DataFrame, lang: str) -> None:
    """The map slide's legend: 'class label: n' for every class the fylke has, n from the oracle."""
    want = oracle.legend_counts(rows, "gap_class", 90)
    shown = {}
    for text in slide["texts"]:
        for key, labels in vocab.CLASS_LABELS.items():
            m = re.fullmatch(re.escape(labels[lang]) + r": (\d+)", text)
            if m:
                shown[key] = int(m.group(1))
    assert shown == {k: v for k, v in want.items() if v}, (shown, want)


def test_kommune_with_unknown_plan(cli, oracle_for):
    """Vefsn (1824): plan status unknown — said as unknown, with what to ask; every figure from the oracle."""
    slides, _ = _read(cli("export", "slides", "--kommune", "1824", "--lang", "nb", suffix="pptx"))
    k, areas = oracle_for("all", 90)
    row = k.loc["1824"]
    assert row["plan_status"] == "unknown"
    assert [s["title"] for s in slides][1:] == [vocab.t(key, "nb") for key in
                                                ("slide_gap_title", "travel", "compare", "plan", "sources")]
    _travel_and_compare(slides, k, areas, "1824", "nb")
    gap = _flat(" ".join(_slide(slides, vocab.t("slide_gap_title", "nb"))["texts"]))
    m = re.search(r"median (\d+) min til nærmeste", gap)
    check(m.group(1), row["median_min_nearest"], "nb", what="gap sentence median")
    m = re.search(r"(\d[\d ]*) innbyggere bor over 90 min", gap)
    assert int(m.group(1).replace(" ", "")) == row["people_over_90_nearest"], (m.group(0), row["people_over_90_nearest"])
    assert vocab.CLASS_LABELS[oracle.gap_classes(k.loc[["1824"]], 90).iloc[0]]["nb"] in gap
    notes = _slide(slides, vocab.t("slide_gap_title", "nb"))["notes"]  # the band with its explanation, in the notes
    m = re.search(r"Usikkerhet: medianen (\d+) min kan være", _flat(notes))
    check(m.group(1), row["median_min_nearest"], "nb", what="band line median in the notes")
    assert "Terskelen på 90 min" in gap or "Kort/lang vei er den samme" in gap
    plan = _slide(slides, vocab.t("plan", "nb"))
    said = _flat(" ".join(plan["texts"]))
    assert plan["texts"][2] == "Ukjent" and vocab.t("plan_unknown_help", "nb") in said
    for question in vocab.t("slide_ask", "nb"):
        assert question in said
    _legend(slides[0], k[k["fylkesnummer"] == "18"], "nb")


def test_kommune_with_evidence(cli, oracle_for):
    """Årdal (4643, English): an expired plan with its source link (read from geodata/ with pandas), and an own
    centre that is not the nearest (so the two travel columns differ)."""
    slides, _ = _read(cli("export", "slides", "--kommune", "4643", "--lang", "en", suffix="pptx"))
    k, areas = oracle_for("all", 90)
    assert k.loc["4643", "median_min_affiliated"] > k.loc["4643", "median_min_nearest"] + 30
    _travel_and_compare(slides, k, areas, "4643", "en")
    plans = pd.read_csv(ROOT / "geodata" / "action_plans.csv", dtype=str).set_index("kommunenummer")
    catchments = pd.read_csv(ROOT / "geodata" / "catchments.csv", dtype=str)
    assert k.loc["4643", "plan_status"] == plans.loc["4643", "status"] == "expired"
    plan = _slide(slides, vocab.t("plan", "en"))
    assert plan["texts"][2].startswith("Expired (its period ended")
    url = plans.loc["4643", "source_url"]
    assert any(address == url for _, address in plan["links"]), plan["links"]
    assert url in plan["notes"]
    travel_notes = _slide(slides, vocab.t("travel", "en"))["notes"]
    assert set(catchments.loc[catchments["kommunenummer"] == "4643", "source_url"]) & set(travel_notes.split())


def test_fylke_deck(cli, oracle_for):
    """Nordland (18): the gap sentence's counts and the key figures, fylke against Norway, the legend."""
    slides, _ = _read(cli("export", "slides", "--fylke", "18", "--lang", "nb", suffix="pptx"))
    k, areas = oracle_for("all", 90)
    rows = k[k["fylkesnummer"] == "18"]
    kpi = oracle.kpi(rows, 90)
    gap = _flat(" ".join(_slide(slides, vocab.t("slide_gap_title", "nb"))["texts"]))
    m = re.search(r"har (\d+) av (\d+) kommuner lang vei .*?; (\d+) har dobbelt gap, og for (\d+) er planstatus", gap)
    assert [int(v) for v in m.groups()] == [kpi["far"], kpi["kommuner"], kpi["double_gap"], kpi["unknown"]], m.group(0)
    m = re.search(r"(\d[\d ]*) innbyggere bor over 90 min", gap)
    assert int(m.group(1).replace(" ", "")) == kpi["beyond"]
    m = re.search(r"(\d[\d ]*) innbyggere uten veiforbindelse", gap)
    assert int(m.group(1).replace(" ", "")) == kpi["unreachable"]
    compare = _slide(slides, "Sammenlignet med landet")["tables"][0]  # a fylke is compared with Norway
    assert compare[0][1:] == ["Nordland", "Norge"]
    for label, col in (("Median, minutter", "median_min_nearest"), ("9 av 10 bor nærmere enn, minutter", "p90_min_nearest"),
                       ("Andel over 90 min", "share_over_90_nearest")):
        for cell, area in zip(_row(compare, label), ("18", "norge"), strict=True):
            check(cell, areas.loc[area, col], "nb", pct=col.startswith("share"), what=f"{label} {area}")
    _legend(slides[0], rows, "nb")


@pytest.fixture(scope="module")
def opened_1820(oracle_inputs, oracle_for):
    """Before and after a centre opens in Alstahaug (1820), recomputed by the oracle."""
    after = oracle.kommuner(oracle.open_at_kommune(oracle_inputs, "1820", "ny-1820", "new"), "all", 90)
    return oracle_for("all", 90)[0], after


def test_whatif_slide(cli, opened_1820):
    """The what-if slide says what the what-if page says for Nordland, in the oracle's numbers."""
    before, after = opened_1820
    slides, _ = _read(cli("export", "slides", "--kommune", "1824", "--add", "1820", suffix="pptx"))
    assert len(slides) == 7
    slide = _slide(slides, vocab.t("scenario_title", "nb", what=vocab.t("scenario_open_kommune", "nb", name="Alstahaug")))
    b, a = before[before["fylkesnummer"] == "18"], after[after["fylkesnummer"] == "18"]
    kb, ka = oracle.kpi(b, 90), oracle.kpi(a, 90)
    lead = _flat(slide["texts"][2])
    shown = readback.numbers(lead, "nb")
    gained = kb["beyond"] - ka["beyond"]
    assert shown[0] == gained and abs(shown[1] - gained / b["people"].sum() * 100) <= 0.05, (lead, gained)
    assert "i Nordland" in lead
    changed = int((oracle.gap_classes(b, 90) != oracle.gap_classes(a, 90)).sum())
    said = _flat(" ".join(slide["texts"]))
    assert f"{changed} av {len(b)} kommuner skifter klasse" in said
    m = re.search(r"Vefsn: median til nærmeste senter (\d+) min → (\d+) min", said)
    check(m.group(1), before.loc["1824", "median_min_nearest"], "nb", what="Vefsn before")
    check(m.group(2), after.loc["1824", "median_min_nearest"], "nb", what="Vefsn after")
    table = slide["tables"][0]
    beyond = _row(table, vocab.t("whatif_beyond", "nb", people="Innbyggere", t=90))
    assert [readback.number(c, "nb") for c in beyond] == [kb["beyond"], ka["beyond"]]
    double = _row(table, vocab.t("whatif_double", "nb"))
    assert [readback.number(c, "nb") for c in double] == [kb["double_gap"], ka["double_gap"]]


DECKS = [("--kommune", "1824", "nb"), ("--kommune", "4643", "en"), ("--fylke", "18", "nb")]


@pytest.mark.parametrize(("flag", "value", "lang"), DECKS)
def test_readable_from_the_back_with_sources_in_the_notes(cli, flag, value, lang):
    """16:9; 5–7 slides; every title at least 36 pt and every other text at least 24 pt; the map a picture with
    its description; every slide's notes name a source by its URL; the sources slide names the data sources'
    URLs (geodata/sources.json, read here) in its notes and the helplines on the slide."""
    slides, prs = _read(cli("export", "slides", flag, value, "--lang", lang, suffix="pptx"))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01
    assert 5 <= len(slides) <= 7
    for s in slides:
        sizes = [r.font.size.pt for r in s["runs"] if r.text.strip()]
        assert sizes and min(sizes) >= BODY_MIN, (s["title"], min(sizes))
        title_runs = [r for r in s["runs"] if r.text == s["title"]]
        assert title_runs and all(r.font.size.pt >= TITLE_MIN for r in title_runs), s["title"]
        assert re.search(r"https?://\S+", s["notes"]), s["title"]
    # Nothing shrunk that fits: the body text is tried at 28, 26 and 24 pt (largest first), and these decks have
    # slides light enough for 28 pt, with their message line 4 pt larger.
    body = [{r.font.size.pt for r in s["runs"] if r.text.strip() and r.text != s["title"]} for s in slides]
    assert any(28.0 in sizes for sizes in body) and any(32.0 in sizes for sizes in body), body
    assert max(max(sizes) for sizes in body) <= 32.0, body
    place = vocab.t("map_desc", lang, place="@", indicator="", people="", entries="", source="").split("@")[0]
    assert len(slides[0]["pictures"]) == 1 and slides[0]["pictures"][0].startswith(place), slides[0]["pictures"]
    registry = json.loads((ROOT / "geodata" / "sources.json").read_text(encoding="utf-8"))["sources"]
    for entry in registry:
        if entry["name"] in ("kommuner_m", "population", "grid_1km", "roads"):
            assert entry["url"] in slides[-1]["notes"], entry["name"]
    assert "116 006" in " ".join(slides[-1]["texts"])


def test_pdf_carries_the_same_figures(cli, opened_1820):
    """The PDF of the same deck: a page per slide, and every table cell and sentence of the PPTX in its text."""
    slides, _ = _read(cli("export", "slides", "--kommune", "1824", "--add", "1820", suffix="pptx"))
    pdf = cli("export", "slides", "--add", "1820", "--kommune", "1824", suffix="pdf")  # cli() keys by the arguments
    text = readback.pdf_text(pdf, layout=False)
    info = readback.subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True).stdout
    assert re.search(rf"Pages:\s+{len(slides)}\n", info)
    assert re.search(r"Title:\s+Vefsn \(1824\)", info)
    flat = _flat(text)
    lines = [readback.cells(line) for line in readback.pdf_text(pdf).splitlines()]
    for s in slides:
        for row in (row for table in s["tables"] for row in table):
            label, values = " ".join(row[0].split()[:2]), [_flat(c) for c in row[1:]]
            tail = "".join(values).replace(" ", "")  # pdftotext spaces right-aligned figures as it likes ('0%', '36 %')
            assert any("".join(cells).replace(" ", "").endswith(tail) and (not label or cells[0].startswith(label))
                       for cells in lines if cells), row  # a wrapped label: its first words, on the values' line
        for t in s["texts"]:  # the slide number is right-aligned: pdftotext closes up its spaces ('1/7')
            assert _flat(t) in flat or t.replace(" ", "") in flat, t
    before, after = opened_1820
    b = before[before["fylkesnummer"] == "18"]
    a = after[after["fylkesnummer"] == "18"]
    gained = oracle.kpi(b, 90)["beyond"] - oracle.kpi(a, 90)["beyond"]
    assert f"{vocab.fmt(gained, 'nb')} flere innbyggere".replace(readback.NBSP, " ") in flat
    check(re.search(r"median (\d+) min til nærmeste", flat).group(1), before.loc["1824", "median_min_nearest"], "nb")


BOKMAL_ONLY = re.compile(r"\b(ikke|hva|hvor|hvilken|innbyggere|vei|nærmeste|kilde|kilder|lysbilde|lysbildet|velg|en)\b")


def test_slide_words_are_nynorsk_in_nynorsk():
    """Every new phrase has natural Nynorsk beside Bokmål and English: no Bokmål-only word in the 'nn' text."""
    from vocabulary.slide_words import WORDS

    for key, entry in WORDS.items():
        assert set(entry) == {"nb", "nn", "en"}, key
        for text in (entry["nn"] if isinstance(entry["nn"], list) else [entry["nn"]]):
            assert not BOKMAL_ONLY.search(text.lower()), (key, text)


@pytest.mark.parametrize("lang", vocab.LANGS)  # 'nn' as soon as the app speaks it (vocabulary.LANGS)
@pytest.mark.parametrize("knr", ["5538", "1836", "5612", "5007", "4643"])
def test_the_longest_decks_fit_at_the_minimum_sizes(export_inputs, knr, lang):
    """Long Sámi/Kven names, a long way with people beyond road, a what-if: every slide lays out at ≥ 24 pt."""
    from export import deck, slides

    table = export_inputs["table"]
    row = table.set_index("kommunenummer", drop=False).loc[knr]
    here = table[table["fylkesnummer"] == row["fylkesnummer"]]
    whatif = deck.WhatIf(vocab.t("scenario_open_kommune", lang, name="Kautokeino"), here, here, row["fylkesnavn"])
    built = deck.kommune_deck(row, export_inputs["areas"].loc[row["fylkesnummer"]], export_inputs["norge"], table,
                              lang=lang, whatif=whatif)
    pages = slides.pages(built)
    assert len(pages) == 7
    assert min(b.pt for page in pages for b in page if b.kind in ("text", "table")) >= BODY_MIN


def test_bad_kommune_fylke_and_centre_are_named(tmp_path, empty_register):
    import os
    import subprocess
    import sys

    def run(*args):
        return subprocess.run([sys.executable, "-m", "export", "slides", *args, "--out", str(tmp_path / "x.pptx")],
                              cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=300)

    for args, said in ((("--kommune", "9999"), "'9999' not found; allowed: a 2024 kommunenummer"),
                       (("--fylke", "99"), "fylke '99' not found; allowed: 03 Oslo, 11 Rogaland"),
                       (("--kommune", "1824", "--close", "atlantis"), "'atlantis' is not active; allowed: alta")):
        done = run(*args)
        assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr, done.stderr
        assert not (tmp_path / "x.pptx").exists()


def test_a_plan_answered_by_letter_cites_its_case_reference(export_inputs):
    """A register entry whose source is the kommune's letter (a case reference, no URL): the plan slide and its
    notes name the reference; nothing is made a link."""
    from export import deck
    from vocabulary import register_words

    table = export_inputs["table"]
    row = table.set_index("kommunenummer", drop=False).loc["1824"].copy()
    row[["plan_status", "plan_source_url", "plan_case_reference", "plan_as_of"]] = ["adopted", "", "2026/123",
                                                                                   "2026-10-01"]
    built = deck.kommune_deck(row, export_inputs["areas"].loc["18"], export_inputs["norge"], table, lang="nb")
    plan = next(s for s in built.slides if s.key == "plan")
    cited = register_words.source("", "2026/123", "nb")
    assert plan.lines[0] == vocab.PLAN_LABELS["adopted"]["nb"] and any(cited in line for line in plan.lines)
    assert any(cited in note for note in plan.notes) and not any(plan.links)


def test_without_lang_the_deck_is_in_the_places_malform(cli):
    """No --lang: Årdal (nynorsk in geodata/malform.csv, read here) gets Nynorsk slides, Vefsn (nøytral) Bokmål."""
    forms = pd.read_csv(ROOT / "geodata" / "malform.csv", dtype=str).set_index("kommunenummer")["malform"]
    assert (forms["4643"], forms["1824"]) == ("nynorsk", "nøytral")
    for knr, lang in (("4643", "nn"), ("1824", "nb")):
        slides, _ = _read(cli("export", "slides", "--kommune", knr, suffix="pptx"))
        titles = [s["title"] for s in slides]
        assert vocab.t("slide_gap_title", lang) in titles, (knr, titles)


def test_the_report_card_downloads_the_slides(deferred_files, empty_register, oracle_for, tmp_path):
    """The report card's slide buttons (an AppTest run): the files are built on click — the callables the buttons
    hold are run here. Årdal is a Nynorsk kommune (geodata/malform.csv), so its slides come in Nynorsk like its
    fact sheet; the PPTX opens in python-pptx with the oracle's figures, and the PDF is a PDF."""
    from tests.conftest import app_page

    made = deferred_files
    at = app_page("views/kommune.py", kommune="4643")
    labels = [b.proto.label for b in at.get("download_button")]
    assert vocab.t("slide_button", "nb", name="Årdal", fmt="PowerPoint") in labels
    name = next(n for n in made if n.endswith("-4643-ardal-nn.pptx"))
    build, mime = made[name]
    assert mime == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    (tmp_path / "a.pptx").write_bytes(build())
    slides, _ = _read(tmp_path / "a.pptx")
    assert slides[0]["title"] == "Årdal (4643)" and vocab.t("slide_gap_title", "nn") in [s["title"] for s in slides]
    k, areas = oracle_for("all", 90)
    _travel_and_compare(slides, k, areas, "4643", "nn")
    from vocabulary.nynorsk import SOURCE_TITLES  # the notes name the data sources in Nynorsk too

    notes = " ".join(s["notes"] for s in slides)
    assert SOURCE_TITLES["kommuner_m"] in notes and SOURCE_TITLES["roads"] in notes and "enheter" not in notes
    pdf = next(n for n in made if n.endswith("-4643-ardal-nn.pdf") and "lysbilete" in n)
    assert made[pdf][0]().startswith(b"%PDF")
