"""The what-if answers in sentences before any card (issue 19, item 2), and every number in them agrees with an
independent recomputation: the oracle's own Dijkstra run for the new centre (tests/oracle.py), plain pandas for
the kommuner's weighted centres and the centres they host."""

import numpy as np
import pandas as pd
import pytest

import vocabulary as vocab
from tests import oracle, readback
from tests.conftest import ROOT, app_page, the_one_info_box

NORDLAND, TROMS = "18", "55"


def _expected(before: pd.DataFrame, after: pd.DataFrame, fylke: str, threshold: int = 90) -> dict:
    b, a = (t[t["fylkesnummer"] == fylke] for t in (before, after))
    kb, ka = oracle.kpi(b, threshold), oracle.kpi(a, threshold)
    gained = round(kb["beyond"]) - round(ka["beyond"])  # as the two cards show them
    classes = oracle.gap_classes(b, threshold).to_numpy() != oracle.gap_classes(a, threshold).to_numpy()
    return {"gained": gained, "share": abs(gained) / b["people"].sum() * 100, "changed": int(classes.sum()),
            "kommuner": len(b)}


@pytest.fixture(scope="module")
def opened_in_alstahaug(oracle_inputs, oracle_for):
    after = oracle.kommuner(oracle.open_at_kommune(oracle_inputs, "1820", "ny-1820", "new"), "all", 90)
    return oracle_for("all", 90)[0], after


def test_opening_a_centre_says_how_many_people_come_within_reach(opened_in_alstahaug, empty_register):
    want = _expected(*opened_in_alstahaug, NORDLAND)
    assert want["gained"] > 0
    text = the_one_info_box(app_page("views/hva_om.py", fylke=NORDLAND, endring="open", sted="1820"))
    first, second = text.split("\n")[:2]
    assert "flere innbyggere" in first and "under 90 min" in first and "Nordland" in first, first
    n, share, threshold = readback.numbers(first, "nb")[:3]
    assert n == want["gained"], (first, want)
    assert abs(share - want["share"]) <= 0.05 + 100 / 400_000, (first, want)  # one decimal; ±1 person
    assert threshold == 90
    k, of = readback.numbers(second, "nb")[:2]
    assert (k, of) == (want["changed"], want["kommuner"]), (second, want)


def test_closing_a_centre_says_how_many_people_fall_beyond(oracle_inputs, oracle_for, empty_register):
    before = oracle_for("all", 90)[0]
    after = oracle.kommuner(oracle.close(oracle_inputs, "salten"), "all", 90)
    want = _expected(before, after, NORDLAND)
    assert want["gained"] < 0
    text = the_one_info_box(app_page("views/hva_om.py", fylke=NORDLAND, endring="close", senter="salten"))
    first = text.split("\n")[0]
    assert "over 90 min" in first, first
    n, share = readback.numbers(first, "nb")[:2]
    assert n == -want["gained"] and abs(share - want["share"]) <= 0.06, (first, want)


def _weighted_centres(cells: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for knr, part in cells.groupby("kommunenummer"):
        w = part["w_all"].to_numpy(float)
        if w.sum() > 0:
            rows.append((knr, np.average(part["x"], weights=w), np.average(part["y"], weights=w)))
    return pd.DataFrame(rows, columns=["k", "x", "y"]).set_index("k")


def _hosts() -> set[str]:
    """Kommuner hosting an active centre or one of its departments, read from the curated files themselves."""
    read = {"dtype": {"host_kommunenummer": str}, "keep_default_na": False}
    centres = pd.read_csv(ROOT / "geodata" / "crisis_centres.csv", **read)
    departments = pd.read_csv(ROOT / "geodata" / "centre_departments.csv", **read)
    return (set(centres.loc[centres["status"] == "active", "host_kommunenummer"])
            | set(departments["host_kommunenummer"])) - {""}


@pytest.mark.parametrize(("host", "fylke", "centre"), [
    ("5530", TROMS, "Krisesenteret i Midt-Troms (Finnsnes)"),
    ("3107", "31", ""),  # Fredrikstad: the nearest kommune, Sarpsborg, hosts a centre too and is not suggested
])
def test_a_new_centre_beside_an_existing_one_is_named_and_better_places_suggested(oracle_inputs, empty_register,
                                                                                   host, fylke, centre):
    hosts = _hosts()
    assert host in hosts
    points = _weighted_centres(oracle_inputs.cells)
    x0, y0 = points.loc[host]
    free = points[~points.index.isin(hosts)]
    near = np.hypot(free["x"] - x0, free["y"] - y0).sort_values().index[:3].tolist()
    names = dict(zip(oracle_inputs.kommuner["kommunenummer"], oracle_inputs.kommuner["kommunenavn"], strict=True))

    text = the_one_info_box(app_page("views/hva_om.py", fylke=fylke, endring="open", sted=host))
    assert f"{names[host]} ({host}) har allerede krisesenter: {centre}" in text, text
    assert "kapasitet" in text
    tail = text.split(vocab.t("whatif_try", "nb", names="|").split("|")[0])[1]
    assert tail.rstrip(".") == ", ".join(f"{names[k]} ({k})" for k in near), tail


def test_the_answer_in_english(empty_register):
    text = the_one_info_box(app_page("views/hva_om.py", fylke=TROMS, endring="open", sted="5530", lang="en"))
    assert "already has a crisis centre" in text and "Nearest kommuner without a centre" in text, text
    assert "people in Troms" in text or "in Troms" in text
