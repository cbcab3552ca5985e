"""The mutation harness's own rules (benchmarks/mutation.py, mutation_report.py), worked out by hand."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.append(str(Path(__file__).resolve().parent.parent / "benchmarks"))  # last: benchmarks/register.py …
import mutation  # noqa: E402
import mutation_report  # noqa: E402

SOURCE = '''"""doc"""
LIMIT = 90


def far(minutes, limit=LIMIT):
    total = (minutes
             + 1)
    if total > limit:
        raise ValueError(f"over {limit + 1}")
    return total >= limit and not minutes
'''


def _mutants(tmp_path, monkeypatch):
    (tmp_path / "m.py").write_text(SOURCE, encoding="utf-8")
    monkeypatch.setattr(mutation, "ROOT", tmp_path)
    return mutation.mutants_of("m.py")


def test_points_skip_docstrings_and_raised_messages(tmp_path, monkeypatch):
    ms = _mutants(tmp_path, monkeypatch)
    after = sorted(m.after for m in ms)
    # LIMIT 90 → 91; + → − and 1 → 2 on lines 6–7; > → >= on line 8; >= → >; and → or; `not` dropped: 7 points,
    # none in the raised f-string
    assert len(ms) == 7, after
    assert "LIMIT = 91" in after
    assert "if total >= limit:" in after
    assert not any("over" in a for a in after)


def test_span_runs_from_the_statement_to_the_point(tmp_path, monkeypatch):
    ms = {m.after: m for m in _mutants(tmp_path, monkeypatch)}
    plus = next(m for a, m in ms.items() if "total = minutes - 1" in a)
    assert plus.span == (6, 7)  # the assignment starts on line 6, the `+ 1` ends on line 7
    cmp = ms["if total >= limit:"]
    assert cmp.span == (8, 8)  # the `if` holds lines 8–9; its test is on line 8 only


def test_guide_is_the_tests_that_ran_every_line_or_the_whole_selection(tmp_path, monkeypatch):
    plus = next(m for m in _mutants(tmp_path, monkeypatch) if "minutes - 1" in m.after)
    assert mutation.guide_for(plus, {6: {"t::a"}, 7: {"t::b"}}) == ["t::a", "t::b"]
    assert mutation.guide_for(plus, {6: {"t::a", ""}}) == []  # ran in a fixture or at import: everything
    assert mutation.guide_for(plus, {}) == []  # never ran in-process (a subprocess?): everything


def test_judgements_name_every_bad_row(tmp_path):
    (tmp_path / "mutation_judged_a.csv").write_text(
        "path,before,after,verdict,reason\n"
        "m.py,x = 1,x = 2,equivalent,x is only compared with 0\n"
        "m.py,y = 1,y = 2,fine,\n", encoding="utf-8")
    with pytest.raises(ValueError) as err:
        mutation_report.load_judgements(tmp_path / "mutation_judged*.csv")
    assert "verdict 'fine'" in str(err.value) and "no reason given for m.py: y = 2" in str(err.value)


def test_equivalent_survivors_leave_the_denominator(tmp_path, capsys):
    m = [mutation.Mutant("m.py", i, 1, f"x = {i}", f"x = {i + 1}") for i in range(4)]
    judged = {("m.py", "x = 0", "x = 1"): ("equivalent", "never read"),
              ("m.py", "x = 1", "x = 2"): ("accepted", "a margin")}
    results = [(m[0], "survived"), (m[1], "survived"), (m[2], "killed"), (m[3], "timeout")]
    mutation_report.print_report(results, {"m.py": 10}, judged)
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("all"))
    # 4 run, 1 equivalent: 2 killed (a time-out counts) of 3 non-equivalent = 66.7 %
    assert row.split()[1:] == ["10", "4", "1", "1", "1", "1", "66.7%"]
