"""Counters contending on shared fields: does `call_next` always find the next citizen, and how fast?

    .venv/bin/python bench/bench_contention.py [--counters 16] [--waiting 16000] [--sqlite-waiting 4000]

Every counter (its own process and connections, like a counter PC) serves fields
A and B and calls until it gets None. Prints latency percentiles, calls per
second, how many calls returned None while more tickets waited than the other
counters could be holding (must be 0), and whether every ticket was called once.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from bench.bench_store import demo  # noqa: E402
from bench.common import drop_pg, fresh_pg, fresh_sqlite, summary_ms  # noqa: E402
from db import Store  # noqa: E402
from db.errors import StoreUnavailable  # noqa: E402


def fill_waiting(store: Store, waiting: int) -> None:
    """`waiting` tickets waiting today in fields A and B (one priority in ten), written in bulk."""
    services = {s.prefix: s.id for s in store.setup.services()}
    now = store.now()
    day = store.business_day(now)
    rows = []
    for i in range(waiting):
        prefix = "AB"[i % 2]
        number = i // 2 + 1
        rows.append({"office": store.office().id, "sid": services[prefix], "day": day, "number": number,
                     "code": f"{prefix}{number:04d}", "priority": "elderly" if i % 10 == 0 else None, "at": now})
    from db.models import Ticket, TicketSequence

    with store.engine.begin() as c:
        c.execute(Ticket.__table__.insert(), [{
            "office_id": r["office"], "service_id": r["sid"], "issued_service_id": r["sid"], "day": r["day"],
            "number": r["number"], "code": r["code"], "priority": r["priority"], "status": "waiting",
            "issued_at": r["at"], "queue_at": r["at"], "call_count": 0, "print_status": "printed", "kiosk": "",
            "note": ""} for r in rows])
        for prefix in "AB":
            c.execute(TicketSequence.__table__.insert(), {"service_id": services[prefix], "day": day,
                                                          "last_number": waiting // 2})
        c.execute(text("ANALYZE"))


def _counter(url: str, number: int, barrier, out) -> None:
    store = Store.open(url, migrate=False)
    clerk = store.as_user("lan")
    clerk.queue.current_ticket(number)  # connections warm before the start
    barrier.wait()
    started = time.time()
    samples, codes, gave_up, timeouts = [], [], None, 0
    while True:
        t0 = time.perf_counter()
        try:
            ticket = clerk.queue.call_next(number)
        except StoreUnavailable:  # SQLite: waited out the 15 s busy timeout behind the other writers
            timeouts += 1
            continue
        samples.append(time.perf_counter() - t0)
        if ticket is None:
            gave_up = len(store.queue.waiting())
            break
        codes.append(ticket.code)
    out.put((number, samples, codes, gave_up, started, time.time(), timeouts))
    store.close()


def contend(name: str, url: str, counters: int, waiting: int) -> None:
    store = demo(url)
    manager = store.as_user("quanly")
    for number in range(1, counters + 1):
        manager.setup.save_counter(number=number, services=["A", "B"] if number % 2 else ["B", "A"])
    fill_waiting(store, waiting)
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(counters), ctx.Queue()
    procs = [ctx.Process(target=_counter, args=(url, n, barrier, out)) for n in range(1, counters + 1)]
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = max(r[5] for r in results) - min(r[4] for r in results)
    samples = [s for r in results for s in r[1]]
    codes = [c for r in results for c in r[2]]
    early = [r[3] for r in results if r[3] is not None and r[3] > counters - 1]
    print(f"  {name}: {counters} counters, {waiting:,} waiting: {summary_ms(samples)}")
    print(f"    {len(codes):,} calls in {elapsed:.1f} s ({len(codes) / elapsed:,.0f}/s); "
          f"None while tickets it could take waited: {len(early)}; "
          f"every ticket called once: {len(codes) == len(set(codes)) == waiting}; "
          f"calls that timed out waiting for the lock: {sum(r[6] for r in results)}")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counters", type=int, default=16)
    parser.add_argument("--waiting", type=int, default=16_000)
    parser.add_argument("--sqlite-waiting", type=int, default=4_000, help="0: PostgreSQL only")
    args = parser.parse_args()
    print("== call_next, counters sharing fields ==")
    pg = fresh_pg("motcua_bench_contention")
    contend("PostgreSQL", pg, args.counters, args.waiting)
    drop_pg(pg)
    if args.sqlite_waiting > 0:
        contend("SQLite", fresh_sqlite("contention"), args.counters, args.sqlite_waiting)


if __name__ == "__main__":
    main()
