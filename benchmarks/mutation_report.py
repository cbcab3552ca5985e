"""The mutation harness's report and its records (benchmarks/mutation.py).

Survivors are judged by people, in `benchmarks/mutation_judged*.csv` (one file per group of modules; columns path,
before, after, verdict, reason): a
mutant is *equivalent* when no behaviour a user can see changes (it leaves the kill rate's denominator), or
*accepted* when it changes something the tests deliberately do not hold (it stays a survivor and counts against
the rate). A judgement names the mutant by its module and its line before and after, not by line number, so it
survives edits elsewhere in the file. The rate printed is killed (time-outs included) over mutants run minus those
judged equivalent.
"""

from __future__ import annotations

import csv
from pathlib import Path

JUDGED = Path(__file__).resolve().parent / "mutation_judged*.csv"
VERDICTS = ("equivalent", "accepted")
FIELDS = ["key", "path", "line", "outcome", "before", "after"]


def load_judgements(pattern: str | Path = JUDGED) -> dict[tuple[str, str, str], tuple[str, str]]:
    """{(path, before, after): (verdict, reason)} from every file the pattern matches; every bad row is named,
    all at once."""
    pattern = Path(pattern)
    out, problems = {}, []
    for path in sorted(pattern.parent.glob(pattern.name)):
        with path.open(encoding="utf-8", newline="") as f:
            for n, row in enumerate(csv.DictReader(f), start=2):
                if row["verdict"] not in VERDICTS:
                    problems.append(f"{path.name} line {n}: verdict {row['verdict']!r} (allowed: "
                                    f"{', '.join(VERDICTS)})")
                if not (row["reason"] or "").strip():
                    problems.append(f"{path.name} line {n}: no reason given for {row['path']}: {row['after']}")
                out[(row["path"], row["before"], row["after"])] = (row["verdict"], row["reason"])
    if problems:
        raise ValueError("; ".join(problems))
    return out


def _verdict(m, judged) -> tuple[str, str] | None:
    return judged.get((m.path, m.before, m.after))


def print_report(results: list, total: dict[str, int], judged: dict) -> None:
    """Per module: mutants, run, killed, time-outs (counted as killed, but listed: on a loaded machine a slow run is
    not proof of a caught mistake), survivors judged equivalent, other survivors and the kill rate; then every
    time-out and survivor with its verdict."""
    by_file: dict[str, list[str]] = {}
    for m, outcome in results:
        if outcome == "survived" and (_verdict(m, judged) or ("",))[0] == "equivalent":
            outcome = "equivalent"
        by_file.setdefault(m.path, []).append(outcome)
    print(f"{'module':32} {'mutants':>8} {'run':>5} {'killed':>7} {'timeout':>8} {'equiv.':>7} {'survived':>9} "
          f"{'kill rate':>10}")
    everything = [o for outcomes in by_file.values() for o in outcomes]
    for path, o in [*sorted(by_file.items()), ("all", everything)]:
        k, t, e, s = (o.count(x) for x in ("killed", "timeout", "equivalent", "survived"))
        n = sum(total.values()) if path == "all" else total[path]
        print(f"{path:32} {n:8d} {len(o):5d} {k:7d} {t:8d} {e:7d} {s:9d} {(k + t) / max(len(o) - e, 1):10.1%}")
    for label, kind in (("time-outs (re-run them on a quiet machine)", "timeout"),
                        ("survivors (equivalent, accepted, or a gap in the tests)", "survived")):
        print(f"\n{label}:")
        for m, outcome in sorted(results, key=lambda r: (r[0].path, r[0].line)):
            if outcome == kind:
                verdict, reason = _verdict(m, judged) or ("NOT JUDGED", "")
                print(f"  {m.key} {m.path}:{m.line}  {m.before}\n      -> {m.after}\n      {verdict}: {reason}")


def save(results: list, path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, FIELDS)
        w.writeheader()
        for m, outcome in results:
            w.writerow({"key": m.key, "path": m.path, "line": m.line, "outcome": outcome, "before": m.before,
                        "after": m.after})


def unkilled(path: str) -> set[str]:
    """The keys of the survivors and time-outs in a saved run."""
    with open(path, encoding="utf-8", newline="") as f:
        return {row["key"] for row in csv.DictReader(f) if row["outcome"] in ("survived", "timeout")}
