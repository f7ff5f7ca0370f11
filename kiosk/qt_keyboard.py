"""On-screen keyboards for a touchscreen with no physical keys: letters and a PIN pad."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from core.i18n import tr

LETTER_ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNM.")


class QtKeyboard(QWidget):
    """Big keys; search ignores diacritics, so plain letters find every procedure."""

    sig_key = Signal(str)
    """A character was touched."""
    sig_backspace = Signal()
    """The erase key was touched."""
    sig_clear = Signal()
    """The clear key was touched."""

    def __init__(self, rows: tuple[str, ...] = LETTER_ROWS, space: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(6)
        for r, row in enumerate(rows):
            for c, ch in enumerate(row):
                grid.addWidget(self._key(ch, lambda _=False, ch=ch: self.sig_key.emit(ch)), r, c)
        last = len(rows)
        width = max(len(row) for row in rows)
        if width < 10:  # a PIN pad: the erase keys share a row of their own, each half of it
            half = (width + 1) // 2
            grid.addWidget(self._key(tr("Xóa"), self.sig_backspace.emit, "quiet"), last, 0, 1, half)
            grid.addWidget(self._key(tr("Xóa hết"), self.sig_clear.emit, "danger"), last, half, 1, width - half)
            return
        if space:
            grid.addWidget(self._key(tr("Dấu cách"), lambda: self.sig_key.emit(" ")), last, 0, 1, 5)
        grid.addWidget(self._key(tr("Xóa"), self.sig_backspace.emit, "quiet"), last, 5, 1, 2)
        grid.addWidget(self._key(tr("Xóa hết"), self.sig_clear.emit, "danger"), last, 7, 1, 3)

    def _key(self, label: str, slot, role: str = "") -> QPushButton:
        button = QPushButton(label)
        button.setObjectName(f"key-{label}")
        button.setMinimumSize(64, 64)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        button.setStyleSheet("font-size: 24px; font-weight: bold;")
        if role:
            button.setProperty("role", role)
        button.clicked.connect(slot)
        return button


class QtPinPad(QtKeyboard):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(("123", "456", "789", "0"), space=False, parent=parent)
