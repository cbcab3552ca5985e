"""Real browser (Debian chromium) against `streamlit run`, signing in at a real local OpenID Connect provider
(oidc-provider-mock): propose a plan status for Harstad (curated: unknown), sign in as an editor, approve, and
see the kommune change colour on the map — in a new page load and in a session that was already open — with
the register as its evidence. The review page without sign-in configured approves nothing."""

from __future__ import annotations

import csv
import io
import os
import re
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import expect

import vocabulary as style
from tests.conftest import SCREENSHOTS, script_idle, start_app

pytestmark = pytest.mark.browser
EDITOR = "editor@example.org"
KNR = "5503"  # Harstad: curated status unknown (Tromsø has a published plan since issue 17)


def _fills(page) -> list[str]:
    return [f.upper() for f in page.locator("path.dk-kommune").evaluate_all("els => els.map(e => e.getAttribute('fill'))")]


def _wait_for_fills(page, colour: str, count: int, timeout: float = 30_000) -> list[str]:
    """Wait (in the browser, no polling from here) until exactly `count` kommuner are painted `colour`."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("([c, n]) => { const els = Array.from(document.querySelectorAll('path.dk-kommune'));"
                               " return els.length >= 10 &&"  # the map is painted (a count of 0 is no shortcut)
                               " els.filter(e => (e.getAttribute('fill') || '').toUpperCase() === c).length === n; }",
                               arg=[colour, count], timeout=timeout)
    except PlaywrightTimeout:
        raise AssertionError(f"expected {count} paths filled {colour}, saw {_fills(page).count(colour)}") from None
    return _fills(page)


@pytest.fixture(scope="module")
def oidc():
    from oidc_provider_mock import User, run_server_in_thread

    # the editor's provider vouches for the address (an editor needs email_verified exactly true, issue 22)
    with run_server_in_thread(user_claims=[User(sub=EDITOR, claims={"email": EDITOR, "email_verified": True})]) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def app_with_login(oidc, tmp_path_factory, model):
    tmp = tmp_path_factory.mktemp("register-app")
    secrets_file = tmp / "secrets.toml"
    secrets_file.write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"
client_id = "dekningskart-test"
client_secret = "{secrets.token_urlsafe(16)}"
server_metadata_url = "{oidc}/.well-known/openid-configuration"

[register]
editors = ["{EDITOR}"]
""", encoding="utf-8")
    env = os.environ | {"DEKNING_DB_URL": f"sqlite:///{tmp / 'register.sqlite'}", "STREAMLIT_SECRETS_FILES": str(secrets_file)}
    url, proc = start_app(env)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def test_propose_sign_in_approve_and_the_map_changes(browser, app_with_login, indicators_table):
    url = app_with_login
    troms = indicators_table[indicators_table["fylkesnummer"] == KNR[:2]]
    adopted = style.PLAN_COLOURS["adopted"].upper()
    assert troms.set_index("kommunenummer").at[KNR, "plan_status"] == "unknown"
    n_adopted = int((troms["plan_status"] == "adopted").sum())

    open_session = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    open_session.goto(f"{url}/?fylke=55&indikator=plan_status")
    _wait_for_fills(open_session, adopted, n_adopted)

    page = browser.new_context(viewport={"width": 1400, "height": 1100}).new_page()
    page.goto(f"{url}/forslag?kommune={KNR}")
    page.get_by_label("Planens tittel").fill("Handlingsplan mot vold i nære relasjoner 2024–2027")
    page.get_by_label("Periode (f.eks. 2024–2027)").fill("2024-2027")
    page.get_by_label("Lenke til kilden (http/https)").fill("https://www.tromso.kommune.no/handlingsplan-vold")
    page.get_by_label("Kildens dato").fill("2024-09-12")
    page.get_by_role("button", name="Send forslag").click()
    page.get_by_text("Takk! Forslag #1 er registrert").wait_for(timeout=30_000)
    _wait_for_fills(open_session, adopted, n_adopted)              # a proposal is not a fact

    page.goto(f"{url}/vurdering")
    page.get_by_role("button", name="Logg inn som redaktør").click()
    page.locator("input[name=sub]").wait_for(timeout=30_000)        # the provider's own sign-in page
    assert page.url.startswith("http://localhost:")
    page.locator("input[name=sub]").fill(EDITOR)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**", timeout=30_000)
    page.goto(f"{url}/vurdering")
    page.get_by_text(f"Logget inn som {EDITOR}.").wait_for(timeout=30_000)
    page.screenshot(path=str(SCREENSHOTS / "register-review.png"), full_page=True)
    page.get_by_role("button", name="Godkjenn og publiser").click()
    page.get_by_text("Forslag #1 er godkjent og publisert.").wait_for(timeout=30_000)

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    fresh.goto(f"{url}/?fylke=55&indikator=plan_status")
    fills = _wait_for_fills(fresh, adopted, n_adopted + 1)
    assert fills.count(style.PLAN_COLOURS["unknown"].upper()) == int((troms["plan_status"] == "unknown").sum()) - 1
    fresh.screenshot(path=str(SCREENSHOTS / "register-map-after.png"), full_page=True)

    open_session.get_by_text("English").click()                     # the open session's next rerun
    _wait_for_fills(open_session, adopted, n_adopted + 1)

    script_idle(fresh)
    button = fresh.get_by_role("button", name="Alle kolonner (CSV)", exact=True)
    expect(button).to_be_enabled(timeout=30_000)
    with fresh.expect_download(timeout=60_000) as info:
        button.click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows = {r["kommunenummer"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (rows[KNR]["plan_status"], rows[KNR]["plan_evidence"], rows[KNR]["plan_editor"]) == ("adopted", "register", EDITOR)

    fresh.goto(f"{url}/forslag?kommune={KNR}")
    fresh.get_by_text("Grunnlag: register").wait_for(timeout=30_000)
    fresh.get_by_text(f"godkjent av {EDITOR}").wait_for()


def test_review_page_without_sign_in_configured_says_how_and_approves_nothing(browser, tmp_path, model):
    empty = tmp_path / "secrets.toml"
    empty.write_text("", encoding="utf-8")
    env = os.environ | {"DEKNING_DB_URL": f"sqlite:///{tmp_path / 'register.sqlite'}", "STREAMLIT_SECRETS_FILES": str(empty)}
    url, proc = start_app(env)
    try:
        page = browser.new_context().new_page()
        page.goto(f"{url}/vurdering")
        page.get_by_text("Her godkjenner eller avviser redaktører").wait_for(timeout=60_000)  # readers first
        page.get_by_text("For den som drifter tjenesten").click()  # the operator's set-up, folded away
        page.get_by_test_id("stAlertContentWarning").get_by_text("Innlogging for redaktører er ikke satt opp").wait_for()
        page.get_by_text("server_metadata_url").first.wait_for()
        expect(page.get_by_role("button", name="Godkjenn og publiser")).to_have_count(0)
        expect(page.get_by_role("button", name="Logg inn som redaktør")).to_have_count(0)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


CAMPAIGN_KNR = "1824"  # Vefsn: plan status unknown in the curated data


def test_ask_record_answer_approve_and_the_map_repaints(browser, app_with_login, indicators_table):
    """The campaign end to end: the report card gives the letter and records that Vefsn was asked; the map's KPI
    card counts it; the answer is recorded with the kommune's case reference instead of a URL; an editor approves
    it; the map repaints Vefsn as adopted and the request is no longer awaiting."""
    url = app_with_login
    nordland = indicators_table[indicators_table["fylkesnummer"] == CAMPAIGN_KNR[:2]]
    adopted = style.PLAN_COLOURS["adopted"].upper()
    assert nordland.set_index("kommunenummer").at[CAMPAIGN_KNR, "plan_status"] == "unknown"
    n_adopted = int((nordland["plan_status"] == "adopted").sum())

    page = browser.new_context(viewport={"width": 1400, "height": 1100}).new_page()
    page.goto(f"{url}/kommune?kommune={CAMPAIGN_KNR}")
    page.get_by_role("heading", name="Spør kommunen").wait_for(timeout=60_000)
    page.get_by_role("radiogroup", name="Brevets målform").get_by_text("nynorsk").click()  # the letter's, not the documents'
    page.get_by_text("Til: Postmottak, Vefsn kommune").wait_for()
    page.get_by_text("Eg ber om innsyn").wait_for()
    name_box = page.get_by_label("Ditt navn eller din organisasjon")
    expect(name_box).to_have_count(1, timeout=30_000)               # the rerun after the language choice is done
    name_box.fill("Vefsn sanitetsforening")
    page.get_by_role("button", name="Registrer at kommunen er spurt").click()
    page.get_by_text("Registrert: Vefsn ble spurt").wait_for(timeout=30_000)
    page.get_by_text("Spurt ").filter(has_text="venter på svar").first.wait_for(timeout=30_000)
    page.screenshot(path=str(SCREENSHOTS / "campaign-ask.png"), full_page=True)

    board = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    board.goto(f"{url}/?fylke=18&indikator=plan_status")
    _wait_for_fills(board, adopted, n_adopted)
    card = board.get_by_test_id("stMetric").filter(has_text="Spurt, venter på svar")
    card.get_by_text("1", exact=True).wait_for(timeout=30_000)
    board.get_by_text("1 av kommunene er spurt og venter på svar").wait_for()
    board.screenshot(path=str(SCREENSHOTS / "campaign-map-asked.png"), full_page=True)

    page.goto(f"{url}/forslag?kommune={CAMPAIGN_KNR}")
    page.get_by_role("heading", name="Kommunen har svart").wait_for(timeout=60_000)
    page.get_by_text("Svar på forespørsel #1").wait_for()
    page.get_by_label("Kommunens saksnummer/journalpostnummer").fill("25/01234-3")
    page.get_by_label("Svarbrevets dato").fill("2025-05-20")
    page.get_by_label("Tittel på planen i svaret").fill("Handlingsplan mot vold i nære relasjoner 2023–2026")
    page.get_by_label("Planperiode i svaret").fill("2023-2026")
    page.get_by_role("button", name="Send svaret til vurdering").click()
    thanks = page.get_by_text("er registrert. Det vises ikke på kartet")
    thanks.wait_for(timeout=30_000)
    proposal = re.search(r"Forslag #(\d+)", thanks.inner_text()).group(1)   # the module's other test proposes too
    page.screenshot(path=str(SCREENSHOTS / "campaign-answer.png"), full_page=True)

    page.goto(f"{url}/vurdering")
    page.get_by_role("button", name="Logg inn som redaktør").click()
    page.locator("input[name=sub]").wait_for(timeout=30_000)
    page.locator("input[name=sub]").fill(EDITOR)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**", timeout=30_000)
    page.goto(f"{url}/vurdering")
    page.get_by_text(f"Logget inn som {EDITOR}.").wait_for(timeout=30_000)
    page.get_by_text("25/01234-3").first.wait_for()
    page.get_by_role("button", name="Godkjenn og publiser").click()
    page.get_by_text(f"Forslag #{proposal} er godkjent og publisert.").wait_for(timeout=30_000)

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    fresh.goto(f"{url}/?fylke=18&indikator=plan_status")
    _wait_for_fills(fresh, adopted, n_adopted + 1)
    fresh.get_by_test_id("stMetric").filter(has_text="Spurt, venter på svar").get_by_text("0", exact=True).wait_for()
    fresh.screenshot(path=str(SCREENSHOTS / "campaign-map-after.png"), full_page=True)
    fresh.goto(f"{url}/kommune?kommune={CAMPAIGN_KNR}")
    fresh.get_by_text("brev fra kommunen, saksnr. 25/01234-3").first.wait_for(timeout=60_000)
    fresh.screenshot(path=str(SCREENSHOTS / "campaign-card-after.png"), full_page=True)
