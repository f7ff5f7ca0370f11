"""Tôi đã đặt lịch: a citizen with a booking checks in at the kiosk and gets a ticket.

Three ways in: the booking's QR under the kiosk's scanner, the code typed on the screen's
keyboard, or the căn cước's QR (today's booking of that card). The page only shows; the window
runs `KioskCheckIn` on its runner and prints the ticket as for any other.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from core.i18n import tr
from kiosk.qt_keyboard import QtKeyboard
from kiosk.qt_pages import big_button, big_label
from ui import theme

# the booking code's own symbols (no 0/O, 1/I), in keyboard rows; "-" as printed
CODE_ROWS = ("23456789", "ABCDEFGHJK", "LMNPQRSTUV", "WXYZ-")


class QtBookingPage(QWidget):
    sig_code = Signal(str)
    """Check in with this typed booking code."""
    sig_home = Signal()
    """Back home."""

    def __init__(self):
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addWidget(big_label(tr("Tôi đã đặt lịch hẹn"), 30, bold=True, color=theme.NAVY))
        layout.addWidget(big_label(tr("Đưa mã QR lịch hẹn hoặc mã QR trên thẻ căn cước vào máy quét, "
                                      "hoặc nhập mã lịch hẹn (8 ký tự, ví dụ ABCD-2345)"), 24))
        self.code = QLineEdit()
        self.code.setObjectName("booking-code")
        self.code.setMaxLength(12)
        self.code.setStyleSheet("font-size: 36px; padding: 10px;")
        self.code.returnPressed.connect(self._submit)
        layout.addWidget(self.code)
        self.message = big_label("", 28, bold=True)
        self.message.setObjectName("booking-message")
        layout.addWidget(self.message)
        self.keyboard = keyboard = QtKeyboard(CODE_ROWS, space=False)
        keyboard.sig_key.connect(self.code.insert)
        keyboard.sig_backspace.connect(self.code.backspace)
        keyboard.sig_clear.connect(self.code.clear)
        layout.addWidget(keyboard, 1)
        row = QHBoxLayout()
        self.check_in = big_button(tr("Lấy số"), "btn-check-in", "ok")
        self.check_in.clicked.connect(self._submit)
        back = big_button(tr("Về trang chủ"), "btn-booking-home", "quiet")
        back.clicked.connect(self.sig_home.emit)
        row.addWidget(self.check_in)
        row.addWidget(back)
        layout.addLayout(row)

    def _submit(self) -> None:
        if self.code.text().strip():
            self.sig_code.emit(self.code.text())
        else:
            self.show_message(tr("Hãy nhập mã lịch hẹn, hoặc đưa mã QR vào máy quét."), ok=False)

    def show_message(self, text: str, *, ok: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"font-size: 28px; font-weight: bold; color: {theme.GREEN if ok else theme.RED};")

    def clear(self) -> None:
        """Nothing of the last citizen stays on screen."""
        self.code.clear()
        self.message.clear()
