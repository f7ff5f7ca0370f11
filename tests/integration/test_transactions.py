"""One store call per user action: the transactions (BEGINs) each screen action costs, on both databases.

Before issue 19 (SQLite, demo office): counter desk refresh 5, display board 4, counter sign-in 4,
open a dossier 4, intake save with its receipt and control sheet 7 (+4 to show the dossier after),
receive with missing papers 4 (+3 for its form), add a user already locked 2, kiosk home 1."""

from __future__ import annotations

from contextlib import contextmanager
import tempfile

import pytest
from sqlalchemy import event

from counter.paperwork import Paperwork
from db.errors import LoginFailed
from kiosk.qt_kiosk import _home_state

KET_HON = "1.000894.000.00.00.H10"


@contextmanager
def begins(store):
    """Counts the transactions started on the store's engine inside the block."""
    seen = []

    def begun(_connection) -> None:
        seen.append(1)
    event.listen(store.engine, "begin", begun)
    try:
        yield seen
    finally:
        event.remove(store.engine, "begin", begun)


@pytest.fixture
def desk(demo_store):
    for _ in range(3):
        demo_store.queue.issue_ticket("B")
    clerk = demo_store.login("mai", "mai12345", station="counter-3")
    clerk.queue.open_counter(3)
    return clerk


def intake(**more):
    return dict(procedure=KET_HON, applicant_name="Nguyễn Văn An", documents=[], channel_in="direct",
                channel_out="direct", ticket_code=None, counter=3) | more


def test_the_counters_whole_desk_is_one_read_with_its_own_queue_filtered_in_the_store(demo_store, desk):
    demo_store.queue.issue_ticket("A")  # another field's citizen: not in counter 3's queue
    lan = demo_store.login("lan", "lan12345")
    lan.queue.call_next(1)
    lan.queue.transfer(1, to_counter=3)  # sent to counter 3 by name: in its queue
    with begins(demo_store) as seen:
        state = desk.queue.desk(3)
    assert len(seen) == 1
    assert [t.code for t in state.waiting] == ["B001", "B002", "B003", "A001"]
    with begins(demo_store) as seen:
        desk.queue.call_next(3)
    # on PostgreSQL a call is one statement that is its own transaction (see round trips below)
    assert len(seen) == (0 if demo_store.engine.dialect.name == "postgresql" else 1)


@contextmanager
def round_trips(store):
    """What the store's connections ask the PostgreSQL server inside the block, one entry per round trip,
    read from libpq's own trace of the wire (whatever layer sent it)."""
    from psycopg import pq

    traces = []

    def checkout(dbapi_connection, _record, _proxy) -> None:
        trace = tempfile.TemporaryFile()
        dbapi_connection.pgconn.trace(trace.fileno())
        dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        traces.append(trace)

    def checkin(dbapi_connection, _record) -> None:
        if dbapi_connection is not None:
            dbapi_connection.pgconn.untrace()
    asked: list[str] = []
    kept = store.ctx.shared["writer"].pooled  # the connection the store keeps for a kiosk's issue, if taken
    if kept is not None:
        checkout(kept.driver_connection, None, None)
    event.listen(store.engine, "checkout", checkout)
    event.listen(store.engine, "checkin", checkin)
    try:
        yield asked
    finally:
        event.remove(store.engine, "checkout", checkout)
        event.remove(store.engine, "checkin", checkin)
        if kept is not None and kept.driver_connection is not None:
            checkin(kept.driver_connection, None)
        for trace in traces:
            trace.seek(0)
            sent = [line.split("\t") for line in trace.read().decode().splitlines() if line.startswith("F\t")]
            asked.extend(fields[3] if fields[2] == "Query" else "" for fields in sent if fields[2] in ("Query", "Sync"))
            trace.close()


def test_issuing_and_calling_on_postgresql_are_one_round_trip_each(demo_store, desk):
    """A kiosk's touch and a counter's F1 each ask the server once: a server-side function in its own
    transaction, no BEGIN, no COMMIT (the counter's connection is checked alive by the pool before it is
    handed out; the kiosk's goes on the connection the store keeps for issuing, with no check before it)."""
    if demo_store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs in the station's own process: it has no round trips to count")
    for _ in range(2):  # each statement is prepared on its connection the first time it is sent
        desk.queue.call_next(3)
        demo_store.queue.issue_ticket("B", request_id=f"warm-{_}")
    with round_trips(demo_store) as asked:
        issued = demo_store.queue.issue_ticket("B", request_id="touch-1")
    assert len(asked) == 1
    with round_trips(demo_store) as asked:
        called = desk.queue.call_next(3)  # ends B002 (never came), calls B003
    assert len(asked) == 1
    assert (issued.code, called.code) == ("B006", "B003")
    assert demo_store.queue.ticket("B002").status == "no_show"


def test_the_display_board_and_the_kiosk_home_are_one_read_each(demo_store):
    demo_store.office()
    with begins(demo_store) as seen:
        board = demo_store.queue.display_board(4)
    assert len(seen) == 1 and board.counters
    with begins(demo_store) as seen:
        office, services, opening = _home_state(demo_store)
    assert len(seen) == 1 and services


def test_signing_in_at_a_counter_is_one_transaction_after_the_password_check(demo_store):
    clerk = demo_store.login("mai", "mai12345", station="counter-3")
    with begins(demo_store) as seen, clerk.together(write=True):
        clerk.queue.open_counter(3)
        clerk.setup.services(), clerk.setup.counters()
    assert len(seen) == 1
    assert next(c for c in demo_store.setup.counters() if c.number == 3).clerk == clerk.actor.full_name


def test_a_dossier_view_carries_what_the_dossier_page_needs_in_one_read(demo_store, desk, tmp_path):
    d = desk.dossiers.receive_dossier(**intake())
    with begins(demo_store) as seen:
        view = desk.dossiers.dossier_view(d.code)
    assert len(seen) == 1
    assert view.dossier.history and view.agencies[0] and len(set(view.agencies)) == len(view.agencies) > 1
    with begins(demo_store) as seen:  # after Ctrl+S: the view and both forms' data, read once
        view, prepared = Paperwork(tmp_path).read(desk, d.code, ("receipt", "control"))
    assert len(seen) == 1 and [p[0] for p in prepared] == ["receipt", "control"]


def test_receive_with_missing_papers_is_one_operation_and_all_or_nothing(demo_store, desk):
    with begins(demo_store) as seen:
        d = desk.dossiers.receive_incomplete(["Bản sao giấy khai sinh"], **intake())
    assert len(seen) == 1
    assert d.status == "supplement_requested" and [h.action for h in d.history][-2:] == [
        "received", "supplement_requested"]
    before = len(demo_store.dossiers.due_soon(365))
    with pytest.raises(Exception, match="họ tên"):
        desk.dossiers.receive_incomplete(["Bản sao"], **intake(applicant_name=" "))
    assert len(demo_store.dossiers.due_soon(365)) == before  # nothing half-written


def test_adding_a_locked_user_is_one_operation(demo_store):
    manager = demo_store.login("quanly", "quanly123")
    with begins(demo_store) as seen:
        manager.setup.add_user("moi", "Người Mới", "moi12345", "clerk", active=False)
    assert len(seen) == 1
    assert manager.setup.user_for("moi").active is False
    with pytest.raises(LoginFailed):
        demo_store.login("moi", "moi12345")


def test_leaving_a_counter_with_a_number_called_is_one_operation(demo_store, desk):
    desk.queue.call_next(3)
    with begins(demo_store) as seen:
        left = desk.queue.leave_counter(3, "waiting")
    assert len(seen) == 1 and left.status == "waiting"


def test_each_dossier_action_is_one_transaction(demo_store, desk, clock):
    """Receiving, refusing, handing over, resolving and apologising each cost one BEGIN: the working
    calendar they need is read inside the action's own transaction."""
    counted = {}
    with begins(demo_store) as seen:
        d = desk.dossiers.receive_dossier(**intake())
    counted["receive"] = len(seen)
    with begins(demo_store) as seen:
        desk.dossiers.refuse_dossier(procedure=KET_HON, applicant_name="Trần Thị Bích", reason="Không thuộc thẩm quyền")
    counted["refuse"] = len(seen)
    with begins(demo_store) as seen:
        desk.dossiers.request_supplement(d.code, ["Bản sao giấy khai sinh"])
    counted["supplement"] = len(seen)
    desk.dossiers.record_supplement(d.code)
    clock.advance(days=30)  # late now
    office_day = demo_store.calendar.calendar().due_date(demo_store.calendar.office_time(), 3).due_at
    with begins(demo_store) as seen:
        late = desk.dossiers.issue_apology(d.code, office_day, "Chờ xác minh của cơ quan khác")
    counted["apology"] = len(seen)
    assert counted == {"receive": 1, "refuse": 1, "supplement": 1, "apology": 1} and late.apology_count == 1
