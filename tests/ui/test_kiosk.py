"""The kiosk, driven like a citizen would: touch a tile, get a ticket and the paper."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton
from pyzbar.pyzbar import decode

from core.codes import dossier_qr
from db.demo import DEMO_PIN
from devices.printers.escpos_parse import parse, render
from kiosk.qt_kiosk import QtKioskWindow
from kiosk_tools import make_kiosk, scanner_burst, tap  # noqa: F401 - a fixture


def test_one_touch_issues_a_ticket_and_prints_it(make_kiosk, qtbot, fake_printer, sqlite_demo_store):
    window = make_kiosk(fake_printer.url)
    tap(qtbot, window.home.tiles["B"])
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.ticket_page, timeout=5000)
    assert window.ticket_page.code.text() == "B001"
    job = fake_printer.wait_jobs(1)[0]
    # the QR holds the office, the business day and the number (core.codes.ticket_qr)
    office = sqlite_demo_store.office()
    assert {d.data.decode() for d in decode(render(parse(job)).convert("L"))} == {
        f"{office.agency_code}/{sqlite_demo_store.business_day():%y%m%d}/B001"}
    assert [t.code for t in sqlite_demo_store.queue.waiting("B")] == ["B001"]
    qtbot.waitUntil(lambda: sqlite_demo_store.queue.ticket("B001").print_status == "printed", timeout=3000)
    assert "Mời lấy phiếu" in window.ticket_page.printing.text()


def test_a_double_tap_gives_one_ticket(make_kiosk, qtbot, fake_printer, sqlite_demo_store):
    window = make_kiosk(fake_printer.url)
    tile = window.home.tiles["A"]
    tap(qtbot, tile)
    tap(qtbot, tile)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.ticket_page, timeout=5000)
    qtbot.wait(300)
    assert [t.code for t in sqlite_demo_store.queue.waiting("A")] == ["A001"]
    assert len(fake_printer.wait_jobs(1)) == 1


def test_the_priority_path(make_kiosk, qtbot, fake_printer, sqlite_demo_store):
    window = make_kiosk(fake_printer.url)
    sqlite_demo_store.queue.issue_ticket("G")
    tap(qtbot, window.home.priority)
    tap(qtbot, window.priority_page.findChild(type(window.home.priority), "group-elderly"))
    qtbot.waitUntil(lambda: bool(window.priority_page.buttons), timeout=3000)
    field = next(b for b in window.priority_page.buttons if b.objectName() == "pfield-G")
    tap(qtbot, field)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.ticket_page, timeout=5000)
    ticket = sqlite_demo_store.queue.ticket("G002")
    assert ticket.priority == "elderly" and ticket.ahead == 0
    assert "Ưu tiên" in window.ticket_page.service.text()


def test_a_failed_print_keeps_the_ticket_and_reprint_works(make_kiosk, qtbot, fake_printer, sqlite_demo_store):
    fake_printer.close_after = 1500  # the printer dies mid-ticket
    window = make_kiosk(fake_printer.url)
    tap(qtbot, window.home.tiles["C"])
    qtbot.waitUntil(lambda: window.ticket_page.reprint.isVisible(), timeout=8000)
    assert window.ticket_page.code.text() == "C001"
    assert "chưa in được phiếu" in window.ticket_page.printing.text()
    assert sqlite_demo_store.queue.ticket("C001").print_status == "failed"
    fake_printer.close_after = None
    tap(qtbot, window.ticket_page.reprint)
    qtbot.waitUntil(lambda: "Mời lấy phiếu" in window.ticket_page.printing.text(), timeout=5000)
    reprinted = fake_printer.wait_jobs(2)[-1]
    day = f"{sqlite_demo_store.business_day():%y%m%d}"
    assert [e.value for e in parse(reprinted) if e.kind == "qr"] == [
        f"{sqlite_demo_store.office().agency_code}/{day}/C001"]
    assert [t.code for t in sqlite_demo_store.queue.waiting("C")] == ["C001"]  # still one ticket


def test_paper_out_disables_the_tiles_and_tells_the_manager(make_kiosk, qtbot, fake_printer, sqlite_demo_store):
    fake_printer.paper_out = True
    window = make_kiosk(fake_printer.url)
    qtbot.waitUntil(lambda: window.paper_out, timeout=5000)
    assert not any(t.isEnabled() for t in window.home.tiles.values())
    assert "hết giấy" in window.home.notice.text()
    assert sqlite_demo_store.setup.printer_statuses()["kiosk"]["status"] == "out"
    tap(qtbot, window.home.tiles["A"])
    assert sqlite_demo_store.queue.waiting("A") == []
    fake_printer.paper_out = False
    window.check_printer()
    qtbot.waitUntil(lambda: all(t.isEnabled() for t in window.home.tiles.values()), timeout=5000)
    assert sqlite_demo_store.setup.printer_statuses()["kiosk"]["status"] == "ok"


def test_procedure_search_without_diacritics(make_kiosk, qtbot):
    window = make_kiosk()
    tap(qtbot, window.home.procedures)
    window.procedure_page.query.setText("dang ky khai sinh")
    qtbot.waitUntil(lambda: window.procedure_page.results.count() > 0 and
                    window.procedure_page.results.item(0).text().startswith("Đăng ký khai sinh"), timeout=5000)
    window.procedure_page.results.itemClicked.emit(window.procedure_page.results.item(0))
    qtbot.waitUntil(lambda: "Giấy chứng sinh" in window.procedure_page.detail.toPlainText(), timeout=5000)
    assert "0,5 ngày làm việc" in window.procedure_page.detail.toPlainText()


def test_a_wedge_scan_opens_the_dossier_with_masked_data(make_kiosk, qtbot, sqlite_demo_store):
    clerk = sqlite_demo_store.login("lan", "lan12345")
    d = clerk.dossiers.receive_dossier(procedure="1.000894.000.00.00.H10", applicant_name="Nguyễn Văn An",
                              applicant_id_number="092085001234", phone="0912345678")
    code = d.code
    window = make_kiosk()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    scanner_burst(window, dossier_qr(code, d.check_code))  # a scanner types the receipt's QR fast, then Enter
    qtbot.waitUntil(lambda: "N. V. A." in window.dossier_page.result.toPlainText(), timeout=5000)
    text = window.dossier_page.result.toPlainText()
    assert code in text and "Đã tiếp nhận" in text
    assert "Nguyễn Văn An" not in text and "092085001234" not in text and "0912345678" not in text



def dossier_lookup(make_kiosk, qtbot, store):
    """A dossier received this morning, and a kiosk's look-up page with its code typed in."""
    clerk = store.login("lan", "lan12345")
    d = clerk.dossiers.receive_dossier(procedure="1.000894.000.00.00.H10", applicant_name="Nguyễn Văn An")
    window = make_kiosk()
    tap(qtbot, window.home.dossier)
    page = window.dossier_page
    page.code.setText(d.code)
    return d, page


def test_a_dossier_code_alone_shows_nothing_at_the_kiosk(make_kiosk, qtbot, sqlite_demo_store):
    """Dossier codes are sequential: without the receipt's check code the kiosk tells nothing."""
    d, page = dossier_lookup(make_kiosk, qtbot, sqlite_demo_store)
    tap(qtbot, page.findChild(QPushButton, "btn-lookup"))
    qtbot.waitUntil(lambda: "mã tra cứu" in page.result.toPlainText())
    page.check.setText("ABCDEF" if d.check_code != "ABCDEF" else "ABCDEG")
    tap(qtbot, page.findChild(QPushButton, "btn-lookup"))
    qtbot.waitUntil(lambda: "Không tìm thấy hồ sơ" in page.result.toPlainText())
    assert "N. V. A." not in page.result.toPlainText()
    page.check.clear()
    page.check.setFocus()
    for key in d.check_code.lower():  # typed on the on-screen keys into the field touched last
        page.keyboard.sig_key.emit(key)
    assert page.code.text() == d.code and page.check.text() == d.check_code.lower()
    tap(qtbot, page.findChild(QPushButton, "btn-lookup"))
    qtbot.waitUntil(lambda: "N. V. A." in page.result.toPlainText())

def test_guessing_check_codes_at_the_kiosk_locks_its_look_up_with_a_plain_sentence(make_kiosk, qtbot,
                                                                                 sqlite_demo_store):
    from db.store.guard import FREE_TRIES

    d, page = dossier_lookup(make_kiosk, qtbot, sqlite_demo_store)
    for n in range(FREE_TRIES):
        page.check.setText(f"ZZZZZ{n}")
        page.result.clear()
        tap(qtbot, page.findChild(QPushButton, "btn-lookup"))
        qtbot.waitUntil(lambda: "Không tìm thấy hồ sơ" in page.result.toPlainText())
    page.check.setText(d.check_code)  # the right one now waits too: a walk would find it otherwise
    tap(qtbot, page.findChild(QPushButton, "btn-lookup"))
    qtbot.waitUntil(lambda: "Đã nhập sai quá nhiều lần" in page.result.toPlainText())
    assert "thử lại sau 1 phút" in page.result.toPlainText() and "N. V. A." not in page.result.toPlainText()


def test_outside_opening_hours_no_ticket(make_kiosk, qtbot, clock, sqlite_demo_store):
    clock.set(2026, 11, 25, 18, 0)
    window = make_kiosk()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.closed_page, timeout=5000)
    assert "07:30 26/11/2026" in window.closed_page.body.text()
    window.take_ticket("A", None)
    qtbot.waitUntil(lambda: not window._busy, timeout=5000)
    assert sqlite_demo_store.queue.waiting("A") == []


def test_on_a_tet_morning_the_kiosk_says_why_it_is_closed_and_lookups_stay(make_kiosk, qtbot, clock,
                                                                            sqlite_demo_store):
    clock.set(2027, 2, 8, 9, 0)  # mùng ba Tết Đinh Mùi, a Monday morning
    window = make_kiosk()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.closed_page, timeout=5000)
    assert window.closed_page.title.text() == "Nghỉ: Mùng ba Tết Nguyên đán"
    assert "07:30 11/02/2027" in window.closed_page.body.text()
    window.take_ticket("A", None)
    qtbot.waitUntil(lambda: not window._busy, timeout=5000)
    assert sqlite_demo_store.queue.waiting("A") == []
    tap(qtbot, window.closed_page.findChild(type(window.admin_button), "btn-closed-procedures"))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.procedure_page, timeout=5000)


def test_exit_needs_the_managers_pin(make_kiosk, qtbot):
    window = make_kiosk()
    tap(qtbot, window.admin_button)
    window.pin_page.pin.setText("0000")
    tap(qtbot, window.pin_page.findChild(type(window.admin_button), "btn-unlock"))
    qtbot.waitUntil(lambda: window.toast.isVisible(), timeout=5000)
    assert window.isVisible() and "PIN không đúng" in window.toast.text()
    window.pin_page.pin.setText(DEMO_PIN)
    tap(qtbot, window.pin_page.findChild(type(window.admin_button), "btn-unlock"))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.service_page, timeout=5000)
    assert window.isVisible()
    tap(qtbot, window.service_page.findChild(type(window.admin_button), "btn-exit"))
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)


def test_waiting_counts_follow_the_store(make_kiosk, qtbot, sqlite_demo_store):
    window = make_kiosk()
    sqlite_demo_store.queue.issue_ticket("D")  # taken at another kiosk
    qtbot.waitUntil(lambda: "1 người đang chờ" in window.home.tiles["D"].text(), timeout=5000)


@pytest.mark.pg
def test_store_unreachable_shows_out_of_service_and_recovers(qtbot, pg_demo_store, settings_for):
    from pg_tools import pg_cut_off

    settings = settings_for(pg_demo_store)
    window = QtKioskWindow(settings, pg_demo_store, None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.ready, timeout=5000)
    url = settings.db_url
    try:
        pg_cut_off(url, allow=False)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.unavailable_page, timeout=10000)
        assert window.unavailable_page.title.text() == "Tạm ngưng phục vụ"
    finally:
        pg_cut_off(url, allow=True)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home, timeout=10000)
    pg_demo_store.engine.dispose()
    pg_demo_store.queue.issue_ticket("E")
    qtbot.waitUntil(lambda: "1 người đang chờ" in window.home.tiles["E"].text(), timeout=5000)
    window.close()
