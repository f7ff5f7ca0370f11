"""PostgreSQL's own full disk (SQLSTATE 53100), on a private server whose database lives on a small tmpfs:
the store says DiskFull in Vietnamese and writes nothing; a running kiosk stops issuing while it lasts and
comes back by itself when space is freed; a counter's banner does the same."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from db import Store
from db.demo import seed_demo
from db.errors import DiskFull
from disk_tools import fill, use_up_room
from kiosk_tools import make_kiosk, tap  # noqa: F401 - a fixture
from pg_private import private_server_on_tiny_disk
from test_counter_seams import WAIT, idle, press, statuses
from test_store_trouble import signed_in_counter

FULL = ("Ổ đĩa chứa cơ sở dữ liệu đã đầy (máy chủ cơ sở dữ liệu): chưa ghi được gì. Hãy xóa bớt tệp hoặc báo kỹ "
        "thuật; máy sẽ tự chạy lại khi có chỗ trống.")


@pytest.fixture
def tiny_office(clock):
    """(the demo office on a private PostgreSQL whose database disk is a 64 MB tmpfs, that tmpfs)."""
    with private_server_on_tiny_disk() as (url, tiny):
        store = Store.open(url, clock=clock, create=True)
        seed_demo(store)
        yield store, tiny
        store.close()


def test_a_full_postgresql_disk_is_disk_full_in_vietnamese_and_the_kiosk_stops_and_recovers(tiny_office, make_kiosk,
                                                                                            qtbot):
    store, tiny = tiny_office
    assert store.queue.issue_ticket("A").code == "A001"
    filler = fill(tiny)
    use_up_room(store)  # a row may still fit in a page the table has; tickets of B until none does
    with pytest.raises(DiskFull) as full:
        store.queue.issue_ticket("A")
    assert str(full.value) == FULL
    assert full.value.__cause__.orig.sqlstate == "53100"  # PostgreSQL's own disk_full, not a guess
    window = make_kiosk(store=store, start_bridge=False)
    tap(qtbot, window.home.tiles["A"])
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.unavailable_page, timeout=WAIT)
    page = window.unavailable_page
    assert page.title.text() == "Tạm ngưng cấp số" and page.body.text() == FULL
    qtbot.wait(4000)  # a write probe or more: still full, still stopped
    assert window.stack.currentWidget() is page
    filler.unlink()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home, timeout=WAIT)
    qtbot.wait(500)  # past the kiosk's double-tap guard after going home
    tap(qtbot, window.home.tiles["A"])
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.ticket_page, timeout=WAIT)
    assert window.ticket_page.code.text() == "A002"  # the failed touches issued nothing, skipped nothing


def test_a_full_postgresql_disk_under_a_counter_is_its_banner_until_space_is_freed(tiny_office, qtbot, tmp_path,
                                                                                   settings_for):
    store, tiny = tiny_office
    window = signed_in_counter(qtbot, store, settings_for, tmp_path)
    filler = fill(tiny)
    use_up_room(store)  # B tickets until the database's pages are full too
    press(qtbot, window, Qt.Key.Key_F1)
    banner = window.trouble_banner
    qtbot.waitUntil(banner.isVisible, timeout=WAIT)
    assert banner.title.text() == "Ổ đĩa chứa cơ sở dữ liệu đã đầy" and banner.body.text() == FULL
    qtbot.waitUntil(lambda: idle(window), timeout=WAIT)
    qtbot.wait(4000)  # a write probe or more: still full, the banner stays
    assert banner.isVisible() and not window.serving.buttons["call_next"].isEnabled()
    assert statuses(store, "B001") == {"B001": "waiting"}
    filler.unlink()
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=WAIT)
    press(qtbot, window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.current is not None and idle(window), timeout=WAIT)
    assert window.current.code == "B001" and statuses(store, "B001") == {"B001": "called"}
    window.close()
