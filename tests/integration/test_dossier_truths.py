"""Paperwork and reports that never mislead, and the kiosk asking the same working time (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, update

from db.errors import InvalidInput, InvalidState, PermissionDenied, ServiceClosed
from db.models import Dossier, DossierSequence

VN = ZoneInfo("Asia/Ho_Chi_Minh")
KET_HON = "1.000894.000.00.00.H10"  # 1 working day
NOV, DEC = date(2026, 11, 1), date(2026, 12, 31)


def receive(clerk, **extra):
    return clerk.dossiers.receive_dossier(**{"procedure": KET_HON, "applicant_name": "Nguyễn Văn An", **extra})


def test_overdue_means_past_due_at_the_moment_of_the_report(clerk, manager, clock):
    receive(clerk)  # Wednesday 25/11 09:00, due Thursday 26/11 11:30
    report = manager.reports.dossier_report(NOV, DEC)  # the range ends in the future
    assert (report.total.open_not_due, report.total.open_overdue) == (1, 0)
    clock.set(2026, 11, 26, 11, 31)
    report = manager.reports.dossier_report(NOV, DEC)
    assert (report.total.open_not_due, report.total.open_overdue) == (0, 1)
    # a past range still judges at its own end: on 25/11 the dossier was not yet due
    assert manager.reports.dossier_report(NOV, date(2026, 11, 25)).total.open_overdue == 0


def test_waiting_for_the_citizens_papers_is_its_own_line_not_overdue(clerk, manager, clock):
    code = receive(clerk).code
    clerk.dossiers.request_supplement(code, ["Bản sao Giấy khai sinh"])
    clock.set(2026, 12, 10, 9, 0)
    total = manager.reports.dossier_report(NOV, DEC).total
    assert (total.open_supplement, total.open_overdue, total.open_not_due) == (1, 0, 0)
    assert clerk.dossiers.overdue() == []
    assert clerk.dossiers.dossier(code).history[-1].note.startswith("Hồ sơ chưa đầy đủ")  # the form's reason


def test_a_refused_dossier_has_no_appointment_in_the_ledger(clerk, manager):
    refused = clerk.dossiers.refuse_dossier(procedure=KET_HON, applicant_name="Trần Thị Bé", reason="Không thuộc thẩm quyền")
    received = receive(clerk)
    lines = {line.code: line for line in manager.reports.dossier_ledger(NOV, DEC)}
    assert lines[refused.code].due_at is None and lines[received.code].due_at == received.due_at


def test_one_apology_per_delay_on_a_working_time_of_the_office(clerk, manager, clock):
    code = receive(clerk).code
    clock.set(2026, 11, 27, 9, 0)
    with pytest.raises(InvalidInput) as sunday:
        clerk.dossiers.issue_apology(code, datetime(2026, 12, 6, 9, 1, tzinfo=VN), "Chờ xác minh")
    assert "Chủ nhật" in str(sunday.value) and clerk.dossiers.dossier(code).apology_count == 0
    with pytest.raises(InvalidInput):
        clerk.dossiers.issue_apology(code, datetime(2026, 12, 7, 12, 15), "Chờ xác minh")  # naive = office time: lunch
    first = clerk.dossiers.issue_apology(code, datetime(2026, 12, 7, 9, 1), "Chờ xác minh")
    assert first.due_at == datetime(2026, 12, 7, 9, 1, tzinfo=VN) and first.apology_count == 1
    with pytest.raises(InvalidState):  # the second press
        clerk.dossiers.issue_apology(code, datetime(2026, 12, 8, 9, 0, tzinfo=VN), "Chờ xác minh")
    assert clerk.dossiers.dossier(code).apology_count == 1
    assert manager.reports.dossier_report(NOV, DEC).total.apologies == 1
    clock.set(2026, 12, 7, 14, 0)  # the promised date missed too: a new delay, a new apology
    assert clerk.dossiers.issue_apology(code, datetime(2026, 12, 9, 9, 0, tzinfo=VN), "Chờ ký").apology_count == 2


def test_the_dossier_code_has_exactly_four_digits_and_a_clear_error_past_9999(clerk, demo_store):
    first = receive(clerk)
    assert first.code.endswith("-261125-0001")
    with demo_store.engine.begin() as connection:
        connection.execute(update(DossierSequence).values(last_seq=9999))
    with pytest.raises(InvalidInput) as error:
        receive(clerk)
    assert "9.999" in str(error.value)
    with demo_store.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Dossier)).scalar_one() == 1
        assert connection.execute(select(DossierSequence.last_seq)).scalar_one() == 9999


def test_a_naive_receipt_time_is_office_time(clerk):
    naive = clerk.dossiers.preview_due_date(KET_HON, datetime(2026, 11, 25, 15, 30))
    aware = clerk.dossiers.preview_due_date(KET_HON, datetime(2026, 11, 25, 15, 30, tzinfo=VN))
    assert naive.due_at == aware.due_at == datetime(2026, 11, 27, 11, 30, tzinfo=VN)


def test_the_kiosk_is_closed_on_tet_and_says_why(demo_store, clock):
    clock.set(2027, 2, 8, 9, 0)  # mùng ba Tết Đinh Mùi, a Monday
    status = demo_store.calendar.opening_status()
    assert not status.open and status.reason == "Mùng ba Tết Nguyên đán"
    assert status.next_opening == datetime(2027, 2, 11, 7, 30, tzinfo=VN)
    with pytest.raises(ServiceClosed):
        demo_store.queue.issue_ticket("A", respect_hours=True)
    clock.set(2026, 11, 25, 9, 0)
    assert demo_store.calendar.opening_status().open and demo_store.calendar.opening_status().reason is None


def test_the_offices_saturday_hours_govern_kiosk_and_due_dates_alike(manager, demo_store, clerk, clock):
    hours = {str(d): [["07:30", "11:30"], ["13:30", "17:00"]] for d in range(5)} | {"5": [["07:30", "11:30"]]}
    manager.setup.update_office(opening_hours=hours)
    clock.set(2026, 11, 28, 9, 0)  # Saturday
    assert demo_store.calendar.opening_status().open
    due = receive(clerk).due_at  # two sessions after Saturday morning: Monday's morning and afternoon
    assert due == datetime(2026, 11, 30, 17, 0, tzinfo=VN) and due > clock()
    clock.set(2026, 11, 28, 14, 0)
    assert not demo_store.calendar.opening_status().open


def test_a_newer_official_calendar_is_previewed_then_imported_whole(manager, demo_store, clock):
    newer = {"format": "motcua-official-days/1", "years": [2027], "documents": {
        "T": {"number": "1/TB-BNV", "date": "2026-11-20", "issuer": "Bộ Nội vụ"}}, "days": [
        {"date": "2027-02-11", "kind": "off", "basis": "swap", "name": "Nghỉ Tết (hoán đổi)", "document": "T"},
        {"date": "2027-02-20", "kind": "work", "basis": "swap", "name": "Làm bù cho 11/02/2027", "document": "T"}]}
    preview = manager.calendar.preview_official_calendar(json.dumps(newer))
    assert [y.year for y in preview.years] == [2027] and preview.years[0].replaces == "package"
    assert preview.documents == ("1/TB-BNV, 20/11/2026, Bộ Nội vụ",)
    assert demo_store.calendar.calendar().is_working_day(date(2027, 2, 11))  # a preview writes nothing
    bad = dict(newer, days=[*newer["days"], {"date": "2027-03-01", "kind": "work", "basis": "swap",
                                             "name": "x", "document": "T"}])
    with pytest.raises(InvalidInput):
        manager.calendar.import_official_calendar(json.dumps(bad))  # a Monday "make-up day": the whole file refused
    assert demo_store.calendar.calendar().is_working_day(date(2027, 2, 11))
    manager.calendar.import_official_calendar(json.dumps(newer))
    calendar = demo_store.calendar.calendar()
    assert not calendar.is_working_day(date(2027, 2, 11)) and calendar.is_working_day(date(2027, 2, 20))
    assert calendar.holiday_name(date(2027, 2, 11)) == "Nghỉ Tết (hoán đổi)"
    with pytest.raises(PermissionDenied):
        demo_store.calendar.import_official_calendar(json.dumps(newer))  # the kiosk may not
