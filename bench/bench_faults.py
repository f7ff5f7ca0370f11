"""Fault runs: the store keeps every promise while PostgreSQL restarts and SQLite writers die.

    .venv/bin/python bench/bench_faults.py [--seconds 40] [--kiosks 4] [--restarts 4] [--kills 20]

PostgreSQL: a private server (initdb in a temporary folder, port 5439; never the
shared one) is restarted with `pg_ctl restart -m immediate` while kiosks issue
with request ids and retry as the kiosk app does, and a counter calls. SQLite:
writer processes are SIGKILLed at random and started again. Afterwards the
script checks and prints: duplicate numbers, gaps, acknowledged tickets lost,
request ids with more than one ticket, retries answered with the ticket an
ambiguous failure had committed, and tickets nobody acknowledged (which must
be unconfirmed, never called, and cancelled by rule).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from bench.bench_store import demo  # noqa: E402
from bench.common import fresh_sqlite  # noqa: E402
from db import Store  # noqa: E402
from db.errors import StoreUnavailable  # noqa: E402
from db.store.base import KIOSK  # noqa: E402

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PORT = 5439


def _as_postgres(*cmd: str) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(prefix + list(cmd), check=True, capture_output=True, text=True)


class PrivateServer:
    """A throw-away PostgreSQL server of our own, to restart at will."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="motcua-faults-pg-"))
        shutil.chown(self.dir, "postgres") if os.geteuid() == 0 else None
        self.data = self.dir / "data"
        _as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self.start()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{PORT}/postgres"

    def start(self) -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.dir / "log"),
                     "-o", f"-p {PORT} -k {self.dir} -c listen_addresses=127.0.0.1", "start")

    def restart_immediate(self) -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "-l",
                     str(self.dir / "log"), "-o", f"-p {PORT} -k {self.dir} -c listen_addresses=127.0.0.1",
                     "restart")

    def stop(self) -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


def _retry(action, tries: int = 120):
    """Run `action`, asking again every 0.25 s while the store is unreachable (a restart)."""
    for _ in range(tries - 1):
        try:
            return action()
        except StoreUnavailable:
            time.sleep(0.25)
    return action()


def _kiosk(url: str, until: float, out) -> None:
    """Issue like the kiosk app: a request id per touch, retried with the same id after a failure."""
    n, tag = 0, uuid.uuid4().hex[:8]
    store = Store.open(url, migrate=False).acting_as(replace(KIOSK, station=f"kiosk-{tag}"))  # its own tickets
    acknowledged, ambiguous_resolved, abandoned = [], 0, 0
    while time.time() < until:
        request, ticket = f"{tag}-{n}", None
        n += 1
        for attempt in range(40):  # noqa: B007 (read after the loop: was it a retry?)
            last_try = datetime.now(timezone.utc)
            try:
                ticket = store.queue.issue_ticket("AB"[n % 2], kiosk=f"kiosk-{tag}", request_id=request)
                break
            except StoreUnavailable:
                time.sleep(0.25)  # the server is restarting: ask again with the same id
        if ticket is None:
            abandoned += 1
            continue
        if attempt and ticket.issued_at < last_try:
            ambiguous_resolved += 1  # an earlier try had committed it; the retry got it back
        acknowledged.append(ticket.id)
        _retry(lambda: store.queue.mark_printed(ticket.id, True))
    out.put(("kiosk", acknowledged, ambiguous_resolved, abandoned))
    store.close()


def _counter(url: str, until: float, out) -> None:
    store = Store.open(url, migrate=False)
    clerk = _retry(lambda: store.as_user("lan"))
    called = 0
    while time.time() < until:
        try:
            if clerk.queue.call_next(1) is not None:
                called += 1
        except StoreUnavailable:
            time.sleep(0.25)
        time.sleep(0.05)
    out.put(("counter", called))
    store.close()


def check(url: str, acknowledged: set[int]) -> dict[str, int]:
    store = Store.open(url, migrate=False)
    with store.engine.connect() as c:
        dup = c.execute(text("SELECT count(*) FROM (SELECT 1 FROM tickets GROUP BY issued_service_id, day, number "
                             "HAVING count(*) > 1) d")).scalar()
        gaps = c.execute(text("SELECT coalesce(sum(mx - cnt), 0) FROM (SELECT max(number) AS mx, count(*) AS cnt "
                              "FROM tickets GROUP BY issued_service_id, day) g")).scalar()
        ids = set(c.execute(text("SELECT id FROM tickets")).scalars())
        double = c.execute(text("SELECT count(*) FROM (SELECT 1 FROM tickets WHERE request_id IS NOT NULL "
                                "GROUP BY request_id HAVING count(*) > 1) d")).scalar()
        limbo = c.execute(text("SELECT id, status, confirmed_at, call_count FROM tickets "
                               "WHERE confirmed_at IS NULL AND request_id IS NOT NULL")).all()
    # a counter three minutes later: the rule cancels what nobody acknowledged, before calling
    later = store.with_clock(lambda: datetime.now(timezone.utc) + timedelta(minutes=3))
    clerk = later.as_user("lan")
    while clerk.queue.call_next(1) is not None:
        pass
    with store.engine.connect() as c:
        limbo_after = c.execute(text("SELECT status, call_count FROM tickets "
                                     "WHERE confirmed_at IS NULL AND request_id IS NOT NULL")).all()
    store.close()
    return {
        "tickets": len(ids), "duplicate numbers": dup, "gaps": int(gaps), "acknowledged lost": len(acknowledged - ids),
        "request ids with 2+ tickets": double, "unacknowledged tickets": len(limbo),
        "unacknowledged ever called": sum(1 for r in limbo_after if r.call_count),
        "unacknowledged not cancelled by rule": sum(1 for r in limbo_after if r.status != "cancelled"),
    }


def run_workers(url: str, kiosks: int, seconds: float, fault) -> dict:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    until = time.time() + 6 + seconds
    procs = [ctx.Process(target=_kiosk, args=(url, until, out)) for _ in range(kiosks)]
    procs.append(ctx.Process(target=_counter, args=(url, until, out)))
    for p in procs:
        p.start()
    faults = fault(until, procs, ctx, out)
    results = [out.get(timeout=120) for _ in range(kiosks + 1)]
    for p in procs:
        p.join()
    ack = {i for r in results if r[0] == "kiosk" for i in r[1]}
    return {"acknowledged": ack, "ambiguous resolved by retry": sum(r[2] for r in results if r[0] == "kiosk"),
            "touches abandoned": sum(r[3] for r in results if r[0] == "kiosk"),
            "calls": sum(r[1] for r in results if r[0] == "counter"), **faults}


def pg_run(args) -> None:
    server = PrivateServer()
    try:
        admin = server.url
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        e = create_engine(admin, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with e.connect() as c:
            c.execute(text('CREATE DATABASE "motcua_faults"'))
        e.dispose()
        url = admin.rsplit("/", 1)[0] + "/motcua_faults"
        demo(url).close()

        def restarts(until, procs, ctx, out):
            done = 0
            for _ in spread(until, args.restarts, min_gap=1.0):
                server.restart_immediate()
                done += 1
            return {"restarts": done}

        result = run_workers(url, args.kiosks, args.seconds, restarts)
        ack = result.pop("acknowledged")
        print(f"  PostgreSQL, {args.kiosks} kiosks + 1 counter, {result.pop('restarts')} immediate restarts: "
              f"{result}")
        print(f"    checks: {check(url, ack)}")
    finally:
        server.stop()


def spread(until: float, count: int, *, min_gap: float):
    """Yield up to `count` times, spread over the run (after 8 s of warm-up, stopping 2 s before `until`)."""
    time.sleep(8)
    gap = max(min_gap, (until - time.time() - 2) / max(1, count))
    for _ in range(count):
        if time.time() >= until - 2:
            return
        yield
        time.sleep(gap)


def sqlite_run(args) -> None:
    url = fresh_sqlite("faults")
    demo(url).close()

    def kills(until, procs, ctx, out):
        killed = 0
        for _ in spread(until, args.kills, min_gap=0.3):
            victim = random.choice([p for p in procs[:-1] if p.is_alive()])
            os.kill(victim.pid, signal.SIGKILL)
            victim.join()
            procs.remove(victim)
            fresh = ctx.Process(target=_kiosk, args=(url, until, out))  # the kiosk is switched on again
            fresh.start()
            procs.insert(0, fresh)
            killed += 1
        return {"SIGKILLs": killed}

    result = run_workers(url, args.kiosks, args.seconds, kills)
    ack = result.pop("acknowledged")
    print(f"  SQLite, {args.kiosks} kiosks + 1 counter, {result.pop('SIGKILLs')} SIGKILLs of kiosk writers: {result}")
    print("    (a killed kiosk's acknowledged tickets are counted only for the kiosks that finished)")
    print(f"    checks: {check(url, ack)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--kiosks", type=int, default=4)
    parser.add_argument("--restarts", type=int, default=4)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--only", choices=("sqlite", "pg"))
    args = parser.parse_args()
    print("== fault runs ==")
    if args.only in (None, "pg"):
        pg_run(args)
    if args.only in (None, "sqlite"):
        sqlite_run(args)


if __name__ == "__main__":
    main()
