"""Issue 19, items 9 and 10: what a reader of a Bokmål page reads and hears holds no internal term and no English
control label, and a download that takes a while says what is being made and counts its seconds.

The stumbling words are written out here by hand (not taken from vocabulary.page_words), so a label Streamlit adds
or a term that comes back is caught even when the code's own list does not know it."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.conftest import SCREENSHOTS, app_page, page_text

# Terms a politician stumbles on, in what the pages say (visible text, tables, metrics, buttons, options).
STUMBLE_NB = ["P90", "Evidens", "Gap-klasse", "Tilhørighet:", "spor som ikke", "anslått: korteste", "Last ned:",
              "utenfor tilpasningen", "Befolkningsvektet", "befolkningsvektet midtpunkt", "medianens bånd",
              "kuratert"]
# English the frontend writes into a Norwegian page: labels, titles and placeholders.
ENGLISH_UI = ["Choose an option", "Collapse sidebar", "Expand sidebar", "Sidebar", "Open", "Close", "Clear value",
              "Help for", "Link to heading", "Copy to clipboard", "Zoom in", "Zoom out", "Download as CSV",
              "Show/hide columns", "Search", "Fullscreen", "Close fullscreen", "Choose date", "day,", "month,",
              "year,", "Running..."]
VIEWS = [(None, {"fylke": "18"}), ("views/kommune.py", {"kommune": "1866"}), ("views/kommune.py", {"kommune": "5530"}),
         ("views/hva_om.py", {"fylke": "55", "endring": "open", "sted": "5530"}), ("views/metode.py", {})]
PATHS = ["/kart?fylke=18", "/kommune?kommune=1866", "/hva-om?fylke=55&endring=open&sted=5530", "/metode", "/forslag",
         "/vurdering"]


def _everything(at) -> str:
    """Every word an AppTest page gives a reader: text, table headers and cells, cards, buttons, widgets, options."""
    parts = [page_text(at)]
    for frame in [*at.dataframe, *at.table]:
        value = frame.value
        parts += [str(c) for c in value.columns] + [str(i) for i in value.index]
        parts += [str(v) for v in value.to_numpy().ravel()]
    parts += [f"{m.label} {m.value} {m.help or ''}" for m in at.metric]
    parts += [b.label for b in at.get("download_button")]
    for box in at.selectbox:
        parts += [box.label, *(str(o) for o in box.options)]
    parts += [r.label for r in at.radio]
    return " ".join(parts)


def stumbles(text: str) -> list[str]:
    return [w for w in STUMBLE_NB if w.lower() in text.lower()]


@pytest.mark.parametrize(("view", "params"), VIEWS)
def test_bokmal_pages_say_nothing_a_politician_stumbles_on(empty_register, view, params):
    text = _everything(app_page(view, **params))
    assert stumbles(text) == [], stumbles(text)


def test_the_stumbling_list_catches_a_planted_term(empty_register):
    """The scan reads table headers too: the old 'P90' label put back into the table is found."""
    import vocabulary as vocab

    old = dict(vocab.LABELS["p90_min_nearest"])
    vocab.LABELS["p90_min_nearest"]["nb"] = "P90 minutter til nærmeste senter"
    try:
        assert "P90" in stumbles(_everything(app_page(None, fylke="18")))
    finally:
        vocab.LABELS["p90_min_nearest"].update(old)


# --- in a real browser: the frontend's own labels, and the feedback while a file is made --------------------------

@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    yield context.new_page()
    context.close()


_LABELS_JS = """() => [...document.querySelectorAll('[aria-label],[title],[placeholder]')].flatMap(e =>
  ['aria-label', 'title', 'placeholder'].map(a => e.getAttribute(a)).filter(v => v))"""


def _english(labels: list[str]) -> list[str]:
    return sorted({v for v in labels for w in ENGLISH_UI if v == w or v.startswith(w + " ") or
                   (w.endswith(",") and v.startswith(w))})


def _english_left(page) -> list[str]:
    """The English labels on the page: [] once a moment has been seen with none (the relabelling catches a fresh
    redraw on the next animation frame), else those still there after 5 s."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    english = "new Set(" + repr(ENGLISH_UI) + ")"
    try:
        page.wait_for_function(f"""() => {{ const en = {english};
            return ({_LABELS_JS})().every(v => ![...en].some(w => v === w || v.startsWith(w + " ") ||
                                                                 (w.endsWith(",") && v.startsWith(w)))); }}""",
                               timeout=5_000)
        return []
    except PlaywrightTimeout:
        return _english(page.evaluate(_LABELS_JS))


def _settled(page, path: str, app_url: str):
    page.goto(f"{app_url}{path}")
    expect(page.get_by_text("116 006").first).to_be_visible(timeout=120_000)
    # the relabelling has run when the sidebar's own button speaks Norwegian
    expect(page.locator('[data-testid="stSidebar"]')).to_have_attribute("aria-label", "Sidepanel", timeout=30_000)


@pytest.mark.browser
@pytest.mark.parametrize("path", PATHS)
def test_no_english_control_label_on_a_bokmal_page(page, app_url, path):
    _settled(page, path, app_url)
    if path.startswith("/kart"):  # the map's zoom buttons and the table's toolbar are drawn last
        expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "Zoom inn", timeout=60_000)
    english = _english_left(page)
    assert english == [], english
    if path.startswith("/kart"):  # the table toolbar's tooltip repeats its label as text
        page.locator('[data-testid="stDataFrame"]').hover()
        page.get_by_role("button", name="Søk").hover()
        expect(page.get_by_test_id("stTooltipContent")).to_have_text("Søk")
    body = page.inner_text("body")
    assert stumbles(body) == [], stumbles(body)


@pytest.mark.browser
def test_english_gets_streamlits_own_labels_back(page, app_url):
    _settled(page, "/kart?fylke=18", app_url)
    page.get_by_text("English").click()
    expect(page.locator('[data-testid="stSidebar"]')).to_have_attribute("aria-label", "Sidebar", timeout=60_000)
    expect(page.get_by_text("All numbers as a table")).to_be_visible(timeout=60_000)  # the whole page redrawn
    expect(page.get_by_text("Alle tall i tabellform")).to_have_count(0)
    expect(page.locator('[placeholder="Velg"]')).to_have_count(0, timeout=30_000)  # the run's old widgets gone
    expect(page.locator('button[aria-label="Collapse sidebar"]')).to_have_count(1)
    labels = page.evaluate(_LABELS_JS)
    assert not [v for v in labels if v in ("Skjul sidepanelet", "Sidepanel", "Velg") or v.startswith("Forklaring:")]


@pytest.mark.browser
@pytest.mark.parametrize(("path", "button"), [("/kart?fylke=18", "PDF A4 (utskrift)"),
                                              ("/kommune?kommune=1866", "Faktaark Hadsel (kommune, PDF A4)")])
def test_a_download_says_what_it_makes_while_it_is_made(page, app_url, path, button):
    _settled(page, path, app_url)
    target = page.get_by_role("button", name=button)
    target.scroll_into_view_if_needed()
    progress = page.get_by_test_id("dkDownloadProgress")
    with page.expect_download(timeout=120_000) as download:
        start = time.monotonic()
        target.click()
        expect(progress).to_contain_text(f"Lager {button} …", timeout=5_000)
        page.screenshot(path=str(SCREENSHOTS / f"nedlasting-pagar-{button[:8].replace(' ', '-')}.png"))
    waited = time.monotonic() - start
    assert download.value.suggested_filename.endswith(".pdf")
    ready = re.compile(rf"{re.escape(button)} er klar etter (\d+),(\d) s")
    expect(progress).to_contain_text(ready, timeout=30_000)
    expect(page.get_by_role("status").filter(has_text="er klar etter")).to_have_count(1)
    # "ready" comes when the file does, not before: the seconds it names cover most of the wait
    said = float(".".join(ready.search(progress.inner_text()).groups()))
    assert said >= waited - 1.0, (said, waited)
