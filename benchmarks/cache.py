"""What the disk cache's typed, checksummed files cost against the pickles they replace.

For the model and the kommune table (taken from the cache, computed if absent), the same value is written both
ways into a temporary folder and read back alternately (ABAB), so both see the same machine load. Prints the size
and the median read time of each, and their ratio. The pickle here is only the baseline: the cache never reads one.

    python benchmarks/cache.py [rounds]
"""

from __future__ import annotations

import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders import cachecodec, diskcache  # noqa: E402


def _new(path: Path):
    return diskcache._read(path)


def _old(path: Path):
    with open(path, "rb") as fh:
        return pickle.load(fh)


def _time(read, path: Path) -> float:
    start = time.process_time()
    read(path)
    return time.process_time() - start


def main(rounds: int = 15) -> None:
    from coverage import tables

    t = tables.Tables()
    values = {"model": t.model(), "kommune table": t.kommuner()}
    print(f"{'value':<14} {'pickle MB':>9} {'typed MB':>9} {'pickle ms':>9} {'typed ms':>9} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, value in values.items():
            old, new = Path(tmp) / f"{name}.pkl", Path(tmp) / f"bench-{name}{diskcache.SUFFIX}"
            old.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            new.write_bytes(cachecodec.dumps(value, new.name.removesuffix(diskcache.SUFFIX)))
            a, b = [], []
            for _ in range(rounds):  # ABAB
                a.append(_time(_old, old))
                b.append(_time(_new, new))
            ma, mb = statistics.median(a) * 1000, statistics.median(b) * 1000
            print(f"{name:<14} {old.stat().st_size / 1e6:>9.2f} {new.stat().st_size / 1e6:>9.2f} "
                  f"{ma:>9.1f} {mb:>9.1f} {mb / ma:>6.2f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
