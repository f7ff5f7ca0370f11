"""Tickets and receipts as ESC/POS bytes, built with python-escpos.

Native commands where every printer understands them (the big ticket number,
QR, Code 128, cut); raster (`GS v 0`) for any text with diacritics, drawn
with the bundled font, so Vietnamese never comes out as "?". Where the
printer's profile has a Vietnamese code page, `text_mode=True` sends such
text as CP1258 instead (smaller, but clones may not stack the tone marks).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from escpos.printer import Dummy
from PIL import Image

from core.i18n import tr
from devices.printers.raster import needs_raster, text_image
from devices.printers.slips import ReceiptSlip, TicketSlip

DOTS = {80: 576, 58: 384}


@dataclass(frozen=True)
class Paper:
    width_mm: int = 80
    profile: str = "default"
    text_mode: bool = False

    @property
    def dots(self) -> int:
        return DOTS[self.width_mm]


class _Builder:
    """A thin layer over python-escpos's Dummy printer: lines, rules, codes."""

    def __init__(self, paper: Paper):
        self.paper = paper
        self.p = Dummy(profile=paper.profile)
        media = self.p.profile.profile_data.setdefault("media", {}).setdefault("width", {})
        media["pixels"] = paper.dots
        self.p._raw(b"\x1b@")  # initialise: forget the previous job's modes
        self.p.set(align="center")
        self._codepage_ok = paper.text_mode and _has_vietnamese_codepage(self.p)

    def line(self, text: str, size: int = 24, bold: bool = False) -> None:
        if not text:
            return
        if not needs_raster(text):
            self.p.set(align="center", bold=bold, double_height=size >= 30, double_width=size >= 30)
            self.p.text(text + "\n")
            self.p.set(align="center", bold=False, normal_textsize=True)
        elif self._codepage_ok:
            self.p.set(align="center", bold=bold)
            self.p._raw(b"\x1bt\x34" + unicodedata.normalize("NFD", text).encode("cp1258", "replace") + b"\n")
            self.p.set(align="center", bold=False)
        else:
            self.image(text_image(text, size, bold=bold, width=self.paper.dots))

    def image(self, image: Image.Image) -> None:
        self.p.image(image, impl="bitImageRaster")

    def big(self, text: str, magnify: int) -> None:
        self.p.set(align="center", bold=True, custom_size=True, width=magnify, height=magnify)
        self.p.text(text + "\n")
        self.p.set_with_default(align="center")

    def rule(self) -> None:
        self.p.set(align="center")
        self.p.text("-" * (48 if self.paper.width_mm == 80 else 32) + "\n")

    def qr(self, content: str, size: int) -> None:
        self.p.set(align="center")
        self.p.qr(content, native=True, size=size)

    def code128(self, content: str) -> None:
        self.p.set(align="center")
        width = 2 if len(content) > 20 or self.paper.width_mm == 58 else 3
        self.p.barcode("{B" + content, "CODE128", function_type="B", height=80, width=width, pos="OFF")

    def finish(self) -> bytes:
        self.p.ln(2)
        self.p.cut()
        return self.p.output


def render_ticket(slip: TicketSlip, paper: Paper = Paper()) -> bytes:
    """The ticket (phiếu số thứ tự) as ESC/POS bytes."""
    b = _Builder(paper)
    small = paper.width_mm == 58
    b.line(slip.office_name, 22 if small else 26, bold=True)
    b.line(tr("SỐ THỨ TỰ"), 26 if small else 30, bold=True)
    b.big(slip.code, 5 if small else 7)
    b.line(slip.service_name, 24 if small else 28, bold=True)
    if slip.counters:
        b.line(tr("Mời đến: {counters}", counters=", ".join(slip.counters)), 20 if small else 22)
    if slip.priority_label:
        b.line(slip.priority_label, 22 if small else 24, bold=True)
    if slip.ahead is not None:
        b.line(tr("Có {n} người đang chờ trước bạn", n=slip.ahead), 20 if small else 22)
    if slip.wait_minutes:
        b.line(tr("Thời gian chờ dự kiến: khoảng {m} phút", m=slip.wait_minutes), 20 if small else 22)
    b.line(tr("Giờ lấy số: {time}", time=f"{slip.issued_at:%H:%M %d/%m/%Y}"), 20)
    b.qr(slip.code, 5 if small else 6)
    if slip.footer:
        b.line(slip.footer, 18)
    return b.finish()


def render_receipt(slip: ReceiptSlip, paper: Paper = Paper()) -> bytes:
    """The dossier receipt (giấy biên nhận) as ESC/POS bytes."""
    b = _Builder(paper)
    b.line(slip.office_name, 24, bold=True)
    b.line(tr("GIẤY BIÊN NHẬN HỒ SƠ"), 28, bold=True)
    b.code128(slip.dossier_code)
    b.line(slip.dossier_code, 22, bold=True)
    b.rule()
    b.line(slip.procedure_name, 22, bold=True)
    b.line(tr("Người nộp: {name}", name=slip.applicant_name), 22)
    b.line(tr("Nhận lúc: {time}", time=f"{slip.received_at:%H:%M %d/%m/%Y}"), 22)
    b.line(tr("Hẹn trả: {time}", time=f"{slip.due_at:%H:%M %d/%m/%Y}"), 24, bold=True)
    if slip.clerk_name:
        b.line(tr("Cán bộ tiếp nhận: {name}", name=slip.clerk_name), 20)
    if slip.collect_where:
        b.line(tr("Nơi nhận kết quả: {where}", where=slip.collect_where), 20)
    for extra in slip.extra_lines:
        b.line(extra, 20)
    b.qr(slip.dossier_code, 5)
    if slip.footer:
        b.line(slip.footer, 18)
    return b.finish()


def _has_vietnamese_codepage(p: Dummy) -> bool:
    pages = (p.profile.profile_data or {}).get("codePages", {})
    return any(name in ("CP1258", "TCVN-3-1", "TCVN-3-2") for name in pages.values())
