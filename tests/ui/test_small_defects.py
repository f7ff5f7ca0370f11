"""Small things a citizen or clerk tripped on (issue 11): stale panes, silent buttons, states that do not show."""

from __future__ import annotations

import pytest

from datetime import timedelta

from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from core.settings import Settings
from fit_tools import themed  # noqa: F401 - fixture
from kiosk_tools import make_kiosk, tap, tap_stamped  # noqa: F401 - fixture
from kiosk.qt_kiosk import SETTLE_S
from ui import theme


pytestmark = pytest.mark.usefixtures("themed")  # measured in the look the apps have


def colour_at(widget, x: int, y: int) -> QColor:
    return widget.grab().toImage().pixelColor(x, y)


def near(colour: QColor, hex_colour: str, slack: int = 24) -> bool:
    want = QColor(hex_colour)
    return all(abs(a - b) <= slack for a, b in ((colour.red(), want.red()), (colour.green(), want.green()),
                                                 (colour.blue(), want.blue())))


def test_a_new_search_clears_the_procedure_read_before_and_printing_nothing_says_why(qtbot, make_kiosk):  # noqa: F811
    window = make_kiosk()
    page = window.procedure_page
    window.open_procedures()
    page.query.setText("khai sinh")
    qtbot.waitUntil(lambda: page.results.count() >= 1
                    and all("khai sinh" in page.results.item(i).text().lower() for i in range(page.results.count())))
    window.open_procedure(page.results.item(0).data(256))  # the row touched
    qtbot.waitUntil(lambda: "khai sinh" in page.detail.toPlainText().lower())
    page._keyboard(True)  # "Tìm thủ tục khác"
    page.query.setText("ket hon")
    assert page.detail.toPlainText() == "" and page.current_code == ""
    tap(qtbot, page.print)
    qtbot.waitUntil(lambda: window.toast.isVisible())
    assert "chọn một thủ tục" in window.toast.text()


def test_the_chosen_field_and_priority_group_are_marked(qtbot, make_kiosk):  # noqa: F811
    window = make_kiosk()
    window.open_procedures()
    page = window.procedure_page
    chip = next(b for b in page.field_buttons if b.objectName() == "field-B")
    other = next(b for b in page.field_buttons if b.objectName() == "field-A")
    tap(qtbot, chip)
    assert chip.isChecked() and not other.isChecked()
    assert near(colour_at(chip, 8, chip.height() // 2), theme.GOLD)  # gold fill, not the navy of the others
    assert near(colour_at(other, 8, other.height() // 2), theme.NAVY)
    window.go_home()
    window.open_priority()
    groups = window.priority_page.group_buttons
    tap(qtbot, groups["elderly"])
    assert groups["elderly"].isChecked() and not groups["child"].isChecked()
    assert near(colour_at(groups["elderly"], 12, groups["elderly"].height() // 2), theme.GOLD)
    assert near(colour_at(groups["child"], 12, groups["child"].height() // 2), theme.RED)


def test_no_show_and_cancel_are_not_bright_red_with_nobody_called(qtbot, sqlite_demo_store, settings_for, tmp_path):
    from counter.paperwork import Paperwork
    from counter.qt_counter import QtCounterWindow

    window = QtCounterWindow(settings_for(sqlite_demo_store), sqlite_demo_store, paperwork=Paperwork(tmp_path),
                             open_pdfs=False, start_bridge=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.login.counter.count() > 0)
    button = window.login.button
    assert near(colour_at(button, 6, button.height() // 2), theme.NAVY)  # "Đăng nhập" looks pressable
    window.login.username.setText("lan")
    window.login.password.setText("lan12345")
    window.login.counter.setCurrentIndex(window.login.counter.findData(1))
    window.login.submit()
    qtbot.waitUntil(lambda: window.clerk is not None and window.queue.figures.text() != "")
    for name in ("no_show", "cancel"):
        button = window.serving.buttons[name]
        assert not button.isEnabled()
        assert not near(colour_at(button, 6, button.height() // 2), theme.RED, slack=40)
    window.close()


def _display(qtbot, store):
    from display.qt_display import QtDisplayWindow

    settings = Settings(db_url=store.engine.url.render_as_string(hide_password=False))
    window = QtDisplayWindow(settings, store, video=False, speak=False, start_bridge=False)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    return window


def test_the_big_call_area_lets_go_of_an_old_call(qtbot, sqlite_demo_store, clock):
    store = sqlite_demo_store
    store.queue.issue_ticket("A")
    clerk = store.login("lan", "lan12345")
    clerk.queue.open_counter(1)
    clerk.queue.call_next(1)
    window = _display(qtbot, store)
    qtbot.waitUntil(lambda: window.ready and window.hero.code.text() == "A001")
    clock.advance(minutes=4)  # nobody called since
    window.refresh()
    qtbot.waitUntil(lambda: window.hero.code.text() == "—")
    assert window.recent.calls[0][0] == "A001"  # still listed under "Số vừa gọi"
    window.close()


def test_a_board_with_no_office_says_so(qtbot, store):
    window = _display(qtbot, store)
    qtbot.waitUntil(lambda: "Chưa thiết lập cơ quan" in window.header.office.text())
    assert window.hero.title.text() == "Màn hình chưa có dữ liệu"
    window.close()


def test_vietnamese_decimals_in_the_manager_catalog(qtbot, sqlite_demo_store, settings_for):
    from admin.qt_admin import QtAdminWindow

    window = QtAdminWindow(settings_for(sqlite_demo_store), sqlite_demo_store, username="quanly",
                           first_page="catalog", start_bridge=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.login.office.text() != "")
    window.login.password.setText("quanly123")
    window.login.submit()
    qtbot.waitUntil(lambda: window.manager is not None)
    page = window.pages["catalog"]
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    days = {page.model.cell(r, 3) for r in range(page.model.rowCount())}
    assert "0,5" in days and not any("." in d for d in days)
    window.close()


def test_the_hold_is_minutes_not_forever():
    from display.qt_display import HERO_HOLD_S

    assert timedelta(seconds=HERO_HOLD_S) <= timedelta(minutes=5)


def test_a_double_tap_on_done_does_not_open_the_priority_path(qtbot, make_kiosk, fake_printer):  # noqa: F811
    window = make_kiosk(fake_printer.url)
    tap(qtbot, window.home.tiles["A"])
    qtbot.waitUntil(lambda: window.ticket_page.code.text() == "A001")
    done = next(b for b in window.ticket_page.findChildren(type(window.home.priority)) if b.objectName() == "btn-done")
    at = 10_000_000  # the input system's clock, in ms
    tap_stamped(done, at)
    # the kiosk is busy drawing the new home for longer than a double tap lasts, then handles the second half
    QTest.qWait(int(SETTLE_S * 1000) + 200)
    tap_stamped(window.home.priority, at + 150)  # the second half of the double tap, where ƯU TIÊN now is
    assert window.stack.currentWidget() is window.home
    tap_stamped(window.home.priority, at + 1_000)  # a real touch, a moment later
    assert window.stack.currentWidget() is window.priority_page


def test_the_pin_pad_erase_keys_are_as_large_as_the_digits(qtbot, make_kiosk):  # noqa: F811
    window = make_kiosk()
    window.show_page(window.pin_page)
    qtbot.wait(10)
    keys = {b.text(): b for b in window.pin_page.findChildren(type(window.home.priority))}
    for name in ("Xóa", "Xóa hết"):
        assert keys[name].width() >= keys["5"].width() and keys[name].height() >= keys["5"].height() * 0.9
