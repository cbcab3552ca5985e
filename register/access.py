"""Who may do what: editors are listed by e-mail in configuration; sign-in is Streamlit's own st.login (OpenID
Connect, [auth] in .streamlit/secrets.toml); anyone may propose, a few times per session."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
SECRETS_EXAMPLE = """[auth]
redirect_uri = "https://dekningskart.example.org/oauth2callback"   # the app's address + /oauth2callback
cookie_secret = "a long random string"                              # python -c "import secrets; print(secrets.token_urlsafe(32))"
client_id = "dekningskart"
client_secret = "from your OpenID Connect provider"
server_metadata_url = "https://login.example.org/.well-known/openid-configuration"

[register]
editors = ["kari.nordmann@example.org", "ola.nordmann@example.org"]"""


def _secrets_files() -> list[Path]:
    """Where Streamlit looks by default: ~/.streamlit/secrets.toml, then the project's and the working dir's."""
    out = [Path.home() / ".streamlit" / "secrets.toml", ROOT / ".streamlit" / "secrets.toml",
           Path.cwd() / ".streamlit" / "secrets.toml"]
    return list(dict.fromkeys(p for p in out if p.is_file()))


def _read_secrets() -> dict:
    merged: dict = {}
    for path in _secrets_files():
        with path.open("rb") as f:
            for section, values in tomllib.load(f).items():
                merged[section] = {**merged.get(section, {}), **values} if isinstance(values, dict) else values
    return merged


def editors(secrets: Mapping | None = None) -> set[str]:
    """Lower-case e-mail addresses of the editors: [register] editors in the secrets (the app passes st.secrets;
    the CLI reads the secrets.toml files) plus DEKNING_EDITORS (comma-separated)."""
    secrets = _read_secrets() if secrets is None else secrets
    listed = (secrets.get("register") or {}).get("editors") or []
    if isinstance(listed, str):
        listed = listed.split(",")
    extra = os.environ.get("DEKNING_EDITORS", "").split(",")
    return {e.strip().lower() for e in [*listed, *extra] if e and e.strip()}


def auth_missing(secrets: Mapping) -> list[str]:
    """The [auth] settings st.login needs that are missing (empty list: sign-in is configured)."""
    auth = secrets.get("auth") or {}
    missing = [f"auth.{k}" for k in ("redirect_uri", "cookie_secret") if not auth.get(k)]
    providers = [v for v in auth.values() if isinstance(v, Mapping)]
    if not any(all(p.get(k) for k in PROVIDER_KEYS) for p in [auth, *providers]):
        missing += [f"auth.{k}" for k in PROVIDER_KEYS if not auth.get(k)]
    return missing


def provider(secrets: Mapping) -> str | None:
    """The provider to pass to st.login: [register] provider, else the default [auth] settings."""
    return (secrets.get("register") or {}).get("provider") or None


def editor_email(user: Mapping, listed: set[str]) -> tuple[str, str]:
    """(email, '') when the signed-in user is an editor, else ('', why not: 'not_editor' / 'unverified')."""
    email = str(user.get("email") or "").strip().lower()
    if user.get("email_verified") is False:
        return "", "unverified"
    if not email or email not in listed:
        return "", "not_editor"
    return email, ""


@dataclass(frozen=True)
class RateLimit:
    """At most `count` proposals per `seconds` per session (the page keeps the times in its session state)."""

    count: int = 5
    seconds: float = 600.0

    def allow(self, times: list[float], now: float) -> tuple[bool, list[float]]:
        recent = [t for t in times if now - t < self.seconds]
        return len(recent) < self.count, recent
