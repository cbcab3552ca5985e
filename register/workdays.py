"""Norwegian working days: Monday to Friday except the public holidays, counted by one documented rule.

The holidays are those of lov 24. februar 1995 nr. 12 om helligdager og helligdagsfred § 2 (every Sunday,
nyttårsdag, skjærtorsdag, langfredag, første og andre påskedag, Kristi himmelfartsdag, første og andre pinsedag,
første og andre juledag) and of the law on 1 and 17 May as public high days (1. mai, 17. mai). Easter Sunday is
the Gregorian Easter (first Sunday after the first full moon on or after 21 March), computed with the anonymous
Gregorian algorithm (Meeus/Jones/Butcher); the other movable days follow from it (skjærtorsdag −3, langfredag −2,
andre påskedag +1, Kristi himmelfartsdag +39, første pinsedag +49, andre pinsedag +50). Christmas Eve and
New Year's Eve are ordinary working days by law and are counted as such.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


def easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def holidays(year: int) -> frozenset[date]:
    """The public holidays of a year that are not Sundays anyway (those are holidays by the same law)."""
    sunday = easter(year)
    movable = {sunday + timedelta(days=n) for n in (-3, -2, 0, 1, 39, 49, 50)}
    fixed = {date(year, 1, 1), date(year, 5, 1), date(year, 5, 17), date(year, 12, 25), date(year, 12, 26)}
    return frozenset(movable | fixed)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end is not after start): a request sent on
    a Friday has waited 1 working day on the Monday after."""
    if end <= start:
        return 0
    return sum(is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))
