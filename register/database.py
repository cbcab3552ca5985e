"""Where the register lives and how to talk to it: an embedded SQLite file in the user's data directory by
default, any SQLAlchemy URL (e.g. PostgreSQL) from DEKNING_DB_URL. Writers bring the schema up to date with
Alembic first; readers never create a file and treat a missing database as an empty register.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_engines: dict[str, Engine] = {}
_current: set[str] = set()       # URLs whose schema this process has brought to head
_lock = threading.RLock()


class RegisterUnavailable(RuntimeError):
    """The register database cannot be reached or read; names the database (without a password)."""


def url() -> str:
    """DEKNING_DB_URL, else a SQLite file in platformdirs.user_data_dir('dekningskart')."""
    configured = os.environ.get("DEKNING_DB_URL", "").strip()
    if configured:
        return configured
    import platformdirs

    return f"sqlite:///{Path(platformdirs.user_data_dir('dekningskart')) / 'register.sqlite'}"


def shown(db_url: str) -> str:
    """The URL as it may be printed: password hidden."""
    try:
        return sa.make_url(db_url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001  (a malformed URL is shown as its scheme only)
        return db_url.split(":", 1)[0] + ":…"


def sqlite_path(db_url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory SQLite)."""
    u = sa.make_url(db_url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def exists(db_url: str) -> bool:
    """False only when a SQLite file is missing (other databases are assumed to exist; reading them tells)."""
    path = sqlite_path(db_url)
    return path is None or path.exists()


def _sqlite_events(engine: Engine) -> None:
    """WAL and a busy timeout so readers never block the writer; BEGIN IMMEDIATE for writes, so two writers
    queue for the lock instead of failing when one upgrades a read lock (pysqlite's own BEGIN is turned off)."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA foreign_keys = ON")
        if sqlite_path(str(engine.url)):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("dk_write") else "BEGIN")


def engine(db_url: str | None = None) -> Engine:
    """One engine per URL and process (a pool shared by Streamlit sessions and threads)."""
    db_url = db_url or url()
    with _lock:
        if db_url not in _engines:
            u = sa.make_url(db_url)
            if u.get_backend_name() == "sqlite":
                eng = sa.create_engine(u, connect_args={"timeout": 30, "check_same_thread": False})
                _sqlite_events(eng)
            else:
                args = {"connect_timeout": 5} if u.get_backend_name() == "postgresql" else {}
                eng = sa.create_engine(u, pool_pre_ping=True, pool_size=5, max_overflow=20, connect_args=args)
            _engines[db_url] = eng
        return _engines[db_url]


def upgrade(db_url: str | None = None) -> None:
    """Bring the schema to the newest Alembic revision (once per process and URL; safe to call often)."""
    db_url = db_url or url()
    if db_url in _current:
        return
    with _lock:
        if db_url in _current:
            return
        path = sqlite_path(db_url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with engine(db_url).begin() as conn:
            if conn.dialect.name == "postgresql":  # several app replicas may start at once: one migrates
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(74201)")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        _current.add(db_url)


# A malformed URL or a missing driver is as good as an unreachable database: the app shows curated data.
_UNREACHABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.ArgumentError, sa.exc.NoSuchModuleError,
                ModuleNotFoundError)


@contextmanager
def writing(db_url: str | None = None):
    """A connection in one write transaction (committed at the end, rolled back on error), schema at head."""
    db_url = db_url or url()
    try:
        upgrade(db_url)
        eng = engine(db_url)
        with eng.connect() as conn, conn.execution_options(dk_write=True).begin():
            yield conn
    except _UNREACHABLE as exc:
        raise RegisterUnavailable(f"register database {shown(db_url)} cannot be reached: {_reason(exc)}") from exc
    except PermissionError as exc:
        raise RegisterUnavailable(f"register database {shown(db_url)} cannot be created: {exc}") from exc


@contextmanager
def reading(db_url: str | None = None):
    """A read connection, or None when the register has no database yet (nothing is created). A database made
    by an older version is brought to the newest schema first (once per process), so reads see every column."""
    db_url = db_url or url()
    try:
        if not exists(db_url):
            yield None
            return
        with engine(db_url).connect() as conn:
            present = sa.inspect(conn).has_table("audit_log")
        if present and db_url not in _current:
            upgrade(db_url)
        with engine(db_url).connect() as conn:
            yield conn if present else None
    except _UNREACHABLE as exc:
        raise RegisterUnavailable(f"register database {shown(db_url)} cannot be read: {_reason(exc)}") from exc


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def dispose() -> None:
    """Close every pool (tests and the CLI call this before their databases go away)."""
    with _lock:
        for eng in _engines.values():
            eng.dispose()
        _engines.clear()
        _current.clear()
