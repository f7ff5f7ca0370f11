"""Tickets and receipts reach real printer connections and read back right."""

from __future__ import annotations

import os
import threading
from datetime import datetime

import numpy as np
import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from core.settings import PrinterSettings
from devices.printers import (
    PaperState,
    PrinterConfigError,
    PrinterOffline,
    PrinterPaperOut,
    PrintInterrupted,
    ReceiptSlip,
    TicketSlip,
    open_printer,
    render_ticket,
)
from devices.printers.escpos_parse import parse, render
from devices.printers.raster import text_image

TICKET = TicketSlip(
    office_name="UBND quận Thốt Nốt", code="A023", service_name="Tư pháp - Hộ tịch",
    issued_at=datetime(2026, 11, 25, 9, 5), counters=("Quầy 3", "Quầy 4"),
    priority_label="Ưu tiên: Người cao tuổi", ahead=4, wait_minutes=12,
    footer="Cảm ơn quý công dân! Đường dây nóng: 0292 3851 205",
)
RECEIPT = ReceiptSlip(
    office_name="UBND quận Thốt Nốt", dossier_code="000.00.20.H10-200520-0001",
    procedure_name="Đăng ký khai sinh", applicant_name="Nguyễn Văn An",
    received_at=datetime(2026, 11, 25, 9, 5), due_at=datetime(2026, 11, 26, 11, 30),
    clerk_name="Nguyễn Thị Lan", collect_where="Quầy 3",
)


def printer_for(url: str, width: int = 80):
    return open_printer(PrinterSettings(url=url, paper_width_mm=width, timeout_s=3))


def codes_in(image: Image.Image) -> dict[str, str]:
    return {d.type: d.data.decode() for d in decode(image.convert("L"))}


def test_ticket_over_the_network_decodes_to_its_code(fake_printer):
    sent = printer_for(fake_printer.url).print_ticket(TICKET)
    job = fake_printer.wait_jobs(1)[0]
    assert len(job) == sent
    elements = parse(job)
    assert [e.value for e in elements if e.kind == "qr"] == ["A023"]
    assert any(e.kind == "text" and e.value.strip() == "A023" and e.magnify >= 5 for e in elements)
    assert elements[-1].kind == "cut"
    assert codes_in(render(elements)) == {"QRCODE": "A023"}


def test_vietnamese_lines_go_as_raster_matching_the_render(fake_printer):
    printer_for(fake_printer.url).print_ticket(TICKET)
    rasters = [e.value for e in parse(fake_printer.wait_jobs(1)[0]) if e.kind == "raster"]
    expected = text_image("SỐ THỨ TỰ", 30, bold=True, width=576)
    assert any(r.size == expected.size and np.array_equal(np.array(r), np.array(expected)) for r in rasters)
    # no text byte outside ASCII ever goes to the printer as text
    assert all(e.value.isascii() for e in parse(fake_printer.jobs[0]) if e.kind == "text")


def test_receipt_code128_and_qr_decode_to_the_dossier_code(fake_printer):
    printer_for(fake_printer.url).print_receipt(RECEIPT)
    elements = parse(fake_printer.wait_jobs(1)[0])
    assert [e.value for e in elements if e.kind == "barcode"] == [RECEIPT.dossier_code]
    assert codes_in(render(elements)) == {"QRCODE": RECEIPT.dossier_code, "CODE128": RECEIPT.dossier_code}


@pytest.mark.parametrize("width, dots", [(80, 576), (58, 384)])
def test_ticket_fits_the_paper_and_stays_small(fake_printer, width, dots):
    printer_for(fake_printer.url, width).print_ticket(TICKET)
    job = fake_printer.wait_jobs(1)[0]
    assert len(job) <= 12 * 1024
    rasters = [e.value for e in parse(job) if e.kind == "raster"]
    assert rasters and max(r.width for r in rasters) <= dots


def test_paper_out_is_reported_and_nothing_is_sent(fake_printer):
    fake_printer.paper_out = True
    printer = printer_for(fake_printer.url)
    assert printer.status().paper is PaperState.out
    with pytest.raises(PrinterPaperOut) as error:
        printer.print_ticket(TICKET)
    assert str(error.value) == "Máy in hết giấy."
    fake_printer.paper_out, fake_printer.near_end = False, True
    assert printer.status().paper is PaperState.near_end
    printer.print_ticket(TICKET)
    assert len(fake_printer.wait_jobs(1)) == 1


def test_a_printer_that_drops_mid_ticket_raises_print_interrupted(fake_printer):
    fake_printer.close_after = 2000
    with pytest.raises(PrintInterrupted) as error:
        printer_for(fake_printer.url).print_ticket(TICKET)
    assert "In bị gián đoạn" in str(error.value)


def test_no_printer_listening_is_offline():
    import socket

    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]
    with pytest.raises(PrinterOffline):
        printer_for(f"tcp://127.0.0.1:{port}").print_ticket(TICKET)


def test_bad_urls_are_refused_with_a_message():
    for url in ("lpt1", "tcp://", "usb://04b8", "serial://"):
        with pytest.raises(PrinterConfigError) as error:
            printer_for(url)
        assert "Cấu hình máy in không hợp lệ" in str(error.value)


def test_serial_printer_through_a_pty():
    master, slave = os.openpty()
    received = bytearray()
    done = threading.Event()

    def printer_side():
        while not done.is_set():
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            received.extend(chunk)
            if received.endswith(b"\x10\x04\x01") and b"\x1dV" in received:
                os.write(master, b"\x12")
                done.set()
            elif received.endswith(b"\x10\x04\x01") or received.endswith(b"\x10\x04\x02") or \
                    received.endswith(b"\x10\x04\x04"):
                os.write(master, b"\x12")

    thread = threading.Thread(target=printer_side, daemon=True)
    thread.start()
    printer_for(f"serial://{os.ttyname(slave)}?baudrate=115200").print_ticket(TICKET)
    assert done.wait(5)
    job = bytes(received)
    start = job.index(b"\x1b@")
    assert [e.value for e in parse(job[start:job.rindex(b"\x10\x04\x01")]) if e.kind == "qr"] == ["A023"]
    os.close(slave)
    os.close(master)


def test_preview_writes_a_png_of_the_paper(tmp_path):
    printer = printer_for(f"preview://{tmp_path}")
    printer.print_ticket(TICKET)
    assert printer.last_preview.exists()
    assert codes_in(Image.open(printer.last_preview)) == {"QRCODE": "A023"}
    assert printer.status().online is None  # a folder cannot report paper


def test_render_is_deterministic_and_ascii_stays_native():
    assert render_ticket(TICKET) == render_ticket(TICKET)
    plain = TicketSlip(office_name="OFFICE", code="B001", service_name="Land", issued_at=TICKET.issued_at)
    kinds = {e.kind for e in parse(render_ticket(plain))}
    assert "qr" in kinds
