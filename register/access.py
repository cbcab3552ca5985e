"""Who may do what: editors are listed by e-mail in the server's secrets ([register] editors); sign-in is Streamlit's
own st.login (OpenID Connect, [auth] in .streamlit/secrets.toml) and counts only with a verified address; anyone
may propose, within the limits of register/limits.py."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
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


def secrets_files() -> list[Path]:
    """The secrets files the app server reads: those named in STREAMLIT_SECRETS_FILES (Streamlit's own setting,
    comma-separated) when set, else Streamlit's defaults for a server started in the project folder (as
    deploy/cluster.py and the README start it): ~/.streamlit/secrets.toml and the project's. Never the caller's
    working folder: a command run elsewhere must not bring its own list of editors."""
    named = os.environ.get("STREAMLIT_SECRETS_FILES", "").strip()
    out = ([Path(p.strip()).expanduser() for p in named.split(",") if p.strip()] if named else
           [Path.home() / ".streamlit" / "secrets.toml", ROOT / ".streamlit" / "secrets.toml"])
    return list(dict.fromkeys(p for p in out if p.is_file()))


def _read_secrets() -> dict:
    merged: dict = {}
    for path in secrets_files():
        with path.open("rb") as f:
            for section, values in tomllib.load(f).items():
                merged[section] = {**merged.get(section, {}), **values} if isinstance(values, dict) else values
    return merged


def editors(secrets: Mapping | None = None) -> set[str]:
    """Lower-case e-mail addresses of the editors: [register] editors in the secrets, and nowhere else (the app
    passes st.secrets; the CLI reads the server's secrets files, see secrets_files)."""
    secrets = _read_secrets() if secrets is None else secrets
    listed = (secrets.get("register") or {}).get("editors") or []
    if isinstance(listed, str):
        listed = listed.split(",")
    return {str(e).strip().lower() for e in listed if e and str(e).strip()}


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
    """(email, '') when the signed-in user is an editor, else ('', why not): 'unverified' when the provider says the
    address is not verified, 'unverified_missing' when it does not say (the claim must be exactly true: a provider
    that lets users type their own address would otherwise make anyone an editor), 'not_editor'."""
    email = str(user.get("email") or "").strip().lower()
    verified = user.get("email_verified")
    if verified is not True:
        return "", "unverified" if "email_verified" in user and verified is not None else "unverified_missing"
    if not email or email not in listed:
        return "", "not_editor"
    return email, ""
