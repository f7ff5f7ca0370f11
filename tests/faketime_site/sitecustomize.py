"""Loaded by every Python process of a test run under libfaketime (on PYTHONPATH there).

Debian's libfaketime 0.9.10 with FAKETIME_DONT_FAKE_MONOTONIC=1 (which threads and timers
need) breaks clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME): it hands the kernel a negative
time, and Python ≥ 3.11's time.sleep() fails with EINVAL (libfaketime issue #426). Sleeping
with select()'s relative timeout is the same wait without that call. Nothing else changes:
the faked wall clock is the point of the run.
"""

from __future__ import annotations

import os


def _install() -> None:
    import select
    import time

    if "faketime" not in os.environ.get("LD_PRELOAD", "") and "FAKETIME" not in os.environ:
        return
    try:
        time.sleep(0.0001)
        return  # this libfaketime sleeps fine
    except OSError:
        pass

    def sleep(seconds: float, /) -> None:
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        select.select([], [], [], seconds)  # PEP 475: retried with the time left after a signal

    time.sleep = sleep


_install()
