"""A guard for running all day: PySide6 6.12 on Python 3.11 drops one reference to None per void Qt call.

Measured here (tools: `sys.getrefcount(None)` around 2,000 calls): `label.setText(…)`,
`widget.update()`, `timer.start()`, `app.processEvents()` each leave None with one
reference fewer. None starts with ~5,000 references, so a Python loop that calls
`update()` 5,000 times aborts the process with "Fatal Python error: none_dealloc"
(the crash bench_kiosk.py met). The wall display calls such methods ~50 times a
second (ticker, clock, video), i.e. it would abort within hours. Python 3.12 made
None immortal for this reason; on 3.11 we give it the same property once, at start.
"""

from __future__ import annotations

import sys

HEADROOM = 1 << 60  # 10^18 references: decades at millions of void calls per second


def make_none_immortal() -> bool:
    """Give None a reference count no leak can exhaust (CPython < 3.12 only); True if changed."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    import ctypes

    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is PyObject's first field
    if refcount.value >= HEADROOM // 2:
        return False
    refcount.value += HEADROOM
    return True
