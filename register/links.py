"""Honest source links: the host a reader's browser would open is the host the link shows. Refused: a name before
'@' (user-info), a numeric (IP) host, letters from another alphabet or outside the .no letters, and hosts that read
like a known source's host but are another (tromsø for tromso, kornmune for kommune, kommune.no.evil.example).
Hosts with Norwegian letters (IDN, e.g. bø.kommune.no) are allowed, and editors see them beside their DNS form
(punycode, xn--…). Known hosts are those of the curated tables' sources (geodata/*.csv).
"""

from __future__ import annotations

import functools
import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

from loaders.curated import GEODATA

# The 23 letters Norid allows in .no names beside a–z (bokmål, nynorsk, North, South and Lule Sámi).
NORWEGIAN_LETTERS = "áàäčçđéèêŋńñóòôöšŧüžæøå"
_ASCII = set("abcdefghijklmnopqrstuvwxyz0123456789-.")
_FOLD = {"æ": "ae", "ø": "o", "đ": "d", "ŧ": "t", "ŋ": "n", "0": "o", "1": "l", "i": "l", "3": "e", "5": "s"}
_PAIRS = (("rn", "m"), ("vv", "w"))
_WWW = re.compile(r"^www\d*\.")


def unicode_host(host: str) -> str:
    """The host as people read it: each punycode label (xn--…) decoded; ValueError when one is not valid."""
    try:
        return ".".join(label.encode("ascii").decode("idna") if label.startswith("xn--") else label
                        for label in host.lower().rstrip(".").split("."))
    except UnicodeError as exc:
        raise ValueError(f"{host!r} is not a valid punycode host") from exc


def dns_host(host: str) -> str:
    """The host as DNS holds it (punycode for labels with Norwegian letters)."""
    return ".".join(label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
                    for label in unicode_host(host).split("."))


def skeleton(host: str) -> str:
    """What a host looks like, for look-alikes: accents dropped, ø/æ/đ folded, 0/1/i/3/5 read as o/l/l/e/s, rn → m."""
    text = "".join(_FOLD.get(c, c) for c in unicodedata.normalize("NFKD", host.lower())
                   if not unicodedata.combining(c))
    for pair, single in _PAIRS:
        text = text.replace(pair, single)
    return text


@functools.lru_cache(maxsize=1)
def known_hosts() -> dict[str, str]:
    """skeleton → host for every host (without www.) and every domain (its last two labels) of the curated sources."""
    known: dict[str, str] = {}
    for path in sorted(GEODATA.glob("*.csv")):
        for url in re.findall(r"https?://[^\s,;\"'|)<>]+", path.read_text(encoding="utf-8")):
            host = _WWW.sub("", (urlsplit(url).hostname or "").rstrip("."))
            for name in (host, ".".join(host.split(".")[-2:])):
                if "." in name:
                    known.setdefault(skeleton(name), name)
    return known


def lookalike(host: str) -> str:
    """The known host or domain this host imitates, or '': a run of its labels that reads like a known one but is
    spelt otherwise (tromsø.kommune.no, tromso.kornmune.no), or a known one followed by more (kommune.no.evil.example)."""
    labels = _WWW.sub("", unicode_host(host)).split(".")
    for i in range(len(labels) - 1):
        for j in range(i + 2, len(labels) + 1):
            name = ".".join(labels[i:j])
            known = known_hosts().get(skeleton(name), "")
            if known and (j < len(labels) or known != name):
                return known
    return ""


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:  # 127.1, 0x7f.0.0.1 and 2130706433 open as IP addresses in browsers too
        return all(re.fullmatch(r"0x[0-9a-f]*|\d+", label) for label in host.rstrip(".").split("."))


def _char_names(chars) -> str:
    return ", ".join(f"{c} ({unicodedata.name(c, hex(ord(c)))})" for c in dict.fromkeys(chars))


def problems(url: str) -> list[tuple[str, dict]]:
    """Every reason the link's host is not what it shows, as (code, values) (an http(s) URL is assumed)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    out = []
    if "@" in parts.netloc:
        out.append(("url_userinfo", {"value": parts.netloc.rpartition("@")[0][:60], "host": host}))
    if _is_ip(host):
        return out + [("url_ip", {"host": host})]
    try:
        shown = unicode_host(host)
    except ValueError:
        return out + [("url_host_chars", {"host": host, "chars": "xn--"})]
    foreign = [c for c in shown if c not in _ASCII and c not in NORWEGIAN_LETTERS]
    scripts = [c for c in foreign if c.isalpha() and unicodedata.name(c, "L").split()[0] not in ("LATIN", "FULLWIDTH")]
    if scripts:
        out.append(("url_host_script", {"host": host, "chars": _char_names(scripts)}))
    elif foreign:
        out.append(("url_host_chars", {"host": host, "chars": _char_names(foreign)}))
    elif lookalike(host):
        out.append(("url_lookalike", {"host": shown, "known": lookalike(host)}))
    return out


def for_editors(url: str) -> str:
    """The link as editors should read it: a host with Norwegian letters or punycode also in its other form."""
    host = (urlsplit(str(url)).hostname or "").rstrip(".")
    try:
        shown, dns = unicode_host(host), dns_host(host)
    except (ValueError, UnicodeError):
        return str(url)
    return f"{url} ({shown} = {dns})" if shown != dns else str(url)
