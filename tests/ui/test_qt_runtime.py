"""The Qt binding must not leak references to None: the apps run all day.

PySide6 6.12.0 on Python 3.11 drops one reference to None on every void call
(setText, update, timer.start…); None's count runs out within minutes on a
wall display and the process aborts ("Fatal Python error: none_dealloc").
pyproject.toml pins PySide6 below 6.12 for that reason; this test fails if a
leaking binding comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel


def test_void_and_bool_qt_calls_keep_none_true_false_alive(qapp):
    label, timer = QLabel(), QTimer()
    before = [sys.getrefcount(x) for x in (None, True, False)]
    for _ in range(5_000):
        label.setText("A001")
        label.update()
        timer.isActive()
    after = [sys.getrefcount(x) for x in (None, True, False)]
    assert all(a >= b - 50 for a, b in zip(after, before)), (before, after)
