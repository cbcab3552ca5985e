"""The layers stay pure: loaders/ → coverage/ (analysis of what it is given) → the published step (the register's
approved entries, register.publish.published_table) → export/ and dashboard/. Held on the source (ast: every import
statement, inside functions too), and on the command lines: what `python -m coverage kommuner` and `python -m export
table` print follows the register, through the one published step."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from tests import imports
from tests.registerdb import EDITORS, db_url  # noqa: F401  (fixture)

APP_LAYERS = {"register", "dashboard", "export", "streamlit"}
# The command line of coverage/ is the end of the flow, like `python -m export`: it may call the published step and
# warm the app's caches (`prepare`), and nothing else in coverage/ may import it.
COVERAGE_CLI = "coverage/__main__.py"
COVERAGE_CLI_MAY = {"register", "register.publish", "dashboard", "dashboard.mapdata", "dashboard.state"}
# `python -m loaders check` prints the evidence coverage of the published plan status (curated + approved register
# entries + the campaign's open requests): the check may read the published step, nothing else in loaders/ may.
LOADERS_CLI = "loaders/__main__.py"
LOADERS_CLI_MAY = {"register", "register.publish"}
CLIS = {COVERAGE_CLI: COVERAGE_CLI_MAY, LOADERS_CLI: LOADERS_CLI_MAY}


def _rel(path) -> str:
    return path.relative_to(imports.ROOT).as_posix()


@pytest.mark.parametrize("package", ["loaders", "coverage"])
def test_loaders_and_coverage_import_no_register_dashboard_export_or_streamlit(package):
    bad = {}
    for path in imports.files(package):
        if _rel(path) in CLIS:
            continue
        hit = imports.top_levels(path) & APP_LAYERS
        if hit:
            bad[_rel(path)] = sorted(hit)
    assert not bad, f"{package}/ must compute from what it is given: {bad}"


@pytest.mark.parametrize("cli", sorted(CLIS))
def test_the_command_lines_import_only_the_published_step_and_the_app_caches(cli):
    path = imports.ROOT / cli
    layered = {name for name in imports.imported(path) if name.split(".")[0] in APP_LAYERS}
    assert layered <= CLIS[cli], sorted(layered - CLIS[cli])
    module = cli.removesuffix(".py").replace("/", ".")
    users = [_rel(p) for package in imports.PACKAGES for p in imports.files(package)
             if module in imports.imported(p)]
    assert users == []


def test_export_does_not_import_dashboard():
    bad = [_rel(p) for p in imports.files("export") if "dashboard" in imports.top_levels(p)]
    assert bad == []


def test_the_import_reader_sees_imports_made_inside_functions(tmp_path):
    """The rule's own check: a lazy import or a relative one is still an import."""
    pkg = tmp_path / "coverage"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "x.py").write_text("def f():\n    from register import publish\n    from . import y\n")
    names = imports.imported(pkg / "x.py", root=tmp_path)
    assert {"register", "register.publish", "coverage", "coverage.y"} <= names
    assert imports.top_levels(pkg / "x.py", root=tmp_path) & APP_LAYERS == {"register"}


# One published step for the CLI and the exports ---------------------------------------------------------------

def _approve_tromso(valid_knr) -> None:
    from register import workflow

    made = workflow.propose({"kommunenummer": "5501", "status": "adopted", "plan_title": "Handlingsplan",
                             "period": "2024-2027", "source_url": "https://www.tromso.kommune.no/handlingsplan",
                             "as_of": "2024-09-12", "note": ""}, by="test", valid=valid_knr)
    workflow.decide(made.id, "approved", editor="kari@example.org", editors=EDITORS)


def _run(module: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=imports.ROOT, env=os.environ.copy(),
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_coverage_and_export_command_lines_print_the_published_table(db_url, tmp_path, model, valid_knr):  # noqa: F811
    from coverage import indicators
    from register import publish

    _approve_tromso(valid_knr)
    want = publish.published_table(indicators.per_kommune(model), publish.approved(strict=True), today=date.today())
    want = want.set_index("kommunenummer")
    assert want.loc["5501", "plan_evidence"] == "register"       # curated: unknown → the register's entry
    cli, table = tmp_path / "kommuner.csv", tmp_path / "table.csv"
    assert _run("coverage", "kommuner", "--out", str(cli)).returncode == 0
    assert _run("export", "table", "--format", "csv", "--out", str(table)).returncode == 0
    for got in (pd.read_csv(cli, dtype=str, keep_default_na=False),
                pd.read_csv(table, dtype=str, keep_default_na=False, encoding="utf-8-sig")):
        got = got.set_index("kommunenummer")
        assert got.loc["5501", "plan_status"] == "adopted" and got.loc["5501", "plan_evidence"] == "register"
        assert (got["gap_class"] == want.loc[got.index, "gap_class"]).all()
        assert (got["plan_status"] == want.loc[got.index, "plan_status"]).all()
