"""Kiosk figures: cold start of `motcua kiosk` to an interactive home screen, and touch → bytes at the printer.

    .venv/bin/python bench/bench_kiosk.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from printer_fake import FakeNetworkPrinter  # noqa: E402


def cold_start(db_url: str, runs: int = 5) -> list[float]:
    times = []
    env = dict(os.environ, MOTCUA_DB_URL=db_url, QT_QPA_PLATFORM="offscreen", MOTCUA_CONFIG="/nonexistent")
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "motcua", "kiosk"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
        for line in proc.stdout:
            if "motcua-kiosk ready" in line:
                times.append(time.perf_counter() - t0)
                break
        proc.terminate()
        proc.wait(10)
    return times


def touch_to_bytes(db_url: str, n: int = 30) -> list[float]:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest

    from core.settings import Settings
    from db import Store
    from devices.printers import open_printer
    from ui.runtime_guard import collect_on_gui_thread
    from kiosk.qt_kiosk import QtKioskWindow
    from ui.app import qt_app

    printer = FakeNetworkPrinter()
    settings = Settings(db_url=db_url)
    settings.printer.url = printer.url
    app = qt_app(settings, "bench")
    collect_on_gui_thread(app)  # as `motcua kiosk` does
    # a working morning, whatever the hour the bench runs at (out of hours the kiosk issues nothing)
    started, morning = time.monotonic(), datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    store = Store.open(db_url, clock=lambda: morning + timedelta(seconds=time.monotonic() - started))
    window = QtKioskWindow(settings, store, open_printer(settings.printer), start_bridge=False, printer_poll_ms=10**9)
    window.show()

    def wait_until(condition) -> None:
        # an event loop checked by a 1 ms timer: no Python-side spinning (PySide6 dislikes it)
        if condition():
            return
        loop = QEventLoop()
        timer = QTimer(interval=1)
        timer.timeout.connect(lambda: loop.quit() if condition() else None)
        timer.start()
        loop.exec()
        timer.stop()

    wait_until(lambda: window.ready)
    samples = []
    for i in range(n):
        window.go_home()
        tile = window.home.tiles["AB"[i % 2]]
        wait_until(lambda: tile.isEnabled() and window.can_take())
        jobs = len(printer.jobs)
        t0 = time.perf_counter()
        # stamped a second after the last touch, as the next citizen's: not a double tap's second half
        QTest.mouseClick(tile, Qt.MouseButton.LeftButton, delay=1_000)
        wait_until(lambda: len(printer.jobs) > jobs)
        samples.append(time.perf_counter() - t0)
        wait_until(lambda: window.stack.currentWidget() is window.ticket_page)
    window.close()
    printer.close()
    return samples


if __name__ == "__main__":
    folder = Path(tempfile.mkdtemp(prefix="motcua-bench-kiosk-"))
    url = f"sqlite:///{folder / 'kiosk.sqlite3'}"
    subprocess.run([sys.executable, "-m", "motcua", "--db", url, "demo", "--no-launch"], check=True, cwd=ROOT,
                   capture_output=True)
    starts = cold_start(url)
    print(f"cold start of `motcua kiosk` to interactive home: median {statistics.median(starts):.2f} s, "
          f"max {max(starts):.2f} s (n={len(starts)})")
    samples = [s * 1000 for s in touch_to_bytes(url)]
    print(f"touch → every byte at the printer (issue + render + send, loopback): median "
          f"{statistics.median(samples):.0f} ms, max {max(samples):.0f} ms (n={len(samples)})")
