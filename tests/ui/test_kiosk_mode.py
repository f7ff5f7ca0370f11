"""The kiosk left alone all day: the next citizen, idle time, closed fields, typing, the manager's page."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton

from core.text import fold
from db import Store
from db.demo import DEMO_PIN
from kiosk.qt_kiosk import QtKioskWindow
from kiosk_tools import make_kiosk, tap  # noqa: F401 - a fixture


def button(window, name: str) -> QPushButton:
    found = window.findChild(QPushButton, name)
    assert found is not None, name
    return found


def test_after_done_the_next_citizen_takes_the_next_number(make_kiosk, qtbot, fake_printer, sqlite_demo_store):
    window = make_kiosk(fake_printer.url)
    tap(qtbot, window.home.tiles["A"])
    qtbot.waitUntil(lambda: window.ticket_page.code.text() == "A001", timeout=5000)
    tap(qtbot, button(window.ticket_page, "btn-done"))
    assert window.stack.currentWidget() is window.home
    qtbot.waitUntil(lambda: window.home.tiles["A"].isEnabled() and window.can_take(), timeout=3000)
    tap(qtbot, window.home.tiles["A"], later_ms=1_000)  # the next citizen, a moment later
    qtbot.waitUntil(lambda: window.ticket_page.code.text() == "A002", timeout=5000)
    assert len(fake_printer.wait_jobs(2)) == 2
    assert [t.code for t in sqlite_demo_store.queue.waiting("A")] == ["A001", "A002"]


def test_idle_time_goes_home_and_forgets_the_last_dossier(make_kiosk, qtbot, sqlite_demo_store):
    clerk = sqlite_demo_store.login("lan", "lan12345")
    d = clerk.dossiers.receive_dossier(procedure="1.000894.000.00.00.H10", applicant_name="Lê Thị Hoa")
    window = make_kiosk(idle_ms=5000)  # longer than a look-up on a loaded machine: the answer is seen first
    tap(qtbot, window.home.dossier)
    window.dossier_page.code.setText(d.code)
    window.dossier_page.check.setText(d.check_code)
    tap(qtbot, button(window.dossier_page, "btn-lookup"))
    qtbot.waitUntil(lambda: "L. T. H." in window.dossier_page.result.toPlainText(), timeout=5000)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home, timeout=3000)
    tap(qtbot, window.home.dossier)
    assert window.dossier_page.code.text() == window.dossier_page.check.text() == ""
    assert window.dossier_page.result.toPlainText() == ""


def test_a_field_closed_for_the_day_cannot_be_taken(make_kiosk, qtbot, sqlite_demo_store):
    window = make_kiosk()
    manager = sqlite_demo_store.login("quanly", "quanly123")
    manager.setup.close_service_today("E")
    qtbot.waitUntil(lambda: not window.home.tiles["E"].isEnabled(), timeout=5000)
    assert "Tạm ngưng hôm nay" in window.home.tiles["E"].text()
    assert window.home.tiles["A"].isEnabled()
    tap(qtbot, window.home.priority)
    assert "pfield-E" not in {b.objectName() for b in window.priority_page.buttons}
    manager.setup.close_service_today("E", closed=False)
    qtbot.waitUntil(lambda: window.home.tiles["E"].isEnabled(), timeout=5000)
    assert "người đang chờ" in window.home.tiles["E"].text()


def test_typing_on_the_screen_keyboard_finds_procedures_without_diacritics(make_kiosk, qtbot):
    window = make_kiosk()
    tap(qtbot, window.home.procedures)
    page = window.procedure_page
    for key in "KHAI":
        tap(qtbot, button(page, f"key-{key}"))
    tap(qtbot, button(page, "key-Dấu cách"))
    for key in "SINH":
        tap(qtbot, button(page, f"key-{key}"))
    assert page.query.text() == "khai sinh"

    def only_matches() -> bool:
        names = [page.results.item(i).text().split("\n")[0] for i in range(page.results.count())]
        return bool(names) and all("khai sinh" in fold(n) for n in names)
    qtbot.waitUntil(only_matches, timeout=5000)  # every key searched; only the last answer is shown
    assert any(page.results.item(i).text().startswith("Đăng ký khai sinh") for i in range(page.results.count()))


def test_the_managers_page_shows_the_printer_and_paper_low_reaches_the_store(make_kiosk, qtbot, fake_printer,
                                                                             sqlite_demo_store):
    fake_printer.near_end = True
    window = make_kiosk(fake_printer.url, station="kiosk-2")
    qtbot.waitUntil(lambda: "kiosk-2" in sqlite_demo_store.setup.printer_statuses(), timeout=5000)
    assert sqlite_demo_store.setup.printer_statuses()["kiosk-2"]["status"] == "near_end"
    assert all(t.isEnabled() for t in window.home.tiles.values())  # near end still prints
    tap(qtbot, window.admin_button)
    window.pin_page.pin.setText(DEMO_PIN)
    tap(qtbot, button(window.pin_page, "btn-unlock"))
    qtbot.waitUntil(lambda: window.service_page.printer_state.text() != "", timeout=5000)
    tap(qtbot, button(window.service_page, "btn-service-home"))
    assert window.stack.currentWidget() is window.home and window.isVisible()


@pytest.mark.pg
def test_a_kiosk_started_while_the_database_is_down_waits_then_serves(qtbot, pg_demo_store, settings_for):
    from pg_tools import pg_cut_off

    settings = settings_for(pg_demo_store)
    url = settings.db_url
    # opened while the server was up (ui/startup.py retries Store.open itself while it is down); the
    # server then goes away before the kiosk's first read
    store = Store.open(url, migrate=False, clock=pg_demo_store.clock)
    pg_cut_off(url, allow=False)
    try:
        window = QtKioskWindow(settings, store, None)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.unavailable_page, timeout=10000)
        assert window.unavailable_page.title.text() == "Tạm ngưng phục vụ"
        qtbot.waitUntil(lambda: window.retry.isActive(), timeout=5000)
        assert not window.toast.isVisible()  # the screen says it all: no technical error on top
    finally:
        pg_cut_off(url, allow=True)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home and bool(window.home.tiles), timeout=10000)
    assert pg_demo_store.office().name in window.office_label.text()
    window.close()
    store.close()
