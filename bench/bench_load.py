"""The office under load: 8 kiosks and 4 counters at once; how late is the wall?

    .venv/bin/python bench/bench_load.py [--seconds 30] [--kiosks 8] [--counters 4] [--only sqlite|pg]

Each kiosk (its own process) issues a ticket with a request id and confirms it
(mark_printed) every `--kiosk-every` s; each counter calls the next citizen every
`--call-every` s. A wall process follows the events like the display (listener,
then `display_board()`), and the lag of a call is from the counter's commit to
the wall holding the board with it. Prints lag percentiles and the throughput.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
import uuid
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_store import demo  # noqa: E402
from bench.common import drop_pg, fresh_pg, fresh_sqlite, summary_ms  # noqa: E402
from db import Store  # noqa: E402
from db.listener import EventListener  # noqa: E402
from db.store.base import KIOSK  # noqa: E402


def _kiosk(url: str, every: float, until: float, out) -> None:
    n, tag = 0, uuid.uuid4().hex[:8]
    opened = Store.open(url, migrate=False)
    store = opened.acting_as(replace(KIOSK, station=f"kiosk-{tag}"))  # a kiosk marks only its own tickets
    store.office()
    while time.time() < until:
        t = store.queue.issue_ticket("AB"[n % 2], kiosk=f"kiosk-{tag}", request_id=f"{tag}-{n}")
        store.queue.mark_printed(t.id, True)
        n += 1
        time.sleep(every)  # the pace of citizens at one kiosk, not a wait for a result
    out.put(("kiosk", n))
    store.close()


def _counter(url: str, number: int, every: float, until: float, out) -> None:
    store = Store.open(url, migrate=False)
    clerk = store.as_user("lan")
    calls = {}
    while time.time() < until:
        t = clerk.queue.call_next(number)
        if t is not None:
            calls[t.code] = time.time()  # committed: call_next has returned
        time.sleep(every)
    out.put(("counter", calls))
    store.close()


def _wall(url: str, until: float, ready, out) -> None:
    store = Store.open(url, migrate=False)
    listener = EventListener(url, poll_interval=0.1)
    listener.start_from_latest()
    ready.set()
    shown = {}
    while time.time() < until + 2:
        events = listener.wait(0.5)
        calls = [e for e in events if e.is_call]
        if calls:
            store.queue.display_board()  # what the display reads before repainting
            now = time.time()
            for e in calls:
                shown.setdefault(e.payload.get("code"), now)
    out.put(("wall", shown))
    listener.close()
    store.close()


def run(name: str, url: str, args) -> None:
    store = demo(url)
    manager = store.as_user("quanly")
    for number in range(1, args.counters + 1):
        manager.setup.save_counter(number=number, services=["A", "B"])
    store.close()
    ctx = mp.get_context("spawn")
    out, ready = ctx.Queue(), ctx.Event()
    until = time.time() + 8 + args.seconds  # start-up of the processes, then the run
    wall = ctx.Process(target=_wall, args=(url, until, ready, out))
    wall.start()
    ready.wait(60)
    procs = [ctx.Process(target=_kiosk, args=(url, args.kiosk_every, until, out)) for _ in range(args.kiosks)]
    procs += [ctx.Process(target=_counter, args=(url, n, args.call_every, until, out))
              for n in range(1, args.counters + 1)]
    for p in procs:
        p.start()
    results = [out.get() for _ in range(len(procs) + 1)]
    for p in procs + [wall]:
        p.join()
    issued = sum(r for kind, r in results if kind == "kiosk")
    calls = {code: at for kind, r in results if kind == "counter" for code, at in r.items()}
    shown = next(r for kind, r in results if kind == "wall")
    lags = [shown[code] - at for code, at in calls.items() if code in shown]
    print(f"  {name}: wall lag, call committed → board read: {summary_ms(lags)}")
    print(f"    {issued:,} tickets issued and confirmed, {len(calls):,} calls, {len(calls) - len(lags)} never shown")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--kiosks", type=int, default=8)
    parser.add_argument("--counters", type=int, default=4)
    parser.add_argument("--kiosk-every", type=float, default=0.25)
    parser.add_argument("--call-every", type=float, default=0.5)
    parser.add_argument("--only", choices=("sqlite", "pg"))
    args = parser.parse_args()
    print(f"== {args.kiosks} kiosks (a ticket every {args.kiosk_every} s each) + {args.counters} counters "
          f"(a call every {args.call_every} s each), {args.seconds:.0f} s ==")
    if args.only in (None, "pg"):
        pg = fresh_pg("motcua_bench_load")
        run("PostgreSQL", pg, args)
        drop_pg(pg)
    if args.only in (None, "sqlite"):
        run("SQLite", fresh_sqlite("load"), args)


if __name__ == "__main__":
    main()
