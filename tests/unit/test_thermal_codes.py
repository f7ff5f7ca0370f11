"""Thermal codes that scan on real paper, read back by two decoders we did not write (pyzbar and zxing-cpp).

Every image here is the paper at the printer's own dot size (203 dpi, 8 dots/mm: one pixel is
one dot), drawn from the ESC/POS bytes by devices/printers/escpos_parse.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
import zxingcpp
from PIL import Image, ImageDraw
from pyzbar.pyzbar import decode as zbar_decode

from core.codes import ScanKind, classify_scan, ticket_qr
from devices.printers import Paper, render_receipt, render_ticket
from devices.printers.escpos_parse import paper_image, parse
from devices.printers.layout import QR_QUIET
from devices.printers.raster import _font, text_image
from devices.printers.samples import RECEIPT, TICKET

SHORT = replace(RECEIPT, dossier_code="H10-200520-0001")  # fits 80 mm as 2-dot bars
ZX = {"QR Code": "QRCODE", "Code 128": "CODE128"}


def both(image: Image.Image) -> tuple[set, set]:
    """What pyzbar and zxing-cpp each read from the paper: {(type, text)}."""
    gray = image.convert("L")
    zbar = {(d.type, d.data.decode()) for d in zbar_decode(gray)}
    zx = {(ZX.get(str(r.format), str(r.format)), r.text) for r in zxingcpp.read_barcodes(np.array(gray))}
    return zbar, zx


@pytest.mark.parametrize("width_mm", [80, 58])
def test_the_ticket_qr_scans_with_both_decoders_at_the_printers_dot_size(width_mm):
    paper = Paper(width_mm)
    image = paper_image(render_ticket(TICKET, paper), paper.dots)
    assert image.width == paper.dots
    zbar, zx = both(image)
    assert zbar == zx == {("QRCODE", TICKET.qr)}


@pytest.mark.parametrize("width_mm", [80, 58])
def test_the_ticket_qr_has_a_quiet_zone_of_four_modules(width_mm):
    paper = Paper(width_mm)
    job = render_ticket(TICKET, paper)
    qr = next(e for e in parse(job) if e.kind == "qr")
    assert qr.extra["level"] == "M"
    image = paper_image(job, paper.dots)
    found = zxingcpp.read_barcodes(np.array(image.convert("L")))[0]
    left, top = found.position.top_left.x, found.position.top_left.y
    right, bottom = found.position.bottom_right.x + 1, found.position.bottom_right.y + 1
    quiet = QR_QUIET * qr.extra["size"]
    assert quiet >= 20
    ink = np.array(image.convert("L")) < 128
    around = ink[top - quiet:bottom + quiet, left - quiet:right + quiet].copy()
    around[quiet:-quiet, quiet:-quiet] = False  # the symbol itself
    assert not around.any(), "text or rules inside the QR's quiet zone"


@pytest.mark.parametrize("width_mm", [80, 58])
def test_a_long_dossier_code_is_a_qr_never_bars_of_one_dot(width_mm):
    paper = Paper(width_mm)
    job = render_receipt(RECEIPT, paper)
    assert not [e for e in parse(job) if e.kind == "barcode"]
    rasters = [e.value for e in parse(job) if e.kind == "raster"]
    zbar, zx = both(paper_image(job, paper.dots))
    assert zbar == zx == {("QRCODE", RECEIPT.dossier_code)}
    assert len(rasters) > 3  # the text is still there


@pytest.mark.parametrize("profile", ["default", "POS-5890"])  # native GS k; a printer without it: raster
def test_a_short_code128_has_bars_of_two_dots_and_scans_with_both(profile):
    paper = Paper(80, profile)
    job = render_receipt(SHORT, paper)
    elements = parse(job)
    native = [e for e in elements if e.kind == "barcode"]
    if profile == "default":
        assert [(e.value, e.extra["type"]) for e in native] == [(SHORT.dossier_code, "CODE128")]
        assert native[0].extra["module"] >= 2
    else:
        assert not native
    zbar, zx = both(paper_image(job, paper.dots))
    assert ("CODE128", SHORT.dossier_code) in zbar and ("CODE128", SHORT.dossier_code) in zx
    assert ("QRCODE", SHORT.dossier_code) in zbar and ("QRCODE", SHORT.dossier_code) in zx
    narrowest = min(_bar_widths(paper_image(job, paper.dots)))
    assert narrowest >= 2


def _bar_widths(image: Image.Image) -> list[int]:
    """Widths in dots of the black bars across the middle of the Code 128, as zxing-cpp located it."""
    gray = np.array(image.convert("L"))
    found = next(r for r in zxingcpp.read_barcodes(gray) if str(r.format) == "Code 128")
    p = found.position
    row = gray[(p.top_left.y + p.bottom_left.y) // 2, p.top_left.x:p.top_right.x + 1] < 128
    edges = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(int), [0]))))
    return list(edges[1::2] - edges[::2])


def test_tickets_end_with_feed_and_cut_not_blank_paper():
    for job in (render_ticket(TICKET), render_receipt(RECEIPT)):
        assert job.endswith(b"\x1dVB\x00")  # GS V 66 0: feed to the cutter and cut there
        elements = parse(job)
        assert elements[-1].kind == "cut" and not [e for e in elements if e.kind == "feed"]
        assert not job[:-4].endswith((b"\n\n", b"\n\n\n"))


@pytest.mark.parametrize("size", [22, 24, 26, 28])
def test_capitals_with_two_stacked_marks_keep_their_top_dots(size):
    text = "ỖẪẴỄ Ỗng ẪN"
    line = text_image(text, size, bold=True, width=576)
    whole = Image.new("1", (900, 300), 1)
    ImageDraw.Draw(whole).text((100, 100), text, font=_font(size, True), fill=0)
    assert line.histogram()[0] == whole.histogram()[0]  # every black dot is on the paper


def test_the_ticket_qr_tells_days_and_offices_apart():
    today = ticket_qr("000.00.20.H10", date(2026, 11, 25), "A023")
    assert today == "000.00.20.H10/261125/A023" and len(today) <= 40
    assert today != ticket_qr("000.00.20.H10", date(2026, 11, 26), "A023")
    assert today != ticket_qr("000.00.21.H10", date(2026, 11, 25), "A023")
    scan = classify_scan(today)
    assert (scan.kind, scan.code, scan.day) == (ScanKind.TICKET, "A023", date(2026, 11, 25))
    assert classify_scan("000.00.20.H10/261399/A023").kind is ScanKind.INVALID  # no 99th of a 13th month
