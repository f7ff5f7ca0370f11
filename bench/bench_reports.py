"""The year report (queue + dossiers + satisfaction) on a generated year: ~200,000 tickets, ~66,000 dossiers.

    .venv/bin/python bench/bench_reports.py [--sqlite-only]
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench.common import fresh_pg, fresh_sqlite  # noqa: E402
from db import Store  # noqa: E402
from db.demo import seed_demo  # noqa: E402
from year_data import generate  # noqa: E402

START, END = date(2025, 1, 1), date(2025, 12, 31)


def measure(url: str, name: str) -> None:
    store = Store.open(url)
    seed_demo(store)
    t0 = time.perf_counter()
    data = generate(store)
    print(f"  {name}: wrote {len(data['tickets']):,} tickets, {len(data['dossiers']):,} dossiers, "
          f"{len(data['ratings']):,} ratings in {time.perf_counter() - t0:.0f} s")
    manager = store.as_user("quanly")
    for label, fn in (("queue by field", lambda: manager.queue_report(START, END, "field")),
                      ("dossiers by field", lambda: manager.dossier_report(START, END, "field")),
                      ("satisfaction by counter", lambda: manager.satisfaction_report(START, END, "counter"))):
        times = []
        for _ in range(3):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        print(f"  {name} {label}: median {statistics.median(times):.2f} s")
    store.close()


if __name__ == "__main__":
    print("== year report ==")
    measure(fresh_sqlite("reports"), "SQLite")
    if "--sqlite-only" not in sys.argv:
        measure(fresh_pg("motcua_bench_reports"), "PostgreSQL")
