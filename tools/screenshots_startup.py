"""Screenshots of the start-up screen every app shows while its store cannot be used, of the
kiosk stopped by a full disk, of a counter's banner on a full disk and of the wall display's on a lost
database file (docs/screenshots/).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_startup.py
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenshots import VN, demo_store, save, wait_until  # noqa: E402

from core.settings import Settings  # noqa: E402
from db.errors import DatabaseLost, DatabaseMissing, DiskFull  # noqa: E402
from ui.app import qt_app  # noqa: E402
from ui.startup import QtStoreScreen  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def main() -> None:
    app = qt_app(Settings(), "screenshots")
    screen = QtStoreScreen("motcua")
    screen.show_problem(DatabaseMissing("/srv/share/motcua/motcua.sqlite3"))
    screen.resize(1280, 720)
    screen.show()
    app.processEvents()
    path = OUT / "startup-missing-database.png"
    screen.grab().save(str(path))
    print(path)
    kiosk_disk_full()
    kiosk_clock_off()
    counter_disk_full()
    display_file_lost()


def kiosk_disk_full() -> None:
    from kiosk.qt_kiosk import QtKioskWindow

    store, settings = demo_store(lambda: datetime(2026, 11, 25, 9, 20, tzinfo=VN))
    window = QtKioskWindow(settings, store, None, start_bridge=False)
    window.resize(1920, 1080)
    window.show()
    wait_until(lambda: window.ready)
    window._stopped_by(DiskFull("/var/lib/motcua/motcua.sqlite3"))  # what a failed issue on a full disk calls
    save(window, "kiosk-disk-full")
    window.retry.stop()
    window.close()


def counter_disk_full() -> None:
    """A signed-in counter whose F1 met a full disk: the banner, the actions waiting (1366×768)."""
    from counter.paperwork import Paperwork
    from counter.qt_counter import QtCounterWindow

    store, settings = demo_store(lambda: datetime(2026, 11, 25, 9, 20, tzinfo=VN))
    for prefix in "BBG":
        store.queue.issue_ticket(prefix)
    forms = Path(settings.db_url.removeprefix("sqlite:///")).parent / "forms"
    window = QtCounterWindow(settings, store, paperwork=Paperwork(forms), open_pdfs=False, start_bridge=False)
    window.resize(1366, 768)
    window.show()
    wait_until(lambda: window.login.counter.count() > 0)
    window.sign_in("mai", "mai12345", 3)
    wait_until(lambda: window.clerk is not None and window.queue.waiting.rowCount() == 3)
    window.trouble.failed(DiskFull("/var/lib/motcua/motcua.sqlite3"))  # what the runner reports after F1
    window.trouble.stop()
    save(window, "counter-disk-full")
    window.close()


def display_file_lost() -> None:
    """The wall board after its database file was deleted under it: the banner across the board."""
    from display.qt_display import QtDisplayWindow

    store, settings = demo_store(lambda: datetime(2026, 11, 25, 9, 20, tzinfo=VN))
    window = QtDisplayWindow(settings, store, speak=False, video=False, start_bridge=False)
    window.resize(1920, 1080)
    window.show()
    wait_until(lambda: window.ready)
    window.trouble.failed(DatabaseLost("/var/lib/motcua/motcua.sqlite3"))  # what its next read reports
    window.store_ok = False
    window._show_connection()
    window._retry.stop()
    save(window, "display-file-lost")
    window.shutdown()


def kiosk_clock_off() -> None:
    """A kiosk of an office server whose own clock is a day and ten minutes slow: the red line on top."""
    from datetime import timedelta

    from db.remote import clock_warning_text
    from kiosk.qt_kiosk import QtKioskWindow
    from ui.startup import ClockWarning

    class SlowPC:  # what the remote store says after an answer from a server a day and ten minutes ahead
        def clock_warning(self) -> str:
            return clock_warning_text(timedelta(days=1, minutes=10))

    store, settings = demo_store(lambda: datetime(2026, 11, 25, 9, 20, tzinfo=VN))
    window = QtKioskWindow(settings, store, None, start_bridge=False)
    window.resize(1920, 1080)
    window.show()
    wait_until(lambda: window.ready)
    warning = ClockWarning(window, SlowPC())  # type: ignore[arg-type]
    wait_until(warning.isVisible)
    save(window, "kiosk-clock-warning")
    warning.timer.stop()
    window.close()


if __name__ == "__main__":
    main()
