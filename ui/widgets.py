"""Small widgets the apps share."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

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


class QtQuestion(QFrame):
    """A question inside the window (not a modal dialog): a sentence and one button per answer."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(f"QtQuestion {{ background: #FFF4D6; border: 2px solid {theme.RED}; border-radius: 10px; }}")
        self._row = QHBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setFont(theme.font(14, bold=True))
        self._row.addWidget(self.text, 1)
        self.buttons: dict[str, QPushButton] = {}
        self.hide()

    def ask(self, text: str, answers: list[tuple[str, str, str, Callable[[], None]]]) -> None:
        """Show `text` with buttons (key, label, role, what it does); any answer closes the question."""
        for button in self.buttons.values():
            self._row.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        self.text.setText(text)
        for key, label, role, action in answers:
            button = QPushButton(label)
            button.setFont(theme.font(13, bold=True))
            if role:
                button.setProperty("role", role)
            button.clicked.connect(lambda _=False, action=action: (self.hide(), action()))
            self._row.addWidget(button)
            self.buttons[key] = button
        self.show()
