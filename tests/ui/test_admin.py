"""The manager's app driven like a manager would: sign in, edit, import; what the store then holds."""

from __future__ import annotations

from PySide6.QtCore import Qt

import pytest

from admin.qt_admin import PAGES, QtAdminWindow
from db.errors import LoginFailed

HEADER = "ma,ten,linh_vuc,so_ngay,le_phi,thanh_phan,muc_do,co_quan\n"


@pytest.fixture
def make_admin(qtbot, sqlite_demo_store, settings_for):
    windows = []

    def make(username: str = "quanly", password: str = "quanly123", page: str = "", bridge: bool = False,
             store=None, settings=None, size: tuple[int, int] = (1500, 920)):
        """An admin window signing in; on `store` with `settings` (an admin station's) or the demo store."""
        store = store or sqlite_demo_store
        window = QtAdminWindow(settings or settings_for(store), store, username=username,
                               first_page=page, start_bridge=bridge)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitUntil(lambda: window.login.office.text() != "", timeout=5000)
        window.login.password.setText(password)
        window.login.submit()
        windows.append(window)
        return window

    yield make
    for w in windows:
        w.close()


def signed_in(qtbot, make_admin, page: str, **window):
    window = make_admin(page=page, **window)
    qtbot.waitUntil(lambda: window.manager is not None, timeout=5000)
    return window, window.pages[page]


def idle(qtbot, page) -> None:
    """Wait until the page's store calls (a save and the re-read after it) have all come back."""
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=5000)


def messages(qtbot, page) -> list[tuple[str, bool]]:
    said: list[tuple[str, bool]] = []
    page.sig_message.connect(lambda text, error: said.append((text, error)))
    return said


def test_a_clerk_is_turned_away_and_a_manager_gets_every_page(qtbot, make_admin):
    clerk = make_admin("lan", "lan12345")
    qtbot.waitUntil(lambda: "cán bộ một cửa" in clerk.login.message.text(), timeout=5000)
    assert clerk.manager is None and clerk.stack.currentWidget() is clerk.login
    wrong = make_admin("quanly", "sai-mat-khau")
    qtbot.waitUntil(lambda: wrong.login.message.text() == str(LoginFailed()), timeout=5000)
    manager = make_admin()
    qtbot.waitUntil(lambda: manager.manager is not None, timeout=5000)
    assert manager.keys == [key for key, _, _ in PAGES]
    assert manager.nav.item(0).text() == "Lĩnh vực"


def test_fields_page_edits_a_field_refuses_a_bad_letter_and_closes_a_field_for_today(qtbot, make_admin,
                                                                                    sqlite_demo_store):
    _, page = signed_in(qtbot, make_admin, "fields")
    said = messages(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 8, timeout=5000)
    page.table.selectRow(0)
    assert page.code.text() == "DD" and page.code.isReadOnly()
    page.sla.setValue(25)
    page.save()
    qtbot.waitUntil(lambda: sqlite_demo_store.setup.services()[0].sla_minutes == 25, timeout=5000)
    page.prefix.setText("1")
    page.save()
    qtbot.waitUntil(lambda: bool(said) and said[-1][1], timeout=5000)
    assert "Chữ cái đầu số" in said[-1][0] and sqlite_demo_store.setup.services()[0].prefix == "A"
    page.table.selectRow(1)
    page.close_button.click()
    qtbot.waitUntil(lambda: sqlite_demo_store.setup.services()[1].closed_today, timeout=5000)
    qtbot.waitUntil(lambda: page.model.cell(1, 5) == "Ngừng hôm nay", timeout=5000)


def test_counters_page_saves_fields_in_the_order_the_manager_set(qtbot, make_admin, sqlite_demo_store):
    _, page = signed_in(qtbot, make_admin, "counters")
    said = messages(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 6, timeout=5000)
    page.new()
    assert page.number.value() == 7
    page.name.setText("Quầy 7 - Chứng thực")
    page.save()  # no field ticked
    qtbot.waitUntil(lambda: bool(said), timeout=2000)
    assert said[-1] == ("Hãy chọn ít nhất một lĩnh vực cho quầy.", True)
    prefixes = [page.fields.item(i).data(Qt.ItemDataRole.UserRole) for i in range(page.fields.count())]
    for prefix in ("B", "G"):
        page.fields.item(prefixes.index(prefix)).setCheckState(Qt.CheckState.Checked)
    page.fields.setCurrentRow(prefixes.index("G"))
    for _ in range(prefixes.index("G")):
        page.move(-1)  # G to the top: this counter calls Chứng thực first
    assert page.chosen_fields() == ["G", "B"]
    page.save()
    qtbot.waitUntil(lambda: any(c.number == 7 for c in sqlite_demo_store.setup.counters()), timeout=5000)
    by_id = {s.id: s.prefix for s in sqlite_demo_store.setup.services()}
    counter = next(c for c in sqlite_demo_store.setup.counters() if c.number == 7)
    assert [by_id[i] for i in counter.service_ids] == ["G", "B"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 7, timeout=5000)


def test_users_page_creates_resets_and_deactivates_but_never_locks_the_manager_out(qtbot, make_admin,
                                                                                  sqlite_demo_store):
    _, page = signed_in(qtbot, make_admin, "users")
    said = messages(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    page.new()
    page.username.setText("hoa")
    page.full_name.setText("Lê Thị Hoa")
    page.password.setText("hoa12345")
    page.save()
    qtbot.waitUntil(lambda: any(u.username == "hoa" for u in page.users), timeout=5000)
    assert sqlite_demo_store.login("hoa", "hoa12345").actor.role == "clerk"
    page.table.selectRow(next(i for i, u in enumerate(page.users) if u.username == "hoa"))
    page.password.setText("moi-12345")
    page.reset_button.click()
    qtbot.waitUntil(lambda: bool(said) and said[-1] == ("Đã đặt lại mật khẩu cho hoa.", False), timeout=5000)
    assert sqlite_demo_store.login("hoa", "moi-12345")
    page.active.setChecked(False)
    page.save()
    qtbot.waitUntil(lambda: not sqlite_demo_store.setup.user_for("hoa").active, timeout=5000)
    with pytest.raises(LoginFailed):
        sqlite_demo_store.login("hoa", "moi-12345")
    page.table.selectRow(next(i for i, u in enumerate(page.users) if u.username == "quanly"))
    page.active.setChecked(False)
    page.save()
    qtbot.waitUntil(lambda: said[-1][1], timeout=5000)
    assert "chính mình" in said[-1][0] and sqlite_demo_store.setup.user_for("quanly").active


def test_office_page_sets_opening_hours_and_priority_policy_and_refuses_a_backwards_session(qtbot, make_admin,
                                                                                         sqlite_demo_store):
    _, page = signed_in(qtbot, make_admin, "office")
    said = messages(qtbot, page)
    qtbot.waitUntil(lambda: page.name.text() == sqlite_demo_store.office().name, timeout=5000)
    assert sqlite_demo_store.calendar.opening_status().open  # Wednesday 09:00
    morning, afternoon = page.hours[2]  # Wednesday
    morning[0].setChecked(False)
    page.interleave.setChecked(True)
    page.every.setValue(2)
    page.save()
    qtbot.waitUntil(lambda: bool(said) and not said[-1][1], timeout=5000)
    sqlite_demo_store.refresh_office()
    assert not sqlite_demo_store.calendar.opening_status().open
    assert sqlite_demo_store.office().opening_hours["2"] == [["13:30", "17:00"]]
    assert sqlite_demo_store.setup.setting("priority_policy") == "interleave 2"
    idle(qtbot, page)
    afternoon[2].setTime(afternoon[1].time().addSecs(-3600))  # ends before it starts
    page.save()
    qtbot.waitUntil(lambda: said[-1][1], timeout=5000)
    assert "kết thúc sau khi bắt đầu" in said[-1][0]
    sqlite_demo_store.refresh_office()
    assert sqlite_demo_store.office().opening_hours["2"] == [["13:30", "17:00"]]


def write_catalog(tmp_path, lines, name="danh-muc.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(lines) + "\n", "utf-8-sig")
    return path


def test_catalog_import_with_three_bad_rows_shows_the_reasons_and_writes_nothing(qtbot, make_admin,
                                                                                  sqlite_demo_store, tmp_path):
    _, page = signed_in(qtbot, make_admin, "catalog")
    before = len(sqlite_demo_store.setup.procedures(include_inactive=True))
    path = write_catalog(tmp_path, ["1.000948.H38,Đăng ký thường trú,B,7,,,,", ",Thiếu mã,B,3,,,,",
                                    "1.000950.H38,Lĩnh vực lạ,Z,3,,,,", "1.000951.H38,Số ngày sai,B,ba ngày,,,,"])
    dialog = page.import_file(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    assert [dialog.model.cell(r, 0) for r in range(3)] == ["3", "4", "5"]
    assert dialog.model.cell(1, 1) == "không có lĩnh vực “Z”"
    assert "3 dòng lỗi" in dialog.summary.text() and not dialog.commit.isEnabled()
    dialog.reject()
    assert len(sqlite_demo_store.setup.procedures(include_inactive=True)) == before


def test_catalog_import_of_a_good_file_writes_every_row_and_cancel_rolls_back(qtbot, make_admin,
                                                                              sqlite_demo_store, tmp_path):
    _, page = signed_in(qtbot, make_admin, "catalog")
    said = messages(qtbot, page)
    before = len(sqlite_demo_store.setup.procedures(include_inactive=True))
    path = write_catalog(tmp_path, [f"1.{900000 + i}.H38,Thủ tục thử {i},G,{1 + i % 5},,,Toàn trình,"
                                    for i in range(120)])
    jobs = []
    page.sig_job.connect(jobs.append)
    dialog = page.import_file(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    assert dialog.commit.isEnabled() and dialog.commit.text() == "Nhập 120 thủ tục"
    # the manager presses Cancel while rows are being written: the import stops and nothing stays
    # (the worker's progress report sets the same flag the dialog's Cancel button sets, checked below)
    page.sig_job.connect(lambda job: job.sig_progress.connect(lambda done, total: job.cancelled.set()
                                                              if done >= 40 else None,
                                                              Qt.ConnectionType.DirectConnection))
    dialog.commit.click()
    qtbot.waitUntil(lambda: bool(said) and said[-1] == ("Đã hủy; chưa ghi gì.", True), timeout=10000)
    assert len(sqlite_demo_store.setup.procedures(include_inactive=True)) == before
    page.sig_job.disconnect()
    dialog = page.import_file(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    dialog.commit.click()
    qtbot.waitUntil(lambda: said[-1] == ("Đã nhập 120 thủ tục.", False), timeout=10000)
    assert len(sqlite_demo_store.setup.procedures(include_inactive=True)) == before + 120
    jobs[-1].dialog.cancel()
    assert jobs[-1].cancelled.is_set()  # the button the manager presses is wired to that flag
    assert sqlite_demo_store.setup.procedure("1.900007.H38").processing_days == 3


def test_catalog_page_edits_one_procedure_with_its_documents_and_exports(qtbot, make_admin, sqlite_demo_store,
                                                                         tmp_path):
    _, page = signed_in(qtbot, make_admin, "catalog")
    said = messages(qtbot, page)
    page.query.setText("ket hon")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    page.table.selectRow(0)
    code = page.code.text()
    documents = page.document_rows()
    page.days.setValue(1.5)
    page.add_document("Giấy xác nhận tình trạng hôn nhân", "original", 2)
    page.save()
    qtbot.waitUntil(lambda: sqlite_demo_store.setup.procedure(code).processing_days == 1.5, timeout=5000)
    assert list(sqlite_demo_store.setup.procedure(code).documents) == documents + [
        {"name": "Giấy xác nhận tình trạng hôn nhân", "form": "original", "quantity": 2}]
    page.export_file(tmp_path / "ra.xlsx")
    qtbot.waitUntil(lambda: bool(said) and said[-1][0].startswith("Đã xuất"), timeout=5000)
    preview = sqlite_demo_store.as_user("quanly").setup.preview_catalog(tmp_path / "ra.xlsx")
    assert preview.ok and len(preview.rows) == len(sqlite_demo_store.setup.procedures(include_inactive=True))


def test_audit_page_shows_the_managers_changes_and_filters_them(qtbot, make_admin, sqlite_demo_store):
    window, page = signed_in(qtbot, make_admin, "audit")
    window.manager.setup.reset_password("lan", "lan-moi-123")
    window.manager.setup.update_office(header="UBND QUẬN THỐT NỐT")
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() > 2 and page.model.cell(0, 2) == "Sửa thông tin cơ quan",
                    timeout=5000)
    assert page.model.cell(1, 2) == "Đặt lại mật khẩu" and page.model.cell(1, 1) == "quanly"
    assert "lan-moi" not in page.model.cell(1, 4)
    page.action.setCurrentIndex(page.action.findData("user_password_reset"))
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert page.model.cell(0, 3) == "Người dùng lan"  # named by the account, not the row's id


def test_a_change_made_at_another_pc_shows_on_the_page_on_screen(qtbot, make_admin, sqlite_demo_store):
    window = make_admin(page="fields", bridge=True)
    qtbot.waitUntil(lambda: window.manager is not None, timeout=5000)
    page = window.pages["fields"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 8, timeout=5000)
    other_pc = sqlite_demo_store.as_user("admin")
    other_pc.setup.close_service_today("C")
    qtbot.waitUntil(lambda: page.model.cell(2, 5) == "Ngừng hôm nay", timeout=5000)
