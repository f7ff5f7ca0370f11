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


def tap(qtbot, button, later_ms: int = 0):
    """A touch; `later_ms`: the input system stamps it that much after the last one (Qt's test clock, which
    otherwise follows the real one), as a citizen's next touch a moment later, without waiting for it."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, delay=later_ms)


def tap_stamped(button, at_ms: int) -> None:
    """A touch the input system stamped at `at_ms` (press, and release 40 ms later), handled whenever this is
    called: a busy kiosk handles a touch late, but its stamp is when the finger came down."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(button.rect().center())
    for kind, at, buttons in ((QEvent.Type.MouseButtonPress, at_ms, Qt.MouseButton.LeftButton),
                              (QEvent.Type.MouseButtonRelease, at_ms + 40, Qt.MouseButton.NoButton)):
        event = QMouseEvent(kind, centre, QPointF(button.mapToGlobal(centre)), Qt.MouseButton.LeftButton,
                            buttons, Qt.KeyboardModifier.NoModifier)
        event.setTimestamp(at)
        QApplication.sendEvent(button, event)


def scanner_burst(target, text: str, gap_ms: int = 2) -> None:
    """A keyboard-wedge scanner typing `text` and Enter into `target`, each key stamped `gap_ms` after the
    last, as the OS stamps a real scanner's keys: the wedge filter reads the keys' own times, so a loaded
    test machine pausing between two keys does not turn the burst into typing (QTest's keys carry none)."""
    import time

    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    at = int(time.monotonic() * 1000)
    for ch in [*text, "\r"]:
        key = Qt.Key.Key_Return if ch == "\r" else Qt.Key(ord(ch.upper())) if ch.isascii() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch)
            event.setTimestamp(at)
            QApplication.sendEvent(target, event)
        at += gap_ms
