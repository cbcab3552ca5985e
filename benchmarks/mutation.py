"""How many plausible mistakes the non-browser tests catch: a small mutation harness (issue 16).

    python benchmarks/mutation.py                       # every target module, a seeded sample of 240 mutants
    python benchmarks/mutation.py --sample 0            # every mutant (hours on 2 cores)
    python benchmarks/mutation.py --only coverage/gaps.py --list   # the mutants of one module, not run

A mutant is one small edit of one expression in a target module: a comparison flipped (< ↔ <=, == ↔ !=, in ↔
not in), arithmetic swapped (+ ↔ −, × ↔ ÷), a number moved (n → n + 1, x → 2x), `and` ↔ `or`, a `not` or a
unary minus dropped, True ↔ False. Docstrings, annotations, f-strings and the text of raised errors are not
mutated (a changed message is not a wrong number). Each mutant is written into a private copy of the repository
(one per worker, with its own DEKNING_CACHE_DIR: the disk caches are keyed by the code, so a mutant never reads a
result computed by other code) and the tests that exercise its module (`TESTS` below, browser tests excluded) run
with `-x`; a failure or a time-out kills it. Before any mutant, each test selection runs once on the unchanged
code and must pass. Why not mutmut: its trampolines keep one copy of the code for all mutants, so this project's
code-keyed disk caches would be computed by one mutant and read by the next.

The harness prints, per
module, mutants / killed / survived and the kill rate, then every survivor as file:line with the line before and
after, so each can be judged equivalent (no behaviour a user can see changes) or a gap in the tests.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("coverage/*.py", "loaders/curated.py", "loaders/catchment.py", "register/publish.py", "export/*.py",
           "vocabulary/numbers.py")
SKIP_FILES = {"coverage/__init__.py", "export/__init__.py"}
ORACLE = "tests/test_oracle*.py"
# Which test files exercise which module (first match wins). Tests outside a module's list may also catch its
# mutants, so the kill rate printed is a lower bound.
TESTS = [
    ("coverage/stats.py", ["test_stats", "test_indicators", ORACLE, "test_dashboard"]),
    ("coverage/gaps.py", ["test_gaps", "test_band", "test_dashboard", ORACLE, "test_tables"]),
    ("coverage/summary.py", ["test_gaps", "test_band", "test_dashboard", ORACLE]),
    ("coverage/sourcing.py", ["test_sourcing", "test_dashboard"]),
    ("coverage/indicators.py", ["test_indicators", "test_table", ORACLE, "test_band", "test_dashboard",
                                "test_coverage_tables"]),
    ("coverage/tables.py", ["test_coverage_tables", "test_indicators", ORACLE, "test_dashboard"]),
    ("coverage/scenario.py", ["test_scenario", "test_whatif_export", ORACLE, "test_coverage_cli"]),
    ("coverage/calibration.py", ["test_calibration", "test_validation", "test_reference_routes", "test_coverage_cli"]),
    ("coverage/validation.py", ["test_validation", "test_calibration", "test_dashboard"]),
    ("coverage/ferries.py", ["test_ferries", "test_network", "test_calibration"]),
    ("coverage/__main__.py", ["test_coverage_cli", "test_coverage_tables", ORACLE]),
    ("coverage/", ["test_network", "test_ferries", "test_indicators", "test_population", ORACLE, "test_calibration",
                   "test_validation", "test_coverage_cli", "test_scenario", "test_coverage_tables", "test_table",
                   "test_dashboard"]),
    ("loaders/curated.py", ["test_curated", "test_plan_rules", "test_faults", "test_table", "test_evidence",
                            "test_review"]),
    ("loaders/catchment.py", ["test_table", "test_indicators", "test_curated", ORACLE]),
    ("register/publish.py", ["test_register", "test_plan_rules", "test_register_app", "test_register_campaign",
                             "test_coverage_tables", "test_dashboard", "test_joint_plans"]),
    ("export/", ["test_export_cli", "test_export_maps", "test_factsheet", "test_tables", "test_whatif_export",
                 "test_html_export", "test_joint_plans", "test_band", ORACLE]),
    ("vocabulary/numbers.py", ["test_vocabulary", "test_plan_rules", "test_factsheet", "test_dashboard", "test_tables",
                               "test_band", ORACLE]),
]


@dataclass(frozen=True)
class Mutant:
    path: str  # relative to the repository
    index: int  # the index-th mutation point of the file, in ast.walk order
    line: int
    before: str
    after: str


_COMPARE = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
            ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
_BINOP = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Mult,
          ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult}
_BOOLOP = {ast.And: ast.Or, ast.Or: ast.And}
# keyword values that only guard or tune (zip's strict, mkdir's exist_ok, a spinner): not a result a user sees
_NEUTRAL_KEYWORDS = {"strict", "exist_ok", "show_spinner", "flush", "capture_output", "text"}


def _quiet_nodes(tree: ast.AST) -> set[int]:
    """ids of nodes never mutated: docstrings, annotations, f-strings, raised messages, warnings' text."""
    quiet: set[int] = set()

    def hush(node: ast.AST | None) -> None:
        if node is not None:
            quiet.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                hush(body[0])
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            hush(node.returns)
            for a in [*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs, node.args.vararg,
                      node.args.kwarg]:
                if a is not None:
                    hush(a.annotation)
        if isinstance(node, ast.keyword) and node.arg in _NEUTRAL_KEYWORDS:
            hush(node)
        if isinstance(node, ast.AnnAssign):
            hush(node.annotation)
        if isinstance(node, (ast.JoinedStr, ast.Raise, ast.Assert)):
            hush(node)
    return quiet


def _points(tree: ast.AST) -> list[ast.AST]:
    """Every node a mutation can change, in a fixed order."""
    quiet = _quiet_nodes(tree)
    return [node for node in ast.walk(tree) if id(node) not in quiet and _mutable(node)]


def _mutable(node: ast.AST) -> bool:
    if isinstance(node, ast.Compare):
        return type(node.ops[0]) in _COMPARE
    if isinstance(node, (ast.BinOp, ast.AugAssign)):
        return type(node.op) in _BINOP
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.op, (ast.Not, ast.USub))
    if isinstance(node, ast.Constant):
        return type(node.value) in (int, float, bool)
    return isinstance(node, ast.BoolOp)


def _mutate(node: ast.AST) -> ast.AST | None:
    """The mutated replacement for one point (a new node; the tree is a fresh parse, so editing in place is fine)."""
    if isinstance(node, ast.Compare):
        node.ops[0] = _COMPARE[type(node.ops[0])]()
    elif isinstance(node, (ast.BinOp, ast.AugAssign)):
        node.op = _BINOP[type(node.op)]()
    elif isinstance(node, ast.BoolOp):
        node.op = _BOOLOP[type(node.op)]()
    elif isinstance(node, ast.UnaryOp):
        return node.operand
    elif isinstance(node, ast.Constant):
        v = node.value
        node.value = (not v) if isinstance(v, bool) else (v + 1 if isinstance(v, int) else (v * 2 if v else 1.0))
    return node


class _Swap(ast.NodeTransformer):
    def __init__(self, target: ast.AST, replacement: ast.AST) -> None:
        self.target, self.replacement = target, replacement

    def visit(self, node: ast.AST) -> ast.AST:
        if node is self.target:
            return self.replacement
        return super().visit(node)


def mutated_source(source: str, index: int) -> tuple[str, int]:
    """The module's source with its index-th mutation applied (ast.unparse: comments are lost, which only the
    copy sees) and the line it changes."""
    tree = ast.parse(source)
    node = _points(tree)[index]
    line = node.lineno
    new = _Swap(node, _mutate(node)).visit(tree)
    return ast.unparse(ast.fix_missing_locations(new)), line


def mutants_of(path: str) -> list[Mutant]:
    source = (ROOT / path).read_text(encoding="utf-8")
    lines = source.splitlines()
    out = []
    for i in range(len(_points(ast.parse(source)))):
        new, line = mutated_source(source, i)
        after = _changed_line(ast.unparse(ast.parse(source)), new)
        out.append(Mutant(path, i, line, lines[line - 1].strip(), after))
    return out


def _changed_line(old: str, new: str) -> str:
    for a, b in zip(old.splitlines(), new.splitlines(), strict=False):
        if a != b:
            return b.strip()
    return "(no visible change)"


def targets(only: list[str] | None) -> list[str]:
    found = sorted({str(p.relative_to(ROOT)) for pattern in TARGETS for p in ROOT.glob(pattern)} - SKIP_FILES)
    return [p for p in found if not only or any(p.startswith(o) for o in only)]


def tests_for(path: str) -> list[str]:
    """The test files that run against a module's mutants (the first matching entry of TESTS)."""
    for prefix, names in TESTS:
        if path.startswith(prefix):
            globs = [n if n.startswith("tests/") else f"tests/{n}.py" for n in names]
            return sorted({str(p.relative_to(ROOT)) for g in globs for p in ROOT.glob(g)})
    raise SystemExit(f"no tests listed for {path}: add it to TESTS")


class Worker:
    """A private copy of the repository with its own cache directory; runs one mutant at a time."""

    def __init__(self, base: Path, n: int) -> None:
        self.root = base / f"repo{n}"
        files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout.split("\n")
        for f in filter(None, files):
            if (ROOT / f).is_file():
                (self.root / f).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / f, self.root / f)
        self.env = {**os.environ, "DEKNING_CACHE_DIR": str(base / f"cache{n}"), "DEKNING_OFFLINE": "1",
                    "PYTHONDONTWRITEBYTECODE": "1"}
        self.env.setdefault("DEKNING_DATA_DIR", str(ROOT.parent / "shared" / "data"))
        self.env.pop("DEKNING_TEST_POSTGRES_URL", None)
        self.env.pop("DEKNING_REQUIRE_POSTGRES", None)

    def pytest(self, tests: list[str], timeout: float) -> tuple[str, float]:
        """'pass', 'fail' or 'timeout', and the seconds it took."""
        start = time.monotonic()
        try:
            r = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m",
                                "not browser and not slow_mutation", *tests], cwd=self.root, env=self.env,
                               capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return "timeout", time.monotonic() - start
        return ("pass" if r.returncode == 0 else "fail"), time.monotonic() - start

    def run(self, m: Mutant, timeout: float) -> str:
        original = (ROOT / m.path).read_text(encoding="utf-8")
        target = self.root / m.path
        target.write_text(mutated_source(original, m.index)[0], encoding="utf-8")
        try:
            outcome, _ = self.pytest(tests_for(m.path), timeout)
        finally:
            target.write_text(original, encoding="utf-8")
        return {"pass": "survived", "fail": "killed", "timeout": "timeout"}[outcome]


def _baseline(worker: Worker, paths: list[str]) -> dict[tuple[str, ...], float]:
    """Each test selection once on the unchanged code: it must pass; its time sets the mutants' time-out."""
    seconds = {}
    for sel in sorted({tuple(tests_for(p)) for p in paths}):
        outcome, took = worker.pytest(list(sel), timeout=1800)
        if outcome != "pass":
            raise SystemExit(f"the unchanged code fails {' '.join(sel)}: fix that before measuring mutants")
        seconds[sel] = took
    return seconds


def _report(results: list[tuple[Mutant, str]], total: dict[str, int]) -> None:
    """Per module: mutants, run, killed (a test failed), time-outs (counted as killed, but listed: on a loaded machine
    a slow run is not proof of a caught mistake), survived and the kill rate."""
    by_file: dict[str, list[str]] = {}
    for m, outcome in results:
        by_file.setdefault(m.path, []).append(outcome)
    print(f"{'module':32} {'mutants':>8} {'run':>5} {'killed':>7} {'timeout':>8} {'survived':>9} {'kill rate':>10}")
    rows = [(path, by_file[path]) for path in sorted(by_file)] + [("all", [o for _, o in results])]
    for path, o in rows:
        k, t, s = o.count("killed"), o.count("timeout"), o.count("survived")
        n = sum(total.values()) if path == "all" else total[path]
        print(f"{path:32} {n:8d} {len(o):5d} {k:7d} {t:8d} {s:9d} {(k + t) / max(len(o), 1):10.1%}")
    for label, kind in (("time-outs (re-run them on a quiet machine)", "timeout"),
                        ("survivors (judge each: equivalent, or a gap in the tests)", "survived")):
        print(f"\n{label}:")
        for m, outcome in sorted(results, key=lambda r: (r[0].path, r[0].line)):
            if outcome == kind:
                print(f"  {m.path}:{m.line}  {m.before}\n  {'':{len(m.path) + len(str(m.line)) + 1}}  -> {m.after}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", nargs="*", help="module paths or prefixes (default: every target)")
    ap.add_argument("--sample", type=int, default=240, help="mutants to run, drawn at random (0: all)")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--list", action="store_true", help="print the mutants and stop")
    args = ap.parse_args(argv)
    paths = targets(args.only)
    every = [m for p in paths for m in mutants_of(p)]
    total = {p: sum(m.path == p for m in every) for p in paths}
    chosen = every if not args.sample or args.sample >= len(every) else \
        sorted(random.Random(args.seed).sample(every, args.sample), key=lambda m: (m.path, m.index))
    if args.list:
        for m in chosen:
            print(f"{m.path}:{m.line}  {m.before}  ->  {m.after}")
        return 0
    print(f"{len(every)} mutants in {len(paths)} modules; running {len(chosen)} (seed {args.seed})", flush=True)
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        workers = [Worker(Path(tmp), n) for n in range(args.workers)]
        base = _baseline(workers[0], sorted({m.path for m in chosen}))
        free = list(workers)
        results: list[tuple[Mutant, str]] = []

        def one(m: Mutant) -> tuple[Mutant, str]:
            w = free.pop()
            try:
                return m, w.run(m, timeout=max(120.0, 4 * base[tuple(tests_for(m.path))]))
            finally:
                free.append(w)

        start = time.monotonic()
        with ThreadPoolExecutor(args.workers) as pool:
            for n, (m, outcome) in enumerate(pool.map(one, chosen), 1):
                results.append((m, outcome))
                print(f"[{n}/{len(chosen)} {time.monotonic() - start:6.0f} s] {outcome:8} {m.path}:{m.line} "
                      f"{m.after[:70]}", flush=True)
    print()
    _report(results, total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
