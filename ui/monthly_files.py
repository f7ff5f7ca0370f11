"""Biểu II.06a as a table, an XLSX sheet with its two-level heading, and PDF pages. No Qt.

The columns follow the form of Thông tư 01/2018/TT-VPCP (Biểu II.06a); the
last columns add what the office also needs to see: dossiers waiting for the
citizen's papers, and the shares QĐ 766/QĐ-TTg's "tiến độ giải quyết" group
is judged on.
"""

from __future__ import annotations

from pathlib import Path

from core.i18n import N_, tr
from db.errors import Progress, keep_going
from db.store.monthly import MonthlyReport, MonthlyRow

# (group heading, column heading); the group spans its columns in the files
COLUMNS = (
    ("", N_("STT")), ("", N_("Lĩnh vực")),
    (N_("Số hồ sơ nhận giải quyết"), N_("Tổng số")), (N_("Số hồ sơ nhận giải quyết"), N_("Kỳ trước chuyển qua")),
    (N_("Số hồ sơ nhận giải quyết"), N_("Mới tiếp nhận trực tuyến")),
    (N_("Số hồ sơ nhận giải quyết"), N_("Mới tiếp nhận trực tiếp, bưu chính")),
    (N_("Số hồ sơ đã giải quyết"), N_("Tổng số")), (N_("Số hồ sơ đã giải quyết"), N_("Trả trước hạn")),
    (N_("Số hồ sơ đã giải quyết"), N_("Trả đúng hạn")), (N_("Số hồ sơ đã giải quyết"), N_("Trả quá hạn")),
    (N_("Số hồ sơ đang giải quyết"), N_("Tổng số")), (N_("Số hồ sơ đang giải quyết"), N_("Trong hạn")),
    (N_("Số hồ sơ đang giải quyết"), N_("Quá hạn")), (N_("Số hồ sơ đang giải quyết"), N_("Trong đó chờ bổ sung")),
    (N_("Tiến độ giải quyết (QĐ 766/QĐ-TTg), %"), N_("Giải quyết trước và đúng hạn")),
    (N_("Tiến độ giải quyết (QĐ 766/QĐ-TTg), %"), N_("Đang giải quyết trong hạn")),
    (N_("Tiến độ giải quyết (QĐ 766/QĐ-TTg), %"), N_("Tiếp nhận trực tuyến")),
    (N_("Tiến độ giải quyết (QĐ 766/QĐ-TTg), %"), N_("Trễ hạn có phiếu xin lỗi")),
)


def _pct(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


def _values(index: str, r: MonthlyRow) -> list:
    return [index, r.name or r.key, r.received, r.carried_over, r.new_online, r.new_direct, r.resolved,
            r.resolved_early, r.resolved_on_time, r.resolved_late, r.in_progress, r.open_on_time, r.open_late,
            r.open_supplement, _pct(r.resolved_on_time_rate), _pct(r.in_progress_on_time_rate), _pct(r.online_rate),
            _pct(r.apology_rate)]


def monthly_table(report: MonthlyReport) -> list[list]:
    """One header row ("group: column"), a row per field, the office's total last."""
    head = [f"{tr(g)}: {tr(c)}" if g else tr(c) for g, c in COLUMNS]
    return [head, *(_values(str(i), r) for i, r in enumerate(report.rows, 1)), _values("", report.total)]


def title_lines(report: MonthlyReport) -> list[str]:
    return [tr("Biểu II.06a — Tình hình, kết quả giải quyết thủ tục hành chính"), report.office_name,
            tr("Kỳ báo cáo: từ {start} đến {end}; quá hạn tính đến {judged}", start=f"{report.start:%d/%m/%Y}",
               end=f"{report.end:%d/%m/%Y}", judged=f"{report.judged_at:%d/%m/%Y}")]


def add_monthly_sheet(book, report: MonthlyReport) -> None:
    """Add the Biểu II.06a sheet to an openpyxl workbook: title lines, two heading rows merged like the form."""
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(tr("Biểu II.06a"))
    for line in title_lines(report):
        sheet.append([line])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    top = sheet.max_row + 1
    sheet.append([tr(g) for g, _ in COLUMNS])
    sheet.append([tr(c) for _, c in COLUMNS])
    column = 1
    while column <= len(COLUMNS):  # merge each group over its columns, and a lone heading over both rows
        group = COLUMNS[column - 1][0]
        span = sum(1 for g, _ in COLUMNS[column - 1:] if g == group) if group else 1
        if group:
            sheet.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + span - 1)
        else:
            sheet.cell(top, column, tr(COLUMNS[column - 1][1]))
            sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
        column += span
    for row in sheet.iter_rows(min_row=top, max_row=top + 1):
        for cell in row:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for values in monthly_table(report)[1:]:
        sheet.append(values)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def write_monthly_xlsx(path: Path | str, report: MonthlyReport, progress: Progress | None = None) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    add_monthly_sheet(book, report)
    keep_going(progress, 1, 1)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def append_monthly_xlsx(path: Path | str, report: MonthlyReport) -> None:
    """Add the Biểu II.06a sheet to a workbook already written (the other reports of an export)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    add_monthly_sheet(book, report)
    book.save(path)


def monthly_story(report: MonthlyReport) -> list:
    """The report as reportlab flowables (title, the form's table), to stand alone or follow other reports."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from devices.forms.pdf import register_fonts

    font = register_fonts()
    title = ParagraphStyle("m-title", fontName=font + "-Bold", fontSize=13, leading=17, keepWithNext=1)
    body = ParagraphStyle("m-body", fontName=font, fontSize=7, leading=8.5)
    head = ParagraphStyle("m-head", parent=body, fontName=font + "-Bold", alignment=1)
    lines = title_lines(report)
    rows = [[Paragraph(tr(g), head) if g else Paragraph(tr(c), head) for g, c in COLUMNS],
            [Paragraph(tr(c), head) if g else "" for g, c in COLUMNS]]
    rows += [[Paragraph("" if v is None else str(v).replace(".", ","), body) for v in values]
             for values in monthly_table(report)[1:]]
    style = [("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#DCE4F2")),
             ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#F2F2F2"))]
    column = 0
    while column < len(COLUMNS):
        group = COLUMNS[column][0]
        span = sum(1 for g, _ in COLUMNS[column:] if g == group) if group else 1
        style.append(("SPAN", (column, 0), (column + span - 1, 0)) if group else ("SPAN", (column, 0), (column, 1)))
        column += span
    widths = [22, 110] + [38] * (len(COLUMNS) - 2)
    table = Table(rows, colWidths=widths, repeatRows=2)
    table.setStyle(TableStyle(style))
    return [Paragraph(lines[0], title), Paragraph(lines[1], body), Paragraph(lines[2], body), Spacer(1, 6), table]


def write_monthly_pdf(path: Path | str, report: MonthlyReport, progress: Progress | None = None) -> Path:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=20, rightMargin=20, topMargin=20,
                            bottomMargin=20, title=title_lines(report)[0], author=report.office_name)
    doc.build(monthly_story(report))
    keep_going(progress, 1, 1)
    return path
