"""Fixtures for the register tests: a fresh database per test, on SQLite and on a real PostgreSQL server.

PostgreSQL comes from DEKNING_TEST_POSTGRES_URL (`.ci/postgres start` prints it; `.ci/run` exports it). Without
it the PostgreSQL cases skip locally and fail in CI (CI or DEKNING_REQUIRE_POSTGRES set): they never skip there.
"""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

from register import database

PG_ENV = "DEKNING_TEST_POSTGRES_URL"
EDITORS = {"kari@example.org", "ola@example.org"}


def postgres_admin_url() -> str:
    url = os.environ.get(PG_ENV, "")
    if not url:
        if os.environ.get("CI") or os.environ.get("DEKNING_REQUIRE_POSTGRES"):
            pytest.fail(f"{PG_ENV} is not set: .ci/run must start PostgreSQL (.ci/postgres start)")
        pytest.skip(f"{PG_ENV} not set (eval \"$(.ci/postgres start)\")")
    return url


def _admin(url: str) -> sa.Engine:
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def new_database(kind: str, tmp_path) -> tuple[str, callable]:
    """A URL of an empty database of this kind, and a function that removes it."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'register.sqlite'}", lambda: None
    admin = postgres_admin_url()
    name = f"dk_test_{uuid.uuid4().hex[:12]}"
    with _admin(admin).connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.make_url(admin).set(database=name).render_as_string(hide_password=False)

    def drop():
        with _admin(admin).connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path, monkeypatch):
    """An empty register on each database; DEKNING_DB_URL points at it for code that reads the default."""
    url, drop = new_database(request.param, tmp_path)
    monkeypatch.setenv("DEKNING_DB_URL", url)
    yield url
    database.dispose()
    drop()
