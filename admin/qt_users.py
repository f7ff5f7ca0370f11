"""People (người dùng): add, rename, change role, reset a password, deactivate — never delete."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPushButton, QWidget

from core.i18n import tr
from db.store.base import ROLES
from admin.qt_common import QtPage, button_row, role_name


class QtUsersPage(QtPage):
    """The office's accounts; a deactivated one cannot sign in but keeps its name on past work."""

    def __init__(self, runner, store, parent: QWidget | None = None):
        super().__init__(runner, store, parent)
        self.follow(self.store.setup.users, self._show)
        self.users = []
        headers = [tr("Tên đăng nhập"), tr("Họ và tên"), tr("Vai trò"), tr("Trạng thái")]
        _, form = self.list_and_form(tr("Người dùng"), headers, 1, tr("Tài khoản"))
        self.username, self.full_name = QLineEdit(), QLineEdit()
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(tr(role_name(role)), role)
        self.active = QCheckBox(tr("Được đăng nhập"))
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("ít nhất 6 ký tự"))
        form.addRow(tr("Tên đăng nhập"), self.username)
        form.addRow(tr("Họ và tên"), self.full_name)
        form.addRow(tr("Vai trò"), self.role)
        form.addRow(self.active)
        form.addRow(tr("Mật khẩu (mới)"), self.password)
        buttons, (_, self.save_button) = button_row((tr("Người dùng mới"), "quiet", self.new), (tr("Lưu"), "ok", self.save))
        form.addRow(buttons)
        self.reset_button = QPushButton(tr("Đặt lại mật khẩu"))
        self.reset_button.clicked.connect(self.reset_password)
        form.addRow(self.reset_button)
        self.new()

    def _show(self, users) -> None:
        current = self.username.text() if self.username.isReadOnly() else None
        self.users = users
        self.show_rows([[u.username, u.full_name, tr(role_name(u.role)),
                         tr("Đang hoạt động") if u.active else tr("Đã khóa")] for u in users], users,
                       lambda u: u.username == current)

    def _edit(self, row: int) -> None:
        if not 0 <= row < len(self.users):
            return
        u = self.users[row]
        self.username.setText(u.username)
        self.username.setReadOnly(True)
        self.full_name.setText(u.full_name)
        self.role.setCurrentIndex(self.role.findData(u.role))
        self.active.setChecked(u.active)
        self.password.clear()
        self.reset_button.setEnabled(True)

    def new(self) -> None:
        self.table.clearSelection()
        self.username.clear()
        self.username.setReadOnly(False)
        self.full_name.clear()
        self.role.setCurrentIndex(self.role.findData("clerk"))
        self.active.setChecked(True)
        self.password.clear()
        self.reset_button.setEnabled(False)
        self.username.setFocus()

    def save(self) -> None:
        username, name, role = self.username.text().strip(), self.full_name.text().strip(), self.role.currentData()
        if not username or not name:
            self.sig_message.emit(tr("Hãy nhập tên đăng nhập và họ tên."), True)
            return
        if self.username.isReadOnly():
            self.act(self.store.setup.update_user, username, full_name=name, role=role, active=self.active.isChecked(),
                     done=tr("Đã lưu tài khoản {username}.", username=username))
            return

        self.act(self.store.setup.add_user, username, name, self.password.text(), role, active=self.active.isChecked(),
                 done=tr("Đã tạo tài khoản {username}.", username=username),
                 then=lambda _: (self.username.setReadOnly(True), self.password.clear()))

    def reset_password(self) -> None:
        username = self.username.text().strip()
        if not self.username.isReadOnly():
            return
        self.act(self.store.setup.reset_password, username, self.password.text(),
                 done=tr("Đã đặt lại mật khẩu cho {username}.", username=username),
                 then=lambda _: self.password.clear())
