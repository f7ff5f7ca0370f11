"""A serial printer through a pty pair: the printer side is the pty master."""

from __future__ import annotations

import os
import threading

import pytest

from core.settings import PrinterSettings
from devices.printers import PrinterOffline, PrinterState, open_printer
from devices.printers.escpos_parse import parse
from devices.printers.samples import TICKET

DLE_EOT = b"\x10\x04"


class PtyPrinter:
    """Reads what the computer sends; answers DLE EOT like a ready printer when `answers`."""

    def __init__(self, answers: bool = True):
        self.master, self.slave = os.openpty()
        self.port = os.ttyname(self.slave)
        self.answers = answers
        self.received = bytearray()
        self.cut = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the master was closed: test over
                return
            self.received += chunk
            if self.answers and len(self.received) >= 3 and self.received[-3:-1] == DLE_EOT:
                os.write(self.master, b"\x12")
            cut = self.received.rfind(b"\x1dV")
            if cut >= 0 and len(self.received) >= cut + _cut_length(self.received[cut + 2]):
                self.cut.set()

    def job(self) -> bytes:
        """The bytes of the print job, without the status requests around it."""
        data = bytes(self.received)
        start = data.index(b"\x1b@")
        cut = data.rindex(b"\x1dV")
        return data[start:cut + _cut_length(data[cut + 2])]

    def close(self) -> None:
        os.close(self.slave)
        os.close(self.master)
        self.thread.join(2)


@pytest.fixture
def pty_printer():
    printer = PtyPrinter()
    yield printer
    printer.close()


def test_ticket_through_a_serial_port(pty_printer):
    printer = open_printer(PrinterSettings(url=f"serial://{pty_printer.port}?baudrate=115200", timeout_s=3))
    assert printer.status().state is PrinterState.online
    sent = printer.print_ticket(TICKET)
    assert pty_printer.cut.wait(5)
    job = pty_printer.job()
    assert len(job) == sent
    assert [e.value for e in parse(job) if e.kind == "qr"] == [TICKET.qr]


def test_a_serial_printer_without_status_replies_prints_without_waiting_long():
    silent = PtyPrinter(answers=False)
    try:
        printer = open_printer(PrinterSettings(url=f"serial://{silent.port}?baudrate=9600", timeout_s=0.3))
        assert printer.status().state is PrinterState.unknown
        printer.print_ticket(TICKET)
        assert silent.cut.wait(5)
        assert [e.value for e in parse(silent.job()) if e.kind == "qr"] == [TICKET.qr]
    finally:
        silent.close()


def test_a_missing_serial_port_is_offline(tmp_path):
    printer = open_printer(PrinterSettings(url=f"serial://{tmp_path}/ttyUSB9", timeout_s=0.3))
    with pytest.raises(PrinterOffline):
        printer.print_ticket(TICKET)


def _cut_length(mode: int) -> int:
    """GS V m is 3 bytes; feed-and-cut GS V 65/66 n is 4."""
    return 4 if mode in (65, 66) else 3
