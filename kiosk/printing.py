"""The kiosk's paper: tickets, guide slips and the printer's state, one job at a time.

Runs on the window's runner threads (never the GUI thread); the printer takes its own
lock, so a status poll never interleaves its DLE EOT with a ticket's bytes.
"""

from __future__ import annotations

import logging

from core.booking import phone_link
from core.codes import ticket_qr
from core.i18n import N_, decimal, tr
from db import Store
from db.errors import StoreError
from devices.printers import PaperState, Printer, PrinterError, TicketSlip

PRIORITY_GROUPS = {
    "elderly": N_("Người cao tuổi"), "disabled": N_("Người khuyết tật"), "pregnant": N_("Phụ nữ mang thai"),
    "veteran": N_("Người có công"), "child": N_("Trẻ em"),
}
APPOINTMENT_LABEL = N_("Có lịch hẹn")  # a booking checked in under the manager's "strict" rule
log = logging.getLogger(__name__)


def class_label(priority: str | None) -> str | None:
    """What the slip says of a ticket's class: "Ưu tiên: Người cao tuổi", "Có lịch hẹn", or nothing."""
    if not priority:
        return None
    if priority in PRIORITY_GROUPS:
        return tr("Ưu tiên: {group}", group=tr(PRIORITY_GROUPS[priority]))
    return tr(APPOINTMENT_LABEL)


def document_line(d: dict) -> str:
    """One document of a procedure as the screen shows it and the guide slip prints it: "Tờ khai (1 bản chính)"."""
    form = tr({"original": N_("bản chính"), "copy": N_("bản sao"),
               "original_or_copy": N_("bản chính hoặc bản sao")}.get(d["form"], d["form"]))
    return tr("{name} ({n} {form})", name=d["name"], n=d["quantity"], form=form)


class KioskPrinting:
    """Prints for one kiosk station and reports its printer to the store (the manager sees it)."""

    def __init__(self, store: Store, printer: Printer | None, *, station: str, footer: str = "",
                 public_base_url: str = ""):
        self.store, self.printer, self.station, self.footer = store, printer, station, footer
        self.public_base_url = public_base_url

    def ticket(self, ticket, counters: tuple[int, ...]) -> PrinterError | None:
        """Print `ticket`; it exists already, so a failure is recorded and returned, never lost."""
        if self.printer is None:
            self.store.queue.confirm_ticket(ticket.id)  # shown on the screen: the kiosk has the number
            return None
        office = self.store.office()
        slip = TicketSlip(
            office_name=office.name, code=ticket.code, service_name=ticket.service_name,
            issued_at=ticket.issued_at.astimezone(office.tz), ahead=ticket.ahead,
            counters=tuple(tr("Quầy {number}", number=n) for n in counters), wait_minutes=ticket.wait_minutes,
            priority_label=class_label(ticket.priority), footer=self.footer or office.kiosk_footer,
            qr=self.qr(ticket, office.agency_code),
        )
        try:
            self.printer.print_ticket(slip)
        except PrinterError as error:
            self.store.queue.mark_printed(ticket.id, False, str(error))
            return error
        self.store.queue.mark_printed(ticket.id, True)
        return None

    def qr(self, ticket, agency_code: str) -> str:
        """The slip's QR: the ticket's phone page when the office publishes one (a new token each print,
        so a reprint's link replaces the lost paper's), else the office, the day and the number."""
        if self.public_base_url:
            try:
                return phone_link(self.public_base_url, self.store.phones.phone_token(ticket.id))
            except StoreError as error:  # the number matters more than the link: print it without
                log.warning("ticket %s: no phone link (%s)", ticket.code, error)
        return ticket_qr(agency_code, ticket.day, ticket.code)

    def guide(self, code: str) -> None:
        """Print a short guide slip for procedure `code` (raises PrinterError on failure)."""
        if self.printer is None:
            return
        p = self.store.setup.procedure(code)
        lines = [tr("Thời hạn: {days} ngày làm việc", days=decimal(p.processing_days)),
                 tr("Lệ phí: {fee}", fee=p.fee or "—"), tr("Thành phần hồ sơ:")]
        lines += [f"- {document_line(d)}" for d in p.documents]
        self.printer.print_guide(p.name, lines, p.where_to_submit)

    def check(self) -> tuple[PaperState | None, str]:
        """Ask the printer, record its state in the store; (paper state or None if unreachable, words)."""
        if self.printer is None:
            return None, tr("Chưa cấu hình máy in.")
        try:
            status = self.printer.status()
        except PrinterError as error:
            self.store.setup.report_printer_status(self.station, "offline", str(error))
            return None, str(error)
        state = status.paper.value if status.paper is PaperState.out or status.online is not False else "offline"
        self.store.setup.report_printer_status(self.station, state, status.describe())
        return status.paper, status.describe()
