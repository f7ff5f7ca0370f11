"""The manager's app: sign in, then one page per part of the office on a side list.

Pages are built after sign-in with the signed-in store (every operation is
role-checked again in the store). Each page is a live view of what it shows
(admin.qt_common.QtPage.follow): the store's events go to every page, the page
on screen reads again at once, a hidden one when it is shown.
"""

from __future__ import annotations

import importlib
import importlib.util

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QMainWindow, QPushButton, QStackedWidget, QVBoxLayout, QWidget,
)

from core.i18n import N_, tr
from core.settings import Settings
from db import Store
from db.store.base import MANAGERS
from ui import theme
from ui.bridge import EventBridge
from ui.runner import Runner
from ui.widgets import Toast
from admin.qt_common import role_name
from admin.qt_login import QtAdminLogin

# key, title, "module:Class": the side list, in order (Ctrl+1 … Ctrl+9 jump to the first nine)
PAGES = (
    ("fields", N_("Lĩnh vực"), "admin.qt_fields:QtFieldsPage"),
    ("counters", N_("Quầy"), "admin.qt_counters:QtCountersPage"),
    ("users", N_("Người dùng"), "admin.qt_users:QtUsersPage"),
    ("office", N_("Cơ quan và giờ làm việc"), "admin.qt_office:QtOfficePage"),
    ("booking", N_("Lịch hẹn và số từ xa"), "admin.qt_booking:QtBookingPage"),
    ("catalog", N_("Thủ tục hành chính"), "admin.qt_catalog:QtCatalogPage"),
    ("calendar", N_("Lịch làm việc"), "admin.content.qt_calendar:QtCalendarPage"),
    ("display", N_("Màn hình và thông báo"), "admin.content.qt_display_content:QtDisplayContentPage"),
    ("stations", N_("Thiết bị các máy"), "admin.content.qt_stations:QtStationsPage"),
    ("enrolment", N_("Máy trạm"), "admin.qt_enrolment:QtEnrolmentPage"),
    ("reports", N_("Báo cáo"), "admin.reports.qt_reports:QtReportsPage"),
    ("audit", N_("Nhật ký thao tác"), "admin.qt_audit:QtAuditPage"),
)


def available_pages() -> list[tuple[str, str, str]]:
    """The pages whose module is installed (a trimmed build may leave some out)."""
    def found(module: str) -> bool:
        try:
            return importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:  # its parent package is missing
            return False
    return [p for p in PAGES if found(p[2].split(":")[0])]


class QtAdminWindow(QMainWindow):
    """Fields, counters, people, office, bookings, catalog, calendar, display content, stations' devices, stations
    enrolled with the office server, reports, audit log."""

    sig_signed_in = Signal(str)
    """The username that signed in (a manager or an admin)."""

    def __init__(self, settings: Settings, store: Store, *, username: str = "", first_page: str = "",
                 start_bridge: bool = True):
        super().__init__()
        self.settings, self.store = settings, store
        self.manager: Store | None = None
        self.first_page = first_page
        self.pages: dict[str, QWidget] = {}
        self.setWindowTitle(tr("Quản lý bộ phận một cửa"))
        self.runner = Runner(self)
        self.runner.sig_error.connect(lambda text: self.toast.show_message(text))
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.login = QtAdminLogin()
        self.login.username.setText(username)
        self.login.sig_login.connect(self.sign_in)
        self.stack.addWidget(self.login)
        self.toast = Toast(self)
        self.bridge = EventBridge(settings.db_url, parent=self) if start_bridge else None
        if self.bridge:
            self.bridge.sig_events.connect(self.on_events)
            self.bridge.start()
        self.runner.run(lambda: store.office().name, on_done=self.login.office.setText)

    # -- signing in ------------------------------------------------------------------------------------
    def sign_in(self, username: str, password: str) -> None:
        def done(bound: Store) -> None:
            if bound.actor.role not in MANAGERS:
                self.login.failed(tr("Tài khoản {username} là cán bộ một cửa, không mở được trang quản lý.",
                                     username=username))
                return
            self.manager = bound
            self._build_desk()
            self.sig_signed_in.emit(username)

        def refused(error: Exception) -> bool:
            self.login.failed(str(error))
            return True
        self.runner.run(self.store.login, username, password, "admin", on_done=done, on_error=refused)

    def _build_desk(self) -> None:
        desk = QWidget()
        root = QHBoxLayout(desk)
        side = QVBoxLayout()
        self.who = QLabel(f"{self.manager.actor.full_name}\n({tr(role_name(self.manager.actor.role))})")
        self.who.setFont(theme.font(12, bold=True))
        self.who.setStyleSheet(f"color: {theme.NAVY};")
        side.addWidget(self.who)
        self.nav = QListWidget()
        self.nav.setFont(theme.font(13))
        self.nav.setFixedWidth(240)  # leaves the pages room on a 1366-pixel screen
        self.nav.setStyleSheet("QListWidget::item { padding: 10px; }")
        side.addWidget(self.nav, 1)
        logout = QPushButton(tr("Đăng xuất"))
        logout.setProperty("role", "quiet")
        logout.clicked.connect(self.sign_out)
        side.addWidget(logout)
        root.addLayout(side)
        self.page_stack = QStackedWidget()
        root.addWidget(self.page_stack, 1)
        for key, title, target in available_pages():
            module, cls = target.split(":")
            page = getattr(importlib.import_module(module), cls)(self.runner, self.manager)
            page.sig_message.connect(lambda text, error: self.toast.show_message(text, error=error))
            self.pages[key] = page
            self.nav.addItem(tr(title))
            self.page_stack.addWidget(page)
        self.nav.currentRowChanged.connect(self._show_page)
        for i in range(min(9, len(self.keys))):
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), desk, activated=lambda i=i: self.nav.setCurrentRow(i))
        self.stack.addWidget(desk)
        self.stack.setCurrentWidget(desk)
        self.desk = desk
        first = self.keys.index(self.first_page) if self.first_page in self.keys else 0
        self.nav.setCurrentRow(first)

    @property
    def keys(self) -> list[str]:
        """The pages' keys in side-list order."""
        return list(self.pages)

    def show_page(self, key: str) -> QWidget:
        self.nav.setCurrentRow(self.keys.index(key))
        return self.pages[key]

    def _show_page(self, row: int) -> None:
        if row < 0:
            return
        self.page_stack.setCurrentIndex(row)
        self.pages[self.keys[row]].refresh()

    def sign_out(self) -> None:
        self.manager = None
        self.stack.setCurrentWidget(self.login)
        self.stack.removeWidget(self.desk)
        self.desk.deleteLater()
        self.pages.clear()
        self.login.password.clear()
        self.login.password.setFocus()

    # -- changes made elsewhere ---------------------------------------------------------------------
    def on_events(self, events: list) -> None:
        """Every page's live view sees the store's events (each reads again if they touch its topics)."""
        for page in list(self.pages.values()):
            if page.live is not None:
                page.live.on_events(events)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.bridge:
            self.bridge.stop()
        for page in self.pages.values():
            if page.live is not None:
                page.live.stop()
        self.runner.wait(10000)
        super().closeEvent(event)

