"""Screenshots of the manager's app on the demo office: sign-in, each page, the catalog import preview.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_admin.py
(the calendar/display/stations and reports pages: tools/screenshots_admin_content.py, _reports.py)
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

from screenshots import VN, demo_store, save, settle, wait_until  # noqa: E402
from ui.app import qt_app  # noqa: E402

BAD_CATALOG = """ma,ten,linh_vuc,so_ngay,le_phi,thanh_phan,muc_do,co_quan
1.000948.H38,Đăng ký thường trú,B,7,15.000 đồng,Tờ khai|original|1,Toàn trình,Công an phường
,Xác nhận thông tin cư trú,B,3,,,,
1.000950.H38,Cấp giấy phép khai thác cát,Z,3,,,,
1.000951.H38,Đăng ký tạm trú,B,ba ngày,,,,
"""


def admin() -> None:
    from admin.qt_admin import QtAdminWindow

    store, settings = demo_store(lambda: datetime(2026, 11, 25, 9, 30, tzinfo=VN))
    qt_app(settings, "admin")
    lan = store.login("lan", "lan12345")
    lan.queue.open_counter(1)
    for prefix in "AAABG":
        store.queue.issue_ticket(prefix)
    manager = store.as_user("quanly")
    manager.phones.set_field_booking("B", weekdays=[0, 1, 2, 3, 4], sessions=["am", "pm"], per_slot=10, remote_numbers=True)
    manager.phones.set_field_booking("A", weekdays=[1, 3], sessions=["am"], per_slot=5)
    manager.setup.reset_password("mai", "mai-moi-2026")
    manager.setup.update_user("tuan", active=False)
    window = QtAdminWindow(settings, store, username="quanly", start_bridge=False)
    window.resize(1500, 920)
    window.show()
    wait_until(lambda: window.login.office.text() != "")
    save(window, "admin-login")
    window.login.password.setText("quanly123")
    window.login.submit()
    wait_until(lambda: window.manager is not None)
    for key in ("fields", "counters", "users", "office", "booking", "catalog", "audit"):
        page = window.show_page(key)
        if key in ("fields", "counters", "users", "booking"):
            wait_until(lambda: page.model.rowCount() > 0)
            page.table.selectRow({"users": 2, "booking": 1}.get(key, 0))
        settle(500)
        save(window, f"admin-{key}")
    page = window.pages["catalog"]
    path = Path(tempfile.mkdtemp()) / "danh-muc-xa.csv"
    path.write_text(BAD_CATALOG, "utf-8-sig")
    dialog = page.import_file(path)
    wait_until(lambda: dialog.preview is not None)
    settle(300)
    save(dialog, "admin-catalog-import")
    dialog.reject()
    # the national database's workbook: per procedure what it adds or changes, the columns no field takes
    national = Path(__file__).resolve().parents[1] / "tests" / "data" / "catalog" / "quoc-gia.xlsx"
    dialog = page.import_file(national)
    wait_until(lambda: dialog.preview is not None)
    settle(300)
    save(dialog, "admin-catalog-import-national")
    dialog.reject()
    window.close()


if __name__ == "__main__":
    admin()
