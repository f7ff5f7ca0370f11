"""The compact layout: a small screen above one counter, showing that counter's number and its ticket."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from core.i18n import tr
from display.qt_board import Blinker, QtFitLabel, label, px
from ui import theme


class QtCompactBoard(QFrame):
    """"QUẦY 3" on top, the ticket it serves huge in the middle; blinks on a new call."""

    def __init__(self, counter_number: int, parent: QWidget | None = None, blink_ms: int = 6000):
        super().__init__(parent)
        self.counter_number = counter_number
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 16, 24, 16)
        top = QHBoxLayout()
        self.counter = label(tr("QUẦY {number}", number=counter_number), 96, True, "white")
        self.offline = label(tr("Mất kết nối"), 28, True, "white", Qt.AlignmentFlag.AlignCenter)
        self.offline.setStyleSheet(f"background: {theme.RED}; color: white; border-radius: 16px; padding: 6px 18px;")
        self.offline.hide()
        self.clock = label("", 48, True, theme.GOLD, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.counter, 1)
        top.addWidget(self.offline)
        top.addSpacing(20)
        top.addWidget(self.clock)
        self.name = QtFitLabel("", 40, False, "white", minimum=20)
        self.caption = label(tr("Đang phục vụ số"), 44, False, "white", Qt.AlignmentFlag.AlignCenter)
        self.code = label("—", 200, True, theme.GOLD, Qt.AlignmentFlag.AlignCenter)
        box.addLayout(top)
        box.addWidget(self.name)
        box.addStretch(1)
        box.addWidget(self.caption)
        box.addWidget(self.code, 3)
        box.addStretch(1)
        self.blinker = Blinker(self, self._paint, blink_ms)

    @property
    def blinking(self) -> bool:
        return self.blinker.active

    def set_name(self, name: str) -> None:
        self.name.setText(name)

    def set_code(self, code: str, blink: bool = False) -> None:
        self.code.setText(code or "—")
        if blink:
            self.blinker.start()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        # the ticket fills the screen whatever its size (a 22-inch or a 32-inch panel)
        size = max(60, min(int(self.height() * 0.42), int(self.width() / 3.2)))
        self.code.setFont(px(size, True))

    def tick(self, now) -> None:
        self.clock.setText(now.strftime("%H:%M"))

    def _paint(self, bright: bool) -> None:
        bg = theme.RED if bright else theme.NAVY
        self.setStyleSheet(f"QtCompactBoard {{ background: {bg}; }}")
