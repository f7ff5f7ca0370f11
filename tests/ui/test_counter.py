"""The counter station driven like a clerk would: F-keys, the intake form, the scanner."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pyzbar.pyzbar import decode

from counter.paperwork import Paperwork
from counter.qt_counter import QtCounterWindow
from kiosk_tools import scanner_burst

VN = ZoneInfo("Asia/Ho_Chi_Minh")
KET_HON = "1.000894.000.00.00.H10"  # 1 working day
STAFF = {3: ("mai", "mai12345"), 4: ("tuan", "tuan12345"), 1: ("lan", "lan12345")}


@pytest.fixture
def make_counter(qtbot, sqlite_demo_store, settings_for, tmp_path):
    windows = []

    def make(counter: int = 3, **kw):
        settings = settings_for(sqlite_demo_store)
        window = QtCounterWindow(settings, sqlite_demo_store, paperwork=Paperwork(tmp_path / f"forms{counter}"),
                                 open_pdfs=False, **kw)
        qtbot.addWidget(window)
        window.resize(1600, 960)
        window.show()
        sign_in(qtbot, window, counter)
        qtbot.waitUntil(lambda: window.queue.figures.text() != "", timeout=5000)
        window.activateWindow()
        windows.append(window)
        return window

    yield make
    for w in windows:
        w.close()


def sign_in(qtbot, window, counter: int = 3) -> None:
    qtbot.waitUntil(lambda: window.login.counter.count() > 0, timeout=5000)
    username, password = STAFF[counter]
    window.login.username.setText(username)
    window.login.password.setText(password)
    window.login.counter.setCurrentIndex(window.login.counter.findData(counter))
    window.login.submit()
    qtbot.waitUntil(lambda: window.clerk is not None, timeout=5000)


def press(qtbot, window, key) -> None:
    """A function key on this window (shortcuts need it to be the active one)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    QTest.keyClick(window, key)


def scan(window, text: str) -> None:
    """A keyboard-wedge scanner: a fast burst of keys and Enter, to whatever has the focus."""
    scanner_burst(QApplication.focusWidget() or window, text)


def test_f_keys_drive_a_citizen_through_call_serve_finish(make_counter, qtbot, sqlite_demo_store, clock):
    sqlite_demo_store.queue.issue_ticket("B")
    window = make_counter(3)
    press(qtbot, window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.serving.code.text() == "B001", timeout=3000)
    assert sqlite_demo_store.queue.ticket("B001").status == "called"
    press(qtbot, window, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: window.current.status == "serving" and not window.serving.busy, timeout=3000)
    assert sqlite_demo_store.queue.ticket("B001").status == "serving"
    clock.advance(minutes=6)
    press(qtbot, window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: window.serving.code.text() == "—", timeout=3000)
    assert sqlite_demo_store.queue.ticket("B001").status == "done"
    qtbot.waitUntil(lambda: "đã phục vụ 1" in window.queue.figures.text(), timeout=3000)
    assert "6 phút" in window.queue.figures.text()


def test_two_counter_windows_never_get_the_same_ticket(make_counter, qtbot, sqlite_demo_store):
    for _ in range(6):
        sqlite_demo_store.queue.issue_ticket("B")
    first, second = make_counter(3), make_counter(4)  # both serve field B
    called = []
    for _ in range(3):
        first.act("call_next")
        second.act("call_next")  # both in flight at once
        qtbot.waitUntil(lambda: all(w.current is not None and w.current.status == "called" and
                                    not w.runner.busy_with("queue") for w in (first, second)), timeout=5000)
        called += [first.current.code, second.current.code]
        for w in (first, second):  # the citizens came: serving them, so the next call finishes them as served
            w.act("start")
        qtbot.waitUntil(lambda: all(w.current.status == "serving" for w in (first, second)), timeout=5000)
    assert sorted(called) == [f"B00{i}" for i in range(1, 7)]
    assert sqlite_demo_store.queue.waiting("B") == []


def test_transfer_lands_in_the_other_fields_queue_ahead_of_later_tickets(make_counter, qtbot, sqlite_demo_store,
                                                                           clock):
    sqlite_demo_store.queue.issue_ticket("B")
    clock.advance(minutes=5)
    sqlite_demo_store.queue.issue_ticket("A")
    sqlite_demo_store.queue.issue_ticket("A")
    land = make_counter(1)  # Đất đai (A)
    qtbot.waitUntil(lambda: land.queue.waiting_codes() == ["A001", "A002"], timeout=3000)
    desk = make_counter(3)
    press(qtbot, desk, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: desk.serving.code.text() == "B001", timeout=3000)
    desk.serving.transfer_to.setCurrentIndex(desk.serving.transfer_to.findData("service:A"))
    press(qtbot, desk, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: land.queue.waiting_codes() == ["B001", "A001", "A002"], timeout=5000)
    # the other counter may see it first (reads no longer wait for writers): wait for this one too
    qtbot.waitUntil(lambda: desk.serving.code.text() == "—", timeout=5000)
    press(qtbot, land, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: land.serving.code.text() == "B001", timeout=3000)


def test_friday_1530_before_a_holiday_and_the_receipt_barcode(make_counter, qtbot, sqlite_demo_store, clock,
                                                               tmp_path):
    clock.set(2026, 4, 24, 15, 30)  # Friday; Monday 27/04 is the Hùng Kings day off
    sqlite_demo_store.queue.issue_ticket("B")
    window = make_counter(3)
    press(qtbot, window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.desk.intake.ticket_code == "B001", timeout=3000)
    press(qtbot, window, Qt.Key.Key_F3)
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.desk.intake
    intake = window.desk.intake
    intake.search.setFocus()
    QTest.keyClicks(intake.search, "dang ky ket hon")  # typed without diacritics
    qtbot.waitUntil(lambda: intake.search.text() == "dang ky ket hon" and intake.results.count() == 1, timeout=3000)
    intake.results.setCurrentRow(0)
    qtbot.waitUntil(lambda: intake.procedure is not None, timeout=3000)
    assert intake.due.text() == "11:30 29/04/2026"
    assert "15:00" in intake.why.text() and "27/04/2026" in intake.why.text()
    intake.fields["applicant_name"].setText("Nguyễn Văn An")
    intake.fields["applicant_id_number"].setText("092085001234")
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(window.desk.last_pdfs) == 2, timeout=5000)
    code = "000.00.20.H10-260424-0001"
    dossier = sqlite_demo_store.as_user("lan").dossiers.dossier(code)
    assert dossier.due_at == datetime(2026, 4, 29, 11, 30, tzinfo=VN) and dossier.ticket_code == "B001"
    receipt = next(p for p in window.desk.last_pdfs if p.name.endswith("-receipt.pdf"))
    image = pdfium.PdfDocument(receipt.read_bytes())[0].render(scale=200 / 72).to_pil()
    assert ("CODE128", code) in {(c.type, c.data.decode()) for c in decode(image)}
    qtbot.waitUntil(lambda: window.desk.dossier.info is not None and window.desk.dossier.info.code == code,
                    timeout=3000)


def test_a_wedge_scan_anywhere_opens_the_dossier(make_counter, qtbot, sqlite_demo_store):
    clerk = sqlite_demo_store.login("mai", "mai12345")
    d = clerk.dossiers.receive_dossier(procedure=KET_HON, applicant_name="Trần Thị Bình")
    clerk.dossiers.hand_over(d.code, "UBND phường")
    window = make_counter(3)
    window.serving.call_code.setFocus()  # the clerk is typing somewhere else
    scan(window, d.code)
    qtbot.waitUntil(lambda: window.desk.dossier.info is not None, timeout=3000)
    page = window.desk.dossier
    assert window.tabs.currentWidget() is page and page.info.code == d.code
    assert window.serving.call_code.text() == ""  # the scan did not land in the box
    assert page.history.rowCount() == 2 and page.history.item(1, 3).text() == "UBND phường"
    assert "Đang giải quyết" in page.status.text()


def test_an_overdue_dossier_yields_the_apology_pdf(make_counter, qtbot, sqlite_demo_store, clock):
    clerk = sqlite_demo_store.login("mai", "mai12345")
    d = clerk.dossiers.receive_dossier(procedure=KET_HON, applicant_name="Lê Văn Cường")
    clock.advance(days=5)  # due Thursday 11:30; now the next Monday
    window = make_counter(3)
    QTest.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.desk.due.codes() == [d.code], timeout=3000)
    assert "CHƯA XIN LỖI" in window.desk.due.table.item(0, 5).text()
    window.search.setText(d.code)
    QTest.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.desk.dossier.info is not None, timeout=3000)
    page = window.desk.dossier
    assert "Quá hạn" in page.due.text()
    page.note.setText("Chờ xác minh của cơ quan phối hợp")
    new_due = page.new_due.dateTime().toPython()  # proposed: three working days on; the clerk may change it
    assert new_due == datetime(2026, 12, 3, 11, 30)  # Thursday, the end of a morning: never a Sunday
    page.buttons["apology"].click()
    qtbot.waitUntil(lambda: len(window.desk.last_pdfs) == 1, timeout=5000)
    pdf = window.desk.last_pdfs[0]
    assert pdf.name == f"{d.code}-apology-1.pdf"  # a later apology gets its own file
    text = " ".join(pdfium.PdfDocument(pdf.read_bytes())[0].get_textpage().get_text_range().split())
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text and "Chờ xác minh" in text
    assert f"Mã hồ sơ {d.code} · Trang 1/1" in text
    assert f"ngày {new_due:%d/%m/%Y}" in text
    after = sqlite_demo_store.as_user("lan").dossiers.dossier(d.code)
    assert after.apology_count == 1 and after.due_at == new_due.replace(tzinfo=VN)
    assert [s.action for s in after.history][-1] == "apology"
    qtbot.waitUntil(lambda: "CHƯA XIN LỖI" not in window.desk.due.summary.text() and
                    window.desk.due.table.rowCount() == 0, timeout=3000)


def test_the_citizen_screen_asks_and_stores_the_rating(make_counter, qtbot, sqlite_demo_store):
    from sqlalchemy import select

    from db.models import Rating

    sqlite_demo_store.queue.issue_ticket("B")
    window = make_counter(3, citizen_screen=True)
    assert window.citizen.isVisible()
    press(qtbot, window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.citizen.code.text() == "B001", timeout=3000)
    assert not window.citizen.buttons[3].isEnabled()  # nothing to rate before serving
    press(qtbot, window, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: window.citizen.buttons[3].isEnabled(), timeout=3000)
    press(qtbot, window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: window.serving.code.text() == "—", timeout=3000)
    qtbot.mouseClick(window.citizen.buttons[2], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.citizen.thanks.text() != "", timeout=3000)
    with sqlite_demo_store.ctx.read() as s:
        rating = s.scalars(select(Rating)).one()
    assert (rating.score, rating.user_id) == (2, window.clerk.actor.user_id)


def test_a_wrong_password_is_told_and_changes_nothing(qtbot, sqlite_demo_store, settings_for, tmp_path):
    window = QtCounterWindow(settings_for(sqlite_demo_store), sqlite_demo_store,
                             paperwork=Paperwork(tmp_path), open_pdfs=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.login.counter.count() > 0, timeout=5000)
    window.login.username.setText("mai")
    window.login.password.setText("sai")
    window.login.submit()
    qtbot.waitUntil(lambda: window.login.message.text() != "", timeout=3000)
    assert "mật khẩu" in window.login.message.text() and window.clerk is None
    window.close()


def test_intake_prints_the_thermal_receipt_and_a_postal_return_needs_a_tracking_number(
        qtbot, sqlite_demo_store, settings_for, tmp_path, fake_printer):
    from devices.printers import open_printer
    from devices.printers.escpos_parse import parse, render

    settings = settings_for(sqlite_demo_store, fake_printer.url)
    window = QtCounterWindow(settings, sqlite_demo_store, paperwork=Paperwork(tmp_path),
                             printer=open_printer(settings.printer), open_pdfs=False)
    qtbot.addWidget(window)
    window.show()
    sign_in(qtbot, window)
    values = dict(procedure=KET_HON, applicant_name="Võ Thị Hoa", documents=[], channel_in="postal",
                  channel_out="postal")
    window.desk.receive(values)
    job = fake_printer.wait_jobs(1)[0]
    code = "000.00.20.H10-261125-0001"
    check = sqlite_demo_store.as_user("lan").dossiers.dossier(code).check_code
    # the QR holds the code and its check code: the counter's scanner reads the code, the kiosk opens it
    assert f"{code}/{check}" in {d.data.decode() for d in decode(render(parse(job)).convert("L"))}
    qtbot.waitUntil(lambda: window.desk.dossier.info is not None, timeout=3000)
    page = window.desk.dossier
    page.buttons["resolved"].click()
    # the action's own end, not only the page: the page may show the new status first (its live read follows
    # the dossier's event) while the action still writes its papers, and a click then is asked to wait
    qtbot.waitUntil(lambda: page.info.status == "resolved" and page.buttons["return"].isEnabled()
                    and "Đã cập nhật hồ sơ" in window.toast.text(), timeout=3000)
    page.channel.setCurrentIndex(page.channel.findData("postal"))
    page.buttons["return"].click()  # no tracking number: refused, nothing changes
    qtbot.waitUntil(lambda: "vận đơn" in window.toast.text(), timeout=3000)
    assert sqlite_demo_store.as_user("lan").dossiers.dossier(code).status == "resolved"
    page.tracking.setText("EE123456789VN")
    page.buttons["return"].click()
    qtbot.waitUntil(lambda: page.info.status == "returned", timeout=3000)
    assert sqlite_demo_store.as_user("lan").dossiers.dossier(code).tracking_number == "EE123456789VN"
    assert [s.action for s in page.info.history] == ["received", "resolved", "returned"]
    window.close()


def test_refusal_and_supplement_request_are_recorded_with_their_forms(make_counter, qtbot, sqlite_demo_store):
    window = make_counter(3)
    intake = window.desk.intake
    window.desk.pick_procedure(KET_HON)
    qtbot.waitUntil(lambda: intake.procedure is not None, timeout=3000)
    intake.fields["applicant_name"].setText("Đỗ Văn Tám")
    intake.supplement.click()  # no papers listed: told, nothing recorded
    qtbot.waitUntil(lambda: "bổ sung" in window.toast.text(), timeout=3000)
    intake.reason.setPlainText("Giấy xác nhận tình trạng hôn nhân\nBản sao sổ hộ khẩu")
    intake.supplement.click()
    qtbot.waitUntil(lambda: len(window.desk.last_pdfs) == 1, timeout=5000)
    first = sqlite_demo_store.as_user("lan").dossiers.dossier("000.00.20.H10-261125-0001")
    assert first.status == "supplement_requested"
    text = " ".join(pdfium.PdfDocument(window.desk.last_pdfs[0].read_bytes())[0].get_textpage()
                    .get_text_range().split())
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text and "Bản sao sổ hộ khẩu" in text
    assert "Lý do: Hồ sơ chưa đầy đủ thành phần theo quy định, cần bổ sung: Giấy xác nhận" in text  # never empty
    window.desk.pick_procedure(KET_HON)
    qtbot.waitUntil(lambda: intake.procedure is not None, timeout=3000)
    intake.fields["applicant_name"].setText("Đỗ Văn Chín")
    intake.reason.setPlainText("Không thuộc thẩm quyền giải quyết của UBND quận")
    intake.refuse.click()
    qtbot.waitUntil(lambda: window.desk.last_pdfs and window.desk.last_pdfs[0].name.endswith("refusal.pdf"),
                    timeout=5000)
    assert sqlite_demo_store.as_user("lan").dossiers.dossier("000.00.20.H10-261125-0002").status == "refused"
    text = " ".join(pdfium.PdfDocument(window.desk.last_pdfs[0].read_bytes())[0].get_textpage()
                    .get_text_range().split())
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and "Không thuộc thẩm quyền" in text


def test_the_due_list_shows_a_dossier_waiting_for_papers_as_paused_not_negative_days(qtbot, sqlite_demo_store, clock):
    from counter.qt_due import QtDueList

    clerk = sqlite_demo_store.login("lan", "lan12345")
    d = clerk.dossiers.receive_dossier(procedure=KET_HON, applicant_name="Võ Thị Hoa")
    clerk.dossiers.request_supplement(d.code, ["Bản sao giấy khai sinh"])
    clock.advance(days=14)  # long past the appointment: the count stood still meanwhile
    d = clerk.dossiers.dossier(d.code)
    days = clerk.calendar.calendar().working_days_left(d.due_at, clerk.now())
    assert days < 0  # what the list used to print as "Còn -… ngày làm việc"
    due = QtDueList()
    qtbot.addWidget(due)
    due.show_list([(d, days)], clerk.now(), clerk.office().tz)
    assert due.table.item(0, 4).text() == "Tạm dừng, chờ bổ sung"
