"""The code fingerprint in every cache key: it changes when code or curated data that computes a result changes,
and only then. Tested on a copy of the repository's code, never by editing the repository."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from coverage.params import Params, model_key
from loaders import diskcache, fingerprint
from tests import imports

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def code(tmp_path, monkeypatch):
    """A copy of the code and data folders the fingerprint reads, used as the fingerprint's root."""
    for folder in ("loaders", "coverage", "geodata", "dashboard", "export", "vocabulary", "register"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    monkeypatch.setattr(fingerprint, "ROOT", tmp_path)
    fingerprint.clear()
    yield tmp_path
    fingerprint.clear()


def _hashes() -> dict[str, str]:
    fingerprint.clear()
    return {scope: fingerprint.code_hash(scope) for scope in fingerprint.SCOPES}


def _edit(path: Path) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("\n# edited\n" if path.suffix == ".py" else "\n")


def test_the_copy_hashes_like_the_repository(code):
    fingerprint.clear()
    assert fingerprint.code_hash("coverage") == fingerprint.code_hash("coverage", root=ROOT)
    assert _hashes() == _hashes(), "the same bytes give the same hash"


@pytest.mark.parametrize(("edited", "changed"), [
    ("loaders/grid.py", {"loaders", "coverage", "app"}),
    ("coverage/travel.py", {"coverage", "app"}),
    ("coverage/params.py", {"coverage", "app"}),
    ("coverage/reference_drive_times.csv", {"coverage", "app"}),
    ("geodata/catchments.csv", {"coverage", "app"}),
    ("geodata/sources.json", {"coverage", "app"}),
    ("dashboard/mapdata.py", {"app"}),
    ("export/geometry.py", {"app"}),
    ("vocabulary/words.py", {"app"}),
    ("dashboard/views/kart.py", set()),
    ("register/publish.py", set()),   # no cached result runs register code (see below)
    ("README.md", set()),
])
def test_an_edit_changes_the_hash_of_every_scope_that_reads_the_file_and_no_other(code, edited, changed):
    before = _hashes()
    _edit(code / edited)
    after = _hashes()
    assert {scope for scope in before if before[scope] != after[scope]} == changed


def test_a_new_or_renamed_module_changes_the_hash(code):
    before = _hashes()
    (code / "coverage" / "travel.py").rename(code / "coverage" / "journeys.py")
    assert _hashes()["coverage"] != before["coverage"]


def test_the_model_key_follows_the_code_and_nothing_else(code):
    fingerprint.clear()
    key = model_key(Params(), 2025)
    fingerprint.clear()
    assert model_key(Params(), 2025) == key
    _edit(code / "coverage" / "network.py")
    fingerprint.clear()
    edited = model_key(Params(), 2025)
    assert edited != key
    assert model_key(Params(length_factor=1.0), 2025) != edited and model_key(Params(), 2024) != edited


def test_library_versions_are_read_without_importing_them():
    assert f"pandas={pd.__version__}" in fingerprint.library_versions()
    probe = ("import sys; from loaders import fingerprint; fingerprint.code_hash('app'); "
             "print(sorted({'scipy', 'geopandas', 'shapely', 'pandas'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr


def test_a_result_is_scoped_by_the_package_that_computes_it():
    assert fingerprint.scope_of("loaders.roads") == "loaders"
    assert fingerprint.scope_of("coverage.model") == "coverage"
    assert fingerprint.scope_of("dashboard.data") == "app" and fingerprint.scope_of("") == "app"


# Every package a cached result can run is in its key --------------------------------------------------------

def _caching_modules() -> list[str]:
    """Every module that stores a result with loaders.diskcache.cached (found in the source, not by importing)."""
    found = []
    for package in imports.PACKAGES:
        for path in imports.files(package):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if any(isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", "")) == "cached"
                   for n in ast.walk(tree)) and path.name != "diskcache.py":
                found.append(imports.module_name(path))
    return found


CACHING = _caching_modules()
RUNS = {module: sorted(imports.closure(module)) for module in CACHING}


def _scope_folders(scope: str) -> set[str]:
    return {pattern.split("/")[0] for pattern in fingerprint.SCOPES[scope]}


def test_every_module_that_caches_is_found_and_none_runs_register_code():
    assert {"coverage.model", "coverage.tables", "coverage.ferries", "loaders.roads", "dashboard.mapdata",
            "export.html"} <= set(CACHING)
    for module, runs in RUNS.items():
        assert not [m for m in runs if m.split(".")[0] in ("register", "streamlit")], module


@pytest.mark.parametrize("module", CACHING)
def test_the_scope_of_a_cached_result_covers_every_package_its_code_can_run(module):
    packages = {m.split(".")[0] for m in RUNS[module]}
    missing = packages - _scope_folders(fingerprint.scope_of(module))
    assert not missing, f"{module} runs code from {sorted(missing)}, which its cache key does not cover"


@pytest.mark.parametrize(("module", "edited"), [(module, next(m for m in RUNS[module] if m.split(".")[0] == package))
                                                for module in CACHING
                                                for package in sorted({m.split(".")[0] for m in RUNS[module]})])
def test_an_edit_to_any_package_a_cached_result_runs_gives_it_a_new_file_name(code, module, edited):
    fingerprint.clear()
    before = diskcache._filename("result", "inputs", module)
    _edit(imports.module_path(edited, code))
    fingerprint.clear()
    assert diskcache._filename("result", "inputs", module) != before, f"editing {edited} kept {module}'s key"


@pytest.mark.parametrize("edited", ["loaders/table.py", "coverage/indicators.py", "coverage/gaps.py",
                                    "geodata/action_plans.csv", "register/publish.py", "register/workflow.py"])
def test_the_model_key_follows_loaders_coverage_and_geodata_and_never_the_register(code, edited):
    fingerprint.clear()
    key = model_key(Params(), 2025)
    _edit(code / edited)
    fingerprint.clear()
    assert (model_key(Params(), 2025) != key) == (not edited.startswith("register/"))
