"""What a proposal may hold: every field checked, every problem collected (never the first only), values
normalised (period 2021–2024, dates ISO). Problems are codes with values; `register.words` words them in
bokmål or English, so the app and the CLI say the same thing.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from loaders import safety
from loaders.curated import source_date
from register import links
from register.schema import LIMITS, STATUSES

FIELDS = ("kommunenummer", "status", "plan_title", "period", "source_url", "as_of", "note")
OPTIONAL = ("case_reference",)  # a letter's own reference (saksnummer/journalpost): stands in for the URL
REQUIRED = ("kommunenummer", "status", "as_of")  # and a source: source_url or case_reference
UNDATED = "undated"
_URL = re.compile(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$")
_URL_UNSAFE = re.compile(r"[\s<>\"'`()\[\]{}\\|^]")
# Text that reaches the map, the report card and the exports must not read as Markdown or HTML anywhere.
_MARKUP = re.compile(r"[<>\[\]*_`~$|#\\{}]")
_FORMULA = ("=", "+", "-", "@")
_PERIOD = re.compile(r"^((?:19|20)\d\d)(?:\s*[-–—]\s*((?:19|20)\d\d))?$")
_NORWEGIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)$")
# A kommune's case or journal reference as archives print it: 24/01234-5, 2024/1234, 24/1234 - 7, 2024001234.
_CASE_REFERENCE = re.compile(r"^\d[\d ./-]{0,58}\d$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field: `code` names the rule, `values` fill in its message."""

    field: str
    code: str
    values: dict = field(default_factory=dict)


def clean(value) -> str:
    text = "" if value is None else str(value)
    return re.sub(r"[ \t]+", " ", unicodedata.normalize("NFC", text)).strip()


def text_problems(name: str, value: str, markup: bool) -> list[Problem]:
    out = []
    if len(value) > LIMITS[name]:
        out.append(Problem(name, "too_long", {"n": len(value), "max": LIMITS[name]}))
    if any(unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs") for c in value):
        out.append(Problem(name, "control"))
    if value[:1] in _FORMULA:
        out.append(Problem(name, "formula", {"char": value[:1]}))
    if markup and re.search(r"://|\bwww\.", value, re.I):
        out.append(Problem(name, "url_in_text"))
    if markup and _MARKUP.search(value):
        out.append(Problem(name, "markup", {"chars": "".join(sorted(set(_MARKUP.findall(value))))}))
    elif not markup and re.search(r"[<>]", value):
        out.append(Problem(name, "markup", {"chars": "".join(sorted(set(re.findall(r"[<>]", value))))}))
    return out + unsafe_problems(name, value)


_UNSAFE_CODES = {safety.ADDRESS: "address", safety.PROPERTY: "property_number", safety.COORDINATE: "coordinate",
                 safety.MAP: "map_link", safety.SHORT: "short_link"}


def unsafe_problems(name: str, value: str) -> list[Problem]:
    """The safety rule (loaders.safety.unsafe) as a problem: what the value looks like, or nothing."""
    reason = safety.unsafe(value)
    return [Problem(name, _UNSAFE_CODES[reason])] if reason else []


def _as_of(value: str, today: date) -> tuple[str, list[Problem]]:
    """The source's date as the curated files write it (YYYY, YYYY-MM, YYYY-MM-DD or 'undated'; DD.MM.YYYY and
    'udatert' are accepted and normalised), checked by the one parser, loaders.curated.source_date."""
    if value.lower() in (UNDATED, "udatert"):
        return UNDATED, []
    m = _NORWEGIAN_DATE.match(value)
    if m:
        value = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    try:
        first = source_date(value).start
    except ValueError:
        first = None
    if first is None:
        return value, [Problem("as_of", "date_format", {"value": value})]
    if first > today:
        return value, [Problem("as_of", "date_future", {"value": value, "today": today.isoformat()})]
    return value, []


def _period(value: str, today: date) -> tuple[str, list[Problem]]:
    if not value:
        return "", []
    m = _PERIOD.match(value)
    if not m:
        return value, [Problem("period", "period_format", {"value": value})]
    start, end = m.group(1), m.group(2)
    if end and int(end) < int(start):
        return value, [Problem("period", "period_order", {"value": value})]
    if int(start) > today.year + 1:
        return value, [Problem("period", "period_future", {"value": value})]
    return f"{start}–{end}" if end else start, []


def _case_reference(value: str) -> list[Problem]:
    if not value:
        return []
    if len(value) > LIMITS["case_reference"]:
        return [Problem("case_reference", "too_long", {"n": len(value), "max": LIMITS["case_reference"]})]
    if not _CASE_REFERENCE.match(value):
        return [Problem("case_reference", "case_reference_format", {"value": value[:40]})]
    return []


def _url_problems(url: str) -> list[Problem]:
    """An http(s) link's characters, then its host (register.links): user-info, IP, alphabets, look-alikes."""
    out = []
    if _URL_UNSAFE.search(url):
        out.append(Problem("source_url", "url_chars", {"chars": "".join(sorted(set(_URL_UNSAFE.findall(url))))}))
    try:
        return out + [Problem("source_url", code, values) for code, values in links.problems(url)]
    except ValueError:  # urlsplit: an unclosed bracket (IPv6 literal) in the host
        return out + [Problem("source_url", "url_host_chars", {"host": url.split("/")[2][:60], "chars": "[ ]"})]


def check(raw: dict, today: date | None = None) -> tuple[dict[str, str], list[Problem]]:
    """Normalised fields and every problem with them. The kommunenummer is checked for form only here;
    `bulk`/`workflow` check it against the 2024 division (old numbers translated)."""
    today = today or date.today()
    values = {name: clean(raw.get(name)) for name in (*FIELDS, *OPTIONAL)}
    problems: list[Problem] = []
    for name in REQUIRED:
        if not values[name]:
            problems.append(Problem(name, "required"))
    if not values["source_url"] and not values["case_reference"]:
        problems.append(Problem("source_url", "source_required"))
    problems += _case_reference(values["case_reference"])
    knr = values["kommunenummer"]
    if knr and not re.fullmatch(r"\d{4}", knr):
        problems.append(Problem("kommunenummer", "knr_format", {"value": knr[:20]}))
    status = values["status"].lower()
    if status and status not in STATUSES:
        problems.append(Problem("status", "status_unknown", {"value": values["status"][:40], "allowed": ", ".join(STATUSES)}))
    values["status"] = status
    for name in ("plan_title", "note"):
        problems += text_problems(name, values[name], markup=name == "plan_title")
    url = values["source_url"]
    if url:
        if len(url) > LIMITS["source_url"]:
            problems.append(Problem("source_url", "too_long", {"n": len(url), "max": LIMITS["source_url"]}))
        elif not _URL.match(url):
            problems.append(Problem("source_url", "url_scheme", {"value": url[:80]}))
        else:
            problems += _url_problems(url)
        problems += unsafe_problems("source_url", url)
    if values["as_of"]:
        values["as_of"], found = _as_of(values["as_of"], today)
        problems += found
    values["period"], found = _period(values["period"], today)
    problems += found
    return values, problems


def content_key(values: dict[str, str], kind: str = "status", supersedes: int | None = None,
                answers: int | None = None) -> str:
    """The same proposal, however often it is sent or imported, has one key (the table's unique key). A case
    reference or an answered request joins the key only when given, so keys made before they existed still hold."""
    payload = {name: values.get(name, "") for name in FIELDS} | {"kind": kind, "supersedes": supersedes}
    payload |= {name: values[name] for name in OPTIONAL if values.get(name)}
    if answers is not None:
        payload["answers"] = answers
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
