"""Screenshots of each app at the screen sizes offices have (docs/screenshots/<app>-<W>x<H>.png).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_sizes.py

The window gets the screen's size, as full screen does; tests/ui/test_screen_sizes.py checks the same
screens for controls off the screen and clipped text.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from screenshots import VN, save, settle, wait_until  # noqa: E402

from core.settings import Settings  # noqa: E402
from db import Store  # noqa: E402
from db.demo import seed_demo  # noqa: E402
from ui.app import qt_app  # noqa: E402

KIOSK = [(1080, 1920), (1366, 768), (1280, 1024), (1920, 1080), (3840, 2160)]
TV = [(1366, 768), (1920, 1080), (3840, 2160)]
DESK = [(1366, 768)]


def office() -> tuple[Store, Settings]:
    """The demo office at 09:20 on a Wednesday, a few citizens waiting and one called at counter 1."""
    folder = Path(tempfile.mkdtemp(prefix="motcua-sizes-"))
    settings = Settings(db_url=f"sqlite:///{folder / 'demo.sqlite3'}")
    settings.printer.url = f"preview://{folder / 'tickets'}"
    store = Store.open(settings.db_url, clock=lambda: datetime(2026, 11, 25, 9, 20, tzinfo=VN), create=True)
    seed_demo(store)
    for prefix in "AAABBGCB":
        store.queue.issue_ticket(prefix)
    clerk = store.login("lan", "lan12345")
    clerk.queue.open_counter(1)
    clerk.queue.call_next(1)
    return store, settings


def at(window, size) -> None:
    window.setGeometry(0, 0, *size)
    settle(200)


def kiosk(store, settings) -> None:
    from kiosk.qt_kiosk import QtKioskWindow

    window = QtKioskWindow(settings, store, None, start_bridge=False)
    window.show()
    for size in KIOSK:
        at(window, size)
        wait_until(lambda: window.ready)
        window.go_home()
        save(window, f"kiosk-{size[0]}x{size[1]}")
    at(window, (1080, 1920))
    window.open_procedures()
    window.procedure_page.query.setText("khai sinh")
    wait_until(lambda: window.procedure_page.results.count() > 0)
    save(window, "kiosk-procedures-1080x1920")
    window.close()


def display(store, settings) -> None:
    from display.qt_display import QtDisplayWindow

    window = QtDisplayWindow(settings, store, video=False, speak=False, start_bridge=False)
    window.show()
    for size in TV:
        at(window, size)
        wait_until(lambda: window.ready)
        save(window, f"display-{size[0]}x{size[1]}")
    window.shutdown()
    window.close()


def counter(store, settings) -> None:
    from counter.paperwork import Paperwork
    from counter.qt_counter import QtCounterWindow

    window = QtCounterWindow(settings, store, paperwork=Paperwork(Path(tempfile.mkdtemp())), open_pdfs=False,
                             start_bridge=False)
    window.show()
    for size in DESK:
        at(window, size)
        wait_until(lambda: window.login.counter.count() > 0)
        window.login.username.setText("hung")
        window.login.password.setText("hung12345")
        window.login.counter.setCurrentIndex(window.login.counter.findData(3))
        window.login.submit()
        wait_until(lambda: window.clerk is not None and window.queue.figures.text() != "")
        save(window, f"counter-{size[0]}x{size[1]}")
    window.close()


def admin(store, settings) -> None:
    from admin.qt_admin import QtAdminWindow

    window = QtAdminWindow(settings, store, username="quanly", start_bridge=False)
    window.show()
    for size in DESK:
        at(window, size)
        wait_until(lambda: window.login.office.text() != "")
        window.login.password.setText("quanly123")
        window.login.submit()
        wait_until(lambda: window.manager is not None)
        page = window.show_page("reports")
        wait_until(lambda: page.report is not None and not page.loading)
        save(window, f"admin-reports-{size[0]}x{size[1]}")
        window.show_page("office")
        save(window, f"admin-office-{size[0]}x{size[1]}")
    window.close()


if __name__ == "__main__":
    app = qt_app(Settings(), "screenshots")
    demo, demo_settings = office()
    for shoot in (kiosk, display, counter, admin):
        shoot(demo, demo_settings)
    sys.stdout.flush()
    os._exit(0)  # PySide6 may crash while the interpreter tears Qt objects down
