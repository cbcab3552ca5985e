"""Plan evidence (issue 17): the rule for adopted on every plan row, joint plans, the search log — every bad value
named once; and the per-kommune table carrying the evidence, held against plain pandas on the raw files."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from loaders import ValidationError, curated, evidence

DATA = Path(__file__).resolve().parent / "data"
GEODATA = Path(__file__).resolve().parent.parent / "geodata"


def _problems(call) -> list[str]:
    with pytest.raises(ValidationError) as err:
        call()
    return err.value.problems


def _once(problems: list[str], expected: list[str]) -> None:
    """Each expected text is in exactly one problem, and there is no other problem."""
    for text in expected:
        hits = [p for p in problems if text in p]
        assert len(hits) == 1, (text, problems)
    assert len(problems) == len(expected), problems


def test_bad_joint_plans_name_every_problem_once():
    problems = _problems(lambda: evidence.joint_plans(DATA / "joint_plans_bad.csv"))
    _once(problems, ["duplicate joint_plan_id 'vesteraalen-2020' on rows 2, 3",
                     "row 4: joint_plan_id 'Vesterålen 2020' must be lower-case words",
                     "row 5: title is missing",
                     "row 6: period_start '20x' is not a year",
                     "row 7: published: as_of 'c.2020' is not a date",
                     "row 8: quote is missing",
                     "row 9: quote has 301 characters; at most 300 allowed",
                     "row 10: source_url 'www.sortland.kommune.no/' is not a http(s) URL"])


def test_rule_for_adopted_names_every_bad_plan_row_once(valid_knr, crosswalk):
    problems = _problems(lambda: curated.action_plans(valid_knr, path=DATA / "plans_evidence_bad.csv",
                                                      crosswalk=crosswalk, joint_ids={"vesteraalen-2020"}))
    _once(problems, ["row 3 (1867): adopted_basis is missing for status 'adopted'; allowed: decision, published_final, joined",
                     "row 4 (1868): adopted_basis 'vedtatt' is not allowed for status 'expired'",
                     "row 5 (1866): adopted_basis 'decision' given for status 'in_progress'",
                     "row 6 (1871): adopted_basis 'joined' needs the joint_plan_id",
                     "row 7 (1851): joint_plan_id 'lofoten-2020' is not in joint_plans.csv; known: vesteraalen-2020",
                     "row 8: quote is missing",
                     "row 9: quote has 301 characters"])


def test_plan_file_without_the_evidence_columns_is_refused(valid_knr, crosswalk, tmp_path):
    raw = pd.read_csv(DATA / "plans_old_number.csv", dtype=str, keep_default_na=False)
    path = tmp_path / "plans.csv"
    raw.drop(columns=["adopted_basis", "quote"]).to_csv(path, index=False)
    problems = _problems(lambda: curated.action_plans(valid_knr, path=path, crosswalk=crosswalk))
    _once(problems, ["missing column(s) adopted_basis, quote"])


def test_bad_search_log_names_every_problem_once(valid_knr, crosswalk):
    problems = _problems(lambda: evidence.search_log(valid_knr, DATA / "search_log_bad.csv", crosswalk,
                                                     today=date(2026, 12, 5)))
    _once(problems, ["row 3: result 'maybe' is not allowed; allowed: found, lead, nothing",
                     "row 4: searched_on '05.12.2026' is not a date",
                     "row 5: searched_on '2026-02-30' is not a date",
                     "row 6: searched_on 2027-01-01 is after today (2026-12-05)",
                     "row 7: queries is missing",
                     "row 8: pages_read 'www.loten.kommune.no/plan' is not a http(s) URL",
                     "row 9: result 'found' needs the page(s) read",
                     "duplicate kommunenummer/searched_on ('1870', '2026-12-05') on rows 2, 10"])


# --- the curated files themselves, against plain pandas ---------------------------------------------------

def _raw(name: str) -> pd.DataFrame:
    return pd.read_csv(GEODATA / name, dtype=str, keep_default_na=False)


def test_curated_evidence_files_follow_the_rule(valid_knr, crosswalk):
    plans, joints, log = _raw("action_plans.csv"), _raw("joint_plans.csv"), _raw("plan_search_log.csv")
    evidence.joint_plans()
    evidence.search_log(valid_knr, crosswalk=crosswalk)
    curated.action_plans(valid_knr, crosswalk=crosswalk)
    carried = plans["status"].isin(["adopted", "expired"])
    assert (plans.loc[carried, "adopted_basis"] != "").all() and (plans.loc[~carried, "adopted_basis"] == "").all()
    assert set(plans["joint_plan_id"]) - {""} <= set(joints["joint_plan_id"])
    assert plans["quote"].str.len().between(1, 300).all() and joints["quote"].str.len().between(1, 300).all()
    # issue 17: no Søre Sunnmøre row is 'in progress per 2021' any more; every Vesterålen member names its joint plan
    soere = plans[plans["kommunenummer"].isin(["1511", "1514", "1515", "1516", "1517", "1520", "1577"])]
    assert len(soere) == 7 and not (soere["status"] == "in_progress").any()
    vest = plans[plans["kommunenummer"].isin(["1870", "1867", "1868", "1866", "1871", "1851"])]
    assert (vest["joint_plan_id"] == "vesteraalen-2020").sum() == 6
    # every kommune settled from the pages has a search-log row saying 'found'
    found = set(log.loc[log["result"] == "found", "kommunenummer"])
    assert {"1508", "1870", "4204", "4614", "3909", "4631", "3407", "3207", "3401"} <= found


def test_kommune_table_carries_the_evidence(kommuner):
    from loaders import table

    base = table.kommune_base(data=table.load_curated(kommuner), kommuner=kommuner).set_index("kommunenummer")
    plans, joints = _raw("action_plans.csv"), _raw("joint_plans.csv")
    expected = plans.merge(joints[["joint_plan_id", "title", "published"]], on="joint_plan_id", how="left").fillna("")
    expected = expected.set_index("kommunenummer")
    got = base.loc[expected.index]
    assert (got["plan_joint_plan_id"] == expected["joint_plan_id"]).all()
    assert (got["plan_joint_title"] == expected["title"]).all()
    assert (got["plan_joint_published"] == expected["published"]).all()
    assert (got["plan_adopted_basis"] == expected["adopted_basis"]).all()
    assert (got["plan_quote"] == expected["quote"]).all()
    unknown = base.drop(index=expected.index)
    assert len(unknown) == 357 - plans["kommunenummer"].nunique()
    assert (unknown[["plan_joint_plan_id", "plan_joint_title", "plan_adopted_basis", "plan_quote"]] == "").all().all()
    assert (unknown["plan_status"] == "unknown").all()


def test_register_entry_that_wins_clears_the_curated_evidence_and_keeps_it_aside():
    from register import publish

    table = pd.DataFrame({"kommunenummer": ["0001", "0002"], "plan_status": ["expired", "expired"],
                          "plan_as_of": ["2021-03-01", "2021-03-01"], "plan_evidence": ["documented"] * 2,
                          "plan_joint_plan_id": ["sunnmore-2021"] * 2, "plan_joint_title": ["Sunnmøre"] * 2,
                          "plan_joint_published": ["2021"] * 2, "plan_adopted_basis": ["joined"] * 2,
                          "plan_quote": ["Planen er felles for dei sju kommunane på Søre Sunnmøre."] * 2})
    entries = pd.DataFrame([{"id": 1, "kommunenummer": "0001", "status": "adopted", "plan_title": "Ny plan",
                             "period": "2026–2029", "source_url": "https://r.example/x", "as_of": "2026-05",
                             "editor": "kari@example.org", "approved_at": "2026-06-01"}], columns=publish.ENTRY_COLUMNS)
    out = publish.overlay(table, entries, today=date(2026, 12, 5)).set_index("kommunenummer")
    won, kept = out.loc["0001"], out.loc["0002"]
    assert won["plan_status"] == "adopted" and won["plan_evidence"] == "register"
    cleared = ["plan_joint_plan_id", "plan_joint_title", "plan_joint_published", "plan_adopted_basis", "plan_quote"]
    assert (won[cleared] == "").all()
    assert won["plan_curated_quote"] == kept["plan_quote"] and won["plan_curated_adopted_basis"] == "joined"
    assert kept["plan_joint_plan_id"] == "sunnmore-2021"
