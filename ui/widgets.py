"""Small widgets the apps share."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from ui import theme


class Toast(QLabel):
    """A message over the bottom of a window that fades after a few seconds."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.hide()
        self._timer = QTimer(self, singleShot=True, timeout=self.hide)

    def show_message(self, text: str, *, error: bool = True, msecs: int = 5000) -> None:
        colour = theme.RED if error else theme.GREEN
        self.setStyleSheet(f"background: {colour}; color: white; border-radius: 10px; padding: 12px; font-size: 18px;")
        self.setText(text)
        parent = self.parentWidget()
        width = min(900, parent.width() - 40)
        self.setFixedWidth(max(200, width))
        self.adjustSize()
        self.move((parent.width() - self.width()) // 2, parent.height() - self.height() - 24)
        self.raise_()
        self.show()
        self._timer.start(msecs)
