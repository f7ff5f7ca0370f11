"""The event listener: wakes on commit, resumes after a lost connection, skips nothing."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from db.events import EventKind
from db.listener import EventListener


def url_of(store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def wait_for(listener: EventListener, count: int, timeout: float = 30.0) -> list:
    got, deadline = [], time.monotonic() + timeout
    while len(got) < count and time.monotonic() < deadline:
        got += listener.wait(0.2)
    return got


def test_listener_sees_new_events_in_order(demo_store):
    listener = EventListener(url_of(demo_store))
    listener.start_from_latest()
    codes = [demo_store.queue.issue_ticket("A").code for _ in range(3)]
    events = wait_for(listener, 3)
    assert [e.payload["code"] for e in events] == codes
    assert all(e.kind is EventKind.ticket_issued for e in events)
    assert [e.id for e in events] == sorted(e.id for e in events)
    listener.close()


def test_a_station_that_was_off_catches_up_from_the_table(demo_store):
    first = EventListener(url_of(demo_store))
    start = first.start_from_latest()
    first.close()
    demo_store.queue.issue_ticket("A")
    demo_store.queue.issue_ticket("B")
    late = EventListener(url_of(demo_store), after_id=start)
    assert [e.payload["code"] for e in wait_for(late, 2)] == ["A001", "B001"]
    late.close()


@pytest.mark.pg
def test_listener_resumes_after_the_server_drops_its_connections(pg_url, clock):
    from db import Store
    from db.demo import seed_demo

    store = Store.open(pg_url, clock=clock)
    seed_demo(store)
    listener = EventListener(pg_url)
    listener.start_from_latest()
    store.queue.issue_ticket("A")
    assert len(wait_for(listener, 1)) == 1 and listener.connected

    admin = create_engine(pg_url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        killed = c.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    assert killed >= 1
    store.engine.dispose()  # the store's own pool lost its connections too
    store.queue.issue_ticket("A")  # committed while the listener is cut off
    store.queue.issue_ticket("A")
    events = wait_for(listener, 2, timeout=15)
    assert [e.payload["code"] for e in events] == ["A002", "A003"]
    assert listener.connected
    listener.close()
    store.close()
    admin.dispose()


@pytest.mark.pg
def test_out_of_order_commits_are_not_skipped(pg_url, clock):
    """Event ids come from a sequence: id n+1 may commit before id n. Both must arrive."""
    from db import Store
    from db.demo import seed_demo

    store = Store.open(pg_url, clock=clock)
    seed_demo(store)
    listener = EventListener(pg_url)
    listener.start_from_latest()
    slow = Session(store.engine, expire_on_commit=False)
    slow.begin()
    store.ctx.event(slow, EventKind.notices_changed, note="slow")  # takes id n, not yet committed
    slow.flush()
    store.queue.issue_ticket("A")  # takes id n+1 and commits first
    first = wait_for(listener, 1)
    assert [e.kind for e in first] == [EventKind.ticket_issued]
    slow.commit()
    late = wait_for(listener, 1)
    assert [e.payload.get("note") for e in late] == ["slow"]
    assert late[0].id < first[0].id
    listener.close()
    store.close()
