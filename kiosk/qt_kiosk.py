"""The kiosk window: take a ticket, look up procedures and dossiers, on a touchscreen.

The window holds no truth: it asks the store (through the runner, never on the
GUI thread), prints through `devices.printers`, and follows store events so
waiting counts stay live.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import replace
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from core.codes import Scan, ScanKind, classify_scan
from core.i18n import tr
from core.settings import Settings
from db import Store
from db.store.base import KIOSK
from db.errors import ServiceClosed, StoreUnavailable, WriteFailed
from db.events import Topic
from devices.printers import PaperState, Printer, PrinterError, PrinterPaperOut
from devices.scanners import start_scanner
from kiosk.printing import KioskPrinting
from kiosk.qt_booking import QtBookingPage
from kiosk.qt_pages import (
    QtDossierPage,
    QtHomePage,
    QtMessagePage,
    QtPinPage,
    QtPriorityPage,
    QtTicketPage,
    big_button,
)
from kiosk.qt_procedures import QtProcedurePage
from kiosk.qt_service_page import QtServicePage
from ui import theme
from ui.bridge import EventBridge
from ui.live import LiveRead
from ui.qt_wedge import QtWedgeFilter
from ui.runner import Runner, describe_error
from ui.screen_fit import Scaler, fit_factor, touch_px
from ui.widgets import Toast

log = logging.getLogger(__name__)
SETTLE_S = 0.4  # a touch this soon after the one that left the ticket screen is the second half of a double tap
ISSUE_RETRY_S = 2.0  # one more try after the store dropped the answer (a server restart)
HOME_TOPICS = frozenset({Topic.queue, Topic.catalog, Topic.office, Topic.devices})  # what the home screen shows
LANDSCAPE, PORTRAIT = (1920, 1080), (1080, 1920)  # the two screens the kiosk is drawn for; others are scaled


class QtKioskWindow(QWidget):
    sig_scan = Signal(object)
    """A scan arrived (from any scanner thread); handled on the GUI thread."""
    sig_ready = Signal()
    """The home screen shows the fields and can be touched."""

    def __init__(self, settings: Settings, store: Store, printer: Printer | None, *, station: str = "kiosk",
                 idle_ms: int = 60_000, ticket_ms: int = 10_000, printer_poll_ms: int = 30_000,
                 start_bridge: bool = True):
        super().__init__()
        if store.actor.role == KIOSK.role and store.actor.station:
            station = store.actor.station  # through the office server: the station its credential names
        elif store.actor.role == KIOSK.role:  # the public kiosk acts as its own station: its printer, its tickets
            store = store.acting_as(replace(store.actor, station=station))
        self.settings, self.store, self.printer, self.station = settings, store, printer, station
        self.printing = KioskPrinting(store, printer, station=station, footer=settings.printer.footer,
                                      public_base_url=settings.web.public_base_url)
        self._tz = ZoneInfo(settings.timezone)  # the office's own, once the store has answered
        if printer is not None:  # preview files named in the office's time, by the store's clock
            printer.local_now = lambda: self.store.now().astimezone(self._tz)
        self._search: tuple[str | None, str] = (None, "")  # the procedure search asked for last
        self.setWindowTitle(tr("Máy lấy số tự động"))
        self.runner = Runner(self)
        self.runner.sig_error.connect(self.toast_error)
        self.runner.sig_unavailable.connect(lambda: self._set_connected(False))
        self.services = []
        self.paper_out = False
        self.connected = True
        self._write_problem: WriteFailed | None = None  # a full disk or read-only store: probe before serving
        self.open = True
        self._busy = False
        self._last_ticket = None
        self._home_touch: int | None = None  # the touch that left the ticket screen: its double tap's second half
        # must not land on a tile of the new home
        self.ready = False
        self._build()
        self.wedge = QtWedgeFilter(self, settings.scanner.wedge_max_gap_ms, settings.scanner.wedge_min_length)
        self.wedge.sig_scan.connect(self.on_scan)
        self.sig_scan.connect(self.on_scan)
        self.scanner = start_scanner(settings.scanner, self.sig_scan.emit)
        self.idle = QTimer(self, singleShot=True, interval=idle_ms, timeout=self.go_home)
        self.wedge.sig_activity.connect(self.idle.start)  # any touch or key: someone is still here
        self.ticket_ms = ticket_ms
        self.back_home = QTimer(self, singleShot=True, interval=ticket_ms, timeout=self.go_home)
        self.clock = QTimer(self, interval=1000, timeout=self._tick)
        self.clock.start()
        self._tick()
        self.printer_poll = QTimer(self, interval=printer_poll_ms, timeout=self.check_printer)
        if printer is not None:
            self.printer_poll.start()
        self.live = LiveRead(self.runner, _home_state, self._show_state, owner=self, topics=HOME_TOPICS,
                             args=lambda: (self.store, self.station if self._write_problem else None),
                             delay_ms=200, on_error=self._refresh_failed,
                             day=lambda: self.store.now().astimezone(self._tz).date())
        self.search_live = LiveRead(self.runner, _search, self.procedure_page.show_results, owner=self.procedure_page,
                                    topics={Topic.catalog}, args=lambda: (self.store, *self._search))
        self.retry = QTimer(self, interval=3000, timeout=self.refresh)  # while the store is unreachable
        self.bridge = EventBridge(settings.db_url, parent=self) if start_bridge else None
        if self.bridge:
            for live in (self.live, self.search_live):
                self.bridge.sig_events.connect(live.on_events)
            self.bridge.sig_connection.connect(self._set_connected)
            self.bridge.start()
        self.refresh()
        self.check_printer()

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        # the window takes the screen's size and scales its contents to it (fit_to_size), never the reverse
        root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        header = QWidget()
        header.setStyleSheet(f"background: {theme.NAVY};")
        bar = QHBoxLayout(header)
        bar.setContentsMargins(12, 4, 12, 4)
        self.office_label = QLabel(tr("Bộ phận một cửa"))
        self.office_label.setStyleSheet("color: white; font-size: 26px; font-weight: bold;")
        self.office_label.setWordWrap(True)  # a long office name wraps on a portrait screen
        self.clock_label = QLabel()
        self.clock_label.setStyleSheet("color: white; font-size: 26px;")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.admin_button = QPushButton("⚙")
        self.admin_button.setObjectName("btn-admin")
        self.admin_button.setFixedSize(72, 72)
        self.admin_button.setStyleSheet(f"background: {theme.NAVY}; color: #5C7BC0; font-size: 28px; padding: 0px;")
        self.admin_button.clicked.connect(lambda: self.show_page(self.pin_page))
        bar.addWidget(self.office_label, 1)
        bar.addWidget(self.clock_label)
        bar.addWidget(self.admin_button)
        root.addWidget(header)
        self.stack = QStackedWidget()
        root.addWidget(self.stack, 1)
        self.footer = footer = QLabel("")
        footer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        footer.setStyleSheet(f"background: {theme.MIST}; color: {theme.NAVY}; font-size: 20px; padding: 6px;")
        root.addWidget(footer)
        self.home = QtHomePage()
        self.priority_page = QtPriorityPage()
        self.ticket_page = QtTicketPage()
        self.procedure_page = QtProcedurePage()
        self.dossier_page = QtDossierPage()
        self.closed_page = QtMessagePage("page-closed")
        closed_lookups = (big_button(tr("Tra cứu thủ tục"), "btn-closed-procedures", grow=False),
                          big_button(tr("Tra cứu hồ sơ"), "btn-closed-dossier", grow=False))
        # lookups need no clerk: they stay available when the office is closed, and the page says so
        self.closed_page.add_actions(*closed_lookups, note=tr(
            "Ngoài giờ làm việc vẫn tra cứu được thủ tục và hồ sơ. Chỉ việc lấy số cần chờ đến giờ làm việc."))
        self.unavailable_page = QtMessagePage("page-unavailable")
        self.pin_page = QtPinPage()
        self.service_page = QtServicePage()
        self.booking_page = QtBookingPage()
        for page in (self.home, self.priority_page, self.ticket_page, self.procedure_page, self.dossier_page,
                     self.closed_page, self.unavailable_page, self.pin_page, self.service_page, self.booking_page):
            self.stack.addWidget(page)
        self.home.sig_take.connect(lambda prefix: self.take_ticket(prefix, None))
        # the second half of a double tap on "Xong" must not open what lies under it on the new home
        self.home.priority.clicked.connect(lambda: not self._second_half() and self.open_priority())
        self.home.procedures.clicked.connect(lambda: not self._second_half() and self.open_procedures())
        self.home.dossier.clicked.connect(lambda: not self._second_half() and self.show_page(self.dossier_page))
        self.home.booked.clicked.connect(lambda: not self._second_half() and self.show_page(self.booking_page))
        self.booking_page.sig_code.connect(lambda code: self.check_in(code=code))
        self.booking_page.sig_home.connect(self.go_home)
        closed_lookups[0].clicked.connect(self.open_procedures)
        closed_lookups[1].clicked.connect(lambda: self.show_page(self.dossier_page))
        self.priority_page.sig_take.connect(self.take_ticket)
        self.priority_page.sig_home.connect(self.go_home)
        self.ticket_page.sig_home.connect(self.go_home)
        self.ticket_page.sig_reprint.connect(self.reprint)
        self.procedure_page.sig_search.connect(self.search_procedures)
        self.procedure_page.sig_open.connect(self.open_procedure)
        self.procedure_page.sig_print.connect(self.print_guide)
        self.procedure_page.sig_take.connect(lambda prefix: self.take_ticket(prefix, None))
        self.procedure_page.sig_home.connect(self.go_home)
        self.dossier_page.sig_lookup.connect(self.lookup_dossier)
        self.dossier_page.sig_home.connect(self.go_home)
        self.pin_page.sig_pin.connect(self.check_pin)
        self.pin_page.sig_home.connect(self.go_home)
        self.service_page.sig_check_printer.connect(self.check_printer)
        self.service_page.sig_exit.connect(self.close)
        self.service_page.sig_home.connect(self.go_home)
        self.toast = Toast(self)
        self.scaler = Scaler(self)
        self._fitting = False
        self.stack.currentChanged.connect(lambda _: self.scaler.apply())  # a page's new text keeps the scale

    # -- fitting the screen -----------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit_to_size()

    def fit_to_size(self) -> None:
        """Portrait or landscape layout, every size scaled from the design to this window (the screen, full screen)."""
        if self._fitting:
            return
        self._fitting = True
        try:
            portrait = self.height() > self.width()
            for page in (self.home, self.procedure_page, self.priority_page):
                page.set_portrait(portrait)
                page.layout().invalidate()  # a hidden page keeps its old minimum size otherwise
            # every button at least 15 mm on this glass, whatever the scale (ui.screen_fit.touch_px)
            self.scaler.touch_floor = touch_px(self)
            self.scaler.set_factor(fit_factor(self.width(), self.height(), PORTRAIT if portrait else LANDSCAPE))
            # the stack and the window cache their minimum: turned back from portrait, the tall one stayed
            self.stack.layout().invalidate()
            self.layout().invalidate()
        finally:
            self._fitting = False

    def show_page(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(page)
        self.idle.start()

    def go_home(self) -> None:
        """Back to the start, leaving nothing of the last citizen on screen."""
        if self._busy:  # from the ticket screen: by its "Xong", or by the timer after the citizen's last touch
            self._home_touch = self.wedge.touch_ms
        self.back_home.stop()
        self._busy = False
        self.pin_page.pin.clear()
        self.dossier_page.clear()
        self.booking_page.clear()
        self.procedure_page.reset()
        self.home.show_services(self.services, enabled=not self.paper_out)
        if not self.connected:
            self.stack.setCurrentWidget(self.unavailable_page)
        elif not self.open:
            self.stack.setCurrentWidget(self.closed_page)
        else:
            self.stack.setCurrentWidget(self.home)

    def toast_error(self, text: str) -> None:
        self.toast.show_message(text)

    def _tick(self) -> None:
        self.clock_label.setText(self.store.now().astimezone(self._tz).strftime("%H:%M  %d/%m/%Y"))

    # -- live state ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Fields, waiting counts and opening hours from the store (it also follows events by itself)."""
        self.live.refresh_now()

    def _refresh_failed(self, error: Exception) -> bool:
        if isinstance(error, StoreUnavailable):
            self._stopped_by(error)
            return True  # the whole screen says it; no toast every few seconds
        return False

    def _show_state(self, state) -> None:
        office, self.services, opening = state
        self._tz = office.tz
        self.office_label.setText(f"{office.header}\n{office.name}".strip())
        self.footer.setText(office.kiosk_footer)
        self.open = opening.open
        self._write_problem = None
        self._set_connected(True)
        self.home.show_services(self.services, enabled=not self.paper_out and not self._busy)
        self.procedure_page.set_fields(self.services)
        self._show_issuing()
        if not opening.open:
            when = opening.next_opening.strftime("%H:%M %d/%m/%Y") if opening.next_opening else "—"
            title = tr("Nghỉ: {why}", why=opening.reason) if opening.reason else tr("Ngoài giờ làm việc")
            self.closed_page.show_message(title, tr("Mời quý công dân quay lại lấy số lúc {time}.", time=when))
            if self.stack.currentWidget() in (self.home, self.priority_page):
                self.stack.setCurrentWidget(self.closed_page)
        elif self.stack.currentWidget() in (self.closed_page, self.unavailable_page):
            self.stack.setCurrentWidget(self.home)
        self.scaler.apply()  # new tiles and chips take the screen's scale
        if not self.ready:
            self.ready = True
            self.sig_ready.emit()

    def _stopped_by(self, error: StoreUnavailable) -> None:
        """No issuing while the store is unreachable or cannot write; a write failure is shown as it is."""
        if isinstance(error, WriteFailed):
            self._write_problem = error
        self._set_connected(False)
        if type(error) is not StoreUnavailable:  # full disk, read-only, file lost: say which and what to do
            self.unavailable_page.show_message(tr("Tạm ngưng cấp số"), str(error))

    def _set_connected(self, connected: bool) -> None:
        if connected == self.connected:
            return
        self.connected = connected
        if not connected:
            self.unavailable_page.show_message(tr("Tạm ngưng phục vụ"),
                                               tr("Hệ thống đang kết nối lại. Xin quý công dân chờ trong giây lát."))
            self.stack.setCurrentWidget(self.unavailable_page)
            self.retry.start()
        else:
            self.retry.stop()
            self.go_home()
            self.refresh()

    # -- taking a ticket -------------------------------------------------------------------
    def take_ticket(self, prefix: str, priority: str | None) -> None:
        """One touch: issue in the store, then print; double taps do nothing."""
        if not self.can_take() or self._second_half():
            return
        self._busy = True
        self.home.show_services(self.services, enabled=False)
        self.runner.run(self._issue_and_print, prefix, priority, on_done=self._ticket_done,
                        on_error=self._ticket_failed, key="issue", owner=self, changes={Topic.queue})

    def _second_half(self) -> bool:
        """The touch being handled is the second half of a double tap on "Xong": stamped less than SETTLE_S
        after the touch that left the ticket screen. The input system's stamps are compared, not the clock
        when each is handled: a kiosk busy drawing the new home handles both touches late, one after the other."""
        home, touch = self._home_touch, self.wedge.touch_ms
        return home is not None and touch is not None and 0 < touch - home < SETTLE_S * 1000

    def can_take(self) -> bool:
        """A touch on a tile would issue now (not busy, paper in), unless it is a double tap's second half."""
        return not self._busy and not self.paper_out

    def _issue_and_print(self, prefix: str, priority: str | None):
        # one request id per touch: if the answer is lost, asking again returns the ticket already
        # committed; a ticket this kiosk never hears of is never called (cancelled by rule)
        request_id = uuid.uuid4().hex
        try:
            ticket = self.store.queue.issue_ticket(prefix, priority, kiosk=self.station, respect_hours=True,
                                             request_id=request_id)
        except StoreUnavailable:
            time.sleep(ISSUE_RETRY_S)  # a worker thread: the screen shows "busy" meanwhile
            ticket = self.store.queue.issue_ticket(prefix, priority, kiosk=self.station, respect_hours=True,
                                             request_id=request_id)
        return ticket, self.printing.ticket(ticket, self._counters(ticket.prefix))

    def _counters(self, prefix: str) -> tuple[int, ...]:
        return next((tuple(s.counters) for s in self.services if s.prefix == prefix), ())

    def _ticket_done(self, result) -> None:
        ticket, error = result
        self._last_ticket = ticket
        self.ticket_page.show_ticket(ticket, self._counters(ticket.prefix))
        self._show_print_result(error)
        self.stack.setCurrentWidget(self.ticket_page)
        self.back_home.start()
        self.refresh()

    def _show_print_result(self, error: PrinterError | None) -> None:
        self.back_home.setInterval(self.ticket_ms)
        QTimer.singleShot(0, self.scaler.apply)  # the printing line's new colour keeps the scale
        if error is None:
            self.ticket_page.show_printing(tr("Mời lấy phiếu ở khe máy in bên dưới."), ok=True)
            self.ticket_page.reprint.hide()
            return
        self.ticket_page.show_printing(
            tr("Số của bạn đã được ghi nhận nhưng chưa in được phiếu: {why} Hãy nhớ số trên màn hình, "
               "hoặc chạm “In lại phiếu”.", why=str(error)), ok=False)
        self.ticket_page.reprint.show()
        self.back_home.setInterval(max(self.back_home.interval(), 30_000))
        if isinstance(error, PrinterPaperOut):
            self._paper(PaperState.out)

    def _ticket_failed(self, error: Exception) -> bool:
        self._busy = False
        self.home.show_services(self.services, enabled=not self.paper_out)
        if isinstance(error, StoreUnavailable):
            self._stopped_by(error)
            return True
        if isinstance(error, ServiceClosed):
            self.refresh()
        self.toast.show_message(describe_error(error))
        return True

    def reprint(self) -> None:
        if self._last_ticket is None:
            return
        code = self._last_ticket.code
        self.ticket_page.show_printing(tr("Đang in lại…"), ok=True)
        self.runner.run(self._reprint_job, code, on_done=self._show_print_result)

    def _reprint_job(self, code: str) -> PrinterError | None:
        ticket = self.store.queue.reprint(code)  # the same number again, never a new one
        return self.printing.ticket(ticket, self._counters(ticket.prefix))

    # -- Tôi đã đặt lịch ---------------------------------------------------------------------------
    def check_in(self, **how) -> None:
        """Today's booking (by `code=` or `id_number=`) becomes a ticket, printed like any other."""
        if self._busy:
            return
        self._busy = True
        self.show_page(self.booking_page)
        self.booking_page.show_message(tr("Đang tìm lịch hẹn…"), ok=True)
        self.runner.run(self._check_in_and_print, how, on_done=self._checked_in, on_error=self._check_in_failed,
                        key="issue", owner=self, changes={Topic.queue})

    def _check_in_and_print(self, how: dict):
        checked = self.store.phones.check_in_appointment(**how)
        return checked, self.printing.ticket(checked.ticket, self._counters(checked.ticket.prefix))

    def _checked_in(self, result) -> None:
        checked, error = result
        self._ticket_done((checked.ticket, error))
        if checked.late:
            self.toast.show_message(tr("Bạn đến sau giờ hẹn: số được xếp như người không hẹn."))

    def _check_in_failed(self, error: Exception) -> bool:
        self._busy = False
        self.booking_page.show_message(describe_error(error), ok=False)
        return True

    # -- printer ------------------------------------------------------------------------------
    def check_printer(self) -> None:
        """Ask the printer (off the GUI thread); paper out disables the tiles until it is back."""
        def shown(result) -> None:
            paper, words = result
            self.service_page.show_printer(words)
            if paper is not None:
                self._paper(paper)
        self.runner.run(self.printing.check, on_done=shown)

    def _show_issuing(self) -> None:
        """The procedure page's "Lấy số cho thủ tục này": on while a ticket can be issued, else why not."""
        if not self.open:
            self.procedure_page.set_issuing(False, tr("Lấy số: chỉ trong giờ làm việc"))
        elif self.paper_out:
            self.procedure_page.set_issuing(False, tr("Lấy số: máy in hết giấy"))
        else:
            self.procedure_page.set_issuing(True)

    def _paper(self, paper: PaperState) -> None:
        self.paper_out = paper is PaperState.out
        # near end: the tiles stay on; the manager sees "near_end" in the store (printer_statuses)
        self.home.show_notice(tr("Máy in hết giấy: tạm ngưng cấp số. Xin báo cán bộ hướng dẫn.")
                              if self.paper_out else "")
        self.home.show_services(self.services, enabled=not self.paper_out and not self._busy)
        self._show_issuing()

    def open_priority(self) -> None:
        self.priority_page.show_services(self.services)
        self.show_page(self.priority_page)
        self.scaler.apply()

    # -- procedures and dossiers ------------------------------------------------------------
    def open_procedures(self) -> None:
        self.show_page(self.procedure_page)
        self.search_procedures(self.procedure_page.field, self.procedure_page.query.text())

    def search_procedures(self, field: str, text: str) -> None:
        self.idle.start()
        self._search = (field or None, text)
        self.search_live.refresh_now()  # only the answer to the latest search is shown

    def open_procedure(self, code: str) -> None:
        if code:
            self.runner.run(self.store.setup.procedure, code, on_done=self.procedure_page.show_procedure)

    def print_guide(self, code: str) -> None:
        if not code:
            self.toast.show_message(tr("Hãy chạm chọn một thủ tục trong danh sách trước khi in hướng dẫn."))
            return
        if self.printer is None:
            self.toast.show_message(tr("Máy lấy số này không có máy in."))
            return
        self.runner.run(self.printing.guide, code,
                        on_done=lambda _: self.toast.show_message(tr("Đã in hướng dẫn."), error=False))

    def lookup_dossier(self, text: str, check: str | None = None) -> None:
        """Show dossier `text` to whoever also holds its receipt's check code (typed, or in the scanned QR)."""
        scan = classify_scan(text)
        if scan.kind is not ScanKind.DOSSIER:
            self.dossier_page.show_problem(scan.message or tr("Mã không hợp lệ"))
            return
        check = scan.check or (self.dossier_page.check.text() if check is None else check)
        self.dossier_page.code.setText(scan.code)
        self.dossier_page.check.setText(check)
        if not check.strip():
            self.dossier_page.show_problem(tr("Hãy nhập cả mã tra cứu (6 ký tự) in trên giấy biên nhận."))
            self.dossier_page.check.setFocus()
            return
        self.runner.run(self.store.dossiers.dossier, scan.code, check, on_done=self._show_dossier,
                        on_error=self._dossier_missing)

    def _show_dossier(self, d) -> None:
        self.dossier_page.show_dossier(d, self.store.office().tz)

    def _dossier_missing(self, error: Exception) -> bool:
        self.dossier_page.show_problem(describe_error(error))
        return True

    # -- scanning --------------------------------------------------------------------------
    def on_scan(self, scan: Scan) -> None:
        """A code from any scanner: a receipt opens the dossier, a ticket shows its place, a booking's QR
        or a căn cước checks in today's booking."""
        self.idle.start()
        if scan.kind is ScanKind.DOSSIER:
            self.show_page(self.dossier_page)
            self.lookup_dossier(scan.code, scan.check or None)
        elif scan.kind is ScanKind.BOOKING:
            self.check_in(code=scan.code)
        elif scan.kind is ScanKind.CCCD and scan.card is not None:
            self.check_in(id_number=scan.card.id_number)  # the card finds today's booking; never shown
        elif scan.kind in (ScanKind.TICKET, ScanKind.TICKET_LINK):
            look = self.store.queue.ticket if scan.kind is ScanKind.TICKET else self.store.phones.ticket_by_token
            self.runner.run(look, scan.code, on_done=lambda t: self.toast.show_message(
                tr("Số {code}: {n} người đang chờ trước bạn.", code=t.code, n=t.ahead or 0), error=False))
        else:
            self.toast.show_message(scan.message)

    # -- kiosk mode ----------------------------------------------------------------------------
    def check_pin(self, pin: str) -> None:
        def verified(ok: bool) -> None:
            if ok:
                self.pin_page.pin.clear()
                self.show_page(self.service_page)
                self.check_printer()
            else:
                self.pin_page.pin.clear()
                self.toast.show_message(tr("Mã PIN không đúng."))
        self.runner.run(self.store.setup.verify_kiosk_pin, pin, on_done=verified)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.wedge.stop()
        if self.bridge:
            self.bridge.stop()
        if self.scanner:
            self.scanner.stop()
        for timer in (self.idle, self.back_home, self.clock, self.printer_poll, self.retry):
            timer.stop()
        for live in (self.live, self.search_live):
            live.stop()
        self.runner.wait(5000)
        super().closeEvent(event)


def _home_state(store: Store, probe: str | None = None):
    """On the runner: what the home screen shows, in one transaction; after a write failure, first a
    real write as station `probe` (still full or read-only: the kiosk stays stopped)."""
    if probe is not None:
        store.setup.check_writable(probe)
    with store.together():
        return store.office(), store.setup.services(), store.calendar.opening_status()


def _search(store: Store, field: str | None, text: str):
    return store.setup.procedures(field, text, limit=60)
