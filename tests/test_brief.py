"""The editable brief (DOCX), opened with python-docx the way Word would read it: every figure against the oracle
(tests/oracle.py, plain pandas over the cells), the plan's evidence against the curated CSV read here, real
headings and tables, alt text on the map, hyperlinks with the right addresses, no unsafe value anywhere, the
command line, the report card's download button, and every language the vocabulary speaks."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import docx
import pandas as pd
import pytest
from PIL import Image

import vocabulary as vocab
from export.panels import LINK
from loaders.safety import unsafe
from tests import oracle, readback
from tests.conftest import ROOT
from vocabulary import brief_words, letters

# (kommune, language, why): unknown plan and a lead; adopted with its quote; expired and undated with the nearest
# centre another than its own; 'none' far north with the nearest centre another than its own.
KOMMUNER = [("1824", "nb"), ("1103", "nb"), ("4643", "en"), ("5610", "en")]
FYLKER = [("Nordland", "18", "nb"), ("46", "46", "en")]
PLANS = pd.read_csv(ROOT / "geodata" / "action_plans.csv", dtype=str, keep_default_na=False).set_index("kommunenummer")
CENTRES = pd.read_csv(ROOT / "geodata" / "crisis_centres.csv", dtype=str, keep_default_na=False)


def _brief(cli, *args: str):
    return docx.Document(str(cli("export", "brief", *args, suffix="docx")))


def _t(lang: str):
    return lambda key, **kw: vocab.t(key, lang, **kw)


def _norsk(lang: str) -> str:
    """The number format readback.py reads: Norwegian for nb and nn, English for en."""
    return "en" if lang == "en" else "nb"


def _paragraphs(doc) -> list:
    """Every paragraph a reader sees: the body's, then each table cell's."""
    cells = [p for table in doc.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return [*doc.paragraphs, *cells]


def _text(doc) -> str:
    return "\n".join(p.text for p in _paragraphs(doc))


def _table(doc, *header: str) -> list[list[str]]:
    """The rows (header first) of the table whose header cells start with `header`."""
    for table in doc.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if len(rows[0]) >= len(header) and all(c.startswith(h) for c, h in zip(rows[0], header, strict=False)):
            return rows
    raise AssertionError(f"no table with header {header}: {[[c.text for c in t.rows[0].cells] for t in doc.tables]}")


def _row(rows: list[list[str]], label: str) -> list[str]:
    found = [r[1:] for r in rows if r[0] == label]
    assert found, f"no row {label!r} in {[r[0] for r in rows]}"
    return found[0]


def _links(doc) -> list[tuple[str, str]]:
    return [(h.text, h.address) for p in _paragraphs(doc) for h in p.hyperlinks]


def _headings(doc, level: int) -> list[str]:
    return [text for at, text in _outline(doc) if at == level]


def _outline(doc) -> list[tuple[int, str]]:
    """(level, text) of every heading, in document order: what a screen reader's heading list and Word's navigation
    pane show."""
    return [(int(p.style.name.removeprefix("Heading ")), p.text) for p in doc.paragraphs
            if p.style.name.startswith("Heading ")]


def _whole(text: str, lang: str) -> None:
    """A count, minutes or km is written as a whole number: no decimal mark between digits ('13 135', never
    '13 135,0'; English '13,135', never '13,135.0')."""
    mark = r"\d,\d" if vocab.is_norwegian(lang) else r"\d\.\d"
    assert not re.search(mark, text.replace(readback.NBSP, " ")), f"{text!r} shows decimals"


@pytest.mark.parametrize(("knr", "lang"), KOMMUNER)
def test_kommune_brief_figures_match_the_oracle(cli, oracle_for, knr, lang):
    doc = _brief(cli, "--kommune", knr, "--lang", lang)
    k, areas = oracle_for("all", 90)
    row, fylke, norge = k.loc[knr], areas.loc[k.loc[knr, "fylkesnummer"]], areas.loc["norge"]
    t, fmt = _t(lang), _norsk(lang)
    # travel: to the nearest centre | to the kommune's own centre, each named in its column's head
    travel = _table(doc, t("measure"), t("to_nearest"), t("to_own"))
    assert row["nearest_centre_name"] in travel[0][1] and row["centre_name"] in travel[0][2]
    for key, col in (("median_min", "median_min"), ("p90_min", "p90_min"), ("median_km", "median_km"),
                     ("p90_km", "p90_km")):
        nearest, own = _row(travel, t(key))
        readback.check(nearest, row[f"{col}_nearest"], fmt, what=f"{knr} {key} nearest")
        readback.check(own, row[f"{col}_affiliated"], fmt, what=f"{knr} {key} own")
        _whole(nearest, lang), _whole(own, lang)
    # compared: kommune | fylke | Norway
    compared = _table(doc, t("measure"), row["kommunenavn"])
    assert len(compared[0]) == 4 and compared[0][3] == t("norway")
    assert [r[0] for r in compared[1:]] == [t("median_min"), t("p90_min"), *(t("share_over", t=s) for s in (60, 90, 120))]
    for label, col in [(t("median_min"), "median_min_nearest"), (t("p90_min"), "p90_min_nearest"),
                       *((t("share_over", t=s), f"share_over_{s}_nearest") for s in (60, 90, 120))]:
        for cell, source, where in zip(_row(compared, label), (row, fylke, norge), ("kommune", "fylke", "norge"),
                                       strict=True):
            readback.check(cell, source[col], fmt, pct=col.startswith("share"), what=f"{knr} {label} {where}")
    # key figures: people, plan status, centres, median, share beyond 90, class
    key = _table(doc, t("measure"), t("brief_value"), t("source"))
    readback.check(_row(key, t("population"))[0], row["people"], fmt, what=f"{knr} people")
    _whole(_row(key, t("population"))[0], lang), _whole(_row(key, t("kpi_median"))[0], lang)
    assert _row(key, t("plan"))[0].startswith(vocab.PLAN_LABELS[row["plan_status"]][lang])
    assert row["centre_name"] in _row(key, t("centre"))[0]
    assert _row(key, t("nearest_centre"))[0] == row["nearest_centre_name"]
    readback.check(_row(key, t("kpi_median"))[0], row["median_min_nearest"], fmt, what=f"{knr} median")
    readback.check(_row(key, t("over", t=90))[0], row["share_over_90_nearest"], fmt, pct=True, what=f"{knr} >90")
    assert _row(key, t("gap_class_of", t=90))[0] == vocab.CLASS_LABELS[row["gap_class"]][lang]
    # the straight line, road/straight ratio and people with no road, on one line under the table
    line = next(p.text for p in doc.paragraphs if p.text.startswith(t("straight_km")))
    straight, ratio, unreachable = line.split(" · ")
    readback.check(straight.split(": ")[1], row["median_km_straight"], fmt, rel=0.006, what="straight")
    readback.check(ratio.split(": ")[1], row["road_straight_ratio"], fmt, decimals=2, rel=0.006, what="ratio")
    readback.check(unreachable.split(": ")[1], row["unreachable"], fmt, what="unreachable")
    _whole(straight, lang), _whole(unreachable, lang)


def test_the_nearest_centre_differs_from_the_own_one_where_the_oracle_says_so(oracle_for):
    k, _ = oracle_for("all", 90)
    assert k.loc["4643", "nearest_centre_id"] != k.loc["4643", "centre_id"]
    assert k.loc["5610", "nearest_centre_id"] != k.loc["5610", "centre_id"]
    assert k.loc["1824", "nearest_centre_id"] == k.loc["1824", "centre_id"] and k.loc["1824", "plan_status"] == "unknown"


@pytest.mark.parametrize(("knr", "lang"), [("1103", "nb"), ("4643", "en"), ("5610", "en")])
def test_plan_evidence_is_quoted_linked_and_dated(cli, knr, lang):
    doc = _brief(cli, "--kommune", knr, "--lang", lang)
    curated = PLANS.loc[knr]
    text = _text(doc)
    if curated["quote"]:
        assert f"{vocab.t('brief_quote', lang)}: «{curated['quote']}»" in text
    assert (curated["source_url"], curated["source_url"]) in _links(doc), "the whole URL, as a link to itself"
    when = vocab.t("undated", lang) if curated["as_of"] == "undated" else vocab.date_text(curated["as_of"], lang)
    assert re.search(rf"{vocab.t('source', lang)} \([^)]*{re.escape(when)}[^)]*\): {re.escape(curated['source_url'])}",
                     text)
    assert vocab.PLAN_LABELS[curated["status"]][lang] in text


def test_unknown_plan_is_explained_with_what_to_ask(cli):
    doc = _brief(cli, "--kommune", "1824")
    text = _text(doc)
    t = _t("nb")
    plan = doc.paragraphs[[p.text for p in doc.paragraphs].index(t("plan")) + 1]
    assert plan.text == vocab.PLAN_LABELS["unknown"]["nb"] and plan.runs[0].bold
    assert t("plan_unknown_help") in text and vocab.PLAN_LABELS["none"]["nb"] not in text
    assert t("ask_title") in _headings(doc, 2)
    assert t("ask_intro", name="Vefsn") in text
    assert t("brief_letter") in _headings(doc, 1)
    for line in letters.letter("Vefsn", "nb").splitlines():
        assert line.strip() in text, line
    lead = pd.read_csv(ROOT / "geodata" / "action_plan_leads.csv", dtype=str).set_index("kommunenummer")
    assert lead.loc["1824", "source_url"] in {address for _, address in _links(doc)}


@pytest.mark.parametrize(("fylke", "fnr", "lang"), FYLKER)
def test_fylke_brief_matches_the_oracle(cli, oracle_for, fylke, fnr, lang):
    doc = _brief(cli, "--fylke", fylke, "--lang", lang)
    k, areas = oracle_for("all", 90)
    rows, t, fmt = k[k["fylkesnummer"] == fnr], _t(lang), _norsk(lang)
    name = doc.paragraphs[0].text
    compared = _table(doc, t("measure"), name)
    assert compared[0][1:] == [name, t("norway")]
    assert {"nb": "Sammenlignet med landet", "en": "Compared with the country"}[lang] in _headings(doc, 1)
    measures = [(t("median_min"), "median_min_nearest"), (t("p90_min"), "p90_min_nearest"),
                *((t("share_over", t=s), f"share_over_{s}_nearest") for s in (60, 90, 120)),
                (t("unreachable"), "unreachable")]
    for label, col in measures:
        for cell, area in zip(_row(compared, label), (fnr, "norge"), strict=True):
            readback.check(cell, areas.loc[area, col], fmt, pct=col.startswith("share"), what=f"{fnr} {label}")
    plans = _table(doc, t("coverage_status"))
    counts = rows["plan_status"].value_counts()
    assert {r[0]: int(r[1]) for r in plans[1:]} == {vocab.PLAN_LABELS[s][lang]: n for s, n in counts.items()}
    longest = _table(doc, t("kommune"), t("median_min"))[1:]
    want = rows.sort_values("median_min_nearest", ascending=False).head(5)
    assert [r[0] for r in longest] == list(want["kommunenavn"])
    for r, minutes in zip(longest, want["median_min_nearest"], strict=True):
        readback.check(r[1], minutes, fmt, what=r[0])
    active = CENTRES[(CENTRES["status"] == "active") & (CENTRES["host_kommunenummer"].str[:2] == fnr)]
    listed = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    for centre in active["name"]:
        assert any(item.startswith(centre.split(" (")[0]) for item in listed), centre


@pytest.mark.parametrize("args", [("--kommune", "4643", "--lang", "en"), ("--fylke", "Nordland", "--lang", "nb")])
def test_headings_tables_picture_and_language_are_real(cli, oracle_for, args):
    doc = _brief(cli, *args)
    lang = args[-1]
    t = _t(lang)
    compare = t("compare_country" if args[0] == "--fylke" else "compare")  # a fylke is compared with Norway
    assert doc.paragraphs[0].style.name == "Title"
    assert {compare, t("demands"), t("sources")} <= set(_headings(doc, 1))
    assert t("brief_law") in _headings(doc, 2)
    normal = {p.text for p in doc.paragraphs if p.style.name == "Normal"}
    assert not normal & {compare, t("demands"), t("sources"), t("brief_law"), t("key_figures")}
    assert len(doc.tables) >= 2 and all(t.style.name == "Table Grid" for t in doc.tables)
    header = doc.tables[0].rows[0]._tr.trPr.xml
    assert "tblHeader" in header, "the header row repeats on each page"
    pictures = doc.inline_shapes
    assert len(pictures) == 1
    alt = pictures[0]._inline.docPr.get("descr")
    k, _ = oracle_for("all", 90)
    fnr = "46" if args[1] == "4643" else "18"
    for cls, n in oracle.legend_counts(k[k["fylkesnummer"] == fnr], "gap_class", 90).items():
        assert vocab.entry_count(vocab.CLASS_LABELS[cls][lang], n, lang) in alt
    if args[0] == "--kommune":
        assert vocab.t("highlight_note", lang, name="Årdal") in alt
    normal = doc.styles["Normal"].element.xml
    assert f'w:lang w:val="{"en-GB" if lang == "en" else "nb-NO"}"' in normal
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert "116 006" in section.footer.paragraphs[0].text


@pytest.mark.parametrize(("args", "lang"), [(("--kommune", "1103"), "nb"), (("--kommune", "4643", "--lang", "en"), "en"),
                                            (("--fylke", "46", "--lang", "en"), "en")])
def test_every_address_is_a_link_to_itself_and_sources_are_linked(cli, args, lang):
    doc = _brief(cli, *args)
    links = _links(doc)
    assert links and all(address.startswith("https://") or address.startswith("http://") for _, address in links)
    for text, address in links:  # the link reads as its address, or as its site's name in a table
        assert text == address or (address.split("/")[2].removeprefix("www.") == text), (text, address)
    visible = re.findall(r"https?://\S+", "\n".join("".join(r.text for r in p.runs) for p in _paragraphs(doc)))
    assert visible == [], f"addresses written as plain text: {visible}"
    url, _, _ = brief_words.law(lang)
    assert (url, url) in links
    if args[0] == "--kommune":
        knr = args[1]
        source = pd.read_csv(ROOT / "geodata" / "catchments.csv", dtype=str).set_index("kommunenummer")
        if knr in source.index:
            assert source.loc[knr, "source_url"] in {a for _, a in links}


@pytest.mark.parametrize("args", [("--kommune", "1824"), ("--kommune", "4643", "--lang", "en"), ("--fylke", "18")])
def test_no_unsafe_value_anywhere_in_the_document(cli, args):
    path = cli("export", "brief", *args, suffix="docx")
    doc = docx.Document(str(path))
    values = [p.text for p in _paragraphs(doc)] + [a for _, a in _links(doc)]
    values += [doc.sections[0].footer.paragraphs[0].text, doc.core_properties.title, doc.core_properties.subject]
    values += [s._inline.docPr.get("descr") for s in doc.inline_shapes]
    png = doc.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    values += list(Image.open(io.BytesIO(doc.part.related_parts[png].blob)).text.values())
    found = [(v, unsafe(v)) for v in values if v and unsafe(v)]
    assert found == []


def test_the_brief_cli_names_what_is_allowed():
    def run(*args):
        return subprocess.run([sys.executable, "-m", "export", "brief", *args], cwd=ROOT, capture_output=True,
                              text=True, timeout=300)
    bad = run("--fylke", "Atlantis", "--out", "/dev/null")
    assert bad.returncode == 2 and "Atlantis" in bad.stderr and "18 Nordland" in bad.stderr
    bad = run("--kommune", "9999", "--out", "/dev/null")
    assert bad.returncode == 2 and "9999" in bad.stderr
    assert run("--kommune", "1824").returncode == 2  # --out is required


def test_the_report_card_downloads_the_brief(deferred_files, empty_register):
    """The report card's button (an AppTest run): its file is built on click — the callable the button holds is
    run here, and what it returns opens in python-docx as Årdal's brief — in Nynorsk, Årdal's målform
    (geodata/malform.csv), as the fact sheet beside it."""
    from tests.conftest import app_page

    made = deferred_files
    at = app_page("views/kommune.py", kommune="4643")
    labels = [b.proto.label for b in at.get("download_button")]
    assert vocab.t("brief_button", "nb", name="Årdal") in labels
    assert vocab.t("brief_button", "nb", name="Vestland") in labels
    assert pd.read_csv("geodata/malform.csv", dtype=str).set_index("kommunenummer").loc["4643", "malform"] == "nynorsk"
    name = next(n for n in made if n.endswith("-4643-ardal-nn.docx"))
    build, mime = made[name]
    assert mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    doc = docx.Document(io.BytesIO(build()))
    assert doc.paragraphs[0].text == "Årdal (4643)" and vocab.t("brief", "nn") in doc.paragraphs[1].text
    assert any(n.endswith("-46-vestland-nn.docx") for n in made)
    sheet = next(n for n in made if n.endswith("-4643-ardal-nn.pdf"))  # the fact sheet beside it, built the same way
    assert made[sheet][0]().startswith(b"%PDF")


BOKMAL_ONLY = ["ikke", "hva", "jeg", " fra ", "kilden", "tallene", "kommunens", "skriver", "beregnet", "vold ",
               "dem ", "et notat", "endres", "redigeres"]


def test_the_brief_words_are_written_in_nynorsk():
    """Every phrase of vocabulary/brief_words.py has its Nynorsk inline, with no Bokmål-only word in it; the
    Statsforvalter's quotes in Nynorsk come from its Nynorsk page."""
    for key, entry in brief_words.WORDS.items():
        assert entry["nn"], key
        found = [w for w in BOKMAL_ONLY if w in f" {entry['nn'].lower()} "]
        assert found == [], (key, found)
    url, quotes, translation = brief_words.law("nn")
    assert "/nn/" in url and translation == "" and all("sørgje" in q or "eit" in q or "følgjer" in q for q in quotes)


@pytest.mark.parametrize("lang", vocab.LANGS)  # nb and en; nn as well once the vocabulary speaks it
def test_every_language_the_vocabulary_speaks_gets_its_brief(cli, lang):
    doc = _brief(cli, "--kommune", "1824", "--lang", lang)
    text = _text(doc)
    for key in ("brief_intro", "brief_law_intro"):
        assert vocab.t(key, lang, date="")[:40] in text, key
    assert vocab.t("brief", lang) in doc.core_properties.title
    _, quotes, _ = brief_words.law(lang)
    assert all(f"«{q}»" in text for q in quotes)
    assert letters.letter("Vefsn", lang if lang in letters.LETTER else "nb").splitlines()[2] in text


def test_without_lang_the_brief_is_in_the_places_malform(cli):
    """No --lang: Årdal (nynorsk in geodata/malform.csv, read here) gets Nynorsk, Vefsn (nøytral) Bokmål, and
    Vestland's fylkeskommune (nynorsk in geodata/malform_fylker.csv) Nynorsk."""
    forms = pd.read_csv("geodata/malform.csv", dtype=str).set_index("kommunenummer")["malform"]
    fylker = pd.read_csv("geodata/malform_fylker.csv", dtype=str).set_index("fylkesnummer")["malform"]
    assert (forms["4643"], forms["1824"], fylker["46"]) == ("nynorsk", "nøytral", "nynorsk")
    for args, lang in ((("--kommune", "4643"), "nn"), (("--kommune", "1824"), "nb"), (("--fylke", "Vestland"), "nn")):
        doc = _brief(cli, *args)
        assert vocab.t("brief", lang) in doc.paragraphs[1].text, (args, doc.paragraphs[1].text)


@pytest.mark.parametrize("args", [("--kommune", "4643", "--lang", "en"), ("--fylke", "18")])
def test_the_page_is_a4_with_the_picture_and_tables_inside_the_text_width(cli, args):
    """A4 with 2.5 cm side margins; the map as wide as the text (the page less its margins); every table's
    columns together no wider than the text; hyperlinks point outside the document (external relationships)."""
    doc = _brief(cli, *args)
    section = doc.sections[0]
    assert (round(section.left_margin.cm, 2), round(section.right_margin.cm, 2)) == (2.5, 2.5)
    text_width = section.page_width - section.left_margin - section.right_margin
    assert abs(doc.inline_shapes[0].width - text_width) < 0.01 * text_width
    for table in doc.tables:
        widths = [cell.width for cell in table.rows[0].cells]
        assert sum(widths) <= text_width * 1.001, [round(w / 360000, 2) for w in widths]
        assert [c.width for c in table.columns] == widths
    assert (round(section.top_margin.cm, 2), round(section.bottom_margin.cm, 2)) == (2.2, 2.2)
    assert all(table.autofit is False for table in doc.tables), "Word would resize the columns to their content"
    links = [r for r in doc.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert links and all(r.is_external for r in links)
    style = doc.styles["Hyperlink"]  # links look like links: underlined, in the link colour
    assert style.font.underline is True and str(style.font.color.rgb) == LINK.lstrip("#").upper()
    runs = [r for p in _paragraphs(doc) for h in p.hyperlinks for r in h.runs]
    assert runs and all(r.style.name == "Hyperlink" for r in runs)
    assert doc.styles["Normal"].font.size.pt == 11 and doc.core_properties.revision == 1


def _bold(paragraph) -> bool | None:
    """True or False when every run with text says so, None when they differ."""
    said = {bool(r.bold) for r in paragraph.runs if r.text.strip()}
    return said.pop() if len(said) == 1 else None


@pytest.mark.parametrize(("knr", "lang"), [("1824", "nb"), ("4643", "en")])
def test_bold_alignment_and_indent_only_where_they_mean_something(cli, oracle_for, knr, lang):
    """Bold: table headers, the plan status, the map class and the helplines, nothing else in the body. Figures
    right-aligned in their cells (not in the key-figures table, whose values are words), headers and labels
    left. Indented by 1 cm: the letter's lines, and nothing else."""
    doc = _brief(cli, "--kommune", knr, "--lang", lang)
    row = oracle_for("all", 90)[0].loc[knr]
    t = _t(lang)
    bold = [p.text for p in doc.paragraphs if p.style.name == "Normal" and _bold(p)]
    assert len(bold) == 3, bold
    assert bold[0].startswith(vocab.PLAN_LABELS[row["plan_status"]][lang]), bold
    assert bold[1] == f"{t('gap_class_of', t=90)}: {vocab.CLASS_LABELS[row['gap_class']][lang]}", bold
    assert bold[2] == t("helplines"), bold
    for table in doc.tables:
        header = [c.text for c in table.rows[0].cells]
        words = header == [t("measure"), t("brief_value"), t("source")]
        for i, r in enumerate(table.rows):
            for j, cell in enumerate(r.cells):
                p = cell.paragraphs[0]
                if cell.text.strip():
                    assert _bold(p) == (i == 0), (cell.text, i)
                right = p.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
                assert right == (i > 0 and j > 0 and not words), (header, cell.text, i, j)
    indented = [p for p in doc.paragraphs if p.paragraph_format.left_indent is not None]
    assert all(p.paragraph_format.left_indent.cm == pytest.approx(1.0, abs=0.01) for p in indented)
    assert t("brief_letter") in _headings(doc, 1)  # 1824 unknown, 4643's source undated (geodata/): both asked
    want = letters.letter(row["kommunenavn"], lang if lang in letters.LETTER else "nb").splitlines()
    assert [p.text for p in indented] == [line for line in want if line.strip()]
    intro = "ask_intro" if row["plan_status"] == "unknown" else "ask_intro_stale"
    asked = next(p.text for p in doc.paragraphs if p.text.startswith(t(intro, name=row["kommunenavn"])))
    assert (t("ask_letter_note") in asked) == (lang not in letters.LETTER), asked


def test_a_kommune_named_as_its_fylke_is_told_apart_from_it(cli):
    """Oslo kommune in Oslo fylke: the comparison's fylke column says it is the fylke."""
    doc = _brief(cli, "--kommune", "0301")
    t = _t("nb")
    assert _table(doc, t("measure"), "Oslo")[0] == [t("measure"), "Oslo", f"Oslo ({t('fylke_word')})", t("norway")]


# Each section a level-1 heading; the level-2 headings under the section they belong to. 1103's plan evidence is
# old enough to ask about, so the ask and the letter are there.
OUTLINES = {("--kommune", "1103"): [(1, "key_figures"), (1, "plan"), (2, "ask_title"), (1, "sheet_centre"),
                                    (1, "sheet_travel"), (1, "compare"), (1, "cap_h"), (1, "demands"),
                                    (2, "brief_law"), (1, "sources"), (1, "brief_letter")],
            ("--fylke", "18"): [(1, "plans_in_fylke"), (1, "centres_in_fylke"), (1, "compare_country"), (2, "longest"),
                                (1, "cap_h"), (1, "demands"), (2, "brief_law"), (1, "sources")]}


@pytest.mark.parametrize("args", list(OUTLINES))
def test_the_outline_puts_each_section_at_its_level(cli, args):
    doc = _brief(cli, *args)
    assert _outline(doc) == [(level, vocab.t(key, "nb")) for level, key in OUTLINES[args]]


@pytest.mark.parametrize("args", [("--kommune", "1103"), ("--kommune", "1824")])
def test_a_link_in_a_table_reads_as_its_sites_name(cli, args):
    """The key figures table's source column is narrow: its links read as the site's name (no 'www.'); the whole
    address is printed in the sections below."""
    doc = _brief(cli, *args)
    links = [(h.text, h.address) for table in doc.tables for row in table.rows for cell in row.cells
             for p in cell.paragraphs for h in p.hyperlinks]
    assert links
    for text, address in links:
        host = address.split("/")[2]
        assert text == host.removeprefix("www."), (text, address)
