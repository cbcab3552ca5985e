"""Honest source links (issue 22): a link whose host is not what it shows is refused with a reason naming the host
it really opens, every problem of a link is reported at once, the curated tables' own links all pass, links with
Norwegian letters (IDN) pass and editors see them beside their punycode form; every message in bokmål and English."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from register import links, rules
from vocabulary import register_words as words

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2025, 6, 1)
GOOD = {"kommunenummer": "5501", "status": "adopted", "plan_title": "Handlingsplan mot vold i nære relasjoner",
        "period": "2024–2027", "source_url": "https://www.tromso.kommune.no/plan", "as_of": "2024-09-12", "note": ""}
CYRILLIC_O, GREEK_O = "\u043e", "\u03bf"

REFUSED = [  # (link, the codes of its problems in order)
    ("https://www.tromso.kommune.no@evil.example/plan", ["url_userinfo"]),
    ("https://user:pass@www.tromso.kommune.no/plan", ["url_userinfo"]),
    ("https://www.tromso.kommune.no%2Fplan@evil.example/", ["url_userinfo"]),
    (f"https://www.troms{CYRILLIC_O}.kommune.no/plan", ["url_host_script"]),
    (f"https://www.tr{GREEK_O}mso.kommune.no/plan", ["url_host_script"]),
    ("https://www.xn--troms-nye.kommune.no/plan", ["url_host_script"]),  # the Cyrillic host in its punycode form
    ("https://\uff57\uff57\uff57.tromso.kommune.no/plan", ["url_host_chars"]),  # full-width w
    ("https://www.tromso.kommune.no%2eevil.example/plan", ["url_host_chars"]),
    ("https://xn--zz.kommune.no/plan", ["url_host_chars"]),  # not valid punycode
    ("https://www.xn--trms-ura.kommune.no/plan", ["url_host_chars"]),  # û is not a .no letter
    ("https://www.tromsø.kommune.no/plan", ["url_lookalike"]),
    ("https://www.xn--troms-zua.kommune.no/plan", ["url_lookalike"]),  # the same, as punycode
    ("https://tromso.kornmune.no/plan", ["url_lookalike"]),
    ("https://tromso.k0mmune.no/plan", ["url_lookalike"]),
    ("https://www.tromso.kommune.no.evil.example/plan", ["url_lookalike"]),
    ("https://evil.tromsø.kommune.no/plan", ["url_lookalike"]),
    ("https://www.bufd1r.no/vold", ["url_lookalike"]),
    ("http://192.0.2.7/plan.pdf", ["url_ip"]),
    ("http://127.1/plan.pdf", ["url_ip"]),
    ("http://0x7f.0.0.1/plan.pdf", ["url_ip"]),
    ("http://[::ffff:192.0.2.7]/plan.pdf", ["url_chars", "url_ip"]),
    ("http://[2001:db8::1]/plan.pdf", ["url_scheme"]),
    ("http://[www.tromso.kommune.no/plan.pdf", ["url_chars", "url_host_chars"]),
    ("ftp://www.tromso.kommune.no/plan.pdf", ["url_scheme"]),
    ("file:///etc/passwd", ["url_scheme"]),
    ("data:text/html,<script>alert(1)</script>", ["url_scheme"]),
    ("javascript:alert(1)//www.tromso.kommune.no", ["url_scheme"]),
    ("https://maps.app.goo.gl/AbCdEf123", ["map_link"]),
    ("https://bit.ly/3AbCdEf", ["short_link"]),
    (f"https://www.tromso.kommune.no@www.troms{CYRILLIC_O}.kommune.no/storgata-12", ["url_userinfo", "url_host_script",
                                                                                      "address"]),
]
PASSED = ["https://www.tromso.kommune.no/plan", "https://www.bø.kommune.no/planer/handlingsplan",
          "https://www.xn--b-5ga.kommune.no/planer/handlingsplan", "https://www.tysnes.kommune.no",
          "https://www.hattfjelldal-kommune.no/plan", "https://www.tromso.kommune.no:443/plan",
          "https://www.tromso.kommune.no./plan", "https://WWW.TROMSO.KOMMUNE.NO/plan", "https://www.sámi.no/plan",
          "https://arsrapport2021.stavanger.kommune.no/8-helse-og-velferd/8-18-krisesenteret/"]


@pytest.mark.parametrize(("url", "codes"), REFUSED, ids=[f"refused-{i}" for i in range(len(REFUSED))])
def test_a_dishonest_link_is_refused_with_every_reason(url, codes):
    _, problems = rules.check(dict(GOOD, source_url=url), today=TODAY)
    assert [p.code for p in problems] == codes
    assert all(p.field == "source_url" for p in problems)


@pytest.mark.parametrize("url", PASSED)
def test_an_honest_link_passes(url):
    assert rules.check(dict(GOOD, source_url=url), today=TODAY)[1] == []


def test_the_reasons_name_the_host_the_link_really_opens():
    _, problems = rules.check(dict(GOOD, source_url="https://www.tromso.kommune.no@evil.example/plan"), today=TODAY)
    assert problems[0].values == {"value": "www.tromso.kommune.no", "host": "evil.example"}
    _, problems = rules.check(dict(GOOD, source_url=f"https://www.troms{CYRILLIC_O}.kommune.no/"), today=TODAY)
    assert problems[0].values["chars"] == f"{CYRILLIC_O} (CYRILLIC SMALL LETTER O)"
    _, problems = rules.check(dict(GOOD, source_url="https://www.tromso.kommune.no.evil.example/"), today=TODAY)
    assert problems[0].values == {"host": "www.tromso.kommune.no.evil.example", "known": "tromso.kommune.no"}


def test_every_link_of_the_curated_tables_passes():
    """The sources the project itself uses are honest links: no false positive among them."""
    urls = {url for path in (ROOT / "geodata").glob("*.csv")
            for url in re.findall(r"https?://[^\s,;\"'|)<>]+", path.read_text(encoding="utf-8"))}
    assert len(urls) > 100
    refused = {url: [p.code for p in rules.check(dict(GOOD, source_url=url), today=TODAY)[1]] for url in urls}
    assert {url: codes for url, codes in refused.items() if codes} == {}


def test_every_link_message_is_worded_in_both_languages():
    codes = {code for _, found in REFUSED for code in found}
    for url, _ in REFUSED:
        for p in rules.check(dict(GOOD, source_url=url), today=TODAY)[1]:
            nb, en = words.problem(p, "nb"), words.problem(p, "en")
            assert nb != en and "{" not in nb + en and "source_url" in en
    assert {"url_userinfo", "url_ip", "url_host_script", "url_host_chars", "url_lookalike"} <= codes


def test_editors_see_an_idn_host_beside_its_punycode():
    assert links.for_editors("https://www.bø.kommune.no/plan") == (
        "https://www.bø.kommune.no/plan (www.bø.kommune.no = www.xn--b-5ga.kommune.no)")
    assert links.for_editors("https://www.xn--b-5ga.kommune.no/plan") == (
        "https://www.xn--b-5ga.kommune.no/plan (www.bø.kommune.no = www.xn--b-5ga.kommune.no)")
    assert links.for_editors("https://www.tromso.kommune.no/plan") == "https://www.tromso.kommune.no/plan"
    assert links.for_editors("") == ""
    # Norid's own example of a .no name with Norwegian letters and its DNS form (norid.no, 'Domain name')
    assert links.dns_host("blåbærsyltetøy.no") == "xn--blbrsyltety-y8ao3x.no"
