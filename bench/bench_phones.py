"""500 phones following their tickets at once: a counter's call → the ticket's phone page event (SSE), and the
phone pages' memory, on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_phones.py                     # both databases, 500 phones, 120 calls
    .venv/bin/python bench/bench_phones.py --phones 500 --calls 120 --skip-sqlite

A real `motcua web` (the phone pages, plain HTTP) runs on 127.0.0.1 on the machine's own clock. 500 tickets
are issued over six fields and each gets its phone token (as the kiosk's print does); one asyncio process
then opens 500 event streams `/t/{token}/events`, one per ticket, as 500 phones would. Counters call the
next number in turn (the store in this process, as a counter PC); the time is from just before `call_next`
to the moment that ticket's stream delivered its "called" state. Every call also makes the other phones of
that field re-read "how many ahead" (after their random 0.3–2 s pause), so the server works as it would.
The server's resident memory (VmRSS) is read before the phones connect, once they all follow, after the
calls, and after a second round of calls (flat memory: no growth per event).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_server import CLERKS, ROUTES, free_port, prepare  # noqa: E402
from bench.common import drop_pg, fresh_pg, fresh_sqlite, summary_ms  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_web(url: str, folder: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    config = folder / "web.toml"
    config.write_text(f'db_url = "{url}"\n', "utf-8")
    env = {**os.environ, "MOTCUA_CONFIG": str(config)}
    env.pop("MOTCUA_DB_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "motcua", "web", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(folder / "web.log", "w"))
    site = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(f"{site}/static/phone.css", timeout=2)
            return proc, site
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the phone pages did not start: " + (folder / "web.log").read_text())


class Phones:
    """N event streams in one asyncio loop (a thread): when each ticket's page learnt it was called."""

    def __init__(self, site: str, tokens: dict[str, str]):
        self.site, self.tokens = site, tokens
        self.called: dict[str, float] = {}
        self.ready: set[str] = set()
        self.lock = threading.Lock()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self.main(),), daemon=True)
        self.stopping = False
        self.errors: list[str] = []

    async def main(self) -> None:
        import httpx

        limits = httpx.Limits(max_connections=len(self.tokens) + 10, max_keepalive_connections=0)
        async with httpx.AsyncClient(base_url=self.site, timeout=httpx.Timeout(10, read=None), limits=limits) as c:
            await asyncio.gather(*(self.follow(c, code, token) for code, token in self.tokens.items()))

    async def follow(self, client, code: str, token: str) -> None:
        try:
            async with client.stream("GET", f"/t/{token}/events") as response:
                kind = ""
                async for line in response.aiter_lines():
                    if self.stopping:
                        return
                    if line.startswith("event: "):
                        kind = line[7:]
                    elif line.startswith("data: ") and kind == "state":
                        state = json.loads(line[6:])
                        with self.lock:
                            self.ready.add(code)
                            if state["status"] == "called" and code not in self.called:
                                self.called[code] = time.perf_counter()
        except Exception as error:  # noqa: BLE001 - counted and reported, the run goes on
            if not self.stopping:
                self.errors.append(f"{code}: {error!r}")

    def wait(self, predicate, deadline_s: float) -> bool:
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            with self.lock:
                if predicate():
                    return True
            time.sleep(0.005)
        return False


def bench(backend: str, url: str, args) -> None:
    from db import Store

    prepare(url)
    store = Store.open(url, migrate=False)
    tokens: dict[str, str] = {}
    for i in range(args.phones):
        prefix, _ = ROUTES[i % len(ROUTES)]
        ticket = store.queue.issue_ticket(prefix)
        tokens[ticket.code] = store.phones.phone_token(ticket.id)
    folder = Path(tempfile.mkdtemp(prefix="motcua-bench-phones-"))
    proc, site = start_web(url, folder)
    try:
        time.sleep(1)
        before = rss_mb(proc.pid)
        phones = Phones(site, tokens)
        started = time.perf_counter()
        phones.thread.start()
        if not phones.wait(lambda: len(phones.ready) == len(tokens), 300):
            raise SystemExit(f"only {len(phones.ready)} of {len(tokens)} phones got their page's state")
        connect_s = time.perf_counter() - started
        following = rss_mb(proc.pid)
        clerks = {n: Store.open(url, migrate=False).as_user(name) for n, name in CLERKS.items()}
        rounds = []
        for _ in range(2):
            latencies, missed = [], 0
            for i in range(args.calls):
                _, counter = ROUTES[i % len(ROUTES)]
                t0 = time.perf_counter()
                ticket = clerks[counter].queue.call_next(counter)
                if ticket is None:
                    continue
                if phones.wait(lambda: ticket.code in phones.called, 30):
                    latencies.append(phones.called[ticket.code] - t0)
                else:
                    missed += 1
                time.sleep(args.gap)
            rounds.append((latencies, missed, rss_mb(proc.pid)))
        phones.stopping = True
    finally:
        proc.terminate()
        proc.wait(30)
        store.close()
    print(f"{backend}: {len(tokens)} phones following, all connected and given their state in {connect_s:.1f} s; "
          f"stream errors {len(phones.errors)}")
    for n, (latencies, missed, _) in enumerate(rounds, 1):
        print(f"{backend}: round {n}: counter call → phone page event: {summary_ms(latencies)}, missed {missed}")
    print(f"{backend}: phone pages' memory (VmRSS): {before:.0f} MB before the phones, {following:.0f} MB with "
          f"{len(tokens)} following, {rounds[0][2]:.0f} MB after round 1, {rounds[1][2]:.0f} MB after round 2")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--calls", type=int, default=120, help="calls per round (two rounds)")
    parser.add_argument("--gap", type=float, default=0.25, help="seconds between two calls")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.skip_pg:
        url = fresh_pg("motcua_bench_phones")
        try:
            bench("PostgreSQL", url, args)
        finally:
            drop_pg(url)
    if not args.skip_sqlite:
        bench("SQLite", fresh_sqlite("phones"), args)


if __name__ == "__main__":
    main()
