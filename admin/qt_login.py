"""Signing in to the manager's app: managers and admins only (the store checks it again on every operation)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from core.i18n import tr
from ui.qt_login import QtLoginBox


class QtAdminLogin(QtLoginBox):
    """Username and password; a clerk's account is turned away with a plain sentence."""

    sig_login = Signal(str, str)
    """(username, password)"""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(tr("Đăng nhập trang quản lý"), parent=parent)

    def submit(self) -> None:
        self.message.clear()
        self.sig_login.emit(self.username.text().strip(), self.password.text())
