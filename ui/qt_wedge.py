"""A keyboard-wedge scanner heard through a window's key events (devices.scanners.WedgeDetector).

A scanner that "types" sends a fast burst of keys ending in Enter; a person types slower.
The filter holds keys that may belong to a scan, emits the scan, and gives held keys
back to the focused field when they turn out to be typing.
"""

from __future__ import annotations

import time
from typing import cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QInputEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from core.codes import classify_scan
from devices.scanners import WedgeDetector


class QtWedgeFilter(QObject):
    """Watches every key of the app while `window` is active; one per window."""

    sig_scan = Signal(object)
    """A complete scan (core.codes.Scan: dossier, ticket or invalid)."""
    sig_activity = Signal()
    """Someone touched, clicked or typed (for idle timers)."""

    def __init__(self, window: QWidget, max_gap_ms: float, min_length: int, also: tuple[QWidget, ...] = ()):
        super().__init__(window)
        self.window = window
        self.windows = (window, *also)  # e.g. the counter's citizen-facing window
        self.detector = WedgeDetector(max_gap_ms, min_length)
        self._timer = QTimer(self, interval=50, timeout=self._poll)
        # the input system's own time (ms) of the latest touch or click, as it stamped it (None: none yet,
        # or an event with no stamp): unlike the clock when it is handled, it holds on a busy machine
        self.touch_ms: int | None = None
        QApplication.instance().installEventFilter(self)

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self._timer.stop()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self.touch_ms = cast(QInputEvent, event).timestamp() or None
            self.sig_activity.emit()
        if kind != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent) or event.isAutoRepeat() \
                or not any(w.isActiveWindow() for w in self.windows):
            return False
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False  # shortcuts (Ctrl+S, Alt+…) are never part of a scan
        self.sig_activity.emit()
        key = "\r" if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) else \
            "\t" if event.key() == Qt.Key.Key_Tab else event.text()
        if not key:
            return False
        result = self.detector.feed(key, event.timestamp() or time.monotonic() * 1000)
        if result.scan:
            self.sig_scan.emit(result.classified or classify_scan(result.scan))
            return True
        if result.release:
            _type(result.release)
        if result.swallow:
            self._timer.start()
            return True
        return False

    def _poll(self) -> None:
        text = self.detector.poll()
        if text:
            _type(text)
            self._timer.stop()


def _type(text: str) -> None:
    """Give keys that were typing after all to the focused field."""
    focus = QApplication.focusWidget()
    if hasattr(focus, "insert"):
        focus.insert(text)
    elif hasattr(focus, "insertPlainText"):
        focus.insertPlainText(text)
