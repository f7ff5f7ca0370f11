"""Engines for both stores: SQLite (one PC) and PostgreSQL (several PCs).

SQLite follows SQLAlchemy's pysqlite "serializable isolation / savepoints"
recipe: the driver's own transaction handling is turned off and every
writing transaction starts with BEGIN IMMEDIATE, so two kiosks never both read
the same last number. Reads (a connection with the `READ_ONLY` execution
option) start a deferred BEGIN instead: a WAL snapshot that never takes the
write lock, so the display, the listener and reports never wait for a writer.
"""

from __future__ import annotations

import json

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

SQLITE_BUSY_TIMEOUT_MS = 15_000
READ_ONLY = {"motcua_read_only": True}  # execution option: this transaction only reads
# JSON columns keep Vietnamese as written (not \u escapes), so the audit log can be searched by a name
json_text = json.JSONEncoder(ensure_ascii=False).encode  # built once; also for statements sent to the driver
_JSON = {"json_serializer": json_text}


def normalize_url(url: str) -> str:
    """Accept `postgresql://` and `postgres://` and use psycopg 3 for them."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1) if url.startswith("postgres://") else url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(engine_or_url: Engine | str) -> bool:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    return url.get_backend_name() == "sqlite"


def make_engine(url: str, *, synchronous: str = "FULL") -> Engine:
    """An engine with the per-database settings the store relies on."""
    url = normalize_url(url)
    if is_sqlite(url):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **_JSON)
        _tune_sqlite(engine, synchronous)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, **_JSON)


def _tune_sqlite(engine: Engine, synchronous: str) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # a deferred BEGIN reads one WAL snapshot and never waits for (or blocks) a writer
        read_only = connection.get_execution_options().get("motcua_read_only", False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def read_connection(engine: Engine):
    """A connection whose transactions only read (deferred on SQLite; plain on PostgreSQL)."""
    return engine.connect().execution_options(**READ_ONLY)
