"""Limits that count people, not tabs, and editors who are who they say (issue 22, findings 3, 5 and 6).

- 3: the proposer is the client address (X-Forwarded-For believed only from a trusted proxy), counted by one
  limiter that every session of the process shares — a new session does not start afresh; pending proposals are
  capped per kommune and in all; the review page reads one page of the queue at a time and searches it.
- 5: an editor's sign-in counts only when `email_verified` is exactly true.
- 6: the CLI takes its editors from the server's secrets files (not from a list the caller brings) and writes the
  operating-system user into the audit row beside --by.
Expected values are written out by hand or recomputed here with plain Python/pandas, never by the code under test.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from register import access, backlog, database, limits, workflow
from tests.balancer import Forwarding
from tests.registerdb import EDITORS, db_url  # noqa: F401  (fixture: SQLite and PostgreSQL)
from tests.test_register_app import APP, _fill, _page

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2025, 6, 1)
NAMES = {"5501": "Tromsø", "1804": "Bodø", "5057": "Ørland", "0301": "Oslo"}
RATE_LIMITED = "Du har sendt 5 forslag de siste 10 minuttene. Vent litt før du sender flere."
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "dk",
        "client_secret": "s", "server_metadata_url": "http://localhost:9/.well-known/x"}


@pytest.fixture(autouse=True)
def _fresh_limits():
    limits.LIMITER.clear()
    yield
    limits.LIMITER.clear()


def _raw(knr: str, n: int, title: str = "Handlingsplan mot vold i nære relasjoner", note: str = "") -> dict:
    return {"kommunenummer": knr, "status": "adopted", "plan_title": title, "period": "2024–2027",
            "source_url": f"https://www.example.org/plan/{n}", "as_of": "2024-09-12", "note": note or f"forslag {n}"}


# --- 3. who is one proposer ------------------------------------------------------------------------------------

@pytest.mark.parametrize("peer, forwarded, trusted, expected", [
    ("203.0.113.9", ["6.6.6.6"], None, "203.0.113.9"),                 # not from the balancer: the header is a lie
    ("127.0.0.1", ["6.6.6.6, 203.0.113.9"], None, "203.0.113.9"),      # the balancer appended the reader
    ("127.0.0.1", ["6.6.6.6", "203.0.113.9"], None, "203.0.113.9"),    # ... or added a second header line
    (None, ["198.51.100.7"], None, "198.51.100.7"),                    # Streamlit reports a loopback peer as None
    ("::1", ["2001:db8::1"], None, "2001:db8::1"),
    ("127.0.0.1", [], None, "127.0.0.1"),                              # no header: the balancer itself
    ("10.1.2.3", ["198.51.100.7, 10.9.9.9"], "10.0.0.0/8", "198.51.100.7"),  # an inner trusted proxy is skipped
    ("127.0.0.1", ["198.51.100.7"], "10.0.0.1", "127.0.0.1"),          # loopback not trusted: header ignored
    ("127.0.0.1", ["198.51.100.7, not-an-address"], None, "unparsable"),  # what the proxy wrote is no address
    ("10.0.0.5", ["198.51.100.7, 203.0.113.9"], "*", "198.51.100.7"),  # '*' trusts every hop: the first one
])
def test_the_forwarded_address_is_believed_only_from_a_trusted_proxy(peer, forwarded, trusted, expected):
    assert limits.client_address(peer, forwarded, trusted) == expected


def test_trusted_proxies_come_from_forwarded_allow_ips(monkeypatch):
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert limits.client_address("10.1.1.1", ["198.51.100.7"]) == "10.1.1.1"
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.0/8")
    assert limits.client_address("10.1.1.1", ["198.51.100.7"]) == "198.51.100.7"
    with pytest.raises(ValueError) as err:
        limits.trusted_proxies("127.0.0.1, localhost, 10.0.0.0/33")
    assert "'localhost', '10.0.0.0/33' not an address or network" in str(err.value)


@pytest.mark.parametrize("address, key", [
    ("198.51.100.7", "198.51.100.7"),
    ("::ffff:198.51.100.7", "198.51.100.7"),
    ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff:ffff:ffff:9", "2001:db8:1:2::/64"),            # the same household network
    ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
    ("unparsable", "unparsable"),
])
def test_one_proposer_is_an_ipv4_address_or_an_ipv6_network(address, key):
    assert limits.client_key(address) == key


def test_the_limiter_counts_each_proposer_and_forgets_after_the_window():
    lim = limits.Limiter(limits.RateLimit(count=5, seconds=600))
    assert [lim.take("a", t)[0] for t in (0, 1, 2, 3, 4)] == [True] * 5
    assert lim.take("a", 5) == (False, 5)
    assert lim.take("b", 5) == (True, 1)                  # another reader is not held back
    lim.give_back("a", 4)                                 # a proposal that stored nothing gives its slot back
    assert lim.take("a", 6) == (True, 5)
    assert lim.take("a", 599) == (False, 5)
    assert lim.take("a", 600.5) == (True, 5)              # the first one (t=0) is 600.5 s old


class _SlowLimit(limits.RateLimit):
    """Widens the window between reading the count and writing it, so an unlocked limiter would be seen to race."""

    def allow(self, times, now):
        time.sleep(0.002)
        return super().allow(times, now)


def test_tabs_sending_at_the_same_instant_cannot_slip_through():
    lim, barrier, results = limits.Limiter(_SlowLimit()), threading.Barrier(40), []

    def send():
        barrier.wait()
        results.append(lim.take("198.51.100.7", 1000.0)[0])

    threads = [threading.Thread(target=send) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(results) == 5 and len(results) == 40


def test_the_limiter_keeps_its_memory_bounded():
    lim = limits.Limiter(max_keys=10)
    for i in range(50):
        lim.take(f"10.0.0.{i}", float(i))
    assert len(lim._times) <= 10 and "10.0.0.49" in lim._times
    assert lim.take("10.0.0.49", 50.0) == (True, 2)       # the newest readers are still counted


def test_a_new_session_does_not_reset_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("DEKNING_DB_URL", f"sqlite:///{tmp_path / 'register.sqlite'}")
    first = _page("views/register_propose.py", kommune="5501")
    for i in range(5):
        first = _fill(first, note=f"forslag {i}")
        assert first.success, i
    second = _page("views/register_propose.py", kommune="5501")  # a new tab: a new session, the same reader
    second = _fill(second, note="ny fane")
    assert [e.value for e in second.error] == [RATE_LIMITED] and not second.success
    from dashboard import admission

    monkeypatch.setattr(admission, "client", lambda: "198.51.100.7")  # another reader
    third = _fill(_page("views/register_propose.py", kommune="5501"), note="en annen leser")
    assert third.success and not third.error
    assert len(workflow.listing()) == 6
    database.dispose()


def test_the_answer_form_shares_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("DEKNING_DB_URL", f"sqlite:///{tmp_path / 'register.sqlite'}")
    for i in range(5):
        assert limits.LIMITER.take(limits.client_key(limits.LOOPBACK), 1e12 + i)[0]  # five sent from this address
    at = _page("views/register_propose.py", kommune="1804")
    form = [t for t in at.text_input if "saksnummer" in t.label.lower()]
    assert form, [t.label for t in at.text_input]
    form[0].input("25/01234-3")
    [t for t in at.text_input if "dato" in t.label.lower() and t is not form[0]][-1].input("2025-05-20")
    at = [b for b in at.button if b.label != "Send forslag"][0].click().run()
    assert RATE_LIMITED in [e.value for e in at.error]
    assert workflow.listing().empty
    database.dispose()


# --- 3. how many may wait ----------------------------------------------------------------------------------------

def test_caps_count_pending_proposals_per_kommune_and_in_all(db_url):  # noqa: F811
    caps = limits.Caps(per_kommune=3, total=5)
    assert limits.full("5501", caps) is None                                   # no database yet: room
    ids = [workflow.propose(_raw("5501", i), by="t", valid=set(NAMES), today=TODAY).id for i in range(3)]
    assert limits.full("5501", caps) == ("kommune", 3)
    assert limits.full("1804", caps) is None
    for i in range(2):
        workflow.propose(_raw("1804", 10 + i), by="t", valid=set(NAMES), today=TODAY)
    assert limits.full("0301", caps) == ("total", 5)
    workflow.decide(ids[0], "rejected", editor="kari@example.org", editors=EDITORS, reason="Feil kommune")
    assert limits.full("5501", caps) is None                                   # decided ones do not wait
    assert (backlog.count("5501"), backlog.count()) == (2, 4)
    assert limits.Caps.configured({"register": {"max_pending_per_kommune": 2, "max_pending": 9}}) == limits.Caps(2, 9)
    assert limits.Caps.configured(None) == limits.Caps()


def test_a_full_queue_is_said_plainly_and_nothing_is_stored(tmp_path, monkeypatch):
    monkeypatch.setenv("DEKNING_DB_URL", f"sqlite:///{tmp_path / 'register.sqlite'}")
    for i in range(2):
        workflow.propose(_raw("5501", i), by="t", valid=set(NAMES), today=TODAY)
    at = AppTest.from_file(APP, default_timeout=180)
    at.secrets["register"] = {"max_pending_per_kommune": 2, "max_pending": 100}
    at.query_params["kommune"] = "5501"
    at.run()
    at = _fill(at.switch_page("views/register_propose.py").run(), note="en til")
    assert [e.value for e in at.error] == [
        "Det venter allerede 2 forslag for denne kommunen. Nye forslag tas imot når en redaktør har vurdert dem; "
        "prøv igjen senere. Ingenting ble lagret."]
    assert len(workflow.listing()) == 2
    assert limits.LIMITER.take(limits.client_key(limits.LOOPBACK), time.time()) == (True, 1)  # a refusal used no slot
    database.dispose()


# --- 3. the review queue -----------------------------------------------------------------------------------------

SEED = ([("5501", "Handlingsplan mot vold i nære relasjoner", "")] * 12 + [("1804", "Plan for Bodø", "")] * 6
        + [("5057", "Plan for Ørland", ""), ("5057", "PLAN FOR ØRLAND", ""), ("0301", "Oslo plan", "100% ferdig"),
           ("0301", "Oslo plan", "a_b"), ("0301", "Oslo plan", "ab"), ("0301", "Oslo plan", "a%b"),
           ("0301", "Tiltak mot æresrelatert vold", ""), ("0301", "TILTAK MOT ÆRESRELATERT VOLD", ""),
           ("0301", "Tiltak mot Æresrelatert vold", "")])


def _seed_queue() -> pd.DataFrame:
    rows = []
    for n, (knr, title, note) in enumerate(SEED):
        made = workflow.propose(_raw(knr, n, title, note), by="tester", valid=set(NAMES), today=TODAY)
        rows.append({"id": made.id, "kommunenummer": knr, "plan_title": title, "note": note or f"forslag {n}",
                     "source_url": f"https://www.example.org/plan/{n}"})
    frame = pd.DataFrame(rows)
    decided = frame["id"].iloc[[0, 3, 13]]
    for i, pid in enumerate(decided):
        workflow.decide(int(pid), "approved" if i == 0 else "rejected", editor="kari@example.org", editors=EDITORS,
                        reason="" if i == 0 else "Feil")
    return frame[~frame["id"].isin(decided)].sort_values("id")


def _expected(pending: pd.DataFrame, term: str) -> list[int]:
    """Which pending proposals a search should find, recomputed with plain Python string tests."""
    t = term.strip()
    if not t:
        return pending["id"].tolist()
    f = t.casefold()

    def hit(r) -> bool:
        texts = [r.plan_title, r.note, r.source_url, "tester"]
        return (any(f in x.casefold() for x in texts) or r.kommunenummer.startswith(t)
                or f in NAMES[r.kommunenummer].casefold() or (t.lstrip("#").isdigit() and int(t.lstrip("#")) == r.id))
    return [r.id for r in pending.itertuples() if hit(r)]


@pytest.mark.parametrize("term", ["", "ørland", "ØRLAND", "Ørland", "bodø", "5501", "18", "#7", "%", "_", "a_b",
                                  "plan/2", "æresrelatert", "ÆRESRELATERT", "Æresrelatert", "ingen treff"])
def test_the_queue_pages_and_searches_like_a_plain_recomputation(db_url, term):  # noqa: F811
    pending = _seed_queue()
    want = _expected(pending, term)
    got, page_no = [], 1
    while True:
        frame, total = backlog.page(term, NAMES, page_no, size=4)
        assert total == len(want) and len(frame) <= 4
        got += frame["id"].tolist()
        if page_no >= backlog.pages(total, 4):
            break
        page_no += 1
    assert got == want
    last, _ = backlog.page(term, NAMES, 10**6, size=4)                  # past the end: the last page
    assert last["id"].tolist() == want[(backlog.pages(len(want), 4) - 1) * 4:]


def test_the_queue_asks_for_one_page_never_the_whole_queue(db_url):  # noqa: F811
    _seed_queue()
    seen: list[str] = []
    sa.event.listen(database.engine(db_url), "before_cursor_execute", lambda *a: seen.append(a[2]))
    frame, total = backlog.page("", NAMES, 2, size=5)
    reads = [s for s in seen if "plan_title" in s]
    assert reads and all(re.search(r"\bLIMIT\b", s) for s in reads), reads
    assert (len(frame), total) == (5, len(SEED) - 3)


def test_the_propose_page_counts_the_queue_without_listing_it(tmp_path, monkeypatch):
    monkeypatch.setenv("DEKNING_DB_URL", f"sqlite:///{tmp_path / 'register.sqlite'}")
    for i in range(3):
        workflow.propose(_raw("5501", i), by="t", valid=set(NAMES), today=TODAY)

    def listing(*args, **kwargs):
        raise AssertionError("the propose page loaded the proposals to count them")

    monkeypatch.setattr(workflow, "listing", listing)
    at = _page("views/register_propose.py", kommune="5501")
    assert not at.exception
    assert "3 forslag for denne kommunen venter på vurdering." in [c.value for c in at.caption]
    database.dispose()


def _review(user: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.secrets["auth"] = AUTH
    at.secrets["register"] = {"editors": ["kari@example.org"]}
    at.user = user
    at.run()
    return at.switch_page("views/register_review.py").run()


def _listed(at: AppTest) -> list[int]:
    box = [s for s in at.selectbox if s.label == "Velg forslag"]
    return [int(re.match(r"#(\d+)", o).group(1)) for o in box[0].options] if box else []


def test_the_review_page_shows_25_at_a_time_and_searches(tmp_path, monkeypatch):
    monkeypatch.setenv("DEKNING_DB_URL", f"sqlite:///{tmp_path / 'register.sqlite'}")
    ids = [workflow.propose(_raw("5501" if i < 30 else "1804", i), by="t", valid=set(NAMES), today=TODAY).id
           for i in range(55)]
    at = _review({"is_logged_in": True, "email": "kari@example.org", "email_verified": True})
    assert not at.exception
    assert _listed(at) == ids[:25]
    assert "Viser 1–25 av 55 ventende forslag (side 1 av 3)." in [c.value for c in at.caption]
    at.number_input(key="review_page").set_value(3).run()
    assert _listed(at) == ids[50:]
    at.number_input(key="review_page").set_value(2).run()
    assert _listed(at) == ids[25:50]
    at.text_input(key="review_search").input("tromsø").run()          # a new search starts at page 1
    assert _listed(at) == ids[:25] and at.number_input(key="review_page").value == 1
    at.text_input(key="review_search").input("bodø").run()
    assert _listed(at) == ids[30:55]
    at.button(key=f"approve-{ids[30]}").click().run()
    assert f"Forslag #{ids[30]} er godkjent og publisert." in [s.value for s in at.success]
    assert _listed(at) == ids[31:]
    at.text_input(key="review_search").input("finnes ikke").run()
    assert [i.value for i in at.info][-1] == "Ingen ventende forslag passer til søket."
    database.dispose()


# --- 5. editors are who they say --------------------------------------------------------------------------------

@pytest.mark.parametrize("claims, expected", [
    ({"email": "Kari@example.org", "email_verified": True}, ("kari@example.org", "")),
    ({"email": "kari@example.org"}, ("", "unverified_missing")),          # the provider does not say: refused
    ({"email": "kari@example.org", "email_verified": None}, ("", "unverified_missing")),
    ({"email": "kari@example.org", "email_verified": False}, ("", "unverified")),
    ({"email": "kari@example.org", "email_verified": "true"}, ("", "unverified")),   # exactly true, not a word
    ({"email": "kari@example.org", "email_verified": 1}, ("", "unverified")),
    ({"email": "mallory@example.org", "email_verified": True}, ("", "not_editor")),
    ({"email_verified": True}, ("", "not_editor")),
])
def test_an_editor_needs_email_verified_exactly_true(claims, expected):
    assert access.editor_email(claims, {"kari@example.org"}) == expected


def test_a_sign_in_without_email_verified_decides_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("DEKNING_DB_URL", f"sqlite:///{tmp_path / 'register.sqlite'}")
    workflow.propose(_raw("5501", 1), by="t", valid=set(NAMES), today=TODAY)
    at = _review({"is_logged_in": True, "email": "kari@example.org"})
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Innloggingen oppgir ikke at e-postadressen er bekreftet (email_verified), så den godtas ikke for redaktører. "
        "Den som drifter tjenesten må bruke en leverandør som bekrefter adressen."]
    assert [b.label for b in at.button] == ["Logg ut"]
    assert len(workflow.listing("pending")) == 1
    database.dispose()


# --- 6. the CLI trusts the server's configuration, and says who ran it -------------------------------------------

def _cli(*args, env, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "register", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


def _audit(db_url: str) -> list[tuple]:  # noqa: F811
    with database.reading(db_url) as conn:
        return [tuple(r) for r in conn.execute(sa.text("SELECT actor, action, detail FROM audit_log ORDER BY id"))]


def test_the_cli_takes_editors_from_the_servers_secrets_only(db_url, tmp_path):  # noqa: F811
    pid = workflow.propose(_raw("5501", 1), by="t", valid=set(NAMES), today=TODAY).id
    server = tmp_path / "server-secrets.toml"
    server.write_text('[register]\neditors = ["kari@example.org"]\n', encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    base = {**os.environ, "DEKNING_DB_URL": db_url, "HOME": str(home), "PYTHONPATH": str(ROOT)}
    base.pop("STREAMLIT_SECRETS_FILES", None)

    forged = _cli("approve", str(pid), "--by", "nobody@evil.example",
                  env={**base, "STREAMLIT_SECRETS_FILES": str(server), "DEKNING_EDITORS": "nobody@evil.example"})
    assert forged.returncode == 1, forged.stderr
    assert "nobody@evil.example is not an editor in the server's configuration" in forged.stderr
    assert str(server) in forged.stderr

    caller = tmp_path / "caller"
    (caller / ".streamlit").mkdir(parents=True)
    (caller / ".streamlit" / "secrets.toml").write_text('[register]\neditors = ["nobody@evil.example"]\n', encoding="utf-8")
    own_folder = _cli("approve", str(pid), "--by", "nobody@evil.example", env=base, cwd=caller)
    assert own_folder.returncode == 1 and "is not an editor" in own_folder.stderr, own_folder.stderr
    assert [a for _, a, _ in _audit(db_url)] == ["propose"]                  # nothing was decided
    assert len(workflow.listing("pending")) == 1


def test_the_cli_records_the_operating_system_user_beside_by(db_url, tmp_path):  # noqa: F811
    first = workflow.propose(_raw("5501", 1), by="t", valid=set(NAMES), today=TODAY).id
    second = workflow.propose(_raw("1804", 2), by="t", valid=set(NAMES), today=TODAY).id
    server = tmp_path / "secrets.toml"
    server.write_text('[register]\neditors = ["kari@example.org", "ola@example.org"]\n', encoding="utf-8")
    env = {**os.environ, "DEKNING_DB_URL": db_url, "STREAMLIT_SECRETS_FILES": str(server), "HOME": str(tmp_path),
           "USER": "mallory", "LOGNAME": "mallory"}                      # $USER is the caller's word, not the system's
    name = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
    uid = subprocess.run(["id", "-u"], capture_output=True, text=True, check=True).stdout.strip()
    done = _cli("approve", str(first), "--by", "Kari@example.org", env=env)
    assert done.returncode == 0, done.stderr
    done = _cli("reject", str(second), "--by", "ola@example.org", "--reason", "Gjelder en annen plan", env=env)
    assert done.returncode == 0, done.stderr
    rows = _audit(db_url)[-2:]
    assert rows == [("kari@example.org", "approve", f"cli os_user={name} uid={uid}"),
                    ("ola@example.org", "reject", f"Gjelder en annen plan [cli os_user={name} uid={uid}]")]
    assert "mallory" not in str(rows)


# --- 3. the same in a real browser against `streamlit run`: new connections, one reader ------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("trusted", ["", "10.255.255.1"])
def test_new_browser_connections_from_one_reader_share_the_limit(browser, model, tmp_path, trusted):
    """Every proposal from a fresh browser context (a new connection and session), as the attack in issue 22 did.
    Each reader reaches the app through a stand-in for the balancer (tests/balancer.py) that writes the reader's
    address into X-Forwarded-For, the WebSocket handshake included. Its connections come from 127.0.0.1: a trusted
    proxy by default, so the header names the reader; with only 10.255.255.1 trusted the same header proves
    nothing and is ignored, so 'another reader' is the same one."""
    from tests.conftest import start_app

    env = os.environ | {"DEKNING_DB_URL": f"sqlite:///{tmp_path / 'register.sqlite'}"}
    env.pop("FORWARDED_ALLOW_IPS", None)
    if trusted:
        env["FORWARDED_ALLOW_IPS"] = trusted
    url, proc = start_app(env)

    def send(reader: str, n: int) -> str:
        with Forwarding(url, reader) as via:
            return _propose(browser.new_context(viewport={"width": 1400, "height": 1100}), via, n)

    def _propose(context, via: str, n: int) -> str:
        page = context.new_page()
        page.goto(f"{via}/forslag?kommune=5503")
        page.get_by_label("Lenke til kilden (http/https)").fill(f"https://www.harstad.kommune.no/plan/{n}")
        page.get_by_label("Kildens dato").fill("2024-09-12")
        page.get_by_role("button", name="Send forslag").click()
        answer = page.get_by_text(re.compile(r"^(Takk! Forslag #\d+|Du har sendt \d+ forslag)"))
        answer.wait_for(timeout=60_000)
        text = answer.inner_text()
        context.close()
        return text

    try:
        answers = [send("198.51.100.7", n) for n in range(6)]
        other = send("198.51.100.8", 6)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert [a.startswith("Takk!") for a in answers] == [True] * 5 + [False]
    assert answers[5] == RATE_LIMITED
    if trusted:
        assert other == RATE_LIMITED
    else:
        assert other.startswith("Takk! Forslag #6")
    assert len(workflow.listing(db_url=env["DEKNING_DB_URL"])) == (5 if trusted else 6)
    database.dispose()
