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


# --- dates that mean what they say -------------------------------------------------------------------------

def test_source_dates_parse_at_the_precision_the_source_gives():
    from datetime import date

    assert curated.source_date("undated") == curated.SourceDate("undated", "undated", None, None)
    assert curated.source_date("undated").undated and curated.source_date("undated").year is None
    assert curated.source_date("2021") == curated.SourceDate("2021", "year", date(2021, 1, 1), date(2021, 12, 31))
    assert curated.source_date("2024-02") == curated.SourceDate("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29))
    assert curated.source_date("2019-01-18").end == date(2019, 1, 18) and not curated.source_date("2019-01-18").undated
    for bad in ("c.2020", "2021-13", "2021-02-30", "21", "", "undated (c.2015)"):
        with pytest.raises(ValueError, match="allowed: YYYY, YYYY-MM, YYYY-MM-DD"):
            curated.source_date(bad)


def test_age_counts_from_the_end_of_the_stated_period_and_undated_has_none():
    from datetime import date

    assert curated.age_years("2021", today=date(2025, 1, 1)) == pytest.approx(3.0, abs=0.01)
    assert curated.older_than("2021", 3, today=date(2025, 6, 1)) is True      # 'plan i arbeid per 2021'
    assert curated.older_than("2023", 3, today=date(2026, 11, 26)) is False   # 31 Dec 2023 → under 3 years
    assert curated.older_than("2023-11-20", 3, today=date(2026, 11, 26)) is True
    assert curated.age_years("undated") is None and curated.older_than("undated") is None


def test_bad_as_of_is_named_with_the_allowed_forms(valid_knr, crosswalk):
    with pytest.raises(ValidationError) as err:
        _plans("plans_bad_date.csv", valid_knr, crosswalk)
    assert len(err.value.problems) == 2
    assert "row 2: as_of 'c.2020' is not a date" in err.value.problems[0]
    assert "row 3: as_of '2021-13' is not a date" in err.value.problems[1]


def test_loaded_tables_carry_parsed_dates(valid_knr, crosswalk):
    centres = curated.centres(valid_knr, crosswalk=crosswalk).set_index("id")
    assert centres.at["midt-troms", "as_of_precision"] == "day" and centres.at["midt-troms", "as_of_year"] == 2024
    assert centres.at["vestfold", "as_of_undated"] and pd.isna(centres.at["vestfold", "as_of_date"])
    assert centres["as_of_undated"].sum() == (centres["as_of"] == "undated").sum() > 0


def _curation_dates() -> set[str]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("curate", GEODATA.parent / "tools" / "curate_geodata.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return {tool.CURATED_ON, *tool.EDITED_ON}


def test_no_as_of_is_a_curation_date_and_centre_dates_come_from_their_sources():
    curation = _curation_dates()
    for name in ("crisis_centres.csv", "catchments.csv", "action_plans.csv", "action_plan_leads.csv",
                 "centre_departments.csv"):
        raw = pd.read_csv(GEODATA / name, dtype=str, keep_default_na=False)
        for value in raw["as_of"]:
            curated.source_date(value)  # every value parses
        assert not set(raw["as_of"]) & curation, f"{name}: an as_of equals a curation date"
    centres = pd.read_csv(GEODATA / "crisis_centres.csv", dtype=str, keep_default_na=False)
    assert centres["as_of"].nunique() >= 5  # not one blanket year for every row (it was '2024' for all 43)
    precision = centres["as_of"].map(lambda v: curated.source_date(v).precision).value_counts().to_dict()
    assert precision == {"year": 29, "undated": 10, "day": 4}


# --- departments ---------------------------------------------------------------------------------------------

def test_departments_are_town_level_and_documented(valid_knr, crosswalk):
    raw = pd.read_csv(GEODATA / "centre_departments.csv", dtype=str, keep_default_na=False)
    assert raw["lat"].str.fullmatch(r"\d+\.\d{2}").all() and raw["lon"].str.fullmatch(r"\d+\.\d{2}").all()
    centres = curated.centres(valid_knr, crosswalk=crosswalk)
    deps = curated.departments(valid_knr, centres, crosswalk=crosswalk)
    assert set(deps["department"][deps["centre_id"] == "krisesenter-vest"]) == {"Haugesund", "Stord"}
    assert (deps["source_url"] != "").all() and not deps["as_of_undated"].any()


def test_department_finer_than_town_level_is_refused(valid_knr, crosswalk):
    centres = curated.centres(valid_knr, crosswalk=crosswalk)
    with pytest.raises(ValidationError) as err:
        curated.departments(valid_knr, centres, path=DATA / "departments_three_decimals.csv", crosswalk=crosswalk)
    assert {"lat '59.783'", "lon '5.494'"} == {re.search(r"(lat|lon) '[\d.]+'", p).group(0) for p in err.value.problems}


def test_a_single_department_row_is_refused(valid_knr, crosswalk):
    centres = curated.centres(valid_knr, crosswalk=crosswalk)
    with pytest.raises(ValidationError, match="'krisesenter-vest' has 1 department row"):
        curated.departments(valid_knr, centres, path=DATA / "departments_single.csv", crosswalk=crosswalk)


def test_duplicate_pairs_are_named_pair_by_pair(tmp_path, valid_knr, crosswalk):
    """catchments.csv may list a kommune under several centres, but each (kommune, centre) pair once: two repeated
    pairs of one kommune are two problems, each with its own rows."""
    path = tmp_path / "catchments.csv"
    rows = [("3412", "a"), ("3412", "a"), ("3412", "b"), ("3412", "b"), ("3412", "c")]
    pd.DataFrame([{"kommunenummer": k, "centre_id": c, "source_url": "https://x.no/", "as_of": "2024",
                   "evidence_tag": ""} for k, c in rows]).to_csv(path, index=False)
    with pytest.raises(ValidationError) as err:
        curated.catchments(valid_knr, {"a", "b", "c"}, path=path, crosswalk=crosswalk)
    assert err.value.problems == [
        "duplicate kommunenummer/centre_id ('3412', 'a') on rows 2, 3; each may appear once",
        "duplicate kommunenummer/centre_id ('3412', 'b') on rows 4, 5; each may appear once"]
