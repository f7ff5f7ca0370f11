"""Screenshots of every window on the demo office, for docs/screenshots (and for looking at).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [kiosk|counter|display|admin …]
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
if not os.environ.get("DISPLAY"):  # under xvfb-run (or a desktop): a real X window
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402

from core.settings import Settings  # noqa: E402
from db import Store  # noqa: E402
from db.demo import seed_demo  # noqa: E402
from ui.app import qt_app  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def settle(ms: int = 600) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(condition, ms: int = 5000) -> None:
    for _ in range(ms // 50):
        if condition():
            return
        settle(50)
    raise RuntimeError("condition not met")


def save(widget, name: str) -> None:
    settle(300)
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(path)


def demo_store(clock) -> tuple[Store, Settings]:
    folder = Path(tempfile.mkdtemp(prefix="motcua-shots-"))
    settings = Settings(db_url=f"sqlite:///{folder / 'demo.sqlite3'}")
    settings.printer.url = f"preview://{folder / 'tickets'}"
    store = Store.open(settings.db_url, clock=clock, create=True)
    seed_demo(store, past_dossiers=True)
    return store, settings


def kiosk() -> None:
    from devices.printers import open_printer
    from kiosk.qt_kiosk import QtKioskWindow

    store, settings = demo_store(lambda: datetime(2026, 11, 25, 9, 20, tzinfo=VN))
    for prefix, n in (("A", 7), ("B", 4), ("G", 3), ("C", 2)):
        for _ in range(n):
            store.queue.issue_ticket(prefix)
    window = QtKioskWindow(settings, store, open_printer(settings.printer), start_bridge=False)
    window.resize(1920, 1080)
    window.show()
    wait_until(lambda: window.ready)
    save(window, "kiosk-home")
    window.take_ticket("B", None)
    wait_until(lambda: window.stack.currentWidget() is window.ticket_page)
    save(window, "kiosk-ticket")
    window.go_home()
    window.open_priority()
    window.priority_page.choose_group("elderly")
    save(window, "kiosk-priority")
    window.go_home()
    from devices.printers import PaperState

    window._paper(PaperState.out)
    save(window, "kiosk-paper-out")
    window._paper(PaperState.ok)
    window.show_page(window.service_page)
    window.check_printer()
    wait_until(lambda: bool(window.service_page.printer_state.text()))
    save(window, "kiosk-service")
    window._set_connected(False)
    save(window, "kiosk-unavailable")
    window.retry.stop()
    window._set_connected(True)
    window.open_procedures()
    window.procedure_page.query.setText("khai sinh")
    settle(800)
    window.open_procedure("1.001193.000.00.00.H10")
    save(window, "kiosk-procedures")
    clerk = store.login("lan", "lan12345")
    d = clerk.dossiers.receive_dossier(procedure="1.000894.000.00.00.H10", applicant_name="Nguyễn Văn An")
    window.show_page(window.dossier_page)
    window.lookup_dossier(d.code, d.check_code)
    settle(800)
    save(window, "kiosk-dossier")
    booking_shots(window, store)
    closed = Store.open(settings.db_url, clock=lambda: datetime(2026, 11, 25, 18, 30, tzinfo=VN))
    window.store = closed
    window.refresh()
    wait_until(lambda: not window.open)
    window.go_home()
    save(window, "kiosk-closed")
    window.store = Store.open(settings.db_url, clock=lambda: datetime(2027, 2, 8, 9, 0, tzinfo=VN))  # mùng ba Tết
    window.refresh()
    wait_until(lambda: "Tết" in window.closed_page.title.text())
    save(window, "kiosk-closed-tet")
    window.close()


def booking_shots(window, store) -> None:
    """Tôi đã đặt lịch: a code being typed, a booking told it is early, and the portrait screen."""
    manager = store.as_user("quanly")
    manager.phones.set_field_booking("B", weekdays=[0, 1, 2, 3, 4], sessions=["am", "pm"], per_slot=10)
    made = store.phones.book_appointment("B", datetime(2026, 11, 25, tzinfo=VN).date(), "pm", full_name="Trần Thị Bình",
                                  phone="0987654321", id_number="079301000123")
    window.go_home()
    window.show_page(window.booking_page)
    window.booking_page.code.setText(made.shown_code[:6])
    save(window, "kiosk-booking")
    window.booking_page.code.setText(made.shown_code)
    window.check_in(code=made.code)
    wait_until(lambda: "quay lại" in window.booking_page.message.text())
    save(window, "kiosk-booking-early")
    window.resize(1080, 1920)
    settle(500)
    save(window, "kiosk-booking-1080x1920")
    window.resize(1920, 1080)
    window.go_home()


SHOTS = {"kiosk": kiosk}

if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    app = qt_app(Settings(), "screenshots")
    for name in sys.argv[1:] or list(SHOTS):
        SHOTS[name]()
    QCoreApplication.processEvents()
