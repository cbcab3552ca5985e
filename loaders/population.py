"""Population per kommune (SSB 07459 via FHI csdata, 2024 borders) and the 2023→2024 kommune crosswalk."""

from __future__ import annotations

import pandas as pd

from loaders.diskcache import cached
from loaders.problems import Problems
from loaders.registry import key, reading

YEARS = (2024, 2025, 2026)
_TABLE = "nor_population_by_age_b2024"
_CROSSWALK = "nor_locations_redistricting_b2024"


def _parse(path: str) -> dict[str, pd.DataFrame]:
    import pyreadr  # slow import, only needed on a cold cache

    raw = pyreadr.read_r(path, use_objects=[_TABLE, _CROSSWALK])
    pop = raw[_TABLE]
    pop = pop[(pop["granularity_geo"] == "municip") & pop["calyear"].between(2005, 2100)]
    pop = pop.assign(kommunenummer=pop["location_code"].str.removeprefix("municip_nor"),
                     aar=pop["calyear"].astype(int))
    total = pop[pop["sex"] == "total"].groupby(["kommunenummer", "aar"]).agg(
        befolkning=("pop_jan1_n", "sum"), imputed=("imputed", "any"))
    women = pop[(pop["sex"] == "female") & (pop["age"] >= 18)].groupby(["kommunenummer", "aar"])["pop_jan1_n"].sum()
    table = total.join(women.rename("kvinner_18")).reset_index()
    table[["befolkning", "kvinner_18"]] = table[["befolkning", "kvinner_18"]].round().astype("int64")

    cw = raw[_CROSSWALK]
    cw = cw[(cw["granularity_geo"] == "municip") & (cw["calyear"] == 2023)]
    cw = pd.DataFrame({
        "gammelt": cw["location_code_original"].str.removeprefix("municip_nor"),
        "nytt": cw["location_code_current"].str.removeprefix("municip_nor"),
        "vekt": cw["weighting"],
    })
    return {"population": table, "crosswalk": cw[cw["gammelt"] != cw["nytt"]].reset_index(drop=True)}


def _parse_in_child() -> dict[str, pd.DataFrame]:
    """Parse in a short-lived child process: reading the 4.2-million-row R table peaks near 1.5 GB, and
    running it apart keeps the app's own process small (the memory goes back to the system on exit).
    A plain subprocess, not multiprocessing: under `streamlit run` a spawned worker would re-run the app."""
    import os
    import pickle
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    root = str(Path(__file__).resolve().parent.parent)
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    code = ("import pickle, sys; from loaders.population import _parse; "
            "pickle.dump(_parse(sys.argv[1]), open(sys.argv[2], 'wb'), protocol=pickle.HIGHEST_PROTOCOL)")
    # verified (or downloaded) here, so errors surface in this process; the child's errors come back on stderr
    with reading("population") as path, tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "population.pkl"
        subprocess.run([sys.executable, "-c", code, str(path), str(out)], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        with open(out, "rb") as fh:
            return pickle.load(fh)


def _parsed() -> dict[str, pd.DataFrame]:
    return cached("population", key("population"), _parse_in_child)


def by_kommune(year: int = 2025) -> pd.DataFrame:
    """kommunenummer, befolkning, kvinner_18 on 1 January of `year` (2024–2026 only; imputed years refused)."""
    problems = Problems("population")
    if year not in YEARS:
        problems.add(f"year {year!r} not allowed; allowed: {', '.join(map(str, YEARS))} (later years are imputed)")
    problems.raise_if_any()
    table = _parsed()["population"]
    rows = table[table["aar"] == year]
    if rows["imputed"].any():
        problems.add(f"year {year} contains imputed values; refusing to show them as facts")
    problems.raise_if_any()
    return rows[["kommunenummer", "befolkning", "kvinner_18"]].sort_values("kommunenummer").reset_index(drop=True)


def crosswalk_2023() -> pd.DataFrame:
    """Old (2023) → 2024 kommunenummer with weights; a split old number has several rows (1507 → 1508, 1580)."""
    return _parsed()["crosswalk"]
