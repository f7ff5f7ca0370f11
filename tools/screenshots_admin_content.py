"""Screenshots of the manager's calendar, display content and stations pages on the demo office.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_admin_content.py
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from core.settings import Settings  # noqa: E402
from db.store.base import KIOSK  # noqa: E402
from screenshots import OUT, VN, demo_store, save, wait_until  # noqa: E402
from ui.app import qt_app  # noqa: E402
from ui.runner import Runner  # noqa: E402


def office_content(store) -> None:
    """A month of the office's own days, a playlist, notices and three stations' devices."""
    manager = store.as_user("quanly")
    manager.calendar.add_calendar_override(date(2026, 12, 11), "off", note="Đại hội công đoàn")
    manager.calendar.add_calendar_override(date(2026, 12, 24), "off", session="pm", note="Tổng kết cuối năm")
    manager.calendar.add_calendar_override(date(2026, 12, 19), "work", session="am", note="Tiếp dân sáng thứ Bảy")
    for path, title in (("/srv/motcua/videos/dang-ky-khai-sinh.mp4", "Đăng ký khai sinh trực tuyến"),
                        ("/srv/motcua/videos/chung-thuc-ban-sao.mp4", "Chứng thực bản sao điện tử"),
                        ("/srv/motcua/videos/dat-dai.mp4", "Hồ sơ đất đai cần chuẩn bị gì")):
        manager.content.add_media(path, title=title)
    manager.content.add_notice("Giờ làm việc: sáng 7:30 – 11:30, chiều 13:30 – 17:00, từ thứ Hai đến thứ Sáu.")
    manager.content.add_notice("Nghỉ Tết Nguyên đán từ 04/02 đến hết 10/02/2027.", starts_on=date(2027, 1, 20),
                       ends_on=date(2027, 2, 10))
    manager.content.add_notice("Ngày 20/11 tạm ngưng tiếp nhận hồ sơ đất đai buổi chiều.", starts_on=date(2026, 11, 18),
                       ends_on=date(2026, 11, 20))
    manager.content.remove_notice(manager.content.add_notice("Thông báo thử"))
    manager.content.save_station_settings("kiosk-sanh", {"url": "tcp://192.168.1.50:9100", "paper_width_mm": 80}, {})
    manager.content.save_station_settings("quay-1", {"url": "usb://04b8:0e15", "paper_width_mm": 58},
                                  {"kind": "serial", "serial_url": "/dev/ttyACM0", "baudrate": 9600})
    manager.content.save_station_settings("quay-3", {}, {"kind": "wedge"})
    store.acting_as(replace(KIOSK, station="kiosk-sanh")).setup.report_printer_status("", "near_end", "Máy in sắp hết giấy.")
    store.acting_as(replace(KIOSK, station="kiosk-tang-2")).setup.report_printer_status("", "ok", "Máy in sẵn sàng, đủ giấy.")


def shoot(store, cls, name: str, prepare=None) -> None:
    runner = Runner()
    page = cls(runner, store.as_user("quanly"))
    page.setAutoFillBackground(True)
    page.resize(1400, 900)
    page.show()
    page.refresh()
    wait_until(lambda: runner.pool.activeThreadCount() == 0)
    if prepare:
        prepare(page)
        wait_until(lambda: runner.pool.activeThreadCount() == 0)
    save(page, name)
    page.close()
    runner.wait()


def main() -> None:
    from admin.content.qt_calendar import QtCalendarPage
    from admin.content.qt_display_content import QtDisplayContentPage
    from admin.content.qt_stations import QtStationsPage

    store, _ = demo_store(lambda: datetime(2026, 11, 25, 9, 20, tzinfo=VN))
    office_content(store)
    shoot(store, QtCalendarPage, "admin-calendar", lambda page: page.show_month(2026, 12))
    shoot(store, QtDisplayContentPage, "admin-display-content",
          lambda page: (page.playlist.setCurrentRow(0), page.notices.selectRow(1)))
    shoot(store, QtStationsPage, "admin-stations", lambda page: page.table.selectRow(2))


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    app = qt_app(Settings(), "screenshots")
    main()
