"""The citizen-facing second screen: the number being served and the satisfaction question."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.i18n import tr
from db.store.desk import SCORES
from ui import theme

COLOURS = {3: theme.GREEN, 2: theme.NAVY, 1: theme.RED}


class QtCitizenWindow(QWidget):
    """A separate window for a screen facing the citizen; touch or click one of three answers."""

    sig_rate = Signal(int)
    """The citizen's answer: 3 rất hài lòng, 2 hài lòng, 1 không hài lòng."""

    def __init__(self, counter_name: str, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setStyleSheet(f"background: {theme.PAPER};")
        root = QVBoxLayout(self)
        self.counter = QLabel(counter_name)
        self.counter.setFont(theme.font(28, bold=True))
        self.counter.setStyleSheet(f"color: white; background: {theme.NAVY}; padding: 12px;")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.invite = QLabel(tr("Xin mời công dân có số"))
        self.invite.setFont(theme.font(24))
        self.code = QLabel("—")
        self.code.setFont(theme.font(120, bold=True))
        self.code.setStyleSheet(f"color: {theme.RED};")
        for label in (self.invite, self.code):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question = QLabel(tr("Ông/Bà có hài lòng với sự phục vụ của chúng tôi không?"))
        self.question.setFont(theme.font(22, bold=True))
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question.setWordWrap(True)
        row = QHBoxLayout()
        self.buttons: dict[int, QPushButton] = {}
        for score in (3, 2, 1):
            button = QPushButton(tr(SCORES[score]))
            button.setFont(theme.font(22, bold=True))
            button.setMinimumHeight(110)
            button.setStyleSheet(f"QPushButton {{ background: {COLOURS[score]}; color: white; border-radius: 16px; }}"
                                 "QPushButton:disabled { background: #C9CED8; color: #F4F5F7; }")
            button.clicked.connect(lambda _=False, s=score: self._rate(s))
            self.buttons[score] = button
            row.addWidget(button)
        self.thanks = QLabel()
        self.thanks.setFont(theme.font(22))
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        root.addWidget(self.counter)
        root.addStretch(1)
        root.addWidget(self.invite)
        root.addWidget(self.code)
        root.addStretch(1)
        root.addWidget(self.question)
        root.addLayout(row)
        root.addWidget(self.thanks)
        self._clear = QTimer(self, singleShot=True, interval=6000, timeout=self.thanks.clear)
        self.ask(False)
        self.set_counter(counter_name)

    def set_counter(self, name: str) -> None:
        """The counter this screen faces: in its header and its title (no dangling "- " before sign-in)."""
        self.counter.setText(name)
        self.setWindowTitle(tr("Màn hình công dân - {counter}", counter=name) if name else tr("Màn hình công dân"))

    def show_code(self, code: str | None) -> None:
        self.code.setText(code or "—")

    def ask(self, enabled: bool) -> None:
        """Offer the question (a ticket can be rated) or grey it out."""
        for button in self.buttons.values():
            button.setEnabled(enabled)
            button.setVisible(True)
        if enabled:
            self.thanks.clear()

    def thank(self) -> None:
        self.ask(False)
        self.thanks.setText(tr("Cảm ơn Ông/Bà đã đánh giá!"))
        self._clear.start()

    def _rate(self, score: int) -> None:
        self.ask(False)
        self.sig_rate.emit(score)
