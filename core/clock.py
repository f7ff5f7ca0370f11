"""The machine's clock, read in this one place.

Time is an input: the store's clock (`Store.now()`) is what every screen and rule asks, and
in tests it is the test's clock. This is its default on a real station, and the only code
that reads the wall clock for a date or an hour (tests/unit/test_architecture.py holds
every other module to that). Durations use `time.monotonic()`, which is not a date.
"""

from __future__ import annotations

from datetime import datetime, timezone


def system_now() -> datetime:
    """Now, as an aware UTC datetime, from the operating system's clock."""
    return datetime.now(timezone.utc)
