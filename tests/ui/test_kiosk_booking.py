"""Tôi đã đặt lịch at the kiosk (real window, loopback printer): check in by the booking's QR, the typed code
or the căn cước's QR; unknown, early and expired bookings are told in one sentence and print nothing."""

from __future__ import annotations

from datetime import date

import pytest
from pyzbar.pyzbar import decode

from core.booking import CODE_ALPHABET
from devices.printers import open_printer
from devices.printers.escpos_parse import parse, render
from kiosk.qt_booking import CODE_ROWS
from kiosk.qt_kiosk import QtKioskWindow
from kiosk_tools import make_kiosk, scanner_burst, tap  # noqa: F401 - a fixture
from test_counter_cccd import scan as scan_unicode

AN = {"full_name": "Nguyễn Văn An", "phone": "0912345678", "id_number": "001099012345"}
CARD = "001099012345||Nguyễn Văn An|01021990|Nam|Số 1 phố Hàng Bạc, Hà Nội|15082021"
TODAY = date(2026, 11, 25)  # the test clock's Wednesday


@pytest.fixture
def booked(sqlite_demo_store, clock):
    """A booking of field B for this afternoon (13:30–17:00), made at 09:00; the clock then at 13:40."""
    manager = sqlite_demo_store.login("quanly", "quanly123")
    manager.phones.set_field_booking("B", weekdays=[0, 1, 2, 3, 4], sessions=["am", "pm"], per_slot=5)
    made = sqlite_demo_store.phones.book_appointment("B", TODAY, "pm", **AN)
    clock.set(2026, 11, 25, 13, 40)
    return made


def _ticket_shown(qtbot, window) -> str:
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.ticket_page, timeout=5000)
    return window.ticket_page.code.text()


def test_the_bookings_qr_under_the_scanner_prints_a_booked_ticket(make_kiosk, qtbot, fake_printer, booked,
                                                                    sqlite_demo_store):
    window = make_kiosk(fake_printer.url)
    scanner_burst(window, booked.qr)  # the kiosk's wedge scanner: a burst and Enter
    code = _ticket_shown(qtbot, window)
    assert code == "B001" and "Có lịch hẹn" in window.ticket_page.service.text()
    assert sqlite_demo_store.phones.appointment(booked.code).ticket_code == "B001"
    fake_printer.wait_jobs(1)
    qtbot.waitUntil(lambda: sqlite_demo_store.queue.ticket("B001").print_status == "printed", timeout=3000)


def test_the_keyboard_has_exactly_the_codes_symbols():
    assert set("".join(CODE_ROWS)) - {"-"} == set(CODE_ALPHABET)


def test_the_code_typed_on_the_screens_keyboard(make_kiosk, qtbot, fake_printer, booked, sqlite_demo_store):
    window = make_kiosk(fake_printer.url)
    tap(qtbot, window.home.booked)
    page = window.booking_page
    assert window.stack.currentWidget() is page
    for ch in booked.shown_code:  # "ABCD-2345", touched key by key
        tap(qtbot, page.keyboard.findChild(type(page.check_in), f"key-{ch}"))
    assert page.code.text() == booked.shown_code
    tap(qtbot, page.check_in)
    assert _ticket_shown(qtbot, window) == "B001"
    tap(qtbot, window.ticket_page.findChild(type(page.check_in), "btn-done"))
    tap(qtbot, window.home.booked)
    assert page.code.text() == "" and page.message.text() == ""  # nothing of the last citizen


def test_the_can_cuoc_finds_todays_booking(make_kiosk, qtbot, fake_printer, booked, sqlite_demo_store):
    window = make_kiosk(fake_printer.url)
    scan_unicode(window, CARD)
    assert _ticket_shown(qtbot, window) == "B001"
    assert sqlite_demo_store.phones.appointment(booked.code).status == "checked_in"


@pytest.mark.parametrize("when, typed, says", [
    ((13, 40), "ABCD-2345", "Không tìm thấy lịch hẹn"),
    ((13, 40), "12", "8 ký tự"),
    ((12, 50), None, "quay lại từ 13:00"),
    ((17, 20), None, "quá giờ"),
])
def test_unknown_early_and_expired_bookings_are_told_and_print_nothing(make_kiosk, qtbot, fake_printer, booked,
                                                                         clock, sqlite_demo_store, when, typed, says):
    clock.set(2026, 11, 25, *when)
    window = make_kiosk(fake_printer.url)
    window.show_page(window.booking_page)
    window.booking_page.code.setText(typed or booked.code)
    tap(qtbot, window.booking_page.check_in)
    qtbot.waitUntil(lambda: says in window.booking_page.message.text(), timeout=5000)
    assert window.stack.currentWidget() is window.booking_page
    assert sqlite_demo_store.queue.waiting("B") == [] and fake_printer.jobs == []


def test_with_a_public_address_the_tickets_qr_opens_its_phone_page(qtbot, fake_printer, sqlite_demo_store,
                                                                    settings_for):
    settings = settings_for(sqlite_demo_store, fake_printer.url)
    settings.web.public_base_url = "https://motcua.example.vn/"
    window = QtKioskWindow(settings, sqlite_demo_store, open_printer(settings.printer))
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitUntil(lambda: window.ready and bool(window.home.tiles), timeout=5000)
    tap(qtbot, window.home.tiles["B"])
    job = fake_printer.wait_jobs(1)[0]
    printed = {d.data.decode() for d in decode(render(parse(job)).convert("L"))}
    (link,) = printed
    assert link.startswith("https://motcua.example.vn/t/")
    assert sqlite_demo_store.phones.ticket_by_token(link.rsplit("/", 1)[1]).code == "B001"
    window.close()


def test_a_tickets_phone_link_under_the_kiosks_scanner_tells_its_place(make_kiosk, qtbot, sqlite_demo_store):
    sqlite_demo_store.queue.issue_ticket("B")
    ticket = sqlite_demo_store.queue.issue_ticket("B")
    token = sqlite_demo_store.phones.phone_token(ticket.id)
    window = make_kiosk()
    scanner_burst(window, f"https://motcua.example.vn/t/{token}")
    qtbot.waitUntil(lambda: window.toast.text() == "Số B002: 1 người đang chờ trước bạn.", timeout=5000)


def test_a_late_arrival_within_the_grace_gets_a_walk_in_number_and_is_told(make_kiosk, qtbot, fake_printer, booked,
                                                                          clock, sqlite_demo_store):
    clock.set(2026, 11, 25, 17, 5)  # the afternoon ended at 17:00; 15 minutes of grace
    window = make_kiosk(fake_printer.url)
    scanner_burst(window, booked.qr)
    assert _ticket_shown(qtbot, window) == "B001"
    assert window.toast.text() == "Bạn đến sau giờ hẹn: số được xếp như người không hẹn."
    assert "Có lịch hẹn" not in window.ticket_page.service.text()
