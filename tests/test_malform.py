"""Målform per kommune and fylke (geodata/malform*.csv, loaders/malform.py) and what it decides: the document
language (Nynorsk to a Nynorsk kommune), the innsynskrav's default form, the report card's fact-sheet language;
and the register's words and pages in Nynorsk. Counts are held against the sources' own totals, recounted from the
CSV with pandas; the per-kommune rows against the pinned source file read with json."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import vocabulary
from loaders import curated, malform, registry
from loaders.problems import ValidationError
from vocabulary import letters
from vocabulary import register_words as words

GEODATA = Path(__file__).resolve().parent.parent / "geodata"
VIEWS = Path(__file__).resolve().parent.parent / "dashboard" / "views"
FORM_OF = {"Nynorsk": "nynorsk", "Bokmål": "bokmål", "Nøytral": "nøytral"}

# Språkrådet, "Språkvedtak" (https://sprakradet.no/spraklova/norsk-sprak/sprakvedtak/, per 10 December 2021, in the
# 2024 division), read off its stored table: fylke → (kommunar i alt, bokmål, nynorsk, nøytral); and its SUM row.
SPRAKRADET = {"31": (12, 11, 0, 1), "32": (21, 14, 0, 7), "33": (18, 10, 3, 5), "03": (1, 0, 0, 1),
              "34": (46, 22, 7, 17), "39": (6, 3, 0, 3), "40": (17, 2, 8, 7), "42": (25, 7, 6, 12),
              "11": (23, 2, 9, 12), "46": (43, 0, 41, 2), "15": (27, 0, 15, 12), "50": (38, 7, 0, 31),
              "18": (41, 20, 0, 21), "55": (21, 7, 0, 14), "56": (18, 14, 0, 4)}
SPRAKRADET_SUM = (357, 119, 88, 150)
# Statsforvaltaren i Rogaland (sist endra 14.07.2023): "10 av 23 kommunar … nynorsk (åtte kommunar) eller bokmål (to
# kommunar) … 13 kommunar (fleirtalet) er nøytrale".
ROGALAND = (23, 2, 8, 13)

BOKMAL_ONLY = ("ikke", "hva", "hvor", "hvordan", "hvem", "hvis", "jeg", "nå", "ble", "være", "mener", "menes", "gjelder",
               "noen", "mye", "fra", "innbyggere", "innbyggerne", "kommuner", "kommunene", "vold", "kilde", "kilden",
               "lenke", "lenken", "finnes", "venter", "vises", "lagret", "svart", "deres", "dere",
               "spurd")  # not Bokmål but a misform: spørje — spurde — spurt (Nynorskordboka)


def _csv(name: str = malform.FILE) -> pd.DataFrame:
    return pd.read_csv(GEODATA / name, dtype=str, keep_default_na=False)


def _counts(rows: pd.DataFrame) -> tuple[int, int, int, int]:
    c = rows["malform"].value_counts()
    return len(rows), int(c.get("bokmål", 0)), int(c.get("nynorsk", 0)), int(c.get("nøytral", 0))


# --- the table -------------------------------------------------------------------------------------------------

def test_every_kommune_of_the_2024_division_has_exactly_one_row(valid_knr):
    df = malform.kommuner(valid_knr)
    raw = _csv()
    assert len(raw) == 357 and set(raw["kommunenummer"]) == valid_knr and not raw["kommunenummer"].duplicated().any()
    assert len(df) == 357
    assert set(_csv(malform.FYLKE_FILE)["fylkesnummer"]) == {k[:2] for k in valid_knr}


def test_counts_match_sprakradets_own_sum_and_every_fylke_row_but_rogaland():
    raw = _csv()
    assert _counts(raw) == SPRAKRADET_SUM
    by_fylke = {f: _counts(rows) for f, rows in raw.groupby(raw["kommunenummer"].str[:2])}
    assert {f: v for f, v in by_fylke.items() if f != "11"} == {f: v for f, v in SPRAKRADET.items() if f != "11"}
    # Språkrådet's own Rogaland row (9 nynorsk, 12 nøytral) does not add up to its sum (88, 150); Statsforvaltaren
    # i Rogaland's list of all 23 kommuner does, and so does the table.
    rows = list(SPRAKRADET.values())
    assert sum(r[2] for r in rows) == SPRAKRADET_SUM[2] + 1 and sum(r[3] for r in rows) == SPRAKRADET_SUM[3] - 1
    assert by_fylke["11"] == ROGALAND


def test_rows_agree_with_the_pinned_source_file_and_quote_it_verbatim():
    path = registry.fetch("kommune_facts")              # sha256 checked against geodata/sources.json
    text = Path(path).read_text(encoding="utf-8")
    source = {r["id"]: FORM_OF[r["language"]] for r in json.loads(text)}
    flat = re.sub(r"\s+", " ", text)
    raw = _csv().set_index("kommunenummer")
    assert raw["malform"].to_dict() == source            # every one of the 357 rows, Rogaland's included
    pinned = raw[raw["source_url"].str.startswith("https://raw.githubusercontent.com/aprestmo/")]
    assert len(pinned) == 357 - 23
    for knr, row in pinned.iterrows():
        assert row["quote"] in flat and f'"id": "{knr}"' in row["quote"], knr
    rogaland = raw[raw.index.str.startswith("11")]
    assert set(rogaland["source_url"]) == {"https://www.statsforvalteren.no/nn/Rogaland/Om-oss/Malform/"}
    for knr, row in rogaland.iterrows():
        number = "1145" if knr == "1146" else knr       # the page prints Tysvær with Bokn's number
        assert row["quote"] == f"{number} {row['kommunenavn']} {row['malform'].capitalize()}", knr


@pytest.mark.parametrize(("knr", "lang"), [
    ("4647", "nn"),   # Sunnfjord: lokalhistoriewiki "Målform Nynorsk"
    ("1577", "nn"),   # Volda: SNL "Målform nynorsk"
    ("1515", "nn"),   # Herøy (Møre og Romsdal)
    ("1114", "nn"),   # Bjerkreim: Statsforvaltaren i Rogaland "1114 Bjerkreim Nynorsk"
    ("4601", "nb"),   # Bergen: nøytral
    ("1508", "nb"),   # Ålesund: nynorsk until 2023, nøytral since (Wikipedia 1508: "Language: Neutral")
    ("1580", "nb"),   # Haram, re-established 2024 without a vedtak: nøytral
    ("1101", "nb"),   # Eigersund: bokmål
    ("1824", "nb"),   # Vefsn: nøytral
    ("9999", "nb"),   # not a kommune: unknown gives Bokmål
])
def test_document_language_of_hand_checked_kommuner(knr, lang):
    assert malform.document_lang(knr) == lang


def test_fylke_document_language():
    assert [malform.fylke_document_lang(f) for f in ("46", "15", "39", "11", 3)] == ["nn", "nn", "nb", "nb", "nb"]
    assert malform.lang_of("unknown") == malform.lang_of("nøytral") == malform.lang_of("bokmål") == "nb"


# --- validation: planted mistakes, every one named, raised once ----------------------------------------------

def _planted(tmp_path: Path, name: str, edit) -> Path:
    df = pd.read_csv(GEODATA / name, dtype=str, keep_default_na=False)
    df = edit(df)
    path = tmp_path / name
    df.to_csv(path, index=False)
    return path


def test_the_loader_refuses_planted_bad_rows_naming_each(tmp_path, valid_knr):
    def edit(df):
        df.loc[0, "malform"] = "nynorks"
        df.loc[1, "source_url"] = "www.example.no/malform"
        df.loc[2, "as_of"] = "13.05.2024"
        df.loc[3, "quote"] = ""
        df.loc[4, "notes"] = "Rådhuset ligger i Storgata 12"
        df.loc[5, "quote"] = "x" * 301
        df.loc[6, "other_sources"] = "ftp://example.no/a"
        df.loc[7, "kommunenummer"] = "1507"               # Ålesund before 2024: not a 2024 number
        df.loc[8, "kommunenummer"] = df.loc[9, "kommunenummer"]
        return df.drop(index=[10])
    path = _planted(tmp_path, malform.FILE, edit)
    raw = _csv()
    with pytest.raises(ValidationError) as err:
        malform.kommuner(valid_knr, path)
    problems = err.value.problems
    text = "\n".join(problems)
    assert "row 2: malform 'nynorks' is not allowed; allowed: nynorsk, bokmål, nøytral, unknown" in problems
    assert "row 3: source_url 'www.example.no/malform' is not a http(s) URL" in problems
    assert any(p.startswith("row 4: as_of '13.05.2024' is not a date") for p in problems)
    assert any(p.startswith("row 5: malform") and "needs its source_url and a verbatim quote" in p for p in problems)
    assert any(p.startswith("row 6, notes:") and "street address" in p for p in problems)
    assert "row 7: quote has 301 characters; at most 300 allowed" in problems
    assert "row 8: other_sources 'ftp://example.no/a' is not a http(s) URL" in problems
    assert any(p.startswith("row 9: kommunenummer 1507 is not in the 2024 division") for p in problems)
    assert any(p.startswith(f"duplicate kommunenummer '{raw.loc[9, 'kommunenummer']}'") for p in problems)
    missing = sorted({raw.loc[7, "kommunenummer"], raw.loc[8, "kommunenummer"], raw.loc[10, "kommunenummer"]})
    assert f"3 kommune(r) have no row: {', '.join(missing)}" in text
    assert len(problems) == 10


def test_unknown_needs_no_source_but_a_known_form_does(tmp_path, valid_knr):
    def edit(df):
        df.loc[0, ["malform", "source_url", "quote", "as_of"]] = ["unknown", "", "", "undated"]
        return df
    df = malform.kommuner(valid_knr, _planted(tmp_path, malform.FILE, edit))
    assert df.loc[0, "malform"] == "unknown"


def test_fylker_and_search_log_refuse_planted_mistakes(tmp_path):
    fylker = _planted(tmp_path, malform.FYLKE_FILE, lambda df: df.assign(
        fylkesnummer=df["fylkesnummer"].replace({"46": "12"})))
    with pytest.raises(ValidationError) as err:
        malform.fylker({"03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56"}, fylker)
    assert err.value.problems == ["row 13: fylkesnummer '12' is not a fylke of the 2024 division (15 fylker)",
                                  "fylke(r) 46 have no row; every fylke needs one ('unknown' if unsourced)"]
    log = _planted(tmp_path, malform.LOG_FILE, lambda df: df.assign(
        result=["maybe"] + list(df["result"][1:]), searched_on=list(df["searched_on"][:-1]) + ["5.12.2026"]))
    with pytest.raises(ValidationError) as err:
        malform.search_log(log)
    assert err.value.problems == ["row 2: result 'maybe' is not allowed; allowed: found, nothing",
                                  f"row {len(_csv(malform.LOG_FILE)) + 1}: searched_on '5.12.2026' is not a date; "
                                  "allowed: YYYY-MM-DD"]


def test_the_check_covers_the_malform_files(tmp_path, monkeypatch, kommuner):
    from loaders import table

    geodata = tmp_path / "geodata"
    shutil.copytree(GEODATA, geodata)
    df = pd.read_csv(geodata / malform.FILE, dtype=str, keep_default_na=False)
    df.loc[0, "malform"] = "sidemål"
    df.to_csv(geodata / malform.FILE, index=False)
    monkeypatch.setattr(curated, "GEODATA", geodata)
    with pytest.raises(ValidationError) as err:
        table.load_curated(kommuner)
    assert [e.source for e in err.value.errors] == [malform.FILE]


# --- words and letters in Nynorsk --------------------------------------------------------------------------------

def _bokmal_words(text: str) -> list[str]:
    return [w for w in BOKMAL_ONLY if re.search(rf"(?<![\wæøå]){w}(?![\wæøå])", text.lower())]


def test_every_register_phrase_has_nynorsk_with_the_same_placeholders_and_no_bokmal_words():
    for table in (words.WORDS, words.PROBLEMS, words.FILE_PROBLEMS):
        for key, entry in table.items():
            assert list(entry) == ["nb", "nn", "en"], key
            assert entry["nn"] and set(re.findall(r"{(\w+)}", entry["nn"])) == set(re.findall(r"{(\w+)}", entry["nb"])), key
            assert _bokmal_words(entry["nn"]) == [], (key, entry["nn"])


def test_the_nynorsk_letters_use_no_bokmal_words_outside_the_quoted_ssb_definition():
    from datetime import date

    quoted = (letters.KOSTRA_ADOPTED, letters.KOSTRA_BY_WHOM)  # SSB's Bokmål guidance, quoted word for word
    for text in (letters.letter("Volda", "nn"), letters.reminder("Volda", date(2026, 11, 2), 12, "nn")):
        for q in quoted:
            text = text.replace(q, "")
        assert _bokmal_words(text) == []
        assert "Volda kommune" in text and "vald i nære relasjonar" in text
    assert _bokmal_words(letters.letter("Volda", "nb"))               # the check itself finds Bokmål


# --- the app: letters, fact sheets and the register pages --------------------------------------------------------

def test_the_letter_is_in_nynorsk_to_a_nynorsk_kommune_and_in_bokmal_to_others(tmp_path, monkeypatch):
    from tests.conftest import app_page

    monkeypatch.setenv("DEKNING_DB_URL", f"sqlite:///{tmp_path / 'register.sqlite'}")

    at = app_page("views/kommune.py", kommune="1114")  # Bjerkreim: nynorsk, plan status unknown
    assert at.radio(key="ask-lang-1114").value == "nn"
    assert "Brevet er på nynorsk, kommunens målform." in [c.value for c in at.caption]
    assert any("Eg ber om innsyn" in c.value and "Bjerkreim kommune" in c.value for c in at.code)
    at = app_page("views/kommune.py", kommune="1824")  # Vefsn: nøytral
    assert at.radio(key="ask-lang-1824").value == "nb"
    assert any("Jeg ber om innsyn" in c.value for c in at.code)


def _sheet_script():
    import streamlit as st

    from dashboard import downloads

    st.session_state["sheet"] = downloads.sheet_lang(st.session_state["knr"], st.session_state["ui"])


@pytest.mark.parametrize(("knr", "ui", "radio", "sheet", "caption"), [
    ("4647", "nb", "nn", "nn", "Dokumentene er på nynorsk, kommunens målform."),
    ("4647", "nn", "nn", "nn", "Dokumenta er på nynorsk, som er målforma til kommunen."),
    ("1824", "nb", "nb", "nb", None),
    ("4647", "en", None, "en", None),
])
def test_the_fact_sheet_defaults_to_the_kommunes_malform_in_norwegian(monkeypatch, knr, ui, radio, sheet, caption):
    monkeypatch.setattr(vocabulary, "LANGS", ("nb", "nn", "en"))  # as once Nynorsk is a language of the app
    at = AppTest.from_function(_sheet_script)
    at.session_state["knr"], at.session_state["ui"] = knr, ui
    at.run()
    assert not at.exception
    assert at.session_state["sheet"] == sheet
    assert [r.value for r in at.radio] == ([radio] if radio else [])
    assert [c.value for c in at.caption] == ([caption] if caption else [])
    if knr == "4647" and ui == "nb":                                   # a way to Bokmål, said as such
        at.radio[0].set_value("nb").run()
        assert at.session_state["sheet"] == "nb"
        assert [c.value for c in at.caption] == ["Kommunens målform er nynorsk; dokumentene er nå på bokmål."]


def test_without_nynorsk_in_the_vocabulary_the_sheet_stays_in_the_page_language(monkeypatch):
    monkeypatch.setattr(vocabulary, "LANGS", ("nb", "en"))
    at = AppTest.from_function(_sheet_script)
    at.session_state["knr"], at.session_state["ui"] = "4647", "nb"
    at.run()
    assert at.session_state["sheet"] == "nb" and not at.radio


def test_the_factsheet_command_defaults_to_the_places_malform(monkeypatch):
    from export import __main__ as cli

    monkeypatch.setattr(vocabulary, "LANGS", ("nb", "nn", "en"))
    assert [cli._place_lang(kommune=k) for k in ("4647", "1824")] == ["nn", "nb"]
    assert [cli._place_lang(fylke=f) for f in ("46", "18")] == ["nn", "nb"]
    monkeypatch.setattr(vocabulary, "LANGS", ("nb", "en"))
    assert cli._place_lang(kommune="4647") == "nb"                    # no Nynorsk words yet: Bokmål


def _register_page(view: str, knr: str = "1114") -> AppTest:
    from dashboard import data
    from dashboard.state import Selection

    at = AppTest.from_file(str(VIEWS / view), default_timeout=180)
    at.session_state["selection"] = Selection(lang="nn", kommune=knr)
    at.session_state["model_key"] = data.model_key()
    return at.run()


def test_the_register_pages_speak_nynorsk(tmp_path, monkeypatch):
    monkeypatch.setenv("DEKNING_DB_URL", f"sqlite:///{tmp_path / 'register.sqlite'}")
    at = _register_page("register_propose.py")
    assert not at.exception
    shown = [m.value for m in at.markdown] + [w.value for w in at.warning]
    assert words.WORDS["propose_intro"]["nn"] in shown and words.WORDS["no_addresses"]["nn"] in shown
    assert [h.value for h in at.header][:2] == ["Blir vist no", "Kommunen har svara"]
    for box, value in zip(list(at.text_input)[:4], ("Plan", "2024-2027", "javascript:alert(1)", "2024-09-12"),
                          strict=True):
        box.input(value)
    at = at.button[0].click().run()
    assert [e.value for e in at.error] == ["Forslaget vart ikkje lagra. Rett dette:"]
    assert "• «Lenkje til kjelda» «javascript:alert(1)» er ikkje ei http(s)-lenkje." in [t.value for t in at.text]
    review = _register_page("register_review.py")
    assert [i.value for i in review.info] == [words.WORDS["review_public"]["nn"]]


def test_only_the_factsheet_command_leaves_the_language_to_the_place(monkeypatch):
    from export import __main__ as cli

    seen = []
    monkeypatch.setattr(cli, "run_cli", lambda run, args: seen.append(args) or 0)
    cli.main(["factsheet", "--kommune", "4647", "--out", "x.pdf"])
    cli.main(["factsheet", "--kommune", "4647", "--lang", "en", "--out", "x.pdf"])
    cli.main(["map", "--out", "x.png"])
    assert [a.lang for a in seen] == [None, "en", "nb"]
