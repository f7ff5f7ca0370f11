"""Reports as files: XLSX (openpyxl) and PDF with charts (reportlab), for the manager's app and the CLI. No Qt."""

from __future__ import annotations

import math
from datetime import date, datetime, timezone, tzinfo
from pathlib import Path
from typing import Sequence

from core.cells import text_cells
from core.i18n import N_, tr
from db.errors import Progress, keep_going
from db.store.dossiers import status_label
from db.store.reports import DossierReport, LedgerLine, QueueReport, SatisfactionReport

LEDGER_PDF_ROWS = 200  # ledger rows per PDF table: reportlab splits one long table in quadratic time


def _m(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def queue_table(report: QueueReport) -> list[list]:
    head = [tr("Mã"), tr("Tên"), tr("Đã cấp"), tr("Đã phục vụ"), tr("Vắng mặt"), tr("Hủy/hết hạn"),
            tr("Chờ TB (phút)"), tr("Chờ trung vị"), tr("Chờ P90"), tr("Chờ tối đa"), tr("Phục vụ TB (phút)"),
            tr("Phục vụ trung vị"), tr("Phục vụ P90"), tr("Phục vụ tối đa"), tr("Đạt chỉ tiêu chờ (%)")]
    rows = [head]
    for r in (*report.rows, report.total):
        share = r.within_target_share
        rows.append([r.key, r.name, r.issued, r.served, r.no_show, r.cancelled, _m(r.wait.mean), _m(r.wait.median),
                     _m(r.wait.p90), _m(r.wait.max), _m(r.service.mean), _m(r.service.median), _m(r.service.p90),
                     _m(r.service.max), None if share is None else round(100 * share, 1)])
    return rows


def dossier_table(report: DossierReport) -> list[list]:
    head = [tr("Mã"), tr("Tên"), tr("Tiếp nhận"), tr("Trực tiếp"), tr("Bưu chính"), tr("Trực tuyến"),
            tr("Trả sớm"), tr("Đúng hạn"), tr("Trễ hạn"), tr("Đang giải quyết: chưa đến hạn"),
            tr("Đang giải quyết: quá hạn"), tr("Chờ bổ sung"), tr("Trả qua bưu chính"), tr("Phiếu xin lỗi"),
            tr("Tỷ lệ trả sớm và đúng hạn (%)")]
    rows = [head]
    for r in (*report.rows, report.total):
        rate = r.on_time_rate
        rows.append([r.key, r.name, r.received, r.received_direct, r.received_postal, r.received_online,
                     r.resolved_early, r.resolved_on_time, r.resolved_late, r.open_not_due, r.open_overdue,
                     r.open_supplement, r.returned_by_post, r.apologies, None if rate is None else round(100 * rate, 1)])
    return rows


def satisfaction_table(report: SatisfactionReport) -> list[list]:
    rows = [[tr("Mã"), tr("Tên"), tr("Rất hài lòng"), tr("Hài lòng"), tr("Không hài lòng"), tr("Tổng")]]
    for r in (*report.rows, report.total):
        rows.append([r.key, r.name, r.very_satisfied, r.satisfied, r.unsatisfied, r.answers])
    return rows


def ledger_table(lines: Sequence[LedgerLine], tz: tzinfo) -> list[list]:
    """Sổ theo dõi hồ sơ as rows (header first); times are the office's local time, without a zone."""
    def local(at: datetime | None) -> datetime | None:
        return None if at is None else at.astimezone(tz).replace(tzinfo=None)

    rows = [[tr("Mã hồ sơ"), tr("Người nộp"), tr("Thủ tục"), tr("Ngày nhận"), tr("Hẹn trả"), tr("Ngày có kết quả"),
             tr("Ngày trả"), tr("Trạng thái"), tr("Phiếu xin lỗi")]]
    for line in lines:
        rows.append([line.code, line.applicant_name, line.procedure, local(line.received_at), local(line.due_at),
                     local(line.resolved_at), local(line.returned_at), status_label(line.status),
                     line.apology_count])
    return rows


def cell_text(value) -> str:
    """A table cell as the office reads it (dates dd/mm/yyyy hh:mm)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")  # Vietnamese decimals: 2,1 phút
    return str(value)


GROUPING_NAMES = {"field": N_("lĩnh vực"), "counter": N_("quầy"), "clerk": N_("cán bộ"), None: N_("toàn cơ quan")}


def heading(office_name: str, period: tuple[date, date] | None, by: str | None | bool = False,
            made_at: datetime | None = None) -> list[str]:
    """What a report file says it is: the office, the period, its grouping (`False`: none) and when it was made."""
    lines = [office_name] if office_name else []
    if period:
        lines.append(tr("Báo cáo từ {start} đến {end}", start=f"{period[0]:%d/%m/%Y}", end=f"{period[1]:%d/%m/%Y}"))
    if by is not False:
        lines.append(tr("Nhóm theo: {by}", by=tr(GROUPING_NAMES.get(by, str(by)))))
    if made_at:
        lines.append(tr("Lập lúc {at}", at=f"{made_at:%H:%M %d/%m/%Y}"))
    return lines


def write_xlsx(path: Path, *, queue: QueueReport | None = None, dossiers: DossierReport | None = None,
               satisfaction: SatisfactionReport | None = None, ledger: Sequence[LedgerLine] | None = None,
               tz: tzinfo | None = None, progress: Progress | None = None, office_name: str = "",
               period: tuple[date, date] | None = None, made_at: datetime | None = None) -> Path:
    """One sheet per report (and load by hour); `progress` may return False to cancel (nothing written).

    Every sheet opens with what it is: the office, the period, the grouping and when it was made
    (`heading`). Text from the data stays text, never a formula. The ledger's times are written in
    `tz` (the office's zone; UTC when not given).
    """
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    parts = [(tr("Hàng chờ"), queue_table(queue) if queue else None),
             (tr("Theo giờ"), [[tr("Giờ"), tr("Số phiếu")], *[[h, n] for h, n in sorted(queue.by_hour.items())]]
              if queue else None),
             (tr("Hồ sơ"), dossier_table(dossiers) if dossiers else None),
             (tr("Hài lòng"), satisfaction_table(satisfaction) if satisfaction else None),
             (tr("Sổ theo dõi hồ sơ"), ledger_table(ledger, tz or timezone.utc) if ledger is not None else None)]
    parts = [p for p in parts if p[1] is not None]
    report = queue or dossiers or satisfaction
    span = (report.start, report.end) if report else period
    groupings = {tr("Hàng chờ"): queue, tr("Hồ sơ"): dossiers, tr("Hài lòng"): satisfaction}
    for i, (title, rows) in enumerate(parts, 1):
        sheet = book.create_sheet(title)
        grouped = groupings.get(title)
        by = False if grouped is None else getattr(grouped, "by", "field" if any(r.key for r in grouped.rows) else None)
        for line in heading(office_name, span, by, made_at):
            sheet.append([line])
            sheet.cell(sheet.max_row, 1).font = Font(bold=sheet.max_row == 1)
        if sheet.max_row > 1 or sheet.cell(1, 1).value:
            sheet.append([])
        top = sheet.max_row + 1 if sheet.cell(1, 1).value else 1
        for row in rows:
            sheet.append(row)
            text_cells(sheet[sheet.max_row])
        for cell in sheet[top]:
            cell.font = Font(bold=True)
        _fit_columns(sheet, rows)
        keep_going(progress, i, len(parts))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _fit_columns(sheet, rows: list[list]) -> None:
    """Each column as wide as its longest cell (within reason), so names are not cut at the column's edge."""
    from openpyxl.utils import get_column_letter

    for j in range(max((len(r) for r in rows), default=0)):
        longest = max((len(cell_text(r[j])) for r in rows if j < len(r)), default=8)
        sheet.column_dimensions[get_column_letter(j + 1)].width = min(max(longest + 2, 6), 60)


def _column_widths(rows: list[list], width: float, measure) -> list[float]:
    """PDF column widths from content: each column gets its longest word (a header wraps at spaces, never
    inside a word) plus a share of the rest in proportion to its longest cell, to fill `width` points."""
    columns = max((len(r) for r in rows), default=0)
    pad = 6  # a cell's left and right padding
    words = [max((measure(w, "NotoSans", 8) for r in rows if j < len(r) for w in cell_text(r[j]).split()),
                 default=10) + pad for j in range(columns)]
    whole = [max((measure(cell_text(r[j]), "NotoSans", 8) for r in rows if j < len(r)), default=10) + pad
             for j in range(columns)]
    spare = width - sum(words)
    if spare <= 0:
        return [width * w / sum(words) for w in words]
    wanted = [max(b - a, 0) for a, b in zip(words, whole)]
    if sum(wanted) <= spare:  # everything fits on one line: give the rest evenly
        return [b + (spare - sum(wanted)) / columns for b in whole]
    return [a + spare * w / sum(wanted) for a, w in zip(words, wanted)]


def write_pdf(path: Path, *, queue: QueueReport | None = None, dossiers: DossierReport | None = None,
              satisfaction: SatisfactionReport | None = None, ledger: Sequence[LedgerLine] | None = None,
              tz: tzinfo | None = None, period: tuple[date, date] | None = None, office_name: str = "",
              progress: Progress | None = None, made_at: datetime | None = None) -> Path:
    """An A4 landscape PDF: title, the tables, bar charts of tickets by hour, dossier outcomes and answers.

    `period` (start, end) heads a ledger-only file; `progress(done, total)` is called as the pages are laid
    out, and False cancels (Cancelled, nothing written).
    """
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from devices.fonts import font_path

    for name, bold in (("NotoSans", False), ("NotoSans-Bold", True)):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(font_path(bold))))
    title = ParagraphStyle("t", fontName="NotoSans-Bold", fontSize=14, leading=18, keepWithNext=1)
    body = ParagraphStyle("b", fontName="NotoSans", fontSize=8, leading=10)
    report = queue or dossiers or satisfaction
    start, end = (report.start, report.end) if report else period or (None, None)
    story = [Paragraph(office_name, title),
             *[Paragraph(line, body) for line in heading("", (start, end) if start else None, False, made_at)],
             Spacer(1, 8)]
    width = landscape(A4)[0] - 40

    def table(rows: list[list], total: bool = True, by: str | None | bool = False) -> list:
        cells = [[Paragraph(cell_text(v), body) for v in row] for row in rows]
        t = Table(cells, repeatRows=1, colWidths=_column_widths(rows, width, pdfmetrics.stringWidth))
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("FONTNAME", (0, 0), (-1, -1), "NotoSans"),  # the cells' own default: Helvetica
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DCE4F2")),
                               *([("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#F2F2F2"))] if total else [])]))
        return [Paragraph(tr("Nhóm theo: {by}", by=tr(GROUPING_NAMES.get(by, str(by)))), body), t] \
            if by is not False else [t]

    def bars(values: list[int] | list[list[int]], labels: list[str], fills: Sequence[str] = ("#0B3D91",),
             names: Sequence[str] = ()) -> Drawing:
        """Bars of one series, or stacked bars of several (`names` label them in a legend)."""
        drawing = Drawing(700, 160)
        drawing.initialFontName = "NotoSans"  # the chart's starting state would name Helvetica (not embedded)
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 40, 20, 640, 120
        series = values if values and isinstance(values[0], list) else [values or [0]]
        chart.data = [list(s) or [0] for s in series]
        chart.categoryAxis.categoryNames = labels or [""]
        chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = "NotoSans"
        chart.valueAxis.valueMin = 0  # reportlab would start at the smallest bar, hiding it
        top = max([sum(col) for col in zip(*chart.data)] if names else [max(s) for s in chart.data] or [0])
        chart.valueAxis.valueStep = max(1, math.ceil(top / 5))  # counts: whole ticks, never 0,5 of a ticket
        chart.valueAxis.labelTextFormat = lambda v: f"{v:.0f}"
        for i, fill in enumerate(fills[:len(series)]):
            chart.bars[i].fillColor = colors.HexColor(fill)
        drawing.add(chart)
        if names:
            chart.categoryAxis.style = "stacked"
            chart.width = 520
            legend = Legend()
            legend.x, legend.y, legend.fontName = 580, 130, "NotoSans"
            legend.colorNamePairs = [(colors.HexColor(f), n) for f, n in zip(fills, names)]
            drawing.add(legend)
        return drawing

    if queue:
        story += [Paragraph(tr("Hàng chờ"), title), *table(queue_table(queue), by=queue.by), Spacer(1, 6),
                  Paragraph(tr("Số phiếu theo giờ trong ngày"), body),
                  bars([n for _, n in sorted(queue.by_hour.items())], [f"{h}h" for h in sorted(queue.by_hour)])]
    if dossiers:
        t = dossiers.total
        story += [Paragraph(tr("Hồ sơ"), title), *table(dossier_table(dossiers), by=getattr(
            dossiers, "by", "field" if any(r.key for r in dossiers.rows) else None)), Spacer(1, 6),
                  bars([t.resolved_early, t.resolved_on_time, t.resolved_late, t.open_not_due, t.open_overdue],
                       [tr("Trả sớm"), tr("Đúng hạn"), tr("Trễ hạn"), tr("Chưa đến hạn"), tr("Quá hạn")])]
    if satisfaction:
        rows = satisfaction.rows
        story += [Paragraph(tr("Mức độ hài lòng"), title),
                  *table(satisfaction_table(satisfaction), by=satisfaction.by), Spacer(1, 6),
                  bars([[r.very_satisfied for r in rows], [r.satisfied for r in rows], [r.unsatisfied for r in rows]],
                       [r.key for r in rows], fills=("#1B7F3B", "#0B3D91", "#C8102E"),
                       names=(tr("Rất hài lòng"), tr("Hài lòng"), tr("Không hài lòng")))]
    if ledger is not None:
        rows = ledger_table(ledger, tz or timezone.utc)
        story.append(Paragraph(tr("Sổ theo dõi hồ sơ"), title))
        story += [t for i in range(1, max(len(rows), 2), LEDGER_PDF_ROWS)
                  for t in table([rows[0], *rows[i:i + LEDGER_PDF_ROWS]], total=False)]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # the canvas would otherwise start each page in Helvetica, a font the file then names but never embeds
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=20, rightMargin=20, topMargin=20,
                            bottomMargin=20, initialFontName="NotoSans")
    if progress:
        laid_out, count = [0], len(story)  # build() eats the story as it lays it out

        def on_progress(kind: str, value: int) -> None:
            if kind == "PROGRESS":  # reportlab's count steps back when a table splits over pages
                laid_out[0] = max(laid_out[0], value)
            if kind in ("PROGRESS", "PAGE"):
                keep_going(progress, min(laid_out[0], count), count)
        doc.setProgressCallBack(on_progress)
    doc.build(story)
    return path
