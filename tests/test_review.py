"""The re-read log of old catchments (geodata/catchment_review.csv): complete, consistent with catchments.csv,
and every planted mistake named in one error."""

import csv
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from loaders import ValidationError, curated, review, table
from loaders.problems import ValidationErrors

GEODATA = Path(__file__).resolve().parent.parent / "geodata"
SEARCHED = date(2026, 12, 5)


@pytest.fixture(scope="module")
def documented(valid_knr, crosswalk):
    centres = curated.centres(valid_knr, crosswalk=crosswalk)
    return curated.catchments(valid_knr, set(centres["id"]), crosswalk=crosswalk)


def _raw(name):
    with open(GEODATA / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _end_of(as_of: str) -> date | None:
    """The last day an as_of speaks for, by hand (independent of loaders.curated)."""
    if as_of == "undated":
        return None
    parts = [int(p) for p in as_of.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        nxt = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(parts[0], 12, 31)


def test_every_pair_older_than_five_years_was_re_read(valid_knr, documented):
    log = review.review(valid_knr, documented, today=SEARCHED)
    cutoff = date(SEARCHED.year - 5, SEARCHED.month, SEARCHED.day)
    old = {(r["kommunenummer"], r["centre_id"]) for r in _raw("catchments.csv")
           if _end_of(r["as_of"]) is not None and _end_of(r["as_of"]) < cutoff}
    logged = set(zip(log["kommunenummer"], log["centre_id"], strict=True))
    assert old <= logged
    assert len(log) == 100 and set(log["result"]) <= set(review.RESULTS)
    assert (log["searched_on"] == "2026-12-05").all() and (log["queries"].str.len() > 20).all()


def test_confirmed_rows_cite_their_newer_source(valid_knr, documented):
    log = review.review(valid_knr, documented, today=SEARCHED)
    rows = {(r["kommunenummer"], r["centre_id"]): r for r in _raw("catchments.csv")}
    confirmed = log[log["result"] == "confirmed_newer"]
    for r in confirmed.itertuples():
        row = rows[(r.kommunenummer, r.centre_id)]
        assert r.new_source_url in (row["source_url"] + " " + row["notes"])
    moved = confirmed[confirmed["new_source_url"] == confirmed.apply(
        lambda r: rows[(r.kommunenummer, r.centre_id)]["source_url"], axis=1)]
    assert set(moved["kommunenummer"]) == {"0301", "1103", "1106", "3301", "4614"}
    for r in moved.itertuples():  # the row's date moved forward, and the old source stays in the notes
        row = rows[(r.kommunenummer, r.centre_id)]
        assert _end_of(row["as_of"]) > _end_of(r.old_as_of) and "Previously" in row["notes"]


def _write(tmp_path, rows: list[dict]) -> Path:
    path = tmp_path / review.FILE
    pd.DataFrame(rows, columns=review.COLUMNS).to_csv(path, index=False)
    return path


def _row(knr, cid, old, result="nothing_newer", url="", searched="2026-12-05", queries="krisesenter x"):
    return {"kommunenummer": knr, "centre_id": cid, "old_as_of": old, "searched_on": searched, "queries": queries,
            "pages_read": "", "result": result, "new_source_url": url, "notes": ""}


def test_every_planted_mistake_is_named_in_one_error(tmp_path, valid_knr, documented):
    rows = [
        _row("0301", "oslo", "2016", result="kept"),                        # unknown result word
        _row("5630", "vest-finnmark", "2011", result="confirmed_newer"),    # no URL for a confirmed row
        _row("5626", "vest-finnmark", "2011", url="https://example.org/x"),  # a URL for nothing_newer
        _row("1103", "stavanger", "2013"),                                  # catchments.csv now dates it 2021
        _row("5618", "vest-finnmark", "2011", searched="2027-01-01"),       # searched in the future
        _row("5620", "vest-finnmark", "2011", queries=" "),                 # no query logged
        _row("9999", "vest-finnmark", "2011"),                              # not a 2024 kommune
        _row("5616", "vest-finnmark", "2011"), _row("5616", "vest-finnmark", "2011"),  # duplicate
    ]
    with pytest.raises(ValidationError) as err:
        review.review(valid_knr, documented, path=_write(tmp_path, rows), today=SEARCHED)
    text = str(err.value)
    for expected in ["row 2: result 'kept' is not allowed; allowed: confirmed_newer, changed, nothing_newer",
                     "row 3: new_source_url '' is wrong for result 'confirmed_newer'",
                     "row 4: new_source_url 'https://example.org/x' is wrong for result 'nothing_newer'",
                     "row 6: searched_on '2027-01-01' must be a full date",
                     "row 7: queries is empty",
                     "row 8: kommunenummer '9999' is not in the 2024 division",
                     "duplicate pair 5616/vest-finnmark on rows 9, 10"]:
        assert expected in text
    assert len(err.value.problems) == 7  # consistency is checked once the rows themselves are sound


def test_consistency_with_catchments_and_completeness(tmp_path, valid_knr, documented):
    rows = [_row("1103", "stavanger", "2013"),                                       # now 2021 in catchments
            _row("0301", "oslo", "2016", result="confirmed_newer", url="https://example.org/oslo"),
            _row("5630", "vest-finnmark", "2011", result="changed", url="https://example.org/berlevag")]
    with pytest.raises(ValidationError) as err:
        review.review(valid_knr, documented, path=_write(tmp_path, rows), today=SEARCHED)
    text = str(err.value)
    assert "row 2 (1103/stavanger): result 'nothing_newer' but catchments.csv now dates the pair '2021', not '2013'" in text
    assert "row 3 (0301/oslo): result 'confirmed_newer' but the pair's row cites https://example.org/oslo" in text
    assert "row 4 (5630/vest-finnmark): result 'changed' but no catchments.csv row" in text
    assert "pair 5626/vest-finnmark (2011) is older than 5 years at 2026-12-05 and has no row here" in text
    assert "5610/vest-finnmark" not in text  # undated rows are not 'older than five years'


def test_the_real_log_holds_against_its_catchments(tmp_path, valid_knr, documented):
    """Plant the mistake the log guards against: a nothing_newer pair whose catchments row was updated."""
    log = pd.read_csv(GEODATA / review.FILE, dtype=str, keep_default_na=False)
    assert review.review(valid_knr, documented, path=_write(tmp_path, log.to_dict("records")), today=SEARCHED) is not None
    changed = documented.copy()
    changed.loc[(changed["kommunenummer"] == "5630") & (changed["centre_id"] == "vest-finnmark"), "as_of"] = "2025"
    with pytest.raises(ValidationError, match="5630/vest-finnmark.*now dates the pair '2025', not '2011'"):
        review.review(valid_knr, changed, path=_write(tmp_path, log.to_dict("records")), today=SEARCHED)


def test_load_curated_names_a_bad_log_with_the_other_files(tmp_path, monkeypatch, kommuner):
    geodata = tmp_path / "geodata"
    geodata.mkdir()
    for path in GEODATA.glob("*.csv"):
        (geodata / path.name).write_bytes(path.read_bytes())
    log = pd.read_csv(geodata / review.FILE, dtype=str, keep_default_na=False)
    log.loc[0, "result"] = "same"
    log.to_csv(geodata / review.FILE, index=False)
    monkeypatch.setattr(curated, "GEODATA", geodata)
    with pytest.raises(ValidationErrors) as err:
        table.load_curated(kommuner)
    assert [e.source for e in err.value.errors] == [review.FILE]
    assert "row 2: result 'same' is not allowed" in str(err.value)
