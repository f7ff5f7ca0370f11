"""Queue rules at the seams between the counter window and the store, on both databases:
a quick second F1, a called citizen who never came, signing out with a number called,
counters created after the sign-in screen opened."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from core.settings import Settings
from counter.paperwork import Paperwork
from counter.qt_counter import QtCounterWindow
from display.qt_display import QtDisplayWindow
from test_counter import STAFF

WAIT = 20000  # a loaded 2-core machine


def sign_in(qtbot, window, counter: int) -> None:
    qtbot.waitUntil(lambda: window.login.counter.findData(counter) >= 0, timeout=WAIT)
    username, password = STAFF[counter]
    window.login.username.setText(username)
    window.login.password.setText(password)
    window.login.counter.setCurrentIndex(window.login.counter.findData(counter))
    window.login.submit()
    qtbot.waitUntil(lambda: window.clerk is not None, timeout=WAIT)


def press(qtbot, window, key) -> None:
    """A function key on this window (shortcuts need it to be the active one)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT)
    QTest.keyClick(window, key)


@pytest.fixture
def counter_on(qtbot, demo_store, settings_for, tmp_path):
    """A real counter window on the demo office (SQLite and PostgreSQL), signed in at `counter`."""
    windows = []

    def make(counter: int = 3, signed_in: bool = True):
        window = QtCounterWindow(settings_for(demo_store), demo_store, paperwork=Paperwork(tmp_path / f"f{counter}"),
                                 open_pdfs=False)
        qtbot.addWidget(window)
        window.resize(1600, 960)
        window.show()
        windows.append(window)
        if signed_in:
            sign_in(qtbot, window, counter)
            qtbot.waitUntil(lambda: window.queue.figures.text() != "", timeout=WAIT)
        return window

    yield make
    for w in windows:
        w.close()


def statuses(store, *codes: str) -> dict[str, str]:
    return {code: store.queue.ticket(code).status for code in codes}


def idle(window) -> bool:
    return not window.runner.busy_with("queue")


@pytest.mark.parametrize("gap_ms", [0, 50])
def test_two_f1_presses_within_50_ms_call_exactly_one_citizen_and_skip_nobody(counter_on, qtbot, demo_store, gap_ms):
    """Whatever the gap up to 50 ms: the second press comes while the first call is out (refused, the
    buttons show busy) or after it (the citizen just called has not come yet: it asks). Never a second call."""
    for _ in range(3):
        demo_store.queue.issue_ticket("B")
    window = counter_on(3)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT)
    QTest.keyClick(window, Qt.Key.Key_F1)
    if gap_ms:
        qtbot.wait(gap_ms)
    else:  # back to back: the first call is still out, the buttons say so
        assert window.runner.busy_with("queue")
        assert not window.serving.buttons["call_next"].isEnabled()
        assert window.serving.buttons["call_next"].text() == "Đang xử lý…"
    QTest.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.current is not None and idle(window), timeout=WAIT)
    qtbot.waitUntil(lambda: window.serving.buttons["call_next"].isEnabled(), timeout=WAIT)
    assert window.serving.code.text() == "B001"
    assert statuses(demo_store, "B001", "B002", "B003") == {"B001": "called", "B002": "waiting", "B003": "waiting"}
    qtbot.waitUntil(lambda: window.queue.waiting_codes() == ["B002", "B003"], timeout=WAIT)


def test_f1_on_a_citizen_who_never_came_asks_and_never_counts_them_served(counter_on, qtbot, demo_store):
    for _ in range(2):
        demo_store.queue.issue_ticket("B")
    window = counter_on(3)
    press(qtbot, window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.current is not None and window.current.code == "B001" and idle(window),
                    timeout=WAIT)
    press(qtbot, window, Qt.Key.Key_F1)  # nobody came to the counter
    qtbot.waitUntil(lambda: window.serving.note.isVisible(), timeout=WAIT)
    assert "B001" in window.serving.note.text() and "F5" in window.serving.note.text()
    assert statuses(demo_store, "B001", "B002") == {"B001": "called", "B002": "waiting"}  # nothing happened
    press(qtbot, window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.current is None and idle(window), timeout=WAIT)
    assert not window.serving.note.isVisible()
    press(qtbot, window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.current is not None and window.current.code == "B002", timeout=WAIT)
    assert statuses(demo_store, "B001", "B002") == {"B001": "no_show", "B002": "called"}
    qtbot.waitUntil(lambda: "đã phục vụ 0 · vắng mặt 1" in window.queue.figures.text(), timeout=WAIT)


def test_signing_out_with_a_number_called_asks_and_puts_it_back_first_in_line(counter_on, qtbot, demo_store):
    for _ in range(2):
        demo_store.queue.issue_ticket("B")
    window = counter_on(3)
    press(qtbot, window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.current is not None and idle(window), timeout=WAIT)
    assert demo_store.queue.display_board().counters[2].current.code == "B001"
    window.logout_button.click()
    assert window.question.isVisible() and "B001" in window.question.text.text()
    assert set(window.question.buttons) == {"waiting", "no_show", "stay"}
    assert window.clerk is not None and demo_store.queue.ticket("B001").status == "called"  # asked, nothing done yet
    window.question.buttons["waiting"].click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login, timeout=WAIT)
    assert statuses(demo_store, "B001", "B002") == {"B001": "waiting", "B002": "waiting"}
    board = demo_store.queue.display_board()
    counter = next(c for c in board.counters if c.number == 3)
    assert counter.current is None and counter.clerk == ""
    assert "B001" not in [r.code for r in board.recent]  # the wall no longer shows it called
    tuan = demo_store.login(*STAFF[4])
    assert tuan.queue.call_next(4).code == "B001"  # it kept its place


def test_signing_out_as_absent_clears_the_wall(counter_on, qtbot, demo_store):
    demo_store.queue.issue_ticket("B")
    settings = Settings(db_url=demo_store.engine.url.render_as_string(hide_password=False))
    wall = QtDisplayWindow(settings, demo_store, speak=False, video=False)
    qtbot.addWidget(wall)
    wall.show()
    try:
        qtbot.waitUntil(lambda: wall.ready, timeout=WAIT)
        window = counter_on(3)
        press(qtbot, window, Qt.Key.Key_F1)
        qtbot.waitUntil(lambda: wall.grid.tiles[3].code.text() == "B001" and wall.hero.code.text() == "B001",
                        timeout=WAIT)
        qtbot.waitUntil(lambda: window.current is not None and idle(window), timeout=WAIT)
        window.logout_button.click()
        window.question.buttons["no_show"].click()
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login, timeout=WAIT)
        assert demo_store.queue.ticket("B001").status == "no_show"
        qtbot.waitUntil(lambda: wall.grid.tiles[3].code.text() == "—" and "B001" not in
                        [code for code, _ in wall.recent.calls] and not wall.hero.blinking and
                        wall.hero.code.text() != "B001", timeout=WAIT + 10000)
    finally:
        wall.close()


def test_staying_keeps_the_citizen_and_the_clerk(counter_on, qtbot, demo_store):
    demo_store.queue.issue_ticket("B")
    window = counter_on(3)
    press(qtbot, window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.current is not None and idle(window), timeout=WAIT)
    window.logout_button.click()
    window.question.buttons["stay"].click()
    assert not window.question.isVisible() and window.stack.currentWidget() is window.desk_page
    assert demo_store.queue.ticket("B001").status == "called" and window.clerk is not None


def test_the_sign_in_screen_sees_counters_created_after_it_opened(counter_on, qtbot, demo_store):
    window = counter_on(signed_in=False)
    qtbot.waitUntil(lambda: window.login.counter.count() > 0, timeout=WAIT)
    before = window.login.counter.count()
    window.login.counter.setCurrentIndex(window.login.counter.findData(4))
    manager = demo_store.login("quanly", "quanly123")
    manager.setup.save_counter(number=9, name="Quầy 9 - Mới", services=["B"])
    qtbot.waitUntil(lambda: window.login.counter.findData(9) >= 0, timeout=WAIT)
    assert window.login.counter.count() == before + 1
    assert window.login.counter.currentData() == 4  # the clerk's choice is kept
    window.login.counter.setCurrentIndex(window.login.counter.findData(9))
    window.login.username.setText("mai")
    window.login.password.setText("mai12345")
    window.login.submit()
    qtbot.waitUntil(lambda: window.clerk is not None and window.counter == 9, timeout=WAIT)
