"""Store figures: issue_ticket throughput, call_next latency with a big history, event latency.

    .venv/bin/python bench/bench_store.py [--history 5000000] [--quick]

Prints each figure beside the raw rate of a one-row insert transaction on the
same database, measured in the same run. PostgreSQL at MOTCUA_BENCH_PG_URL or
MOTCUA_TEST_PG_URL (default postgres@127.0.0.1).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from bench.common import fresh_pg, fresh_sqlite, summary_ms  # noqa: E402
from db import Store  # noqa: E402
from db.demo import seed_demo  # noqa: E402
from db.engine import make_engine  # noqa: E402
from db.listener import EventListener  # noqa: E402
from db.models import Ticket  # noqa: E402


def raw_insert_rate(url: str, seconds: float = 3.0) -> float:
    engine = make_engine(url)
    with engine.begin() as c:
        c.execute(text("CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, v VARCHAR(10))"
                       if url.startswith("sqlite") else
                       "CREATE TABLE IF NOT EXISTS bench_raw (id SERIAL PRIMARY KEY, v VARCHAR(10))"))
    n, end = 0, time.perf_counter() + seconds
    start = time.perf_counter()
    while time.perf_counter() < end:
        with engine.begin() as c:
            c.execute(text("INSERT INTO bench_raw (v) VALUES ('x')"))
        n += 1
    engine.dispose()
    return n / (time.perf_counter() - start)


def _issue_worker(url: str, count: int, barrier, out) -> None:
    store = Store.open(url, migrate=False)
    store.office()
    barrier.wait()
    t0 = time.perf_counter()
    for i in range(count):
        store.issue_ticket("AB"[i % 2])
    out.put((count, time.perf_counter() - t0))


def issue_rate(url: str, processes: int, per_process: int) -> float:
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(processes), ctx.Queue()
    procs = [ctx.Process(target=_issue_worker, args=(url, per_process, barrier, out)) for _ in range(processes)]
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    total = sum(n for n, _ in results)
    return total / max(t for _, t in results)


def demo(url: str) -> Store:
    store = Store.open(url, create=True)
    seed_demo(store)
    manager = store.as_user("quanly")
    for prefix, code, name in (("A", "DD", "Đất đai"), ("B", "TP", "Tư pháp - Hộ tịch")):
        manager.save_service(code=code, name=name, prefix=prefix, number_end=9999)
    return store


def fill_history(store: Store, rows: int) -> None:
    """`rows` finished tickets spread over the past years (bulk insert, not the operation)."""
    table = Ticket.__table__
    services = [s.id for s in store.services()]
    office = store.office().id
    today = store.business_day()
    batch, done, chunk = [], 0, 50_000
    per_day = len(services) * 999
    base = datetime.now(timezone.utc) - timedelta(days=1)
    t0 = time.perf_counter()
    engine = store.engine
    while done < rows:
        n = min(chunk, rows - done)
        batch = []
        for i in range(done, done + n):
            day_index, rest = divmod(i, per_day)
            sid, number = services[rest // 999], rest % 999 + 1
            at = base - timedelta(days=day_index)
            batch.append({
                "office_id": office, "service_id": sid, "issued_service_id": sid,
                "day": today - timedelta(days=day_index + 1), "number": number, "code": f"A{number:03d}",
                "priority": None, "status": "done", "issued_at": at, "queue_at": at, "called_at": at,
                "first_called_at": at, "started_at": at, "finished_at": at, "counter_id": 1, "user_id": None,
                "target_counter_id": None, "from_service_id": None, "call_count": 1, "print_status": "printed",
                "kiosk": "", "note": "",
            })
        with engine.begin() as c:
            c.execute(table.insert(), batch)
        done += n
    with engine.begin() as c:
        c.execute(text("ANALYZE"))
    print(f"    history: {rows:,} tickets written in {time.perf_counter() - t0:.0f} s")


def call_next_latency(store: Store, waiting: int, calls: int) -> list[float]:
    for i in range(waiting):
        store.issue_ticket("AB"[i % 2], "elderly" if i % 10 == 0 else None)
    clerk = store.as_user("lan")
    manager = store.as_user("quanly")
    manager.save_counter(number=1, services=["A", "B"])
    samples = []
    for _ in range(calls):
        t0 = time.perf_counter()
        clerk.call_next(1)
        samples.append(time.perf_counter() - t0)
    return samples


def event_latency(url: str, store: Store, n: int) -> list[float]:
    listener = EventListener(url, poll_interval=0.1)
    listener.start_from_latest()
    samples: list[float] = []
    for _ in range(n):
        received = threading.Event()
        stamp = {}

        def listen():
            while not listener.wait(2.0):
                pass
            stamp["t"] = time.perf_counter()
            received.set()

        thread = threading.Thread(target=listen)
        thread.start()
        time.sleep(random.uniform(0.0, 0.1))  # commits fall anywhere in the polling cycle
        store.issue_ticket("A")
        committed = time.perf_counter()
        received.wait(5)
        thread.join()
        samples.append(stamp["t"] - committed)
    listener.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--history", type=int, default=5_000_000)
    parser.add_argument("--quick", action="store_true", help="small numbers, to check the script runs")
    args = parser.parse_args()
    history = 50_000 if args.quick else args.history
    per = 200 if args.quick else 2000

    print("== issue_ticket throughput ==")
    url = fresh_sqlite("issue")
    demo(url)
    print(f"  SQLite raw one-row insert transaction: {raw_insert_rate(url):,.0f} tx/s")
    print(f"  SQLite issue_ticket, 1 process: {issue_rate(url, 1, per * 2):,.0f} tickets/s")
    print(f"  SQLite issue_ticket, 4 processes: {issue_rate(url, 4, per):,.0f} tickets/s")
    for processes in (1, 4, 16):
        pg = fresh_pg(f"motcua_bench_issue_{processes}")
        demo(pg)
        if processes == 1:
            print(f"  PostgreSQL raw one-row insert transaction: {raw_insert_rate(pg):,.0f} tx/s")
        rate = issue_rate(pg, processes, per if processes < 16 else per // 2)
        print(f"  PostgreSQL issue_ticket, {processes} process(es): {rate:,.0f} tickets/s")

    print(f"== call_next latency: 2,000 waiting, {history:,} historical tickets ==")
    for name, url in (("SQLite", fresh_sqlite("callnext")), ("PostgreSQL", fresh_pg("motcua_bench_callnext"))):
        store = demo(url)
        fill_history(store, history)
        print(f"  {name}: {summary_ms(call_next_latency(store, 2000, 500))}")

    print("== event latency, commit to listener ==")
    for name, url in (("PostgreSQL LISTEN/NOTIFY", fresh_pg("motcua_bench_events")),
                      ("SQLite polling every 100 ms", fresh_sqlite("events"))):
        store = demo(url)
        print(f"  {name}: {summary_ms(event_latency(url, store, 50 if args.quick else 200))}")


if __name__ == "__main__":
    main()
