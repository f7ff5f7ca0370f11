"""Counter figures: F1 pressed → the called number on screen, and the A4 receipt PDF generation.

    .venv/bin/python bench/bench_counter.py            # SQLite
    .venv/bin/python bench/bench_counter.py --pg       # PostgreSQL at MOTCUA_TEST_PG_URL as well
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import fresh_pg, fresh_sqlite, summary_ms  # noqa: E402


def f1_to_shown(db_url: str, n: int = 60) -> list[float]:
    """Key press F1 on the real window until the label shows the new code (store call on the runner)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from core.settings import Settings
    from counter.paperwork import Paperwork
    from counter.qt_counter import QtCounterWindow
    from db import Store
    from db.demo import seed_demo
    from ui.theme import apply_theme

    store = Store.open(db_url, create=True)
    seed_demo(store)
    for _ in range(n):
        store.queue.issue_ticket("B")
    app = QApplication.instance() or QApplication([])
    apply_theme(app)
    window = QtCounterWindow(Settings(db_url=db_url), store, paperwork=Paperwork(Path(tempfile.mkdtemp())),
                             open_pdfs=False)
    window.resize(1600, 960)
    window.show()

    def spin(cond, limit=10.0):
        end = time.perf_counter() + limit
        while not cond():
            app.processEvents()
            if time.perf_counter() > end:
                raise TimeoutError
            time.sleep(0.0005)

    spin(lambda: window.login.counter.count() > 0)
    window.login.username.setText("mai")
    window.login.password.setText("mai12345")
    window.login.counter.setCurrentIndex(window.login.counter.findData(3))
    window.login.submit()
    spin(lambda: window.clerk is not None)
    window.activateWindow()
    spin(lambda: QApplication.activeWindow() is window)
    times = []
    for i in range(1, n + 1):
        code = f"B{i:03d}"
        t0 = time.perf_counter()
        QTest.keyClick(window, Qt.Key.Key_F1)
        spin(lambda: window.serving.code.text() == code)
        window.serving.code.repaint()  # the pixels, not just the text
        times.append(time.perf_counter() - t0)
        spin(lambda: window.runner._running == 0)  # the refresh it triggers settles before the next press
    window.close()
    window.deleteLater()
    app.processEvents()
    store.close()
    return times


def receipt_pdf(n: int = 40) -> list[float]:
    from zoneinfo import ZoneInfo

    from devices.forms import FormData, render_form

    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    data = FormData(code="000.00.20.H10-261125-0001", office_name="UBND quận Thốt Nốt",
                    procedure_name="Đăng ký kết hôn", applicant_name="Nguyễn Văn An",
                    received_at=datetime(2026, 11, 25, 9, 0, tzinfo=vn), due_at=datetime(2026, 11, 26, 11, 30,
                                                                                         tzinfo=vn),
                    processing_days=1, documents=tuple({"name": f"Giấy tờ {i}", "form": "original", "quantity": 1}
                                                       for i in range(4)), clerk_name="Phạm Thị Mai")
    render_form("receipt", data)  # fonts registered once per process
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        render_form("receipt", data)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    print(f"machine: {os.cpu_count()} cores; {datetime.now(timezone.utc):%Y-%m-%d}")
    print("receipt PDF (A4, Code 128 + QR, 4 documents):", summary_ms(receipt_pdf()), "(target ≤ 300 ms)")
    print("F1 → called number shown, SQLite:", summary_ms(f1_to_shown(fresh_sqlite("counter"))),
          "(target ≤ 100 ms)")
    if "--pg" in sys.argv:
        print("F1 → called number shown, PostgreSQL:", summary_ms(f1_to_shown(fresh_pg("motcua_bench_counter"))),
              "(target ≤ 100 ms)")


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # PySide6 may crash while the interpreter tears Qt objects down; the figures are out
