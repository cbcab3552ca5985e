"""The joined kommune table: 357 unique rows, every one with a plan status and a catchment."""

import csv
from pathlib import Path

import pytest

from loaders import table

GEODATA = Path(__file__).resolve().parent.parent / "geodata"


@pytest.fixture(scope="module")
def joined():
    return table.kommune_table()


def _rows(name):
    with open(GEODATA / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_one_row_per_kommune(joined):
    assert len(joined) == 357 and joined["kommunenummer"].is_unique
    assert joined["fylkesnummer"].nunique() == 15
    assert joined.geometry.is_valid.all()
    assert (joined["plan_status"] != "").all() and (joined["centre_id"] != "").all()


def test_plan_counts_equal_the_curated_file(joined):
    documented = {r["kommunenummer"] for r in _rows("action_plans.csv")}
    assert (joined["plan_evidence"] == "documented").sum() == len(documented)
    assert (joined["plan_status"] == "unknown").sum() == 357 - len(documented)
    none = {r["kommunenummer"] for r in _rows("action_plans.csv") if r["status"] == "none"}
    assert set(joined.loc[joined["plan_status"] == "none", "kommunenummer"]) == none


def test_catchment_counts_equal_the_curated_file(joined):
    active = {r["id"] for r in _rows("crisis_centres.csv") if r["status"] == "active"}
    documented = {r["kommunenummer"] for r in _rows("catchments.csv") if r["centre_id"] in active}
    assert set(joined.loc[joined["catchment_evidence"] == "documented", "kommunenummer"]) == documented
    estimated = joined[joined["catchment_evidence"] == "estimated"]
    assert len(estimated) == 357 - len(documented)
    assert (estimated["catchment_source_url"] == "").all() and (estimated["catchment_tag"] != "").all()


def test_no_kommune_is_served_by_a_closed_centre(joined):
    closed = {r["id"] for r in _rows("crisis_centres.csv") if r["status"] == "closed"}
    assert not set(joined["centre_id"]) & closed


def test_conflicts_keep_the_newest_source_and_report_the_other(joined):
    enebakk = joined.set_index("kommunenummer").loc["3220"]
    assert enebakk["centre_id"] == "follo" and "romerike" in enebakk["catchment_note"]
    assert any(n.startswith("3220:") for n in joined.attrs["notices"])


def test_estimated_catchments_stay_within_the_fylke_when_possible(joined):
    centres = {r["id"]: r for r in _rows("crisis_centres.csv")}
    est = joined[joined["catchment_evidence"] == "estimated"]
    same = [centres[c]["host_kommunenummer"][:2] in ("", f) for c, f in zip(est["centre_id"], est["fylkesnummer"], strict=True)]
    assert sum(same) == len(est)
