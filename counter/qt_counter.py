"""The counter station: sign in, call and serve, receive and find dossiers, all by keyboard.

The window holds no truth: each action is one store operation on the runner, and
every list is read again when the store's events say something changed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QRect, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QLabel, QLineEdit, QMainWindow, QPushButton, QSizePolicy, QStackedWidget,
    QTabWidget, QVBoxLayout, QWidget,
)

from core.codes import Scan, ScanKind, classify_scan
from core.i18n import tr
from core.settings import Settings
from counter.paperwork import Paperwork
from counter.qt_citizen import QtCitizenWindow
from counter.qt_dossier_desk import QtDossierDesk
from counter.qt_login import QtLoginPage
from counter.qt_serving import QtQueueLists, QtServingPanel
from db import Store
from db.events import Topic
from devices.scanners import start_scanner
from ui.qt_wedge import QtWedgeFilter
from ui import theme
from ui.bridge import EventBridge
from ui.live import LiveRead
from ui.runner import Runner, describe_error
from ui.store_trouble import QtTroubleBanner, StoreTrouble
from ui.widgets import QtQuestion, Toast

log = logging.getLogger(__name__)
SHORTCUTS = {"F1": "call_next", "F2": "recall", "F3": "start", "F4": "finish", "F5": "no_show", "F6": "park"}
QUEUE = "queue"  # the runner key of the counter's queue actions: one at a time


class QtCounterWindow(QMainWindow):
    """One counter PC: the clerk's whole day in one window (plus an optional citizen screen)."""

    sig_scan = Signal(object)
    """A scanned or typed code (core.codes.Scan), from the wedge, a serial/camera scanner or a search box."""
    sig_logged_in = Signal(str, int)
    """(username, counter): the PC remembers them."""
    sig_ticket = Signal(object)
    """The counter's current ticket changed (TicketInfo or None): shown on screen."""

    def __init__(self, settings: Settings, store: Store, *, paperwork: Paperwork, printer=None,
                 citizen_screen: bool = False, start_bridge: bool = True, open_pdfs: bool = False):
        super().__init__()
        self.settings, self.store = settings, store
        self.clerk = None
        self.counter: int | None = None
        self.current = None
        self.rateable = None  # the last ticket served here, until the next call
        self.setWindowTitle(tr("Quầy tiếp nhận và trả kết quả"))
        self.runner = Runner(self)
        self.runner.sig_error.connect(self._error)
        self.runner.sig_key_busy.connect(lambda key, busy: key == QUEUE and self.serving.set_busy(busy))
        if printer is not None:  # preview files named in the office's time, by the store's clock
            office_tz = ZoneInfo(settings.timezone)
            printer.local_now = lambda: store.now().astimezone(office_tz)
        self.desk = QtDossierDesk(self.runner, paperwork, printer, open_pdfs=open_pdfs, parent=self)
        self.desk.sig_message.connect(lambda text, error: self.toast.show_message(text, error=error))
        self.desk.sig_opened.connect(lambda _: self.tabs.setCurrentWidget(self.desk.dossier))
        self.desk.sig_papers.connect(self._papers_written)
        self.paper_folder = paperwork.out_dir
        self._build()
        self.citizen = QtCitizenWindow("", self)
        self.citizen.sig_rate.connect(self.rate)
        self._want_citizen = citizen_screen
        self.live = LiveRead(self.runner, _read_desk, self._show_desk, owner=self, topics={Topic.queue},
                             args=lambda: (self.clerk, self.counter), delay_ms=60, retry_ms=3000,
                             day=lambda: self.clerk.business_day() if self.clerk else None)
        self.counters_live = LiveRead(self.runner, lambda: (store.office().name, store.setup.counters()), self._show_login,
                                      owner=self.login, topics={Topic.catalog, Topic.office}, retry_ms=3000)
        self.wedge = QtWedgeFilter(self, settings.scanner.wedge_max_gap_ms, settings.scanner.wedge_min_length,
                                   also=(self.citizen,))
        self.wedge.sig_scan.connect(self.sig_scan.emit)
        self.sig_scan.connect(self.on_scan)
        self.scanner = start_scanner(settings.scanner, self.sig_scan.emit)
        self.bridge = EventBridge(settings.db_url, parent=self) if start_bridge else None
        if self.bridge:
            for live in (self.live, self.counters_live, self.desk.due_live):
                live.follow(self.bridge)
            self.bridge.start()
        self.trouble = StoreTrouble(self.runner, self.trouble_banner, probe=self._probe_write,
                                    stopped=tr("Gọi số, tiếp nhận và cập nhật hồ sơ tạm khóa cho đến khi ghi được; "
                                               "máy tự thử lại vài giây một lần."))
        self.trouble.sig_trouble.connect(self._show_trouble)
        self.counters_live.refresh_now()

    # -- layout ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.trouble_banner = QtTroubleBanner(self)  # over the bottom, on the buttons it disables
        self.login = QtLoginPage()
        self.login.sig_login.connect(self.sign_in)
        self.stack.addWidget(self.login)
        desk = QWidget()
        root = QVBoxLayout(desk)
        bar = QHBoxLayout()
        self.who = QLabel()
        self.who.setFont(theme.font(15, bold=True))
        self.who.setStyleSheet(f"color: {theme.NAVY};")
        self.who.setWordWrap(True)  # a counter with many fields: two lines, not a window wider than the screen
        self.search = QLineEdit(placeholderText=tr("Mã hồ sơ hoặc số thứ tự (Ctrl+F)"))
        self.search.setMinimumWidth(300)
        self.search.returnPressed.connect(self._search)
        citizen = QPushButton(tr("Màn hình công dân"))
        citizen.setProperty("role", "quiet")
        citizen.setCheckable(True)
        citizen.toggled.connect(self.show_citizen_screen)
        self.citizen_button = citizen
        logout = QPushButton(tr("Đăng xuất"))
        logout.setProperty("role", "quiet")
        logout.clicked.connect(self.sign_out)
        self.logout_button = logout
        bar.addWidget(self.who, 1)
        bar.addWidget(self.search)
        bar.addWidget(citizen)
        bar.addWidget(logout)
        root.addLayout(bar)
        self.question = QtQuestion()
        root.addWidget(self.question)
        self.tabs = QTabWidget()
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        calling = QWidget()
        row = QHBoxLayout(calling)
        self.serving = QtServingPanel()
        self.queue = QtQueueLists()
        row.addWidget(self.serving, 3)
        row.addWidget(self.queue, 2)
        self.tabs.addTab(calling, tr("Gọi số (Ctrl+1)"))
        self.tabs.addTab(self.desk.intake, tr("Tiếp nhận hồ sơ (Ctrl+2)"))
        self.tabs.addTab(self.desk.dossier, tr("Tra cứu hồ sơ (Ctrl+3)"))
        self.tabs.addTab(self.desk.due, tr("Sắp đến hạn / quá hạn (Ctrl+4)"))
        root.addWidget(self.tabs, 1)
        self.stack.addWidget(desk)
        self.desk_page = desk
        self._build_status()
        self.toast = Toast(self)
        self.serving.sig_action.connect(self.act)
        self.serving.sig_call_code.connect(lambda code: self._queue_op("call_ticket", code))
        self.serving.sig_transfer.connect(self.transfer)
        self.queue.sig_resume.connect(lambda code: self._queue_op("resume", code))
        self.queue.sig_reactivate.connect(lambda code: self._queue_op("reactivate", code))
        self.sig_ticket.connect(self.serving.show_ticket)
        self.sig_ticket.connect(lambda t: self.desk.intake.set_ticket(t.code if t else None))
        for key, action in SHORTCUTS.items():
            QShortcut(QKeySequence(key), self, activated=lambda a=action: self.act(a))
        QShortcut(QKeySequence("F7"), self, activated=self.serving.call_code.setFocus)
        QShortcut(QKeySequence("F8"), self, activated=self.serving._transfer)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.desk.intake._save)
        for i in range(4):
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self, activated=lambda i=i: self.tabs.setCurrentIndex(i))

    def _build_status(self) -> None:
        """The status bar: where the last forms were written, and a button opening that folder."""
        self.paper_note = QLabel()
        self.paper_note.setObjectName("paper-note")
        self.paper_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens
        self.open_folder = QPushButton(tr("Mở thư mục"))
        self.open_folder.setObjectName("btn-open-folder")
        self.open_folder.setProperty("role", "quiet")
        self.open_folder.clicked.connect(self.open_paper_folder)
        self.open_folder.hide()
        self.statusBar().addWidget(self.paper_note, 1)
        self.statusBar().addPermanentWidget(self.open_folder)

    def _papers_written(self, paths: list) -> None:
        self.paper_folder = Path(paths[-1]).parent
        names = ", ".join(Path(p).name for p in paths)
        self.paper_note.setToolTip(tr("Đã lưu {files} vào thư mục {folder}", files=names,
                                      folder=str(self.paper_folder)))
        self.open_folder.show()
        self._fit_paper_note()

    def _fit_paper_note(self) -> None:
        """The whole note, or its middle left out ("…") when the folder's path is longer than the bar."""
        full = self.paper_note.toolTip()
        room = max(0, self.paper_note.width() - 4)
        self.paper_note.setText(self.paper_note.fontMetrics().elidedText(full, Qt.TextElideMode.ElideMiddle, room))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.paper_note.toolTip():
            QTimer.singleShot(0, self._fit_paper_note)  # after the status bar has its new width

    def open_paper_folder(self) -> None:
        """The forms' folder in the file manager; where there is none, say the path instead."""
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paper_folder))):
            self.toast.show_message(tr("Máy này không mở được thư mục. Các tệp PDF ở: {folder}",
                                       folder=str(self.paper_folder)))

    # -- the store cannot write ------------------------------------------------------------------------------
    def _error(self, text: str) -> None:
        if self.trouble.active and text == str(self.trouble.trouble):
            return  # the banner says it, and stays while it lasts
        self.toast.show_message(text)

    def _probe_write(self) -> None:
        """On the runner, while the store cannot write: one small real write as this counter."""
        station = f"counter-{self.counter}" if self.counter is not None else "counter"
        (self.clerk or self.store).setup.check_writable(station)

    def _show_trouble(self, trouble) -> None:
        blocked = trouble is not None
        self.serving.set_blocked(blocked)
        self.desk.intake.set_blocked(blocked)
        self.desk.dossier.set_blocked(blocked)
        self.login.setEnabled(not blocked)  # signing in opens the counter: a write
        self.logout_button.setEnabled(not blocked)  # so does closing it

    # -- signing in -----------------------------------------------------------------------------------------
    def _show_login(self, state) -> None:
        office_name, counters = state
        self.counters = counters
        self.login.set_counters(office_name, counters, self.settings.station.counter_number,
                                self.settings.station.username)

    def sign_in(self, username: str, password: str, counter: int) -> None:
        def job():
            clerk = self.store.login(username, password, station=f"counter-{counter}")
            with clerk.together(write=True):
                clerk.queue.open_counter(counter)
                return clerk, clerk.setup.services(), clerk.setup.counters()

        def failed(error: Exception) -> bool:
            self.login.failed(describe_error(error))
            return True
        self.runner.run(job, on_done=lambda r: self._signed_in(counter, *r), on_error=failed, owner=self,
                        changes={Topic.queue})

    def _signed_in(self, counter: int, clerk, services, counters) -> None:
        self.clerk, self.counter = clerk, counter
        self.services, self.counters = services, counters
        self.current = self.rateable = None
        mine = next(c for c in counters if c.number == counter)
        self.my_services = {s.id: s for s in services if s.id in mine.service_ids}
        name = mine.name or tr("Quầy {number}", number=counter)
        fields = ", ".join(f"{s.prefix} - {s.name}" for s in self.my_services.values())
        self.who.setText(tr("{clerk} · {counter} · Lĩnh vực: {fields}", clerk=clerk.actor.full_name, counter=name,
                            fields=fields or "—"))
        self.citizen.set_counter(name)
        self.serving.set_targets(services, counters, counter)
        self.desk.bind(clerk, counter)
        self.stack.setCurrentWidget(self.desk_page)
        self.login.password.clear()
        self.sig_logged_in.emit(clerk.actor.username, counter)
        if self._want_citizen:
            self.citizen_button.setChecked(True)
        self.live.refresh_now()

    def sign_out(self) -> None:
        """Đăng xuất. With a citizen at the counter it asks first: back to the queue, absent, or served."""
        if self.clerk is None:
            return
        if self.serving.busy:  # what is at the counter is about to change: ask once it has
            self._refused()
            return
        t = self.current
        if t is None or t.status not in ("called", "serving"):
            self.leave(None)
            return
        answers = [("waiting", tr("Cho chờ lại"), "ok", lambda: self.leave("waiting"))]
        if t.status == "called":
            answers.append(("no_show", tr("Vắng mặt"), "danger", lambda: self.leave("no_show")))
        else:
            answers.append(("done", tr("Đã phục vụ xong"), "", lambda: self.leave("done")))
        answers.append(("stay", tr("Ở lại"), "quiet", lambda: None))
        self.question.ask(tr("Số {code} đang ở quầy này. Trước khi đăng xuất: cho công dân chờ lại (được gọi "
                             "trước), ghi vắng mặt, hay đã phục vụ xong?", code=t.code), answers)

    def leave(self, current: str | None) -> None:
        """Close the counter in one store operation, deciding what becomes of its current ticket."""
        clerk, counter = self.clerk, self.counter
        if clerk is None:
            return

        def left(_ticket) -> None:
            self.clerk = None
            self.question.hide()
            self.citizen_button.setChecked(False)
            self._set_current(None)
            self.stack.setCurrentWidget(self.login)
            self.counters_live.refresh_now()
        if not self.runner.run(clerk.queue.leave_counter, counter, current, on_done=left, key=QUEUE, owner=self,
                               changes={Topic.queue}):
            self._refused()

    # -- calling and serving ----------------------------------------------------------------------------------
    def act(self, action: str) -> None:
        """F1…F6 and the buttons: one store operation each, one at a time."""
        if self.clerk is None:
            return
        if self.serving.busy:
            self._refused()
            return
        if self.trouble.active:
            return  # the banner says why; F-keys wait with the buttons
        if not self.serving.can(action):
            return
        if action == "call_next" and self.current is not None and self.current.status == "called":
            # never count a citizen who did not come as served, never skip one by a quick second F1
            self.serving.explain(tr("Số {code} đã được gọi nhưng chưa bắt đầu phục vụ. Công dân đã đến: F3 bắt đầu "
                                    "hoặc F4 đã xong. Không đến: F5 vắng mặt. Sau đó nhấn F1.",
                                    code=self.current.code))
            return
        if action == "cancel":
            if self.current is not None:
                self._queue_op("cancel", self.current.code)
            return
        names = {"call_next": "call_next", "recall": "recall", "start": "start_serving", "finish": "finish",
                 "no_show": "mark_no_show", "park": "park"}
        self._queue_op(names[action], self.counter)

    def transfer(self, kind: str, value: str) -> None:
        if self.clerk is None:
            return
        options = {"service": value} if kind == "service" else {"to_counter": int(value)}
        self._run_queue(lambda c: c.queue.transfer(self.counter, **options), None)

    def _queue_op(self, name: str, arg) -> None:
        if self.clerk is None:
            return
        if name == "call_ticket":
            self._run_queue(lambda c: c.queue.call_ticket(self.counter, arg), name)
        elif name == "call_link":  # a ticket's QR with its phone page: the token names today's ticket
            self._run_queue(lambda c: c.queue.call_ticket(self.counter, c.phones.ticket_by_token(arg).code),
                            "call_ticket")
        elif name == "resume":
            self._run_queue(lambda c: c.queue.resume(self.counter, arg), name)
        else:
            self._run_queue(lambda c: getattr(c.queue, name)(arg), name)

    def _run_queue(self, op, name: str | None) -> None:
        clerk = self.clerk
        if self.trouble.active:
            return  # the store cannot write: the banner says why
        if not self.runner.run(lambda: op(clerk), on_done=lambda t: self._after(name, t), key=QUEUE, owner=self,
                               changes={Topic.queue}):
            self._refused()

    def _refused(self) -> None:
        self.toast.show_message(tr("Đang xử lý thao tác trước, xin chờ giây lát."), error=False, msecs=1500)

    def _after(self, name: str | None, ticket) -> None:
        if name in ("call_next", "call_ticket", "recall", "start_serving", "resume"):
            self._set_current(ticket)
        elif name in ("finish", "mark_no_show", "park", "cancel", None):
            if name == "finish":
                self.rateable = ticket
            self._set_current(None)
        if name == "call_next" and ticket is None:
            self.toast.show_message(tr("Không còn ai đang chờ."), error=False, msecs=2500)

    def _set_current(self, ticket) -> None:
        if (ticket and ticket.id) != (self.current and self.current.id):
            self.serving.explain("")
        self.current = ticket
        if ticket is not None:
            self.rateable = ticket
        self.sig_ticket.emit(ticket)
        self.citizen.show_code(ticket.code if ticket else None)
        self.citizen.ask(self.rateable is not None and self.rateable.status in ("serving", "done"))

    def rate(self, score: int) -> None:
        ticket, clerk = self.rateable, self.clerk
        if ticket is None or clerk is None:
            return
        self.rateable = None
        self.runner.run(clerk.queue.record_rating, ticket.id, score, on_done=lambda _: self.citizen.thank(), owner=self,
                        changes={Topic.queue})

    # -- live lists ---------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the desk again now (it also follows the store's queue events by itself)."""
        self.live.refresh_now()

    def _show_desk(self, state) -> None:
        """Current ticket, own queue, parked/no-show lists and figures, as one read (db DeskState)."""
        if state is None or self.clerk is None or state.counter != self.counter:
            return
        current = state.current
        if (current and current.id, current and current.status) != \
                (self.current and self.current.id, self.current and self.current.status):
            self._set_current(current)
        self.queue.show_queue(list(state.waiting), list(state.parked), list(state.no_show), state.now)
        self.queue.show_figures(state.figures)

    # -- scanning and searching --------------------------------------------------------------------------------
    def _search(self) -> None:
        self.sig_scan.emit(classify_scan(self.search.text()))
        self.search.clear()

    def on_scan(self, scan: Scan) -> None:
        """A dossier code opens the dossier; a ticket code is called to this counter; a căn cước QR fills
        the intake's applicant."""
        if self.clerk is None:
            return
        if scan.kind is ScanKind.DOSSIER:
            self.desk.open(scan.code)
        elif scan.kind is ScanKind.TICKET:
            self._queue_op("call_ticket", scan.code)
            self.tabs.setCurrentIndex(0)
        elif scan.kind is ScanKind.TICKET_LINK:
            self._queue_op("call_link", scan.code)
            self.tabs.setCurrentIndex(0)
        elif scan.kind is ScanKind.CCCD and scan.card is not None:
            self.desk.intake.fill_from_card(scan.card)
            self.tabs.setCurrentWidget(self.desk.intake)
        else:
            self.toast.show_message(scan.message)

    # -- second screen and closing -------------------------------------------------------------------------------
    def show_citizen_screen(self, on: bool) -> None:
        """The citizen's screen: full screen on a second monitor; on the only one, a window beside the
        clerk's, which makes room for it (the clerk's window narrows to the left, if it can)."""
        if not on:
            self.citizen.hide()
            return
        screens = QApplication.screens()
        mine = self.screen() or QApplication.primaryScreen()
        others = [s for s in screens if s is not mine]
        if others:  # the citizen's screen is the other one
            self.citizen.setGeometry(others[0].geometry())
            self.citizen.showFullScreen()
            return
        clerk, citizen = side_by_side(mine.availableGeometry(), self.minimumSizeHint(),
                                      self.citizen.minimumSizeHint())
        if clerk is not None and not self.isFullScreen():
            self.showNormal()
            self.setGeometry(clerk)
        self.citizen.setGeometry(citizen)
        self.citizen.show()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.wedge.stop()
        if self.bridge:
            self.bridge.stop()
        if self.scanner:
            self.scanner.stop()
        for live in (self.live, self.counters_live, self.desk.due_live):
            live.stop()
        self.citizen.close()
        self.runner.wait(5000)
        super().closeEvent(event)


def side_by_side(free: QRect, clerk_min: QSize, citizen_min: QSize) -> tuple[QRect | None, QRect]:
    """Where the clerk's window (None: leave it) and the citizen's go on one screen's free area `free`.

    The citizen's takes the right third (at least its minimum) and the clerk's the rest, when the clerk's
    still fits there; on a screen too narrow for both, the citizen's is a small window in the bottom-right
    corner, which the clerk moves or closes ("Màn hình công dân" again).
    """
    width = max(citizen_min.width(), free.width() // 3)
    if free.width() - width >= clerk_min.width():
        citizen = QRect(free.right() - width + 1, free.y(), width, free.height())
        return QRect(free.x(), free.y(), free.width() - width, free.height()), citizen
    size = citizen_min.expandedTo(QSize(480, 360)).boundedTo(free.size())
    return None, QRect(free.right() - size.width() + 1, free.bottom() - size.height() + 1, size.width(),
                       size.height())


def _read_desk(clerk, counter):
    """On the runner: the signed-in counter's desk, in one store call (None when nobody is signed in)."""
    return None if clerk is None else clerk.queue.desk(counter)
