"""The manager imports the national database's workbook: the preview shows each change, unknown fields are asked."""

from __future__ import annotations

from pathlib import Path

from test_admin import make_admin, messages, signed_in  # noqa: F401 - make_admin is a fixture

SAMPLES = Path(__file__).parents[1] / "data" / "catalog"


def test_the_preview_lists_each_procedure_added_or_changed_then_imports(qtbot, make_admin, sqlite_demo_store):
    _, page = signed_in(qtbot, make_admin, "catalog")
    said = messages(qtbot, page)
    dialog = page.import_file(SAMPLES / "quoc-gia.xlsx")
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    rows = {dialog.changes_model.cell(r, 0): (dialog.changes_model.cell(r, 2), dialog.changes_model.cell(r, 3))
            for r in range(dialog.changes_model.rowCount())}
    assert rows["1.003583.000.00.00.H38"] == ("Thêm mới", "")
    assert "Cột không dùng: Cấp thực hiện, Mô tả, Mẫu đơn, tờ khai" in dialog.notes.text()
    assert dialog.tabs.currentWidget() is dialog.changes and not dialog.map_box.isVisible()
    assert dialog.commit.isEnabled()
    dialog.commit.click()
    qtbot.waitUntil(lambda: bool(said) and said[-1][0].startswith("Đã nhập"), timeout=10000)
    assert sqlite_demo_store.setup.procedure("1.003583.000.00.00.H38").processing_days == 3


def test_a_field_name_no_field_matches_is_chosen_in_the_preview(qtbot, make_admin, sqlite_demo_store, tmp_path):
    _, page = signed_in(qtbot, make_admin, "catalog")
    said = messages(qtbot, page)
    path = tmp_path / "la.csv"
    path.write_text("Mã TTHC;Tên TTHC;Lĩnh vực;Thời hạn giải quyết\n9.9;Thủ tục lạ;Quốc tịch;5 ngày làm việc\n",
                    "utf-8")
    qtbot.waitUntil(lambda: bool(page.services), timeout=10000)  # the page has loaded the office's fields
    dialog = page.import_file(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    assert dialog.map_box.isVisible() and not dialog.commit.isEnabled()
    box = dialog.map_form.itemAt(0, dialog.map_form.ItemRole.FieldRole).widget()
    checked = dialog.preview
    box.setCurrentIndex(box.findData("B"))
    qtbot.waitUntil(lambda: dialog.preview is not checked, timeout=10000)
    assert dialog.preview.ok and not dialog.map_box.isVisible()
    dialog.commit.click()
    qtbot.waitUntil(lambda: bool(said) and said[-1][0] == "Đã nhập 1 thủ tục.", timeout=10000)
    assert sqlite_demo_store.setup.procedure("9.9").service_name == "Tư pháp - Hộ tịch"
