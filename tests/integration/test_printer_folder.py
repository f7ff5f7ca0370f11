"""The office's printer folder: only an admin names it; a manager cannot point a printer at any file."""

from __future__ import annotations

import pytest

from core.settings import Settings
from core.stations import with_station_settings
from db.errors import InvalidInput, PermissionDenied


def test_a_manager_cannot_send_a_station_printer_to_a_system_file(manager, demo_store):
    with pytest.raises(InvalidInput, match="file:// chỉ được ghi vào thiết bị máy in"):
        manager.content.save_station_settings("kiosk-sanh", {"url": "file:///etc/passwd"}, {})
    with pytest.raises(PermissionDenied):  # nor widen the folder to reach it
        manager.setup.set_setting("printer_folder", "/etc")
    assert demo_store.content.station_settings("kiosk-sanh") == {}
    assert demo_store.setup.setting("printer_folder") is None


def test_an_admin_names_the_folder_and_the_station_writes_only_there(demo_store, tmp_path):
    admin = demo_store.login("admin", "admin123")
    with pytest.raises(InvalidInput, match="thư mục gốc"):
        admin.setup.set_setting("printer_folder", "/")
    folder = tmp_path / "ve"
    folder.mkdir()
    admin.setup.set_setting("printer_folder", str(folder))
    admin.content.save_station_settings("kiosk-sanh", {"url": f"file://{folder}/lp.bin"}, {})
    with pytest.raises(InvalidInput, match="printer_folder"):
        admin.content.save_station_settings("kiosk-sanh", {"url": f"file://{tmp_path}/lp.bin"}, {})
    effective = with_station_settings(Settings(db_url="sqlite://"), demo_store, "kiosk-sanh")
    assert (effective.printer.url, effective.printer.folder) == (f"file://{folder}/lp.bin", str(folder))
