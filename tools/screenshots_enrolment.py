"""Screenshot of the manager's "Máy trạm" page (stations enrolled with the office server) at 1366×768:
a few stations joined, one revoked, and a join code just made for the next one.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshots_enrolment.py
    (or QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_enrolment.py)
"""

from __future__ import annotations

import hashlib
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from screenshots import VN, demo_store, save, settle, wait_until  # noqa: E402
from ui.app import qt_app  # noqa: E402


def enrolment() -> None:
    from admin.qt_admin import QtAdminWindow
    from core.joincode import parse_code
    from db.store.enrolment import set_server_fingerprint
    from server import stations

    now = [datetime(2026, 11, 25, 8, 0, tzinfo=VN)]
    store, settings = demo_store(lambda: now[0])
    qt_app(settings, "admin")
    set_server_fingerprint(store.ctx, hashlib.sha256(b"the office server's certificate").digest())
    system = store.as_system()
    for kind, name, seen in (("admin", "Máy quản lý", 90), ("kiosk", "Kiosk sảnh", 95), ("counter", "Quầy 1", 92),
                             ("counter", "Quầy 2", 60), ("display", "Tivi phòng chờ", 94), ("kiosk", "Kiosk cũ", 0)):
        _, token = stations.join(system, parse_code(system.setup.create_join_code(kind, name).code)[0])
        now[0] = datetime(2026, 11, 25, 8, 0, tzinfo=VN) + timedelta(minutes=seen)
        stations.station_for(system, token)
    system.setup.revoke_station("Kiosk cũ")
    now[0] = datetime(2026, 11, 25, 9, 36, tzinfo=VN)
    window = QtAdminWindow(settings, store, username="quanly", first_page="enrolment", start_bridge=False)
    window.resize(1366, 768)
    window.show()
    wait_until(lambda: window.login.office.text() != "")
    window.login.password.setText("quanly123")
    window.login.submit()
    wait_until(lambda: window.manager is not None)
    page = window.pages["enrolment"]
    wait_until(lambda: page.model.rowCount() == 6)
    page.kind.setCurrentIndex(page.kind.findData("counter"))
    page.name.setText("Quầy 3")
    page.make_code()
    wait_until(lambda: page.code.text() != "")
    page.table.selectRow(1)
    settle(600)
    save(window, "admin-enrolment-1366x768")
    window.close()


if __name__ == "__main__":
    enrolment()
