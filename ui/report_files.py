"""Reports as files: XLSX (openpyxl) and PDF with charts (reportlab), for the manager's app and the CLI. No Qt."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from core.i18n import tr
from db.store.reports import DossierReport, QueueReport, SatisfactionReport

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?


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
            tr("Đang giải quyết: quá hạn"), tr("Trả qua bưu chính"), tr("Phiếu xin lỗi"),
            tr("Tỷ lệ trả sớm và đúng hạn (%)")]
    rows = [head]
    for r in (*report.rows, report.total):
        rate = r.on_time_rate
        rows.append([r.key, r.name, r.received, r.received_direct, r.received_postal, r.received_online,
                     r.resolved_early, r.resolved_on_time, r.resolved_late, r.open_not_due, r.open_overdue,
                     r.returned_by_post, r.apologies, None if rate is None else round(100 * rate, 1)])
    return rows


def satisfaction_table(report: SatisfactionReport) -> list[list]:
    rows = [[tr("Mã"), tr("Tên"), tr("Rất hài lòng"), tr("Hài lòng"), tr("Không hài lòng"), tr("Tổng")]]
    for r in (*report.rows, report.total):
        rows.append([r.key, r.name, r.very_satisfied, r.satisfied, r.unsatisfied, r.answers])
    return rows


def write_xlsx(path: Path, *, queue: QueueReport | None = None, dossiers: DossierReport | None = None,
               satisfaction: SatisfactionReport | None = None, progress: Progress | None = None) -> Path:
    """One sheet per report (and load by hour); `progress` may return False to cancel (nothing written)."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    parts = [(tr("Hàng chờ"), queue_table(queue) if queue else None),
             (tr("Theo giờ"), [[tr("Giờ"), tr("Số phiếu")], *[[h, n] for h, n in sorted(queue.by_hour.items())]]
              if queue else None),
             (tr("Hồ sơ"), dossier_table(dossiers) if dossiers else None),
             (tr("Hài lòng"), satisfaction_table(satisfaction) if satisfaction else None)]
    parts = [p for p in parts if p[1] is not None]
    for i, (title, rows) in enumerate(parts, 1):
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        if progress and progress(i, len(parts)) is False:
            raise InterruptedError(tr("Đã hủy xuất báo cáo."))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_pdf(path: Path, *, queue: QueueReport | None = None, dossiers: DossierReport | None = None,
              satisfaction: SatisfactionReport | None = None, office_name: str = "") -> Path:
    """An A4 landscape PDF: title, the tables, a bar chart of tickets by hour and of dossier outcomes."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
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
    title = ParagraphStyle("t", fontName="NotoSans-Bold", fontSize=14, leading=18)
    body = ParagraphStyle("b", fontName="NotoSans", fontSize=8, leading=10)
    report = queue or dossiers or satisfaction
    story = [Paragraph(office_name, title),
             Paragraph(tr("Báo cáo từ {start} đến {end}", start=f"{report.start:%d/%m/%Y}",
                          end=f"{report.end:%d/%m/%Y}"), body), Spacer(1, 8)]

    def table(rows: list[list]) -> Table:
        cells = [[Paragraph("" if v is None else str(v), body) for v in row] for row in rows]
        t = Table(cells, repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DCE4F2")),
                               ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#F2F2F2"))]))
        return t

    def bars(values: list[int], labels: list[str]) -> Drawing:
        drawing = Drawing(700, 160)
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 40, 20, 640, 120
        chart.data = [values or [0]]
        chart.categoryAxis.categoryNames = labels or [""]
        chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = "NotoSans"
        chart.bars[0].fillColor = colors.HexColor("#0B3D91")
        drawing.add(chart)
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
        story += [Paragraph(tr("Hài lòng"), title), table(satisfaction_table(satisfaction))]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=20, rightMargin=20, topMargin=20,
                      bottomMargin=20).build(story)
    return path
