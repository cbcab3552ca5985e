"""The data file for people (issue 19, item 6): `python -m export table --publishing` writes the table the app
shows, in the reader's language, numbers rounded as on screen, sorted as on screen; every number is held against
the oracle's kommune rows (tests/oracle.py), and the people column adds up to the card."""

import io

import numpy as np
import pandas as pd
import pytest

import vocabulary as vocab
from tests import oracle


def _read(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)


@pytest.mark.parametrize(("lang", "fylke", "threshold", "weight"), [("nb", "55", 90, "all"), ("en", "", 60, "women18")])
def test_the_publishing_file_matches_the_oracle_row_by_row(cli, oracle_for, lang, fylke, threshold, weight):
    args = ["table", "--publishing", "--lang", lang, "--threshold", str(threshold), "--weight", weight]
    path = cli("export", *args, *(["--fylke", fylke] if fylke else []), suffix="csv")
    shown = _read(path)
    want = oracle_for(weight, threshold)[0]
    want = want[want["fylkesnummer"] == fylke] if fylke else want
    number = vocab.t("kommunenummer", lang)
    assert list(shown.columns)[:2] == [number, vocab.t("kommune", lang)]  # words, not snake_case
    assert all("_" not in c for c in shown.columns), list(shown.columns)
    assert sorted(shown[number]) == sorted(want.index)
    # sorted as on screen: the median to the nearest centre, longest first (no road last)
    order = want["median_min_nearest"].astype(float).sort_values(ascending=False, kind="stable", na_position="last")
    medians = shown[vocab.LABELS["median_min_nearest"][lang]]
    assert [int(v) for v in medians if v] == sorted([int(v) for v in medians if v], reverse=True)
    assert np.allclose(order.to_numpy()[:5].round(), [float(v) for v in medians[:5]], atol=0.5001)
    people = vocab.t("people_over_col", lang, t=threshold, people=vocab.people(weight, lang).capitalize())
    rows = shown.set_index(number)
    bad = []
    for knr, r in want.iterrows():
        per_row = np.rint(float(np.nan_to_num(r[f"share_over_{threshold}_nearest"])) * (r["people"] - r["unreachable"]))
        if int(rows.loc[knr, people]) != int(per_row):
            bad.append(f"{knr} people beyond: {rows.loc[knr, people]} vs {per_row}")
        m = r["median_min_nearest"]
        if np.isfinite(m) and abs(int(rows.loc[knr, vocab.LABELS['median_min_nearest'][lang]]) - m) > 0.5001:
            bad.append(f"{knr} median {rows.loc[knr, vocab.LABELS['median_min_nearest'][lang]]} vs {m}")
        status = vocab.PLAN_LABELS[r["plan_status"]][lang]
        if not rows.loc[knr, vocab.LABELS["plan_status"][lang]].startswith(status):
            bad.append(f"{knr} plan {rows.loc[knr, vocab.LABELS['plan_status'][lang]]!r} vs {status!r}")
    assert bad == []
    assert shown[people].astype(int).sum() == oracle.kpi(want, threshold)["beyond"]  # adds up to the card


def test_the_publishing_xlsx_has_the_table_and_says_what_it_is(cli):
    path = cli("export", "table", "--publishing", "--format", "xlsx", "--fylke", "18", suffix="xlsx")
    sheets = pd.read_excel(io.BytesIO(path.read_bytes()), sheet_name=None, dtype=str)
    assert list(sheets) == ["kommuner", "om tabellen"]
    assert len(sheets["kommuner"]) == 41
    about = " ".join(sheets["om tabellen"].iloc[:, 0])
    assert "summen er tallet over kartet" in about and "Befolkning 1.1.20" in about  # the population's date
