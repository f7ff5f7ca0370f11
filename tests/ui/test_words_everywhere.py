"""What the manager reads: export names, messages, dates and the audit log in Vietnamese words and codes;
ticket previews named by the office's clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from fit_tools import at_size, label_problem, themed  # noqa: F401 - fixture
from kiosk_tools import make_kiosk, tap  # noqa: F401 - a fixture
from test_admin import make_admin  # noqa: F401 - a fixture

from db.store.base import KIOSK

pytestmark = pytest.mark.usefixtures("themed")


@pytest.fixture
def admin(qtbot, make_admin):  # noqa: F811 - a fixture
    """admin(username, password) → the admin window on a 1366×768 screen, signing in."""
    def make(username: str = "quanly", password: str = "quanly123"):
        window = make_admin(username, password)
        at_size(window, 1366, 768)
        return window
    return make


def test_the_export_is_offered_under_a_name_in_vietnamese_words(qtbot, admin):
    window = admin()
    qtbot.waitUntil(lambda: window.manager is not None)
    page = window.show_page("reports")
    qtbot.waitUntil(lambda: page.report is not None and not page.loading)  # this month so far, first
    page.choose("queue", start=date(2026, 10, 1), end=date(2026, 10, 31))
    qtbot.waitUntil(lambda: not page.loading and page.request().start == date(2026, 10, 1))
    offered = []

    def read_the_dialog() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()),
                      None)
        if dialog is None:
            QTimer.singleShot(50, read_the_dialog)
            return
        offered.append(dialog.selectedFiles()[0])
        dialog.reject()

    QTimer.singleShot(50, read_the_dialog)
    next(b for b in page.findChildren(QPushButton) if b.text() == "Xuất Excel").click()
    qtbot.waitUntil(lambda: bool(offered))
    assert offered[0].endswith("bao-cao-hang-doi-2026-10.xlsx")
    page.choose("dossiers", start=date(2026, 11, 2), end=date(2026, 11, 15))
    from admin.reports.export import export_file_name
    assert export_file_name(page.request(), ".pdf") == "bao-cao-ho-so-2026-11-02-den-2026-11-15.pdf"


def test_a_clerk_at_the_managers_page_reads_the_whole_refusal(qtbot, admin):
    window = admin("lan", "lan12345")
    message = window.login.message
    qtbot.waitUntil(lambda: message.text() != "")
    assert "không mở được trang quản lý" in message.text() and window.manager is None
    qtbot.wait(10)
    assert message.isVisible() and label_problem(message) is None  # every line of it, at 1366×768


def test_a_new_notice_starts_today_by_the_stores_clock(qtbot, admin, sqlite_demo_store, clock):
    clock.set(2026, 11, 26, 8, 0)
    window = admin()
    qtbot.waitUntil(lambda: window.manager is not None)
    page = window.show_page("display")
    for day in (page.starts_on, page.ends_on):
        assert day.edit.date().toPython() == date(2026, 11, 26)
        day.check.setChecked(True)  # ticked: today is what it holds, not 01/01/2000
        assert day.edit.text() == "26/11/2026"


def test_audit_lines_name_tickets_by_their_code_and_values_in_words(qtbot, admin, sqlite_demo_store):
    store = sqlite_demo_store
    for _ in range(4):
        store.queue.issue_ticket("A")
    kiosk = store.acting_as(replace(KIOSK, station="kiosk"))  # a kiosk marks only the tickets it issued
    ticket = kiosk.queue.issue_ticket("A", "disabled", kiosk="kiosk")  # A005, behind four others but first in line
    kiosk.queue.mark_printed(ticket.id, True)
    clerk = store.login("lan", "lan12345")
    clerk.queue.open_counter(1)
    called = clerk.queue.call_next(1)
    assert called.code == "A005"
    clerk.queue.record_rating(called.id, 3)
    window = admin()
    qtbot.waitUntil(lambda: window.manager is not None)
    page = window.show_page("audit")
    qtbot.waitUntil(lambda: len(page.lines) > 5)
    rows = [" | ".join(str(page.model.cell(r, c)) for c in range(5)) for r in range(page.model.rowCount())]
    text = "\n".join(rows)
    assert any("Cấp số | Số thứ tự A005 | ưu tiên: Người khuyết tật" in row for row in rows), text
    assert any("In số | Số thứ tự A005 | in được: có" in row for row in rows), text
    assert any("Đánh giá hài lòng | Số thứ tự A005 | đánh giá: Rất hài lòng" in row for row in rows), text
    assert any("Mở quầy | Quầy 1" in row for row in rows), text
    for english in ("disabled", "score", "clerk", f"Số thứ tự {ticket.id} "):
        assert english not in text
    assert f"Số thứ tự {ticket.id}\n" not in text + "\n"


def test_preview_tickets_are_named_by_the_offices_time(qtbot, make_kiosk, tmp_path, clock):  # noqa: F811
    clock.set(2026, 11, 25, 9, 41)  # 02:41 UTC
    window = make_kiosk()
    tap(qtbot, window.home.tiles["B"])
    qtbot.waitUntil(lambda: window.printer.last_preview is not None)
    assert window.printer.last_preview.name.startswith("20261125-0941")
    assert window.printer.last_preview.name.endswith("-ticket-B001.png")
