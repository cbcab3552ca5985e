"""The register's pages under AppTest: a proposal is stored as pending and never shown as fact, bad input is
listed as plain text (never Markdown), proposals are rate-limited per reader, the review page without sign-in
configured approves nothing, and an unreachable register leaves the curated map with a notice."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from register import limits, publish, workflow
from tests.conftest import page_text

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def _page(page: str, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    return at.switch_page(page).run()


def _fill(at: AppTest, title="Handlingsplan mot vold i nære relasjoner", period="2024-2027",
          url="https://www.tromso.kommune.no/handlingsplan", as_of="2024-09-12", note="") -> AppTest:
    for box, value in zip(list(at.text_input)[:4], (title, period, url, as_of), strict=True):  # the proposal form
        box.input(value)
    at.text_area[0].input(note)
    return at.button[0].click().run()


@pytest.fixture(autouse=True)
def _fresh_limits():
    """The proposal limits count per reader in the whole process: every test starts with none counted."""
    limits.LIMITER.clear()
    yield
    limits.LIMITER.clear()


@pytest.fixture
def register_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'register.sqlite'}"
    monkeypatch.setenv("DEKNING_DB_URL", url)
    return url


def test_a_proposal_is_stored_as_pending_and_not_shown_as_fact(register_db):
    at = _page("views/register_propose.py", kommune="5001")
    assert not at.exception
    assert at.selectbox(key="register_kommune").value == "5001"
    assert "Ukjent" in [t.value for t in at.text]                   # Trondheim: no curated evidence
    at = _fill(at)
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Takk! Forslag #1 er registrert. Det vises ikke på kartet før en redaktør har godkjent det."]
    pending = workflow.listing("pending")
    assert pending[["kommunenummer", "status", "period", "origin"]].values.tolist() == [["5001", "adopted", "2024–2027", "app"]]
    assert pending.iloc[0]["proposed_by"].startswith("app session ")
    assert publish.approved().empty
    at = _fill(at)                                                    # the same again: stored once
    assert [i.value for i in at.info][-1:] == ["Det samme forslaget finnes allerede (#1, venter). Ingenting nytt ble lagret."]


def test_bad_input_is_listed_as_plain_text_never_markdown(register_db):
    at = _page("views/register_propose.py", kommune="5501")
    title = "**Vedtatt** ![x](https://evil.example/p.png)"
    at = _fill(at, title=title, url="javascript:alert(1)", as_of="2099-01-01", note="Ligger i Storgata 12")
    assert [e.value for e in at.error] == ["Forslaget ble ikke lagret. Rett dette:"]
    listed = [t.value for t in at.text if t.value.startswith("• ")]
    assert len(listed) == 5
    assert "• «Lenke til kilden» «javascript:alert(1)» er ikke en http(s)-lenke." in listed  # named as the form labels it
    assert "• «Merknad» ser ut som en gateadresse; adresser til krisesentre er hemmelige og ikke tillatt." in listed
    assert not any("evil.example" in m.value or "javascript" in m.value for m in at.markdown)
    assert workflow.listing().empty


def test_proposals_are_rate_limited_per_reader(register_db):
    at = _page("views/register_propose.py", kommune="5501")
    for i in range(5):
        at = _fill(at, note=f"forslag {i}")
        assert at.success, i
    at = _fill(at, note="forslag 5")
    assert [e.value for e in at.error] == ["Du har sendt 5 forslag de siste 10 minuttene. Vent litt før du sender flere."]
    assert len(workflow.listing()) == 5


def test_review_without_sign_in_configured_says_how_and_approves_nothing(register_db):
    at = _page("views/register_review.py")
    assert not at.exception
    assert "ingenting kan godkjennes" in at.info[-1].value  # readers first, in plain words
    assert at.warning[-1].value.startswith("Innlogging for redaktører er ikke satt opp")
    assert "server_metadata_url" in at.code[0].value and "[register]" in at.code[0].value
    assert len(at.button) == 0


def test_review_with_sign_in_configured_offers_sign_in_only(register_db):
    at = AppTest.from_file(APP, default_timeout=180)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "dk", "client_secret": "s", "server_metadata_url": "http://localhost:9/.well-known/x"}
    at.secrets["register"] = {"editors": ["kari@example.org"]}
    at.run()
    at = at.switch_page("views/register_review.py").run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Logg inn som redaktør"]


def test_an_unreachable_register_leaves_the_curated_map_with_a_notice(monkeypatch, indicators_table):
    monkeypatch.setenv("DEKNING_DB_URL", "postgresql+psycopg://nobody@127.0.0.1:9/nowhere")
    publish._down_until.clear()
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception
    assert "Planstatusregisteret kan ikke nås" in page_text(at)
    assert len(at.metric) == 6  # beyond, not current, unknown, double gap, close to the threshold, asked
    publish._down_until.clear()
