"""Citizens' phones in the store, on SQLite and PostgreSQL: the ticket's token, remote numbers, bookings."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from core.booking import read_booking_code
from db.errors import InvalidInput, InvalidState, NotFound, PermissionDenied, ServiceClosed
from db.models import Appointment, Ticket, TicketHolder

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AN = {"full_name": "Nguyễn Văn An", "phone": "0912345678", "id_number": "001099012345"}
BINH = {"full_name": "Trần Thị Bình", "phone": "0987654321", "id_number": "079301000123"}
FORGED = "That page does not exist, say the same"


def tickets(store) -> int:
    with store.ctx.read() as s:
        return s.scalar(select(func.count()).select_from(Ticket))


def bookings(store) -> int:
    with store.ctx.read() as s:
        return s.scalar(select(func.count()).select_from(Appointment))


# -- the ticket's phone page ------------------------------------------------------------------------
def test_a_tickets_token_opens_it_today_only_and_forgeries_learn_nothing(demo_store, clock):
    demo_store.queue.issue_ticket("B")
    ticket = demo_store.queue.issue_ticket("B")
    token = demo_store.phones.phone_token(ticket.id)
    assert len(token) >= 22  # 128 bits, URL-safe
    seen = demo_store.phones.ticket_by_token(token)
    assert (seen.code, seen.ahead) == ("B002", 1)
    with demo_store.ctx.read() as s:  # only its hash is kept
        assert token not in s.scalar(select(Ticket.phone_token_hash).where(Ticket.id == ticket.id))
    refusals = set()
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * 10_240, "../../etc", 42, None, ""):
        with pytest.raises(NotFound) as refused:
            demo_store.phones.ticket_by_token(bad)
        refusals.add(str(refused.value))
    assert refusals == {"Không tìm thấy phiếu: đường dẫn không đúng hoặc đã hết hạn trong ngày."}
    again = demo_store.phones.phone_token(ticket.id)  # a reprint: the old paper's link stops working
    with pytest.raises(NotFound):
        demo_store.phones.ticket_by_token(token)
    assert demo_store.phones.ticket_by_token(again).code == "B002"
    clock.advance(days=1)
    with pytest.raises(NotFound):
        demo_store.phones.ticket_by_token(again)


# -- remote numbers ---------------------------------------------------------------------------------
def test_remote_numbers_are_off_until_the_manager_turns_them_on_per_field(demo_store, manager):
    with pytest.raises(ServiceClosed, match="không cấp số từ xa"):
        demo_store.phones.issue_remote_ticket("B", **AN)
    with pytest.raises(PermissionDenied):
        demo_store.phones.set_field_booking("B", remote_numbers=True)
    assert manager.phones.set_field_booking("B", remote_numbers=True).remote_numbers
    assert not demo_store.phones.field_booking("A").remote_numbers
    assert tickets(demo_store) == 0


def test_a_remote_number_joins_the_queue_as_online_and_is_called_like_any(demo_store, manager):
    manager.phones.set_field_booking("B", remote_numbers=True)
    walk_in = demo_store.queue.issue_ticket("B")
    remote, token = demo_store.phones.issue_remote_ticket("B", **AN)
    assert (walk_in.code, remote.code, remote.ahead) == ("B001", "B002", 1)
    assert demo_store.phones.ticket_by_token(token).code == "B002"
    with demo_store.ctx.read() as s:
        assert s.scalar(select(Ticket.channel).where(Ticket.id == remote.id)) == "online"
    clerk = demo_store.login("mai", "mai12345")
    assert [clerk.queue.call_next(3).code, clerk.queue.call_next(3).code] == ["B001", "B002"]
    assert demo_store.queue.recent_calls()[0].code == "B002"  # the wall lists it like any other


@pytest.mark.parametrize("field, value, says", [
    ("phone", "12345", "Số điện thoại"), ("id_number", "00109901234", "12 chữ số"),
    ("full_name", "x" * 10_240, "dài quá"), ("full_name", "<script>", "chữ cái"), ("phone", None, "phải là chữ"),
])
def test_bad_remote_requests_are_told_and_change_nothing(demo_store, manager, field, value, says):
    manager.phones.set_field_booking("B", remote_numbers=True)
    with pytest.raises(InvalidInput, match=says):
        demo_store.phones.issue_remote_ticket("B", **(AN | {field: value}))
    assert tickets(demo_store) == 0


def test_the_per_person_limit_counts_remote_numbers_and_bookings_and_hours_are_kept(demo_store, manager, clock):
    manager.phones.set_field_booking("B", remote_numbers=True)
    manager.phones.set_field_booking("G", remote_numbers=True)
    demo_store.phones.issue_remote_ticket("B", **AN)
    demo_store.phones.issue_remote_ticket("G", **AN)
    with pytest.raises(InvalidInput, match="tối đa 2 số"):
        demo_store.phones.issue_remote_ticket("B", **AN)
    assert tickets(demo_store) == 2
    demo_store.phones.issue_remote_ticket("B", **BINH)  # someone else
    clock.set(2026, 11, 25, 18, 0)
    with pytest.raises(ServiceClosed, match="Ngoài giờ"):
        demo_store.phones.issue_remote_ticket("B", **BINH)
    assert tickets(demo_store) == 3


# -- appointments -----------------------------------------------------------------------------------
@pytest.fixture
def booking_office(demo_store, manager):
    """Field B takes 2 bookings per session, Monday to Friday, mornings and afternoons."""
    manager.phones.set_field_booking("B", weekdays=[0, 1, 2, 3, 4], sessions=["am", "pm"], per_slot=2)
    return demo_store


THURSDAY = date(2026, 11, 26)  # the test clock's Wednesday + 1


def test_the_manager_sets_slots_and_rules_and_bad_values_change_nothing(booking_office, manager):
    slots = booking_office.phones.appointment_slots("B")
    assert (slots[0].day, slots[0].session) == (date(2026, 11, 25), "pm")  # this morning has begun
    assert {s.day.weekday() for s in slots} <= {0, 1, 2, 3, 4} and all(s.places == 2 for s in slots)
    assert booking_office.phones.appointment_slots("A") == []  # not bookable
    for bad in ({"per_slot": -1}, {"weekdays": [7]}, {"sessions": ["night"]}, {"per_slot": "10"}):
        with pytest.raises(InvalidInput):
            manager.phones.set_field_booking("B", **bad)
    with pytest.raises(InvalidInput, match="strict hoặc"):
        manager.phones.set_appointment_rules(merge="random")
    with pytest.raises(InvalidInput, match="per_person_day"):
        manager.phones.set_appointment_rules(per_person_day=0)
    assert manager.phones.field_booking("B").per_slot == 2 and manager.phones.appointment_rules().merge == "strict"


def test_booking_gives_a_typeable_code_a_full_slot_and_the_person_limit_refuse(booking_office, manager):
    manager.phones.set_field_booking("G", weekdays=[3], sessions=["pm"], per_slot=5)
    made = booking_office.phones.book_appointment("B", THURSDAY, "am", **AN)
    assert read_booking_code(made.shown_code) == made.code and len(made.code) == 8
    assert made.qr == f"HEN-{made.code}" and made.starts == datetime(2026, 11, 26, 7, 30, tzinfo=VN)
    assert booking_office.phones.appointment(made.shown_code.lower()).status == "booked"
    booking_office.phones.book_appointment("B", THURSDAY, "am", **BINH)
    with pytest.raises(ServiceClosed, match="hết chỗ"):
        booking_office.phones.book_appointment("B", THURSDAY, "am", **(BINH | {"id_number": "001099099999"}))
    booking_office.phones.book_appointment("B", THURSDAY, "pm", **AN)
    with pytest.raises(InvalidInput, match="tối đa 2"):
        booking_office.phones.book_appointment("G", THURSDAY, "pm", **AN)
    with pytest.raises(ServiceClosed):
        booking_office.phones.book_appointment("B", date(2026, 11, 28), "am", **BINH)  # Saturday
    with pytest.raises(ServiceClosed):
        booking_office.phones.book_appointment("B", date(2026, 12, 30), "am", **BINH)  # beyond 7 days
    assert bookings(booking_office) == 3
    with pytest.raises(NotFound, match="8 ký tự"):
        booking_office.phones.appointment("x" * 10_240)
    with pytest.raises(NotFound, match="Không tìm thấy"):
        booking_office.phones.appointment("ABCD-2345")


def test_cancel_by_code_frees_the_place(booking_office):
    made = booking_office.phones.book_appointment("B", THURSDAY, "am", **AN)
    assert booking_office.phones.cancel_appointment(made.code).status == "cancelled"
    with pytest.raises(InvalidState):
        booking_office.phones.cancel_appointment(made.code)
    slot = next(s for s in booking_office.phones.appointment_slots("B") if (s.day, s.session) == (THURSDAY, "am"))
    assert slot.booked == 0


def test_check_in_early_in_time_and_strict_merge_calls_the_booking_first(booking_office, clock):
    made = booking_office.phones.book_appointment("B", THURSDAY, "am", **AN)
    booking_office.queue.issue_ticket("B")
    with pytest.raises(InvalidState, match="chưa đến ngày hẹn"):
        booking_office.phones.check_in_appointment(code=made.code)
    clock.set(2026, 11, 26, 6, 30)
    with pytest.raises(InvalidState, match="quay lại từ 07:00"):
        booking_office.phones.check_in_appointment(code=made.code)
    clock.set(2026, 11, 26, 8, 0)
    walk_in = booking_office.queue.issue_ticket("B")
    checked = booking_office.phones.check_in_appointment(code=made.shown_code)
    assert not checked.late and checked.ticket.priority == "appointment"
    with pytest.raises(InvalidState, match="đã lấy số"):
        booking_office.phones.check_in_appointment(code=made.code)
    clerk = booking_office.login("mai", "mai12345")
    assert clerk.queue.call_next(3).code == checked.ticket.code  # before the walk-in who came earlier
    assert clerk.queue.call_next(3).code == walk_in.code
    assert booking_office.phones.appointment(made.code).ticket_code == checked.ticket.code


def test_interleave_places_the_booking_at_its_sessions_start_and_check_in_by_cccd(booking_office, manager, clock):
    manager.phones.set_appointment_rules(merge="interleave")
    made = booking_office.phones.book_appointment("B", THURSDAY, "pm", **AN)
    clock.set(2026, 11, 26, 13, 20)
    before = booking_office.queue.issue_ticket("B")
    clock.set(2026, 11, 26, 13, 40)
    after = booking_office.queue.issue_ticket("B")
    clock.set(2026, 11, 26, 13, 50)
    checked = booking_office.phones.check_in_appointment(id_number=AN["id_number"])
    assert checked.ticket.priority is None and booking_office.phones.appointment(made.code).status == "checked_in"
    clerk = booking_office.login("mai", "mai12345")
    assert [clerk.queue.call_next(3).code for _ in range(3)] == [before.code, checked.ticket.code, after.code]
    with pytest.raises(NotFound, match="Không có lịch hẹn hôm nay"):
        booking_office.phones.check_in_appointment(id_number=BINH["id_number"])
    with pytest.raises(InvalidInput, match="12 chữ số"):
        booking_office.phones.check_in_appointment(id_number="12345")


def test_late_is_a_walk_in_after_the_grace_a_no_show_and_the_figures_count_them(booking_office, manager, clock):
    late = booking_office.phones.book_appointment("B", THURSDAY, "am", **AN)
    gone = booking_office.phones.book_appointment("B", THURSDAY, "am", **BINH)
    clock.set(2026, 11, 26, 11, 40)  # the morning ended 11:30; 15 minutes of grace
    checked = booking_office.phones.check_in_appointment(code=late.code)
    assert checked.late and checked.ticket.priority is None
    clock.set(2026, 11, 26, 11, 50)
    with pytest.raises(InvalidState, match="quá giờ"):
        booking_office.phones.check_in_appointment(code=gone.code)
    assert booking_office.phones.appointment(gone.code).status == "no_show"  # recorded though refused
    figures = manager.phones.appointment_figures(THURSDAY, THURSDAY)
    assert (figures.booked, figures.checked_in, figures.no_show, figures.cancelled) == (2, 1, 1, 0)


def test_personal_data_is_erased_after_the_retention_period_on_day_change(booking_office, manager, clock):
    manager.phones.set_appointment_rules(retention_days=2)
    manager.phones.set_field_booking("B", remote_numbers=True)
    booking_office.phones.book_appointment("B", THURSDAY, "am", **AN)
    booking_office.phones.issue_remote_ticket("B", **BINH)
    def left() -> tuple:
        booking_office.queue.issue_ticket("B")  # the first operation of a new day runs the rule
        with booking_office.ctx.read() as s:
            row = s.scalars(select(Appointment)).one()
            return s.scalar(select(func.count()).select_from(TicketHolder)), row.phone, row.id_number, row.status

    clock.advance(days=2)  # Friday 27: the remote number (25th) is 2 days old, the booking (26th) 1
    assert left() == (1, AN["phone"], AN["id_number"], "no_show")
    clock.advance(days=1)
    assert left() == (0, AN["phone"], AN["id_number"], "no_show")
    clock.advance(days=1)
    assert left() == (0, "", "", "no_show")


def test_the_queue_report_counts_appointments(booking_office, manager, clock):
    kept = booking_office.phones.book_appointment("B", THURSDAY, "am", **AN)
    dropped = booking_office.phones.book_appointment("B", THURSDAY, "pm", **BINH)
    booking_office.phones.cancel_appointment(dropped.code)
    booking_office.phones.book_appointment("B", THURSDAY, "pm", **(BINH | {"id_number": "001099099999"}))
    clock.set(2026, 11, 26, 8, 0)
    booking_office.phones.check_in_appointment(code=kept.code)
    clock.set(2026, 11, 26, 18, 0)  # the afternoon's booking never came
    figures = manager.reports.queue_report(THURSDAY, THURSDAY).appointments
    assert (figures.booked, figures.checked_in, figures.no_show, figures.cancelled) == (2, 1, 1, 1)


def test_two_citizens_racing_for_the_last_place_get_it_once(booking_office, manager, clock):
    """Two stations (two stores, two connections) book the one place left at the same moment."""
    import threading

    from db import Store

    manager.phones.set_field_booking("B", per_slot=1)
    url = booking_office.engine.url.render_as_string(hide_password=False)
    stores = [Store.open(url, clock=clock) for _ in range(2)]
    start, outcomes = threading.Barrier(2), []

    def book(store, who):
        start.wait()
        try:
            outcomes.append(store.phones.book_appointment("B", THURSDAY, "am", **who).status)
        except ServiceClosed as refused:
            outcomes.append(str(refused))

    threads = [threading.Thread(target=book, args=(s, who)) for s, who in zip(stores, (AN, BINH))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for s in stores:
        s.close()
    assert sorted(outcomes) == ["Buổi này đã hết chỗ hẹn, mời chọn buổi khác.", "booked"]
    assert bookings(booking_office) == 1
