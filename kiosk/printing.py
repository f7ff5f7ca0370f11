"""The kiosk's paper: tickets, guide slips and the printer's state, one job at a time.

Runs on the window's runner threads (never the GUI thread); the printer takes its own
lock, so a status poll never interleaves its DLE EOT with a ticket's bytes.
"""

from __future__ import annotations

from core.codes import ticket_qr
from core.i18n import N_, decimal, tr
from db import Store
from devices.printers import PaperState, Printer, PrinterError, TicketSlip

PRIORITY_GROUPS = {
    "elderly": N_("Người cao tuổi"), "disabled": N_("Người khuyết tật"), "pregnant": N_("Phụ nữ mang thai"),
    "veteran": N_("Người có công"), "child": N_("Trẻ em"),
}


class KioskPrinting:
    """Prints for one kiosk station and reports its printer to the store (the manager sees it)."""

    def __init__(self, store: Store, printer: Printer | None, *, station: str, footer: str = ""):
        self.store, self.printer, self.station, self.footer = store, printer, station, footer

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
            priority_label=tr("Ưu tiên: {group}", group=tr(PRIORITY_GROUPS[ticket.priority]))
            if ticket.priority else None, footer=self.footer or office.kiosk_footer,
            qr=ticket_qr(office.agency_code, ticket.day, ticket.code),
        )
        try:
            self.printer.print_ticket(slip)
        except PrinterError as error:
            self.store.queue.mark_printed(ticket.id, False, str(error))
            return error
        self.store.queue.mark_printed(ticket.id, True)
        return None

    def guide(self, code: str) -> None:
        """Print a short guide slip for procedure `code` (raises PrinterError on failure)."""
        if self.printer is None:
            return
        p = self.store.setup.procedure(code)
        lines = [tr("Thời hạn: {days} ngày làm việc", days=decimal(p.processing_days)),
                 tr("Lệ phí: {fee}", fee=p.fee or "—"), tr("Thành phần hồ sơ:")]
        lines += [f"- {d['name']} ({d['quantity']})" for d in p.documents]
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
