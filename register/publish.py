"""The published tables step: the analysis table (coverage.indicators.per_kommune, possibly read from the disk
cache) + the register's approved entries → the table every reader sees, `published_table` (`overlay`, then the gap
class again). The app (dashboard/data.py), the exports (`python -m export`) and `python -m coverage kommuner|scenario|
prepare` all go through it; coverage/ never reads the register, so its cached tables hold no register data.

The merge rule, `overlay`: for a kommune with a published register entry, the register's values are used when its
source date is newer than the curated one (or the curated status is unknown); otherwise the curated values stay.
Both are kept side by side (`plan_curated_*`, `plan_register_*`) so the report card can show both. Dates are
compared at the precision both give ('2024' against '2024-05-03' compares years); an undated source loses to a
dated one; equal dates keep the curated value, the reviewed baseline.
"""

from __future__ import annotations

import time
from datetime import date

import pandas as pd

from loaders.curated import period_end, plan_status_on, source_date
from register import database, workflow
from register.database import RegisterUnavailable
from vocabulary import register_words as words

PLAN = ("status", "title", "period", "partners", "source_url", "case_reference", "as_of", "evidence", "adopted_date",
        "joint_plan_id", "joint_title", "joint_region", "joint_published", "adopted_basis", "quote")
REGISTER = ("id", "status", "title", "period", "source_url", "case_reference", "as_of", "editor", "approved_at")
ENTRY_COLUMNS = ["id", "kommunenummer", "status", "plan_title", "period", "source_url", "case_reference", "as_of",
                 "editor", "approved_at"]
ASKED = ("plan_asked_on", "plan_asked_workdays", "plan_asked_overdue")  # the campaign's columns (with_asks)
UNAVAILABLE = "unavailable"
_RETRY_SECONDS = 15.0
_down_until: dict[str, float] = {}


def nothing() -> pd.DataFrame:
    """No register entries: `published_table(table, nothing())` is the curated plan status, published."""
    return pd.DataFrame(columns=ENTRY_COLUMNS)


def _down(db_url: str) -> bool:
    return _down_until.get(db_url, 0.0) > time.monotonic()


def version(db_url: str | None = None) -> str:
    """Changes whenever what is published changes ('0' with no register yet, 'unavailable' when it cannot be
    read). One small query; after a failure the database is left alone for 15 s so pages stay quick."""
    db_url = db_url or database.url()
    if _down(db_url):
        return UNAVAILABLE
    try:
        return workflow.version(db_url)
    except RegisterUnavailable:
        _down_until[db_url] = time.monotonic() + _RETRY_SECONDS
        return UNAVAILABLE


def approved(db_url: str | None = None, strict: bool = False) -> pd.DataFrame:
    """The published entries, one per kommune. When the register cannot be read: an empty frame whose
    attrs['register_notice'] says so (strict=True raises RegisterUnavailable instead)."""
    db_url = db_url or database.url()
    try:
        if _down(db_url):
            raise RegisterUnavailable(f"register database {database.shown(db_url)} was unreachable moments ago")
        entries = workflow.published(db_url)
    except RegisterUnavailable as exc:
        if not _down(db_url):  # a failed read starts the window; a read refused inside it does not extend it
            _down_until[db_url] = time.monotonic() + _RETRY_SECONDS
        if strict:
            raise
        empty = nothing()
        empty.attrs["register_notice"] = str(exc)
        return empty
    return entries[ENTRY_COLUMNS].reset_index(drop=True)


def _parts(text: str) -> tuple[int, ...]:
    """A source date at its own precision (loaders.curated.source_date, the one parser): '2024' → (2024,),
    '2024-05' → (2024, 5); undated, empty or not a date → () (such a source is never the newer one)."""
    try:
        return source_date(str(text or "")).parts
    except ValueError:
        return ()


def register_wins(register_as_of: str, curated_status: str, curated_as_of: str) -> bool:
    """The merge rule: the register's entry replaces the curated one when the curated status is unknown, or when
    its source is newer at the precision both give ('2024-06' against a curated '2024' compares years: a tie, so
    the curated value stays); an undated register source never wins, a dated one beats an undated curated one."""
    if curated_status in ("", "unknown"):
        return True
    reg, cur = _parts(register_as_of), _parts(curated_as_of)
    if not reg:
        return False
    if not cur:
        return True
    n = min(len(reg), len(cur))
    return reg[:n] > cur[:n]


def overlay(table: pd.DataFrame, entries: pd.DataFrame, today: date | None = None) -> pd.DataFrame:
    """The per-kommune table with the register's published entries merged into its plan columns.

    Adds plan_curated_* (the curated values, always), plan_register_* (the register's entry, where there is
    one), plan_editor and plan_approved_at (where the register's values are used, plan_evidence 'register').
    Applying it again with other entries starts from the curated values, so it can be re-run on a cached table;
    each curated plan's status is that on `today` (the one rule), whatever day the table was loaded."""
    today = today or date.today()
    out = table.copy()
    for part in PLAN:
        if f"plan_{part}" not in out:
            out[f"plan_{part}"] = ""
        curated = f"plan_curated_{part}"
        if curated in out:
            out[f"plan_{part}"] = out[curated]
        else:
            out[curated] = out[f"plan_{part}"]
    # each curated plan's status on `today`: a table loaded (and cached) on an earlier day may hold a plan as
    # adopted whose period has ended since
    out["plan_status"] = [plan_status_on(s, period_end(p), today)
                          for s, p in zip(out["plan_status"], out["plan_period"], strict=True)]
    for part in REGISTER:
        out[f"plan_register_{part}"] = ""
    out["plan_editor"] = ""
    out["plan_approved_at"] = ""
    if entries.attrs.get("register_notice"):
        out.attrs["register_notice"] = entries.attrs["register_notice"]
    else:
        out.attrs.pop("register_notice", None)
    if entries.empty:
        return out
    row_of = pd.Series(out.index, index=out["kommunenummer"])
    for e in entries.itertuples(index=False):
        if e.kommunenummer not in row_of:
            continue
        i = row_of[e.kommunenummer]
        status = plan_status_on(e.status, period_end(e.period), today)
        reg = {"id": str(e.id), "status": status, "title": e.plan_title, "period": e.period,
               "source_url": e.source_url, "case_reference": e.case_reference, "as_of": e.as_of, "editor": e.editor,
               "approved_at": e.approved_at}
        for part, value in reg.items():
            out.at[i, f"plan_register_{part}"] = value
        if register_wins(e.as_of, out.at[i, "plan_curated_status"], out.at[i, "plan_curated_as_of"]):
            values = {"status": status, "title": e.plan_title, "period": e.period, "partners": "",
                      "source_url": e.source_url, "case_reference": e.case_reference, "as_of": e.as_of,
                      "evidence": "register", "adopted_date": "", "joint_plan_id": "", "joint_title": "",
                      "joint_region": "", "joint_published": "", "adopted_basis": "", "quote": ""}
            for part, value in values.items():
                out.at[i, f"plan_{part}"] = value
            out.at[i, "plan_editor"] = e.editor
            out.at[i, "plan_approved_at"] = e.approved_at
    return out


def asked(db_url: str | None = None, today: date | None = None) -> pd.DataFrame:
    """The campaign's open requests, one per kommune (register.campaign.awaiting); empty, with
    attrs['register_notice'], when the register cannot be read."""
    from register import campaign

    db_url = db_url or database.url()
    try:
        if _down(db_url):
            raise RegisterUnavailable(f"register database {database.shown(db_url)} was unreachable moments ago")
        return campaign.awaiting(campaign.listing(db_url, today))
    except RegisterUnavailable as exc:
        if not _down(db_url):  # as in approved(): only a failed read starts the window
            _down_until[db_url] = time.monotonic() + _RETRY_SECONDS
        empty = pd.DataFrame(columns=campaign.COLUMNS)
        empty.attrs["register_notice"] = str(exc)
        return empty


def with_asks(table: pd.DataFrame, asks: pd.DataFrame) -> pd.DataFrame:
    """The table with the campaign's facts: plan_asked_on (ISO date of the open request, '' when none),
    plan_asked_workdays (working days waited) and plan_asked_overdue. The plan status and the gap class are not
    touched: a kommune asked and awaiting an answer is still unknown."""
    out = table.copy()
    by_knr = asks.set_index("kommunenummer") if not asks.empty else None
    knr = out["kommunenummer"]
    if by_knr is None:
        out["plan_asked_on"] = ""
        out["plan_asked_workdays"] = pd.array([pd.NA] * len(out), dtype="Int64")
        out["plan_asked_overdue"] = False
        return out
    out["plan_asked_on"] = knr.map(by_knr["asked_on"].map(lambda d: d.isoformat())).fillna("")
    out["plan_asked_workdays"] = knr.map(by_knr["working_days"]).astype("Int64")
    out["plan_asked_overdue"] = knr.map(by_knr["overdue"]).fillna(False).astype(bool)
    return out


def published_table(table: pd.DataFrame, entries: pd.DataFrame, today: date | None = None,
                    asks: pd.DataFrame | None = None) -> pd.DataFrame:
    """The published table: `overlay` of the register's approved `entries` (`approved()`, or `nothing()`) on the
    analysis `table`, the campaign's open requests (`with_asks`; none when not given), then the gap class again
    (plan status feeds it) at the table's own threshold and basis. Applying it to a published table starts again
    from the curated values."""
    from coverage import gaps

    out = with_asks(overlay(table, entries, today), asks if asks is not None else pd.DataFrame())
    out["gap_class"] = gaps.classify(out, threshold=out.attrs.get("threshold", 90), basis=out.attrs.get("basis", "nearest"))
    return out


def evidence_lines(row, lang: str = "nb") -> list[str]:
    """Plain-text lines for the report card / fact sheet about the register's part in a kommune's plan status
    ([] when the register has nothing for it). Show them with st.text or escaped: they hold user text."""
    reg_status = row.get("plan_register_status", "") if hasattr(row, "get") else ""
    if not reg_status:
        return []
    w = lambda key, **kw: words.t(key, lang, **kw)  # noqa: E731
    source = words.source(row["plan_register_source_url"], row.get("plan_register_case_reference", ""), lang)
    register_line = w("evidence_register", status=words.status(reg_status, lang), editor=row["plan_register_editor"],
                      date=row["plan_register_approved_at"], url=source, as_of=words.as_of(row["plan_register_as_of"], lang))
    curated = row.get("plan_curated_status", "unknown") or "unknown"
    if curated == "unknown":
        curated_line = w("evidence_curated_none")
    else:
        curated_line = w("evidence_curated", status=words.status(curated, lang), url=row["plan_curated_source_url"],
                         as_of=words.as_of(row["plan_curated_as_of"], lang))
    used = w("evidence_uses_register") if row.get("plan_evidence") == "register" else w("evidence_uses_curated")
    return [used, register_line, curated_line]
