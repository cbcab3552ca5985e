"""Bad curated input: every problem named in one error, old numbers translated, files left untouched."""

import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest

from loaders import ValidationError, curated

DATA = Path(__file__).resolve().parent / "data"
GEODATA = Path(__file__).resolve().parent.parent / "geodata"


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _plans(name, valid, crosswalk):
    return curated.action_plans(valid, path=DATA / name, crosswalk=crosswalk)


def test_old_kommunenummer_is_translated_with_a_notice(valid_knr, crosswalk):
    df = _plans("plans_old_number.csv", valid_knr, crosswalk)
    assert list(df["kommunenummer"]) == ["3412", "3107"]
    assert any("3004" in n and "3107" in n for n in df.attrs["notices"])


def test_split_kommunenummer_is_refused(valid_knr, crosswalk):
    with pytest.raises(ValidationError, match="1507 was split into 1508, 1580"):
        _plans("plans_split_number.csv", valid_knr, crosswalk)


def test_unknown_status_names_the_word_and_the_allowed_ones(valid_knr, crosswalk):
    with pytest.raises(ValidationError, match="'vedtatt' is not allowed; allowed: adopted, in_progress, expired, none"):
        _plans("plans_unknown_status.csv", valid_knr, crosswalk)


def test_duplicate_rows_are_reported(valid_knr, crosswalk):
    with pytest.raises(ValidationError, match="duplicate kommunenummer '3412' on rows 2, 3"):
        _plans("plans_duplicate.csv", valid_knr, crosswalk)


def test_missing_and_malformed_urls_are_reported(valid_knr, crosswalk):
    with pytest.raises(ValidationError) as err:
        _plans("plans_missing_url.csv", valid_knr, crosswalk)
    assert len(err.value.problems) == 2
    assert "source_url is missing" in err.value.problems[0]
    assert "'www.kristiansund.kommune.no/vinr/' is not a http(s) URL" in err.value.problems[1]


def test_three_decimal_coordinates_are_refused(valid_knr, crosswalk):
    with pytest.raises(ValidationError) as err:
        curated.centres(valid_knr, path=DATA / "centres_three_decimals.csv", crosswalk=crosswalk)
    assert {"lat", "lon"} == {re.search(r"(lat|lon) '", p).group(1) for p in err.value.problems}


def test_address_column_and_address_text_are_refused(valid_knr, crosswalk):
    with pytest.raises(ValidationError) as err:
        curated.centres(valid_knr, path=DATA / "centres_address.csv", crosswalk=crosswalk)
    text = "\n".join(err.value.problems)
    assert "column 'adresse' looks like an address" in text
    assert "'Ligger i Storgata 12' looks like a street address" in text


def test_all_problems_in_one_error_and_file_untouched(valid_knr, crosswalk):
    path = DATA / "plans_all_bad.csv"
    before = _digest(path)
    with pytest.raises(ValidationError) as err:
        _plans("plans_all_bad.csv", valid_knr, crosswalk)
    text = "\n".join(err.value.problems)
    for expected in ["duplicate kommunenummer '3412'", "'vedtatt' is not allowed", "source_url is missing",
                     "1507 was split", "'9999' is not in the 2024 division"]:
        assert expected in text
    assert len(err.value.problems) == 5
    assert _digest(path) == before


def test_adopted_plan_with_ended_period_loads_as_expired(valid_knr, crosswalk):
    from datetime import date

    df = curated.action_plans(valid_knr, path=DATA / "plans_old_number.csv", crosswalk=crosswalk,
                              today=date(2027, 1, 1))
    assert set(df["status"]) == {"expired"}
    assert any("ended 2026" in n for n in df.attrs["notices"])


def test_curated_files_are_valid_and_centres_are_town_level(valid_knr, crosswalk):
    centres = curated.centres(valid_knr, crosswalk=crosswalk)
    raw = pd.read_csv(GEODATA / "crisis_centres.csv", dtype=str)
    assert raw["lat"].str.fullmatch(r"\d+\.\d{2}").all() and raw["lon"].str.fullmatch(r"\d+\.\d{2}").all()
    assert len(centres) == 43 and (centres["status"] == "active").sum() == 42
    curated.catchments(valid_knr, set(centres["id"]), crosswalk=crosswalk)
    curated.action_plans(valid_knr, crosswalk=crosswalk)
