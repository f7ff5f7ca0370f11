"""A wrong password costs the same for a real username and for one nobody has (usernames do not leak).

    .venv/bin/python bench/bench_sign_in.py [--n 40]

Interleaves wrong sign-ins for "lan" (exists) and "khong-co-ai" (does not) on a fresh demo office, on
SQLite and PostgreSQL; the store's clock moves an hour between tries so the lockout never answers first.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_store import demo  # noqa: E402
from bench.common import drop_pg, fresh_pg, fresh_sqlite, summary_ms  # noqa: E402
from db import Store  # noqa: E402
from db.errors import LoginFailed  # noqa: E402


def run(url: str, n: int) -> dict[str, list[float]]:
    demo(url).close()
    at = [datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))]
    store = Store.open(url, clock=lambda: at[0])
    times: dict[str, list[float]] = {"lan": [], "khong-co-ai": []}
    for i in range(2 * n + 2):
        name = ("lan", "khong-co-ai")[i % 2]
        at[0] += timedelta(hours=1)
        started = time.perf_counter()
        try:
            store.login(name, "doan-bua")
        except LoginFailed:
            pass
        if i >= 2:  # the first of each warms the hasher and the connection
            times[name].append(time.perf_counter() - started)
    store.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=40)
    args = parser.parse_args()
    sqlite = fresh_sqlite("sign_in")
    pg = fresh_pg("motcua_bench_sign_in")
    try:
        for label, url in (("SQLite", sqlite), ("PostgreSQL", pg)):
            for name, values in run(url, args.n).items():
                print(f"{label:10} wrong password, {name:12} {summary_ms(values)}")
    finally:
        drop_pg(pg)


if __name__ == "__main__":
    main()
