"""Waiting on a condition in a test: polled until it holds or a deadline that holds on a loaded machine passes."""

from __future__ import annotations

import time


def wait_until(condition, timeout: float = 30.0, step: float = 0.01):
    """Poll `condition` until it returns something true or the deadline passes; what it returned last
    (so `assert wait_until(...)` fails on the deadline, and a found value can be used)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(step)
    return condition()
