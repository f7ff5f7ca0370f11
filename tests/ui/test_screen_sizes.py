"""Every app on the screens offices have: each screen a user reaches lies whole on the screen, no text clipped.

Kiosks: portrait 1080×1920 (floor-standing), 1366×768, 1280×1024, 1920×1080, 3840×2160; counter and admin
PCs: 1366×768 up; wall TVs: 1366×768 up to 4K. The window gets the screen's size, as full screen does
(tests/ui/fit_tools.py), and is walked through the screens a user reaches.
"""

from __future__ import annotations

import os
import shutil

import pytest

from fit_tools import at_size, problems, themed  # noqa: F401 - fixture
from kiosk_tools import make_kiosk  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.usefixtures("themed"),  # measured in the look the apps have
    # where Xvfb is installed, test_screen_sizes_x11.py runs this whole file as real X windows: not twice
    pytest.mark.skipif(os.environ.get("QT_QPA_PLATFORM") == "offscreen" and shutil.which("xvfb-run") is not None,
                       reason="run as real X windows by tests/ui/test_screen_sizes_x11.py"),
]
KIOSK_SIZES = [(1080, 1920), (1366, 768), (1280, 1024), (1920, 1080), (3840, 2160)]
DESK_SIZES = [(1366, 768), (1280, 1024), (1920, 1080)]
TV_SIZES = [(1366, 768), (1920, 1080), (3840, 2160)]


def assert_fits(qtbot, window, what: str, size: tuple[int, int]) -> None:
    qtbot.wait(10)  # one more turn of the event loop: layouts settled after the last change
    found = problems(window, *size)
    assert not found, f"{what} on a {size[0]}×{size[1]} screen:\n  " + "\n  ".join(found)


@pytest.mark.parametrize("size", KIOSK_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_kiosk_fits(qtbot, make_kiosk, sqlite_demo_store, size):  # noqa: F811 - fixture
    window = make_kiosk()
    at_size(window, *size)
    qtbot.waitUntil(lambda: window.width() == size[0] and window.height() == size[1])
    assert (window.height() > window.width()) == window.home.portrait  # a tall screen gets the tall layout
    assert_fits(qtbot, window, "home", size)
    window.open_priority()
    window.priority_page.choose_group("elderly")
    assert_fits(qtbot, window, "priority", size)
    window.go_home()
    window.open_procedures()
    qtbot.waitUntil(lambda: window.procedure_page.results.count() > 1)
    assert_fits(qtbot, window, "procedures with the keyboard", size)
    window.open_procedure(window.procedure_page.results.item(0).data(256))
    qtbot.waitUntil(lambda: bool(window.procedure_page.current_code))
    assert_fits(qtbot, window, "a procedure", size)
    window.show_page(window.dossier_page)
    assert_fits(qtbot, window, "dossier lookup", size)
    window.show_page(window.pin_page)
    assert_fits(qtbot, window, "PIN", size)
    window.show_page(window.service_page)
    assert_fits(qtbot, window, "manager's page", size)
    ticket = sqlite_demo_store.queue.issue_ticket("C")
    window.ticket_page.show_ticket(ticket, (5,))
    window.show_page(window.ticket_page)
    assert_fits(qtbot, window, "ticket", size)
    window.go_home()
    window.home.show_notice("Máy in hết giấy: tạm ngưng cấp số. Xin báo cán bộ hướng dẫn.")
    assert_fits(qtbot, window, "home, paper out", size)


@pytest.mark.parametrize("size", TV_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_wall_board_fits_and_the_number_keeps_its_size_on_the_glass(qtbot, sqlite_demo_store, size):
    from core.settings import Settings
    from display.qt_board import HERO_PX
    from display.qt_display import QtDisplayWindow

    store = sqlite_demo_store
    for prefix in "AABGC":
        store.queue.issue_ticket(prefix)
    clerk = store.login("lan", "lan12345")
    clerk.queue.open_counter(1)
    clerk.queue.call_next(1)
    settings = Settings(db_url=store.engine.url.render_as_string(hide_password=False))
    window = QtDisplayWindow(settings, store, video=False, speak=False, start_bridge=False)
    qtbot.addWidget(window)
    window.show()
    at_size(window, *size)
    qtbot.waitUntil(lambda: window.ready and window.hero.code.text() == "A001" and bool(window.waiting.cells))
    assert_fits(qtbot, window, "wall board", size)
    # the number is HERO_PX on 1080 lines: the same share of the screen's height on every TV
    assert abs(window.hero.code.font().pixelSize() / size[1] - HERO_PX / 1080) < 0.002
    window.close()


@pytest.mark.parametrize("size", DESK_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_counter_fits(qtbot, sqlite_demo_store, settings_for, tmp_path, size):
    from counter.paperwork import Paperwork
    from counter.qt_counter import QtCounterWindow

    window = QtCounterWindow(settings_for(sqlite_demo_store), sqlite_demo_store, paperwork=Paperwork(tmp_path),
                             open_pdfs=False, start_bridge=False)
    qtbot.addWidget(window)
    window.show()
    at_size(window, *size)
    qtbot.waitUntil(lambda: window.login.counter.count() > 0)
    assert_fits(qtbot, window, "sign-in", size)
    window.login.username.setText("hung")  # counter 3: two fields, the longest line of the header
    window.login.password.setText("hung12345")
    window.login.counter.setCurrentIndex(window.login.counter.findData(3))
    window.login.submit()
    qtbot.waitUntil(lambda: window.clerk is not None and window.queue.figures.text() != "")
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        assert_fits(qtbot, window, f"tab {window.tabs.tabText(tab)}", size)
    window.close()


@pytest.mark.parametrize("size", DESK_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_admin_fits(qtbot, sqlite_demo_store, settings_for, size):
    from admin.qt_admin import QtAdminWindow

    window = QtAdminWindow(settings_for(sqlite_demo_store), sqlite_demo_store, username="quanly", start_bridge=False)
    qtbot.addWidget(window)
    window.show()
    at_size(window, *size)
    qtbot.waitUntil(lambda: window.login.office.text() != "")
    assert_fits(qtbot, window, "sign-in", size)
    window.login.password.setText("quanly123")
    window.login.submit()
    qtbot.waitUntil(lambda: window.manager is not None)
    for key, page in window.pages.items():
        window.show_page(key)
        qtbot.waitUntil(lambda page=page: not page.runner.busy)
        if key == "reports":
            qtbot.waitUntil(lambda page=page: page.report is not None and not page.loading)
        assert_fits(qtbot, window, f"page {key}", size)
    window.close()


def test_the_windows_above_are_on_the_platform_asked_for(qapp):
    """Offscreen in the suite; a real X server's (xcb) when test_screen_sizes_x11.py runs this file under Xvfb."""
    import os

    assert qapp.platformName() == os.environ.get("QT_QPA_PLATFORM", "offscreen").split(":")[0]
