"""What reading the two R files costs, the column reader (loaders/rdaframes.py) against the readers it replaced
(pyreadr for the population, the `rdata` package for the roads), run alternately (ABAB), each run in a fresh
interpreter: CPU-seconds of the parse and the process's peak memory. Also checks that both give the same tables.
With --prepare N, also times N cold `python -m coverage prepare` runs, each with an empty cache folder (CPU-seconds
and peak memory of the whole process tree, the population's child included, as /usr/bin/time counts them); with
--baseline DIR (another checkout, e.g. `git archive <commit> | tar -x -C DIR`), its prepare and this one alternate.

    DEKNING_DATA_DIR=../shared/data DEKNING_OFFLINE=1 python benchmarks/parsing.py [rounds] [--prepare N]
        [--baseline DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The readers before issue 21's warm-up work, verbatim but for their names: the baseline of this benchmark.
_OLD = '''
def population(path):
    import pyreadr
    import pandas as pd
    raw = pyreadr.read_r(path, use_objects=["nor_population_by_age_b2024", "nor_locations_redistricting_b2024"])
    pop = raw["nor_population_by_age_b2024"]
    pop = pop[(pop["granularity_geo"] == "municip") & pop["calyear"].between(2005, 2100)]
    pop = pop.assign(kommunenummer=pop["location_code"].str.removeprefix("municip_nor"),
                     aar=pop["calyear"].astype(int))
    total = pop[pop["sex"] == "total"].groupby(["kommunenummer", "aar"]).agg(
        befolkning=("pop_jan1_n", "sum"), imputed=("imputed", "any"))
    women = pop[(pop["sex"] == "female") & (pop["age"] >= 18)].groupby(["kommunenummer", "aar"])["pop_jan1_n"].sum()
    table = total.join(women.rename("kvinner_18")).reset_index()
    table[["befolkning", "kvinner_18"]] = table[["befolkning", "kvinner_18"]].round().astype("int64")
    cw = raw["nor_locations_redistricting_b2024"]
    cw = cw[(cw["granularity_geo"] == "municip") & (cw["calyear"] == 2023)]
    cw = pd.DataFrame({"gammelt": cw["location_code_original"].str.removeprefix("municip_nor"),
                       "nytt": cw["location_code_current"].str.removeprefix("municip_nor"), "vekt": cw["weighting"]})
    return {"population": table, "crosswalk": cw[cw["gammelt"] != cw["nytt"]].reset_index(drop=True)}


def roads(path):
    import warnings
    import numpy as np
    import pandas as pd
    import rdata
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = rdata.conversion.convert(rdata.parser.parse_file(path))["Veglenke"]
    coords = [np.asarray(c, dtype="float64") for c in raw["senterlinje"]]
    return pd.DataFrame({
        "type_veg": raw["typeVeg"].astype(str).to_numpy(),
        "vegkategori": raw["vegkategori"].astype("string").fillna("").to_numpy(),
        "vegnummer": pd.to_numeric(raw["vegnummer"], errors="coerce").to_numpy(),
        "motorvegtype": raw["motorvegtype"].astype("string").fillna("").to_numpy(),
        "medium": raw["medium"].astype("string").fillna("").to_numpy(),
        "coords": coords,
    })
'''

_NEW = '''
def population(path):
    from loaders import population as p
    return p._parse(path)


def roads(path):
    from loaders import roads as r
    return r._parse()
'''

_RUN = '''
import pickle, resource, sys, time
from loaders import registry
what, out = sys.argv[1], sys.argv[2]
with registry.reading(what) as path:
    start = time.process_time()
    value = {what}(str(path))
    cpu = time.process_time() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
pickle.dump(value, open(out, "wb"))
print(cpu, peak)
'''


def _once(code: str, what: str, out: Path) -> tuple[float, float]:
    program = code + _RUN.replace("{what}", what)
    done = subprocess.run([sys.executable, "-c", program, what, str(out)], cwd=ROOT, capture_output=True, text=True,
                          env=os.environ | {"PYTHONPATH": str(ROOT)}, check=True)
    cpu, peak = done.stdout.split()[-2:]
    return float(cpu), float(peak)


def _same(old: Path, new: Path) -> bool:
    import pickle

    import numpy as np
    import pandas.testing

    a, b = pickle.loads(old.read_bytes()), pickle.loads(new.read_bytes())
    frames = a.items() if isinstance(a, dict) else [("roads", a)]
    for name, frame in frames:
        other = b[name] if isinstance(b, dict) else b
        if "coords" in frame:
            if not all(np.array_equal(x, y) and x.strides == y.strides for x, y in zip(frame.coords, other.coords,
                                                                                       strict=True)):
                return False
            frame, other = frame.drop(columns="coords"), other.drop(columns="coords")
        pandas.testing.assert_frame_equal(frame, other, check_exact=True)
    return True


def parsers(rounds: int) -> None:
    print(f"{'file':<11} {'reader':<8} {'CPU-s min/med/max':>20} {'peak MB min/med/max':>22}  same tables")
    with tempfile.TemporaryDirectory() as tmp:
        for what in ("population", "roads"):
            runs: dict[str, list[tuple[float, float]]] = {"old": [], "new": []}
            for _ in range(rounds):  # ABAB: both see the same machine load
                for name, code in (("old", _OLD), ("new", _NEW)):
                    runs[name].append(_once(code, what, Path(tmp) / f"{what}-{name}.pkl"))
            same = _same(Path(tmp) / f"{what}-old.pkl", Path(tmp) / f"{what}-new.pkl")
            for name in ("old", "new"):
                cpu, peak = zip(*runs[name], strict=True)
                print(f"{what:<11} {name:<8} {_spread(cpu, '.2f'):>20} {_spread(peak, '.0f'):>22}  {same}")


def _spread(values, fmt: str) -> str:
    return "/".join(format(v, fmt) for v in (min(values), statistics.median(values), max(values)))


def _cold(root: Path) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as cache:
        proc = subprocess.Popen([sys.executable, "-m", "coverage", "prepare"], cwd=root, stdout=subprocess.DEVNULL,
                                env=os.environ | {"DEKNING_CACHE_DIR": cache})
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def prepare(runs: int, baseline: Path | None = None) -> None:
    """Cold `coverage prepare`: CPU-seconds and peak memory of the process tree (os.wait4, as /usr/bin/time)."""
    roots = [("baseline", baseline)] if baseline else []
    for i in range(runs):
        for name, root in [*roots, ("this", ROOT)]:
            cpu, peak, code = _cold(root)
            print(f"cold prepare {i + 1} {name}: {cpu:.1f} CPU-s, peak {peak:.0f} MB, exit {code}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rounds", nargs="?", type=int, default=3)
    parser.add_argument("--prepare", type=int, default=0, metavar="N")
    parser.add_argument("--baseline", type=Path, help="another checkout whose cold prepare alternates with this one")
    args = parser.parse_args(argv)
    parsers(args.rounds)
    prepare(args.prepare, args.baseline)


if __name__ == "__main__":
    main()
