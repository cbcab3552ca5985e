"""Which tests run which lines: a pytest plugin for the mutation harness (benchmarks/mutation.py).

Loaded with `-p mutation_contexts` (benchmarks/ on PYTHONPATH) and MUTATION_COVERAGE_FILE set, it records which
lines of the project's own modules run, and under which *context*: the test's node id while the test function
itself runs, and "" for everything else (imports, collection, fixture set-up and tear-down — a session fixture
computes shared tables once, for every test after it). The harness reads it back with `tests_by_line`: a mutant on
a line that only test bodies ran is tried first against only those tests; a line that ran outside a test body (or
never ran in-process, e.g. in a command-line subprocess) keeps the module's whole test selection. A mutant that
survives the few tests always runs again against the whole selection, so the guide makes killing faster and never
decides that a mutant survives.

A plain `sys.settrace` tracer, not coverage.py: this project has its own top-level package named `coverage`, and
the two cannot both be imported under that name. Only frames of the traced folders get a line tracer.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections import defaultdict
from pathlib import Path

import pytest

FOLDERS = ("coverage", "loaders", "register", "export", "vocabulary")
_OUT = os.environ.get("MUTATION_COVERAGE_FILE")
_ROOTS = tuple(str(Path.cwd() / d) + os.sep for d in FOLDERS)
_HITS: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
_CONTEXT = [""]
_WANTED: dict[str, bool] = {}
_SECONDS: dict[str, float] = defaultdict(float)


def _local(frame, event, arg):
    if event == "line":
        _HITS[frame.f_code.co_filename][frame.f_lineno].add(_CONTEXT[0])
    return _local


def _global(frame, event, arg):
    name = frame.f_code.co_filename
    wanted = _WANTED.get(name)
    if wanted is None:
        wanted = _WANTED[name] = name.startswith(_ROOTS)
    return _local if wanted else None


if _OUT:  # at plugin import: before conftest.py imports any project module
    sys.settrace(_global)
    threading.settrace(_global)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    _CONTEXT[0] = item.nodeid
    try:
        yield
    finally:
        _CONTEXT[0] = ""


def pytest_runtest_logreport(report):
    _SECONDS[report.nodeid] += report.duration  # set-up, call and tear-down


def pytest_unconfigure(config):
    if _OUT:
        sys.settrace(None)
        threading.settrace(None)
        lines = {f: {str(n): sorted(c) for n, c in hits.items()} for f, hits in _HITS.items()}
        Path(_OUT).write_text(json.dumps({"lines": lines, "seconds": _SECONDS}), encoding="utf-8")


def tests_by_line(data_file: str, root: Path, path: str) -> dict[int, set[str]]:
    """{line: node ids of the tests whose bodies ran it} for one module (path relative to root); a line also run
    outside any test body maps to a set holding ""."""
    data = json.loads(Path(data_file).read_text(encoding="utf-8"))
    lines = data["lines"].get(str(root / path), {})
    return {int(n): set(c) for n, c in lines.items()}


def seconds_by_file(data_file: str) -> dict[str, float]:
    """{test file: seconds its tests took (set-up, call and tear-down, traced)}."""
    out: dict[str, float] = defaultdict(float)
    for nodeid, took in json.loads(Path(data_file).read_text(encoding="utf-8"))["seconds"].items():
        out[nodeid.split("::")[0]] += took
    return out
