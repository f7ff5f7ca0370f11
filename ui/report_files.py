"""Reports as files: XLSX (openpyxl) and PDF with charts (reportlab), for the manager's app and the CLI. No Qt."""

from __future__ import annotations

from datetime import date, datetime, timezone, tzinfo
from pathlib import Path
from typing import Sequence

from core.i18n import tr
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
    return str(value)


def write_xlsx(path: Path, *, queue: QueueReport | None = None, dossiers: DossierReport | None = None,
               satisfaction: SatisfactionReport | None = None, ledger: Sequence[LedgerLine] | None = None,
               tz: tzinfo | None = None, progress: Progress | None = None) -> Path:
    """One sheet per report (and load by hour); `progress` may return False to cancel (nothing written).

    The ledger's times are written in `tz` (the office's zone; UTC when not given).
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
    for i, (title, rows) in enumerate(parts, 1):
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        keep_going(progress, i, len(parts))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_pdf(path: Path, *, queue: QueueReport | None = None, dossiers: DossierReport | None = None,
              satisfaction: SatisfactionReport | None = None, ledger: Sequence[LedgerLine] | None = None,
              tz: tzinfo | None = None, period: tuple[date, date] | None = None, office_name: str = "",
              progress: Progress | None = None) -> Path:
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
             Paragraph(tr("Báo cáo từ {start} đến {end}", start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}")
                       if start else "", body), Spacer(1, 8)]

    def table(rows: list[list], total: bool = True) -> Table:
        cells = [[Paragraph(cell_text(v), body) for v in row] for row in rows]
        t = Table(cells, repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DCE4F2")),
                               *([("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#F2F2F2"))] if total else [])]))
        return t

    def bars(values: list[int] | list[list[int]], labels: list[str], fills: Sequence[str] = ("#0B3D91",),
             names: Sequence[str] = ()) -> Drawing:
        """Bars of one series, or stacked bars of several (`names` label them in a legend)."""
        drawing = Drawing(700, 160)
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 40, 20, 640, 120
        series = values if values and isinstance(values[0], list) else [values or [0]]
        chart.data = [list(s) or [0] for s in series]
        chart.categoryAxis.categoryNames = labels or [""]
        chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = "NotoSans"
        chart.valueAxis.valueMin = 0  # reportlab would start at the smallest bar, hiding it
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
        story += [Paragraph(tr("Hàng chờ"), title), table(queue_table(queue)), Spacer(1, 6),
                  Paragraph(tr("Số phiếu theo giờ trong ngày"), body),
                  bars([n for _, n in sorted(queue.by_hour.items())], [f"{h}h" for h in sorted(queue.by_hour)])]
    if dossiers:
        t = dossiers.total
        story += [Paragraph(tr("Hồ sơ"), title), table(dossier_table(dossiers)), Spacer(1, 6),
                  bars([t.resolved_early, t.resolved_on_time, t.resolved_late, t.open_not_due, t.open_overdue],
                       [tr("Trả sớm"), tr("Đúng hạn"), tr("Trễ hạn"), tr("Chưa đến hạn"), tr("Quá hạn")])]
    if satisfaction:
        rows = satisfaction.rows
        story += [Paragraph(tr("Mức độ hài lòng"), title), table(satisfaction_table(satisfaction)), Spacer(1, 6),
                  bars([[r.very_satisfied for r in rows], [r.satisfied for r in rows], [r.unsatisfied for r in rows]],
                       [r.key for r in rows], fills=("#1B7F3B", "#0B3D91", "#C8102E"),
                       names=(tr("Rất hài lòng"), tr("Hài lòng"), tr("Không hài lòng")))]
    if ledger is not None:
        rows = ledger_table(ledger, tz or timezone.utc)
        story.append(Paragraph(tr("Sổ theo dõi hồ sơ"), title))
        story += [table([rows[0], *rows[i:i + LEDGER_PDF_ROWS]], total=False) for i in range(1, max(len(rows), 2), LEDGER_PDF_ROWS)]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=20, rightMargin=20, topMargin=20,
                            bottomMargin=20)
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
