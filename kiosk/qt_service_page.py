"""The manager's page behind the PIN: the printer's state, close the kiosk, back to citizens."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from core.i18n import tr
from kiosk.qt_pages import big_button, big_label
from ui import theme


class QtServicePage(QWidget):
    sig_check_printer = Signal()
    """Ask the printer for its state again."""
    sig_exit = Signal()
    """Close the kiosk program (back to the desktop / session)."""
    sig_home = Signal()
    """Back to the citizens' home screen."""

    def __init__(self):
        super().__init__()
        self.setObjectName("page-service")
        layout = QVBoxLayout(self)
        layout.addWidget(big_label(tr("Quản lý máy lấy số"), 34, bold=True, color=theme.NAVY))
        self.printer_state = big_label("", 28)
        self.printer_state.setObjectName("printer-state")
        layout.addWidget(big_label(tr("Máy in"), 28, bold=True))
        layout.addWidget(self.printer_state)
        layout.addStretch(1)
        row = QHBoxLayout()
        check = big_button(tr("Kiểm tra máy in"), "btn-check-printer", "ok", grow=False)
        check.clicked.connect(self.sig_check_printer.emit)
        leave = big_button(tr("Thoát chương trình"), "btn-exit", "danger", grow=False)
        leave.clicked.connect(self.sig_exit.emit)
        home = big_button(tr("Về trang chủ"), "btn-service-home", "quiet", grow=False)
        home.clicked.connect(self.sig_home.emit)
        for button in (check, leave, home):
            button.setFixedHeight(120)
            row.addWidget(button)
        layout.addLayout(row)

    def show_printer(self, words: str) -> None:
        self.printer_state.setText(words)
