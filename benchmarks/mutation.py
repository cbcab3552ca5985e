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
code and must pass (one run of every test file the chosen modules need); that run also records which tests' bodies
run which lines (benchmarks/mutation_contexts.py),
so a mutant first meets only the tests that run its line, and the whole selection only when those do not fail
(a kill by the few counts only if they pass on the unchanged code). Why not mutmut: its trampolines keep one copy
of the code for all mutants, so this project's code-keyed disk caches would be computed by one mutant and read by
the next.

    python benchmarks/mutation.py --only export/brief.py --sample 30 --save run.csv
    python benchmarks/mutation.py --rerun run.csv        # the survivors again, after new tests
    python benchmarks/mutation.py --ids export/brief.py#12

The harness prints, per module, mutants / killed / time-outs / survivors judged equivalent / other survivors and
the kill rate over the non-equivalent mutants, then every survivor as key, file:line, the line before and after,
and its verdict from benchmarks/mutation_judged*.csv (benchmarks/mutation_report.py) — or NOT JUDGED.
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

sys.path.append(str(Path(__file__).resolve().parent))  # last: its register.py, export.py … must not hide the packages
import mutation_contexts  # noqa: E402
import mutation_report as report  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("coverage/*.py", "loaders/curated.py", "loaders/catchment.py", "register/publish.py", "export/*.py",
           "vocabulary/numbers.py")
SKIP_FILES = {"coverage/__init__.py", "export/__init__.py"}
ORACLE = "tests/test_oracle*.py"
DRAWN = "test_drawn_geometry"  # every page as someone last looked at it (tests/geometry.py)
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
    ("coverage/whatif.py", ["test_whatif", "test_whatif_answer", "test_scenario", "test_whatif_export", ORACLE]),
    ("coverage/capacity.py", ["test_capacity", "test_brief"]),
    ("coverage/calibration.py", ["test_calibration", "test_validation", "test_reference_routes", "test_coverage_cli"]),
    ("coverage/validation.py", ["test_validation", "test_calibration", "test_dashboard"]),
    ("coverage/ferries.py", ["test_ferries", "test_network", "test_calibration", "test_coverage_cli"]),
    ("coverage/__main__.py", ["test_coverage_cli", "test_coverage_tables", ORACLE]),
    ("coverage/", ["test_network", "test_ferries", "test_indicators", "test_population", ORACLE, "test_calibration",
                   "test_validation", "test_coverage_cli", "test_scenario", "test_coverage_tables", "test_table",
                   "test_dashboard"]),
    ("loaders/curated.py", ["test_curated", "test_plan_rules", "test_faults", "test_table", "test_evidence",
                            "test_review"]),
    ("loaders/catchment.py", ["test_table", "test_indicators", "test_curated", ORACLE]),
    ("register/publish.py", ["test_register", "test_plan_rules", "test_register_app", "test_register_campaign",
                             "test_coverage_tables", "test_dashboard", "test_joint_plans"]),
    ("export/brief.py", ["test_brief", "test_capacity", "test_malform", "test_nynorsk"]),
    ("export/document.py", ["test_brief", "test_capacity", "test_malform"]),
    ("export/deck.py", ["test_slides", "test_slides_layout", "test_malform", "test_nynorsk", DRAWN]),
    ("export/slides.py", ["test_slides", "test_slides_layout", "test_malform", DRAWN]),
    ("export/slidepages.py", ["test_slides", "test_slides_layout", DRAWN]),  # the deck's PDF pages
    ("export/slidemap.py", ["test_slides", "test_slides_layout", DRAWN]),
    ("export/factsheet.py", ["test_factsheet", "test_oracle_sheets", "test_export_cli", "test_band", "test_nynorsk",
                             "test_joint_plans", "test_malform", DRAWN]),
    ("export/whatif.py", ["test_whatif_export", "test_oracle_sheets", "test_export_cli", "test_nynorsk", DRAWN]),
    ("export/html.py", ["test_html_export", "test_oracle_maps", "test_export_cli", "test_nynorsk", "test_band"]),
    ("export/__main__.py", ["test_export_cli", "test_brief", "test_slides", "test_factsheet", "test_whatif_export",
                            "test_html_export", "test_tables", "test_export_maps", "test_export_presets", ORACLE]),
    ("export/", ["test_export_cli", "test_export_maps", "test_export_presets", "test_factsheet", "test_tables",
                 "test_whatif_export", "test_html_export", "test_joint_plans", "test_band", "test_publishing",
                 "test_slides", ORACLE, DRAWN]),
    ("vocabulary/numbers.py", ["test_vocabulary", "test_plan_rules", "test_factsheet", "test_dashboard", "test_tables",
                               "test_band", "test_rounding", ORACLE]),
]


@dataclass(frozen=True)
class Mutant:
    path: str  # relative to the repository
    index: int  # the index-th mutation point of the file, in ast.walk order
    line: int
    before: str
    after: str
    span: tuple[int, int] = (0, 0)  # the lines of the statement that holds the point, up to the point's end

    @property
    def key(self) -> str:
        return f"{self.path}#{self.index}"


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
    tree = ast.parse(source)
    spans = [_span(tree, node) for node in _points(tree)]
    out = []
    for i in range(len(spans)):
        new, line = mutated_source(source, i)
        after = _changed_line(ast.unparse(ast.parse(source)), new)
        out.append(Mutant(path, i, line, lines[line - 1].strip(), after, spans[i]))
    return out


def _span(tree: ast.AST, node: ast.AST) -> tuple[int, int]:
    """From the first line of the innermost statement holding the node to the node's last line (the lines a
    coverage run records for it)."""
    end = getattr(node, "end_lineno", node.lineno)
    holders = [s for s in ast.walk(tree) if isinstance(s, ast.stmt) and s.lineno <= node.lineno <= s.end_lineno]
    inner = min(holders, key=lambda s: s.end_lineno - s.lineno, default=node)
    return inner.lineno, max(end, inner.lineno)


def _changed_line(old: str, new: str) -> str:
    for a, b in zip(old.splitlines(), new.splitlines(), strict=False):
        if a != b:
            return b.strip()
    return "(no visible change)"


def targets(only: list[str] | None) -> list[str]:
    found = sorted({str(p.relative_to(ROOT)) for pattern in TARGETS for p in ROOT.glob(pattern)} - SKIP_FILES)
    return [p for p in found if not only or any(p.startswith(o) for o in only)]


_SELECTIONS: dict[str, list[str]] = {}


def tests_for(path: str) -> list[str]:
    """The test files that run against a module's mutants (the first matching entry of TESTS), resolved once per
    run: a test file written while the harness runs is not in the workers' copies and must not be asked for."""
    if path not in _SELECTIONS:
        _SELECTIONS[path] = _find_tests(path)
    return _SELECTIONS[path]


def _find_tests(path: str) -> list[str]:
    stem = Path(path).stem.strip("_")
    for prefix, names in TESTS:
        if path.startswith(prefix):
            globs = [n if n.startswith("tests/") else f"tests/{n}.py" for n in names]
            globs += [f"tests/test_{stem}.py", f"tests/test_{stem}_*.py"]  # the module's own test files count
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
        self.clean: dict[tuple[str, ...], bool] = {}  # guide selections already run on the unchanged code

    def pytest(self, tests: list[str], timeout: float, coverage_file: str | None = None) -> tuple[str, float]:
        """'pass', 'fail' or 'timeout', and the seconds it took (with coverage_file: recording which tests run
        which lines, benchmarks/mutation_contexts.py)."""
        env, plugin = self.env, []
        if coverage_file:
            env = {**env, "MUTATION_COVERAGE_FILE": coverage_file,
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(self.root / "benchmarks"), env.get("PYTHONPATH")]))}
            plugin = ["-p", "mutation_contexts"]
        start = time.monotonic()
        try:
            r = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *plugin, "-m",
                                "not browser", *tests], cwd=self.root, env=env, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return "timeout", time.monotonic() - start
        return ("pass" if r.returncode == 0 else "fail"), time.monotonic() - start

    def run(self, m: Mutant, timeout: float, guide: list[str]) -> str:
        """Killed, survived or timeout. The guide's few tests (those whose bodies ran the mutated lines) go first;
        a kill by them counts only if the same tests pass on the unchanged code; otherwise, or when they pass,
        the module's whole selection decides."""
        original = (ROOT / m.path).read_text(encoding="utf-8")
        target = self.root / m.path
        target.write_text(mutated_source(original, m.index)[0], encoding="utf-8")
        try:
            outcome = self.pytest(guide, timeout)[0] if guide else "pass"
            if outcome != "pass":
                target.write_text(original, encoding="utf-8")
                if self._clean(tuple(guide), timeout):
                    return {"fail": "killed", "timeout": "timeout"}[outcome]
                target.write_text(mutated_source(original, m.index)[0], encoding="utf-8")
            outcome = self.pytest(tests_for(m.path), timeout)[0]
        finally:
            target.write_text(original, encoding="utf-8")
        return {"pass": "survived", "fail": "killed", "timeout": "timeout"}[outcome]

    def _clean(self, guide: tuple[str, ...], timeout: float) -> bool:
        if guide not in self.clean:
            self.clean[guide] = self.pytest(list(guide), timeout)[0] == "pass"
        return self.clean[guide]


def _baseline(workers: list[Worker], paths: list[str], base: Path) -> tuple[dict[tuple[str, ...], float], dict]:
    """Every test file the chosen modules need, once, on the unchanged code, recording which tests run which lines
    and how long each file takes: it must pass; a selection's (traced) time sets its mutants' time-out. The files
    are dealt out to the workers (slowest first, each to the least loaded), so every core traces. Returns the
    seconds per selection and {path: {line: test ids}}."""
    selections = {tuple(tests_for(p)) for p in paths}
    files = sorted({f for sel in selections for f in sel}, key=lambda f: -(ROOT / f).stat().st_size)
    shares: list[list[str]] = [[] for _ in workers]
    for f in files:  # file size stands in for run time: a rough balance is enough
        min(shares, key=lambda s: sum((ROOT / x).stat().st_size for x in s)).append(f)
    data = [str(base / f"lines{n}.json") for n in range(len(workers))]
    jobs = [(w, sorted(s), d) for w, s, d in zip(workers, shares, data, strict=True) if s]
    with ThreadPoolExecutor(len(jobs)) as pool:
        outcomes = list(pool.map(lambda j: j[0].pytest(j[1], timeout=7200, coverage_file=j[2])[0], jobs))
    if any(o != "pass" for o in outcomes):
        raise SystemExit(f"the unchanged code fails its tests ({outcomes}): fix that before measuring mutants")
    per_file: dict[str, float] = {}
    for _, _, d in jobs:
        per_file.update(mutation_contexts.seconds_by_file(d))
    seconds = {sel: sum(per_file.get(f, 0.0) for f in sel) for sel in selections}
    lines: dict[str, dict[int, set[str]]] = {p: {} for p in paths}
    for w, _, d in jobs:
        for p in paths:
            for line, ctx in mutation_contexts.tests_by_line(d, w.root, p).items():
                lines[p].setdefault(line, set()).update(ctx)
    return seconds, lines


def guide_for(m: Mutant, lines: dict[int, set[str]]) -> list[str]:
    """The tests whose bodies ran every line of the mutant's statement, or [] (use the whole selection) when a line
    ran outside a test body or not at all in-process."""
    found: set[str] = set()
    for line in range(m.span[0], m.span[1] + 1):
        ctx = lines.get(line)
        if ctx is None:
            continue
        if "" in ctx:
            return []
        found |= ctx
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    paths = targets(args.only)
    every = [m for p in paths for m in mutants_of(p)]
    total = {p: sum(m.path == p for m in every) for p in paths}
    chosen = _choose(every, args)
    if args.list:
        for m in chosen:
            print(f"{m.key}  {m.path}:{m.line}  {m.before}  ->  {m.after}")
        return 0
    print(f"{len(every)} mutants in {len(paths)} modules; running {len(chosen)} (seed {args.seed})", flush=True)
    results = _run_all(chosen, args.workers)
    print()
    report.print_report(results, total, report.load_judgements(args.judged))
    if args.save:
        report.save(results, args.save)
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", nargs="*", help="module paths or prefixes (default: every target)")
    ap.add_argument("--sample", type=int, default=240, help="mutants to run, drawn at random (0: all)")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--ids", nargs="*", help="run exactly these mutants (path#index, as --list prints them)")
    ap.add_argument("--rerun", help="run again the survivors and time-outs recorded in this --save file")
    ap.add_argument("--save", help="write every outcome to this CSV (for --rerun)")
    ap.add_argument("--judged", default=str(report.JUDGED), help="survivors judged equivalent or accepted")
    ap.add_argument("--list", action="store_true", help="print the mutants and stop")
    return ap.parse_args(argv)


def _choose(every: list[Mutant], args: argparse.Namespace) -> list[Mutant]:
    if args.ids or args.rerun:
        wanted = set(args.ids or []) | (report.unkilled(args.rerun) if args.rerun else set())
        return [m for m in every if m.key in wanted]
    if not args.sample or args.sample >= len(every):
        return every
    return sorted(random.Random(args.seed).sample(every, args.sample), key=lambda m: (m.path, m.index))


def _run_all(chosen: list[Mutant], n_workers: int) -> list[tuple[Mutant, str]]:
    for path in {m.path for m in chosen}:
        tests_for(path)  # resolved before the copies are made
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        workers = [Worker(Path(tmp), n) for n in range(n_workers)]
        base, lines = _baseline(workers, sorted({m.path for m in chosen}), Path(tmp))
        free = list(workers)
        results: list[tuple[Mutant, str]] = []

        def one(m: Mutant) -> tuple[Mutant, str]:
            w = free.pop()
            try:
                return m, w.run(m, max(300.0, 3 * base[tuple(tests_for(m.path))]), guide_for(m, lines[m.path]))
            finally:
                free.append(w)

        start = time.monotonic()
        with ThreadPoolExecutor(n_workers) as pool:
            for n, (m, outcome) in enumerate(pool.map(one, chosen), 1):
                results.append((m, outcome))
                print(f"[{n}/{len(chosen)} {time.monotonic() - start:6.0f} s] {outcome:8} {m.key} {m.path}:{m.line} "
                      f"{m.after[:70]}", flush=True)
    return results


if __name__ == "__main__":
    sys.exit(main())
