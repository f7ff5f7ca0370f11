"""Signing in at the counter: username, password and which counter this PC is."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from core.i18n import tr
from ui.qt_login import QtLoginBox


class QtLoginPage(QtLoginBox):
    """The clerk signs in; the counter chosen last time on this PC is preselected."""

    sig_login = Signal(str, str, int)
    """(username, password, counter number)"""

    def __init__(self, parent: QWidget | None = None):
        self.counter = QComboBox()
        super().__init__(tr("Đăng nhập quầy tiếp nhận"), ((tr("Quầy"), self.counter),), parent)

    def set_counters(self, office_name: str, counters, remembered: int | None, username: str = "") -> None:
        """The office's active counters (again whenever they change: the clerk's choice is kept)."""
        first = self.counter.count() == 0
        chosen = self.counter.currentData()
        self.office.setText(office_name)
        self.counter.clear()
        for c in counters:
            if c.active:
                self.counter.addItem(c.name or tr("Quầy {number}", number=c.number), c.number)
        index = self.counter.findData(chosen) if chosen is not None else -1
        self.counter.setCurrentIndex(max(0, index if index >= 0 else self.counter.findData(remembered)))
        if username and not self.username.text():
            self.username.setText(username)
        if first:
            (self.password if self.username.text() else self.username).setFocus()

    def submit(self) -> None:
        if self.counter.currentData() is None:
            self.message.setText(tr("Chưa có quầy nào. Hãy nhờ quản lý khai báo quầy."))
            return
        self.message.clear()
        self.sig_login.emit(self.username.text().strip(), self.password.text(), int(self.counter.currentData()))
