"""coverage.tables: every kommune and area table read back from disk is the table the indicators compute for the
same weight and threshold (a cache name that dropped one would hand out another table), and `prepare` writes
every table the sidebar offers, once."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from coverage import gaps, indicators, tables
from dashboard import mapdata, state

ROOT = tables.__file__.rsplit("/coverage/", 1)[0]


@pytest.mark.parametrize(("weight", "threshold"), [("all", 45), ("women18", 45), ("all", 150)])
def test_tables_read_back_from_disk_are_the_ones_computed_for_their_weight_and_threshold(model, weight, threshold):
    tables.Tables().kommuner(weight, threshold)  # computed (or already on disk)
    fresh = tables.Tables()  # a new instance holds no model: everything comes from disk
    got = fresh.kommuner(weight, threshold)
    assert fresh._model is None
    want = indicators.per_kommune(model, weight, threshold)
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs["threshold"] == threshold and got.attrs["weight"] == weight
    for level in tables.LEVELS:
        trips = indicators.cell_trips(model)
        pd.testing.assert_frame_equal(fresh.areas(level, weight, threshold),
                                      indicators.per_area(model, level, weight, trips, threshold=threshold))


def test_the_register_is_merged_after_the_cache_so_an_edited_merge_rule_meets_no_old_table(model, monkeypatch):
    """The cached kommune table holds no register data and ran no register code (tests/test_fingerprint.py): the
    published step merges the entries on top on every read, so a change of the merge rule shows at once."""
    from register import publish

    tables.Tables().kommuner("all", 90)
    fresh = tables.Tables()
    cached = fresh.kommuner("all", 90)
    assert fresh._model is None                                        # read back from disk
    assert not [c for c in cached.columns if c.startswith(("plan_register_", "plan_curated_", "plan_editor"))]
    assert cached.set_index("kommunenummer").at["5001", "plan_status"] == "unknown"
    entries = pd.DataFrame([{"id": 1, "kommunenummer": "5001", "status": "adopted", "plan_title": "Plan",
                             "period": "2024–2027", "source_url": "https://r.example/x", "as_of": "2024",
                             "editor": "kari@example.org", "approved_at": "2024-10-01"}], columns=publish.ENTRY_COLUMNS)
    row = publish.published_table(cached, entries).set_index("kommunenummer").loc["5001"]
    assert (row["plan_status"], row["plan_evidence"]) == ("adopted", "register")
    monkeypatch.setattr(publish, "register_wins", lambda *args: False)   # the merge rule edited
    row = publish.published_table(cached, entries).set_index("kommunenummer").loc["5001"]
    assert (row["plan_status"], row["plan_evidence"], row["plan_register_status"]) == ("unknown", "unknown", "adopted")


def test_gap_classes_follow_the_threshold_of_the_table_asked_for():
    t = tables.Tables()
    for thr in (30, 180):
        table = t.kommuner("all", thr)
        far = table["gap_class"].isin(gaps.FILTERS["far"])
        pd.testing.assert_series_equal(far, gaps.is_far(table, thr), check_names=False)
    assert t.kommuner("all", 30)["gap_class"].isin(gaps.FILTERS["far"]).sum() > \
        t.kommuner("all", 180)["gap_class"].isin(gaps.FILTERS["far"]).sum()


def test_an_unknown_level_is_refused_with_the_allowed_ones():
    with pytest.raises(ValueError, match="level 'kommune' not allowed; allowed: norge, fylke"):
        tables.Tables().areas("kommune")


@pytest.mark.slow
def test_prepare_warms_every_table_the_sidebar_offers_and_a_second_run_writes_nothing():
    def prepare() -> list[str]:
        run = subprocess.run([sys.executable, "-m", "coverage", "prepare"], cwd=ROOT, capture_output=True, text=True,
                             timeout=900)
        assert run.returncode == 0, run.stderr[-2000:]
        return [line for line in run.stdout.splitlines() if line.strip()]

    prepare()
    again = prepare()
    steps = [line for line in again if "all caches warm" not in line]
    assert len(steps) >= 10 and all(line.endswith(": on disk") for line in steps), again
    t = tables.Tables()
    assert all(t.stored(w, thr) for w in state.WEIGHTS for thr in state.THRESHOLDS)
    published = {p.name.rsplit("-", 1)[0] for p in mapdata.PUBLISHED.glob("*.json")}
    assert {"kommuner", "fylker"} | {f"facts-{lang}-{w}" for lang in ("nb", "en") for w in state.WEIGHTS} <= published
