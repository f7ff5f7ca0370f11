"""The office server's cost: F1 → wall through `motcua server` against the direct store, and tickets/s
with 16 kiosk stations through the server, on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_server.py                       # both databases
    .venv/bin/python bench/bench_server.py --calls 100 --kiosks 16 --seconds 20 --skip-pg

F1 → wall: from the moment a counter asks `call_next` to the moment a wall's follower has the
`ticket_called` event: directly (the store in this process, db/listener.EventListener on the table,
LISTEN/NOTIFY on PostgreSQL) and through a real `motcua server` over TLS on 127.0.0.1 (db/remote:
an HTTPS operation, then the server's push stream to an enrolled display). Tickets/s: 16 kiosk
processes, each its own enrolled station, issuing as fast as the server answers for `--seconds`.
The server runs on the machine's own clock (the office's real day).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import drop_pg, fresh_pg, fresh_sqlite, summary_ms  # noqa: E402

ROUTES = [("A", 1), ("E", 2), ("B", 3), ("G", 4), ("C", 5), ("D", 6)]
CLERKS = {1: "lan", 2: "mai", 3: "hung", 4: "khoa", 5: "tuan", 6: "thao"}


def prepare(url: str) -> None:
    from db import Store
    from db.demo import seed_demo

    store = Store.open(url, create=True)
    seed_demo(store)
    store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, folder: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    config = folder / "server.toml"
    config.write_text(f'db_url = "{url}"\n[serve]\nport = {port}\ntls_dir = "{folder / "tls"}"\n[web]\nport = 0\n',
                      "utf-8")
    env = {**os.environ, "MOTCUA_CONFIG": str(config)}
    env.pop("MOTCUA_DB_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "motcua", "server", "--host", "127.0.0.1"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=open(folder / "server.log", "w"))
    server = f"https://127.0.0.1:{port}"
    for _ in range(600):
        if (folder / "tls" / "server.crt").exists():
            try:
                httpx.get(f"{server}/api/time", verify=False, timeout=2)
                return proc, server
            except httpx.HTTPError:
                pass
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start: " + (folder / "server.log").read_text())


def enrol(url: str, server: str, folder: Path, kind: str, name: str) -> Path:
    from db import Store
    from db.remote import join
    from db.store.enrolment import set_server_fingerprint
    from server.tls import fingerprint

    store = Store.open(url, migrate=False).as_system()
    set_server_fingerprint(store.ctx, fingerprint((folder / "tls" / "server.crt").read_text("ascii")))
    try:
        code = store.setup.create_join_code(kind, name).code
    finally:
        store.close()
    path = folder / f"{name}.json"
    join(server, code, path)
    return path


class Seen:
    """A wall's follower in a thread: when each called ticket's event arrived."""

    def __init__(self, listener):
        self.listener, self.at, self.lock = listener, {}, threading.Lock()
        self.stop = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while not self.stop:
            for event in self.listener.wait(0.5):
                if event.call is not None:
                    with self.lock:
                        self.at.setdefault(event.call.code, time.perf_counter())

    def wait_for(self, code: str, deadline_s: float = 10) -> float:
        end = time.perf_counter() + deadline_s
        while time.perf_counter() < end:
            with self.lock:
                if code in self.at:
                    return self.at[code]
            time.sleep(0.0005)
        raise SystemExit(f"the call of {code} never reached the wall")


def f1_to_wall(issue, clerks, seen: Seen, calls: int) -> list[float]:
    out = []
    for i in range(calls):
        prefix, counter = ROUTES[i % len(ROUTES)]
        issue(prefix)
        time.sleep(0.02)  # a real counter calls some time after the issue, not in the same breath
        t0 = time.perf_counter()
        ticket = clerks[counter].queue.call_next(counter)
        out.append(seen.wait_for(ticket.code) - t0)
    return out


def direct_run(url: str, calls: int) -> list[float]:
    from db import Store
    from db.listener import EventListener

    store = Store.open(url, migrate=False)
    clerks = {n: store.login(u, f"{u}12345") for n, u in CLERKS.items()}
    listener = EventListener(url, poll_interval=0.1)
    listener.start_from_latest()
    seen = Seen(listener)
    try:
        return f1_to_wall(lambda p: store.queue.mark_printed(store.queue.issue_ticket(p).id, True), clerks, seen, calls)
    finally:
        seen.stop = True
        seen.thread.join(3)
        listener.close()
        store.close()


def server_run(url: str, server: str, folder: Path, calls: int) -> list[float]:
    from db.remote import RemoteEventListener, RemoteStore

    kiosk = RemoteStore.open(enrol(url, server, folder, "kiosk", "bench-kiosk"))
    counters = {n: RemoteStore.open(enrol(url, server, folder, "counter", f"bench-counter-{n}")) for n in CLERKS}
    clerks = {n: counters[n].login(u, f"{u}12345") for n, u in CLERKS.items()}
    wall = RemoteStore.open(enrol(url, server, folder, "display", "bench-wall"))
    listener = RemoteEventListener(wall.client)
    seen = Seen(listener)
    end = time.monotonic() + 30
    while not listener.connected and time.monotonic() < end:
        time.sleep(0.05)
    try:
        return f1_to_wall(lambda p: kiosk.queue.mark_printed(kiosk.queue.issue_ticket(p).id, True), clerks, seen, calls)
    finally:
        seen.stop = True
        listener.close()
        seen.thread.join(3)
        for store in (kiosk, wall, *counters.values()):
            store.close()


def kiosk_main(credential: str, barrier, seconds: float, out) -> None:
    from db.remote import RemoteStore

    store = RemoteStore.open(Path(credential))
    store.setup.services()  # connected and answered once before the start
    barrier.wait()  # every kiosk starts together, once all are up (16 processes take a while on 2 cores)
    end = time.monotonic() + seconds
    count, prefixes = 0, [p for p, _ in ROUTES]
    while time.monotonic() < end:
        store.queue.issue_ticket(prefixes[count % len(prefixes)])
        count += 1
    out.put(count)


def tickets_per_second(url: str, server: str, folder: Path, kiosks: int, seconds: float) -> float:
    credentials = [str(enrol(url, server, folder, "kiosk", f"bench-k{i}")) for i in range(kiosks)]
    context = multiprocessing.get_context("spawn")
    out, barrier = context.Queue(), context.Barrier(kiosks)
    procs = [context.Process(target=kiosk_main, args=(c, barrier, seconds, out)) for c in credentials]
    for p in procs:
        p.start()
    total = sum(out.get(timeout=seconds + 600) for _ in procs)
    for p in procs:
        p.join(30)
    return total / seconds


def bench(backend: str, url: str, args) -> None:
    prepare(url)
    folder = Path(tempfile.mkdtemp(prefix="motcua-bench-server-"))
    direct = direct_run(url, args.calls)
    proc, server = start_server(url, folder)
    try:
        through = server_run(url, server, folder, args.calls)
        rate = tickets_per_second(url, server, folder, args.kiosks, args.seconds)
    finally:
        proc.terminate()
        proc.wait(30)
    print(f"{backend}: F1 → wall, direct store:  {summary_ms(direct)}")
    print(f"{backend}: F1 → wall, through server: {summary_ms(through)}")
    print(f"{backend}: {args.kiosks} kiosk stations through the server: {rate:.1f} tickets/s over {args.seconds:g} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--kiosks", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.skip_sqlite:
        bench("SQLite", fresh_sqlite("server"), args)
    if not args.skip_pg:
        url = fresh_pg("motcua_bench_server")
        try:
            bench("PostgreSQL", url, args)
        finally:
            drop_pg(url)


if __name__ == "__main__":
    main()
