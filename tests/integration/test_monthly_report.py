"""Biểu II.06a and the progress indicators over a month of known dossiers (SQLite and PostgreSQL), and its files."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from db.errors import PermissionDenied
from ui.monthly_files import monthly_table, write_monthly_pdf, write_monthly_xlsx

VN = ZoneInfo("Asia/Ho_Chi_Minh")
KET_HON = "1.000894.000.00.00.H10"  # Tư pháp - Hộ tịch (B), 1 working day
BAN_SAO = "2.000908.000.00.00.H10"  # Chứng thực (G), half a day
NOV = (date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def month(demo_store, clock):
    """Seven dossiers, one of each kind the form counts; the report is read on Wednesday 25/11 at 10:00."""
    clerk = demo_store.login("lan", "lan12345")

    def receive(at, procedure=KET_HON, **extra):
        clock.set(*at)
        return clerk.dossiers.receive_dossier(procedure=procedure, applicant_name="Nguyễn Văn An", **extra).code

    receive((2026, 10, 28, 9, 0))  # due 29/10: still open, late
    early = receive((2026, 11, 2, 9, 0), channel_in="online")  # due 3/11 11:30
    clock.set(2026, 11, 2, 16, 0)
    clerk.dossiers.mark_resolved(early)
    on_time = receive((2026, 11, 3, 9, 0), procedure=BAN_SAO)  # due 3/11 17:00, resolved 16:00
    clock.set(2026, 11, 3, 16, 0)
    clerk.dossiers.mark_resolved(on_time)
    late = receive((2026, 11, 4, 9, 0), channel_in="postal")  # due 5/11 11:30
    clock.set(2026, 11, 6, 9, 0)
    clerk.dossiers.issue_apology(late, clock().replace(day=9), "Chờ xác minh")
    clock.set(2026, 11, 10, 9, 0)
    clerk.dossiers.mark_resolved(late)
    receive((2026, 11, 25, 8, 0))  # in progress, due tomorrow
    waiting = receive((2026, 11, 16, 8, 0))
    clerk.dossiers.request_supplement(waiting, ["Bản sao Giấy khai sinh"])
    clock.set(2026, 11, 20, 9, 0)
    clerk.dossiers.refuse_dossier(procedure=KET_HON, applicant_name="Trần Thị Bé", reason="Không thuộc thẩm quyền")
    clock.set(2026, 11, 25, 10, 0)
    return demo_store.login("quanly", "quanly123")


def test_the_form_counts_every_dossier_once(month):
    report = month.reports.monthly_report(*NOV)
    t = report.total
    assert (t.carried_over, t.new_online, t.new_direct) == (1, 1, 4)
    assert (t.resolved_early, t.resolved_on_time, t.resolved_late) == (1, 1, 1)
    assert (t.open_on_time, t.open_late, t.open_supplement) == (2, 1, 1)
    assert t.received == t.resolved + t.in_progress == 6  # the refused one is not received
    assert report.judged_at == date(2026, 11, 25)  # the month has not ended: late as of today
    assert [r.key for r in report.rows] == ["B", "G"]
    assert sum(r.received for r in report.rows) == t.received
    # QĐ 766/QĐ-TTg progress: 2 of 3 resolved on time, 2 of 3 in progress on time, 1 of 5 new online,
    # 1 of the 2 late dossiers (the carried one, the late one) with an apology
    assert (t.resolved_on_time_rate, t.in_progress_on_time_rate, t.online_rate, t.apology_rate) == (
        pytest.approx(2 / 3), pytest.approx(2 / 3), pytest.approx(1 / 5), 0.5)


def test_the_next_month_carries_over_what_is_still_open(month, clock):
    clock.set(2026, 12, 2, 9, 0)
    t = month.reports.monthly_report(date(2026, 12, 1), date(2026, 12, 31)).total
    assert (t.carried_over, t.resolved, t.in_progress) == (3, 0, 3)


def test_only_managers_get_the_form(demo_store):
    with pytest.raises(PermissionDenied):
        demo_store.login("lan", "lan12345").reports.monthly_report(*NOV)


def test_xlsx_and_pdf_hold_the_forms_figures(month, tmp_path):
    report = month.reports.monthly_report(*NOV)
    table = monthly_table(report)
    assert table[-1][2:6] == [6, 1, 1, 4] and table[-1][14] == pytest.approx(66.7)
    sheet = openpyxl.load_workbook(write_monthly_xlsx(tmp_path / "ii06a.xlsx", report)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0].startswith("Biểu II.06a") and "Số hồ sơ nhận giải quyết" in rows[3]
    assert "Kỳ trước chuyển qua" in rows[4] and rows[-1][2:6] == [6, 1, 1, 4]
    assert any(str(r) for r in sheet.merged_cells.ranges)  # the form's two-level heading
    pdf = write_monthly_pdf(tmp_path / "ii06a.pdf", report)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 2000


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf"])
def test_the_reports_page_exports_the_form_as_its_own_file(month, tmp_path, suffix):
    from admin.reports.export import ReportRequest, compute, export_reports, table_rows

    request = ReportRequest("monthly", *NOV, "field")
    rows, with_total = table_rows(compute(month, request))
    assert with_total and rows[-1][1] == "Toàn cơ quan" and rows[-1][2] == 6
    seen, out = [], tmp_path / "out"
    out.mkdir()
    path = export_reports(month, [request], out / f"ii06a{suffix}", lambda d, t: seen.append((d, t)) or True)
    assert seen[-1][0] == seen[-1][1] and list(out.iterdir()) == [path]  # no part file left behind
