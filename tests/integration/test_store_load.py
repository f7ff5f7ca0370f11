"""The store under load, on SQLite and PostgreSQL, with real connections (issue 14):
counters sharing fields never give up while a ticket waits, reads never wait for a
writer, a late commit's event still arrives, a retried issue never makes a second
ticket, a ticket its kiosk never heard of is never called, bad arguments are clear."""

from __future__ import annotations

from dataclasses import replace
import os
from pathlib import Path
import sqlite3
import threading
import time

import pytest
from sqlalchemy.orm import Session

from core.i18n import set_language, tr
from db import Store
from db.errors import StoreError, StoreUnavailable
from db.events import EventKind
from db.listener import EventListener
from db.store.base import KIOSK
from tally_check import tally_and_count
from test_listener import url_of, wait_for
from wait_tools import wait_until

COUNTERS = 16
TICKETS = 160


def test_sixteen_counters_sharing_fields_always_find_a_waiting_ticket(demo_store, manager, clock):
    for number in range(1, COUNTERS + 1):
        manager.setup.save_counter(number=number, services=["A", "B"] if number % 2 else ["B", "A"])
    issued = {demo_store.queue.issue_ticket("AB"[i % 2], "elderly" if i % 7 == 0 else None).code for i in range(TICKETS)}
    url = url_of(demo_store)
    calls: dict[int, list[str]] = {}
    gave_up: list[tuple[int, int]] = []  # (counter, tickets still waiting when it got None)
    errors: list[BaseException] = []
    start = threading.Barrier(COUNTERS)

    def counter(number: int) -> None:
        store = Store.open(url, clock=clock, migrate=False)  # its own engine and connections, like a counter PC
        try:
            clerk = store.as_user("lan")
            start.wait()
            mine = calls.setdefault(number, [])
            while True:
                try:
                    ticket = clerk.queue.call_next(number)
                except StoreUnavailable:  # SQLite on a loaded machine: waited 15 s for the lock; F1 again
                    continue
                if ticket is None:
                    gave_up.append((number, len(store.queue.waiting())))
                    return
                mine.append(ticket.code)
        except BaseException as error:  # noqa: BLE001 - reported by the test thread
            errors.append(error)
        finally:
            store.close()

    threads = [threading.Thread(target=counter, args=(n,)) for n in range(1, COUNTERS + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, [repr(e) for e in errors]
    called = [code for codes in calls.values() for code in codes]
    assert sorted(called) == sorted(issued)  # every ticket called exactly once
    assert len(gave_up) == COUNTERS
    # None only when every ticket left was being taken by one of the other 15 counters at that instant
    assert all(waiting <= COUNTERS - 1 for _, waiting in gave_up)
    assert demo_store.queue.waiting() == []


def test_sqlite_reads_proceed_while_a_writer_holds_the_lock(tmp_path, make_database, clock):
    url = make_database(tmp_path, "demo", "sqlite")
    store = Store.open(url, clock=clock)
    ticket = store.queue.issue_ticket("A")
    listener = EventListener(url)
    listener.start_from_latest()
    writer = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None, timeout=0)
    writer.execute("BEGIN IMMEDIATE")  # another PC's kiosk or an import, mid-transaction
    writer.execute("UPDATE tickets SET note = 'held' WHERE id = ?", (ticket.id,))
    try:
        # a reader that took the write lock would wait 15 s and fail; these answer at once
        assert [t.code for t in store.queue.waiting()] == [ticket.code]
        assert store.queue.ticket(ticket.code).ahead == 0
        assert store.queue.display_board() is not None
        assert store.queue.waiting_counts()["A"] == 1
        assert listener.wait(0.2) == []
        with pytest.raises(sqlite3.OperationalError):  # and writes still take turns
            sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0).execute("BEGIN IMMEDIATE")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        listener.close()
        store.close()


def test_an_event_committed_late_is_delivered(demo_store):
    listener = EventListener(url_of(demo_store))
    listener.start_from_latest()
    slow = Session(demo_store.engine, expire_on_commit=False)
    slow.begin()
    demo_store.ctx.event(slow, EventKind.notices_changed, note="late")  # PostgreSQL: takes id n now
    slow.flush()
    if demo_store.engine.dialect.name == "postgresql":
        demo_store.queue.issue_ticket("A")  # id n+1, committed first
        assert [e.kind for e in wait_for(listener, 1)] == [EventKind.ticket_issued]
        for _ in range(3):  # looked at again and again while its transaction is open
            assert listener.wait(0.2) == []
            assert listener.holes == 1
    else:
        assert listener.wait(0.2) == []  # SQLite: the writer holds the lock, the poll still answers
    slow.commit()
    late = wait_for(listener, 1)
    assert [e.payload.get("note") for e in late] == ["late"]
    listener.close()


@pytest.mark.pg
def test_a_rolled_back_hole_is_let_go(pg_demo_store):
    demo_store = pg_demo_store
    listener = EventListener(url_of(demo_store))
    listener.start_from_latest()
    aborted = Session(demo_store.engine, expire_on_commit=False)
    aborted.begin()
    demo_store.ctx.event(aborted, EventKind.notices_changed, note="never")
    aborted.flush()
    demo_store.queue.issue_ticket("A")
    assert [e.kind for e in wait_for(listener, 1)] == [EventKind.ticket_issued]
    aborted.rollback()
    deadline = time.monotonic() + 20
    while listener.holes and time.monotonic() < deadline:
        assert listener.wait(0.1) == []
    assert listener.holes == 0  # its writer is gone: the id is not read again for ever
    demo_store.queue.issue_ticket("B")
    assert [e.payload["code"] for e in wait_for(listener, 1)] == ["B001"]
    listener.close()


@pytest.mark.slow
@pytest.mark.pg
def test_an_event_committed_long_after_its_id_was_taken_still_arrives(pg_demo_store):
    """Longer than the 10 s the listener used to wait for a hole."""
    listener = EventListener(url_of(pg_demo_store))
    listener.start_from_latest()
    slow = Session(pg_demo_store.engine, expire_on_commit=False)
    slow.begin()
    pg_demo_store.ctx.event(slow, EventKind.ticket_called, code="A001", note="slow")
    slow.flush()
    pg_demo_store.queue.issue_ticket("A")
    assert len(wait_for(listener, 1)) == 1
    held_until = time.monotonic() + 12
    while time.monotonic() < held_until:
        assert listener.wait(0.5) == []
    slow.commit()
    assert [e.payload.get("note") for e in wait_for(listener, 1)] == ["slow"]
    listener.close()


def test_threads_of_one_station_issuing_at_once_each_get_a_number_of_their_own(demo_store):
    """A station's threads issuing together: one of them issues on the connection the store keeps for a
    kiosk's issue and the others on the pool's. Every ticket is there once, numbered without a gap, a repeated
    request still gets its own ticket back, and the closed store leaves no file open (SQLite)."""
    threads, each = 6, 25
    issued: dict[str, tuple[int, int]] = {}  # request id → (ticket id, number)
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def kiosk(n: int) -> None:
        start.wait()
        try:
            for i in range(each):
                ticket = demo_store.queue.issue_ticket("A", kiosk=f"K{n}", request_id=f"k{n}-{i}")
                issued[f"k{n}-{i}"] = (ticket.id, ticket.number)
        except BaseException as error:  # noqa: BLE001 - the assertion below shows it
            errors.append(error)
    running = [threading.Thread(target=kiosk, args=(n,)) for n in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join(120)
    assert errors == [] and not any(thread.is_alive() for thread in running)
    numbers = sorted(number for _, number in issued.values())
    assert numbers == list(range(1, threads * each + 1))
    assert [t.number for t in demo_store.queue.waiting("A")] == numbers
    again = demo_store.queue.issue_ticket("A", kiosk="K3", request_id="k3-7")  # its answer was lost: asked again
    assert (again.id, again.number) == issued["k3-7"]
    tallied, counted = tally_and_count(demo_store)
    assert tallied == counted
    demo_store.close()
    if demo_store.ctx.file is not None and Path("/proc/self/fd").is_dir():  # SQLite: no file left open by us
        assert not [fd for fd in Path("/proc/self/fd").iterdir()
                    if os.path.realpath(fd).startswith(str(demo_store.ctx.file.path))]


def test_a_retried_issue_returns_the_ticket_already_committed(demo_store):
    first = demo_store.queue.issue_ticket("A", kiosk="K1", request_id="k1-0001")
    again = demo_store.queue.issue_ticket("A", kiosk="K1", request_id="k1-0001")  # the answer was lost; asked again
    assert (again.id, again.code, again.status) == (first.id, first.code, "waiting")
    assert [t.code for t in demo_store.queue.waiting("A")] == [first.code]
    assert demo_store.queue.issue_ticket("A", kiosk="K1", request_id="k1-0002").number == first.number + 1  # no gap


def test_a_ticket_its_kiosk_never_learned_of_is_cancelled_before_it_is_called(demo_store, clock):
    clerk = demo_store.as_user("lan")
    kiosk = demo_store.acting_as(replace(KIOSK, station="K1"))
    limbo = kiosk.queue.issue_ticket("A", kiosk="K1", request_id="lost-answer")  # committed; the kiosk was told "down"
    clock.advance(seconds=1)
    held = kiosk.queue.issue_ticket("A", kiosk="K1", request_id="printed")
    kiosk.queue.mark_printed(held.id, True)
    clock.advance(seconds=1)
    assert clerk.queue.call_next(1).code == held.code  # the unconfirmed number is stepped over
    clock.advance(minutes=3)
    assert clerk.queue.call_next(1) is None
    assert demo_store.queue.ticket(limbo.code).status == "cancelled"  # by rule, never called
    assert demo_store.queue.ticket(limbo.code).call_count == 0

    back = kiosk.queue.issue_ticket("A", kiosk="K1", request_id="lost-answer")  # the kiosk did come back after all
    assert (back.id, back.status) == (limbo.id, "waiting")
    assert clerk.queue.call_next(1) is None  # still not confirmed: not called
    clock.advance(minutes=3)
    assert clerk.queue.call_next(1) is None  # the rule cancelled it again meanwhile …
    kiosk.queue.confirm_ticket(back.id)  # … but the kiosk (no printer) did show it: back in line
    assert clerk.queue.call_next(1).code == limbo.code


BAD_CALLS = [
    ("issue_ticket", (5,), {}),
    ("issue_ticket", ("A",), {"priority": 3}),
    ("issue_ticket", ("A",), {"request_id": 12}),
    ("issue_ticket", ("A",), {"request_id": "x" * 65}),
    ("issue_ticket", ("A" * 41,), {}),
    ("call_next", (10**30,), {}),
    ("call_next", ("1",), {}),
    ("call_next", (True,), {}),
    ("call_next", (-1,), {}),
    ("call_ticket", (1, 5), {}),
    ("call_ticket", (1**1, "A" * 9), {}),
    ("recall", (2**40,), {}),
    ("finish", (None,), {}),
    ("cancel", (None,), {}),
    ("cancel", ("A001",), {"reason": 7}),
    ("ticket", (123,), {}),
    ("position", (10**30,), {}),
    ("position", ("1",), {}),
    ("mark_printed", ("x", True), {}),
    ("confirm_ticket", (1.5,), {}),
    ("transfer", (1,), {"service": 5}),
    ("waiting", (5,), {}),
    ("current_ticket", (10**30,), {}),
    ("reactivate", ([],), {}),
    ("resume", (1, None), {}),
]


@pytest.mark.parametrize("name,args,kwargs", BAD_CALLS, ids=[f"{n}{a}{k}"[:60] for n, a, k in BAD_CALLS])
def test_every_bad_argument_is_a_store_error_with_a_translated_message(demo_store, name, args, kwargs):
    clerk = demo_store.as_user("lan")
    clerk.queue.issue_ticket("A")
    before = demo_store.queue.waiting()
    with pytest.raises(StoreError) as vietnamese:
        getattr(clerk.queue, name)(*args, **kwargs)
    set_language("en")
    with pytest.raises(StoreError) as english:
        getattr(clerk.queue, name)(*args, **kwargs)
    assert str(english.value) != str(vietnamese.value)  # the English catalog has the sentence
    assert str(english.value) == tr(str(english.value)) or "{" not in str(english.value)
    assert demo_store.queue.waiting() == before  # and nothing changed


def test_a_connection_lost_under_a_call_is_a_clear_refusal_and_the_next_press_goes_through(demo_store):
    """PostgreSQL: the call's statement goes to the driver directly; a connection the server dropped
    (restarted, killed) under it is a StoreUnavailable, nothing is written, and the connection is not
    handed out again."""
    if demo_store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no connection to a server to lose")
    from sqlalchemy import create_engine, event, text

    clerk = demo_store.as_user("lan")
    first = demo_store.queue.issue_ticket("A")
    admin = create_engine(url_of(demo_store), isolation_level="AUTOCOMMIT")
    killed: list[int] = []

    def checkout(dbapi_connection, _record, _proxy) -> None:
        if not killed:  # after the pool's liveness check: the server ends this session just before the call
            killed.append(dbapi_connection.info.backend_pid)
            with admin.connect() as c:
                assert c.scalar(text("SELECT pg_terminate_backend(:pid, 10000)"), {"pid": killed[0]})
    event.listen(demo_store.engine, "checkout", checkout)
    try:
        with pytest.raises(StoreUnavailable):
            clerk.queue.call_next(1)
    finally:
        event.remove(demo_store.engine, "checkout", checkout)
        admin.dispose()
    assert killed and demo_store.queue.ticket(first.code).status == "waiting"  # nothing was done
    again = clerk.queue.call_next(1)  # the clerk presses F1 again: a live connection
    assert (again.code, again.status) == (first.code, "called")


def test_connections_the_server_dropped_while_the_station_was_idle_are_replaced_before_the_next_press(demo_store):
    """PostgreSQL: the server restarted (every session ended) while the pool's connections sat idle; the next
    issue and call are checked out through the pool's ping, which finds them gone, empties the pool and opens
    fresh ones: no error for the citizen or the clerk. (A ping only for connections idle a second or more was
    tried for speed: a connection ended within that second then failed the next read, so every checkout pings.)"""
    if demo_store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no connection to a server to lose")
    clerk = demo_store.as_user("lan")
    demo_store.queue.issue_ticket("A")
    clerk.queue.call_next(1)  # the pool now holds connections that have been used
    assert _end_every_session(demo_store) >= 1
    ticket = demo_store.queue.issue_ticket("A")
    assert clerk.queue.call_next(1).code == ticket.code


def _pg_admin(store, **options):
    from sqlalchemy import create_engine

    return create_engine(url_of(store), **({"isolation_level": "AUTOCOMMIT"} | options))


def _end_every_session(store) -> int:
    """As a server restart does: every session on the store's database but this one ended; how many."""
    from sqlalchemy import text

    admin = _pg_admin(store)
    try:
        with admin.connect() as c:
            return c.scalar(text("SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity "
                                 "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    finally:
        admin.dispose()


def test_a_kiosk_issue_whose_connection_the_server_ended_while_idle_goes_through(demo_store):
    """PostgreSQL: a kiosk's issue (with its request id) goes on the connection the store keeps for it, with
    no ping first; the server restarted while it sat idle, so the next touch finds it gone and is sent again
    on a fresh connection: the citizen gets the next number and sees no error."""
    if demo_store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no connection to a server to lose")

    first = demo_store.queue.issue_ticket("A", kiosk="K1", request_id="k1-1")
    assert _end_every_session(demo_store) >= 1
    second = demo_store.queue.issue_ticket("A", kiosk="K1", request_id="k1-2")
    assert second.number == first.number + 1
    assert [t.code for t in demo_store.queue.waiting("A")] == [first.code, second.code]


def test_a_kiosk_issue_whose_connection_is_ended_under_it_is_sent_again_and_gives_one_ticket(demo_store):
    """PostgreSQL: the server ends the kept connection while the issue's statement waits inside the server
    (here behind a lock another session holds on the field's number); the statement is sent again on a fresh
    connection, which goes through once the lock is let go: one ticket for the request, the next number."""
    if demo_store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no connection to a server to lose")
    from sqlalchemy import text

    first = demo_store.queue.issue_ticket("A", kiosk="K1", request_id="k1-1")
    admin, holder = _pg_admin(demo_store), _pg_admin(demo_store, isolation_level="READ COMMITTED")
    waiting_pids = text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock' ORDER BY pid")
    result: list = []
    try:
        with holder.connect() as hold, admin.connect() as c:
            lock = hold.begin()
            hold.execute(text("SELECT last_number FROM ticket_sequences WHERE service_id = :s FOR UPDATE"),
                         {"s": first.service_id})
            touch = threading.Thread(target=lambda: result.append(
                _outcome(lambda: demo_store.queue.issue_ticket("A", kiosk="K1", request_id="k1-2"))))
            touch.start()
            stuck = wait_until(lambda: c.execute(waiting_pids).scalars().all())
            assert stuck, "the issue never waited on the lock"
            assert c.scalar(text("SELECT pg_terminate_backend(:pid, 10000)"), {"pid": stuck[0]})
            assert wait_until(lambda: (pids := c.execute(waiting_pids).scalars().all()) and pids != stuck)  # sent again
            lock.commit()
            touch.join(60)
    finally:
        admin.dispose()
        holder.dispose()
    assert not touch.is_alive()
    (second,) = result
    assert not isinstance(second, BaseException), second
    assert second.number == first.number + 1
    assert [t.code for t in demo_store.queue.waiting("A")] == [first.code, second.code]


def _outcome(action):
    try:
        return action()
    except BaseException as error:  # noqa: BLE001 - the test shows it
        return error
