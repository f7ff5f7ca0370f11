"""Signing in at the counter: username, password and which counter this PC is."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from core.i18n import tr
from ui import theme


class QtLoginPage(QWidget):
    """The clerk signs in; the counter chosen last time on this PC is preselected."""

    sig_login = Signal(str, str, int)
    """(username, password, counter number)"""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QWidget()
        box.setMaximumWidth(560)
        box.setStyleSheet(f"background: {theme.MIST}; border-radius: 16px;")
        form = QFormLayout(box)
        form.setContentsMargins(32, 28, 32, 28)
        form.setVerticalSpacing(14)
        title = QLabel(tr("Đăng nhập quầy tiếp nhận"))
        title.setFont(theme.font(22, bold=True))
        title.setStyleSheet(f"color: {theme.NAVY};")
        form.addRow(title)
        self.office = QLabel()
        self.office.setFont(theme.font(13))
        form.addRow(self.office)
        self.username = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.counter = QComboBox()
        for widget in (self.username, self.password, self.counter):
            widget.setFont(theme.font(15))
            widget.setMinimumHeight(44)
        form.addRow(tr("Tên đăng nhập"), self.username)
        form.addRow(tr("Mật khẩu"), self.password)
        form.addRow(tr("Quầy"), self.counter)
        self.button = QPushButton(tr("Đăng nhập"))
        self.button.setFont(theme.font(15, bold=True))
        self.button.setMinimumHeight(48)
        self.button.clicked.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        self.username.returnPressed.connect(self.password.setFocus)
        form.addRow(self.button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {theme.RED}; font-size: 15px;")
        form.addRow(self.message)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def set_counters(self, office_name: str, counters, remembered: int | None, username: str = "") -> None:
        self.office.setText(office_name)
        self.counter.clear()
        for c in counters:
            if c.active:
                self.counter.addItem(c.name or tr("Quầy {number}", number=c.number), c.number)
        index = self.counter.findData(remembered)
        self.counter.setCurrentIndex(max(0, index))
        if username and not self.username.text():
            self.username.setText(username)
        (self.password if self.username.text() else self.username).setFocus()

    def submit(self) -> None:
        if self.counter.currentData() is None:
            self.message.setText(tr("Chưa có quầy nào. Hãy nhờ quản lý khai báo quầy."))
            return
        self.message.clear()
        self.sig_login.emit(self.username.text().strip(), self.password.text(), int(self.counter.currentData()))

    def failed(self, message: str) -> None:
        self.message.setText(message)
        self.password.clear()
        self.password.setFocus()
