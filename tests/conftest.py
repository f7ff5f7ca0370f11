"""Shared fixtures: real stores on SQLite and PostgreSQL, a settable clock.

PostgreSQL tests run when MOTCUA_TEST_PG_URL is set (CI sets it); each test
worker gets its own database, emptied before every test.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from core.i18n import set_language  # noqa: E402

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PG_URL = os.environ.get("MOTCUA_TEST_PG_URL", "")
PG_SKIP = "MOTCUA_TEST_PG_URL is not set: PostgreSQL tests skipped"


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """Every test starts in Vietnamese, the default language, and leaves it so."""
    set_language("vi")
    yield
    set_language("vi")


class Clock:
    """A clock the test moves by hand: `clock.set(...)`, `clock.advance(minutes=5)`."""

    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def set(self, *args, **kwargs) -> None:
        self.at = datetime(*args, tzinfo=VN, **kwargs) if args else kwargs["at"]

    def advance(self, **delta) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    """Wednesday 25 Nov 2026, 09:00 in the office's time zone (a working morning)."""
    return Clock(datetime(2026, 11, 25, 9, 0, tzinfo=VN))


def _pg_admin_url() -> str:
    from db.engine import normalize_url

    return normalize_url(PG_URL)


@pytest.fixture(scope="session")
def pg_database(worker_id: str) -> str:
    """A database of this test worker's own on the test server."""
    if not PG_URL:
        pytest.skip(PG_SKIP)
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"motcua_test_{worker_id}_{os.getpid()}"
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(_pg_admin_url()).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def empty_pg(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        c.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(request, tmp_path) -> str:
    """An empty database URL, on SQLite and (when configured) on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'motcua.sqlite3'}"
    url = request.getfixturevalue("pg_database")
    empty_pg(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'motcua.sqlite3'}"


@pytest.fixture
def store(db_url, clock):
    """A fresh store (schema migrated, no office) on each database, with the test clock."""
    from db import Store

    s = Store.open(db_url, clock=clock)
    yield s
    s.close()


@pytest.fixture
def demo_store(store):
    """The demo district office (8 fields, 6 counters, staff, ~40 procedures); kiosk actor."""
    from db.demo import seed_demo

    seed_demo(store)
    return store


@pytest.fixture
def sqlite_demo_store(sqlite_url, clock):
    """The demo office on SQLite only: for UI tests."""
    from db import Store
    from db.demo import seed_demo

    s = Store.open(sqlite_url, clock=clock)
    seed_demo(s)
    yield s
    s.close()


@pytest.fixture
def worker_id(request) -> str:  # replaced by pytest-xdist's fixture when it runs
    return getattr(request.config, "workerinput", {}).get("workerid", "main")
