"""loaders/catchment.py on a tiny hand-made country: which centre each kommune belongs to (the newest non-temporary
source, else the shortest median road time, ties to the first centre id), the notices, the other-fylke flag with
departments, the town points of the active centres, and the error naming kommuner no centre can be reached from."""

import numpy as np
import pandas as pd
import pytest

from loaders import catchment

CENTRES = pd.DataFrame({"id": ["a", "b", "c", "z"], "status": ["active", "active", "active", "closed"],
                        "town": ["Aby", "Bby", "Cby", "Zby"], "host_kommunenummer": ["1101", "1201", "1301", "1401"],
                        "fylkesnummer": ["11", "12", "13", "14"], "lat": [60.1, 61.2, 62.3, 63.4],
                        "lon": [10.1, 11.2, 12.3, 13.4]})
KOMMUNER = pd.DataFrame({"kommunenummer": ["1101", "1102", "1201", "1202", "1301", "1401"],
                         "fylkesnummer": ["11", "11", "12", "12", "13", "14"]})
DOCUMENTED = pd.DataFrame([
    ("1101", "a", "https://s/1", "2019", ""),            # one source
    ("1102", "b", "https://s/2", "2024", "temporary"),   # newer but temporary: loses
    ("1102", "a", "https://s/3", "2018-05", ""),
    ("1102", "c", "https://s/4", "undated", ""),         # undated sorts oldest
    ("1201", "z", "https://s/5", "2023", ""),            # closed centre: estimated instead
    ("1202", "c", "https://s/6", "2020", ""),
    ("1202", "b", "https://s/7", "2022-01-31", ""),      # the newest wins
], columns=["kommunenummer", "centre_id", "source_url", "as_of", "evidence_tag"])
# Median minutes: 1201 is 30 from a and 30 from b (a tie: the first id, a), 50 from c; 1301 is nearest c; 1401 b.
TIMES = pd.DataFrame([("1201", "a", 30.0), ("1201", "b", 30.0), ("1201", "c", 50.0), ("1301", "a", 80.0),
                      ("1301", "c", 12.0), ("1401", "b", 40.0), ("1401", "c", np.inf), ("1401", "z", 1.0),
                      ("1101", "b", 1.0)], columns=["kommunenummer", "centre_id", "value"])


@pytest.fixture(scope="module")
def resolved():
    return catchment.resolve(DOCUMENTED, CENTRES, KOMMUNER, TIMES).set_index("kommunenummer")


def test_documented_kommuner_keep_the_newest_non_temporary_source(resolved):
    r = resolved
    assert list(r.index) == ["1101", "1102", "1201", "1202", "1301", "1401"]
    assert r.loc["1101", ["centre_id", "catchment_evidence", "catchment_as_of"]].tolist() == ["a", "documented", "2019"]
    assert r.loc["1102", ["centre_id", "catchment_source_url", "catchment_as_of"]].tolist() == \
        ["a", "https://s/3", "2018-05"]
    assert r.loc["1102", "catchment_note"] == "also documented: c (undated); b (2024)"
    assert r.loc["1202", ["centre_id", "catchment_as_of"]].tolist() == ["b", "2022-01-31"]
    assert r.loc["1202", "catchment_note"] == "also documented: c (2020)"
    assert r.loc["1202", "catchment_as_of_year"] == 2022 and pd.isna(r.loc["1201", "catchment_as_of_year"])
    assert not r["catchment_as_of_undated"].any()


def test_the_rest_are_estimated_by_the_shortest_time_ties_to_the_first_id(resolved):
    r = resolved
    est = r[r["catchment_evidence"] == "estimated"]
    assert est["centre_id"].to_dict() == {"1201": "a", "1301": "c", "1401": "b"}  # never the closed z, never inf
    assert (est["catchment_tag"] == catchment.ESTIMATE_RULE).all() and (est["catchment_source_url"] == "").all()
    assert r.loc["1201", "catchment_note"] == "documented centre z has closed; estimated instead"
    assert r.loc["1301", "catchment_note"] == ""


def test_notices_name_conflicts_and_closed_centres(resolved):
    notices = catchment.resolve(DOCUMENTED, CENTRES, KOMMUNER, TIMES).attrs["notices"]
    assert notices == ["1201: documented for closed centre z (2023); not used",
                       "1102: kept a (2018-05), also documented c (undated); b (2024)",
                       "1202: kept b (2022-01-31), also documented c (2020)"]


def test_other_fylke_follows_the_centres_departments():
    """1102 (fylke 11) belongs to a, hosted in 11: not other. 1202 (12) to b, hosted in 12: not other. 1401 (14) to b:
    other. With b's departments in 12 and 14 (none where its host says 12 only), 1401 is no longer other-fylke."""
    plain = catchment.resolve(DOCUMENTED, CENTRES, KOMMUNER, TIMES).set_index("kommunenummer")
    assert plain["catchment_other_fylke"].to_dict() == {"1101": False, "1102": False, "1201": True, "1202": False,
                                                        "1301": False, "1401": True}
    deps = pd.DataFrame({"centre_id": ["b", "b"], "department": ["Bby", "Dby"], "town": ["Bby", "Dby"],
                         "host_kommunenummer": ["1201", "1401"], "lat": [61.2, 63.5], "lon": [11.2, 13.5]})
    sites = catchment.sites(CENTRES, deps)
    with_deps = catchment.resolve(DOCUMENTED, CENTRES, KOMMUNER, TIMES, sites).set_index("kommunenummer")
    assert with_deps.loc["1401", "catchment_other_fylke"] == np.False_
    assert with_deps.loc["1202", "catchment_other_fylke"] == np.False_


def test_sites_are_the_active_centres_or_their_departments_in_centre_order():
    deps = pd.DataFrame({"centre_id": ["c", "z", "c"], "department": ["C1", "Z1", "C2"], "town": ["Cby", "Zby", "Eby"],
                         "host_kommunenummer": ["1301", "1401", "1302"], "lat": [62.3, 63.4, 62.5],
                         "lon": [12.3, 13.4, 12.5]})
    got = catchment.sites(CENTRES, deps)
    assert got[["centre_id", "department"]].values.tolist() == [["a", "Aby"], ["b", "Bby"], ["c", "C1"], ["c", "C2"]]
    assert list(got.columns) == ["centre_id", "department", "town", "host_kommunenummer", "lat", "lon"]
    assert catchment.sites(CENTRES)["centre_id"].tolist() == ["a", "b", "c"]


def test_a_kommune_with_no_road_time_to_an_active_centre_is_named():
    times = TIMES[~TIMES["kommunenummer"].isin(["1301", "1401"]) | (TIMES["centre_id"] == "z")]
    with pytest.raises(ValueError, match="no road time to any active centre for kommune\\(r\\) 1301, 1401"):
        catchment.resolve(DOCUMENTED, CENTRES, KOMMUNER, times)
    with pytest.raises(ValueError, match="need road times"):
        catchment.resolve(DOCUMENTED, CENTRES, KOMMUNER, None)


def test_an_undated_source_is_flagged_undated_and_has_no_year():
    """A kommune documented only by an undated page says so (as_of 'undated', no year); a dated one does not."""
    documented = pd.concat([DOCUMENTED, pd.DataFrame([("1301", "c", "https://s/8", "undated", "")],
                                                     columns=DOCUMENTED.columns)])
    got = catchment.resolve(documented, CENTRES, KOMMUNER, TIMES).set_index("kommunenummer")
    assert got.loc["1301", "catchment_as_of"] == "undated" and bool(got.loc["1301", "catchment_as_of_undated"])
    assert pd.isna(got.loc["1301", "catchment_as_of_year"])
    assert not bool(got.loc["1101", "catchment_as_of_undated"]) and got.loc["1101", "catchment_as_of_year"] == 2019
