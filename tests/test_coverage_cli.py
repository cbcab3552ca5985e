"""`python -m coverage` on the mirror: kommuner CSV, route JSON, scenario, errors without tracebacks."""

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from coverage import __main__ as cli

ROOT = Path(__file__).resolve().parent.parent


def _run(*args):
    return subprocess.run([sys.executable, "-m", "coverage", *args], cwd=ROOT, env=os.environ.copy(),
                          capture_output=True, text=True, timeout=300)


def test_kommuner_csv_keeps_four_digit_numbers(tmp_path, model):
    out = tmp_path / "ind.csv"
    result = _run("kommuner", "--out", str(out))
    assert result.returncode == 0, result.stderr
    df = pd.read_csv(out, dtype={"kommunenummer": str})
    assert len(df) == 357 and "0301" in set(df["kommunenummer"])
    assert {"median_min_nearest", "p90_min_affiliated", "gap_class", "road_straight_ratio"} <= set(df.columns)


def test_route_prints_json_with_ferries():
    result = _run("route", "--from", "60.39,5.32", "--to", "59.41,5.27")
    data = json.loads(result.stdout)
    assert data["reachable"] and data["ferries"] >= 1 and 100 < data["km"] < 200


def test_scenario_close_and_bad_id(tmp_path, model):
    out = tmp_path / "closed.csv"
    assert _run("scenario", "--close", "salten", "--out", str(out)).returncode == 0
    assert "salten" not in set(pd.read_csv(out)["centre_id"])
    bad = _run("scenario", "--close", "atlantis")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "atlantis" in bad.stderr


# --- in process: what each command prints, held against the oracle or the source files ------------------------

TWO_DECIMALS = re.compile(r"(?<![\w.])-?\d+\.\d{2,}(?![\w.])")


def test_route_exits_0_and_missing_or_unknown_arguments_are_refused(capsys):
    assert _run("route", "--from", "60.39,5.32", "--to", "60.39,5.33").returncode == 0
    for argv in ([], ["route", "--to", "59.41,5.27"], ["route", "--from", "59.41,5.27"], ["scenario"],
                 ["route", "--from", "59.41", "--to", "59.41,5.27"]):
        with pytest.raises(SystemExit) as stop:
            cli.main(argv)
        assert stop.value.code == 2, argv
    err = capsys.readouterr().err
    assert "the following arguments are required: command" in err
    assert "one of the arguments --add --add-at --close is required" in err
    assert "'59.41' is not LAT,LON" in err


def test_kommuner_to_standard_output_is_the_oracle_table_at_90_minutes(model, oracle_for, empty_register, capsys):
    from tests.test_oracle_files import _compare

    assert cli.main(["kommuner"]) == 0
    shown = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"kommunenummer": str})
    assert shown.columns[0] == "kommunenummer" and "geometry" not in shown.columns
    want, _ = oracle_for("all", 90)
    assert _compare(shown, want, atol=1e-6) == []
    # close to the threshold: the 90 minutes lie inside the median's band (coverage/gaps.py), row by row
    from coverage import gaps

    low, high = gaps.band(want.loc[shown["kommunenummer"], "median_min_nearest"].to_numpy())
    assert shown["close_to_threshold"].tolist() == ((low <= 90) & (high > 90)).tolist()


def test_kommuner_out_file_starts_with_the_kommunenummer(tmp_path, model, empty_register):
    out = tmp_path / "k.csv"
    assert cli.main(["kommuner", "--out", str(out)]) == 0
    assert pd.read_csv(out, dtype={"kommunenummer": str}).columns[0] == "kommunenummer"


@pytest.fixture(scope="module")
def flat_oracle(model):
    from dataclasses import replace

    from coverage import model as model_module
    from tests import oracle

    flat = model_module.prepare(replace(model.params, ferry_model="ssb_flat"), model.year)
    return oracle.kommuner(oracle.inputs(flat), "all", 90)


def test_ferries_prints_the_20_longest_median_trips_with_the_oracles_figures(model, oracle_for, flat_oracle, capsys):
    assert cli.main(["ferries"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[0] == "kommunenummer" and "source_urls" not in lines[0]
    rows = [line.split()[0] for line in lines[1:]]
    want, _ = oracle_for("all", 90)
    ranked = want["median_min_nearest"].sort_values(ascending=False)
    assert len(rows) == 20 and ranked.iloc[19] > ranked.iloc[20]  # no tie at the cut
    assert set(rows) == set(ranked.index[:20])
    assert [want.at[k, "median_min_nearest"] for k in rows] == sorted(ranked.iloc[:20], reverse=True)
    for line, knr in zip(lines[1:], rows, strict=True):
        numbers = [float(v) for v in re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])", line)]
        for figure in (want.at[knr, "median_min_nearest"], want.at[knr, "p90_min_nearest"],
                       flat_oracle.at[knr, "median_min_nearest"], flat_oracle.at[knr, "p90_min_nearest"],
                       want.at[knr, "people"]):
            assert any(abs(n - figure) <= 0.51 if figure > 1000 else abs(n - figure) <= 0.051 for n in numbers), \
                (knr, figure, line)
        assert not TWO_DECIMALS.search(line), line


def test_ferries_out_file_holds_both_models_figures_and_the_sources(tmp_path, model, oracle_for, flat_oracle):
    out = tmp_path / "f.csv"
    assert cli.main(["ferries", "--n", "20", "--out", str(out)]) == 0
    table = pd.read_csv(out, dtype={"kommunenummer": str}, keep_default_na=False).set_index("kommunenummer")
    want, _ = oracle_for("all", 90)
    assert table.index.tolist() == pd.read_csv(out, dtype=str).iloc[:, 0].tolist()  # no index column before it
    assert set(table.index) == set(want["median_min_nearest"].sort_values(ascending=False).index[:20])
    k = table.index
    crossing, flat = want.loc[k, "median_min_nearest"].to_numpy(), flat_oracle.loc[k, "median_min_nearest"].to_numpy()
    assert table["median_min"].to_numpy() == pytest.approx(crossing)
    assert table["p90_min"].to_numpy() == pytest.approx(want.loc[k, "p90_min_nearest"].to_numpy())
    assert table["median_min_flat"].to_numpy() == pytest.approx(flat)
    assert table["p90_min_flat"].to_numpy() == pytest.approx(flat_oracle.loc[k, "p90_min_nearest"].to_numpy())
    assert table["change_pct"].to_numpy() == pytest.approx((crossing / flat - 1) * 100)
    assert table["people"].to_numpy() == pytest.approx(want.loc[k, "people"].to_numpy(), abs=0.5)
    names = dict(zip(model.centres["id"], model.centres["name"], strict=True))
    assert table["nearest_centre"].tolist() == [names[c] for c in want.loc[k, "nearest_centre_id"]]
    assert set(table["ferries"]) <= {0, 1, 2, 3} and table.loc["1856", "ferries"] == 1
    assert table.loc["1856", "source_urls"].startswith("http")  # Røst: the Bodø line's published crossings


def _block(lines: list[str], header: str) -> list[list[str]]:
    """The rows (split on blanks) of the printed table whose header's first word is `header`, up to a blank line or
    the JSON summary."""
    start = next(i for i, line in enumerate(lines) if line.split()[:1] == [header])
    rows = []
    for line in lines[start + 1:]:
        if not line.strip() or line.startswith("{"):
            break
        rows.append(line.split())
    return rows


def test_calibrate_prints_every_route_the_left_out_ones_and_each_crossing(model, capsys):
    assert cli.main(["calibrate"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    ref = pd.read_csv(ROOT / "coverage" / "reference_drive_times.csv", dtype=str)
    used, left = ref[ref["excluded"].isna()], ref[ref["excluded"].notna()]
    routes = _block(lines, "route_id")
    # the distance rule leaves out the routes whose published km lie more than ROUTE_KM_TOLERANCE from the model's
    rule = [re.fullmatch(r"  (\S+) \((\S+) min, published (\S+) km, model (\S+) km, (\S+) %\)", line)
            for line in lines if ", published " in line]
    from coverage import params

    for m in rule:
        published, model_km, pct = float(m[3]), float(m[4]), float(m[5])
        slack = 0.5 / published  # the model's km are printed whole
        assert abs(model_km / published - 1) > params.ROUTE_KM_TOLERANCE - slack, m[0]
        assert pct == pytest.approx((model_km / published - 1) * 100, abs=0.06 + 100 * slack), m[0]
    assert f"\n{len(rule)} routes left out by the distance rule" in out
    assert sorted([r[0] for r in routes] + [m[1] for m in rule], key=list(used["route_id"]).index) == \
        list(used["route_id"]) and len(routes) + len(rule) == len(used)
    assert [r[0] for r in routes] == [k for k in used["route_id"] if k not in {m[1] for m in rule}]
    assert f"\n{len(left)} routes kept in the file but left out" in out
    listed = [line.split()[0] for line in lines if line.startswith("  ") and "min," in line and " km): " in line]
    assert listed == list(left["route_id"])
    crossings = pd.read_csv(ROOT / "coverage" / "reference_ferry_crossings.csv", dtype=str)
    rows = _block(lines, "crossing_id")
    assert [r[0] for r in rows] == list(crossings["crossing_id"])
    from coverage import ferries

    wait = ferries.waits_from_sources()
    for cid, minutes, km, kind, sail, with_wait, flat, err, flat_err, _date in rows:
        minutes, km, sail, with_wait, flat, err, flat_err = map(float, (minutes, km, sail, with_wait, flat, err,
                                                                         flat_err))
        assert with_wait - sail == pytest.approx(wait[kind], abs=0.11), cid
        assert flat == pytest.approx(km / 12.3 * 60, abs=0.06 + 0.05 / 12.3 * 60), cid
        slack = 0.06 + 0.05 / minutes * 100  # the printed sail minutes are rounded too
        assert err == pytest.approx((sail / minutes - 1) * 100, abs=slack), cid
        assert flat_err == pytest.approx((flat / minutes - 1) * 100, abs=slack + 0.05 / minutes * 100), cid
    summary = json.loads(out[out.index("\n{") + 1: out.rindex("}") + 1])
    assert (summary["crossings"], summary["rows"]) == (crossings["crossing_id"].nunique(), len(crossings))
    tables = out[: out.index("\n{")]
    assert not TWO_DECIMALS.search(tables), TWO_DECIMALS.search(tables)
    for by in ("region", "main_class", "with_ferry", "figure"):
        assert f"out-of-fold errors by {by} (previous | current)" in out


def test_prepare_warms_each_step_and_says_which_wrote_files(monkeypatch, capsys):
    """`prepare` with every step replaced by a recorder: the steps the app reads are called with the app's own
    arguments (the method page asks for the 20 longest trips, dashboard/views/metode.py), a step that adds files
    says how many, the others 'on disk', and a cache notice makes the exit code 1."""
    import vocabulary
    from coverage import ferries, network, tables, validation
    from coverage import model as model_module
    from dashboard import mapdata, state
    from loaders import boundaries, diskcache, grid, population, roads
    from register import publish

    calls, files = [], set()

    class FakeTables:
        params, year, key = network.Params(), 2025, "k"

        def model(self):
            files.update({"model-1", "model-2"})
            return "m"

        def every(self, weights, thresholds):
            calls.append(("every", weights, thresholds))

        def centres(self):
            calls.append(("centres",))

        def kommuner(self, weight, threshold):
            return f"table {weight} {threshold}"

    def record(name):
        return lambda *args, **kw: calls.append((name, *args))

    monkeypatch.setattr(tables, "Tables", FakeTables)
    for mod, attr in ((boundaries, "kommuner"), (boundaries, "fylker"), (population, "by_kommune"), (grid, "cells_1km"),
                      (roads, "links"), (model_module, "prepare"), (validation, "report"), (ferries, "longest_trips"),
                      (mapdata, "web_geometry"), (mapdata, "bounds"), (mapdata, "kommune_details"),
                      (mapdata, "map_files"), (publish, "approved")):
        monkeypatch.setattr(mod, attr, record(attr))
    monkeypatch.setattr(publish, "published_table", lambda table, entries: table)
    monkeypatch.setattr(cli, "_files", lambda: set(files))
    monkeypatch.setattr(diskcache, "notices", lambda: [])
    assert cli._prepare() == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 15 and "all caches warm (model key k)" in lines[-1]
    assert [line.rsplit(": ", 1)[1] for line in lines[:-1] if "model: ferries as crossings" in line] == \
        ["computed, 2 file(s) written"]
    assert sum(line.endswith(": on disk") for line in lines[:-1]) == 13
    assert [c[1:] for c in calls if c[0] == "longest_trips"] == [(20, w) for w in state.WEIGHTS]
    assert ("every", state.WEIGHTS, state.THRESHOLDS) in calls
    assert [c[1:] for c in calls if c[0] == "prepare"] == [(network.Params(ferry_model="ssb_flat"), 2025)]
    assert [c[2:4] for c in calls if c[0] == "map_files"] == [(lang, w) for w in state.WEIGHTS for lang in vocabulary.LANGS]
    assert all(c[4] == f"table {c[3]} {mapdata.FACTS_THRESHOLD}" for c in calls if c[0] == "map_files")
    monkeypatch.setattr(diskcache, "notices", lambda: ["cache folder not writable"])
    assert cli._prepare() == 1
    assert "warning: cache folder not writable" in capsys.readouterr().err

