"""`python -m loaders check`: every source's file, sha256, rows and licence, the curated tables' problems, then
the joined table's counts. A missing, damaged or unreadable file is a FAILED row and the check goes on;
a file that is fine but could not be read because the machine ran out of room or memory keeps its `ok` and says
so (the cache folder's own problems are notices: results are then kept in memory).
exit 0 when all is well, 2 when a data file failed, 3 when only the curated tables have problems, 4 when only the
machine (a full disk, too little memory) stopped a file from being read."""

from __future__ import annotations

import argparse
import sys

from loaders.problems import (
    DataDamagedError,
    DataError,
    DataMissingError,
    DataUnreadableError,
    ResourceError,
    ValidationError,
    brief,
)


def _sources(registry, shapes) -> list[DataError | str]:
    """One row per source; returns the failures (errors, or text for a wrong shape)."""
    failures: list[DataError | str] = []
    print(f"{'source':<14} {'file':<45} {'sha256':<7} {'rows':>7}  licence")
    for name, src in registry.sources().items():
        rows = ""
        try:
            registry.fetch(name)  # verifies the pinned sha256 first
            mark = "ok"
            seen = shapes.observed(name)
            rows = str(seen["rows"])
            if seen["rows"] != src["shape"]["rows"] or not shapes.key_unique(name, src["shape"]["key"]):
                mark, rows = "FAILED", f"{rows} (expected {src['shape']['rows']}, key {src['shape']['key']} unique)"
                failures.append(f"{src['file']}: {rows}")
        except ResourceError as exc:  # the pinned file, fine; the machine stopped its reading
            mark, rows = "ok", "?"
            failures.append(exc)
        except DataError as exc:
            mark = "FAILED"
            failures.append(exc)
        except Exception as exc:  # the check reports every file, whatever went wrong with one
            mark = "FAILED"
            failures.append(f"{src['file']}: {brief(exc)}")
        print(f"{name:<14} {src['file']:<45} {mark:<7} {rows:>7}  {src['licence']}")
        if mark == "FAILED" or rows == "?":
            print(f"{'':<14} → {_why(failures[-1])}")
    return failures


def _why(failure: DataError | str) -> str:
    """A few words for the row; the full message (with the fix) follows the table."""
    if isinstance(failure, ResourceError):
        return f"not read: {failure.cause} (the file itself is fine)"
    if isinstance(failure, DataDamagedError):
        what = f"damaged: sha256 {failure.actual[:12]}…, pinned {failure.expected[:12]}…" if failure.actual else "unreadable disk"
        return what + (f" ({failure.reason})" if failure.reason else "")
    if isinstance(failure, DataMissingError):
        return "missing" + (f" ({failure.reason})" if failure.reason else "")
    if isinstance(failure, DataUnreadableError):
        return f"unreadable: {failure.detail}"
    return str(failure)


def check() -> int:
    from loaders import boundaries, registry, shapes, table

    print(f"data dir: {registry.data_dir()}")
    failures = _sources(registry, shapes)
    for message in dict.fromkeys(str(f) for f in failures if isinstance(f, DataError)):
        print(f"error: {message}", file=sys.stderr)  # each once: every missing file is named in one message

    print()
    invalid, data = False, None
    try:
        data = table.load_curated(boundaries.kommuner())
        print("curated tables: ok")
        forms = data["malform"]["malform"].value_counts()
        print("målform: " + ", ".join(f"{k} {v}" for k, v in forms.items()) + f" (documents in Nynorsk by default for "
              f"{forms.get('nynorsk', 0)} kommuner)")
    except ValidationError as exc:
        invalid = True
        print(f"curated tables: FAILED — {exc}")
    except DataError as exc:
        if not failures:  # a file that passed above should not fail here; say what happened
            failures.append(exc)
        print("curated tables: not checked — they are checked against the kommuner and population files, and "
              + (f"one could not be read: {exc.cause}" if isinstance(exc, ResourceError) else "one of them FAILED"))
    if data is not None and not failures:
        try:
            from coverage.model import kommune_table  # the CLI reports the model's catchments: one rule for all

            t = kommune_table()
        except DataError as exc:
            failures.append(exc)
            print(f"joined table: FAILED — {exc}")
        else:
            people = f"{int(t['befolkning'].sum()):,}".replace(",", " ")
            print(f"joined table: {len(t)} kommuner ({t['kommunenummer'].nunique()} unique), "
                  f"population {t.attrs['population_year']}: {people}")
            print("plan status: " + ", ".join(f"{k} {v}" for k, v in t["plan_status"].value_counts().items()))
            print("catchments: " + ", ".join(f"{k} {v}" for k, v in t["catchment_evidence"].value_counts().items()))
            for line in _evidence_coverage(t):
                print(line)
            for notice in t.attrs["notices"]:
                print(f"notice: {notice}")
    for notice in _cache_notices():
        print(f"notice: {notice}")
    stopped = [f for f in failures if isinstance(f, ResourceError)]
    if len(stopped) < len(failures):
        print(f"PROBLEMS FOUND: {len(failures) - len(stopped)} source file(s) FAILED"
              + (f", {len(stopped)} not read for lack of disk space or memory" if stopped else "")
              + (", curated tables invalid" if invalid else ""))
        return 2
    if stopped:
        print(f"PROBLEMS FOUND: {len(stopped)} source file(s) not read for lack of disk space or memory "
              "(the files are fine)")
        return 4
    if invalid:
        print("PROBLEMS FOUND: curated tables invalid")
        return 3
    print("all green")
    return 0


def _evidence_coverage(t) -> list[str]:
    """coverage.sourcing's figure on the published plan status: the curated table with the register's approved
    entries and the campaign's open requests (the register unreachable: curated only, said so)."""
    from coverage import sourcing
    from register import publish

    entries, asks = publish.approved(), publish.asked()
    published = publish.with_asks(publish.overlay(t, entries), asks)
    notice = entries.attrs.get("register_notice") or asks.attrs.get("register_notice")
    return sourcing.lines(sourcing.evidence_coverage(published)) + ([f"notice: {notice}"] if notice else [])


def _cache_notices() -> list:
    from loaders import diskcache

    return diskcache.notices()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__)
    parser.add_argument("command", choices=["check"])
    parser.parse_args(argv)
    try:
        return check()
    except DataError as exc:  # check() reports per file; this is the last guard against a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
