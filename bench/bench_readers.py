"""SQLite: do reads wait for a writer? The wall, a clerk's look-up and the listener, measured
while another process holds the write lock for 5 s and then for 17 s.

    .venv/bin/python bench/bench_readers.py

Before issue 14 every read began BEGIN IMMEDIATE: each waited ~4.9 s behind the 5 s
writer and failed (StoreUnavailable) behind the 17 s one. Reads are now deferred
WAL snapshots; only writes take turns.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_store import demo  # noqa: E402
from bench.common import fresh_sqlite, summary_ms  # noqa: E402
from db.errors import StoreUnavailable  # noqa: E402
from db.listener import EventListener  # noqa: E402


def main() -> None:
    url = fresh_sqlite("readers")
    store = demo(url)
    for i in range(300):
        store.queue.issue_ticket("AB"[i % 2])
    code = store.queue.waiting()[0].code
    listener = EventListener(url)
    listener.start_from_latest()
    reads = {
        "waiting()": store.queue.waiting,
        "display_board()": store.queue.display_board,
        "ticket(code)": lambda: store.queue.ticket(code),
        "listener.wait(0)": lambda: listener.wait(0),
    }
    print("== SQLite reads while another connection holds the write lock ==")
    for hold in (5.0, 17.0):
        writer = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE tickets SET note = 'import batch' WHERE id = 1")
        until = time.monotonic() + hold
        samples: dict[str, list[float]] = {name: [] for name in reads}
        failures = 0
        while time.monotonic() < until:
            for name, read in reads.items():
                t0 = time.perf_counter()
                try:
                    read()
                except StoreUnavailable:
                    failures += 1
                samples[name].append(time.perf_counter() - t0)
        writer.execute("ROLLBACK")
        writer.close()
        print(f"  writer holding the lock {hold:.0f} s; reads failed: {failures}")
        for name, values in samples.items():
            print(f"    {name}: {summary_ms(values)}, max {max(values) * 1000:.1f} ms")
    listener.close()
    store.close()


if __name__ == "__main__":
    main()
