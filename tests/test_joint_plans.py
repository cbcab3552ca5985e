"""Joint plans on the report card's words and the fact sheet: a member shows "Felles plan …, publisert …" from
plan_joint_title / plan_joint_published; a table without those columns (before the plan-evidence tables are merged)
shows nothing and does not fail. A register entry answered by letter cites the kommune's case reference."""

from __future__ import annotations

import pandas as pd

import vocabulary as vocab
from tests.test_factsheet import _flat, _kommune_pdf, _text

TITLE = "Felles handlingsplan mot vold i nære relasjoner for Vesterålen"


def test_joint_plan_text_in_both_languages_and_without_the_columns():
    row = {"plan_joint_title": TITLE, "plan_joint_published": "2020-05-12"}
    assert vocab.joint_plan_text(pd.Series(row), "nb") == f"Felles plan: {TITLE}, publisert 12.5.2020"
    assert vocab.joint_plan_text(row, "en") == f"Joint plan: {TITLE}, published 12 May 2020"
    assert vocab.joint_plan_text(pd.Series(row | {"plan_joint_region": "Vesterålen", "plan_joint_published": "2020"}),
                                 "nb") == "Felles plan for Vesterålen, publisert 2020"
    assert vocab.joint_plan_text(pd.Series(row | {"plan_joint_published": "undated"}), "nb") == \
        f"Felles plan: {TITLE} (udatert)"
    assert vocab.joint_plan_text(pd.Series({"plan_status": "adopted"}), "nb") == ""
    assert vocab.joint_plan_text(pd.Series({"plan_joint_title": ""}), "nb") == ""


def test_fact_sheet_of_a_member_names_the_joint_plan(export_inputs):
    _, plain = _kommune_pdf(export_inputs, "5001", "nb")
    assert "Felles plan" not in _flat(_text(plain)[0])            # Trondheim: no joint plan in the data
    _, pdf = _kommune_pdf(export_inputs, "1870", "nb", plan_status="adopted", plan_as_of="2020-05-12",
                          plan_joint_title=TITLE, plan_joint_region="", plan_joint_published="2020-05-12")
    assert f"Felles plan: {TITLE}, publisert 12.5.2020" in _flat(_text(pdf)[0])


def test_fact_sheet_cites_a_letter_by_its_case_reference(export_inputs):
    _, pdf = _kommune_pdf(export_inputs, "1824", "nb", plan_status="none", plan_as_of="2025-05-20",
                          plan_source_url="", plan_case_reference="25/01234-3")
    assert "brev fra kommunen, saksnr. 25/01234-3" in _flat(_text(pdf)[0])
