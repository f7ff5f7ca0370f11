"""The manager's export job on SQLite and PostgreSQL: progress only goes forward, cancel leaves no file."""

from __future__ import annotations

from datetime import date

import openpyxl
import pypdfium2 as pdfium
import pytest

from admin.reports.export import GROUPINGS, ExportFailed, ReportRequest, export_reports
from db.errors import Cancelled, InvalidInput, PermissionDenied

NOV = (date(2026, 11, 1), date(2026, 11, 30))
ALL = [ReportRequest(kind, *NOV, GROUPINGS[kind][0]) for kind in GROUPINGS]


@pytest.fixture
def manager(demo_store, clock):
    """A morning at counter 3: two tickets served (one rated), one dossier received, one ticket waiting."""
    mai = demo_store.login("mai", "mai12345")
    mai.queue.open_counter(3)
    for _ in range(3):
        demo_store.queue.issue_ticket("B")
    for score in (3, None):
        ticket = mai.queue.call_next(3)
        mai.queue.start_serving(3)
        clock.advance(minutes=6)
        mai.queue.finish(3)
        if score:
            mai.queue.record_rating(ticket.id, score)
    code = mai.dossiers.receive_dossier(procedure="1.000894.000.00.00.H10", applicant_name="Lê Thị Hạnh").code
    return demo_store.as_user("quanly"), code


@pytest.fixture
def out(tmp_path):
    """An empty folder for the files (the SQLite database sits in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def steps_of(manager, path, requests=ALL) -> list[tuple[int, int]]:
    seen = []
    export_reports(manager, requests, path, lambda done, total: seen.append((done, total)) or True)
    return seen


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf"])
def test_progress_goes_forward_to_the_end_and_only_the_file_is_left(manager, out, suffix):
    store, code = manager
    path = out / f"bao-cao{suffix}"
    seen = steps_of(store, path)
    assert seen[0] == (0, 9) and seen[-1] == (9, 9)
    assert all(total == 9 for _, total in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert list(out.iterdir()) == [path]
    if suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["Hàng chờ", "Theo giờ", "Hồ sơ", "Hài lòng", "Sổ theo dõi hồ sơ"]
        queue_total = list(book["Hàng chờ"].iter_rows(values_only=True))[-1]
        assert queue_total[1:5] == ("Toàn cơ quan", 3, 2, 0)
        ledger = list(book["Sổ theo dõi hồ sơ"].iter_rows(values_only=True))
        top = [r[0] for r in ledger].index("Mã hồ sơ")
        assert ledger[top + 1][0] == code and ledger[top + 1][3].strftime("%d/%m %H:%M") == "25/11 09:12"  # office time
        # every sheet says what it is: office, period, grouping, the moment it was made
        made = f"Lập lúc {store.local_now():%H:%M %d/%m/%Y}"
        assert [r[0] for r in ledger[:top]] == [store.office().name, "Báo cáo từ 01/11/2026 đến 30/11/2026", made,
                                                None]
        queue_top = [r[0] for r in book["Hàng chờ"].iter_rows(values_only=True)][:4]
        assert queue_top == [store.office().name, "Báo cáo từ 01/11/2026 đến 30/11/2026", "Nhóm theo: lĩnh vực", made]
        assert list(book["Hài lòng"].iter_rows(values_only=True))[-1][2:] == (1, 0, 0, 1)
    else:
        text = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(path))
        assert "Sổ theo dõi hồ sơ" in text and code in text and "Mức độ hài lòng" in text


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf"])
def test_cancel_at_any_step_leaves_no_file(manager, out, suffix):
    store, _ = manager
    steps = sorted({done for done, _ in steps_of(store, out / f"full{suffix}")})
    (out / f"full{suffix}").unlink()
    assert steps == list(range(10))  # every step is reported: 4 computed, 4 written, moved into place
    for stop_at in steps:
        with pytest.raises(Cancelled):
            export_reports(store, ALL, out / f"bao-cao{suffix}", lambda done, _: done < stop_at)
        assert list(out.iterdir()) == [], f"cancelled at step {stop_at}"


def test_refusals_write_nothing(manager, demo_store, out):
    store, _ = manager
    clerk = demo_store.login("lan", "lan12345")
    with pytest.raises(PermissionDenied):
        export_reports(clerk, ALL[:1], out / "a.xlsx")
    with pytest.raises(InvalidInput, match="Ngày kết thúc trước ngày bắt đầu"):
        export_reports(store, [ReportRequest("queue", NOV[1], NOV[0], "field")], out / "a.xlsx")
    with pytest.raises(InvalidInput):
        export_reports(store, ALL, out / "a.csv")
    with pytest.raises(InvalidInput):
        export_reports(store, [ReportRequest("ledger", *NOV, "clerk")], out / "a.pdf")
    assert list(out.iterdir()) == []
    blocker = out / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ExportFailed, match="Không ghi được tệp"):
        export_reports(store, ALL, blocker / "a.xlsx")
    assert list(out.iterdir()) == [blocker]
