"""The joined kommune table and the one catchment rule: 357 unique rows, every one with a plan status and a
catchment, and the same centre for every kommune whichever path asks (loaders check, model, app, exports)."""

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from coverage import indicators
from coverage import model as model_module
from export import tables
from loaders import catchment, table

GEODATA = Path(__file__).resolve().parent.parent / "geodata"


@pytest.fixture(scope="module")
def joined(model):
    return table.kommune_table(model.year, times=model_module.kommune_times(model))


def _rows(name):
    with open(GEODATA / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_one_row_per_kommune(joined):
    assert len(joined) == 357 and joined["kommunenummer"].is_unique
    assert joined["fylkesnummer"].nunique() == 15
    assert joined.geometry.is_valid.all()
    assert (joined["plan_status"] != "").all() and (joined["centre_id"] != "").all()


def test_the_table_needs_road_times():
    with pytest.raises(TypeError, match="times"):
        table.kommune_table()  # no straight-line fallback: estimates come from road times only


def test_plan_counts_equal_the_curated_file(joined):
    documented = {r["kommunenummer"] for r in _rows("action_plans.csv")}
    assert (joined["plan_evidence"] == "documented").sum() == len(documented)
    assert (joined["plan_status"] == "unknown").sum() == 357 - len(documented)
    none = {r["kommunenummer"] for r in _rows("action_plans.csv") if r["status"] == "none"}
    assert set(joined.loc[joined["plan_status"] == "none", "kommunenummer"]) == none


def test_plan_dates_are_parsed_and_undated_is_flagged(joined):
    undated = {r["kommunenummer"] for r in _rows("action_plans.csv") if r["as_of"] == "undated"}
    assert set(joined.loc[joined["plan_as_of_undated"], "kommunenummer"]) == undated
    stavanger = joined.set_index("kommunenummer").loc["1103"]
    assert (stavanger["plan_status"], stavanger["plan_as_of"], stavanger["plan_as_of_year"]) == ("adopted", "2022-09-05", 2022)
    assert joined.loc[joined["plan_status"] == "unknown", "plan_as_of_year"].isna().all()


def test_catchment_counts_equal_the_curated_file(joined):
    active = {r["id"] for r in _rows("crisis_centres.csv") if r["status"] == "active"}
    documented = {r["kommunenummer"] for r in _rows("catchments.csv") if r["centre_id"] in active}
    assert set(joined.loc[joined["catchment_evidence"] == "documented", "kommunenummer"]) == documented
    estimated = joined[joined["catchment_evidence"] == "estimated"]
    assert len(estimated) == 357 - len(documented)
    assert (estimated["catchment_source_url"] == "").all() and (estimated["catchment_tag"] == catchment.ESTIMATE_RULE).all()


def test_no_kommune_is_served_by_a_closed_centre(joined):
    closed = {r["id"] for r in _rows("crisis_centres.csv") if r["status"] == "closed"}
    assert not set(joined["centre_id"]) & closed
    # Sør-Helgeland closed (Brønnøy's 2024 consultation response): Brønnøy buys from Verdal, documented.
    assert joined.set_index("kommunenummer").loc["1813", "centre_id"] == "nord-trondelag"


def test_conflicts_keep_the_newest_source_and_report_the_other(joined):
    enebakk = joined.set_index("kommunenummer").loc["3220"]
    assert enebakk["centre_id"] == "follo" and "romerike" in enebakk["catchment_note"]
    assert any(n.startswith("3220:") for n in joined.attrs["notices"])


def test_estimated_centre_has_the_shortest_road_time_in_any_fylke(model, joined):
    """The rule itself: every estimated kommune belongs to the active centre with the least median minutes."""
    est = joined[joined["catchment_evidence"] == "estimated"].set_index("kommunenummer")
    medians = model.median_minutes.loc[est.index]
    own = np.array([medians.at[k, c] for k, c in est["centre_id"].items()])
    assert np.allclose(own, medians.min(axis=1).to_numpy())
    assert est["catchment_other_fylke"].sum() >= 5  # some kommuner are nearest to a centre in another fylke


def test_documented_kommune_keeps_its_centre_even_if_another_is_nearer(model):
    table_ = indicators.per_kommune(model).set_index("kommunenummer")
    berlevag = table_.loc["5630"]  # Hammerfest's 2011 list (page read 2026-11); Norasenteret is nearer by road
    assert berlevag["catchment_evidence"] == "documented" and berlevag["centre_id"] == "vest-finnmark"
    assert berlevag["nearest_centre_id"] != "vest-finnmark"
    assert berlevag["median_min_affiliated"] > berlevag["median_min_nearest"] + 60
    doc = table_[table_["catchment_evidence"] == "documented"]
    assert (doc["nearest_differs"]).sum() >= 10


NRK_KARASJOK = "https://www.nrk.no/tromsogfinnmark/mangler-krisesenter-i-sapmi-_-rodt-krever-at-det-kommer-pa-plass-1.15864297"


def test_karasjok_and_kautokeino_belong_to_hammerfest_as_documented(model):
    """NRK (2022, retold by Utrop): Karasjok's centre closed in 2019 and residents of Karasjok and Kautokeino are
    taken '220 og 270 kilometer til Hammerfest'. Both are documented for Hammerfest's centre, though Alta is nearer,
    and the road model's distance to Hammerfest agrees with the published kilometres."""
    table_ = indicators.per_kommune(model).set_index("kommunenummer")
    raw = {r["kommunenummer"]: r for r in _rows("catchments.csv")}
    assert not [r for r in _rows("crisis_centres.csv") if r["host_kommunenummer"] == "5610" and r["status"] == "active"]
    for knr, published_km in (("5610", 220), ("5612", 270)):
        row, source = table_.loc[knr], raw[knr]
        assert (row["centre_id"], row["catchment_evidence"]) == ("vest-finnmark", "documented")
        assert "220 og 270 kilometer til Hammerfest" in source["quote"] and NRK_KARASJOK in source["notes"]
        assert "lagt ned" in source["notes"] and row["nearest_centre_id"] == "alta"
        assert abs(row["median_km_affiliated"] - published_km) / published_km < 0.10


def test_one_rule_three_paths_agree(model, monkeypatch, capsys):
    """`python -m loaders check`, the joined table, the model (app) and the export table give the same centre
    for all 357 kommuner."""
    import loaders.__main__ as cli

    seen = {}
    original = model_module.kommune_table

    def spy(*args, **kwargs):
        seen["check"] = original(*args, **kwargs)
        return seen["check"]

    monkeypatch.setattr(model_module, "kommune_table", spy)
    assert cli.check() == 0
    printed = capsys.readouterr().out
    paths = {
        "loaders check": seen["check"],
        "joined table": table.kommune_table(model.year, times=model_module.kommune_times(model)),
        "model": model.catchments,
        "app": indicators.per_kommune(model),
        "export": tables.frame(indicators.per_kommune(model, weight="women18", threshold=60)),
    }
    centres = pd.DataFrame({name: t.set_index("kommunenummer")["centre_id"] for name, t in paths.items()})
    assert len(centres) == 357 and centres.notna().all().all()
    differ = centres[centres.nunique(axis=1) > 1]
    assert differ.empty, f"paths disagree for {len(differ)} kommuner:\n{differ}"
    counts = model.catchments["catchment_evidence"].value_counts()
    assert f"catchments: documented {counts['documented']}, estimated {counts['estimated']}" in printed
