"""The import preview: every bad row with its reason, and a commit that is all or nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.i18n import tr
from db.catalog_io import CatalogPreview
from ui import theme
from admin.qt_common import RowsModel, table_view


class QtImportPreview(QDialog):
    """What a catalog file would change; "Nhập" is offered only when no row is bad."""

    sig_commit = Signal()
    """The manager confirmed: import every row."""

    def __init__(self, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Nhập danh mục từ {file}", file=path.name))
        self.resize(900, 560)
        self.preview: CatalogPreview | None = None
        root = QVBoxLayout(self)
        self.summary = QLabel(tr("Đang kiểm tra tệp…"))
        self.summary.setWordWrap(True)
        self.summary.setFont(theme.font(13, bold=True))
        root.addWidget(self.summary)
        self.model = RowsModel([tr("Dòng"), tr("Lý do")])
        self.problems = table_view(self.model, stretch=1)
        root.addWidget(self.problems, 1)
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
        self.open()

    def show_preview(self, preview: CatalogPreview) -> None:
        self.preview = preview
        self.model.set_rows([[p.line, p.reason] for p in preview.problems])
        self.problems.setVisible(bool(preview.problems))
        if preview.ok:
            self.summary.setText(tr("{n} dòng hợp lệ, không có dòng lỗi. Bấm “Nhập” để ghi tất cả.",
                                    n=len(preview.rows)))
            self.summary.setStyleSheet(f"color: {theme.GREEN};")
            self.commit.setText(tr("Nhập {n} thủ tục", n=len(preview.rows)))
        else:
            self.summary.setText(tr("{bad} dòng lỗi ({good} dòng hợp lệ). Chưa ghi gì: hãy sửa tệp theo lý do "
                                    "dưới đây rồi nhập lại.", bad=len(preview.problems), good=len(preview.rows)))
            self.summary.setStyleSheet(f"color: {theme.RED};")
        self.commit.setEnabled(preview.ok and bool(preview.rows))

    def _commit(self) -> None:
        self.commit.setEnabled(False)
        self.sig_commit.emit()
