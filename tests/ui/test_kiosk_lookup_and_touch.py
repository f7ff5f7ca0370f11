"""The kiosk's lookups as a citizen uses them: the printed guide, a ticket from a procedure, lookups out of
hours, and fingers: touch targets of at least 15 mm and lists that scroll by dragging."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QScroller

from devices.printers import open_printer
from devices.printers.escpos_parse import parse
from fit_tools import at_size, problems, themed  # noqa: F401 - fixture
from kiosk.qt_kiosk import QtKioskWindow
from kiosk_tools import make_kiosk, tap  # noqa: F401 - a fixture

KHAI_SINH = "1.001193.000.00.00.H10"  # field B; Tờ khai and Giấy chứng sinh bản chính, CCCD either


def open_procedure(qtbot, window, code: str) -> None:
    window.open_procedures()
    window.procedure_page.query.setText(code)
    qtbot.waitUntil(lambda: window.procedure_page.results.count() == 1
                    and window.procedure_page.results.item(0).data(256) == code)
    results = window.procedure_page.results
    qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton,
                     pos=results.visualItemRect(results.item(0)).center())
    qtbot.waitUntil(lambda: window.procedure_page.current_code == code)


def test_the_printed_guide_says_how_many_originals_and_copies_as_the_screen_does(qtbot, sqlite_demo_store,
                                                                               settings_for, fake_printer):
    settings = settings_for(sqlite_demo_store, fake_printer.url)
    settings.printer.text_mode = True  # the slip's words as text, to read them back
    window = QtKioskWindow(settings, sqlite_demo_store, open_printer(settings.printer), start_bridge=False)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitUntil(lambda: window.ready)
    open_procedure(qtbot, window, KHAI_SINH)
    shown = window.procedure_page.detail.toPlainText()
    tap(qtbot, window.procedure_page.print)
    job = fake_printer.wait_jobs(1)[0]
    printed = " ".join(e.value for e in parse(job) if e.kind == "text")
    for line in ("Giấy chứng sinh (1 bản chính)", "Tờ khai theo mẫu (1 bản chính)",
                 "Căn cước công dân của người đi đăng ký (1 bản chính hoặc bản sao)"):
        assert line in shown
        assert line in " ".join(printed.split())  # a long line may wrap on the paper
    window.close()


def test_a_ticket_for_the_procedure_read(make_kiosk, qtbot, sqlite_demo_store):
    window = make_kiosk()
    open_procedure(qtbot, window, KHAI_SINH)
    take = window.procedure_page.take
    qtbot.waitUntil(take.isVisible)
    assert take.text() == "Lấy số cho thủ tục này" and take.isEnabled()
    tap(qtbot, take)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.ticket_page)
    assert window.ticket_page.code.text() == "B001"  # Hộ tịch, the procedure's field
    assert [t.code for t in sqlite_demo_store.queue.waiting("B")] == ["B001"]
    # a new search: the button goes with the procedure it was for
    window.go_home()
    window.open_procedures()
    assert not window.procedure_page.take.isVisible()


def test_a_procedure_of_a_field_closed_today_says_so_on_its_ticket_button(make_kiosk, qtbot, sqlite_demo_store):
    window = make_kiosk()
    sqlite_demo_store.as_user("quanly").setup.close_service_today("B")
    window.refresh()
    qtbot.waitUntil(lambda: not window.home.tiles["B"].isEnabled())
    open_procedure(qtbot, window, KHAI_SINH)
    take = window.procedure_page.take
    assert take.isVisible() and not take.isEnabled() and take.text() == "Lấy số: lĩnh vực này tạm ngưng hôm nay"


@pytest.mark.usefixtures("themed")
def test_out_of_hours_lookups_work_and_only_taking_a_ticket_waits(make_kiosk, qtbot, clock, sqlite_demo_store):
    clock.set(2026, 11, 25, 18, 0)
    window = make_kiosk()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.closed_page)
    page = window.closed_page
    assert "lấy số lúc 07:30 26/11/2026" in page.body.text()
    assert "vẫn tra cứu được thủ tục và hồ sơ" in page.note.text() and page.note.isVisible()
    for size in ((1366, 768), (1080, 1920), (1920, 1080)):  # the whole note and both lookups, on each kiosk
        at_size(window, *size)
        qtbot.wait(10)
        assert not problems(window, *size), size
    tap(qtbot, page.findChild(QAbstractButton, "btn-closed-procedures"))
    open_procedure(qtbot, window, KHAI_SINH)
    assert "Giấy chứng sinh" in window.procedure_page.detail.toPlainText()
    take = window.procedure_page.take
    assert take.isVisible() and not take.isEnabled() and take.text() == "Lấy số: chỉ trong giờ làm việc"
    window.go_home()
    tap(qtbot, page.findChild(QAbstractButton, "btn-closed-dossier"))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.dossier_page)
    window.dossier_page.code.setText("000.00.20.H10-261125-9999")
    window.dossier_page.check.setText("ABC234")  # with the receipt's check code, as any look-up
    tap(qtbot, window.dossier_page.findChild(QAbstractButton, "btn-lookup"))
    qtbot.waitUntil(lambda: "9999" in window.dossier_page.result.toPlainText())  # the store answered, hours or not
    assert sqlite_demo_store.queue.waiting("B") == []


TOUCH_SIZES = [(1366, 768), (1920, 1080), (1080, 1920)]


def small_buttons(window) -> list[str]:
    """Every button the kiosk shows now that is under 15 mm either way on its glass."""
    from ui.screen_fit import px_per_mm

    per_mm = px_per_mm(window)
    return [f"{b.objectName() or b.text()[:20]!r} {b.width() / per_mm:.1f}×{b.height() / per_mm:.1f} mm"
            for b in window.findChildren(QAbstractButton)
            if b.isVisible() and min(b.width(), b.height()) / per_mm < 15.0 - 1e-6]


@pytest.mark.usefixtures("themed")
@pytest.mark.parametrize("size", TOUCH_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_kiosk_button_is_at_least_15_mm_on_the_glass(qtbot, make_kiosk, sqlite_demo_store, size):
    from ui.screen_fit import px_per_mm

    window = make_kiosk()
    at_size(window, *size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    # the test screen reports no size of this window's: the 21.5-inch kiosk the apps assume then
    assert px_per_mm(window) == pytest.approx((size[0] ** 2 + size[1] ** 2) ** 0.5 / (21.5 * 25.4))
    seen = {}

    def check(what: str) -> None:
        qtbot.wait(10)
        seen[what] = small_buttons(window)

    check("home")
    window.open_priority()
    window.priority_page.choose_group("elderly")
    check("priority")
    window.go_home()
    open_procedure(qtbot, window, KHAI_SINH)
    check("a procedure")
    tap(qtbot, window.procedure_page.show_keyboard)
    check("procedures with the keyboard")
    window.show_page(window.dossier_page)
    check("dossier lookup")
    window.show_page(window.pin_page)
    check("PIN")
    window.show_page(window.service_page)
    check("manager's page")
    window.ticket_page.show_ticket(sqlite_demo_store.queue.issue_ticket("C"), (5,))
    window.ticket_page.reprint.show()
    window.show_page(window.ticket_page)
    check("ticket")
    assert not any(seen.values()), "\n".join(f"{k}: {v}" for k, v in seen.items() if v)
    assert not problems(window, *size)  # and the bigger buttons still fit the screen


def drag(qtbot, widget, start: QPoint, end: QPoint, steps: int = 12) -> None:
    """A finger pressed at `start`, drawn to `end` over ~100 ms, and lifted."""
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, steps + 1):
        qtbot.wait(8)
        QTest.mouseMove(widget, start + (end - start) * (i / steps))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def test_a_finger_drags_the_procedure_list_and_a_tap_still_opens_a_row(make_kiosk, qtbot):
    window = make_kiosk()
    window.open_procedures()
    results = window.procedure_page.results
    qtbot.waitUntil(lambda: results.count() > 10)
    bar = results.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # more rows than the list shows
    assert bar.value() == 0
    middle = results.viewport().rect().center()
    drag(qtbot, results.viewport(), middle + QPoint(0, 150), middle - QPoint(0, 150))
    qtbot.waitUntil(lambda: bar.value() > 100)  # the rows followed the finger (and glide on)
    assert window.procedure_page.current_code == ""  # a drag is not a tap: nothing opened
    qtbot.waitUntil(lambda: QScroller.scroller(results.viewport()).state() == QScroller.State.Inactive)
    item = results.itemAt(middle)
    qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    qtbot.waitUntil(lambda: window.procedure_page.current_code == item.data(256))


@pytest.mark.usefixtures("themed")
def test_on_a_portrait_kiosk_both_lines_of_the_priority_button_show(qtbot, make_kiosk):
    window = make_kiosk()
    at_size(window, 1080, 1920)
    qtbot.waitUntil(lambda: window.home.portrait)
    qtbot.wait(10)
    button = window.home.priority
    lines = button.text().split("\n")
    assert len(lines) == 2
    fm = button.fontMetrics()
    assert max(fm.horizontalAdvance(line) for line in lines) < button.width()
    # the text's two lines with the button's padding (the style's own measure) fit the button's height
    assert button.height() >= button.minimumSizeHint().height() >= 2 * fm.height()
