"""What the drive-time calibration leaves out, as the method page lists it: the published routes kept in
coverage/reference_drive_times.csv with a reason in their `excluded` column, and the roads N1000 draws that are not
open yet (coverage/unopened_roads.csv). Held against the files read here with plain pandas."""

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from coverage import network, validation
from tests.conftest import page_text

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")


def _excluded() -> pd.DataFrame:
    ref = pd.read_csv(ROOT / "coverage" / "reference_drive_times.csv", dtype=str, keep_default_na=False)
    return ref[ref["excluded"].str.strip() != ""]


def test_unopened_roads_are_summed_up_by_road():
    """One entry per road (category + number) in the file's order, counting its rows, naming them in order, with the
    latest opening year and each source address once."""
    table = pd.read_csv(ROOT / "coverage" / "unopened_roads.csv", dtype=str)
    roads = network.unopened_roads()
    expected = list(dict.fromkeys(table["vegkategori"] + table["vegnummer"]))
    assert [r["road"] for r in roads] == expected
    for r in roads:
        rows = table[table["vegkategori"] + table["vegnummer"] == r["road"]]
        assert r["links"] == len(rows) and r["names"] == ", ".join(rows["link_name"])
        assert r["opens"] == max(int(y) for y in rows["opens"])
        assert r["source_urls"] == sorted(set(rows["source_url"]), key=list(rows["source_url"]).index)


def test_method_page_lists_every_route_and_road_left_out(model):
    """Each excluded route appears with both towns and the first words of its reason, each route the distance rule
    leaves out with both towns and the model's km, each unopened road with its name and opening year, in Bokmål and
    in English; the Nynorsk page runs."""
    excluded, roads = _excluded(), network.unopened_roads()
    other = validation.report(model)["other_route"]
    assert len(excluded) >= 1 and len(roads) >= 1 and len(other) >= 1
    for lang, word in (("nb", "åpner"), ("en", "opens"), ("nn", "opnar")):
        at = AppTest.from_file(APP, default_timeout=180)
        at.query_params["lang"] = lang
        at = at.run().switch_page("views/metode.py").run()
        assert not at.exception, at.exception
        text = page_text(at)
        for r in excluded.itertuples():
            assert f"{r.from_town} – {r.to_town}" in text and r.excluded[:40] in text, r.route_id
        for r in other.itertuples():
            assert r.model_km < 999.5  # no thousands separator to write below
            assert f"{r.from_town} – {r.to_town} (" in text and f"{round(r.model_km)}\u00a0km" in text, r.route_id
        for road in roads:
            assert f"{road['road']}: {road['links']}" in text and f"{word} {road['opens']}" in text
