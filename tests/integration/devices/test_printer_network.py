"""Tickets and receipts reach a network printer (a loopback listener) and read back right."""

from __future__ import annotations

import socket

import numpy as np
import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from core.settings import PrinterSettings
from devices.printers import (
    PaperState,
    PrinterCoverOpen,
    PrinterOffline,
    PrinterPaperOut,
    PrinterState,
    PrintInterrupted,
    open_printer,
)
from devices.printers.escpos_parse import parse, render
from devices.printers.raster import text_image
from devices.printers.samples import RECEIPT, TICKET


def printer_for(url: str, width: int = 80, timeout: float = 3):
    return open_printer(PrinterSettings(url=url, paper_width_mm=width, timeout_s=timeout))


def codes_in(image: Image.Image) -> dict[str, str]:
    return {d.type: d.data.decode() for d in decode(image.convert("L"))}


def test_ticket_over_the_network_carries_its_code_as_native_qr_and_big_number(fake_printer):
    sent = printer_for(fake_printer.url).print_ticket(TICKET)
    job = fake_printer.wait_jobs(1)[0]
    assert len(job) == sent
    elements = parse(job)
    assert [e.value for e in elements if e.kind == "qr"] == [TICKET.qr]  # the native QR payload
    assert any(e.kind == "text" and e.value.strip() == "A023" and e.magnify >= 5 for e in elements)
    assert elements[-1].kind == "cut"
    assert codes_in(render(elements)) == {"QRCODE": TICKET.qr}  # and the paper's QR scans


def test_vietnamese_lines_go_as_raster_matching_the_render(fake_printer):
    printer_for(fake_printer.url).print_ticket(TICKET)
    elements = parse(fake_printer.wait_jobs(1)[0])
    rasters = [np.array(e.value) for e in elements if e.kind == "raster"]
    for text, size in (("SỐ THỨ TỰ", 28), ("UBND quận Thốt Nốt", 24), ("Tư pháp - Hộ tịch", 26)):
        expected = np.array(text_image(text, size, bold=True, width=576))
        assert any(r.shape == expected.shape and np.array_equal(r, expected) for r in rasters), text
    # no byte outside ASCII ever goes to the printer as text: a clone would print "?"
    assert all(e.value.isascii() for e in elements if e.kind == "text")


def test_receipt_code128_and_qr_decode_to_the_dossier_code(fake_printer):
    printer_for(fake_printer.url).print_receipt(RECEIPT)
    elements = parse(fake_printer.wait_jobs(1)[0])
    assert [e.value for e in elements if e.kind == "qr"] == [RECEIPT.dossier_code]
    assert codes_in(render(elements)) == {"QRCODE": RECEIPT.dossier_code}  # too long for 2-dot bars: a QR


@pytest.mark.parametrize("width, dots", [(80, 576), (58, 384)])
def test_ticket_fits_the_paper_and_stays_small(fake_printer, width, dots):
    printer_for(fake_printer.url, width).print_ticket(TICKET)
    job = fake_printer.wait_jobs(1)[0]
    assert len(job) <= 12 * 1024
    elements = parse(job)
    rasters = [e.value for e in elements if e.kind == "raster"]
    assert rasters and max(r.width for r in rasters) <= dots
    assert codes_in(render(elements, dots)) == {"QRCODE": TICKET.qr}


def test_paper_out_is_reported_and_nothing_is_sent(fake_printer):
    fake_printer.paper_out = True
    printer = printer_for(fake_printer.url)
    status = printer.status()
    assert (status.paper, status.state, status.can_print) == (PaperState.out, PrinterState.paper_out, False)
    with pytest.raises(PrinterPaperOut) as error:
        printer.print_ticket(TICKET)
    assert str(error.value) == "Máy in hết giấy."
    fake_printer.paper_out, fake_printer.near_end = False, True
    assert printer.status().state is PrinterState.paper_near_end
    printer.print_ticket(TICKET)  # near end still prints
    assert len(fake_printer.wait_jobs(1)) == 1


def test_cover_open_and_ready_states(fake_printer):
    printer = printer_for(fake_printer.url)
    assert printer.status().state is PrinterState.online
    fake_printer.cover_open = True
    assert printer.status().state is PrinterState.cover_open
    with pytest.raises(PrinterCoverOpen):
        printer.print_ticket(TICKET)
    assert fake_printer.jobs == []


def test_a_printer_that_drops_mid_ticket_raises_print_interrupted(fake_printer):
    fake_printer.close_after = 2000
    with pytest.raises(PrintInterrupted) as error:
        printer_for(fake_printer.url).print_ticket(TICKET)
    assert "In bị gián đoạn" in str(error.value)
    assert error.value.total > 2000
    assert len(fake_printer.wait_jobs(1)[0]) == 2000  # what came out: half a ticket


def test_paper_running_out_during_the_ticket_raises_print_interrupted(fake_printer):
    fake_printer.paper_out_after = 3000
    with pytest.raises(PrintInterrupted):
        printer_for(fake_printer.url).print_ticket(TICKET)
    with pytest.raises(PrinterPaperOut):  # and the reprint is refused until the roll is changed
        printer_for(fake_printer.url).print_ticket(TICKET)


def test_a_printer_that_never_answers_status_still_prints(fake_printer):
    fake_printer.answers = False
    printer = printer_for(fake_printer.url, timeout=0.2)
    assert printer.status().state is PrinterState.unknown
    printer.print_ticket(TICKET)
    assert [e.value for e in parse(fake_printer.wait_jobs(1)[0]) if e.kind == "qr"] == [TICKET.qr]


def test_no_printer_listening_is_offline():
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]
    with pytest.raises(PrinterOffline) as error:
        printer_for(f"tcp://127.0.0.1:{port}").print_ticket(TICKET)
    assert str(error.value) == "Không kết nối được máy in."
