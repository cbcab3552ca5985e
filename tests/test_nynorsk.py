"""Nynorsk as a third language (issue 20, item 4): every phrase has bokmål, nynorsk and English with the same
{placeholders}; a phrase's nynorsk lives in one place; no nynorsk text uses a bokmål-only word; numbers and dates
read as in bokmål; a fact sheet and the HTML map in nynorsk carry the same numbers as in bokmål; the app opened with
?lang=nn speaks nynorsk and keeps it in its links."""

import collections
import datetime as dt
import io
import re
import string
import subprocess

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

import vocabulary as vocab
from dashboard import state
from export import factsheet
from export import html as html_export
from vocabulary import columns, nynorsk
from vocabulary.legend import CLASS_LABELS, EVIDENCE_LABELS, LABELS, NO_DATA_LABEL, PLAN_LABELS, TITLES

# Words that are bokmål and never nynorsk, with the nynorsk a writer uses instead: a nynorsk text with one of them
# was copied, not written. Whole words only, any case.
BOKMAL_ONLY = {
    "ikke": "ikkje", "hva": "kva", "hvor": "kvar/kor", "hvordan": "korleis", "hvorfor": "kvifor", "hvilken": "kva for",
    "hvilket": "kva for", "hvilke": "kva for", "hvis": "om", "hver": "kvar", "hvert": "kvart", "noen": "nokon",
    "noe": "noko", "mye": "mykje", "fra": "frå", "uten": "utan", "bare": "berre", "hjem": "heim", "hjemme": "heime",
    "vold": "vald", "være": "vere", "vært": "vore", "ble": "vart/blei", "innbyggere": "innbyggjarar",
    "innbyggerne": "innbyggjarane", "kommuner": "kommunar", "kommunene": "kommunane", "fylker": "fylke",
    "kilde": "kjelde", "kilden": "kjelda", "kilder": "kjelder", "kildene": "kjeldene", "relasjoner": "relasjonar",
    "handlingsplaner": "handlingsplanar", "minutter": "minutt", "personer": "personar", "tall": "tal",
    "tallene": "tala", "antall": "talet på", "beregnet": "berekna", "beregner": "reknar ut", "kjøre": "køyre",
    "kjører": "køyrer", "kjøretid": "køyretid", "kjøretiden": "køyretida", "nærmeste": "næraste",
    "nærmere": "nærare", "kortere": "kortare", "hele": "heile", "norge": "Noreg", "dem": "dei", "deres": "dykkar",
    "egen": "eigen", "eget": "eige", "egne": "eigne", "annen": "annan", "annet": "anna", "flere": "fleire",
    "mer": "meir", "sammen": "saman", "samme": "same", "sammenlignet": "samanlikna", "ligger": "ligg",
    "gjelder": "gjeld", "finnes": "finst", "sier": "seier", "trenger": "treng", "betyr": "tyder", "hører": "høyrer",
    "tilhørighet": "tilknyting", "tettsted": "tettstad", "velg": "vel", "åpne": "opne", "bor": "bur",
    "siden": "sidan", "derfor": "difor", "vanligvis": "vanlegvis", "ennå": "enno", "utløpt": "utgått",
    "vises": "blir vist", "regnes": "blir rekna", "legges": "blir lagd", "tegnforklaring": "teiknforklaring",
}
_BOKMAL = re.compile(r"\b(" + "|".join(BOKMAL_ONLY) + r")\b", re.IGNORECASE)
# Names as their owners write them and verbatim quotes stay as they are.
KEPT_AS_WRITTEN = ("Vold- og overgrepslinjen", "målt etter (bil)vei med kjøretid etter skiltet hastighet",
                   "robhop/fylker-og-kommuner")


def _bokmal_words(text: str) -> list[str]:
    for kept in KEPT_AS_WRITTEN:
        text = text.replace(kept, "")
    return _BOKMAL.findall(text)


def _nn(key: str):
    """The phrase's nynorsk where it lives (inline or vocabulary/nynorsk.py), None when it has none."""
    return vocab.WORDS[key].get("nn", nynorsk.NYNORSK.get(key))


def _fields(text) -> collections.Counter:
    texts = text if isinstance(text, list) else [text]
    return collections.Counter(name for s in texts for _, name, _, _ in string.Formatter().parse(s) if name is not None)


def _tables():
    return {"LABELS": LABELS, "TITLES": TITLES, "CLASS_LABELS": CLASS_LABELS, "PLAN_LABELS": PLAN_LABELS,
            "EVIDENCE_LABELS": EVIDENCE_LABELS, "NO_DATA_LABEL": {"": NO_DATA_LABEL}}


def test_every_phrase_has_bokmal_nynorsk_and_english():
    assert vocab.LANGS == ("nb", "nn", "en")
    missing = [key for key in vocab.WORDS if not _nn(key)]
    empty = [(key, lang) for key, entry in vocab.WORDS.items() for lang in ("nb", "en") if not entry.get(lang)]
    legends = [(name, key, lang) for name, table in _tables().items() for key, entry in table.items()
               for lang in vocab.LANGS if not entry.get(lang)]
    assert (missing, empty, legends) == ([], [], [])


def test_a_phrase_has_its_nynorsk_in_one_place_only():
    both = [key for key in nynorsk.NYNORSK if "nn" in vocab.WORDS.get(key, {})]
    stray = [key for key in nynorsk.NYNORSK if key not in vocab.WORDS]
    assert (both, stray) == ([], [])
    assert set(nynorsk.LEGEND) == set(_tables())
    assert set(nynorsk.COLUMNS) == set(columns._FIXED)


def test_filling_a_table_refuses_nynorsk_in_two_places_or_for_a_key_it_lacks():
    table = {"a": {"nb": "ikke", "nn": "ikkje", "en": "not"}, "b": {"nb": "hva", "en": "what"}}
    with pytest.raises(ValueError, match=r"both inline.*\['a'\]"):
        nynorsk.fill(table, {"a": "ikkje"}, "T")
    with pytest.raises(ValueError, match=r"does not have: \['c'\]"):
        nynorsk.fill(table, {"c": "kva"}, "T")
    nynorsk.fill(table, {"b": "kva"}, "T")
    assert table["b"]["nn"] == "kva"


def test_placeholders_are_the_same_in_all_three_languages():
    differ = []
    for key, entry in vocab.WORDS.items():
        texts = {"nb": entry["nb"], "en": entry["en"], "nn": _nn(key)}
        if texts["nn"] is None:
            continue
        if len({tuple(sorted(_fields(t).items())) for t in texts.values()}) != 1:
            differ.append((key, {lang: dict(_fields(t)) for lang, t in texts.items()}))
        if any(isinstance(t, list) for t in texts.values()):
            if len({len(t) if isinstance(t, list) else -1 for t in texts.values()}) != 1:
                differ.append((key, "list lengths differ"))
            elif [_fields(a) for a in texts["nb"]] != [_fields(a) for a in texts["nn"]]:
                differ.append((key, "list items' placeholders differ"))
    for name, table in _tables().items():
        for key, entry in table.items():
            if len({tuple(sorted(_fields(entry[lang]).items())) for lang in vocab.LANGS}) != 1:
                differ.append((name, key))
    assert differ == []


def test_no_nynorsk_text_uses_a_bokmal_only_word():
    texts = [(key, _nn(key)) for key in vocab.WORDS if _nn(key)]
    texts += [(f"{name}.{key}", entry["nn"]) for name, table in _tables().items() for key, entry in table.items()]
    texts += [(f"column {c}", text) for c, text in nynorsk.COLUMNS.items()]
    texts += [(f"source {s}", text) for s, text in nynorsk.SOURCE_TITLES.items()]
    samples = ["median_min_nearest", "p90_km_affiliated", "share_over_90_nearest", "people_over_60_affiliated",
               "plan_as_of_year", "catchment_as_of_undated", "plan_curated_status", "plan_register_status"]
    texts += [(f"column {c}", columns.describe(c)[1]) for c in samples]
    found = [(where, words) for where, text in texts
             for words in [_bokmal_words(" ".join(text) if isinstance(text, list) else text)] if words]
    assert found == []


def test_the_check_catches_a_copied_bokmal_phrase():
    assert _bokmal_words(vocab.WORDS["tagline"]["nb"]) == ["Hvor", "vold", "relasjoner"]
    assert _bokmal_words(vocab.t("tagline", "nn")) == []
    assert _bokmal_words("Treng du hjelp no? Vold- og overgrepslinjen 116 006") == []  # a name stays as written


def test_every_column_of_the_technical_file_is_described_in_three_languages():
    for column in [*columns._FIXED, "median_min_affiliated", "share_over_120_nearest", "plan_register_period"]:
        nb, nn, en = columns.describe(column)
        assert nb and nn and en, column
    assert columns.describe("p90_km_nearest")[1] == "90-persentil (9 av 10 har kortare) veglengd til næraste senter, km"


def test_numbers_and_dates_in_nynorsk_read_as_in_bokmal():
    assert vocab.is_norwegian("nb") and vocab.is_norwegian("nn") and not vocab.is_norwegian("en")
    assert vocab.fmt(1234.5, "nn", 1) == "1\u00a0234,5" == vocab.fmt(1234.5, "nb", 1)
    assert vocab.fmt(-3, "nn") == "−3" and vocab.pct(0.171, "nn", 1) == "17,1\u00a0%"
    assert vocab.date_text("2026-12-05", "nn") == "5.12.2026" and vocab.as_of_text("2024-03", "nn") == "per mars 2024"
    assert vocab.as_of_text("undated", "nn") == "udatert" and vocab.fmt(None, "nn") == "ukjend"
    assert vocab.t("tagline", "xx") == vocab.t("tagline", "nb")  # an unknown language reads bokmål


def _pdf_text(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())


def _sheet(inputs, knr: str, lang: str) -> str:
    row = inputs["table"].set_index("kommunenummer", drop=False).loc[knr]
    buf = io.BytesIO()
    factsheet.kommune_sheet(row, inputs["areas"].loc[row["fylkesnummer"]], inputs["norge"], inputs["table"],
                            inputs["kommuner"], inputs["fylker"], inputs["centres"], buf, lang, today=TODAY)
    return _pdf_text(buf.getvalue())


TODAY = dt.date(2026, 6, 1)
# What a nynorsk reader must find on the fact sheet, and what only bokmål says.
SHEET_KEYS = ("sheet_travel", "demands", "plan", "source_line", "compared", "kf_unreachable", "helplines")


@pytest.mark.parametrize("knr", ["1804", "1824", "4640"])
def test_a_fact_sheet_in_nynorsk_says_the_same_numbers_in_nynorsk(export_inputs, knr):
    nb, nn = _sheet(export_inputs, knr, "nb"), _sheet(export_inputs, knr, "nn")
    assert collections.Counter(re.findall(r"\d+", nn)) == collections.Counter(re.findall(r"\d+", nb))
    row = export_inputs["table"].set_index("kommunenummer").loc[knr]
    people = vocab.fmt(row["befolkning"], "nn").replace("\u00a0", " ")
    assert f"{people} innbyggjarar" in nn
    assert vocab.PLAN_LABELS[row["plan_status"]]["nn"] in nn and "køyretid" in nn and "kjøretid" not in nn
    for key in SHEET_KEYS:
        said = vocab.t(key, "nn").split("{")[0].strip()
        assert said in nn, key
        if key != "plan" and vocab.t(key, "nb").split("{")[0].strip() != said:  # a plan's title is its own
            assert vocab.t(key, "nb").split("{")[0].strip() not in nn, key


def _html(export_inputs, geo, lang: str) -> tuple[str, str]:
    page = html_export.render(export_inputs["table"], export_inputs["centres"], kommuner_geo=geo[0],
                              fylker_geo=geo[1], indicator="gap_class", threshold=90, lang=lang, area="18",
                              weight="all", today=TODAY)
    visible = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.S)
    return page, " ".join(re.sub(r"<[^>]+>", " ", visible).split())


def test_the_html_map_in_nynorsk_has_lang_nn_nynorsk_words_and_the_same_numbers(export_inputs):
    geo = html_export.web_geometry()
    (nb_page, nb), (nn_page, nn) = _html(export_inputs, geo, "nb"), _html(export_inputs, geo, "nn")
    assert '<html lang="nn">' in nn_page and '<html lang="nb">' in nb_page
    assert collections.Counter(re.findall(r"\d+", nn)) == collections.Counter(re.findall(r"\d+", nb))
    for word in ("Teiknforklaring", "Handlingsplan og reiseveg til krisesenter", "Ukjend plan, lang veg",
                 "Alle kommunane på kartet, som tabell", "Berekna køyretid langs veg"):
        assert word in nn, word
    assert "Tegnforklaring" not in nn and "innbyggere" not in nn
    table = export_inputs["table"].query("fylkesnummer == '18'")
    far_unknown = int((table["gap_class"] == "ukjent_langt").sum())
    assert f"{far_unknown} Ukjend plan, lang veg" in nn


@pytest.mark.browser
def test_the_app_opened_with_lang_nn_speaks_nynorsk_and_keeps_it(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?lang=nn&fylke=18")
        page.wait_for_function("document.querySelectorAll('path.dk-kommune').length >= 41", timeout=60_000)
        expect(page.get_by_text("Teiknforklaring")).to_be_visible(timeout=30_000)
        expect(page.get_by_text("Ukjend planstatus").first).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", "nn", timeout=10_000)
        expect(page.get_by_role("radio", name="Nynorsk")).to_be_checked()
        expect(page.get_by_role("radio", name="Bokmål")).not_to_be_checked()
        expect(page.locator('[data-testid="stSkipToContent"]')).to_have_text("Hopp til hovudinnhaldet")
        page.wait_for_load_state("networkidle")
        violations = Axe().run(page).response["violations"]  # lang="nn" is a valid language for screen readers too
        assert [(v["id"], v["impact"]) for v in violations] == []
        page.get_by_role("link", name="Metode og kjelder").click()
        expect(page.get_by_role("heading", name="Kva vi ikkje veit")).to_be_visible(timeout=60_000)
        assert "lang=nn" in page.url and "fylke=18" in page.url
        expect(page.get_by_role("radio", name="Nynorsk")).to_be_checked()
    finally:
        context.close()


def test_a_link_with_lang_nn_is_read_and_written_back():
    sel, bad = state.parse({"lang": "nn", "fylke": "46"}, set(), {"46"})
    assert (sel.lang, bad) == ("nn", []) and state.to_params(sel) == {"lang": "nn", "fylke": "46"}
    assert state.parse({"lang": "nno"}, set(), set())[1] == [("lang", "nno")]


def test_the_command_line_writes_a_fact_sheet_and_a_publishing_table_in_nynorsk(cli):
    text = _pdf_text(cli("export", "factsheet", "--kommune", "4640", "--lang", "nn", suffix="pdf").read_bytes())
    assert "Sogndal (4640)" in text and "innbyggjarar" in text and "Nasjonale krav" in text
    csv = cli("export", "table", "--publishing", "--lang", "nn", suffix="csv").read_text(encoding="utf-8-sig")
    head = csv.splitlines()[0]
    assert "Median minutt til næraste senter" in head and "Krisesenteret kommunen høyrer til" in head
