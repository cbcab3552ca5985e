"""Bad input is refused with a message naming the field and what is allowed (the table in the README), bulk
import reports every bad line and keeps the good ones once, export escapes formulas, and the CLI's exit codes."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from register import bulk, database, rules, schema, workflow
from tests.registerdb import EDITORS, db_url  # noqa: F401  (fixture)
from vocabulary import register_words as words

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2025, 6, 1)
GOOD = {"kommunenummer": "5501", "status": "adopted", "plan_title": "Handlingsplan mot vold i nære relasjoner",
        "period": "2024–2027", "source_url": "https://www.tromso.kommune.no/plan", "as_of": "2024-09-12", "note": ""}

ADDRESS = "looks like a street address; crisis-centre addresses are secret and not allowed."
COORDINATE = "looks like a coordinate; anything finer than town level is not allowed."
MARKUP = "such characters are not allowed (they could turn into formatting or links)."
HEADER = "kommunenummer,status,plan_title,period,source_url,as_of,note\n"
BAD_INPUT = [  # (field, value, message): the README's bad-input table
    ("kommunenummer", "55O1", "kommunenummer '55O1' is not four digits."),
    ("kommunenummer", "9999", "kommunenummer 9999 is not in the 2024 division (357 kommuner)."),
    ("status", "vedtatt", "status 'vedtatt' is not allowed; allowed: adopted, in_progress, expired, none."),
    ("status", "", "status is missing."),
    ("source_url", "ftp://kommune.no/plan.pdf", "source_url 'ftp://kommune.no/plan.pdf' is not an http(s) URL."),
    ("source_url", "javascript:alert(1)", "source_url 'javascript:alert(1)' is not an http(s) URL."),
    ("source_url", "https://kommune.no/plan_(2024).pdf",
     "source_url contains (); percent-encode such characters (e.g. %28 %29)."),
    ("source_url", "https://kart.example.no/?q=69.6496,18.9560",
     f"source_url {COORDINATE}"),
    ("source_url", "https://www.tromso.kommune.no@evil.example/plan",  # honest links (issue 22): tests/test_register_links.py
     "source_url has 'www.tromso.kommune.no@' before the host: the link leads to evil.example. Remove everything up to @."),
    ("source_url", "https://www.troms\u043e.kommune.no/plan",
     "source_url: the host www.troms\u043e.kommune.no has letters from another alphabet: \u043e (CYRILLIC SMALL LETTER O); "
     "such links can imitate a real address and are not allowed."),
    ("source_url", "https://www.troms\u00f8.kommune.no/plan",
     "source_url: the host www.troms\u00f8.kommune.no looks like tromso.kommune.no but is a different address; "
     "use the real link."),
    ("source_url", "http://192.0.2.7/plan.pdf", "source_url points to an IP address (192.0.2.7); give the site's name."),
    ("source_url", "https://maps.app.goo.gl/AbCdEf123",
     "source_url links to a map; a map can show where a crisis centre is and is not allowed."),
    ("note", "gnr. 118 bnr. 1203", "note looks like a property number (gnr/bnr); it points to a building and is not allowed."),
    ("as_of", "2031-01-01", "as_of 2031-01-01 is in the future (today is 2025-06-01)."),
    ("as_of", "2025-13-01", "as_of '2025-13-01' must be YYYY, YYYY-MM, YYYY-MM-DD, DD.MM.YYYY or 'undated'."),
    ("as_of", "", "as_of is missing."),
    ("period", "2027-2024", "period 2027-2024 ends before it starts."),
    ("period", "fra 2024", "period 'fra 2024' must be YYYY or YYYY–YYYY."),
    ("plan_title", "x" * 201, "plan_title has 201 characters; at most 200 allowed."),
    ("note", "y" * 1001, "note has 1001 characters; at most 1000 allowed."),
    ("plan_title", "Krisesenteret i Storgata 12",
     f"plan_title {ADDRESS}"),
    ("note", "de holder til i fjordgata 3 b", f"note {ADDRESS}"),
    ("note", "69.6496, 18.9560", f"note {COORDINATE}"),
    ("note", "69° 38′ N", f"note {COORDINATE}"),
    ("plan_title", "<b>Plan</b>", f"plan_title contains <>; {MARKUP}"),
    ("plan_title", ":red[Plan]", f"plan_title contains []; {MARKUP}"),
    ("plan_title", "Plan, se www.example.org", "plan_title contains a link; the link belongs in source_url."),
    ("note", "=HYPERLINK(\"https://x.example\")", "note starts with '=', which spreadsheets run as a formula; remove it."),
    ("plan_title", "@SUM(A1)", "plan_title starts with '@', which spreadsheets run as a formula; remove it."),
    ("note", "ring meg\x07", "note contains control characters."),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT, ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(BAD_INPUT)])
def test_bad_input_is_refused_with_a_message(field, value, message, valid_knr):
    with pytest.raises(workflow.Refused) as refused:
        workflow.check(dict(GOOD, **{field: value}), valid_knr, today=TODAY)
    assert [words.problem(p, "en") for p in refused.value.problems] == [message]


def test_markdown_image_in_a_title_names_every_reason(valid_knr):
    with pytest.raises(workflow.Refused) as refused:
        workflow.check(dict(GOOD, plan_title="**Vedtatt** ![x](https://evil.example/p.png)"), valid_knr, today=TODAY)
    assert [p.code for p in refused.value.problems] == ["url_in_text", "markup"]
    assert refused.value.problems[1].values == {"chars": "*[]"}


def test_good_input_is_normalised(valid_knr):
    values = workflow.check(dict(GOOD, period="2024 - 2027", as_of="12.09.2024", status="Adopted",
                                 plan_title="  Handlingsplan   mot vold "), valid_knr, today=TODAY)
    assert (values["period"], values["as_of"], values["status"], values["plan_title"]) == (
        "2024–2027", "2024-09-12", "adopted", "Handlingsplan mot vold")
    assert workflow.check(dict(GOOD, as_of="undated", period=""), valid_knr, today=TODAY)["as_of"] == "undated"


def test_rate_limit_allows_five_per_ten_minutes():
    from register.limits import RateLimit

    limit = RateLimit(count=5, seconds=600)
    times = [0.0, 100.0, 200.0, 300.0, 400.0]
    assert limit.allow(times, 500.0) == (False, times)
    assert limit.allow(times, 601.0) == (True, times[1:])       # the first one is 601 s old


CSV_TEXT = """kommunenummer,status,plan_title,period,source_url,as_of,note
0301,adopted,Handlingsplan mot vold i nære relasjoner,2024-2027,https://www.oslo.kommune.no/plan,2024-03-01,
3001,none,,,https://www.halden.kommune.no/svar,2024,Svar på e-post fra kommunen
1507,adopted,,,https://example.org/plan,2024,
9999,adopted,,,https://example.org/plan,2024,
5501,vedtatt,Plan,2024-2027,ftp://tromso.no,2031-01-01,
1804,adopted,Plan for Storgata 12,,https://www.bodo.kommune.no/plan,2024,
4601,in_progress,,,https://www.bergen.kommune.no/plan
1103,expired,Plan,2015-2019,https://www.stavanger.kommune.no/plan,2020,
1103,none,,,https://www.stavanger.kommune.no/annen,2021,

3412,adopted,Handlingsplan mot vold i nære relasjoner 2023-2026,2023-2026,https://www.loten.kommune.no/plan,undated,
"""
EXPECTED_REJECTED = {  # line → messages, worked out by hand from CSV_TEXT
    4: ["kommunenummer 1507 was split into 1508, 1580; give the 2024 number."],
    5: ["kommunenummer '9999' is not in the 2024 division (357 kommuner) nor the 2023 crosswalk."],
    6: ["status 'vedtatt' is not allowed; allowed: adopted, in_progress, expired, none.",
        "source_url 'ftp://tromso.no' is not an http(s) URL.", "as_of 2031-01-01 is in the future (today is 2025-06-01)."],
    7: ["plan_title looks like a street address; crisis-centre addresses are secret and not allowed."],
    8: ["the line has 5 fields, the header 7."],
    9: ["kommunenummer 1103 also appears on line(s) 10; one line per kommune per file."],
    10: ["kommunenummer 1103 also appears on line(s) 9; one line per kommune per file."],
}


def test_import_keeps_good_lines_reports_bad_ones_and_adds_nothing_twice(db_url, tmp_path, valid_knr, crosswalk):  # noqa: F811
    path = tmp_path / "plans.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    report = bulk.import_file(path, by="tester", valid=valid_knr, crosswalk=crosswalk, today=TODAY)
    assert {line: [words.problem(p, "en") for p in ps] for line, ps in report.rejected.items()} == EXPECTED_REJECTED
    assert report.notices == ["line 3: old kommunenummer 3001 translated to 3101 (2024 division)"]
    assert len(report.added) == 3 and report.present == []
    stored = workflow.listing("pending")
    assert stored["kommunenummer"].tolist() == ["0301", "3101", "3412"]
    assert set(stored["origin"]) == {"import"} and stored["proposed_by"].str.contains("import plans.csv").all()

    again = bulk.import_file(path, by="tester", valid=valid_knr, crosswalk=crosswalk, today=TODAY)
    assert again.added == [] and sorted(again.present) == sorted(report.added)
    assert len(workflow.listing()) == 3
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    log = workflow.log()
    assert log["action"].tolist() == ["propose"] * 3 + ["import", "import"]
    assert "3 added, 0 already present, 7 line(s) rejected" in log.iloc[3]["detail"]


def test_semicolon_files_from_norwegian_excel_are_read(valid_knr, crosswalk):
    data = ("\ufeffkommunenummer;status;plan_title;period;source_url;as_of;note\n"
            "5501;adopted;Plan;2024-2027;https://www.tromso.kommune.no/plan;2024;\n").encode()
    rows, problems, _ = bulk.read(data)
    assert problems == [] and rows[0] == (2, dict(GOOD, plan_title="Plan", period="2024-2027", as_of="2024"))


@pytest.mark.parametrize(("data", "message"), [
    (b"x" * (bulk.MAX_BYTES + 1), "The file is 1,000,001 bytes; the limit is 1,000,000 bytes. Split it."),
    ((HEADER + "5501,none,,,https://a.example/x,2024,\n" * 2001).encode(),
     "The file has 2001 data lines; the limit is 2000. Split it."),
    (f"{HEADER}5501,none,Bodø".encode("latin-1"),
     "The file is not UTF-8 (line 2, byte 74). Save it as 'CSV UTF-8'."),
    (b"kommunenummer,status,source_url\n5501,none,https://a.example/x\n",
     f"Missing column(s): plan_title, period, as_of, note; required: {HEADER.strip()}."),
    (b"", "The file has no data lines."),
])
def test_whole_file_problems_import_nothing(data, message, tmp_path, monkeypatch, valid_knr, crosswalk):
    monkeypatch.setenv("DEKNING_DB_URL", f"sqlite:///{tmp_path / 'r.sqlite'}")
    report = bulk.import_file(data, by="tester", valid=valid_knr, crosswalk=crosswalk)
    assert [words.problem(p, "en") for p in report.file_problems] == [message]
    assert not (tmp_path / "r.sqlite").exists()


def test_export_escapes_cells_a_spreadsheet_would_run(db_url):  # noqa: F811
    # Rows written past the checks (as an older version or a hand edit might have): the export must still be safe.
    with database.writing(db_url) as conn:
        for i, note in enumerate(["=1+2", "+47 999", "-2+3", "@SUM(A1)", "ok"]):
            conn.execute(schema.proposals.insert().values(
                kommunenummer="5501", kind="status", status="none", plan_title="", period="", source_url="https://a.example/x",
                as_of="2024", note=note, origin="cli", proposed_by="test", proposed_at=datetime.now(UTC), content_key=f"k{i}"))
    out = io.StringIO()
    assert bulk.export(out, "pending", db_url) == 5
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["note"] for r in rows] == ["'=1+2", "'+47 999", "'-2+3", "'@SUM(A1)", "ok"]
    assert list(rows[0])[:2] == ["id", "kommunenummer"] and [r["id"] for r in rows] == ["1", "2", "3", "4", "5"]


def _cli(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "register", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def test_cli_import_export_approve_reject_log(db_url, tmp_path):  # noqa: F811
    secrets = tmp_path / "secrets.toml"  # the server's own configuration, as the app reads it
    secrets.write_text(f"[register]\neditors = {sorted(EDITORS)!r}\n".replace("'", '"'), encoding="utf-8")
    env = {**os.environ, "DEKNING_DB_URL": db_url, "STREAMLIT_SECRETS_FILES": str(secrets), "HOME": str(tmp_path)}
    plans = tmp_path / "plans.csv"
    plans.write_text(CSV_TEXT.replace("2031-01-01", "2099-01-01"), encoding="utf-8")
    done = _cli("import", str(plans), "--by", "tester", env=env)
    assert done.returncode == 1, done.stderr
    assert "line 5: kommunenummer '9999' is not in the 2024 division" in done.stderr
    assert "3 new proposal(s), 0 already present, 7 line(s) rejected" in done.stdout
    assert _cli("import", str(plans), env=env).stdout.strip().endswith("0 new proposal(s), 3 already present, 7 line(s) rejected")

    assert _cli("approve", "1", "--by", "kari@example.org", env=env).returncode == 0
    second = _cli("approve", "1", "--by", "ola@example.org", env=env)
    assert second.returncode == 1 and "proposal #1 was already approved by kari@example.org" in second.stderr
    stranger = _cli("approve", "2", "--by", "mallory@example.org", env=env)
    assert stranger.returncode == 1 and "mallory@example.org is not an editor" in stranger.stderr
    assert _cli("reject", "2", "--by", "ola@example.org", "--reason", "Svaret gjelder en annen plan", env=env).returncode == 0

    out = tmp_path / "approved.csv"
    assert _cli("export", "--out", str(out), "--status", "approved", env=env).returncode == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [(r["id"], r["kommunenummer"], r["state"], r["editor"]) for r in rows] == [
        ("1", "0301", "approved", "kari@example.org")]
    log = _cli("log", env=env).stdout.splitlines()
    assert [line.split("\t")[3] for line in log] == ["propose", "propose", "propose", "import", "import", "approve", "reject"]
    assert _cli("reject", "3", "--by", "ola@example.org", "--reason", "=cmd", env=env).returncode == 2
    database.dispose()


def test_cli_names_an_unreachable_database():
    env = {**os.environ, "DEKNING_DB_URL": "postgresql+psycopg://nobody@127.0.0.1:9/nowhere"}
    done = _cli("export", "--out", os.devnull, env=env)
    assert done.returncode == 2 and "nobody@127.0.0.1:9/nowhere cannot be read" in done.stderr
    assert "Traceback" not in done.stderr


def test_rules_content_key_ignores_nothing_that_matters():
    values, _ = rules.check(GOOD, TODAY)
    assert rules.content_key(values) != rules.content_key(dict(values, note="annen merknad"))
    assert rules.content_key(values) == rules.content_key(rules.check(dict(GOOD, plan_title=" " + GOOD["plan_title"]), TODAY)[0])
    with pytest.raises(database.RegisterUnavailable, match="not a url"), database.reading("not a url"):
        pass


def test_access_rules_editors_sign_in_settings_and_verified_addresses(monkeypatch):
    from register import access

    monkeypatch.setenv("DEKNING_EDITORS", " Ola@Example.org ,")  # no longer read: a caller's list is no editor list
    assert access.editors({"register": {"editors": ["Kari@example.org", " Ola@Example.org "]}}) == {
        "kari@example.org", "ola@example.org"}
    assert access.editors({"register": {"editors": ["Kari@example.org"]}}) == {"kari@example.org"}
    full = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s" * 32, "client_id": "dk",
            "client_secret": "x", "server_metadata_url": "https://login.example.org/.well-known/openid-configuration"}
    assert access.auth_missing({"auth": full}) == []
    assert access.auth_missing({}) == ["auth.redirect_uri", "auth.cookie_secret", "auth.client_id", "auth.client_secret",
                                       "auth.server_metadata_url"]
    named = {"redirect_uri": full["redirect_uri"], "cookie_secret": full["cookie_secret"],
             "microsoft": {k: full[k] for k in access.PROVIDER_KEYS}}
    assert access.auth_missing({"auth": named}) == []
    listed = {"kari@example.org"}
    assert access.editor_email({"email": "KARI@example.org", "email_verified": True}, listed) == ("kari@example.org", "")
    assert access.editor_email({"email": "kari@example.org", "email_verified": False}, listed) == ("", "unverified")
    assert access.editor_email({"email": "mallory@example.org", "email_verified": True}, listed) == ("", "not_editor")
