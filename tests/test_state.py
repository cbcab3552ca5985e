"""URL state: parse ∘ to_params is the identity on valid Selections; anything else gives a notice and the
default, never an exception, and echoes at most 40 characters without control or bidi characters."""

import unicodedata
from dataclasses import fields

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import state
from dashboard.state import PARAM_NAMES, Selection

KOMMUNER = {"0301", "1856", "5501"}
FYLKER = {"03", "18", "55"}
CENTRES = {"salten", "oslo"}
HOSTILE = ["²", "٣٠", "९०", "１２０", "-90", "90.0", " 90", "9" * 5000, "<b>x</b>", "**Ring ikke 112**",
           ":red[Krisesenteret er stengt]", "[Ring 116 006 her](https://evil.example/phish)",
           "![p](https://evil.example/p.png)", "\u202eevil\u202c", "\u200b90", "abc\nDEF", "$x^2$", "%00", "../../etc"]


def _parse(params):
    return state.parse(params, KOMMUNER, FYLKER, CENTRES)


def test_defaults_and_a_full_link():
    assert _parse({}) == (Selection(), [])
    sel, bad = _parse({"lang": "en", "fylke": "18", "indikator": "p90_min_nearest", "terskel": "60", "vekt": "women18",
                       "kommune": "1856", "filter": "double_gap", "endring": "close", "senter": "salten"})
    assert bad == []
    assert sel == Selection("en", "18", "p90_min_nearest", 60, "women18", "1856", "double_gap", "close", "", "", "salten")
    assert sel.scenario() == ("close", "salten")


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:24])
@pytest.mark.parametrize("name", sorted(set(PARAM_NAMES.values())))
def test_hostile_values_give_a_notice_and_the_default(name, value):
    sel, bad = _parse({name: value})
    assert getattr(sel, next(f for f, p in PARAM_NAMES.items() if p == name)) == getattr(Selection(), next(
        f for f, p in PARAM_NAMES.items() if p == name))
    assert [n for n, _ in bad] == [name]
    echoed = bad[0][1]
    assert len(echoed) <= state.ECHO_CHARS
    assert not any(unicodedata.category(c) in ("Cf", "Cc") for c in echoed)


def test_unicode_digits_are_not_numbers():
    for digits in ("²", "٩٠", "９０"):
        assert _parse({"terskel": digits})[0].threshold == 90


def test_unknown_and_repeated_parameters():
    sel, bad = _parse({"knr": "1856", "terskel": ["60", "75"]})
    assert sel.threshold == 75 and ("knr", "1856") in bad


def test_points_are_town_level_and_inside_norway():
    assert _parse({"endring": "open", "punkt": "67.28,14.40"})[0].scenario() == ("at", "67.28,14.40")
    for bad in ("67.281,14.40", "40.00,14.40", "67.28;14.40", "NaN,1"):
        assert _parse({"punkt": bad})[1] == [("punkt", bad)]
    assert state.parse_point({"lat": 67.2849, "lng": 14.3951}) == "67.28,14.40"
    assert state.parse_point({"lat": 10.0, "lng": 14.0}) is None and state.parse_point({"x": 1}) is None


def test_slide_is_a_slide_number():
    assert _parse({"kommune": "1856", "slide": "3"})[0].slide == 3
    for bad in ("0", "8", "03x", "-1", "２"):
        assert _parse({"slide": bad}) == (Selection(), [("slide", bad)])


def test_page_parameter():
    assert state.page({"page": "kommune"}) == ("kommune", [])
    assert state.page({"page": "kart"}) == ("", [])
    assert state.page({"page": "<b>x</b>"}) == ("", [("page", "<b>x</b>")])


selections = st.builds(
    Selection, lang=st.sampled_from(["nb", "nn", "en"]), fylke=st.sampled_from(["", *sorted(FYLKER)]),
    indicator=st.sampled_from(list(state.INDICATORS)), threshold=st.sampled_from(state.THRESHOLDS),
    weight=st.sampled_from(state.WEIGHTS), kommune=st.sampled_from(["", *sorted(KOMMUNER)]),
    filter=st.sampled_from(list(state.gaps.FILTERS)), action=st.sampled_from(state.ACTIONS),
    place=st.sampled_from(["", *sorted(KOMMUNER)]), point=st.sampled_from(["", "67.28,14.40", "59.91,10.75"]),
    centre=st.sampled_from(["", *sorted(CENTRES)]), slide=st.sampled_from(list(state.SLIDES)))


@settings(max_examples=300, deadline=None)
@given(selections)
def test_round_trip(sel):
    params = state.to_params(sel)
    assert _parse(params) == (sel, [])
    assert all(v != getattr(Selection(), k) for k, v in
               ((f.name, getattr(sel, f.name)) for f in fields(Selection)) if PARAM_NAMES[k] in params)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(set(PARAM_NAMES.values()))), st.text(max_size=300)))
def test_any_text_parses_without_error(params):
    sel, bad = _parse(params)
    assert isinstance(sel, Selection)
    assert all(len(v) <= state.ECHO_CHARS for _, v in bad)
