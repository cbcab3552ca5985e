"""The what-if sheet: one page; people beyond the threshold, double gaps and far kommuner before and after as
computed here from the two tables; the kommuner that change class named; title, sources and helplines."""

import io
import re
import subprocess

import pytest

from export import whatif


@pytest.fixture(scope="module")
def opened(model):
    """A new centre in Nordreisa (5544), Troms: the tables and centres before and after."""
    from coverage import indicators, scenario

    after = scenario.add_centre(model, kommunenummer="5544")
    return (indicators.per_kommune(model), indicators.per_kommune(after),
            model.centres[model.centres["status"] == "active"], after.centres[after.centres["status"] == "active"])


def _beyond(t) -> int:
    return int((t["share_over_90_nearest"].fillna(0) * (t["people"] - t["unreachable"])).round().sum())  # per kommune


def _layout_text(pdf: bytes) -> str:
    """The sheet's text in reading order (pdftotext -raw): a label the column wraps comes as consecutive lines."""
    return subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def _row(text: str, label: str, thousands: str = " ") -> list[str]:
    """The numbers of the key-figure row whose label starts with `label`, however the column wraps the label: on
    the label's last line, or on the line after it."""
    lines = text.splitlines()
    number = r"[−+-]?\d{1,3}(?:" + re.escape(thousands) + r"\d{3})*(?![\d,])"
    for i in range(len(lines)):
        for j in range(i, min(i + 5, len(lines))):
            joined = " ".join(lines[i:j + 1])
            if joined.startswith(label):
                for line in lines[j:j + 6]:  # the label's own line, or the first line of numbers after its wrap
                    tail = line[len(line) - len(line.lstrip()):] if line is not lines[j] else joined[len(label):]
                    found = re.findall(number, tail)
                    if len(found) >= 2:
                        return found
                raise AssertionError(f"no numbers after {label!r}")
            if not label.startswith(joined):
                break
    raise AssertionError(f"no row {label!r} in the sheet")


def _sheet(opened, export_inputs, area: str, lang: str) -> bytes:
    before, after, cb, ca = opened
    if area != "norge":
        before, after = before[before["fylkesnummer"] == area], after[after["fylkesnummer"] == area]
    buf = io.BytesIO()
    whatif.sheet(before, after, cb, ca, export_inputs["kommuner"], export_inputs["fylker"], buf,
                 title="nytt senter i Nordreisa" if lang == "nb" else "a new centre in Nordreisa", lang=lang,
                 threshold=90, weight="all", year=2025, area=area)
    return buf.getvalue()


def test_one_page_with_the_numbers_of_the_two_tables(opened, export_inputs):
    before, after, cb, ca = opened
    b55, a55 = before[before["fylkesnummer"] == "55"], after[after["fylkesnummer"] == "55"]
    pdf = _sheet(opened, export_inputs, "55", "nb")
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert re.search(r"Pages:\s+1\n", info) and re.search(r"Title:\s+Hva om: nytt senter i Nordreisa", info)
    text = _layout_text(pdf)
    nb = lambda n: f"{n:,}".replace(",", " ")  # noqa: E731  (pdftotext turns no-break spaces into spaces)
    beyond = _row(text, "Innbyggere over 90 min")
    assert beyond[:2] == [nb(_beyond(b55)), nb(_beyond(a55))] and _beyond(a55) < _beyond(b55)
    double = _row(text, "Kommuner med dobbelt gap")
    assert double[:2] == [str((b55["gap_class"] == "dobbelt_gap").sum()), str((a55["gap_class"] == "dobbelt_gap").sum())]
    far = _row(text, "Kommuner med median over 90")
    assert far[:2] == [str((~(b55["median_min_nearest"] <= 90)).sum()), str((~(a55["median_min_nearest"] <= 90)).sum())]
    centres = _row(text, "Aktive krisesentre")
    assert centres[:2] == [str((cb["fylkesnummer"] == "55").sum()), str((ca["fylkesnummer"] == "55").sum())]
    moved = b55.merge(a55, on="kommunenummer", suffixes=("_b", "_a")).query("gap_class_b != gap_class_a")
    assert len(moved) >= 1
    flat = " ".join(text.split())
    assert f"Kommuner som bytter klasse på kartet ({len(moved)})" in flat
    for name in moved["kommunenavn_b"]:
        assert name in flat
    assert "116 006" in flat and "Kartverket" in flat and "1.1.2025" in flat


def test_national_sheet_in_english(opened, export_inputs):
    before, after, _, _ = opened
    text = _layout_text(_sheet(opened, export_inputs, "norge", "en"))
    assert _row(text, "Residents over 90", ",")[:2] == [f"{_beyond(before):,}", f"{_beyond(after):,}"]
    assert "The maps show the surroundings of the change" in " ".join(text.split())


def test_new_centre_marker_only_when_a_centre_is_opened(opened, export_inputs, model):
    from coverage import indicators, scenario

    assert "Tenkt nytt senter" in " ".join(_layout_text(_sheet(opened, export_inputs, "55", "nb")).split())
    closed = scenario.close_centre(model, "alta")
    after = (indicators.per_kommune(model), indicators.per_kommune(closed),
             model.centres[model.centres["status"] == "active"], closed.centres[closed.centres["status"] == "active"])
    flat = " ".join(_layout_text(_sheet(after, export_inputs, "56", "nb")).split())
    assert "Krisesenter" in flat and "Tenkt nytt senter" not in flat
