"""Every queue operation and every refusal, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
import pytest

from db.errors import (
    InvalidInput,
    InvalidState,
    LoginFailed,
    NotFound,
    PermissionDenied,
    RangeExhausted,
    ServiceClosed,
)
from db.events import EventKind
from db.listener import EventListener
from db.store.base import KIOSK


def kinds_since(store, after: int) -> list[str]:
    listener = EventListener(str(store.engine.url.render_as_string(hide_password=False)), after)
    try:
        return [e.kind.value for e in listener.wait(0.5)]
    finally:
        listener.close()


def last_event_id(store) -> int:
    listener = EventListener(store.engine.url.render_as_string(hide_password=False))
    try:
        return listener.start_from_latest()
    finally:
        listener.close()


def test_numbers_run_per_service_and_day(demo_store, clock):
    assert [demo_store.queue.issue_ticket("A").code for _ in range(3)] == ["A001", "A002", "A003"]
    assert demo_store.queue.issue_ticket("B").code == "B001"
    clock.advance(days=1)
    assert demo_store.queue.issue_ticket("A").code == "A001"  # a new business day starts at 1


def test_business_day_follows_the_office_time_zone(demo_store, clock):
    clock.set(2026, 11, 25, 23, 59)
    assert demo_store.queue.issue_ticket("A").day.isoformat() == "2026-11-25"
    clock.set(2026, 11, 26, 0, 1)  # 17:01 UTC the day before, but a new day in Hà Nội
    t = demo_store.queue.issue_ticket("A")
    assert (t.code, t.day.isoformat()) == ("A001", "2026-11-26")


def test_issue_reports_people_ahead_and_wait(demo_store):
    demo_store.queue.issue_ticket("A")
    demo_store.queue.issue_ticket("A")
    t = demo_store.queue.issue_ticket("A")
    assert t.ahead == 2 and t.wait_minutes > 0
    p = demo_store.queue.issue_ticket("A", "elderly")
    assert p.ahead == 0 and p.priority == "elderly"


def test_issue_refusals_change_nothing(demo_store, manager):
    with pytest.raises(NotFound):
        demo_store.queue.issue_ticket("Z")
    with pytest.raises(InvalidInput):
        demo_store.queue.issue_ticket("A", "vip")
    manager.setup.close_service_today("A")
    with pytest.raises(ServiceClosed):
        demo_store.queue.issue_ticket("A")
    manager.setup.close_service_today("A", closed=False)
    assert demo_store.queue.issue_ticket("A").code == "A001"  # the refusals used no number


def test_outside_opening_hours_no_ticket(demo_store, clock):
    clock.set(2026, 11, 25, 6, 0)
    with pytest.raises(ServiceClosed):
        demo_store.queue.issue_ticket("A", respect_hours=True)
    status = demo_store.calendar.opening_status()
    assert not status.open and status.next_opening.hour == 7 and status.next_opening.minute == 30
    clock.set(2026, 11, 28, 9, 0)  # Saturday
    assert demo_store.calendar.opening_status().next_opening.day == 30


def test_range_exhausted_is_a_clear_error_not_a_wrap(demo_store, manager):
    manager.setup.save_service(code="DD", name="Đất đai", prefix="A", number_start=1, number_end=2)
    assert [demo_store.queue.issue_ticket("A").code for _ in range(2)] == ["A001", "A002"]
    with pytest.raises(RangeExhausted) as refused:
        demo_store.queue.issue_ticket("A")
    assert "A" in str(refused.value) and "2" in str(refused.value)
    assert [t.code for t in demo_store.queue.waiting("A")] == ["A001", "A002"]


def test_call_serve_finish(demo_store, clerk, clock):
    a1 = demo_store.queue.issue_ticket("A")
    before = last_event_id(demo_store)
    called = clerk.queue.call_next(counter=1)
    assert (called.code, called.status, called.counter_number) == (a1.code, "called", 1)
    clock.advance(minutes=1)
    assert clerk.queue.start_serving(1).status == "serving"
    clock.advance(minutes=6)
    done = clerk.queue.finish(1)
    assert done.status == "done" and (done.finished_at - done.started_at).total_seconds() == 360
    assert clerk.queue.call_next(counter=1) is None
    assert kinds_since(demo_store, before) == ["ticket_called", "ticket_serving_started", "ticket_finished"]


def test_call_next_follows_counter_services_and_fifo(demo_store, clerk):
    demo_store.queue.issue_ticket("H")  # counter 1 serves A first, then H
    demo_store.queue.issue_ticket("A")
    demo_store.queue.issue_ticket("B")  # not served at counter 1
    assert clerk.queue.call_next(1).code == "A001"
    assert clerk.queue.call_next(1).code == "H001"
    assert clerk.queue.call_next(1) is None
    assert [t.code for t in demo_store.queue.waiting()] == ["B001"]


def test_strict_priority_goes_first(demo_store, clerk, manager):
    manager.setup.set_setting("priority_policy", "strict")
    for _ in range(2):
        demo_store.queue.issue_ticket("A")
    for _ in range(4):
        demo_store.queue.issue_ticket("A", "elderly")
    assert [clerk.queue.call_next(1).code for _ in range(6)] == ["A003", "A004", "A005", "A006", "A001", "A002"]


def test_interleave_lets_a_regular_ticket_through(demo_store, clerk, manager):
    manager.setup.set_setting("priority_policy", "interleave 2")
    for _ in range(2):
        demo_store.queue.issue_ticket("A")
    for _ in range(4):
        demo_store.queue.issue_ticket("A", "disabled")
    assert [clerk.queue.call_next(1).code for _ in range(6)] == ["A003", "A004", "A001", "A005", "A006", "A002"]


def test_each_step_of_a_call_writes_the_same_events_and_audit_rows_on_both_databases(demo_store, clerk, clock):
    from sqlalchemy import select

    from db.models import AuditLog, Counter, Event

    a1 = demo_store.queue.issue_ticket("A")
    a2 = demo_store.queue.issue_ticket("A", "elderly")
    before = last_event_id(demo_store)
    with demo_store.ctx.read() as s:
        audited = s.scalar(select(AuditLog.id).order_by(AuditLog.id.desc()).limit(1))
    clerk.queue.call_next(1)  # the elderly citizen first
    clerk.queue.start_serving(1)
    clerk.queue.call_next(1)  # served: done; the next one called
    clerk.queue.call_next(1)  # A001 never came: no-show; nobody left
    with demo_store.ctx.read() as s:
        events = [(e.kind, e.ticket_id, e.payload) for e in s.scalars(
            select(Event).where(Event.id > before, Event.kind != "ticket_serving_started").order_by(Event.id))]
        audit = [(a.action, a.username, a.entity_id, a.detail) for a in s.scalars(
            select(AuditLog).where(AuditLog.id > audited, AuditLog.action == "ticket_called").order_by(AuditLog.id))]
        streak = s.scalar(select(Counter.priority_streak).where(Counter.number == 1))
    service_a = a1.service_id
    called = {"counter_number": 1, "counter_name": events[0][2]["counter_name"], "service_id": service_a,
              "prefix": "A", "call_count": 1}
    assert called["counter_name"]  # the wall says the counter's name
    assert events == [
        ("ticket_called", a2.id, {"code": a2.code, **called}),
        ("ticket_finished", a2.id, {"code": a2.code, "counter_number": 1, "service_id": service_a}),
        ("ticket_called", a1.id, {"code": a1.code, **called}),
        ("ticket_no_show", a1.id, {"code": a1.code, "counter_number": 1, "service_id": service_a}),
    ]
    assert audit == [("ticket_called", "lan", str(a2.id), {"code": a2.code, "counter": 1}),
                     ("ticket_called", "lan", str(a1.id), {"code": a1.code, "counter": 1})]
    assert streak == 0  # a regular ticket ended the counter's run of priority calls


def test_a_priority_policy_written_past_the_settings_screen_is_refused_and_changes_nothing(demo_store, clerk,
                                                                                          manager):
    from sqlalchemy import update

    from db.models import Setting

    manager.setup.set_setting("priority_policy", "strict")
    first = demo_store.queue.issue_ticket("A")
    clerk.queue.call_next(1)
    demo_store.queue.issue_ticket("A")
    with demo_store.ctx.tx() as s:  # set_setting refuses it: only a hand-edited database holds one
        s.execute(update(Setting).where(Setting.key == "priority_policy").values(value="sometimes"))
    before = last_event_id(demo_store)
    with pytest.raises(InvalidState, match="sometimes"):
        clerk.queue.call_next(1)
    assert demo_store.queue.ticket(first.code).status == "called"  # still at the counter
    assert [t.code for t in demo_store.queue.waiting("A")] == ["A002"]
    assert kinds_since(demo_store, before) == []


def test_call_specific_number_and_recall(demo_store, clerk):
    demo_store.queue.issue_ticket("A")
    demo_store.queue.issue_ticket("A")
    assert clerk.queue.call_ticket(1, "a002").code == "A002"
    again = clerk.queue.recall(1)
    assert again.code == "A002" and again.call_count == 2
    with pytest.raises(InvalidState):
        clerk.queue.call_ticket(2, "A002")  # already called
    with pytest.raises(NotFound):
        clerk.queue.call_ticket(1, "A999")


def test_calling_next_finishes_a_served_ticket_and_never_counts_one_who_never_came(demo_store, clerk):
    for _ in range(3):
        demo_store.queue.issue_ticket("A")
    first = clerk.queue.call_next(1)
    clerk.queue.start_serving(1)
    second = clerk.queue.call_next(1)
    assert demo_store.queue.ticket(first.code).status == "done"
    clerk.queue.call_next(1)  # the second citizen never came to the counter
    absent = demo_store.queue.ticket(second.code)
    assert (absent.status, absent.finished_at) == ("no_show", None)
    figures = clerk.queue.clerk_figures()
    assert (figures.served, figures.no_show) == (1, 1)
    assert [t.code for t in clerk.queue.tickets_today(("no_show",), counter=1)] == [second.code]  # can be called back


def test_no_show_and_reactivate_keeps_the_place(demo_store, clerk):
    for _ in range(3):
        demo_store.queue.issue_ticket("A")
    clerk.queue.call_next(1)
    assert clerk.queue.mark_no_show(1).status == "no_show"
    assert [t.code for t in demo_store.queue.tickets_today(("no_show",))] == ["A001"]
    clerk.queue.reactivate("A001")
    assert [t.code for t in demo_store.queue.waiting("A")] == ["A001", "A002", "A003"]
    with pytest.raises(InvalidState):
        clerk.queue.reactivate("A002")


def test_park_and_resume(demo_store, clerk):
    demo_store.queue.issue_ticket("A")
    demo_store.queue.issue_ticket("A")
    clerk.queue.call_next(1)
    clerk.queue.park(1)
    assert clerk.queue.current_ticket(1) is None
    clerk.queue.call_next(1)
    with pytest.raises(InvalidState):
        clerk.queue.resume(1, "A001")  # counter busy
    clerk.queue.finish(1)
    resumed = clerk.queue.resume(1, "A001")
    assert resumed.status == "serving" and resumed.counter_number == 1
    with pytest.raises(InvalidState):
        clerk.queue.resume(1, "A002")


def test_transfer_to_a_field_goes_ahead_of_later_tickets(demo_store, clerk, clock):
    demo_store.queue.issue_ticket("B")
    clock.advance(minutes=1)
    a = demo_store.queue.issue_ticket("A")
    clock.advance(minutes=1)
    demo_store.queue.issue_ticket("G")  # counter 3 serves B then G
    clock.advance(minutes=1)
    clerk.queue.call_next(1)
    moved = clerk.queue.transfer(1, service="G")
    assert moved.status == "waiting" and moved.prefix == "G"
    other = demo_store.login("hung", "hung12345")
    assert other.queue.call_next(3).code == "B001"
    assert other.queue.call_next(3).code == a.code  # issued before G001, so ahead of it
    assert other.queue.call_next(3).code == "G001"


def test_transfer_to_a_counter(demo_store, clerk):
    demo_store.queue.issue_ticket("A")
    demo_store.queue.issue_ticket("D")
    clerk.queue.call_next(1)
    moved = clerk.queue.transfer(1, to_counter=5)
    assert moved.target_counter_number == 5
    assert clerk.queue.call_next(2) is None  # counter 2 serves A but the ticket is sent to 5
    other = demo_store.login("mai", "mai12345")
    assert other.queue.call_next(5).code == "A001"
    with pytest.raises(InvalidInput):
        other.queue.transfer(5)
    with pytest.raises(InvalidInput):
        other.queue.transfer(5, to_counter=5)


def test_cancel_and_reprint(demo_store, clerk):
    kiosk = demo_store.acting_as(replace(KIOSK, station="kiosk-sanh"))
    t = kiosk.queue.issue_ticket("A", kiosk="kiosk-sanh")
    again = kiosk.queue.reprint(t.code)
    assert again.code == t.code and again.id == t.id
    kiosk.queue.mark_printed(t.id, ok=False, reason="paper out")
    assert demo_store.queue.ticket(t.code).print_status == "failed"
    clerk.queue.cancel(t.code, "citizen left")
    assert demo_store.queue.ticket(t.code).status == "cancelled"
    with pytest.raises(InvalidState):
        clerk.queue.cancel(t.code)
    assert clerk.queue.call_next(1) is None


def test_staff_operations_refuse_the_kiosk_and_wrong_passwords(demo_store):
    demo_store.queue.issue_ticket("A")
    for op in (lambda: demo_store.queue.call_next(1), lambda: demo_store.queue.cancel("A001"),
               lambda: demo_store.queue.transfer(1, service="B"), lambda: demo_store.queue.recall(1)):
        with pytest.raises(PermissionDenied):
            op()
    with pytest.raises(LoginFailed):
        demo_store.login("lan", "wrong")
    with pytest.raises(LoginFailed):
        demo_store.login("nobody", "x")


def test_clerks_cannot_change_the_office(clerk):
    with pytest.raises(PermissionDenied):
        clerk.setup.save_service(code="X", name="X", prefix="X")
    with pytest.raises(PermissionDenied):
        clerk.setup.add_user("x", "X", "secret12")
    with pytest.raises(PermissionDenied):
        clerk.setup.set_setting("priority_policy", "strict")


def test_steps_refuse_a_counter_with_nothing_called(clerk):
    for step in (clerk.queue.start_serving, clerk.queue.finish, clerk.queue.mark_no_show, clerk.queue.park, clerk.queue.recall):
        with pytest.raises(InvalidState):
            step(1)
    with pytest.raises(NotFound):
        clerk.queue.call_next(99)


def test_yesterdays_waiting_tickets_expire_but_stay(demo_store, clerk, clock):
    demo_store.queue.issue_ticket("A")
    clock.advance(days=1)
    assert clerk.queue.call_next(1) is None
    old = demo_store.queue.ticket("A001", day=(clock() - __import__("datetime").timedelta(days=1)).date())
    assert old.status == "expired"


def test_every_operation_is_audited(demo_store, clerk):
    from sqlalchemy import select

    from db.models import AuditLog

    demo_store.queue.issue_ticket("A")
    clerk.queue.call_next(1)
    with demo_store.ctx.read() as s:
        actions = [(a.action, a.username) for a in s.scalars(select(AuditLog).order_by(AuditLog.id)).all()]
    assert ("ticket_issue", "kiosk") in actions and ("ticket_called", "lan") in actions


def test_queue_views(demo_store, clerk):
    demo_store.queue.issue_ticket("A")
    demo_store.queue.issue_ticket("A")
    demo_store.queue.issue_ticket("B")
    clerk.queue.open_counter(1)
    clerk.queue.call_next(1)
    assert demo_store.queue.waiting_counts()["A"] == 1 and demo_store.queue.waiting_counts()["C"] == 0
    counters = {c.number: c for c in demo_store.setup.counters()}
    assert counters[1].current.code == "A001" and counters[1].clerk == "Nguyễn Thị Lan"
    tiles = {s.prefix: s for s in demo_store.setup.services()}
    assert tiles["A"].waiting == 1 and tiles["A"].counters == (1, 2)
    b = demo_store.queue.ticket("B001")
    assert demo_store.queue.position(b.id).ahead == 0


def test_event_kinds_are_typed(demo_store):
    before = last_event_id(demo_store)
    demo_store.queue.issue_ticket("A")
    assert kinds_since(demo_store, before) == [EventKind.ticket_issued.value]
