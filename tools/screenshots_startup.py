"""Screenshots of the start-up screen every app shows while its store cannot be used, and of the
kiosk stopped by a full disk (docs/screenshots/).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_startup.py
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenshots import VN, demo_store, save, wait_until  # noqa: E402

from core.settings import Settings  # noqa: E402
from db.errors import DatabaseMissing, DiskFull  # noqa: E402
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
