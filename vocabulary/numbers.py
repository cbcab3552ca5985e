"""Numbers and dates in the reader's language: 1 234,5 and 5.9.2022 in bokmål and nynorsk, 1,234.5 and 5 Sep 2022
in English; missing values are 'ukjent'/'unknown', undated sources 'udatert'/'undated'."""

from __future__ import annotations

import datetime as dt
import math

from loaders.curated import age_years as _age
from loaders.curated import older_than, source_date
from vocabulary.words import is_norwegian, t

NBSP = "\u00a0"
OLD_AFTER_YEARS = 3  # evidence older than this is shown with its age
_MONTHS = {"no": ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
                  "november", "desember"],
           "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December"]}


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and not math.isfinite(value))
    except TypeError:  # pd.NA: a comparison with it is NA again, whose truth is undecided — a missing value
        return True


def fmt(value, lang: str = "nb", decimals: int = 0, unit: str = "") -> str:
    """Norwegian number format in bokmål and nynorsk (1 234,5), English otherwise; missing → 'ukjent'/'unknown'."""
    if _missing(value):
        return t("unknown", lang)
    text = f"{float(value):,.{decimals}f}"
    if text.lstrip("-").strip("0.,") == "":  # -0.04 rounds to "-0.0": no sign on a zero
        text = text.lstrip("-")
    if is_norwegian(lang):
        text = text.replace(",", NBSP).replace(".", ",")
        if text.startswith("-"):
            text = "−" + text[1:]
    return f"{text}{NBSP}{unit}" if unit else text


def pct(value, lang: str = "nb", decimals: int = 0) -> str:
    """A share (0–1) as a percentage: 12 % in Norwegian, 12% in English."""
    if _missing(value):
        return t("unknown", lang)
    return fmt(float(value) * 100, lang, decimals) + (f"{NBSP}%" if is_norwegian(lang) else "%")


def parse_as_of(value) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a source date written 2021, 2021-03 or 2021-03-01; None if undated or not a date."""
    try:
        when = source_date(str(value or ""))
    except ValueError:
        return None
    if when.undated:
        return None
    year, month, day = when.parts + (None,) * (3 - len(when.parts))
    return year, month, day


def date_text(value, lang: str = "nb") -> str:
    """A source date as the reader writes it; 'udatert'/'undated' when the source has none."""
    parts = parse_as_of(value)
    if parts is None:
        return t("undated", lang)
    year, month, day = parts
    if day:
        return f"{day}.{month}.{year}" if is_norwegian(lang) else f"{day} {_MONTHS['en'][month - 1][:3]} {year}"
    if month:
        return f"{_MONTHS['no' if is_norwegian(lang) else 'en'][month - 1]} {year}"
    return str(year)


def as_of_text(value, lang: str = "nb") -> str:
    """'per 5.9.2022' / 'as of 5 Sep 2022', or 'udatert' / 'undated'."""
    parts = parse_as_of(value)
    return t("undated", lang) if parts is None else f"{t('as_of', lang)} {date_text(value, lang)}"


def age_years(value, today: dt.date | None = None) -> int | None:
    """Whole years since the end of the period the source speaks for (None when undated); one rule with the
    loaders (loaders.curated.age_years), so the app, the exports and `loaders check` agree."""
    if parse_as_of(value) is None:
        return None
    return int(_age(str(value).strip(), today))


def is_old(value, today: dt.date | None = None) -> bool:
    """Evidence older than OLD_AFTER_YEARS, shown with its age."""
    return parse_as_of(value) is not None and bool(older_than(str(value).strip(), OLD_AFTER_YEARS, today))


def with_age(label: str, value, lang: str = "nb", today: dt.date | None = None) -> str:
    """A status with its date when the evidence is old or undated: 'Under arbeid per 2021', 'Vedtatt (udatert)'."""
    parts = parse_as_of(value)
    if parts is None:
        return f"{label} ({t('undated', lang)})"
    if is_old(value, today):
        return f"{label} {as_of_text(value, lang)}"
    return label


def source_text(url: str, as_of, lang: str = "nb", today: dt.date | None = None) -> str:
    """'Kilde (per 2016, kilden er 10 år gammel): URL' — the one way every surface cites a source."""
    when = as_of_text(as_of, lang)
    if is_old(as_of, today):
        when += ", " + t("age_note", lang, years=age_years(as_of, today))
    return f"{t('source', lang)} ({when}): {url}"


def _band_digits(b: float) -> int:
    """Decimals that show b as a percentage without losing it (0.10 → 0, 0.062 → 1), at most 2."""
    return next(d for d in (0, 1, 2) if round(b * 100, d) == round(b * 100, 2))


def error_band(lang: str, plain: bool = False, b: float | None = None) -> str:
    """The model's time error band b (coverage.params.TIME_ERROR_BAND, the out-of-fold error) as the reader writes
    it: '10 %' / '10%', or plain as a share ('0,10' / '0.10')."""
    from coverage import params

    b = params.TIME_ERROR_BAND if b is None else b
    digits = _band_digits(b)
    return fmt(b, lang, digits + 2) if plain else pct(b, lang, digits)

