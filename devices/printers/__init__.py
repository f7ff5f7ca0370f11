"""Thermal printers: Vietnamese tickets and receipts on any ESC/POS printer.

    printer = open_printer(settings.printer)      # from one URL in the settings
    printer.print_ticket(TicketSlip(...))          # raises a PrinterError subclass on failure
    printer.last_preview                           # preview://: the PNG just written
    printer.status().state                         # PrinterState: online, paper_out, ...
    render_ticket_image(slip, 576)                 # what the paper shows, for the screen
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from core.settings import PrinterSettings
from devices.printers.backends import (
    PaperState,
    PrinterState,
    PrinterStatus,
    parse_target,
    raise_for,
    read_status,
    send_job,
)
from devices.printers.errors import (
    PrintInterrupted,
    PrinterBackendMissing,
    PrinterConfigError,
    PrinterCoverOpen,
    PrinterError,
    PrinterOffline,
    PrinterPaperOut,
)
from devices.printers.layout import (
    Paper,
    render_guide,
    render_receipt,
    render_receipt_image,
    render_ticket,
    render_ticket_image,
)
from devices.printers.slips import ReceiptSlip, TicketSlip


class Printer:
    """One thermal printer; each job opens, sends, checks and closes (robust to restarts).

    Safe to share between threads: the printer holds its own lock, so a status poll
    never interleaves its DLE EOT with a ticket's or a receipt's bytes, whichever
    station or thread asks.
    """

    def __init__(self, settings: PrinterSettings):
        self.settings = settings
        self.url = settings.resolved_url()
        self.target = parse_target(self.url, settings.folder)
        self.paper = Paper(settings.paper_width_mm, settings.profile, settings.text_mode)
        self.last_preview: Path | None = None
        # the office's local time, from the store's clock (the station sets it): names preview files
        self.local_now: Callable[[], datetime] | None = None
        self._lock = threading.Lock()  # one job or status request on the wire at a time

    def print_ticket(self, slip: TicketSlip) -> int:
        """Print a queue ticket; returns the bytes sent."""
        return self._job(render_ticket(slip, self.paper), f"ticket-{slip.code}")

    def print_receipt(self, slip: ReceiptSlip) -> int:
        """Print a dossier receipt; returns the bytes sent."""
        return self._job(render_receipt(slip, self.paper), f"receipt-{slip.dossier_code}")

    def print_guide(self, title: str, lines: list[str], footer: str = "") -> int:
        """Print a procedure guide slip; returns the bytes sent."""
        return self._job(render_guide(title, lines, self.paper, footer))

    def status(self) -> PrinterStatus:
        """What the printer reports (DLE EOT); `online=None` where the backend cannot ask."""
        with self._lock:
            connection = self.target.connect(self.settings.timeout_s, self.paper.dots)
            try:
                return read_status(connection, self._ask_timeout)
            finally:
                _close(connection)

    @property
    def _ask_timeout(self) -> float:
        return min(1.0, self.settings.timeout_s)

    def _job(self, data: bytes, label: str = "") -> int:
        with self._lock:
            connection = self.target.connect(self.settings.timeout_s, self.paper.dots)
            connection.label = label
            connection.at = self.local_now() if self.local_now else None
            try:
                before = read_status(connection, self._ask_timeout)
                raise_for(before)  # nothing sent to a printer with no paper
                send_job(connection, data, verify=before.online is not None)
            finally:
                _close(connection)
            self.last_preview = getattr(connection, "last_path", None)
        return len(data)


def _close(connection) -> None:
    """Close quietly, except a preview that could not be written (a PrinterError)."""
    try:
        connection.close()
    except OSError:
        pass


def open_printer(settings: PrinterSettings) -> Printer:
    """The printer the settings name; a bad URL raises PrinterConfigError."""
    return Printer(settings)


__all__ = [
    "Printer", "open_printer", "TicketSlip", "ReceiptSlip", "PrinterStatus", "PrinterState", "PaperState", "Paper",
    "render_ticket", "render_receipt", "render_ticket_image", "render_receipt_image", "PrinterError", "PrinterOffline", "PrinterPaperOut", "PrinterCoverOpen",
    "PrintInterrupted", "PrinterBackendMissing", "PrinterConfigError",
]
