"""The import preview: per procedure what the file adds or changes, every bad row with its reason, fields to map.

Nothing is written until "Nhập"; the import is all or nothing. A field name in the file that
matches none of the office's fields gets a choice box: choosing re-checks the file with that mapping.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTabWidget, QVBoxLayout,
    QWidget,
)

from core.i18n import tr
from db.catalog_io import CHANGE_KINDS, CatalogPreview
from ui import theme
from admin.qt_common import RowsModel, table_view


class QtImportPreview(QDialog):
    """What a catalog file would change; "Nhập" is offered only when no row is bad."""

    sig_commit = Signal()
    """The manager confirmed: import every row."""
    sig_recheck = Signal(dict)
    """The manager mapped a field name of the file to one of the office's fields: check the file again."""

    def __init__(self, path: Path, parent: QWidget | None = None, fields: list[tuple[str, str]] = ()):
        super().__init__(parent)
        self.setWindowTitle(tr("Nhập danh mục từ {file}", file=path.name))
        self.resize(1000, 600)
        self.preview: CatalogPreview | None = None
        self.fields = list(fields)  # (prefix, name) of the office's fields, to map unknown names to
        self.mapping: dict[str, str] = {}
        root = QVBoxLayout(self)
        self.summary = QLabel(tr("Đang kiểm tra tệp…"))
        self.summary.setWordWrap(True)
        self.summary.setFont(theme.font(13, bold=True))
        root.addWidget(self.summary)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        root.addWidget(self.notes)
        self.map_box = QWidget()
        self.map_form = QFormLayout(self.map_box)
        root.addWidget(self.map_box)
        self.tabs = QTabWidget()
        self.changes_model = RowsModel([tr("Mã"), tr("Tên"), tr("Kết quả"), tr("Thay đổi")])
        self.changes = table_view(self.changes_model, stretch=3)
        # a long procedure name would push the changes out of sight: a fixed share of the width
        self.changes.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.changes.setColumnWidth(1, 300)
        self.changes.selectionModel().currentRowChanged.connect(lambda current, _: self._detail(current.row()))
        self.model = RowsModel([tr("Dòng"), tr("Lý do")])
        self.problems = table_view(self.model, stretch=1)
        self.tabs.addTab(self.problems, tr("Dòng lỗi"))
        self.tabs.addTab(self.changes, tr("Thay đổi"))
        root.addWidget(self.tabs, 1)
        self.detail = QLabel()  # the chosen procedure's changes, one field a line
        self.detail.setWordWrap(True)
        root.addWidget(self.detail)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        close = QPushButton(tr("Đóng"))
        close.setProperty("role", "quiet")
        close.clicked.connect(self.reject)
        self.commit = QPushButton(tr("Nhập"))
        self.commit.setProperty("role", "ok")
        self.commit.setEnabled(False)
        self.commit.clicked.connect(self._commit)
        buttons.addWidget(close)
        buttons.addWidget(self.commit)
        root.addLayout(buttons)
        self.map_box.setVisible(False)
        self.open()

    def show_preview(self, preview: CatalogPreview) -> None:
        self.preview = preview
        self.model.set_rows([[f"{p.line} ({p.sheet})" if p.sheet else p.line, p.reason] for p in preview.problems])
        shown = [c for c in preview.changes if c.kind != "unchanged"] + \
            [c for c in preview.changes if c.kind == "unchanged"]
        self.changes_model.set_rows([[c.code, c.name, tr(CHANGE_KINDS[c.kind]), c.summary] for c in shown], shown)
        if shown and shown[0].fields:
            self.changes.selectRow(0)
        self.tabs.setTabVisible(0, bool(preview.problems))
        self.tabs.setCurrentIndex(0 if preview.problems else 1)
        notes = []
        if preview.ignored_columns:
            notes.append(tr("Cột không dùng: {columns}", columns=", ".join(preview.ignored_columns)))
        if preview.problem_count > len(preview.problems):
            notes.append(tr("Chỉ hiện {shown} dòng lỗi đầu trong {n}.", shown=len(preview.problems),
                            n=preview.problem_count))
        self.notes.setText("\n".join(notes))
        self._show_mapping(preview.unknown_fields)
        counts = dict(added=preview.count("added"), changed=preview.count("changed"),
                      unchanged=preview.count("unchanged"))
        if preview.ok:
            self.summary.setText(tr("Không có dòng lỗi: thêm mới {added}, thay đổi {changed}, không đổi {unchanged} "
                                    "thủ tục. Cột không có trong tệp giữ nguyên. Bấm “Nhập” để ghi.", **counts))
            self.summary.setStyleSheet(f"color: {theme.GREEN};")
            self.commit.setText(tr("Nhập {n} thủ tục", n=counts["added"] + counts["changed"]))
        else:
            self.summary.setText(tr("{bad} dòng lỗi ({good} dòng hợp lệ). Chưa ghi gì: hãy sửa tệp theo lý do "
                                    "dưới đây rồi nhập lại.", bad=preview.problem_count, good=len(preview.rows)))
            self.summary.setStyleSheet(f"color: {theme.RED};")
        self.commit.setEnabled(preview.ok and bool(counts["added"] + counts["changed"]))

    def _detail(self, row: int) -> None:
        change = self.changes_model.items[row] if 0 <= row < len(self.changes_model.items) else None
        self.detail.setText("\n".join(f"{label}: “{old}” → “{new}”" for label, old, new in change.fields)
                            if change else "")

    def _show_mapping(self, unknown: tuple[str, ...]) -> None:
        """A choice box per field name of the file that matches none of the office's fields."""
        while self.map_form.rowCount():
            self.map_form.removeRow(0)
        for name in unknown:
            box = QComboBox()
            box.addItem(tr("— chọn lĩnh vực —"), "")
            for prefix, field_name in self.fields:
                box.addItem(f"{prefix} — {field_name}", prefix)
            box.currentIndexChanged.connect(lambda _, n=name, b=box: self._mapped(n, b.currentData()))
            self.map_form.addRow(tr("Lĩnh vực “{field}” trong tệp là:", field=name), box)
        self.map_box.setVisible(bool(unknown))

    def _mapped(self, name: str, prefix: str) -> None:
        if prefix:
            self.mapping[name] = prefix
            self.sig_recheck.emit(dict(self.mapping))

    def field_map(self) -> dict[str, str]:
        return dict(self.mapping)

    def _commit(self) -> None:
        self.commit.setEnabled(False)
        self.sig_commit.emit()
