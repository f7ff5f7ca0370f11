"""The working-time model: due dates for every working minute of 2026 at each procedure length, and the
office's calendar built from the store (what the kiosk asks on each refresh).

    .venv/bin/python bench/bench_calendar.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.calendar import WorkingCalendar  # noqa: E402
from db import Store  # noqa: E402
from db.demo import PROCEDURES, seed_demo  # noqa: E402

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def sweep() -> None:
    calendar = WorkingCalendar()
    lengths = sorted({p[3] for p in PROCEDURES})
    calls, started = 0, time.perf_counter()
    day = date(2026, 1, 1)
    while day.year == 2026:
        for session in calendar.working_sessions(day):
            start, end = calendar.session_hours(day, session)
            minute = datetime.combine(day, start)
            while minute < datetime.combine(day, end):
                for n in lengths:
                    calendar.due_at(minute, n)
                    calls += 1
                minute += timedelta(minutes=1)
        day += timedelta(days=1)
    seconds = time.perf_counter() - started
    print(f"due_at over every working minute of 2026 x {len(lengths)} lengths: {calls:,} calls in {seconds:.2f} s "
          f"({seconds / calls * 1e6:.2f} µs a call)")
    started = time.perf_counter()
    for hour in range(200):
        calendar.due_date(datetime(2026, 11, 2, 7, 30) + timedelta(hours=hour), 15)
    print(f"due_date with its reasons, 15 days: {(time.perf_counter() - started) / 200 * 1000:.2f} ms a call")


def store_calendar() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{folder}/bench.sqlite3", clock=lambda: datetime(2026, 11, 25, 9, 0, tzinfo=VN))
        seed_demo(store)
        times = []
        for _ in range(50):
            started = time.perf_counter()
            store.calendar.opening_status()
            times.append(time.perf_counter() - started)
        times.sort()
        print(f"opening_status (office calendar read and built, SQLite): median {times[25] * 1000:.1f} ms, "
              f"max {times[-1] * 1000:.1f} ms")
        store.close()


if __name__ == "__main__":
    sweep()
    store_calendar()
