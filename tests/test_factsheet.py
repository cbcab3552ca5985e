"""Fact sheets: one page of real text with the kommune, its median minutes as the app shows them, the plan
status word and the source line."""

import io
import re
import subprocess

import pytest

from export import factsheet, style


def _text(pdf: bytes) -> tuple[str, str]:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return text, info


def _kommune_pdf(inputs, knr, lang):
    row = inputs["table"].set_index("kommunenummer", drop=False).loc[knr]
    buf = io.BytesIO()
    factsheet.kommune_sheet(row, inputs["areas"].loc[row["fylkesnummer"]], inputs["norge"], inputs["table"],
                            inputs["kommuner"], inputs["fylker"], inputs["centres"], buf, lang)
    return row, buf.getvalue()


@pytest.mark.parametrize("knr,lang", [("1804", "nb"), ("5544", "en"), ("0301", "nb")])
def test_kommune_sheet_is_one_page_of_real_text(export_inputs, knr, lang):
    row, pdf = _kommune_pdf(export_inputs, knr, lang)
    text, info = _text(pdf)
    assert re.search(r"Pages:\s+1\n", info)
    assert row["kommunenavn"] in text
    assert style.fmt(row["median_min_nearest"], lang, 0, "min") in text
    assert style.PLAN_LABELS[row["plan_status"]][lang] in text
    assert style.SOURCE_LINE[lang] in " ".join(text.split())
    assert "116 006" in text
    from loaders.curated import _ADDRESS_TEXT

    assert not _ADDRESS_TEXT.search(text), "a street address in a fact sheet"


def test_unknown_plan_says_unknown_and_how_to_help(export_inputs):
    table = export_inputs["table"]
    knr = table.loc[table["plan_status"] == "unknown", "kommunenummer"].iloc[0]
    _, pdf = _kommune_pdf(export_inputs, knr, "nb")
    text, _ = _text(pdf)
    assert "Ukjent" in text and "Spør kommunen" in " ".join(text.split())


def test_fylke_sheet(export_inputs):
    buf = io.BytesIO()
    factsheet.fylke_sheet("55", export_inputs["areas"].loc["55"], export_inputs["norge"], export_inputs["table"],
                          export_inputs["kommuner"], export_inputs["fylker"], export_inputs["centres"], buf, "nb")
    text, info = _text(buf.getvalue())
    assert re.search(r"Pages:\s+1\n", info) and "Troms" in text
    assert style.fmt(export_inputs["areas"].loc["55", "median_min_nearest"], "nb") in text
