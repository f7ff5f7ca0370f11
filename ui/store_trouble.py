"""A write failure that lasts (full disk, read-only database, database file lost) under a running station.

`StoreTrouble` watches a window's runner: when any call fails with such an
error, it shows a banner saying what happened and what to do (the error's own
Vietnamese sentence under a short title), tells the window (`sig_trouble`) so
it disables the actions that write, and from then on tries one small real
write every few seconds (`probe`, e.g. the store's `setup.check_writable`).
The banner stays while the trouble lasts and goes by itself when a probe or
any action of the window writes again. A window that never writes (the wall
display) passes no probe: its own next good read clears it.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from core.i18n import tr
from db.errors import DatabaseLost, DiskFull, ReadOnlyStorage, StoreError, StoreUnavailable, WriteFailed
from ui import theme
from ui.runner import OpResult, Runner

log = logging.getLogger(__name__)
PROBE_MS = 3000


def is_trouble(error: Exception) -> bool:
    """A failure that stops every write until someone fixes the machine (not a passing network hiccup)."""
    return isinstance(error, (WriteFailed, DatabaseLost))


def trouble_title(error: StoreError) -> str:
    if isinstance(error, DiskFull):
        return tr("Ổ đĩa chứa cơ sở dữ liệu đã đầy")
    if isinstance(error, ReadOnlyStorage):
        return tr("Cơ sở dữ liệu đang ở chế độ chỉ đọc")
    if isinstance(error, DatabaseLost):
        return tr("Mất tệp cơ sở dữ liệu")
    return tr("Không ghi được dữ liệu")


class QtTroubleBanner(QFrame):
    """A red band across the window: the trouble's title, what happened and what to do, what is stopped.

    It lies over the window (no layout changes, so a window that fits its screen still does): along the
    bottom edge, where the buttons it disables are, or just under `below` (the wall board's header)."""

    MARGIN = 8

    def __init__(self, parent: QWidget, *, font_px: int = 18, below: QWidget | None = None):
        super().__init__(parent)
        self.below = below
        parent.installEventFilter(self)
        self.setObjectName("store-trouble")
        self.setStyleSheet(f"#store-trouble {{ background: {theme.RED}; border: 3px solid white; border-radius: 8px; }}"
                           f"#store-trouble QLabel {{ color: white; font-size: {font_px}px; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        self.title = QLabel()
        self.title.setStyleSheet(f"font-size: {font_px + 6}px; font-weight: bold;")
        self.body = QLabel()
        self.stopped = QLabel()
        for label in (self.title, self.body, self.stopped):
            label.setWordWrap(True)
            layout.addWidget(label)
        self.hide()

    def show_trouble(self, error: StoreError, stopped: str = "") -> None:
        self.title.setText(trouble_title(error))
        self.body.setText(str(error))
        self.stopped.setText(stopped)
        self.stopped.setVisible(bool(stopped))
        self.show()
        self.place()

    def place(self) -> None:
        """Across the window's width, at its bottom (or under `below`), above everything else."""
        window = self.parentWidget()
        width = max(200, window.width() - 2 * self.MARGIN)
        self.setFixedWidth(width)
        self.setFixedHeight(self.layout().totalHeightForWidth(width))
        if self.below is not None:
            top = self.below.mapTo(window, self.below.rect().bottomLeft()).y() + self.MARGIN
        else:
            top = window.height() - self.height() - self.MARGIN
        self.move(self.MARGIN, max(0, top))
        self.raise_()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self.place()
        return False


class StoreTrouble(QObject):
    """Follows `runner`'s failures; shows `banner` while the store cannot write (see the module's notes)."""

    sig_trouble = Signal(object)
    """The trouble (a StoreError) when it starts or changes; None when the store writes again."""

    def __init__(self, runner: Runner, banner: QtTroubleBanner, *, probe: Callable[[], object] | None = None,
                 stopped: str = "", probe_ms: int = PROBE_MS, parent: QObject | None = None):
        super().__init__(parent or runner)
        self.runner, self.banner, self.probe, self.stopped = runner, banner, probe, stopped
        self.trouble: StoreError | None = None
        self._probing = False
        self._timer = QTimer(self, interval=probe_ms, timeout=self._probe)
        runner.sig_store_failed.connect(self.failed)
        runner.sig_changed.connect(self._wrote)

    @property
    def active(self) -> bool:
        return self.trouble is not None

    def failed(self, error: Exception) -> None:
        """A call failed: a lasting write failure is shown (and probed); anything else is left to the window."""
        if not is_trouble(error):
            return
        assert isinstance(error, StoreError)
        changed = self.trouble is None or str(self.trouble) != str(error)
        if self.trouble is None:
            log.error("the store cannot write: %s", error)
        self.trouble = error
        self.banner.show_trouble(error, self.stopped)
        if self.probe is not None and not self._timer.isActive():
            self._timer.start()
        if changed:
            self.sig_trouble.emit(error)

    def cleared(self) -> None:
        """The store wrote (or, for a reading window, answered) again."""
        self._timer.stop()
        if self.trouble is None:
            return
        log.info("the store writes again")
        self.trouble = None
        self.banner.hide()
        self.sig_trouble.emit(None)

    def stop(self) -> None:
        self._timer.stop()

    def _wrote(self, op: OpResult) -> None:
        if op.changes:
            self.cleared()

    def _probe(self) -> None:
        if self._probing or self.probe is None:
            return
        self._probing = True
        self.runner.run(self.probe, on_done=self._probed, on_error=self._probe_failed, owner=self.banner)

    def _probed(self, _result) -> None:
        self._probing = False
        self.cleared()

    def _probe_failed(self, error: Exception) -> bool:
        self._probing = False
        if not isinstance(error, StoreUnavailable):  # the probe itself cannot be asked (e.g. refused by an
            log.warning("write probe unusable (%s): the next action will tell", error)  # older office server)
            self.cleared()  # never a banner that cannot end: the actions come back and find out themselves
        return True  # the banner already says it (updated by sig_store_failed); no toast every few seconds
