"""Guards for running all day, applied once at every app's start (ui/startup.py).

1. PySide6 6.12 on Python 3.11 drops references to None, True and False.

Measured here (tools: `sys.getrefcount(None)` around 2,000 calls): `label.setText(…)`,
`widget.update()`, `timer.start()`, `app.processEvents()` each leave None with one
reference fewer, and a method returning bool (`timer.isActive()`) does the same
to True or False (shiboken is built with 3.12 headers, where these objects are
immortal and `Py_RETURN_NONE`/`Py_RETURN_TRUE` no longer add a reference). None starts with ~5,000 references, so a Python loop that calls
`update()` 5,000 times aborts the process with "Fatal Python error: none_dealloc"
(the crash bench_kiosk.py met). Measured on the idle wall display (ticker, clock,
video): None loses ~160 references a second, so it would abort within minutes.
Python 3.12 made these objects immortal; on 3.11 we give them the same property once, at start.

2. Python's cycle collector runs only on the GUI thread, from a timer: left automatic,
a collection may start on a runner thread and free a widget caught in a reference
cycle there, which crashes Qt.
"""

from __future__ import annotations

import gc
import sys

HEADROOM = 1 << 60  # 10^18 references: decades at millions of void calls per second


SINGLETONS = (None, True, False, NotImplemented, Ellipsis)  # what Py_RETURN_* macros hand out


def make_none_immortal() -> bool:
    """Give None, True, False… reference counts no leak can exhaust (CPython < 3.12 only); True if changed."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    import ctypes

    changed = False
    for singleton in SINGLETONS:
        refcount = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt is PyObject's first field
        if refcount.value < HEADROOM // 2:
            refcount.value += HEADROOM
            changed = True
    return changed


def collect_on_gui_thread(parent):
    """Run Python's cycle collector only on the GUI thread, every half second; returns the QTimer."""
    from PySide6.QtCore import QTimer

    gc.disable()

    def collect() -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        generation = max((g for g in range(3) if counts[g] > thresholds[g]), default=None)
        if generation is not None:
            gc.collect(generation)
    timer = QTimer(parent, interval=500, timeout=collect)
    timer.start()
    return timer
