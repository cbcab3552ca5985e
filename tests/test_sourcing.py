"""Evidence coverage (coverage/sourcing.py) against an independent count: ages from pandas Periods (the end of the
period a source date names), bins by hand, counts with value_counts — on a hand-made table with dates at the bin
edges and on the real published table; and the same figure in `python -m loaders check`'s words."""

from __future__ import annotations

from datetime import date

import pandas as pd

from coverage import sourcing

TODAY = date(2025, 6, 30)


def _bin(as_of: str, today: date = TODAY) -> str:
    """Independent: the end of the named period by pandas, then the age in years of 365.25 days."""
    if not as_of or as_of == "undated":
        return "undated"
    end = pd.Period(as_of).end_time.date()
    years = max(0.0, (today - end).days / 365.25)
    return "lt3" if years < 3 else "3to6" if years <= 6 else "older"


def _expected(table: pd.DataFrame, today: date = TODAY) -> pd.DataFrame:
    known = table[table["plan_status"] != "unknown"]
    pairs = pd.DataFrame({"status": known["plan_status"], "age": [_bin(v, today) for v in known["plan_as_of"]]})
    out = pd.DataFrame(0, index=list(sourcing.STATUSES), columns=list(sourcing.AGES))
    for (status, age), n in pairs.value_counts().items():
        out.loc[status, age] = n
    out["total"] = out.sum(axis=1)
    return out


def test_hand_made_table_counts_every_bin_edge():
    table = pd.DataFrame({
        "kommunenummer": [f"{i:04d}" for i in range(1, 11)],
        "plan_status": ["adopted", "adopted", "adopted", "in_progress", "expired", "none", "unknown", "unknown",
                        "adopted", "none"],
        # 2022-06 ends 30.6.2022: exactly 3 years → 3–6; 2022-07 → < 3; 2019 ends 31.12.2019: 5.5 y; 2018: 6.5 y
        "plan_as_of": ["2022-07", "2022-06", "2019", "2018", "undated", "2025-06-01", "", "", "2019-06-29", "2022-12-31"],
        "plan_asked_on": ["", "", "", "", "", "", "2025-05-02", "", "", "2025-06-02"],
    })
    cov = sourcing.evidence_coverage(table, TODAY)
    pd.testing.assert_frame_equal(cov.by_age, _expected(table), check_names=False)
    assert (cov.total, cov.sourced, cov.unknown, cov.asked) == (10, 8, 2, 2)
    assert cov.by_age.loc["adopted"].tolist() == [1, 2, 1, 0, 4]       # 2019-06-29 is just over 6 years: older


def test_real_published_table_and_the_check_lines(indicators_table):
    cov = sourcing.evidence_coverage(indicators_table, TODAY)
    pd.testing.assert_frame_equal(cov.by_age, _expected(indicators_table), check_names=False)
    counts = indicators_table["plan_status"].value_counts()
    assert cov.unknown == counts.get("unknown", 0) and cov.sourced + cov.unknown == 357
    lines = sourcing.lines(cov)
    assert lines[0].startswith(f"evidence coverage: {cov.sourced} of 357 kommuner have a sourced plan status")
    assert lines[-1].split()[-1] == str(cov.sourced)
