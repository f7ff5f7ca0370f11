"""The office's due-soon and overdue dossiers, so none is late without its apology."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from core.i18n import tr
from core.status import DossierStatus
from counter.qt_dossier import days_left_text
from db.store.dossiers import status_label
from ui import theme


class QtDueList(QWidget):
    """Open dossiers due within two days or late; a late one without apology stands out."""

    sig_open = Signal(str)
    """Open this dossier."""
    sig_refresh = Signal()
    """Read the list again."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        root = QVBoxLayout(self)
        row = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setFont(theme.font(15, bold=True))
        refresh = QPushButton(tr("Làm mới"))
        refresh.clicked.connect(self.sig_refresh)
        row.addWidget(self.summary, 1)
        row.addWidget(refresh)
        root.addLayout(row)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([tr("Mã hồ sơ"), tr("Người nộp"), tr("Thủ tục"), tr("Hẹn trả"),
                                              tr("Còn lại"), tr("Trạng thái")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.cellActivated.connect(lambda r, _: self.sig_open.emit(self.table.item(r, 0).text()))
        self.table.cellDoubleClicked.connect(lambda r, _: self.sig_open.emit(self.table.item(r, 0).text()))
        root.addWidget(self.table)

    def show_list(self, rows: list[tuple], now, tz) -> None:
        """rows: (DossierInfo, working days left)."""
        late = [d for d, _ in rows if d.overdue(now)]
        unapologised = [d for d in late if d.apology_count == 0]
        self.summary.setText(tr("{n} hồ sơ sắp đến hạn hoặc quá hạn · {late} quá hạn · {missing} chưa có phiếu xin lỗi",
                                n=len(rows), late=len(late), missing=len(unapologised)))
        self.table.setRowCount(len(rows))
        for r, (d, days) in enumerate(rows):
            overdue = d.overdue(now)
            state = status_label(d.status)
            if overdue and d.apology_count == 0:
                state += " · " + tr("CHƯA XIN LỖI")
            # waiting for the citizen's papers: the count is paused, so no "Còn -16,5 ngày" that misleads
            left = tr("Tạm dừng, chờ bổ sung") if d.status == DossierStatus.supplement_requested else \
                days_left_text(days, overdue)
            cells = (d.code, d.applicant_name, d.procedure_name, f"{d.due_at.astimezone(tz):%H:%M %d/%m/%Y}",
                     left, state)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if overdue:
                    item.setForeground(QColor(theme.RED))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def codes(self) -> list[str]:
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())]

