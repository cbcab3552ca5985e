"""The campaign (ask the kommune) on SQLite and PostgreSQL: a request is recorded once and never changed, the answer
is a proposal citing the kommune's case reference instead of a URL, an editor approves it like any other, and a
request is awaiting until an answer that no editor rejected exists. Working days are held against numpy's
business-day count with the 2024 holidays as a calendar page lists them; the letter quotes nothing but the
verified passages."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from register import __main__ as cli
from register import campaign, database, publish, workdays, workflow
from tests.registerdb import EDITORS, db_url  # noqa: F401  (fixture)
from vocabulary import letters

VALID = {"1824", "1804", "5501"}
ANSWER = {"kommunenummer": "1824", "status": "none", "plan_title": "", "period": "", "source_url": "",
          "case_reference": "25/01234-3", "as_of": "2025-05-20", "note": "Svarbrev: ingen plan"}
# Norway's 2024 public holidays as uke-kalender.com/aar/norske-helligdager lists them (Sundays left out).
HOLIDAYS_2024 = ["2024-01-01", "2024-03-28", "2024-03-29", "2024-04-01", "2024-05-01", "2024-05-09", "2024-05-17",
                 "2024-05-20", "2024-12-25", "2024-12-26"]


def _busdays(start: str, end: str) -> int:
    """Working days after start up to and including end, by numpy (Mon–Fri minus the listed holidays)."""
    first = np.datetime64(start) + np.timedelta64(1, "D")
    return int(np.busday_count(first, np.datetime64(end) + np.timedelta64(1, "D"), holidays=HOLIDAYS_2024))


def test_working_days_match_numpy_with_the_2024_holidays():
    assert workdays.holidays(2024) - {date.fromisoformat(d) for d in HOLIDAYS_2024} == {date(2024, 3, 31), date(2024, 5, 19)}
    for start, end in [("2024-01-01", "2024-12-31"), ("2024-03-22", "2024-04-12"), ("2024-05-02", "2024-05-24"),
                       ("2024-12-20", "2024-12-31"), ("2024-06-07", "2024-06-10"), ("2024-06-10", "2024-06-10")]:
        assert workdays.between(date.fromisoformat(start), date.fromisoformat(end)) == _busdays(start, end), (start, end)
    assert [workdays.easter(y) for y in (2024, 2025, 2026)] == [date(2024, 3, 31), date(2025, 4, 20), date(2026, 4, 5)]


def test_a_request_is_recorded_once_logged_and_append_only(db_url):  # noqa: F811
    made = campaign.ask("1824", by="Vefsn sanitetsforening", lang="nn", valid=VALID, asked_on=date(2024, 5, 2),
                        today=date(2024, 5, 10))
    again = campaign.ask("1824", by="vefsn sanitetsforening", lang="nn", valid=VALID, asked_on=date(2024, 5, 2),
                         today=date(2024, 5, 10))
    assert (made.new, again.new, again.id) == (True, False, made.id)
    log = workflow.log()
    assert log["action"].tolist() == ["ask"] and log.iloc[0]["kommunenummer"] == "1824"
    for statement in (f"UPDATE requests SET lang = 'nb' WHERE id = {made.id}", "DELETE FROM requests"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), database.engine(db_url).begin() as conn:
            conn.exec_driver_sql(statement)
    assert len(campaign.listing()) == 1


def test_a_bad_request_names_every_problem(db_url):  # noqa: F811
    with pytest.raises(workflow.Refused) as refused:
        campaign.ask("9999", by="", lang="se", valid=VALID, asked_on=date(2030, 1, 1), today=date(2025, 1, 1))
    assert [(p.field, p.code) for p in refused.value.problems] == [
        ("kommunenummer", "knr_unknown"), ("lang", "lang_unknown"), ("asked_by", "required"), ("asked_on", "date_future")]
    assert campaign.listing().empty


def test_awaiting_becomes_overdue_after_ten_working_days(db_url):  # noqa: F811
    campaign.ask("1824", by="A", lang="nb", valid=VALID, asked_on=date(2024, 5, 2), today=date(2024, 5, 2))
    nine, ten = "2024-05-16", "2024-05-21"   # 9, 17 and 20 May are holidays: Thursday 2 May + 10 working days = 21 May
    assert (_busdays("2024-05-02", nine), _busdays("2024-05-02", ten)) == (9, 10)
    for today, overdue in ((nine, False), (ten, True)):
        frame = campaign.listing(today=date.fromisoformat(today))
        assert frame[["working_days", "overdue", "answered"]].values.tolist() == [[_busdays("2024-05-02", today), overdue, False]]


def test_the_answer_cites_a_case_reference_and_an_editor_approves_it(db_url):  # noqa: F811
    asked = campaign.ask("1824", by="A", lang="nn", valid=VALID, asked_on=date(2025, 5, 2), today=date(2025, 5, 2))
    assert publish.version() not in ("0", publish.UNAVAILABLE)
    version_asked = publish.version()
    made = workflow.propose(ANSWER, by="A", valid=VALID, answers=asked.id, today=date(2025, 6, 1))
    frame = campaign.listing(today=date(2025, 6, 1))
    assert frame[["answered", "answer_id", "answer_state", "overdue"]].values.tolist() == [[True, made.id, "pending", False]]
    assert campaign.awaiting(frame).empty and publish.version() != version_asked
    assert publish.approved().empty                                    # an answer is a proposal, not yet a fact
    workflow.decide(made.id, "approved", editor="kari@example.org", editors=EDITORS)
    entry = publish.approved().iloc[0]
    assert (entry["kommunenummer"], entry["status"], entry["source_url"], entry["case_reference"]) == (
        "1824", "none", "", "25/01234-3")


def test_a_rejected_answer_leaves_the_request_awaiting(db_url):  # noqa: F811
    asked = campaign.ask("1824", by="A", lang="nb", valid=VALID, asked_on=date(2025, 5, 2), today=date(2025, 5, 2))
    made = workflow.propose(ANSWER, by="A", valid=VALID, answers=asked.id, today=date(2025, 6, 1))
    workflow.decide(made.id, "rejected", editor="ola@example.org", editors=EDITORS, reason="Feil saksnummer")
    assert campaign.awaiting(campaign.listing(today=date(2025, 6, 1)))["id"].tolist() == [asked.id]
    with pytest.raises(workflow.Refused) as other:
        workflow.propose({**ANSWER, "kommunenummer": "1804"}, by="A", valid=VALID, answers=asked.id, today=date(2025, 6, 1))
    assert [p.code for p in other.value.problems] == ["request_other_kommune"]


def test_a_source_is_a_url_or_a_case_reference(db_url):  # noqa: F811
    for changes, codes in [({"case_reference": ""}, ["source_required"]),
                           ({"case_reference": "see the letter"}, ["case_reference_format"]),
                           ({"case_reference": "24/1234", "source_url": "https://vefsn.kommune.no/plan"}, [])]:
        values, problems = workflow.rules.check({**ANSWER, **changes})
        assert [p.code for p in problems] == codes, changes


def test_with_asks_marks_open_requests_and_leaves_status_and_class_alone():
    table = pd.DataFrame({"kommunenummer": ["1804", "1824", "5501"], "plan_status": ["unknown"] * 3,
                          "gap_class": ["ukjent_naer", "ukjent_langt", "ukjent_naer"]})
    asks = pd.DataFrame({"kommunenummer": ["1824"], "asked_on": [date(2025, 5, 2)], "working_days": [12],
                         "overdue": [True], "answered": [False]})
    out = publish.with_asks(table, asks)
    assert out["plan_asked_on"].tolist() == ["", "2025-05-02", ""]
    assert out["plan_asked_overdue"].tolist() == [False, True, False]
    assert out["plan_asked_workdays"].tolist()[1] == 12 and out["plan_asked_workdays"].isna().sum() == 2
    pd.testing.assert_frame_equal(out[table.columns], table)


def test_the_letter_quotes_only_verified_passages_and_invents_no_address():
    verified = {letters.LAW_3, letters.LAW_29, letters.KOSTRA_ADOPTED, letters.KOSTRA_BY_WHOM}
    terms = {"gjeldende", "politisk vedtatt", "gjeldande", "politisk vedteken"}
    for lang in ("nb", "nn"):
        text = letters.letter("Vefsn", lang)
        assert text.startswith("Til: Postmottak, Vefsn kommune\n")
        assert "@" not in text and "§ 3" in text and "§ 29" in text and letters.KOSTRA_7B_URL in text
        quoted = set(re.findall(r"«([^»]+)»", text))
        assert quoted - terms == verified, lang
        assert letters.LAW_29 in letters.reminder("Vefsn", date(2025, 5, 2), 12, lang)


def test_cli_prints_the_letter_records_and_lists_the_campaign(db_url, capsys):  # noqa: F811
    assert cli.main(["ask", "--kommune", "1824", "--lang", "nn"]) == 0
    assert capsys.readouterr().out.startswith("Til: Postmottak, Vefsn kommune")
    assert campaign.listing().empty                                    # printing is not recording
    assert cli.main(["ask", "--kommune", "1824", "--lang", "nn", "--record", "--by", "Kari", "--on", "2024-05-02"]) == 0
    capsys.readouterr()
    assert cli.main(["asked", "--reminders"]) == 0
    out = capsys.readouterr().out
    assert "1824 Vefsn\t2024-05-02\tKari" in out and "REMINDER DUE" in out and "Påminning" in out
    assert cli.main(["ask", "--kommune", "0000"]) == 2


def test_the_tooltip_says_asked_and_the_kpi_counts_it(indicators_table):
    from coverage.summary import selection_summary
    from export import payload

    asks = pd.DataFrame({"kommunenummer": ["1824"], "asked_on": [date(2025, 5, 2)], "working_days": [12],
                         "overdue": [True], "answered": [False]})
    table = publish.with_asks(indicators_table, asks)
    facts = payload.facts(table, "nb")
    assert facts["1824"][1] == "Ukjent — spurt 2.5.2025, venter på svar"
    assert "spurt" not in facts["1804"][1]
    kpi = selection_summary(table, 90)
    assert (kpi["asked"], kpi["asked_overdue"]) == (1, 1)
    assert table.set_index("kommunenummer").at["1824", "gap_class"] == \
        indicators_table.set_index("kommunenummer").at["1824", "gap_class"]
