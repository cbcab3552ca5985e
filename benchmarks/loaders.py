"""Print what the loaders' safety costs: the cache key with the code fingerprint (target: well under 50 ms on a
first page load), and checking every source file's sha256 (once per process) against merely reading it.

    DEKNING_DATA_DIR=../shared/data python benchmarks/loaders.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7

# In a fresh interpreter: import the key's module and compute the key, as the app's first page load does.
_KEY = """
import time
t0 = time.perf_counter()
from coverage.params import Params, model_key
t1 = time.perf_counter()
model_key(Params(), 2025)
t2 = time.perf_counter()
from loaders import fingerprint, registry
fingerprint.clear()
t3 = time.perf_counter()
fingerprint.code_hash("coverage")
t4 = time.perf_counter()
import hashlib
raw = registry.key("kommuner", "fylker", "population", "grid_1km", "roads")
for p in sorted(fingerprint.ROOT.glob("geodata/*.csv")):
    raw += hashlib.sha256(p.read_bytes()).hexdigest()
t5 = time.perf_counter()
heavy = sorted({"scipy", "geopandas", "shapely", "pandas"} & set(__import__("sys").modules))
print((t1 - t0) * 1e3, (t2 - t1) * 1e3, (t4 - t3) * 1e3, (t5 - t4) * 1e3, heavy or "-")
"""

_VERIFY = """
import time
from loaders import registry
files = [registry.data_dir() / s["file"] for s in registry.sources().values()]
t0 = time.perf_counter()
size = sum(len(p.read_bytes()) for p in files)
t1 = time.perf_counter()
for name in registry.sources():
    registry.fetch(name)
t2 = time.perf_counter()
for name in registry.sources():
    registry.fetch(name)
t3 = time.perf_counter()
print(size / 1e6, (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3)
"""


def _runs(code: str) -> list[list[str]]:
    out = []
    for _ in range(RUNS):
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        out.append(result.stdout.split())
    return out


def main() -> None:
    rows = _runs(_KEY)
    imp, key, fp, old = (statistics.median(float(r[i]) for r in rows) for i in range(4))
    print(f"cache key on a first page load (median of {RUNS} fresh processes):")
    print(f"  import coverage.params            {imp:6.1f} ms")
    print(f"  model_key(Params(), 2025)         {key:6.1f} ms   (target: well under 50 ms)")
    print(f"    of which the code fingerprint   {fp:6.1f} ms")
    print(f"  baseline: the old key's hashing   {old:6.1f} ms   (pinned hashes + geodata/*.csv; ratio {fp / old:.1f}x)")
    print(f"  heavy modules imported by it: {rows[0][4]}")
    size, read, first, again = (statistics.median(float(r[i]) for r in _runs(_VERIFY)) for i in range(4))
    print(f"every source file ({size:.1f} MB), median of {RUNS} fresh processes:")
    print(f"  read only (baseline)              {read:6.1f} ms")
    print(f"  fetch with sha256 check, first    {first:6.1f} ms   (ratio {first / read:.1f}x the read)")
    print(f"  fetch again (verified, cached)    {again:6.1f} ms")


if __name__ == "__main__":
    main()
