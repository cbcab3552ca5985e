"""Whether a reader may send a proposal now, for both of the app's proposal forms (the propose page and the
kommune's answer by letter): the register's limits (register/limits.py) applied to the reader's address as the
balancer reports it. A refusal is said in plain words and nothing is stored."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import streamlit as st

from register import limits
from register.database import RegisterUnavailable
from vocabulary import fmt
from vocabulary import register_words as words

_log = logging.getLogger(__name__)


def secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001  (no secrets file at all: the defaults hold)
        return {}


def client() -> str:
    """The proposer's key: the connection's address, or the balancer's X-Forwarded-For when the connection comes
    from a trusted proxy (FORWARDED_ALLOW_IPS). A malformed FORWARDED_ALLOW_IPS trusts nobody (and is logged):
    behind the balancer every reader then shares one count, which errs on the side of fewer proposals."""
    peer, forwarded = st.context.ip_address, st.context.headers.get_all("X-Forwarded-For")
    peer = peer if isinstance(peer, str) else None   # None: a loopback peer (or no connection, as under AppTest)
    forwarded = [f for f in forwarded or [] if isinstance(f, str)]
    try:
        address = limits.client_address(peer, forwarded)
    except ValueError as exc:
        _log.error("%s; trusting no proxy", exc)
        address = peer or limits.LOOPBACK
    return limits.client_key(address)


@dataclass(frozen=True)
class Slot:
    """One reserved proposal: hand it back when nothing new was stored (a refusal, a duplicate, an error)."""

    key: str
    at: float

    def done(self, stored: bool) -> None:
        if not stored:
            limits.LIMITER.give_back(self.key, self.at)


def admit(knr: str, lang: str) -> Slot | None:
    """A reserved slot, or None after saying why not: the queue for the kommune or in all is full, or this reader
    has sent the most allowed in the window. An unreachable register admits (the write then fails and says so)."""
    try:
        full = limits.full(knr, limits.Caps.configured(secrets()))
    except RegisterUnavailable:
        full = None
    if full:
        where, n = full
        st.error(words.t(f"queue_full_{where}", lang, n=fmt(n, lang)))
        return None
    now = time.time()
    key = client()
    allowed, n = limits.LIMITER.take(key, now)
    if not allowed:
        st.error(words.t("rate_limited", lang, n=n, minutes=int(limits.LIMITER.limit.seconds // 60)))
        return None
    return Slot(key, now)
