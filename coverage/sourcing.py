"""Evidence coverage: how many kommuner have a sourced plan status, by status and by the age of the evidence, and
how many are asked and awaiting an answer — the one figure `python -m loaders check` and the method page print.

Ages come from loaders.curated.age_years (the one home of a source date's age: counted from the end of the period
the source speaks for) and fall in four bins: under 3 years, 3 to 6 years, over 6 years, undated. Pure: it counts
the table it is given (the published table, with the register's entries and the campaign's columns).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from loaders.curated import age_years

STATUSES = ("adopted", "in_progress", "expired", "none")
AGES = ("lt3", "3to6", "older", "undated")


@dataclass(frozen=True)
class Coverage:
    total: int          # kommuner in the table
    sourced: int        # with a status a source shows (not unknown)
    unknown: int
    asked: int          # with an open request (asked, awaiting an answer), whatever their status
    by_age: pd.DataFrame  # index STATUSES, columns AGES + 'total': kommuner


def age_bin(as_of: str, today: date | None = None) -> str:
    """'lt3' (< 3 years), '3to6' (3–6), 'older' (> 6) or 'undated'."""
    age = age_years(str(as_of or "undated"), today)
    if age is None:
        return "undated"
    return "lt3" if age < 3 else "3to6" if age <= 6 else "older"


def evidence_coverage(table: pd.DataFrame, today: date | None = None) -> Coverage:
    """Count the table's kommuner by plan status × age of evidence, and the asked ones."""
    known = table[table["plan_status"] != "unknown"]
    bins = known["plan_as_of"].map(lambda v: age_bin(v, today))
    by_age = pd.crosstab(known["plan_status"], bins).reindex(index=list(STATUSES), columns=list(AGES), fill_value=0)
    by_age["total"] = by_age.sum(axis=1)
    asked = int((table["plan_asked_on"].fillna("") != "").sum()) if "plan_asked_on" in table else 0
    return Coverage(total=len(table), sourced=len(known), unknown=len(table) - len(known), asked=asked,
                    by_age=by_age.astype(int))


def lines(cov: Coverage) -> list[str]:
    """The figure as plain text for the command line (English, like the rest of `python -m loaders check`)."""
    head = (f"evidence coverage: {cov.sourced} of {cov.total} kommuner have a sourced plan status ({cov.unknown} "
            f"unknown); {cov.asked} asked, awaiting an answer")
    labels = {"lt3": "< 3 years", "3to6": "3–6 years", "older": "> 6 years", "undated": "undated", "total": "total"}
    rows = [f"  {'status':<12}" + "".join(f"{labels[c]:>11}" for c in cov.by_age.columns)]
    for status, row in cov.by_age.iterrows():
        rows.append(f"  {status:<12}" + "".join(f"{int(v):>11}" for v in row))
    rows.append(f"  {'all sourced':<12}" + "".join(f"{int(v):>11}" for v in cov.by_age.sum()))
    return [head, *rows]
