"""The sign-in box the counter and the manager's app share."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from core.i18n import tr
from ui import theme


class QtLoginBox(QWidget):
    """A title, the office's name, username, password, any `extra` rows, the button and a message line.

    Subclasses define `submit()` (the button and Enter in the password call it).
    """

    def __init__(self, title: str, extra: tuple[tuple[str, QWidget], ...] = (), parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QWidget()
        box.setMaximumWidth(560)
        box.setObjectName("login-box")
        # only the box is mist: unscoped, the rule reached "Đăng nhập" too (white on mist looked disabled)
        box.setStyleSheet(f"QWidget#login-box {{ background: {theme.MIST}; border-radius: 16px; }}")
        form = QFormLayout(box)
        form.setContentsMargins(32, 28, 32, 28)
        form.setVerticalSpacing(14)
        heading = QLabel(title)
        heading.setFont(theme.font(22, bold=True))
        heading.setStyleSheet(f"color: {theme.NAVY};")
        form.addRow(heading)
        self.office = QLabel()
        self.office.setFont(theme.font(13))
        self.office.setWordWrap(True)
        form.addRow(self.office)
        self.username = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        rows = ((tr("Tên đăng nhập"), self.username), (tr("Mật khẩu"), self.password), *extra)
        for label, widget in rows:
            widget.setFont(theme.font(15))
            widget.setMinimumHeight(44)
            form.addRow(label, widget)
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
        # centred by stretches, not by an alignment flag: an aligned widget gets its size hint, and the
        # message wrapped to two lines was cut to one (height for width reaches the box only this way)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def submit(self) -> None:
        raise NotImplementedError

    def failed(self, message: str) -> None:
        self.message.setText(message)
        self.password.clear()
        self.password.setFocus()
