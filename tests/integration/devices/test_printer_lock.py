"""The printer owns its lock: jobs from two threads reach the paper whole, one after the other.

The printer is a named pipe read by a thread (a `file://` printer, like /dev/usb/lp0):
the OS boundary, where bytes from two writers would interleave.
"""

from __future__ import annotations

import os
import select
import threading

from core.settings import PrinterSettings
from devices.printers import Paper, open_printer, render_receipt, render_ticket
from devices.printers.samples import RECEIPT, TICKET


def test_a_receipt_and_a_ticket_printed_at_once_come_out_whole(tmp_path):
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    printer = open_printer(PrinterSettings(url=f"file://{fifo}", paper_width_mm=80, folder=str(tmp_path)))
    paper = Paper(80, "default", False)
    receipt, ticket = render_receipt(RECEIPT, paper), render_ticket(TICKET, paper)
    reader = os.open(fifo, os.O_RDWR)  # held open by the "printer", so writers never block on open
    received = bytearray()
    start = threading.Barrier(4)
    errors: list[Exception] = []

    def job(fn):
        start.wait()
        try:
            for _ in range(3):
                fn()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=job, args=(lambda: printer.print_receipt(RECEIPT),)),
               threading.Thread(target=job, args=(lambda: printer.print_ticket(TICKET),)),
               threading.Thread(target=job, args=(printer.status,))]
    for t in threads:
        t.start()
    start.wait()
    total = 3 * (len(receipt) + len(ticket))
    while len(received) < total:
        ready, _, _ = select.select([reader], [], [], 20)
        assert ready, f"the printer got {len(received)} of {total} bytes"
        received += os.read(reader, 65536)
    for t in threads:
        t.join(20)
    os.close(reader)
    assert not errors
    data, jobs = bytes(received), []
    while data:  # each job must start where the previous one ended
        for name, whole in (("receipt", receipt), ("ticket", ticket)):
            if data.startswith(whole):
                jobs.append(name)
                data = data[len(whole):]
                break
        else:
            raise AssertionError(f"bytes of two jobs interleaved after {jobs}")
    assert sorted(jobs) == ["receipt"] * 3 + ["ticket"] * 3
