"""Screenshots of the wall display on the demo office: the full board and the compact layout.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_display.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from core.settings import Settings  # noqa: E402
from db import Store  # noqa: E402
from db.demo import seed_demo  # noqa: E402
from screenshots import OUT, VN, save, settle, wait_until  # noqa: E402
from ui.app import qt_app  # noqa: E402


def busy_office(folder: Path) -> tuple[Store, Settings]:
    """The demo office at 09:41 on a working morning: tickets issued, five counters calling."""
    clock = lambda: datetime(2026, 11, 25, 9, 41, 27, tzinfo=VN)  # noqa: E731
    settings = Settings(db_url=f"sqlite:///{folder / 'demo.sqlite3'}")
    settings.station.video_dir = str(folder / "videos")
    store = Store.open(settings.db_url, clock=clock, create=True)
    seed_demo(store)
    for prefix, n in (("A", 9), ("B", 6), ("C", 3), ("D", 4), ("E", 2), ("G", 5), ("H", 1)):
        for _ in range(n):
            store.queue.issue_ticket(prefix)
    manager = store.login("quanly", "quanly123")
    manager.content.add_notice("Giờ làm việc: sáng 7:30 – 11:30, chiều 13:30 – 17:00, từ thứ Hai đến thứ Sáu.",
                       starts_on=date(2026, 11, 1))
    manager.content.add_notice("Công dân có thể tra cứu hồ sơ bằng mã vạch trên giấy biên nhận tại máy tra cứu.")
    for username, counter in (("lan", 1), ("hung", 3), ("mai", 2), ("tuan", 5), ("thao", 6), ("lan", 1)):
        clerk = store.login(username, f"{username}12345")
        clerk.queue.open_counter(counter)
        clerk.queue.call_next(counter)
    _clip(folder / "videos" / "huong-dan.mp4")
    return store, settings


def _clip(path: Path) -> None:
    import cv2
    import numpy as np

    path.parent.mkdir(parents=True, exist_ok=True)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10, (640, 360))
    for i in range(100):
        frame = np.full((360, 640, 3), (120, 60 + i, 20), np.uint8)
        cv2.putText(frame, "Huong dan thu tuc", (60, 190), cv2.FONT_HERSHEY_SIMPLEX, 1.6, (255, 255, 255), 3)
        writer.write(frame)
    writer.release()


def display() -> None:
    from display.qt_display import QtDisplayWindow

    folder = Path(tempfile.mkdtemp(prefix="motcua-display-shots-"))
    store, settings = busy_office(folder)
    window = QtDisplayWindow(settings, store, speak=False, blink_ms=60_000)
    window.resize(1920, 1080)
    window.show()
    wait_until(lambda: window.ready)
    wait_until(lambda: window.video.playing)
    clerk = store.login("mai", "mai12345")
    clerk.queue.call_next(2)
    wait_until(lambda: window.hero.code.text() == "A004")
    settle(700)
    window.ticker.offset = window.ticker.width() * 0.97  # the notice in view
    print("board size", window.size())
    save(window, "display-board")
    window.header.offline.show()
    save(window, "display-board-offline")
    window.close()
    compact = QtDisplayWindow(settings, store, layout="compact", counter=3, speak=False, blink_ms=0)
    compact.resize(1280, 720)
    compact.show()
    wait_until(lambda: compact.ready)
    print("compact size", compact.size())
    save(compact, "display-compact")
    compact.close()
    store.close()


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    app = qt_app(Settings(), "screenshots")
    display()
