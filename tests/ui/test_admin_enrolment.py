"""The manager's "Máy trạm" page in a real window: a join code shown big with its expiry and a copy button, the
stations enrolled with when they were last seen, revoking one; on the server PC's own admin (the database) and
on an admin station through the office server."""

from __future__ import annotations

import hashlib

from PySide6.QtGui import QGuiApplication

from core.joincode import parse_code
from core.settings import Settings
from db.remote import RemoteStore, join
from db.store.enrolment import set_server_fingerprint
from server import stations
from test_admin import make_admin, messages, signed_in  # noqa: F401 - make_admin is a fixture

FINGERPRINT = hashlib.sha256(b"this server's certificate").digest()


def open_page(qtbot, make_admin, settings, store):
    """The "Máy trạm" page of a manager signed in on a laptop's screen, and what it says."""
    window, page = signed_in(qtbot, make_admin, "enrolment", store=store, settings=settings, size=(1366, 768))
    return window, page, messages(qtbot, page)


def make_code(qtbot, page, kind: str, name: str) -> str:
    page.kind.setCurrentIndex(page.kind.findData(kind))
    page.name.setText(name)
    page.make_button.click()
    qtbot.waitUntil(lambda: page.code.text() != "" and not page.runner.busy)
    return page.code.text()


def rows(page) -> dict[str, list[str]]:
    return {page.model.cell(r, 0): [page.model.cell(r, c) for c in range(4)] for r in range(page.model.rowCount())}


def test_on_the_server_pcs_own_admin(qtbot, make_admin, sqlite_demo_store, settings_for):
    set_server_fingerprint(sqlite_demo_store.ctx, FINGERPRINT)
    window, page, said = open_page(qtbot, make_admin, settings_for(sqlite_demo_store), sqlite_demo_store)
    page.make_button.click()  # no name: one sentence, nothing made
    qtbot.waitUntil(lambda: bool(said))
    assert said[-1] == ("Hãy nhập tên máy trạm.", True) and page.code.text() == ""

    code = make_code(qtbot, page, "counter", "Quầy 5")
    secret, prefix = parse_code(code)
    assert FINGERPRINT.startswith(prefix)
    assert "Cho máy “Quầy 5” (Máy quầy). Dùng một lần, hết hạn lúc" in page.about_code.text()
    assert f"motcua station join https://<IP-máy-chủ>:8443 {code}" in page.about_code.text()
    page.copy_button.click()
    assert QGuiApplication.clipboard().text() == code

    station, _token = stations.join(sqlite_demo_store, secret)  # the PC joins with it
    page.refresh()
    qtbot.waitUntil(lambda: "Quầy 5" in rows(page))
    assert rows(page)["Quầy 5"] == ["Quầy 5", "Máy quầy", "—", "Đang hoạt động"]
    page.table.selectRow(list(rows(page)).index("Quầy 5"))
    assert page.revoke_button.isEnabled()
    page.revoke_button.click()  # asks once more
    assert page.revoke_button.text() == "Bấm lần nữa để xác nhận"
    page.revoke_button.click()
    qtbot.waitUntil(lambda: rows(page).get("Quầy 5", ["", "", "", ""])[3].startswith("Đã thu hồi lúc"))
    assert [s.revoked_at is not None for s in sqlite_demo_store.as_system().setup.stations_enrolled()] == [True]
    assert not page.revoke_button.isEnabled()
    window.close()


def test_a_pc_that_is_not_the_server_says_why_it_makes_no_code(qtbot, make_admin, sqlite_demo_store, settings_for):
    window, page, said = open_page(qtbot, make_admin, settings_for(sqlite_demo_store), sqlite_demo_store)
    page.name.setText("Kiosk")
    page.make_button.click()
    qtbot.waitUntil(lambda: bool(said))
    assert said[-1][1] and "chứng chỉ của máy chủ văn phòng" in said[-1][0] and page.code.text() == ""
    window.close()


def test_on_an_admin_station_through_the_office_server(qtbot, make_admin, office, tmp_path):
    config = office.enrol("admin", "Máy quản lý", tmp_path / "admin")
    store = RemoteStore.open(config.parent / "station.json")
    settings = Settings(db_url=store.url, server=store.url, credential=str(config.parent / "station.json"))
    window, page, said = open_page(qtbot, make_admin, settings, store)
    qtbot.waitUntil(lambda: "Máy quản lý" in rows(page))
    assert rows(page)["Máy quản lý"][1:] == ["Máy quản lý", rows(page)["Máy quản lý"][2], "Đang hoạt động"]
    assert rows(page)["Máy quản lý"][2] != "—"  # it is talking to the server right now
    code = make_code(qtbot, page, "kiosk", "Kiosk tầng 2")
    assert f"motcua station join {office.url} {code}" in page.about_code.text()
    credential = join(office.url, code, tmp_path / "kiosk.json")  # the server filled its own fingerprint in
    assert credential.kind == "kiosk" and credential.name == "Kiosk tầng 2"
    page.refresh()
    qtbot.waitUntil(lambda: "Kiosk tầng 2" in rows(page))
    page.table.selectRow(list(rows(page)).index("Kiosk tầng 2"))
    page.revoke_button.click()
    page.revoke_button.click()
    qtbot.waitUntil(lambda: rows(page)["Kiosk tầng 2"][3].startswith("Đã thu hồi lúc"))
    window.close()
    store.close()
