"""The Reports page on a real store: the figures a manager reads match what happened, exports hold them too."""

from __future__ import annotations

from collections import Counter as Tally
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pypdfium2 as pdfium
import pytest
from PySide6.QtWidgets import QPushButton

from admin.reports.qt_reports import QtReportsPage, preset_range
from db.store.reports import DossierReport, QueueReport
from ui.runner import Runner

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONTH = (date(2026, 11, 1), date(2026, 11, 25))
# day, hh:mm issued, field, counter, what became of it (a citizen's answer when served, "no_show", "waiting")
TICKETS = [(24, "07:40", "A", 1, 3), (24, "08:05", "B", 3, 2), (24, "08:20", "B", 3, "no_show"),
           (24, "10:15", "G", 3, 3), (24, "14:30", "A", 1, 1), (25, "08:10", "A", 1, None),
           (25, "08:45", "B", 3, 3), (25, "08:50", "G", 3, "waiting"), (25, "08:55", "B", 3, "waiting")]
KET_HON, KHAI_SINH, CAP_DOI = "1.000894.000.00.00.H10", "1.001193.000.00.00.H10", "1.004193.000.00.00.H10"
# received Monday 23rd at hh:mm; resolved that many hours after the due moment (None: still open)
DOSSIERS = [(KET_HON, "08:30", -24), (KET_HON, "09:00", 0), (KET_HON, "09:30", 3), (CAP_DOI, "10:00", None),
            (KHAI_SINH, "08:15", None), (KET_HON, "10:30", 48)]  # the last one is resolved after the 25th


def at(day: int, hhmm: str) -> datetime:
    return datetime.combine(date(2026, 11, day), time.fromisoformat(hhmm), VN)


def office_week(store, clock) -> dict:
    """The tickets and dossiers above, made through store operations; returns the figures counted here."""
    clerks = {1: store.login("lan", "lan12345"), 3: store.login("mai", "mai12345")}
    for number, clerk in clerks.items():
        clerk.queue.open_counter(number)
    dossiers = []
    for procedure, hhmm, _ in DOSSIERS:
        clock.at = at(23, hhmm)
        dossiers.append(clerks[1].dossiers.receive_dossier(procedure=procedure, applicant_name="Ngô Văn Tám"))
    for info, (_, _, late_by) in zip(dossiers, DOSSIERS):
        if late_by is not None:
            clock.at = info.due_at + timedelta(hours=late_by)
            dossiers[dossiers.index(info)] = clerks[1].dossiers.mark_resolved(info.code)
    for day, hhmm, prefix, counter, outcome in TICKETS:
        clock.at = at(day, hhmm)
        store.queue.issue_ticket(prefix)
        if outcome == "waiting":
            continue
        clock.advance(minutes=4)
        ticket = clerks[counter].queue.call_next(counter)
        if outcome == "no_show":
            clerks[counter].queue.mark_no_show(counter)
            continue
        clerks[counter].queue.start_serving(counter)
        clock.advance(minutes=7)
        clerks[counter].queue.finish(counter)
        if outcome:
            clerks[counter].queue.record_rating(ticket.id, outcome)
    clock.at = at(25, "16:00")
    return expected(dossiers)


def expected(dossiers) -> dict:
    end = datetime.combine(MONTH[1] + timedelta(days=1), time.min, VN)
    resolved = [d for d in dossiers if d.resolved_at and d.resolved_at < end]
    early = sum(d.resolved_at.astimezone(VN).date() < d.due_at.astimezone(VN).date() for d in resolved)
    late = sum(d.resolved_at > d.due_at for d in resolved)
    still_open = [d for d in dossiers if d not in resolved]
    answers = [t[4] for t in TICKETS if isinstance(t[4], int)]
    return {
        "issued": len(TICKETS), "no_show": sum(t[4] == "no_show" for t in TICKETS),
        "served": sum(t[4] not in ("no_show", "waiting") for t in TICKETS),
        "by_field": dict(Tally(t[2] for t in TICKETS)), "by_counter": dict(Tally(str(t[3]) if t[4] != "waiting" else "" for t in TICKETS)),
        "by_hour": Tally(int(t[1][:2]) for t in TICKETS),
        "outcomes": [early, len(resolved) - early - late, late, sum(d.due_at >= end for d in still_open),
                     sum(d.due_at < end for d in still_open)],
        "answers": [answers.count(3), answers.count(2), answers.count(1)],
        "codes": [d.code for d in sorted(dossiers, key=lambda d: d.received_at)],  # the ledger's order
    }


@pytest.fixture
def page_on(qtbot):
    """page_on(store) → the Reports page in a window, its messages kept in `page.messages`."""
    runners = []

    def make(store) -> QtReportsPage:
        runner = Runner()
        runners.append(runner)
        page = QtReportsPage(runner, store)
        page.messages = []
        page.sig_message.connect(lambda text, error: page.messages.append((text, error)))
        qtbot.addWidget(page)
        page.resize(1300, 800)
        page.show()
        return page

    yield make
    for runner in runners:
        runner.wait()


def shown(qtbot, page, **choice) -> None:
    """Choose (or first open) the report and wait for its answer."""
    page.choose(**choice) if choice else page.refresh()
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)


def column(page, header: str) -> list:
    c = page.model.headers.index(header)
    return [row[c] for row in page.model.rows]


def test_tables_and_charts_show_what_the_office_did(qtbot, page_on, demo_store, clock):
    want = office_week(demo_store, clock)
    page = page_on(demo_store.as_user("quanly"))
    shown(qtbot, page)
    assert (page.start.date().toPython(), page.end.date().toPython()) == MONTH  # this month, to today
    assert isinstance(page.report, QueueReport) and page.model.bold_rows == {len(page.model.rows) - 1}
    assert page.model.rows[-1][1:5] == ["Toàn cơ quan", want["issued"], want["served"], want["no_show"]]
    assert dict(zip(column(page, "Mã")[:-1], column(page, "Đã cấp")[:-1])) == want["by_field"]
    hours = range(min(want["by_hour"]), max(want["by_hour"]) + 1)
    assert page.chart.categories() == [f"{h}h" for h in hours]
    assert page.chart.values() == {"Số phiếu": [float(want["by_hour"][h]) for h in hours]}
    assert page.status.text().endswith("9 phiếu đã cấp · 6 đã phục vụ · 1 vắng mặt")

    shown(qtbot, page, by="counter")
    assert dict(zip(column(page, "Mã")[:-1], column(page, "Đã cấp")[:-1])) == want["by_counter"]
    assert column(page, "Tên")[-2] == "Chưa gọi"  # the tickets no counter called: a labelled row, last

    shown(qtbot, page, kind="dossiers")
    assert isinstance(page.report, DossierReport) and page.grouping.currentData() == "field"
    assert want["outcomes"] == [1, 1, 1, 1, 2]  # as planned: the one resolved on the 26th was overdue
    assert page.chart.values() == {"Hồ sơ": [float(v) for v in want["outcomes"]]}
    assert page.model.rows[-1][2] == len(DOSSIERS)

    shown(qtbot, page, kind="satisfaction")
    assert page.model.rows[-1][2:6] == [*want["answers"], sum(want["answers"])]
    assert page.chart.categories() == ["Quầy 1", "Quầy 3"]
    assert [sum(v) for v in page.chart.values().values()] == want["answers"]

    shown(qtbot, page, kind="ledger")
    assert column(page, "Mã hồ sơ") == want["codes"] and not page.grouping.isEnabled()
    assert column(page, "Ngày nhận")[0] == "23/11/2026 08:15"
    assert page.messages == []


def test_exports_hold_the_same_numbers_and_cancel_leaves_nothing(qtbot, page_on, sqlite_demo_store, clock,
                                                                  tmp_path):
    want = office_week(sqlite_demo_store, clock)
    page = page_on(sqlite_demo_store.as_user("quanly"))
    shown(qtbot, page)
    out = tmp_path / "out"
    out.mkdir()

    page.export_to(out / "queue.xlsx")
    qtbot.waitUntil(lambda: not page.exporting, timeout=10_000)
    assert page.messages[-1] == (f"Đã xuất báo cáo: {out / 'queue.xlsx'}", False)
    rows = list(openpyxl.load_workbook(out / "queue.xlsx")["Hàng chờ"].iter_rows(values_only=True))
    assert rows[-1][1:5] == ("Toàn cơ quan", want["issued"], want["served"], want["no_show"])

    page.export_to(out / "all.pdf", all_kinds=True)
    qtbot.waitUntil(lambda: not page.exporting, timeout=10_000)
    pdf = (out / "all.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    text = "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(pdf))
    assert sqlite_demo_store.office().name in text and want["codes"][0] in text

    page.export_to(out / "cancelled.pdf", all_kinds=True)
    page.export_to(out / "second.xlsx")  # one export at a time
    assert page.messages[-1] == ("Đang xuất một báo cáo: chờ xong hoặc bấm Hủy.", True)
    page.export_job.dialog.findChild(QPushButton).click()  # Cancel, while the reports are being computed
    qtbot.waitUntil(lambda: not page.exporting, timeout=10_000)
    assert page.messages[-1] == ("Đã hủy; chưa ghi gì.", True)
    assert sorted(p.name for p in out.iterdir()) == ["all.pdf", "queue.xlsx"]

    blocker = out / "queue.xlsx"
    page.export_to(blocker / "inside-a-file.xlsx")
    qtbot.waitUntil(lambda: not page.exporting, timeout=10_000)
    assert page.messages[-1][1] and page.messages[-1][0].startswith("Không ghi được tệp")


def test_refusals_are_said_in_vietnamese(qtbot, page_on, sqlite_demo_store):
    clerk_page = page_on(sqlite_demo_store.login("lan", "lan12345"))
    shown(qtbot, clerk_page)
    assert clerk_page.messages[-1][1] and "không có quyền" in clerk_page.messages[-1][0]
    assert clerk_page.model.rows == [] and clerk_page.status.text() == "Không lập được báo cáo."

    page = page_on(sqlite_demo_store.as_user("quanly"))
    shown(qtbot, page)
    shown(qtbot, page, start=date(2026, 11, 20), end=date(2026, 11, 10))
    assert page.messages[-1] == ("Ngày kết thúc trước ngày bắt đầu.", True)


def test_a_newer_choice_supersedes_the_older_and_presets_follow_the_office_calendar(qtbot, page_on,
                                                                                    sqlite_demo_store):
    page = page_on(sqlite_demo_store.as_user("quanly"))
    shown(qtbot, page)
    page.choose(kind="satisfaction")
    assert page.status.text() == "Đang tính…"
    shown(qtbot, page, kind="dossiers", start=date(2026, 10, 1))
    page.runner.wait()
    qtbot.wait(50)  # let any late answer arrive: it must be dropped
    assert isinstance(page.report, DossierReport) and page.report.start == date(2026, 10, 1)
    assert page.model.headers[2] == "Tiếp nhận"
    for preset, start in (("today", date(2026, 11, 25)), ("quarter", date(2026, 10, 1)), ("year", date(2026, 1, 1))):
        page.choose_preset(preset)
        qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
        assert (page.report.start, page.report.end) == (start, date(2026, 11, 25)) == preset_range(preset, page.today)
