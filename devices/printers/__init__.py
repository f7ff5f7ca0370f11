"""Thermal printers: Vietnamese tickets and receipts on any ESC/POS printer.

    printer = open_printer(settings.printer)      # from one URL in the settings
    printer.print_ticket(TicketSlip(...))          # raises a PrinterError subclass on failure
    printer.status()                               # PrinterStatus: online, cover, paper
"""

from __future__ import annotations

from core.settings import PrinterSettings
from devices.printers.backends import PaperState, PrinterStatus, parse_target, raise_for, read_status, send_job
from devices.printers.errors import (
    PrintInterrupted,
    PrinterBackendMissing,
    PrinterConfigError,
    PrinterCoverOpen,
    PrinterError,
    PrinterOffline,
    PrinterPaperOut,
)
from devices.printers.layout import Paper, render_receipt, render_ticket
from devices.printers.slips import ReceiptSlip, TicketSlip


class Printer:
    """One thermal printer; each job opens, sends, checks and closes (robust to restarts)."""

    def __init__(self, settings: PrinterSettings):
        self.settings = settings
        self.target = parse_target(settings.resolved_url())
        self.paper = Paper(settings.paper_width_mm, settings.profile, settings.text_mode)
        self.last_preview = None

    def print_ticket(self, slip: TicketSlip) -> int:
        """Print a queue ticket; returns the bytes sent."""
        return self._job(render_ticket(slip, self.paper))

    def print_receipt(self, slip: ReceiptSlip) -> int:
        """Print a dossier receipt; returns the bytes sent."""
        return self._job(render_receipt(slip, self.paper))

    def status(self) -> PrinterStatus:
        connection = self.target.connect(self.settings.timeout_s, self.paper.dots)
        try:
            return read_status(connection)
        finally:
            connection.close()

    def _job(self, data: bytes) -> int:
        connection = self.target.connect(self.settings.timeout_s, self.paper.dots)
        try:
            raise_for(read_status(connection))  # nothing sent to a printer with no paper
            send_job(connection, data)
        finally:
            try:
                connection.close()
            except OSError:
                pass
        self.last_preview = getattr(connection, "last_path", None)
        return len(data)


def open_printer(settings: PrinterSettings) -> Printer:
    """The printer the settings name; a bad URL raises PrinterConfigError."""
    return Printer(settings)


__all__ = [
    "Printer", "open_printer", "TicketSlip", "ReceiptSlip", "PrinterStatus", "PaperState", "Paper",
    "render_ticket", "render_receipt", "PrinterError", "PrinterOffline", "PrinterPaperOut", "PrinterCoverOpen",
    "PrintInterrupted", "PrinterBackendMissing", "PrinterConfigError",
]
