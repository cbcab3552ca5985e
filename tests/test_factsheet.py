"""Fact sheets: one page of real text; the source's own date (or 'udatert', or its age when old); clickable
source links that are whole URLs and wrap only at URL boundaries; NKVTS named wherever '4 av 10' is quoted;
the kommune outlined, not filled, with a caption; the PDF's title and subject."""

import datetime as dt
import io
import re
import subprocess

import matplotlib.colors as mcolors
import pytest
from matplotlib.collections import LineCollection, PatchCollection

import vocabulary as vocab
from export import factsheet
from loaders.safety import ADDRESS_TEXT as _ADDRESS_TEXT

TODAY = dt.date(2026, 6, 1)


def _text(pdf: bytes) -> tuple[str, str, str]:
    run = lambda *cmd: subprocess.run([*cmd, "-"], input=pdf, capture_output=True, check=True).stdout.decode()  # noqa: E731
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return text, run("pdfinfo"), run("pdfinfo", "-url")


def _kommune_pdf(inputs, knr, lang, **changes):
    row = inputs["table"].set_index("kommunenummer", drop=False).loc[knr].copy()
    for key, value in changes.items():
        row[key] = value
    buf = io.BytesIO()
    factsheet.kommune_sheet(row, inputs["areas"].loc[row["fylkesnummer"]], inputs["norge"], inputs["table"],
                            inputs["kommuner"], inputs["fylker"], inputs["centres"], buf, lang, today=TODAY)
    return row, buf.getvalue()


def _fylke_pdf(inputs, fnr, lang):
    buf = io.BytesIO()
    factsheet.fylke_sheet(fnr, inputs["areas"].loc[fnr], inputs["norge"], inputs["table"], inputs["kommuner"],
                          inputs["fylker"], inputs["centres"], buf, lang, today=TODAY)
    return buf.getvalue()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _nb(s: str) -> str:
    """pdftotext gives the no-break spaces of Norwegian numbers back as plain spaces."""
    return s.replace("\u00a0", " ")


@pytest.mark.parametrize("knr,lang", [("1804", "nb"), ("5544", "en"), ("0301", "nb")])
def test_kommune_sheet_is_one_page_of_real_text(export_inputs, knr, lang):
    row, pdf = _kommune_pdf(export_inputs, knr, lang)
    text, info, _ = _text(pdf)
    assert re.search(r"Pages:\s+1\n", info)
    assert row["kommunenavn"] in text
    assert _nb(vocab.fmt(row["median_min_nearest"], lang, 0, "min")) in text
    assert vocab.PLAN_LABELS[row["plan_status"]][lang] in text
    assert vocab.t("source_line", lang) in _flat(text)
    assert "116 006" in text
    assert re.search(rf"Title:\s+.*{re.escape(row['kommunenavn'])} \({knr}\)", info)
    assert re.search(r"Subject:\s+\S", info) and re.search(r"Author:\s+Dekningskart", info)
    assert not _ADDRESS_TEXT.search(text), "a street address in a fact sheet"


def test_unknown_plan_says_unknown_and_how_to_help(export_inputs):
    table = export_inputs["table"]
    knr = table.loc[table["plan_status"] == "unknown", "kommunenummer"].iloc[0]
    _, pdf = _kommune_pdf(export_inputs, knr, "nb")
    text, _, _ = _text(pdf)
    assert "Ukjent" in text and "Spør kommunen" in _flat(text)


@pytest.mark.parametrize("lang,word", [("nb", "udatert"), ("en", "undated")])
def test_an_undated_source_says_so(export_inputs, lang, word):
    _, pdf = _kommune_pdf(export_inputs, "1804", lang, plan_status="adopted", plan_as_of="undated")
    text = _flat(_text(pdf)[0])
    label = vocab.PLAN_LABELS["adopted"][lang]
    assert f"{label} ({word})" in text  # the status itself
    assert f"({word})" in text.split(label, 1)[1]  # and the source line under it


def test_old_evidence_shows_its_date_and_age(export_inputs):
    _, pdf = _kommune_pdf(export_inputs, "1804", "nb", plan_status="adopted", plan_as_of="2016-03-01")
    text = _flat(_text(pdf)[0])
    years = (TODAY - dt.date(2016, 3, 1)).days // 365
    assert years == 10
    assert "Vedtatt per 1.3.2016" in text
    assert f"kilden er {years} år gammel" in text


def test_recent_evidence_shows_no_age(export_inputs):
    _, pdf = _kommune_pdf(export_inputs, "1804", "nb", plan_status="adopted", plan_as_of="2025-02-01")
    text = _flat(_text(pdf)[0])
    assert "Vedtatt" in text and "år gammel" not in text.split("Krisesenter", 1)[0]


def test_source_links_are_whole_urls_wrapped_at_url_boundaries(export_inputs):
    table = export_inputs["table"]
    longest = table.loc[table["plan_source_url"].str.len().idxmax()]
    url = longest["plan_source_url"]
    assert len(url) > 150
    _, pdf = _kommune_pdf(export_inputs, longest["kommunenummer"], "nb")
    text, _, links = _text(pdf)
    uris = [line.split()[-1] for line in links.splitlines()[1:] if line.strip()]
    assert url in uris and all(u.startswith("http") for u in uris)
    assert uris.count(url) >= 2, "every line the URL wraps to is a link to the whole URL"
    lines = [line.strip() for line in text.splitlines()]
    start = next(i for i, line in enumerate(lines) if line and url.startswith(line))
    pieces = []
    while "".join(pieces) != url:
        assert url.startswith("".join(pieces) + lines[start + len(pieces)]), "a URL line that is not the URL's next piece"
        pieces.append(lines[start + len(pieces)])
    assert len(pieces) >= 2
    assert all(a[-1] == "/" or b[0] in "?&=_-" for a, b in zip(pieces, pieces[1:], strict=False)), \
        f"broken mid-word: {pieces}"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_nkvts_is_named_wherever_4_in_10_is_quoted(export_inputs, lang):
    quote = "4 av 10" if lang == "nb" else "4 in 10"
    for pdf in (_kommune_pdf(export_inputs, "5501", lang)[1], _fylke_pdf(export_inputs, "55", lang)):
        text = _flat(_text(pdf)[0])
        assert quote in text
        for m in re.finditer(quote, text):
            around = text[m.start():m.start() + 220]
            assert "NKVTS" in around and "2019" in around and "2018" in around


def test_the_kommune_is_outlined_not_filled_and_the_caption_says_so(export_inputs):
    row = export_inputs["table"].set_index("kommunenummer", drop=False).loc["1804"]
    fig = factsheet.kommune_sheet(row, export_inputs["areas"].loc["18"], export_inputs["norge"], export_inputs["table"],
                                  export_inputs["kommuner"], export_inputs["fylker"], export_inputs["centres"], None)
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "Tykk svart kant: Bodø" in texts
    map_ax = fig.axes[0]
    fills = [c for c in map_ax.collections if isinstance(c, PatchCollection)]
    dark = [tuple(fc[:3]) for c in fills for fc in c.get_facecolors() if max(fc[:3]) < 0.15]
    assert not dark, "a kommune filled black"
    lines = [c for c in map_ax.collections if isinstance(c, LineCollection) and max(c.get_linewidths()) >= 1.5]
    assert any(mcolors.to_hex(c.get_colors()[0]) == "#1a1a1a" for c in lines)


def test_fylke_sheet(export_inputs):
    pdf = _fylke_pdf(export_inputs, "55", "nb")
    text, info, _ = _text(pdf)
    assert re.search(r"Pages:\s+1\n", info) and "Troms" in text
    assert _nb(vocab.fmt(export_inputs["areas"].loc["55", "median_min_nearest"], "nb")) in text
    rows = export_inputs["table"].query("fylkesnummer == '55'")
    assert f"Ukjent: {(rows['plan_status'] == 'unknown').sum()}" in text


def test_every_member_of_a_joint_plan_gets_a_one_page_sheet_in_every_language(export_inputs):
    """The longest plan texts (joint plans: region line, title, period, partners, source) must leave the map its
    legend: Midt-Troms' six members failed in Bokmål before the legend could step down in size."""
    table = export_inputs["table"]
    members = table.loc[table["plan_joint_plan_id"].fillna("") != "", "kommunenummer"].tolist()
    assert len(members) >= 20
    failed = []
    for knr in members:
        for lang in vocab.LANGS:
            try:
                _, pdf = _kommune_pdf(export_inputs, knr, lang)
            except ValueError as exc:
                failed.append((knr, lang, str(exc)))
                continue
            info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
            if not re.search(r"Pages:\s+1\n", info):
                failed.append((knr, lang, "more than one page"))
    assert failed == []


@pytest.mark.parametrize("kind", ["kommune", "fylke"])
def test_sheets_are_a4_portrait(export_inputs, kind):
    """An advocate prints the sheet: it must be A4 (595 × 842 pt, ISO 216), whatever the content."""
    pdf = _kommune_pdf(export_inputs, "1577", "nb")[1] if kind == "kommune" else _fylke_pdf(export_inputs, "55", "en")
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(w), round(h)) == (595, 842)


def test_a_kommune_sheet_map_names_the_kommuner_it_borders(cli):
    """Hadsel (1866): the sheet's map is the kommune and its surroundings, not all of Nordland; the kommuner it
    borders (from the boundary file: within 200 m) are named on it (issue 19, item 8)."""
    import geopandas as gpd

    from loaders import boundaries
    from tests import readback

    k = boundaries.kommuner(crs=boundaries.UTM33, detail="M")
    hadsel = k.loc[k["kommunenummer"] == "1866", "geometry"].iloc[0]
    others = k[k["kommunenummer"] != "1866"]
    bordering = others[gpd.GeoSeries(others.geometry).distance(hadsel) < 200]
    assert len(bordering) >= 3
    text = readback.pdf_text(cli("export", "factsheet", "--kommune", "1866", suffix="pdf"))
    for name in bordering["kommunenavn"]:
        assert name.split(" - ")[0] in text, name
    assert "Bodø" not in text  # the fylke's far end is no longer on the map (nor named)
