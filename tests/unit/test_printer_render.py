"""Rendering tickets and receipts: what the paper shows, in every mode and width."""

from __future__ import annotations

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from core.settings import PrinterSettings
from devices.fonts import font_path
from devices.printers import (
    Paper,
    PrinterBackendMissing,
    PrinterConfigError,
    PrinterState,
    TicketSlip,
    open_printer,
    render_receipt,
    render_receipt_image,
    render_ticket,
    render_ticket_image,
)
from devices.printers import codes128
from devices.printers.escpos_parse import parse
from devices.printers.layout import cp1258, vietnamese_codepage
from devices.printers.samples import RECEIPT, TICKET


def codes_in(image: Image.Image) -> dict[str, str]:
    return {d.type: d.data.decode() for d in decode(image.convert("L"))}


def test_the_bundled_font_is_there_for_printers_and_apps():
    assert font_path().name == "NotoSans-Regular.ttf" and font_path().exists()
    assert font_path(bold=True).name == "NotoSans-Bold.ttf" and font_path(bold=True).exists()


@pytest.mark.parametrize("dots", [576, 384])
def test_ticket_image_shows_a_scannable_qr_and_fits_the_paper(dots):
    image = render_ticket_image(TICKET, dots)
    assert image.width == dots
    assert codes_in(image) == {"QRCODE": TICKET.qr}
    assert render_ticket(TICKET, dots) == render_ticket(TICKET, Paper.of(dots))  # deterministic


@pytest.mark.parametrize("dots", [576, 384])
def test_receipt_image_scans_as_code128_and_qr(dots):
    # 25 characters do not fit the paper as bars of 2 dots: a QR in their place, never 1-dot bars
    assert codes_in(render_receipt_image(RECEIPT, dots)) == {"QRCODE": RECEIPT.dossier_code}


def test_a_short_dossier_code_is_a_native_barcode():
    from dataclasses import replace

    short = replace(RECEIPT, dossier_code="H10-200520-0001")
    barcodes = [e for e in parse(render_receipt(short)) if e.kind == "barcode"]
    assert [(e.value, e.extra["type"]) for e in barcodes] == [("H10-200520-0001", "CODE128")]
    assert barcodes[0].extra["module"] >= 2
    assert "CODE128" in codes_in(render_receipt_image(short))


@pytest.mark.parametrize("code", ["000.00.20.H10-200520-0001", "A1", "12345", "X-0001", "2005200001", "AB"])
def test_native_code128_payload_round_trips(code):
    payload, modules = codes128.native_payload(code)
    assert codes128.decode_native(payload) == code
    assert modules >= 35


def test_ascii_text_stays_native_and_unknown_widths_are_refused():
    from core.i18n import set_language

    set_language("en")  # every fixed label is ASCII in English
    plain = TicketSlip(office_name="OFFICE", code="B001", service_name="Land", issued_at=TICKET.issued_at,
                       ahead=2)
    elements = parse(render_ticket(plain))
    assert "raster" not in {e.kind for e in elements}
    texts = [e.value.strip() for e in elements if e.kind == "text"]
    assert {"QUEUE NUMBER", "Land", "2 people are waiting before you"} <= set(texts)
    with pytest.raises(ValueError):
        render_ticket(plain, 500)


def test_nobody_ahead_is_said_plainly():
    from dataclasses import replace

    alone = render_ticket_image(replace(TICKET, ahead=0, wait_minutes=None))
    assert codes_in(alone) == {"QRCODE": TICKET.qr}


def test_text_mode_sends_vietnamese_in_the_profiles_cp1258_page():
    assert vietnamese_codepage("default") == 52
    assert vietnamese_codepage("TM-T88IV-SA") is None  # TCVN-3 only: raster stays
    elements = parse(render_ticket(TICKET, Paper(80, "default", text_mode=True)))
    assert "raster" not in {e.kind for e in elements}
    texts = [e.value.strip() for e in elements if e.kind == "text"]
    assert "Ưu tiên: Người cao tuổi" in texts and "SỐ THỨ TỰ" in texts
    fallback = parse(render_ticket(TICKET, Paper(80, "TM-T88IV-SA", text_mode=True)))
    assert "raster" in {e.kind for e in fallback}


def test_cp1258_keeps_letters_whole_and_tone_marks_combining():
    encoded = cp1258("Người ỆỘỚỬ ẮẰẲẴẶ đ")
    assert b"?" not in encoded
    assert cp1258("ế") == b"\xea\xec"  # ê, then the combining acute


def test_preview_writes_a_png_of_the_paper(tmp_path):
    printer = open_printer(PrinterSettings(url=f"preview://{tmp_path}"))
    printer.print_ticket(TICKET)
    assert printer.last_preview.parent == tmp_path and "A023" in printer.last_preview.name
    assert codes_in(Image.open(printer.last_preview)) == {"QRCODE": TICKET.qr}
    printer.print_receipt(RECEIPT)
    assert codes_in(Image.open(printer.last_preview))["QRCODE"] == RECEIPT.dossier_code
    assert printer.status().state is PrinterState.unknown  # a folder cannot report paper


def test_the_default_printer_is_a_preview_folder():
    assert PrinterSettings().resolved_url().startswith("preview://")
    assert open_printer(PrinterSettings()).target.kind == "preview"


@pytest.mark.parametrize("url", ["lpt1", "tcp://", "usb://04b8", "usb://zz:01", "serial://",
                                 "serial:///dev/ttyUSB0?baudrate=fast", "win32://"])
def test_bad_urls_are_refused_with_a_message(url):
    with pytest.raises(PrinterConfigError) as error:
        open_printer(PrinterSettings(url=url))
    assert f"Địa chỉ máy in {url} " in str(error.value)  # names it, says why (core/printer_url.py)


def test_windows_spooler_elsewhere_is_a_clear_missing_backend():
    import sys

    if sys.platform == "win32":
        pytest.skip("the spooler exists here")
    with pytest.raises(PrinterBackendMissing) as error:
        open_printer(PrinterSettings(url="win32://EPSON TM-T82")).print_ticket(TICKET)
    assert "win32" in str(error.value) and "pywin32" in str(error.value)
