"""The kiosk on a fresh demo store, and a finger to touch it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from devices.printers import open_printer
from kiosk.qt_kiosk import QtKioskWindow


@pytest.fixture
def make_kiosk(qtbot, sqlite_demo_store, settings_for):
    """make(printer_url=None, store=None, **window options) → a shown kiosk whose home has its tiles."""
    windows = []

    def make(printer_url=None, store=None, **kw):
        store = store or sqlite_demo_store
        settings = settings_for(store, printer_url)
        window = QtKioskWindow(settings, store, open_printer(settings.printer), **kw)
        qtbot.addWidget(window)
        window.resize(1920, 1080)
        window.show()
        qtbot.waitUntil(lambda: window.ready and bool(window.home.tiles), timeout=5000)
        windows.append(window)
        return window

    yield make
    for w in windows:
        w.close()


def tap(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
