"""UI fixtures: real windows on a fresh demo store; nothing leaks into the next test."""

from __future__ import annotations

import gc
import threading

import pytest
from PySide6.QtWidgets import QApplication

from ui.runtime_guard import make_none_immortal

make_none_immortal()  # as every app does at start (ui/startup.py): windows here run for minutes in one process


@pytest.fixture(autouse=True)
def _no_leaked_threads_or_windows(qapp):
    before = {t.ident for t in threading.enumerate()}
    yield
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()
    QApplication.processEvents()
    # closed windows live on in reference cycles; collect them here, on the GUI thread: a
    # collection that happens to run on a worker thread later would destroy widgets there (segfault)
    gc.collect()
    leaked = [t for t in threading.enumerate() if t.ident not in before and t.is_alive() and not t.daemon]
    assert not leaked, f"threads left running: {leaked}"


@pytest.fixture(scope="module")
def office(tmp_path_factory, make_database):
    """An office server on a demo SQLite database, one per test module (tests/server_tools.py)."""
    from server_tools import OfficeServer

    folder = tmp_path_factory.mktemp("office")
    server = OfficeServer.start(folder / "server", make_database(folder, "demo", "sqlite"))
    yield server
    server.stop()


@pytest.fixture
def settings_for(tmp_path):
    from core.settings import Settings

    def make(store, printer_url: str | None = None):
        settings = Settings(db_url=store.engine.url.render_as_string(hide_password=False))
        settings.printer.url = printer_url or f"preview://{tmp_path / 'tickets'}"
        settings.printer.timeout_s = 2
        return settings

    return make
