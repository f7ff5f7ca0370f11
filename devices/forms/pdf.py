"""A4 forms as PDF (reportlab, bundled Noto Sans): receipt, control sheet, refusal, supplement, apology."""

from __future__ import annotations

import io
import string
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping
from xml.sax.saxutils import escape

from reportlab.graphics.barcode import code128, qr
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.codes import dossier_qr
from core.i18n import tr
from devices.fonts import font_path
from devices.forms.data import FormData, when
from devices.forms.templates import load_template

FONT, BOLD = "NotoSans", "NotoSans-Bold"


@lru_cache(maxsize=1)
def register_fonts() -> str:
    """Register the bundled Noto Sans with reportlab once (Vietnamese needs a full Unicode font)."""
    pdfmetrics.registerFont(TTFont(FONT, str(font_path())))
    pdfmetrics.registerFont(TTFont(BOLD, str(font_path(bold=True))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    return FONT


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=11.5, leading=16, spaceAfter=3)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=9.5, leading=12),
        "centre": ParagraphStyle("centre", parent=body, alignment=TA_CENTER),
        "head": ParagraphStyle("head", parent=body, fontName=BOLD, fontSize=11, leading=14, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=15, leading=20, alignment=TA_CENTER,
                                spaceBefore=8, spaceAfter=2),
        "regulation": ParagraphStyle("regulation", parent=body, fontSize=9.5, leading=12, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", parent=body, fontSize=10, leading=13, spaceAfter=0),
    }


class _Values(dict):
    def __missing__(self, key: str) -> str:  # an office's template may name a field we do not have
        return ""


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with its {placeholders} filled; unknown ones stay empty, stray braces are kept."""
    try:
        return string.Formatter().vformat(text, (), _Values(values))
    except (ValueError, IndexError):
        return text


def render_form(form: str, data: FormData, *, folder: str | Path | None = None,
                overrides: Mapping[str, Mapping[str, Any]] | None = None) -> bytes:
    """The PDF bytes of `form` ("receipt", "control", "refusal", "supplement", "apology") for `data`."""
    template = load_template(form, folder, overrides)
    values = data.values(template.get("time_format", "")  or "{hour}:{minute} {date}") | \
        {k: escape(str(v)) for k, v in template.items() if isinstance(v, str)}
    styles = _styles()
    story: list = [_header(template, data, values, styles)]
    story.append(Paragraph(fill(template.get("title", ""), values), styles["title"]))
    story.append(Paragraph(f"<i>{fill(template.get('regulation', ''), values)}</i>", styles["regulation"]))
    story.append(Spacer(1, 4 * mm))
    for block in template.get("blocks", []):
        if block == "[barcodes]":
            story.append(_barcodes(data.code, data.check_code, styles))
        elif block == "[documents]":
            story.append(_documents(data, template, styles))
        elif block == "[history]":
            story.append(_history(data, template, styles))
        elif block == "[items]":
            story += [Paragraph(f"- {escape(item)}", styles["body"]) for item in data.items] or \
                [Paragraph("- …", styles["body"])]
        else:
            story.append(Paragraph(fill(block, values), styles["body"]))
    story += [Spacer(1, 6 * mm), _signatures(template, values, data, styles)]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=fill(template.get("title", ""), values),
                            author=data.office_name, subject=data.code, creator="motcua",
                            initialFontName=FONT)  # else each page starts in Helvetica, named but never embedded
    doc.build(story, canvasmaker=_numbered(data.code))
    return out.getvalue()


def _numbered(code: str):
    """A canvas that writes "Mã hồ sơ … · Trang n/N" at the foot of every page (N known once all are laid out)."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                self.setFont(register_fonts(), 8)
                self.drawRightString(A4[0] - 15 * mm, 8 * mm, tr("Mã hồ sơ {code} · Trang {page}/{pages}", code=code,
                                                                page=number, pages=len(self._pages)))
                super().showPage()
            super().save()
    return NumberedCanvas


def _header(template: dict, data: FormData, values: dict, styles: dict) -> Table:
    left = [Paragraph(escape(data.office_name.upper()), styles["head"]),
            Paragraph(f"<b>{fill(template.get('unit', ''), values)}</b>", styles["head"]),
            Paragraph(fill(template.get("number_line", ""), values), styles["centre"])]
    printed = data.printed_at or data.received_at
    right = [Paragraph(f"<i>{fill(template.get('form_number', ''), values)}</i>",
                       ParagraphStyle("fn", parent=styles["small"], alignment=2)),
             Paragraph(fill(template.get("motto", ""), values), styles["head"]),
             Paragraph(f"<u>{fill(template.get('motto_sub', ''), values)}</u>", styles["head"]),
             Paragraph("<i>" + escape(fill(template.get("date_line", ""), {
                 "place": template.get("place", ""), "day": f"{printed:%d}", "month": f"{printed:%m}",
                 "year": str(printed.year)})) + "</i>", styles["centre"])]
    table = Table([[left, right]], colWidths=[80 * mm, 95 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), _FONT]))
    return table


def _barcodes(code: str, check: str, styles: dict) -> Table:
    """The code's bars (the counter's scanner) and a QR with the check code too (the kiosk opens it)."""
    bars = code128.Code128(code, barWidth=0.34 * mm, barHeight=14 * mm, humanReadable=True, quiet=True,
                           fontName=FONT, fontSize=9)
    widget = qr.QrCodeWidget(dossier_qr(code, check), barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    side = 28 * mm
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.initialFontName = FONT  # a drawing starts in Helvetica otherwise
    drawing.add(widget)
    table = Table([[bars, drawing]], colWidths=[135 * mm, 40 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "RIGHT"), _FONT]))
    return table


_FONT = ("FONTNAME", (0, 0), (-1, -1), FONT)  # a table's cells otherwise name Helvetica, which is not embedded
_GRID = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"), _FONT,
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEF2F8")),
])


def _grid(rows: list, widths: list[float]) -> Table:
    table = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(_GRID)
    return table


def _documents(data: FormData, template: dict, styles: dict) -> Table:
    cell = styles["cell"]
    forms = template.get("document_forms", {})
    rows = [[Paragraph(f"<b>{escape(h)}</b>", cell) for h in template.get("document_headers", [])]]
    for i, d in enumerate(data.documents, 1):
        rows.append([Paragraph(str(i), cell), Paragraph(escape(str(d.get("name", ""))), cell),
                     Paragraph(escape(forms.get(d.get("form", ""), d.get("form", ""))), cell),
                     Paragraph(str(d.get("quantity", 1)), cell)])
    return _grid(rows, [12, 105, 38, 20])


def _history(data: FormData, template: dict, styles: dict) -> Table:
    cell = styles["cell"]
    rows = [[Paragraph(f"<b>{escape(h)}</b>", cell) for h in template.get("history_headers", [])]]
    for step in data.history:
        rows.append([Paragraph(escape(when(step.at, template.get("time_format") or "{hour}:{minute} {date}")), cell), Paragraph(escape(step.action), cell),
                     Paragraph(escape(step.by), cell), Paragraph(escape(step.agency), cell),
                     Paragraph(escape(step.note), cell)])
    rows += [["", "", "", "", ""] for _ in range(int(template.get("history_blank_rows", 0)))]
    heights = [None] * (1 + len(data.history)) + [10 * mm] * (len(rows) - 1 - len(data.history))
    table = Table(rows, colWidths=[w * mm for w in (36, 38, 34, 36, 31)], rowHeights=heights, repeatRows=1)
    table.setStyle(_GRID)
    return table


def _signatures(template: dict, values: dict, data: FormData, styles: dict) -> Table:
    cells = []
    for side in ("left", "right"):
        title = fill(template.get(f"sign_{side}", ""), values)
        name = fill(template.get(f"sign_{side}_name", ""), values)
        cells.append([Paragraph(f"<b>{title}</b>", styles["head"]),
                      Paragraph(f"<i>{escape(template.get('sign_hint', ''))}</i>" if title else "", styles["centre"]),
                      Spacer(1, 18 * mm), Paragraph(f"<b>{name}</b>", styles["centre"])])
    return Table([cells], colWidths=[87 * mm, 88 * mm], style=TableStyle([_FONT]))


def save_form(form: str, data: FormData, out_dir: str | Path, *, number: int | None = None, **options: Any) -> Path:
    """Write the PDF into `out_dir` as <code>-<form>.pdf (<code>-<form>-<number>.pdf for the n-th of a form a
    dossier can have several of, e.g. apologies) and return its path (options: folder, overrides)."""
    path = Path(out_dir) / (f"{data.code}-{form}.pdf" if number is None else f"{data.code}-{form}-{number}.pdf")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_form(form, data, **options))
    return path


__all__ = ["render_form", "save_form", "register_fonts", "fill"]
