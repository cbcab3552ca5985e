"""Words, numbers, dates and colours shared by the app and the exports."""

import datetime as dt

import pandas as pd
import pytest

import vocabulary as vocab
from coverage import gaps
from vocabulary import palette

TODAY = dt.date(2026, 11, 26)


def test_every_phrase_exists_in_bokmal_and_english():
    """Nynorsk is inline or in vocabulary/nynorsk.py (tests/test_nynorsk.py)."""
    for key, entry in vocab.WORDS.items():
        assert {"nb", "en"} <= set(entry) <= {"nb", "nn", "en"}, key  # Nynorsk inline for new keys (issue 20)
        assert all(entry[lang] for lang in entry), key


def test_norwegian_and_english_number_formats():
    assert vocab.fmt(1234.5, "nb", 1) == "1\u00a0234,5"
    assert vocab.fmt(1234.5, "en", 1) == "1,234.5"
    assert vocab.fmt(-3, "nb") == "−3"
    assert vocab.fmt(float("nan"), "nb") == "ukjent" and vocab.fmt(None, "en") == "unknown"
    assert vocab.pct(0.171, "nb", 1) == "17,1\u00a0%" and vocab.pct(0.171, "en") == "17%"
    assert vocab.fmt(90, "nb", 0, "min") == "90\u00a0min"


@pytest.mark.parametrize(("value", "nb", "en"), [
    ("2022-09-05", "per 5.9.2022", "as of 5 Sep 2022"),
    ("2024-03", "per mars 2024", "as of March 2024"),
    ("2016", "per 2016", "as of 2016"),
    ("undated", "udatert", "undated"),
    ("", "udatert", "undated"),
])
def test_source_dates_in_both_languages(value, nb, en):
    assert vocab.as_of_text(value, "nb") == nb and vocab.as_of_text(value, "en") == en


def test_old_evidence_shows_its_age_and_undated_says_so():
    assert vocab.with_age("Under arbeid", "2021", "nb", TODAY) == "Under arbeid per 2021"
    assert vocab.with_age("Vedtatt", "2024-05-01", "nb", TODAY) == "Vedtatt"  # two years old: no age shown
    assert vocab.with_age("Adopted", "undated", "en", TODAY) == "Adopted (undated)"
    assert vocab.age_years("2016", TODAY) == 9  # counted from the end of 2016
    assert "kilden er 9 år gammel" in vocab.source_text("https://x.no", "2016", "nb", TODAY)


ALL_LEGENDS = ["gap_class", "plan_status", "median_min_nearest", "share_over", "road_straight_ratio"]


@pytest.mark.parametrize("indicator", ALL_LEGENDS)
def test_legend_colours_have_3_to_1_contrast_against_white(indicator):
    for _, text, colour, _ in vocab.legend(indicator, "nb"):
        assert palette.contrast(colour) >= 3.0, (text, colour, round(palette.contrast(colour), 2))


@pytest.mark.parametrize("indicator", ALL_LEGENDS)
def test_legend_colours_stay_apart_for_every_colour_vision(indicator):
    colours = [c for _, _, c, _ in vocab.legend(indicator, "nb")]
    ordered = vocab.kind(indicator) != "class"
    ramp = colours[:-1] if ordered else colours  # a ramp's steps are compared with their neighbours
    d, a, b, vision = palette.min_distance(ramp, "neighbours" if ordered else "all")
    assert d >= (8 if ordered else 14), (a, b, vision, round(d, 1))
    if ordered:  # the no-data grey must not be mistaken for any step
        nodata = colours[-1]
        assert min(palette.distance(nodata, c, v) for c in ramp for v in palette.CVD) >= 8


def test_simulation_merges_what_it_should():
    # Sanity of the simulator itself: pure red and green are far apart for normal vision, close for deuteranopia.
    assert palette.distance("#D62728", "#2CA02C") > 50
    assert palette.distance("#D62728", "#2CA02C", "deuteranopia") < palette.distance("#D62728", "#2CA02C") / 2


def test_legend_counts_follow_the_table_and_drop_empty():
    t = pd.DataFrame({"gap_class": ["dekket", "dekket", "ukjent_langt"]})
    entries = vocab.legend("gap_class", "en", 90, t, drop_empty=True)
    assert [(k, n) for k, _, _, n in entries] == [("dekket", 2), ("ukjent_langt", 1)]
    assert [k for k, *_ in vocab.legend("gap_class", "en", 90)] == list(gaps.CLASSES)


def test_colours_and_keys_agree_with_the_legend():
    t = pd.DataFrame({"median_min_nearest": [5.0, 45.0, 250.0, float("inf"), float("nan")]})
    assert list(vocab.keys(t, "median_min_nearest")) == ["bin0", "bin1", "bin5", "nodata", "nodata"]
    assert list(vocab.colours(t, "median_min_nearest")) == [vocab.RAMP[0], vocab.RAMP[1], vocab.RAMP[5],
                                                           vocab.NO_DATA, vocab.NO_DATA]


def test_register_problems_name_fields_as_the_form_does_on_the_page_and_as_columns_in_files():
    from register.rules import Problem
    from vocabulary import register_words

    p = Problem("plan_title", "url_in_text")
    page = register_words.problem(p, "nb", labels=True)
    label = vocab.WORDS["field_source_url"]["nb"].split(" (")[0]
    assert f"«{label}»" in page and "source_url" not in page
    assert "source_url" in register_words.problem(p, "en")  # the CSV/CLI message names the column


def test_an_expired_plan_says_when_its_period_ended_and_long_partner_lists_are_counted():
    """'Utløpt per 1.3.2021' read like an expiry date: an expired plan with a period names the period's end; a joint
    plan of 13 kommuner names five partners and counts the other eight (worked out by hand)."""
    import pandas as pd

    row = pd.Series({"plan_status": "expired", "plan_period": "2021–2025", "plan_as_of": "2021-03-01",
                     "plan_title": "", "plan_partners": "A; B; C; D; E; F; G; H; I; J; K; L; M"})
    assert vocab.plan_status_text(row, "nb") == "Utløpt (perioden endte 2025)"
    assert vocab.plan_status_text(row, "en").endswith("(its period ended 2025)")
    assert vocab.plan_details(row, "nb")[-1] == "Felles med: A; B; C; D; E og 8 til"
    six = row.copy()
    six["plan_partners"] = "A; B; C; D; E; F"
    assert vocab.plan_details(six, "nb")[-1] == "Felles med: A; B; C; D; E; F"  # six are all named
    undated = row.copy()
    undated["plan_period"] = ""
    assert vocab.plan_status_text(undated, "nb").startswith("Utløpt per")  # no period: the source's date, as before


# Words a politician stumbles on (issue 19, item 9): internal terms stay in code and in the technical file's column
# notes (vocabulary/columns.py), never in what the app, a map or a sheet says.
JARGON = {"nb": ["evidens", "gap-klasse", "kurater", "spor som ikke", "anslått: korteste", "p90", "tilhørighet",
                 "utenfor tilpasningen", "medianens bånd", "befolkningsvektet median"],
          "en": ["evidence:", "evidenced", "curated", "gap class", "a lead that", "p90", "affiliation", "'s ± "]}


def test_no_phrase_a_reader_sees_uses_internal_terms():
    found = [(key, lang, text) for key, phrase in vocab.WORDS.items() for lang, text in phrase.items()
             if any(term in str(text).lower() for term in JARGON.get(lang, []))]
    found += [(key, lang, text) for key, phrase in vocab.LABELS.items() for lang, text in phrase.items()
              if any(term in str(text).lower() for term in JARGON.get(lang, []))]
    assert found == []


@pytest.mark.parametrize(("name", "town", "shown"), [
    ("Vest-Finnmark krisesenter (Hammerfest)", "Hammerfest", "Vest-Finnmark krisesenter (Hammerfest)"),
    ("Krisesenteret i Salten", "Bodø", "Krisesenteret i Salten (Bodø)"),
    ("Krisesenteret Rana", "Mo i Rana", "Krisesenteret Rana (Mo i Rana)"),
    ("Oslo Krisesenter", "", "Oslo Krisesenter"),
])
def test_a_centre_is_named_with_its_town_once(name, town, shown):
    assert vocab.centre_label(name, town) == shown


def test_a_legend_entry_in_words_says_one_kommune_in_the_singular():
    assert vocab.entry_count("Dobbelt gap", 1, "nb") == "Dobbelt gap: 1 kommune"
    assert vocab.entry_count("Dobbelt gap", 2, "nb") == "Dobbelt gap: 2 kommuner"
    assert vocab.entry_count("Dobbelt gap", 1, "nn") == "Dobbelt gap: 1 kommune"
    assert vocab.entry_count("Dobbelt gap", 12, "nn") == "Dobbelt gap: 12 kommunar"
