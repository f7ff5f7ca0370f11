"""Several real processes at once: no duplicate, no gap, no ticket called twice, no torn ticket."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter as Tally
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import NullPool

from clock_tools import env_at
from db.models import AuditLog, Event, Ticket, TicketSequence
from tally_check import tally_and_count

WORKER = str(Path(__file__).with_name("queue_worker.py"))
ROOT = Path(__file__).resolve().parents[2]
CLERKS = [("lan", "lan12345"), ("hung", "hung12345"), ("mai", "mai12345"), ("tuan", "tuan12345"),
          ("thao", "thao12345"), ("khoa", "khoa12345")]

pytestmark = pytest.mark.slow


def start(*args: str, at=None) -> subprocess.Popen:
    """A station process whose clock starts at `at` (the test store's moment)."""
    env = env_at(at, dict(os.environ, PYTHONPATH=str(ROOT)))
    proc = subprocess.Popen([sys.executable, WORKER, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    return proc


def run_together(procs: list[subprocess.Popen], timeout: float = 240) -> list[dict]:
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=timeout)
        assert p.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_eight_kiosks_then_six_counters(demo_store):
    url = demo_store.engine.url.render_as_string(hide_password=False)
    manager = demo_store.login("quanly", "quanly123")
    manager.setup.save_service(code="DD", name="Đất đai", prefix="A", number_end=9999)  # 2,000 a day each
    manager.setup.save_service(code="TP", name="Tư pháp - Hộ tịch", prefix="B", number_end=9999)
    for number in range(1, 7):
        manager.setup.save_counter(number=number, services=["A", "B"])

    kiosks = [start("issue", url, "500", "A", "B", at=demo_store.now()) for _ in range(8)]
    issued = [code for r in run_together(kiosks) for code in r["codes"]]
    assert len(issued) == 4000
    for prefix in "AB":
        numbers = sorted(int(c[1:]) for c in issued if c[0] == prefix)
        assert numbers == list(range(1, 2001)), f"{prefix}: duplicates or gaps"
    assert demo_store.queue.waiting_counts()["A"] == demo_store.queue.waiting_counts()["B"] == 2000
    tallied, counted = tally_and_count(demo_store)
    assert tallied == counted  # the count the database keeps, under eight writers at once

    counters = [start("call", url, user, password, str(n), at=demo_store.now()) for n, (user, password) in enumerate(CLERKS, 1)]
    called = [tid for r in run_together(counters) for tid in r["called"]]
    tally = Tally(called)
    assert len(called) == 4000 and max(tally.values()) == 1, "a ticket was called twice"
    assert demo_store.queue.waiting_counts()["A"] == 0
    with demo_store.ctx.read() as s:
        assert s.scalar(select(func.max(Ticket.call_count))) == 1
        assert s.scalar(select(func.count()).select_from(Event).where(Event.kind == "ticket_called")) == 4000
    assert tally_and_count(demo_store) == ({}, {})  # nobody waits, and the kept count says so


def test_a_kiosk_killed_mid_issue_leaves_no_torn_ticket(demo_store):
    url = demo_store.engine.url.render_as_string(hide_password=False)
    engine = create_engine(url, poolclass=NullPool)
    for round_ in range(3):
        proc = start("issue-forever", url, "A", at=demo_store.now())
        deadline = time.monotonic() + 30
        with engine.connect() as c:
            while c.execute(select(func.count()).select_from(Ticket)).scalar() < 40 * (round_ + 1):
                assert time.monotonic() < deadline, "the worker issued nothing"
                c.rollback()
                time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)

    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with engine.connect() as c:
        tickets = c.execute(select(func.count()).select_from(Ticket)).scalar()
        events = c.execute(select(func.count()).select_from(Event).where(Event.kind == "ticket_issued")).scalar()
        audits = c.execute(select(func.count()).select_from(AuditLog).where(AuditLog.action == "ticket_issue")).scalar()
        last = c.execute(select(TicketSequence.last_number)).scalar()
        numbers = [n for (n,) in c.execute(select(Ticket.number).order_by(Ticket.number))]
    engine.dispose()
    assert tickets == events == audits, "a ticket without its event or audit row"
    assert numbers == list(range(1, last + 1)), "a gap or a duplicate after the kill"
    tallied, counted = tally_and_count(demo_store)
    assert tallied == counted, "the kept count of waiting tickets torn by the kill"
    assert demo_store.queue.issue_ticket("A").number == last + 1  # the store works on after the crash
