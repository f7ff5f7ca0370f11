"""Tickets and receipts as ESC/POS bytes, built with python-escpos.

Native commands where every printer understands them (the big ticket number,
QR, Code 128, rules, cut); raster (`GS v 0`) for any text with diacritics,
drawn with the bundled font, so Vietnamese never comes out as "?". Where the
printer's profile has a CP1258 code page, `text_mode=True` sends such text
as CP1258 instead (smaller, but clones may not stack the tone marks).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy
from PIL import Image

from core.codes import dossier_qr
from core.i18n import tr
from devices.printers import codes128
from devices.printers.raster import needs_raster, text_image
from devices.printers.slips import ReceiptSlip, TicketSlip

DOTS = {80: 576, 58: 384}  # printable dots across at 203 dpi (8 dots/mm)
QR_QUIET = 4  # modules of blank around a QR, as ISO/IEC 18004 asks
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # the five CP1258 combining marks


@dataclass(frozen=True)
class Paper:
    """Paper width (80 or 58 mm), the python-escpos capability profile, and text mode."""

    width_mm: int = 80
    profile: str = "default"
    text_mode: bool = False

    @property
    def dots(self) -> int:
        return DOTS[self.width_mm]

    @classmethod
    def of(cls, paper: Paper | int) -> Paper:
        """`paper` itself, or the paper whose width is `paper` dots (576 or 384)."""
        if isinstance(paper, Paper):
            return paper
        widths = {dots: mm for mm, dots in DOTS.items()}
        if paper not in widths:
            raise ValueError(f"width must be one of {sorted(widths)} dots, not {paper}")
        return cls(widths[paper])


class _Builder:
    """A thin layer over python-escpos's Dummy printer: lines, rules, codes."""

    def __init__(self, paper: Paper):
        self.paper = paper
        self.p = Dummy(profile=paper.profile)
        media = self.p.profile.profile_data.setdefault("media", {}).setdefault("width", {})
        media["pixels"] = paper.dots
        self.p._raw(b"\x1b@")  # initialise: forget the previous job's modes
        self.p.set(align="center")
        self._cp1258 = vietnamese_codepage(paper.profile) if paper.text_mode else None

    def line(self, text: str, size: int = 24, bold: bool = False, invert: bool = False,
             align: str = "center") -> None:
        """One line (wrapped if long): native text if ASCII, CP1258 in text mode, else raster.

        Headlines are centred; detail lines sit on the left, which as raster
        costs no bytes for a blank margin (see `text_image`).
        """
        if not text:
            return
        if not needs_raster(text):
            big = size >= 30
            self.p.set(align=align, bold=bold, double_height=big, double_width=big, invert=invert)
            self.p.text(text + "\n")
            self.p.set(align="center", bold=False, normal_textsize=True, invert=False)
        elif self._cp1258 is not None:
            self.p.set(align=align, bold=bold, invert=invert)
            self.p._raw(b"\x1bt" + bytes([self._cp1258]) + cp1258(text) + b"\n\x1bt\x00")
            self.p.set(align="center", bold=False, invert=False)
        else:
            self.image(text_image(text, size, bold=bold, width=self.paper.dots, invert=invert, align=align))

    def image(self, image: Image.Image, centre: bool = False) -> None:
        """A raster sent left-aligned: its centring is in the image (clones ignore ESC a for rasters)."""
        if centre and image.width < self.paper.dots:
            left = (self.paper.dots - image.width) // 2 // 8 * 8
            padded = Image.new("1", (left + image.width, image.height), 1)
            padded.paste(image, (left, 0))
            image = padded
        self.p.set(align="left")
        self.p.image(image, impl="bitImageRaster")
        self.p.set(align="center")

    def big(self, text: str, magnify: int) -> None:
        self.p.set(align="center", bold=True, custom_size=True, width=magnify, height=magnify)
        self.p.text(text + "\n")
        self.p.set_with_default(align="center")

    def rule(self) -> None:
        self.p.set(align="center")
        self.p.text("-" * (48 if self.paper.width_mm == 80 else 32) + "\n")

    def feed_dots(self, dots: int) -> None:
        """Blank paper of `dots` dots (ESC J), e.g. a code's quiet zone."""
        while dots > 0:
            self.p._raw(b"\x1bJ" + bytes([min(dots, 255)]))
            dots -= 255

    def qr(self, content: str, size: int) -> None:
        """A native QR (level M) with its quiet zone: 4 modules of blank above and below (centred on the
        paper, so the sides have more); printers add none, and text 0-3 dots away spoils the scan."""
        self.feed_dots(QR_QUIET * size)
        self.p.set(align="center")
        self.p.qr(content, native=True, size=size, ec=QR_ECLEVEL_M)
        self.feed_dots(QR_QUIET * size)

    def code128(self, content: str, qr_size: int, qr_content: str = "") -> bool:
        """Code 128 with bars of at least 2 dots (0,25 mm), which scan on real paper: native `GS k` where
        the printer has it, else a raster of the same bars. A code too long for the paper at 2 dots gets
        a QR (of `qr_content`, else the same content) in its place instead (False), never bars of 1 dot."""
        _, modules = codes128.native_payload(content)
        module = min(3, self.paper.dots // (modules + 2 * codes128.QUIET))
        if module < codes128.MIN_MODULE:
            self.qr(qr_content or content, qr_size)
            return False
        self.feed_dots(8)
        if self.p.profile.supports("barcodeB"):
            self.p.set(align="center")
            self.p._raw(codes128.native_command(content, module) + b"\n")
        else:
            self.image(codes128.raster_image(content, self.paper.dots, module=module), centre=True)
        return True

    def finish(self) -> bytes:
        """Feed-and-cut (GS V 66 0): the paper stops at the cutter, not 35 mm of blank later."""
        self.p.cut(feed=False)
        return self.p.output


def render_ticket(slip: TicketSlip, paper: Paper | int = Paper()) -> bytes:
    """The ticket (phiếu số thứ tự) as ESC/POS bytes; `paper` is a Paper or a width in dots."""
    paper = Paper.of(paper)
    b = _Builder(paper)
    small = paper.width_mm == 58
    b.line(slip.office_name, 20 if small else 24, bold=True)
    b.line(tr("SỐ THỨ TỰ"), 24 if small else 28, bold=True)
    b.big(slip.code, 5 if small else 7)
    b.line(slip.service_name, 22 if small else 26, bold=True)
    if slip.priority_label:
        b.line(slip.priority_label, 20 if small else 22, bold=True, invert=True)
    detail = 20
    if slip.counters:
        b.line(tr("Mời đến: {counters}", counters=", ".join(slip.counters)), 22, bold=True, align="left")
    b.line(tr("Giờ lấy số: {time}", time=f"{slip.issued_at:%H:%M %d/%m/%Y}"), detail, align="left")
    if slip.ahead:
        b.line(tr("Có {n} người đang chờ trước bạn", n=slip.ahead), detail, align="left")
    elif slip.ahead == 0:
        b.line(tr("Không có ai chờ trước bạn"), detail, align="left")
    if slip.wait_minutes:
        b.line(tr("Thời gian chờ dự kiến: khoảng {m} phút", m=slip.wait_minutes), detail, align="left")
    b.qr(slip.qr or slip.code, 5 if small else 6)
    if slip.footer:
        b.line(slip.footer, 18, align="left")
    return b.finish()


def render_receipt(slip: ReceiptSlip, paper: Paper | int = Paper()) -> bytes:
    """The dossier receipt (giấy biên nhận) as ESC/POS bytes; `paper` is a Paper or a width in dots."""
    paper = Paper.of(paper)
    b = _Builder(paper)
    b.line(slip.office_name, 24, bold=True)
    b.line(tr("GIẤY BIÊN NHẬN HỒ SƠ"), 28, bold=True)
    qr = dossier_qr(slip.dossier_code, slip.check_code)  # the kiosk opens the dossier from it
    barcode = b.code128(slip.dossier_code, 5 if paper.width_mm == 58 else 6, qr)
    b.line(slip.dossier_code, 22, bold=True)
    if slip.check_code:
        b.line(tr("Mã tra cứu: {check}", check=slip.check_code), 24, bold=True)
    b.rule()
    b.line(slip.procedure_name, 22, bold=True, align="left")
    b.line(tr("Người nộp: {name}", name=slip.applicant_name), 22, align="left")
    b.line(tr("Nhận lúc: {time}", time=f"{slip.received_at:%H:%M %d/%m/%Y}"), 22, align="left")
    b.line(tr("Hẹn trả: {time}", time=f"{slip.due_at:%H:%M %d/%m/%Y}"), 24, bold=True, align="left")
    if slip.clerk_name:
        b.line(tr("Cán bộ tiếp nhận: {name}", name=slip.clerk_name), 20, align="left")
    if slip.collect_where:
        b.line(tr("Nơi nhận kết quả: {where}", where=slip.collect_where), 20, align="left")
    for extra in slip.extra_lines:
        b.line(extra, 20, align="left")
    if barcode:  # the bars above are for the counter's scanner; a QR (with the check code) for the kiosk and phones
        b.qr(qr, 5)
    if slip.footer:
        b.line(slip.footer, 18, align="left")
    return b.finish()


def render_ticket_image(slip: TicketSlip, paper: Paper | int = Paper()) -> Image.Image:
    """What the printed ticket looks like (the kiosk shows it; preview:// saves it)."""
    from devices.printers.escpos_parse import paper_image

    paper = Paper.of(paper)
    return paper_image(render_ticket(slip, paper), paper.dots)


def render_receipt_image(slip: ReceiptSlip, paper: Paper | int = Paper()) -> Image.Image:
    """What the printed receipt looks like."""
    from devices.printers.escpos_parse import paper_image

    paper = Paper.of(paper)
    return paper_image(render_receipt(slip, paper), paper.dots)


def vietnamese_codepage(profile: str) -> int | None:
    """The profile's code page number for CP1258, or None (then text goes as raster)."""
    pages = Dummy(profile=profile).profile.profile_data.get("codePages", {})
    return next((int(number) for number, name in pages.items() if name == "CP1258"), None)


def cp1258(text: str) -> bytes:
    """`text` in CP1258: base letters precomposed (ă, ê, ơ, ư…), tone marks as combining bytes."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONE_MARKS)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS)) + tones)
    return "".join(out).encode("cp1258", "replace")


def render_guide(title: str, lines: list[str], paper: Paper = Paper(), footer: str = "") -> bytes:
    """A short guide slip (hướng dẫn thủ tục) the kiosk prints for a citizen to take home."""
    b = _Builder(paper)
    b.line(tr("HƯỚNG DẪN THỦ TỤC"), 24, bold=True)
    b.line(title, 24, bold=True)
    b.rule()
    for line in lines:
        b.line(line, 20)
    if footer:
        b.rule()
        b.line(footer, 18)
    return b.finish()
