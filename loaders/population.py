"""Population per kommune (SSB 07459 via FHI csdata, 2024 borders) and the 2023→2024 kommune crosswalk."""

from __future__ import annotations

import errno
import re
import signal

import numpy as np
import pandas as pd

from loaders.diskcache import cached
from loaders.problems import Problems, ResourceError
from loaders.registry import key, reading, sources

YEARS = (2024, 2025, 2026)
_TABLE = "nor_population_by_age_b2024"
_CROSSWALK = "nor_locations_redistricting_b2024"


_COLUMNS = {_TABLE: ["granularity_geo", "location_code", "age", "sex", "calyear", "pop_jan1_n", "imputed"],
            _CROSSWALK: ["granularity_geo", "calyear", "location_code_original", "location_code_current",
                         "weighting"]}


def _strings(column: tuple[np.ndarray, list[str]], rows: np.ndarray) -> np.ndarray:
    """The chosen rows of a string column read as (codes, values), as Python strings (what pandas holds)."""
    codes, values = column
    return np.array(values, dtype=object)[codes[rows]]


def _is(column: tuple[np.ndarray, list[str]], value: str) -> np.ndarray:
    codes, values = column
    return codes == values.index(value) if value in values else np.zeros(len(codes), bool)


def _parse(path: str) -> dict[str, pd.DataFrame]:
    """The two tables from the R file, read column by column (loaders/rdaframes.py; with the steps below 2.7–3.0
    CPU-s and 0.65 GB, where pyreadr took 6.7 CPU-s and 1.5 GB: benchmarks/parsing.py); only the rows of kommuner
    are made into Python strings."""
    from loaders import rdaframes

    frames = rdaframes.read_frames(path, _COLUMNS)
    raw = frames.pop(_TABLE)
    year = raw["calyear"]
    rows = np.flatnonzero(_is(raw["granularity_geo"], "municip") & (year >= 2005) & (year <= 2100))
    if (raw["imputed"][rows] == np.iinfo(np.int32).min).any():
        raise ValueError("the population table has a missing 'imputed' flag")
    # Grouped by the kommune's rank among the kommunenummer (as sorting the strings would order them), not by
    # 2.4 million strings; the sums see the same rows in the same order, so they are the same numbers.
    codes, values = raw["location_code"]
    numbers = np.array([v.removeprefix("municip_nor") for v in values], dtype=object)
    order = np.array(sorted(range(len(values)), key=numbers.__getitem__), dtype=np.int64)
    rank = np.empty(len(values), np.int64)
    rank[order] = np.arange(len(values))
    pop = pd.DataFrame({"k": rank[codes[rows]], "aar": year[rows].astype(int), "age": raw["age"][rows],
                        "total": _is(raw["sex"], "total")[rows], "female": _is(raw["sex"], "female")[rows],
                        "pop_jan1_n": raw["pop_jan1_n"][rows], "imputed": raw["imputed"][rows] == 1})
    del raw
    total = pop[pop["total"]].groupby(["k", "aar"]).agg(befolkning=("pop_jan1_n", "sum"), imputed=("imputed", "any"))
    women = pop[pop["female"] & (pop["age"] >= 18)].groupby(["k", "aar"])["pop_jan1_n"].sum()
    table = total.join(women.rename("kvinner_18")).reset_index()
    table.insert(0, "kommunenummer", pd.Series(numbers[order][table.pop("k").to_numpy()], dtype="str"))
    table[["befolkning", "kvinner_18"]] = table[["befolkning", "kvinner_18"]].round().astype("int64")

    cw = frames[_CROSSWALK]
    rows = np.flatnonzero(_is(cw["granularity_geo"], "municip") & (cw["calyear"] == 2023))
    cw = pd.DataFrame({
        "gammelt": pd.Series(_strings(cw["location_code_original"], rows)).str.removeprefix("municip_nor"),
        "nytt": pd.Series(_strings(cw["location_code_current"], rows)).str.removeprefix("municip_nor"),
        "vekt": cw["weighting"][rows],
    })
    return {"population": table, "crosswalk": cw[cw["gammelt"] != cw["nytt"]].reset_index(drop=True)}


def _parse_in_child() -> dict[str, pd.DataFrame]:
    """Parse in a short-lived child process: reading the 4.2-million-row R table peaks near 0.65 GB, and
    running it apart keeps the app's own process small (the memory goes back to the system on exit).
    A plain subprocess, not multiprocessing: under `streamlit run` a spawned worker would re-run the app.
    The result comes back on the child's stdout in the cache's typed format (checksummed, no pickle), so the
    child writes nothing to disk; a child stopped by the system (out of memory) or by a full or unwritable disk
    is named as such (ResourceError), not as a fault of the population file."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from loaders import cachecodec

    root = str(Path(__file__).resolve().parent.parent)
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    code = "import sys; from loaders.population import _child_main; sys.exit(_child_main(sys.argv[1]))"
    # verified (or downloaded) here, so errors surface in this process; the child's errors come back on stderr
    with reading("population") as path:
        done = subprocess.run([sys.executable, "-c", code, str(path)], env=env, capture_output=True)
        _raise_for_resources(done, sources()["population"]["file"])
        done.check_returncode()
        return cachecodec.loads(done.stdout, _LABEL)


_LABEL = "population-parsed"
_RESOURCE_EXIT = 75  # EX_TEMPFAIL: the machine, not the file, stopped the child
_RESOURCE_ERRNOS = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
                    errno.EFBIG: "a file size limit was reached", errno.EROFS: "the file system is read-only",
                    errno.EACCES: "a file could not be written", errno.ENOMEM: "the machine ran out of memory"}


def _child_main(path: str) -> int:
    """In the child: parse and write the result to stdout (anything printed goes to stderr instead)."""
    import os
    import sys

    from loaders import cachecodec

    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    try:
        data = cachecodec.dumps(_parse(path), _LABEL)
        out.write(data)
        out.flush()
    except (OSError, MemoryError) as exc:
        code = errno.ENOMEM if isinstance(exc, MemoryError) else exc.errno
        if code not in _RESOURCE_ERRNOS:
            raise
        print(f"resource errno {code}: {getattr(exc, 'strerror', None) or type(exc).__name__}", file=sys.stderr)
        return _RESOURCE_EXIT
    return 0


def _raise_for_resources(done, file: str) -> None:
    """A ResourceError when the child was stopped by a signal or reported a full/unwritable disk or no memory."""
    if done.returncode < 0:
        name = signal.Signals(-done.returncode).name if -done.returncode in signal.valid_signals() else "?"
        raise ResourceError(file, f"the reader process was stopped by signal {-done.returncode} ({name}); "
                            "SIGKILL usually means the machine ran out of memory (reading it needs about 0.65 GB)")
    said = re.search(r"^resource errno (\d+): (.*)$", done.stderr.decode(errors="replace"), re.MULTILINE)
    if done.returncode == _RESOURCE_EXIT and said:
        raise ResourceError(file, f"{_RESOURCE_ERRNOS.get(int(said[1]), 'the machine refused a resource')} "
                            f"({said[2].strip()})")


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
