"""Qt's own words (dialog buttons, file dialogs, context menus) and numbers are Vietnamese on a Vietnamese station."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QDoubleSpinBox, QFileDialog, QLabel, QLineEdit, QPushButton

from ui.qt_catalog import use_language_in_qt


@pytest.fixture
def qt_in(qapp):
    def use(language: str):
        use_language_in_qt(qapp, language)
    yield use
    use_language_in_qt(qapp, "en")  # as a bare QApplication is: the next test starts from Qt's defaults


def test_dialog_buttons_menus_and_decimals_in_vietnamese(qt_in, qtbot):
    qt_in("vi")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    texts = [box.button(b).text() for b in (QDialogButtonBox.StandardButton.Ok,
                                            QDialogButtonBox.StandardButton.Cancel,
                                            QDialogButtonBox.StandardButton.Save)]
    assert texts == ["Đồng ý", "Hủy", "Lưu"]
    field = QLineEdit()
    qtbot.addWidget(field)
    menu = [a.text().split("\t")[0] for a in field.createStandardContextMenu().actions() if a.text()]
    assert {"&Hoàn tác", "&Cắt", "Sao &chép", "&Dán", "Xóa", "Chọn tất cả"} <= set(menu)
    spin = QDoubleSpinBox()
    qtbot.addWidget(spin)
    spin.setDecimals(1)
    spin.setValue(0.5)
    assert spin.text() == "0,5"


def test_the_save_dialog_speaks_vietnamese(qt_in, qtbot, tmp_path):
    qt_in("vi")
    dialog = QFileDialog(None, "Lưu báo cáo", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = {w.text() for w in dialog.findChildren(QLabel)}
    buttons = {w.text() for w in dialog.findChildren(QPushButton)}
    assert {"&Tìm trong:", "&Tên tệp:", "&Loại tệp:"} <= labels
    assert {"&Lưu", "Hủy"} <= buttons
    assert not {"File &name:", "Cancel", "&Save"} & (labels | buttons)


def test_an_english_station_keeps_qts_english(qt_in, qtbot):
    qt_in("vi")
    qt_in("en")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "OK"
