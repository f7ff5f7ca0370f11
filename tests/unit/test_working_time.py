"""One working-time model: the office's sessions, our official calendar over `holidays`, due dates never early."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from importlib import resources

import holidays
import pytest

from core.calendar import WorkingCalendar, sessions_from_hours
from core.official import packaged, parse
from db.demo import PROCEDURES

CAL = WorkingCalendar()
RAW = json.loads(resources.files("core").joinpath("official_days_vn.json").read_text("utf-8"))


def test_every_entry_cites_its_document_with_number_or_what_is_unconfirmed():
    official = packaged()
    assert official.years == {2025, 2026, 2027}
    for entry in official.days.values():
        doc = entry.document
        assert doc.issuer and (doc.number or doc.unverified), entry
        assert doc.issued or doc.unverified, entry


def test_the_packages_statutory_days_compared_with_ours():
    """Where `holidays` and our file differ, the difference is one we know and explain in the file."""
    ours = {d for d, o in packaged().days.items() if o.kind == "off"}
    theirs = {d for y in RAW["years"] for d in holidays.country_holidays("VN", years=y)}
    only_ours, only_theirs = sorted(ours - theirs), sorted(theirs - ours)
    # the Government's swap for 2026 New Year (12729/VPCP-KGVX) the package does not carry
    assert only_ours == [date(2026, 1, 2)], f"days off only in our file: {only_ours}"
    assert only_theirs == [], f"days off only in holidays: {only_theirs}"


def test_the_2026_new_year_swap_and_its_make_up_saturday():
    assert not CAL.is_working_day(date(2026, 1, 2))  # Friday, swapped
    assert CAL.working_sessions(date(2026, 1, 10)) == ("am", "pm")  # Saturday worked
    assert "12729/VPCP-KGVX" in CAL.official_day(date(2026, 1, 10)).document.cite()
    # a dossier received Wednesday 31/12/2025 at 09:00 for 2 days skips 1/1, 2/1 and the weekend
    assert CAL.due_date(datetime(2025, 12, 31, 9, 0), 2).due_at == datetime(2026, 1, 6, 11, 30)


def test_tet_2025_runs_from_25_january_to_2_february():
    closed = [d for d in (date(2025, 1, 23) + timedelta(n) for n in range(14)) if not CAL.is_working_day(d)]
    assert closed == [date(2025, 1, 25) + timedelta(n) for n in range(9)]
    assert CAL.day_off_reason(date(2025, 1, 29)) == "Tết Nguyên đán"


def test_an_import_file_with_mistakes_is_refused_whole_with_every_problem_named():
    bad = {"format": "motcua-official-days/1", "years": [2028], "documents": {"X": {"number": "1/TB", "issuer": ""}},
           "days": [{"date": "2028-02-30", "kind": "off", "basis": "statutory", "name": "Tết", "document": "X"},
                    {"date": "2028-03-01", "kind": "work", "basis": "swap", "name": "Làm bù", "document": "Y"}]}
    with pytest.raises(ValueError) as error:
        parse(json.dumps(bad))
    text = str(error.value)
    assert "issuer" in text and "2028-02-30" in text and "không phải thứ Bảy" in text and "“Y”" in text
    with pytest.raises(ValueError, match="JSON"):
        parse("{not json")


def test_a_newer_years_file_replaces_that_year_only():
    newer = parse(json.dumps({"format": "motcua-official-days/1", "years": [2027], "documents": {
        "T": {"number": "99/TB-BNV", "date": "2026-11-20", "issuer": "Bộ Nội vụ"}}, "days": [
        {"date": "2027-02-13", "kind": "work", "basis": "swap", "name": "Làm bù cho thứ Năm 11/02/2027", "document": "T"},
        {"date": "2027-02-11", "kind": "off", "basis": "swap", "name": "Nghỉ Tết (hoán đổi)", "document": "T"}]}))
    cal = WorkingCalendar(official=packaged().merged(newer))
    assert cal.is_working_day(date(2027, 2, 13)) and not cal.is_working_day(date(2027, 2, 11))
    assert cal.is_working_day(date(2027, 2, 8))  # 2027 now has only what the newer file says
    assert not cal.is_working_day(date(2026, 2, 17))  # 2026 untouched


def test_sessions_come_from_the_offices_opening_hours():
    week = sessions_from_hours({"0": [["07:00", "11:00"], ["13:00", "16:30"]], "5": [["07:30", "11:30"]],
                                "2": [["08:00", "17:00"]]})
    cal = WorkingCalendar(week=week)
    assert cal.working_sessions(date(2026, 11, 30)) == ("am", "pm")  # Monday
    assert cal.session_hours(date(2026, 11, 30), "pm") == (time(13), time(16, 30))
    assert cal.working_sessions(date(2026, 12, 1)) == ()  # Tuesday: no hours stored
    assert cal.session_hours(date(2026, 12, 2), "am") == (time(8), time(12))  # a day through noon is split
    assert cal.working_sessions(date(2026, 12, 5)) == ("am",)  # Saturday morning
    assert cal.open_at(datetime(2026, 11, 30, 16, 0)) and not cal.open_at(datetime(2026, 11, 30, 16, 30))
    # Monday 10:50 for half a day: due at the end of Monday's own afternoon, 16:30
    assert cal.due_date(datetime(2026, 11, 30, 10, 50), 0.5).due_at == datetime(2026, 11, 30, 16, 30)


def test_a_receipt_after_the_morning_ended_counts_from_the_afternoon_and_is_never_due_before_it():
    cal = WorkingCalendar(week=sessions_from_hours({str(d): [["07:00", "11:00"], ["13:00", "17:00"]]
                                                   for d in range(5)}))
    result = cal.due_date(datetime(2026, 11, 30, 11, 40), 0)
    assert result.received_off_session and result.due_at == datetime(2026, 11, 30, 17, 0)


def _independent_working_days() -> set[date]:
    """Working days of 2026–2027 straight from the data file and the weekday, without the calendar's code."""
    off = {date.fromisoformat(r["date"]) for r in RAW["days"] if r["kind"] == "off"}
    work = {date.fromisoformat(r["date"]) for r in RAW["days"] if r["kind"] == "work"}
    first = date(2026, 1, 1)
    return {d for d in (first + timedelta(n) for n in range(730)) if (d.weekday() < 5 and d not in off) or d in work}


@pytest.mark.slow
def test_year_sweep_every_working_minute_of_2026_each_procedure_length():
    """No appointment before its receipt; whole working days between them agree with an independent count."""
    working = _independent_working_days()
    ordered = sorted(working)
    position = {d: i for i, d in enumerate(ordered)}
    lengths = sorted({p[3] for p in PROCEDURES})
    cal = WorkingCalendar()
    checked = 0
    day = date(2026, 1, 1)
    while day.year == 2026:
        assert cal.is_working_day(day) == (day in working), day
        for session in cal.working_sessions(day):
            start, end = cal.session_hours(day, session)
            minute = datetime.combine(day, start)
            while minute < datetime.combine(day, end):
                after_cutoff = minute.time() >= cal.cutoff
                for n in lengths:
                    due, counted_from, late, _ = cal.due_at(minute, n)
                    assert due > minute, (minute, n, due)
                    # the count starts the next working day after the cut-off, else in this session
                    first_day = ordered[position[day] + 1] if after_cutoff else day
                    first_half = "am" if after_cutoff else session
                    whole = n if n == int(n) else (n - 0.5 if first_half == "am" else n + 0.5)
                    assert ordered[position[first_day] + int(whole)] == due.date(), (minute, n, due)
                    assert late == after_cutoff
                    checked += 1
                minute += timedelta(minutes=1)
        day += timedelta(days=1)
    assert checked > 1_000_000
