"""How much anyone may propose: limits that count people, not browser tabs.

- **Who is one proposer**: the client address. Behind the balancer (deploy/haproxy.cfg, `option forwardfor`) every
  connection comes from the balancer, so its X-Forwarded-For names the reader; that header is believed only when
  the connection itself comes from a trusted proxy, else anyone could name themselves anew on every request. The
  trusted proxies are listed in one place, FORWARDED_ALLOW_IPS (addresses or networks, comma-separated; default
  "127.0.0.1,::1"): the app server under Streamlit (uvicorn) reads the same variable and already rewrites the peer
  address by it, so a second variable could only disagree with it. IPv6 readers count per /64 (one household's
  network), IPv4 readers per address.
- **How often**: `RateLimit` proposals per window per proposer, counted by one `Limiter` per process that every
  session shares (a new tab or connection starts nothing afresh). The counts stay in memory and are never written:
  the register is append-only, and an address-derived key in it could never be erased from a site that survivors
  may open. With several processes a proposer who lands on each gets at most count × processes per window (the
  balancer keeps a reader's connections on one process); the caps below bound the whole queue whatever happens.
- **How many wait**: at most `Caps.per_kommune` pending (undecided) proposals per kommune and `Caps.total` in all,
  read from the database at proposal time, so they hold across processes and replicas.
"""

from __future__ import annotations

import ipaddress
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from register import backlog, database

TRUSTED_ENV = "FORWARDED_ALLOW_IPS"
TRUSTED_DEFAULT = "127.0.0.1,::1"
LOOPBACK = "127.0.0.1"   # Streamlit reports a loopback peer as None (st.context.ip_address)


def trusted_proxies(text: str | None = None) -> tuple[list, bool]:
    """(networks, trust_all) from FORWARDED_ALLOW_IPS; '*' trusts every peer (uvicorn's meaning). Entries that are
    neither an address nor a network raise ValueError naming each of them."""
    text = os.environ.get(TRUSTED_ENV, TRUSTED_DEFAULT) if text is None else text
    items = [t.strip() for t in text.split(",") if t.strip()]
    networks, bad = [], []
    for item in items:
        if item == "*":
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            bad.append(item)
    if bad:
        raise ValueError(f"{TRUSTED_ENV}: {', '.join(repr(b) for b in bad)} not an address or network; "
                         "allowed: IPv4/IPv6 addresses, networks such as 10.0.0.0/8, or *")
    return networks, "*" in items


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _is_trusted(text: str | None, networks: list, trust_all: bool) -> bool:
    ip = _address(text or "")
    return ip is not None and (trust_all or any(ip in n for n in networks))


def client_address(peer: str | None, forwarded: Iterable[str] = (), trusted: str | None = None) -> str:
    """The proposer's address: the peer, unless the peer is a trusted proxy; then the nearest address in
    X-Forwarded-For (all of its header lines, in order) that is not itself a trusted proxy, walking from the
    right: the entries to the left of it were written by the client and prove nothing. `peer` None is loopback."""
    networks, trust_all = trusted_proxies(trusted)
    peer = str(peer or LOOPBACK)
    if not _is_trusted(peer, networks, trust_all):
        return peer
    hops = [h.strip() for line in forwarded for h in str(line).split(",") if h.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks, trust_all):
            return hop if _address(hop) is not None else "unparsable"
    return hops[0] if hops else peer


def client_key(address: str) -> str:
    """One proposer: an IPv4 address, or the /64 network of an IPv6 address; anything else as given (short)."""
    ip = _address(address)
    if ip is None:
        return address[:64]
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


@dataclass(frozen=True)
class RateLimit:
    """At most `count` proposals per `seconds` per proposer."""

    count: int = 5
    seconds: float = 600.0

    def allow(self, times: list[float], now: float) -> tuple[bool, list[float]]:
        recent = [t for t in times if now - t < self.seconds]
        return len(recent) < self.count, recent


class Limiter:
    """The process's shared counts: `take` reserves a slot for one proposer (atomically, so two tabs sending at the
    same instant cannot both slip through), `give_back` returns it when nothing new was stored."""

    def __init__(self, limit: RateLimit = RateLimit(), max_keys: int = 100_000):
        self.limit, self.max_keys = limit, max_keys
        self._times: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, now: float) -> tuple[bool, int]:
        """(True, n) with the slot reserved, or (False, n): n proposals from this proposer in the window."""
        with self._lock:
            allowed, recent = self.limit.allow(self._times.get(key, []), now)
            if allowed:
                recent.append(now)
            self._times[key] = recent
            if len(self._times) > self.max_keys:
                self._forget(now)
            return allowed, len(recent)

    def give_back(self, key: str, when: float) -> None:
        with self._lock:
            times = self._times.get(key, [])
            if when in times:
                times.remove(when)

    def _forget(self, now: float) -> None:
        """Keep memory bounded: drop proposers with nothing in the window, then the longest quiet ones."""
        self._times = {k: t for k, t in self._times.items() if t and now - t[-1] < self.limit.seconds}
        if len(self._times) > self.max_keys:
            newest = sorted(self._times, key=lambda k: self._times[k][-1])[-self.max_keys:]
            self._times = {k: self._times[k] for k in newest}

    def clear(self) -> None:
        with self._lock:
            self._times.clear()


LIMITER = Limiter()


@dataclass(frozen=True)
class Caps:
    """At most this many pending (undecided) proposals for one kommune, and in the whole register."""

    per_kommune: int = 20
    total: int = 2000

    @classmethod
    def configured(cls, secrets: Mapping | None) -> Caps:
        """[register] max_pending_per_kommune / max_pending in the secrets, else the defaults."""
        section = (secrets or {}).get("register") or {}
        return cls(int(section.get("max_pending_per_kommune", cls.per_kommune)),
                   int(section.get("max_pending", cls.total)))


def full(knr: str, caps: Caps, db_url: str | None = None) -> tuple[str, int] | None:
    """('kommune', n) or ('total', n) when the queue has no room for another proposal for `knr`, else None.
    Two counts on the proposals/decisions indexes; an empty or missing register has room."""
    with database.reading(db_url) as conn:
        if conn is None:
            return None
        here = backlog.pending_count(conn, knr)
        if here >= caps.per_kommune:
            return "kommune", here
        total = backlog.pending_count(conn)
    return ("total", total) if total >= caps.total else None
