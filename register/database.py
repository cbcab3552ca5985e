"""Where the register lives and how to talk to it: an embedded SQLite file in the user's data directory by
default, any SQLAlchemy URL (e.g. PostgreSQL) from DEKNING_DB_URL. Writers bring the schema up to date with
Alembic first; readers never create a file and treat a missing database as an empty register.

A write is acknowledged only once it is committed to the file the configuration names: SQLite connections open
the file in mode=rw (never creating it), and the file's identity (st_dev, st_ino) as this process first opened it
is compared before each write, under the write lock and after the commit. A file deleted, moved, replaced or made
read-only while the app runs is refused with RegisterFileChanged (nothing lands in an unlinked file); the process
stays bound to the file it opened until it restarts.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_engines: dict[str, Engine] = {}
_current: set[str] = set()       # URLs whose schema this process has brought to head
_opened: dict[str, tuple[int, int]] = {}  # SQLite URL → (st_dev, st_ino) of the file as this process opened it
_lock = threading.RLock()
BUSY_TIMEOUT_S = 60              # a writer waits up to this long for SQLite's write lock (benchmarks/register_load.py)
WRITE_LOCK = 74202               # PostgreSQL advisory lock: register writes (and so audit rows) one at a time


class RegisterUnavailable(RuntimeError):
    """The register database cannot be reached or read; names the database (without a password)."""


_FAULTS = {
    "gone": "register database {path} is gone (deleted or moved while the app ran), so nothing was stored; "
            "restore the file, or restart the app to begin a new, empty register",
    "replaced": "register database {path} was replaced by another file while the app ran, so nothing was stored; "
                "restart the app to use the new file",
    "read_only": "register database {path} is read-only, so nothing was stored",
}


class RegisterFileChanged(RegisterUnavailable):
    """The SQLite file this process opened is gone, replaced or read-only (`fault`): nothing was written."""

    def __init__(self, fault: str, path: Path):
        self.fault, self.path = fault, path
        super().__init__(_FAULTS[fault].format(path=path))


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


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return st.st_dev, st.st_ino


def _read_only(path: Path) -> bool:
    """No write bit set (root ignores permissions, so os.access alone would not tell) or no write access."""
    try:
        return not path.stat().st_mode & 0o222 or not os.access(path, os.W_OK)
    except OSError:
        return True


def check_file(db_url: str, write: bool = True) -> None:
    """Refuse (RegisterFileChanged) when the SQLite file this process opened is gone or another file, or, for a
    write, read-only; a gone or replaced file also closes the pool, so no connection writes into the old file.
    The first time the file is seen, its identity is recorded."""
    path = sqlite_path(db_url)
    if path is None:
        return
    known = _opened.get(db_url)   # read before the file is looked at: another thread may be creating it
    now = _identity(path)
    fault = ("gone" if now is None and known is not None else "replaced" if now and known and now != known
             else "read_only" if write and now is not None and _read_only(path) else None)
    if fault in ("gone", "replaced"):
        _drop(db_url)
    if fault:
        raise RegisterFileChanged(fault, path)
    if now is not None and known is None:
        _opened[db_url] = now


def create_file(db_url: str) -> None:
    """Create the SQLite file (and its folder) of a register that does not exist yet; a file this process had
    opened and that has gone since is not made again (check_file refuses)."""
    path = sqlite_path(db_url)
    if path is None:
        return
    check_file(db_url, write=False)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        sqlite3.connect(_uri(path, "rwc"), uri=True).close()
        check_file(db_url, write=False)


def _uri(path: Path, mode: str) -> str:
    return f"file:{urllib.parse.quote(str(path))}?mode={mode}"


def _sqlite_events(engine: Engine) -> None:
    """WAL and a busy timeout so readers never block the writer; BEGIN IMMEDIATE for writes, so two writers
    queue for the lock instead of failing when one upgrades a read lock (pysqlite's own BEGIN is turned off)."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
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
            path = sqlite_path(db_url)
            if path is not None:  # mode=rw: a missing file is an error, never a new empty database
                eng = sa.create_engine(u, creator=lambda: sqlite3.connect(
                    _uri(path, "rw"), uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False))
                _sqlite_events(eng)
                if _identity(path) is not None:
                    _opened.setdefault(db_url, _identity(path))
            elif u.get_backend_name() == "sqlite":
                eng = sa.create_engine(u, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False})
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
        create_file(db_url)
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with engine(db_url).connect() as conn, conn.execution_options(dk_write=True).begin():
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
    """A connection in one write transaction (committed at the end, rolled back on error), schema at head.
    Writers queue for one lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so audit rows chain in
    order. The SQLite file is checked before, under the lock and after the commit: a caller that gets no error
    may acknowledge the write."""
    db_url = db_url or url()
    try:
        check_file(db_url)
        upgrade(db_url)
        with engine(db_url).connect() as conn, conn.execution_options(dk_write=True).begin():
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
            check_file(db_url)
            yield conn
        check_file(db_url, write=False)
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
        check_file(db_url, write=False)
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


def _drop(db_url: str) -> None:
    """Close one URL's pool (its file went away or was replaced); the identity stays, so writes stay refused."""
    with _lock:
        eng = _engines.pop(db_url, None)
        if eng is not None:
            eng.dispose()
        _current.discard(db_url)


def dispose() -> None:
    """Close every pool and forget every file's identity (tests and the CLI call this before their databases go
    away; a new engine is what a restarted process has)."""
    with _lock:
        for eng in _engines.values():
            eng.dispose()
        _engines.clear()
        _current.clear()
        _opened.clear()
