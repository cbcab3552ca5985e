"""`python -m loaders check`: every source's file, sha256, rows and licence, then the joined table's counts."""

from __future__ import annotations

import argparse
import sys

from loaders.problems import DataMissingError, ValidationError


def check() -> int:
    from loaders import registry, shapes

    ok = True
    print(f"data dir: {registry.data_dir()}")
    print(f"{'source':<14} {'file':<40} {'sha256':<7} {'rows':>7}  licence")
    for name, src in registry.sources().items():
        path = registry.fetch(name)
        good = registry.sha256(path) == src["sha256"]
        seen = shapes.observed(name)
        rows_ok = seen["rows"] == src["shape"]["rows"] and shapes.key_unique(name, src["shape"]["key"])
        ok &= good and rows_ok
        mark = "ok" if good else "FAILED"
        rows = f"{seen['rows']}" + ("" if rows_ok else f" (expected {src['shape']['rows']})")
        print(f"{name:<14} {src['file']:<40} {mark:<7} {rows:>7}  {src['licence']}")
    from coverage.model import kommune_table  # the CLI may report the model's catchments (one rule for all)

    t = kommune_table()
    print()
    print(f"joined table: {len(t)} kommuner ({t['kommunenummer'].nunique()} unique), "
          f"population {t.attrs['population_year']}: {int(t['befolkning'].sum()):,}".replace(",", " "))
    print("plan status: " + ", ".join(f"{k} {v}" for k, v in t["plan_status"].value_counts().items()))
    print("catchments: " + ", ".join(f"{k} {v}" for k, v in t["catchment_evidence"].value_counts().items()))
    for notice in t.attrs["notices"]:
        print(f"notice: {notice}")
    print("all green" if ok else "PROBLEMS FOUND")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__)
    parser.add_argument("command", choices=["check"])
    parser.parse_args(argv)
    try:
        return check()
    except DataMissingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
