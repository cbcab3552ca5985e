"""The safety filter against its corpus (tests/safety_corpus.py): every address, property number, coordinate and
map link form is refused with its reason in words, every legitimate title, note and link passes, every rule is
needed by at least one form (drop it and a form gets through), and the project's own curated tables pass."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from loaders import ValidationError, curated, safety
from tests.safety_corpus import ADDRESS, COORDINATE, MAP, PASSED, PROPERTY, REFUSED, SHORT

ROOT = Path(__file__).resolve().parent.parent


def test_the_corpus_is_large_enough_and_has_no_duplicates():
    values = [v for v, _ in REFUSED]
    assert len(values) >= 60 and len(PASSED) >= 60
    assert len(set(values)) == len(values) and len(set(PASSED)) == len(PASSED)
    assert {reason for _, reason in REFUSED} == {ADDRESS, PROPERTY, COORDINATE, MAP, SHORT}


@pytest.mark.parametrize(("value", "reason"), REFUSED, ids=[f"refused-{i}" for i in range(len(REFUSED))])
def test_every_bad_form_is_refused_with_its_reason(value, reason):
    assert safety.unsafe(value) == reason


@pytest.mark.parametrize("value", PASSED, ids=[f"passed-{i}" for i in range(len(PASSED))])
def test_every_legitimate_value_passes(value):
    assert safety.unsafe(value) == ""


@pytest.mark.parametrize("name", [name for name, _, _ in safety.RULES])
def test_every_rule_is_needed_by_the_corpus(name, monkeypatch):
    """The planted mistake, once per rule: without it at least one corpus form is no longer refused as it was."""
    monkeypatch.setattr(safety, "RULES", tuple(rule for rule in safety.RULES if rule[0] != name))
    assert [value for value, reason in REFUSED if safety.unsafe(value) != reason], f"no form needs rule {name!r}"


def _alternatives(pattern: str) -> list[tuple[int, int]]:
    """The span of every alternative of every group (and of the whole pattern) that has two or more."""
    stack, found, i, in_class = [[0, []]], [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            prefix = re.match(r"\?(?:[:=!]|<[=!]|[-aiLmsux]+:|P<\w+>)", pattern[i + 1:])
            stack.append([i + 1 + (len(prefix.group(0)) if prefix else 0), []])
        elif c == "|":
            stack[-1][1].append((stack[-1][0], i))
            stack[-1][0] = i + 1
        elif c == ")":
            start, spans = stack.pop()
            found += spans + [(start, i)] if spans else []
        i += 1
    start, spans = stack.pop()
    return found + (spans + [(start, len(pattern))] if spans else [])


def _matches(pattern: re.Pattern, reason: str) -> tuple[set, set]:
    refused = {v for v, why in REFUSED if why == reason and pattern.search(safety.plain(v))}
    return refused, {v for v in PASSED if pattern.search(safety.plain(v))}


def test_every_alternative_of_every_rule_is_needed():
    """The planted mistake, once per alternative (a street word, a host, a spelling, a hemisphere word, an
    exception): each rule alone, with one alternative dropped, matches fewer forms it must refuse or a form that must
    pass. A rule word without a form here fails this test: add the form first."""
    survivors, total = [], 0
    for name, reason, pattern in safety.RULES:
        before = _matches(pattern, reason)
        assert before[1] == set(), f"rule {name!r} matches legitimate values"
        for start, end in _alternatives(pattern.pattern):
            text = pattern.pattern
            text = text[:start] + text[end + 1:] if text[end:end + 1] == "|" else text[:start - 1] + text[end:]
            total += 1
            if _matches(re.compile(text, pattern.flags), reason) == before:
                survivors.append((name, pattern.pattern[start:end]))
    assert total > 200 and survivors == []


def test_the_curated_tables_pass_every_rule():
    """The project's own curated data is a corpus of real titles, notes, quotes and links: no false positive."""
    hits = []
    for path in sorted((ROOT / "geodata").glob("*.csv")):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        hits += [(path.name, col, value) for col in df.columns for value in df[col] if safety.unsafe(value)]
    assert hits == []


def test_the_curated_loaders_refuse_the_new_address_forms(valid_knr, crosswalk, tmp_path):
    """The curated loaders use the one rule (safety.unsafe): addresses, property numbers, coordinates, map links."""
    forms = [value for value, reason in REFUSED if reason in (ADDRESS, PROPERTY) and safety.plain(value) == value]
    assert len(forms) >= 40
    assert all(safety.ADDRESS_TEXT.search(value) for value in forms)
    centres = pd.read_csv(ROOT / "tests" / "data" / "centres_address.csv", dtype=str, keep_default_na=False)
    centres = centres.drop(columns="adresse")
    rows = pd.concat([centres] * 3, ignore_index=True).assign(id=["a", "b", "c"], notes=[
        "Storgt. 12", "69,6492 N 18,9553 Ø", "https://maps.app.goo.gl/abcDEF123"])
    path = tmp_path / "centres.csv"
    rows.to_csv(path, index=False)
    with pytest.raises(ValidationError) as err:
        curated.centres(valid_knr, path=path, crosswalk=crosswalk)
    found = [re.search(r"row (\d+), notes:", p) for p in err.value.problems]
    assert sorted(int(m.group(1)) for m in found if m) == [2, 3, 4]
