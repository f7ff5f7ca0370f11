"""Shared fixtures: real stores on SQLite and PostgreSQL, a settable clock.

PostgreSQL tests run when MOTCUA_TEST_PG_URL is set (CI sets it); each test
worker gets its own database, emptied before every test.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from clock_tools import WORKING_MORNING  # noqa: E402
from core.i18n import set_language  # noqa: E402
from pg_tools import PG_PREFIX, PG_URL, _pg_exec, _pg_url_for  # noqa: E402

VN = ZoneInfo("Asia/Ho_Chi_Minh")
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
    return Clock(WORKING_MORNING)


def _seed(url: str, demo: bool) -> None:
    from db import Store
    from db.demo import seed_demo

    store = Store.open(url, clock=Clock(datetime(2026, 1, 5, 8, 0, tzinfo=VN)), create=True)
    if demo:
        seed_demo(store)
    store.close()


@pytest.fixture(scope="session")
def _templates(request, tmp_path_factory) -> dict[str, str]:
    """Migrated databases made once per test worker: an empty one and the demo office."""
    worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
    folder = tmp_path_factory.mktemp("templates")
    out = {}
    for kind, demo in (("empty", False), ("demo", True)):
        path = folder / f"{kind}.sqlite3"
        _seed(f"sqlite:///{path}", demo)
        out[f"sqlite-{kind}"] = str(path)
    if PG_URL:
        for kind, demo in (("empty", False), ("demo", True)):
            name = f"{PG_PREFIX}_tpl_{kind}_{worker}"
            _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
            _seed(_pg_url_for(name), demo)
            out[f"pg-{kind}"] = name
    yield out
    if PG_URL:
        for kind in ("empty", "demo"):
            _pg_exec(f'DROP DATABASE IF EXISTS "{PG_PREFIX}_tpl_{kind}_{worker}" WITH (FORCE)')


def _fresh(request, tmp_path, templates, kind: str, backend: str, label: str = "test") -> str:
    """A copy of a template database; `label` keeps longer-lived copies apart from per-test ones."""
    if backend == "sqlite":
        path = tmp_path / "motcua.sqlite3"
        shutil.copyfile(templates[f"sqlite-{kind}"], path)
        return f"sqlite:///{path}"
    if not PG_URL:
        pytest.skip(PG_SKIP)
    worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
    name = f"{PG_PREFIX}_{label}_{worker}"
    _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
             f'CREATE DATABASE "{name}" TEMPLATE "{templates[f"pg-{kind}"]}"')
    return _pg_url_for(name)


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path, _templates) -> str:
    """A migrated, empty database, on SQLite and (when configured) on PostgreSQL."""
    return _fresh(request, tmp_path, _templates, "empty", request.param)


@pytest.fixture(params=BACKENDS)
def demo_db_url(request, tmp_path, _templates) -> str:
    """A database holding the demo office, on SQLite and (when configured) PostgreSQL."""
    return _fresh(request, tmp_path, _templates, "demo", request.param)


@pytest.fixture
def pg_url(request, tmp_path, _templates) -> str:
    """A migrated, empty PostgreSQL database (skips without MOTCUA_TEST_PG_URL)."""
    return _fresh(request, tmp_path, _templates, "empty", "postgresql")


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
def demo_store(demo_db_url, clock):
    """The demo district office (8 fields, 6 counters, staff, ~40 procedures); kiosk actor."""
    from db import Store

    s = Store.open(demo_db_url, clock=clock)
    yield s
    s.close()


@pytest.fixture
def clerk(demo_store):
    """Clerk "lan" signed in on the demo office (modules that need another clerk define their own)."""
    return demo_store.login("lan", "lan12345")


@pytest.fixture
def manager(demo_store):
    """The demo office's manager, signed in."""
    return demo_store.login("quanly", "quanly123")


@pytest.fixture
def sqlite_demo_store(request, tmp_path, _templates, clock):
    """The demo office on SQLite only: for UI tests."""
    from db import Store

    s = Store.open(_fresh(request, tmp_path, _templates, "demo", "sqlite"), clock=clock)
    yield s
    s.close()


@pytest.fixture
def pg_database(pg_url) -> str:
    """Alias of `pg_url`: a fresh, migrated PostgreSQL database."""
    return pg_url


@pytest.fixture
def fake_printer():
    """A network printer listening on 127.0.0.1 (see tests/printer_fake.py)."""
    from printer_fake import FakeNetworkPrinter

    printer = FakeNetworkPrinter()
    yield printer
    printer.close()


@pytest.fixture
def pg_demo_store(request, tmp_path, _templates, clock):
    """The demo office on PostgreSQL only (skips without MOTCUA_TEST_PG_URL)."""
    from db import Store

    s = Store.open(_fresh(request, tmp_path, _templates, "demo", "postgresql"), clock=clock)
    yield s
    s.close()



@pytest.fixture(scope="session")
def make_database(request, _templates):
    """make_database(folder, "demo"|"empty", "sqlite"|"postgresql", label) → a fresh database URL."""

    def make(folder, kind: str, backend: str, label: str = "test") -> str:
        return _fresh(request, folder, _templates, kind, backend, label)

    return make


# A wait in a UI test is a deadline for something that must happen, not a measure of speed: on a
# loaded 2-core machine (CI, the whole suite in parallel) a read that takes 50 ms alone can take
# seconds. Every wait that fails the test when it runs out therefore holds at least this long.
LOADED_WAIT_MS = 30_000


@pytest.fixture
def qtbot(qapp, request):
    """pytest-qt's bot whose failing waits (waitUntil, waitSignal, …) last at least LOADED_WAIT_MS."""
    from pytestqt.qtbot import QtBot

    class LoadedQtBot(QtBot):
        def waitUntil(self, callback, *, timeout=5000):
            return super().waitUntil(callback, timeout=max(timeout, LOADED_WAIT_MS))

        def waitSignal(self, signal, *, timeout=5000, raising=None, **kwargs):
            if raising is not False:
                timeout = max(timeout, LOADED_WAIT_MS)
            return super().waitSignal(signal, timeout=timeout, raising=raising, **kwargs)

        def waitSignals(self, signals, *, timeout=5000, raising=None, **kwargs):
            if raising is not False:
                timeout = max(timeout, LOADED_WAIT_MS)
            return super().waitSignals(signals, timeout=timeout, raising=raising, **kwargs)

        def waitCallback(self, *, timeout=5000, raising=None):
            if raising is not False:
                timeout = max(timeout, LOADED_WAIT_MS)
            return super().waitCallback(timeout=timeout, raising=raising)

        def waitExposed(self, widget, *, timeout=5000):
            return super().waitExposed(widget, timeout=max(timeout, LOADED_WAIT_MS))

        def waitActive(self, widget, *, timeout=5000):
            return super().waitActive(widget, timeout=max(timeout, LOADED_WAIT_MS))

    return LoadedQtBot(request)
