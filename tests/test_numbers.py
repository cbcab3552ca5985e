"""vocabulary/numbers.py by hand: number, share and date formats in the three languages, the age of evidence at
its edges, and the model's error band as a reader writes it."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from vocabulary import numbers

NB = "\u00a0"


@pytest.mark.parametrize(("value", "lang", "decimals", "unit", "want"), [
    (1234567.25, "nn", 1, "", f"1{NB}234{NB}567,2"),
    (1234567.25, "en", 2, "", "1,234,567.25"),
    (-0.04, "nb", 1, "", "0,0"),          # rounds to zero: no sign
    (-0.04, "en", 1, "", "0.0"),
    (-0.06, "nb", 1, "", "−0,1"),         # a real minus in Norwegian
    (-1234.5, "en", 0, "", "-1,234"),
    (2.5, "en", 0, "km", f"2{NB}km"),
    (7, "nn", 0, "min", f"7{NB}min"),
    (float("inf"), "nn", 0, "", "ukjend"),
    (np.nan, "en", 1, "min", "unknown"),
    (pd.NA, "nb", 0, "", "ukjent"),      # pandas' own missing value is missing too
])
def test_fmt_by_hand(value, lang, decimals, unit, want):
    assert numbers.fmt(value, lang, decimals, unit) == want


def test_pct_by_hand():
    assert numbers.pct(0.0781, "nn", 1) == f"7,8{NB}%"
    assert numbers.pct(0.0781, "en", 1) == "7.8%"
    assert numbers.pct(1, "nb") == f"100{NB}%"
    assert numbers.pct(None, "nn") == "ukjend" and numbers.pct(float("nan"), "en") == "unknown"


@pytest.mark.parametrize(("value", "parts", "nb", "en"), [
    ("2021", (2021, None, None), "2021", "2021"),
    ("2021-03", (2021, 3, None), "mars 2021", "March 2021"),
    ("2021-12-01", (2021, 12, 1), "1.12.2021", "1 Dec 2021"),
    (" 2019-01-31 ", (2019, 1, 31), "31.1.2019", "31 Jan 2019"),
    (2020, (2020, None, None), "2020", "2020"),
    ("undated", None, "udatert", "undated"),
    ("", None, "udatert", "undated"),
    (None, None, "udatert", "undated"),
    ("2021-13", None, "udatert", "undated"),
    ("i fjor", None, "udatert", "undated"),
])
def test_source_dates_by_hand(value, parts, nb, en):
    assert numbers.parse_as_of(value) == parts
    assert numbers.date_text(value, "nb") == nb and numbers.date_text(value, "en") == en
    assert numbers.date_text(value, "nn") == nb


def test_evidence_is_old_after_three_years_from_the_end_of_its_period():
    """'2020' speaks for all of 2020: on 31 Dec 2023 it is 1095 days (< 3 × 365.25) past its end, not old; on 1 Jan
    2024, 1096 days: old. A month counts from its last day, a day from itself."""
    assert not numbers.is_old("2020", dt.date(2023, 12, 31)) and numbers.is_old("2020", dt.date(2024, 1, 1))
    assert not numbers.is_old("2020-06", dt.date(2023, 6, 30)) and numbers.is_old("2020-06", dt.date(2023, 7, 2))
    assert numbers.is_old("2020-06-15", dt.date(2023, 6, 17)) and not numbers.is_old("2020-06-15", dt.date(2023, 6, 14))
    assert not numbers.is_old("undated") and not numbers.is_old("soon")
    assert numbers.age_years("2020", dt.date(2024, 1, 1)) == 3 and numbers.age_years("2020", dt.date(2023, 12, 31)) == 2
    assert numbers.age_years("2030", dt.date(2024, 1, 1)) == 0 and numbers.age_years("undated") is None


def test_a_status_and_a_source_show_the_age_only_when_old():
    today = dt.date(2025, 6, 1)
    assert numbers.with_age("Vedteken", "2021-03", "nn", today) == "Vedteken per mars 2021"
    assert numbers.with_age("Adopted", "2024", "en", today) == "Adopted"
    assert numbers.with_age("Vedtatt", None, "nb", today) == "Vedtatt (udatert)"
    assert numbers.source_text("https://a.no", "2016-05-02", "en", today) == \
        "Source (as of 2 May 2016, the source is 9 years old): https://a.no"
    assert numbers.source_text("https://a.no", "2024", "nn", today) == "Kjelde (per 2024): https://a.no"
    assert numbers.source_text("https://a.no", "undated", "nb", today) == "Kilde (udatert): https://a.no"


@pytest.mark.parametrize(("b", "nb", "en", "plain_nb", "plain_en"), [
    (0.10, f"10{NB}%", "10%", "0,10", "0.10"),
    (0.062, f"6,2{NB}%", "6.2%", "0,062", "0.062"),
    (0.0625, f"6,25{NB}%", "6.25%", "0,0625", "0.0625"),
    (0.12345, f"12,35{NB}%", "12.35%", "0,1235", "0.1235"),  # at most two decimals of the percentage
])
def test_error_band_as_a_percentage_or_a_share(b, nb, en, plain_nb, plain_en):
    assert numbers.error_band("nb", b=b) == nb and numbers.error_band("en", b=b) == en
    assert numbers.error_band("nb", True, b) == plain_nb and numbers.error_band("en", plain=True, b=b) == plain_en


def test_error_band_defaults_to_the_models_band():
    from coverage import params

    digits = next(d for d in (0, 1, 2) if round(params.TIME_ERROR_BAND * 100, d) == round(params.TIME_ERROR_BAND * 100, 2))
    assert numbers.error_band("en") == f"{params.TIME_ERROR_BAND * 100:.{digits}f}%"
