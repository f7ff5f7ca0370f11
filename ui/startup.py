"""One start-up for every app (kiosk, counter, display, admin).

`run_app(settings, name, open_window, show)`:

1. no screen to draw on (a server with no desktop): one line saying what to do,
   instead of Qt's "could not load the Qt platform plugin" abort;
2. the Qt runtime guards, once (ui/runtime_guard.py);
3. the store opened off the GUI thread; while it cannot be (server down, file
   missing on a share not mounted yet, damaged, read-only, full disk) a clear
   Vietnamese screen says what happened and what to do, and retries by itself;
   a database is never created here (only `motcua db upgrade` and `motcua demo` do);
4. the app's window, built by `open_window(store)`;
5. a SQLite file deleted or replaced under the running app is noticed within
   seconds: the window is hidden behind the same screen, so no ticket is
   acknowledged into a lost file; it comes back if the same file returns.

A station enrolled with an office server (`server = "https://…"` in motcua.toml,
`motcua station join`) opens the remote store instead (db/remote.py): no database
here; its events come from the server's push stream, and a red line on top of the
window warns when this PC's clock is more than a minute off the server's.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from typing import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from core.i18n import tr
from core.settings import Settings
from db import Store
from db.errors import DatabaseLost, StoreError, StoreUnavailable
from db.remote import RemoteStore, open_store
from ui import theme
from ui.app import qt_app
from ui.runtime_guard import collect_on_gui_thread, make_none_immortal

log = logging.getLogger(__name__)
RETRY_MS = 3000
FILE_CHECK_MS = 2000
CLOCK_CHECK_MS = 5000


def has_screen(env: dict[str, str] | None = None, platform: str = sys.platform) -> bool:
    """True where Qt can open a window: a desktop session, or a platform chosen by hand (offscreen, xvfb)."""
    env = os.environ if env is None else env
    if env.get("QT_QPA_PLATFORM"):
        return True
    if platform.startswith("linux") or "bsd" in platform:
        return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    return True  # Windows and macOS always have their own


def no_screen_message() -> str:
    return tr("Máy này không có màn hình đồ họa (không có DISPLAY): không mở được cửa sổ. Hãy chạy trên máy có "
              "màn hình, hoặc dùng `xvfb-run motcua …`; chỉ tạo dữ liệu mẫu: `motcua demo --no-launch`.")


class QtStoreScreen(QWidget):
    """Full-window notice: the store cannot be used now, why, what to do; retrying by itself."""

    def __init__(self, title: str, *, allow_quit: bool = True):
        super().__init__()
        self.setObjectName("store-screen")
        self.setWindowTitle(title)
        self.setStyleSheet(f"background: {theme.MIST};")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel(tr("Tạm ngưng phục vụ"))
        self.title.setStyleSheet(f"color: {theme.NAVY}; font-size: 40px; font-weight: bold;")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {theme.NAVY}; font-size: 24px;")
        self.retrying = QLabel("")
        self.retrying.setStyleSheet("color: #555; font-size: 18px;")
        for label in (self.title, self.message, self.retrying):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        self.quit = QPushButton(tr("Thoát"))
        self.quit.setObjectName("btn-quit")
        self.quit.setStyleSheet(f"background: {theme.NAVY}; color: white; font-size: 20px; padding: 10px 32px;")
        self.quit.setVisible(allow_quit)
        self.quit.clicked.connect(QApplication.quit)
        layout.addWidget(self.quit, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        self.attempts = 0

    def show_problem(self, error: Exception, *, retrying: bool = True) -> None:
        self.attempts += 1
        self.message.setText(str(error) if isinstance(error, StoreError) else str(StoreUnavailable()))
        self.retrying.setText(tr("Đang tự thử lại… (lần {n})", n=self.attempts) if retrying else "")


class StartupGate(QObject):
    """Opens the store off the GUI thread until it answers, then builds and shows the app's window."""

    sig_opened = Signal(object)
    sig_failed = Signal(object)
    sig_window = Signal(object)
    """The app's window, once built and shown."""

    def __init__(self, settings: Settings, open_window: Callable[[Store], QWidget],
                 show: Callable[[QWidget], None], *, title: str, allow_quit: bool = True,
                 retry_ms: int = RETRY_MS, file_check_ms: int = FILE_CHECK_MS):
        super().__init__()
        self.settings, self.open_window, self.show, self.title = settings, open_window, show, title
        self.screen = QtStoreScreen(title, allow_quit=allow_quit)
        self.store: Store | None = None
        self.window: QWidget | None = None
        self.clock_warning: ClockWarning | None = None
        self.sig_opened.connect(self._opened)
        self.sig_failed.connect(self._failed)
        self.retry = QTimer(self, singleShot=True, interval=retry_ms, timeout=self.try_open)
        self.file_check = QTimer(self, interval=file_check_ms, timeout=self._check_file)

    def try_open(self) -> None:
        threading.Thread(target=self._open, daemon=True, name="motcua-open-store").start()

    def _open(self) -> None:
        try:
            store = open_store(self.settings)
            store.office()  # the first read: a server that accepts but cannot answer is still down
        except Exception as error:  # noqa: BLE001 - every failure is shown on the screen and retried
            if not isinstance(error, StoreError):
                log.exception("store could not be opened")
            self.sig_failed.emit(error)
        else:
            self.sig_opened.emit(store)

    def _failed(self, error: Exception) -> None:
        log.warning("store not ready: %s", error)
        self.screen.show_problem(error)
        self.show(self.screen)
        self.retry.start()

    def _opened(self, store: Store) -> None:
        self.store = store
        if isinstance(store, RemoteStore):
            self.settings.db_url = store.url  # the apps' EventBridge then follows the server's push stream
        self.window = self.open_window(store)
        if isinstance(store, RemoteStore):
            self.clock_warning = ClockWarning(self.window, store)
        self.show(self.window)
        self.screen.hide()
        self.file_check.start()
        log.info("store opened: %s shown", self.title)
        self.sig_window.emit(self.window)

    def _check_file(self) -> None:
        """A deleted or replaced SQLite file stops the station; the same file back lets it go on."""
        assert self.store is not None and self.window is not None
        try:
            self.store.check_file()
        except DatabaseLost as error:
            if not self.screen.isVisible():
                log.error("database file lost: %s", error)
                self.screen.show_problem(error, retrying=False)
                self.show(self.screen)
                self.window.hide()
            return
        except StoreError:
            return  # a share that does not answer this second: the store's own calls will say so
        if self.screen.isVisible():
            self.screen.hide()
            self.show(self.window)


class ClockWarning(QLabel):
    """A red line on top of a station's window while its clock is more than a minute off the server's."""

    def __init__(self, window: QWidget, store: RemoteStore, *, check_ms: int = CLOCK_CHECK_MS):
        super().__init__(window)
        self.setObjectName("clock-warning")
        self.store = store
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("background: #b00020; color: white; font-size: 18px; font-weight: bold; padding: 6px;")
        self.hide()
        self.timer = QTimer(self, interval=check_ms, timeout=self.check)
        self.timer.start()
        self.check()

    def check(self) -> None:
        text = self.store.clock_warning()
        self.setText(text)
        if text:
            parent = self.parentWidget()
            self.setFixedWidth(parent.width())
            self.adjustSize()
            self.move(0, 0)
            self.show()
            self.raise_()
        else:
            self.hide()


def run_app(settings: Settings, name: str, open_window: Callable[[Store], QWidget],
            show: Callable[[QWidget], None], *, title: str, allow_quit: bool = True) -> int:
    """Start app `name`: guards, the store (or the screen that waits for it), the window; the event loop."""
    if not has_screen():
        print(tr("Lỗi: {message}", message=no_screen_message()), file=sys.stderr)
        return 1
    make_none_immortal()  # before any Qt call: see ui/runtime_guard.py
    app = qt_app(settings, name)
    collect_on_gui_thread(app)
    gate = StartupGate(settings, open_window, show, title=title, allow_quit=allow_quit)
    gate.try_open()
    code = app.exec()
    shutdown = getattr(gate.window, "shutdown", None)  # the display stops its speech and video first
    if shutdown is not None:
        shutdown()
    if gate.store is not None:
        gate.store.close()
    return code
