"""The working calendar and due dates, checked against the `holidays` package's real Vietnamese data (0.109)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.calendar import Override, WorkingCalendar, business_day, overdue
from core.i18n import set_language

CAL = WorkingCalendar()
VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = ZoneInfo("UTC")


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(n) for n in range((last - first).days + 1)]


def test_tet_2026_is_the_whole_official_break():
    tet = [(d, n) for d, n in CAL.holidays_in(2026) if d.month == 2]
    assert tet == [
        (date(2026, 2, 16), "Giao thừa Tết Nguyên đán"),
        (date(2026, 2, 17), "Tết Nguyên đán"),  # mùng một, a Tuesday
        (date(2026, 2, 18), "Mùng hai Tết Nguyên đán"),
        (date(2026, 2, 19), "Mùng ba Tết Nguyên đán"),
        (date(2026, 2, 20), "Mùng bốn Tết Nguyên đán"),
    ]
    # with the weekends around it: closed Saturday 14 to Sunday 22
    assert [d for d in days(date(2026, 2, 12), date(2026, 2, 24)) if not CAL.is_working_day(d)] == days(
        date(2026, 2, 14), date(2026, 2, 22))


def test_tet_2027_runs_from_29_tet_to_mung_nam():
    assert CAL.holiday_name(date(2027, 2, 6)) == "Tết Nguyên đán"  # a Saturday
    assert CAL.holiday_name(date(2027, 2, 4)).startswith("Nghỉ Tết Nguyên đán")
    assert CAL.holiday_name(date(2027, 2, 10)).startswith("Nghỉ Tết Nguyên đán")
    assert [d for d in days(date(2027, 2, 1), date(2027, 2, 14)) if not CAL.is_working_day(d)] == [
        *days(date(2027, 2, 4), date(2027, 2, 10)), date(2027, 2, 13), date(2027, 2, 14)]


def test_national_day_has_its_adjacent_day():
    assert CAL.holiday_name(date(2025, 9, 1)) == "Quốc khánh (ngày liền kề)"  # Monday
    assert CAL.holiday_name(date(2026, 9, 1)) == "Quốc khánh (ngày liền kề)"  # Tuesday
    assert CAL.holiday_name(date(2027, 9, 3)) == "Quốc khánh (ngày liền kề)"  # Friday: the adjacent day is after in 2027
    assert CAL.is_working_day(date(2027, 9, 1)) and not CAL.is_working_day(date(2027, 9, 3))


def test_a_weekend_holiday_gets_its_make_up_day():
    assert date(2026, 4, 26).weekday() == 6 and CAL.holiday_name(date(2026, 4, 26)) == "Giỗ Tổ Hùng Vương"
    assert CAL.holiday_name(date(2026, 4, 27)) == "Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert date(2027, 5, 1).weekday() == 5
    assert CAL.holiday_name(date(2027, 5, 3)) == "Ngày Quốc tế Lao động (nghỉ bù)"
    assert not CAL.is_working_day(date(2027, 5, 3)) and CAL.next_working_day(date(2027, 4, 30)) == date(2027, 5, 4)


def test_public_sector_swaps_make_the_named_saturday_a_working_day():
    assert CAL.holiday_name(date(2025, 5, 2)) == "Ngày nghỉ (thay cho thứ Bảy 26/04/2025)"
    assert CAL.working_sessions(date(2025, 4, 26)) == ("am", "pm")
    assert CAL.holiday_name(date(2026, 8, 31)) == "Ngày nghỉ (thay cho thứ Bảy 22/08/2026)"
    assert CAL.is_working_day(date(2026, 8, 22)) and not CAL.is_working_day(date(2026, 8, 29))
    # the Saturday worked can lie in the neighbouring year
    assert CAL.is_working_day(date(2014, 12, 27))  # for Friday 02/01/2015
    assert CAL.is_working_day(date(2019, 1, 5))  # for Monday 31/12/2018
    assert CAL.next_working_day(date(2018, 12, 28)) == date(2019, 1, 2)  # 29–30 weekend, 31 swap, 1/1


def test_office_overrides_a_day_off_a_working_saturday_and_a_half_day():
    cal = WorkingCalendar([
        Override(date(2026, 12, 31), "off", note="Nghỉ tổng kết năm"),
        Override(date(2026, 12, 5), "work", note="Làm bù"),
        Override(date(2026, 12, 7), "off", session="pm", note="Họp cơ quan"),
        Override(date(2026, 11, 24), "work", note="Trực Ngày Văn hóa"),
    ])
    assert not cal.is_working_day(date(2026, 12, 31)) and cal.day_off_reason(date(2026, 12, 31)) == "Nghỉ tổng kết năm"
    assert cal.working_sessions(date(2026, 12, 5)) == ("am", "pm") and CAL.working_sessions(date(2026, 12, 5)) == ()
    assert cal.working_sessions(date(2026, 12, 7)) == ("am",)
    assert cal.is_working_day(date(2026, 11, 24)) and not CAL.is_working_day(date(2026, 11, 24))
    listed = dict(cal.holidays_in(2026))
    assert listed[date(2026, 12, 31)] == "Nghỉ tổng kết năm"
    assert listed[date(2026, 12, 7)] == "Họp cơ quan (buổi chiều)"
    assert date(2026, 11, 24) not in listed and date(2026, 12, 5) not in listed
    # Friday 04/12 09:00, 2 days: Fri pm, Sat 05/12 worked am and pm, due Monday morning
    assert cal.due_date(datetime(2026, 12, 4, 9, 0), 2).due_at == datetime(2026, 12, 7, 11, 30)
    assert CAL.due_date(datetime(2026, 12, 4, 9, 0), 2).due_at == datetime(2026, 12, 8, 11, 30)
    # Monday 07/12 09:00, half a day: the afternoon is off, so Tuesday morning, and the clerk is told why
    result = cal.due_date(datetime(2026, 12, 7, 9, 0), 0.5)
    assert result.due_at == datetime(2026, 12, 8, 11, 30)
    assert result.skipped == ((date(2026, 12, 7), "Họp cơ quan (buổi chiều)"),)


@pytest.mark.parametrize("received, n, due", [
    (datetime(2026, 11, 30, 9, 0), 1, datetime(2026, 12, 1, 11, 30)),     # Monday morning, 1 day
    (datetime(2026, 11, 30, 14, 0), 0.5, datetime(2026, 12, 1, 11, 30)),  # Monday afternoon, half a day
    (datetime(2026, 11, 30, 9, 0), 0.5, datetime(2026, 11, 30, 17, 0)),   # the same afternoon
    (datetime(2026, 11, 30, 9, 0), 2.5, datetime(2026, 12, 2, 17, 0)),    # Wednesday afternoon
    (datetime(2026, 11, 30, 9, 0), 0, datetime(2026, 11, 30, 11, 30)),    # on the spot
    (datetime(2026, 11, 30, 12, 0), 0, datetime(2026, 11, 30, 17, 0)),    # noon is the afternoon
    (datetime(2026, 12, 4, 10, 0), 3, datetime(2026, 12, 9, 11, 30)),     # over a weekend
    (datetime(2026, 11, 23, 9, 0), 1, datetime(2026, 11, 25, 11, 30)),    # 24/11 Ngày Văn hóa Việt Nam
    (datetime(2026, 2, 13, 10, 0), 1, datetime(2026, 2, 23, 11, 30)),     # over Tết 2026
])
def test_due_dates(received, n, due):
    assert CAL.due_date(received, n).due_at == due


def test_received_friday_1530_before_a_monday_holiday():
    """Fri 24/04/2026 15:30 is after the cut-off; Sun 26/04 is Giỗ Tổ, Mon 27/04 its make-up day."""
    result = CAL.due_date(datetime(2026, 4, 24, 15, 30), 1)
    assert result.after_cutoff
    assert result.counted_from == datetime(2026, 4, 28, 7, 30)
    assert result.due_at == datetime(2026, 4, 29, 11, 30)
    assert result.explain() == [
        "Nhận sau 15:00: tính từ ngày làm việc tiếp theo 28/04/2026.",
        "Bỏ qua 25/04/2026: Thứ Bảy",
        "Bỏ qua 26/04/2026: Giỗ Tổ Hùng Vương",
        "Bỏ qua 27/04/2026: Giỗ Tổ Hùng Vương (nghỉ bù)",
        "Hẹn trả: 11:30 29/04/2026",
    ]
    # two days run into 30/4–1/5 and the weekend after: due Monday 04/05 at 11:30
    longer = CAL.due_date(datetime(2026, 4, 24, 15, 30), 2)
    assert longer.due_at == datetime(2026, 5, 4, 11, 30)
    assert [d for d, _ in longer.skipped][3:] == days(date(2026, 4, 30), date(2026, 5, 3))
    assert "Bỏ qua 30/04/2026: Ngày Chiến thắng (30/4)" in longer.explain()
    # a minute before the cut-off it counts from Friday afternoon: due Tuesday afternoon
    early = CAL.due_date(datetime(2026, 4, 24, 14, 59), 1)
    assert not early.after_cutoff and early.due_at == datetime(2026, 4, 28, 17, 0)
    assert early.explain()[0] == "Tính từ buổi chiều 24/04/2026."


def test_explain_follows_the_ui_language():
    set_language("en")
    lines = CAL.due_date(datetime(2026, 4, 24, 15, 30), 1).explain()
    assert lines[0] == "Received after 15:00: counted from the next working day, 28/04/2026."
    assert lines[2] == "Skipped 26/04/2026: Hung Kings Commemoration Day"
    assert lines[-1] == "Result due: 11:30 29/04/2026"


def test_received_on_a_day_off_counts_from_the_next_working_morning():
    result = CAL.due_date(datetime(2026, 11, 28, 9, 0), 1)  # Saturday
    assert result.received_on_day_off == "Thứ Bảy" and not result.after_cutoff
    assert result.counted_from == datetime(2026, 11, 30, 7, 30)
    assert result.due_at == datetime(2026, 12, 1, 11, 30)
    assert result.explain()[:2] == ["Nhận vào ngày nghỉ (Thứ Bảy): tính từ ngày làm việc tiếp theo 30/11/2026.",
                                    "Bỏ qua 29/11/2026: Chủ nhật"]


def test_an_office_open_on_saturday_mornings():
    cal = WorkingCalendar(saturday_morning=True)
    assert cal.working_sessions(date(2026, 11, 28)) == ("am",)
    # Friday after the cut-off counts from Saturday morning: Monday am and pm
    assert cal.due_date(datetime(2026, 11, 27, 15, 30), 1).due_at == datetime(2026, 11, 30, 17, 0)
    afternoon = cal.due_date(datetime(2026, 11, 28, 14, 0), 0.5)  # Saturday afternoon: not worked
    assert afternoon.received_off_session and afternoon.due_at == datetime(2026, 11, 30, 17, 0)
    assert afternoon.explain()[0] == "Nhận ngoài buổi làm việc: tính từ buổi sáng 30/11/2026."


def test_aware_times_are_office_time_and_come_back_in_their_zone():
    received = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
    due = CAL.due_date(received, 1).due_at
    assert due.tzinfo is UTC and due == datetime(2026, 12, 1, 4, 30, tzinfo=UTC)
    late = CAL.due_date(datetime(2026, 4, 24, 8, 30, tzinfo=UTC), 1)  # 15:30 in Hà Nội
    assert late.after_cutoff and late.counted_from == datetime(2026, 4, 28, 0, 30, tzinfo=UTC)
    assert late.explain()[-1] == "Hẹn trả: 11:30 29/04/2026"  # the clerk reads office time
    # 18:00 UTC on Sunday is already 01:00 Monday in the office
    assert CAL.due_date(datetime(2026, 11, 29, 18, 0, tzinfo=UTC), 0.5).due_at.astimezone(VN) == datetime(
        2026, 11, 30, 17, 0, tzinfo=VN)


def test_a_later_cutoff_is_respected():
    cal = WorkingCalendar(cutoff=time(16, 0))
    result = cal.due_date(datetime(2026, 11, 30, 15, 30), 0.5)
    assert not result.after_cutoff and result.due_at == datetime(2026, 12, 1, 11, 30)
    assert CAL.due_date(datetime(2026, 11, 30, 15, 30), 0.5).due_at == datetime(2026, 12, 1, 17, 0)


@pytest.mark.parametrize("n", [1.3, -1])
def test_days_must_be_whole_or_half(n):
    with pytest.raises(ValueError):
        CAL.due_date(datetime(2026, 11, 30, 9, 0), n)


def test_days_left_and_overdue():
    due = datetime(2026, 12, 2, 11, 30, tzinfo=VN)  # 2 days from Monday 30/11 09:00
    assert CAL.working_days_left(due, datetime(2026, 11, 30, 9, 0, tzinfo=VN)) == 2
    assert CAL.working_days_left(due, datetime(2026, 12, 2, 8, 0)) == 0  # due this morning; naive = office
    assert CAL.working_days_left(due, datetime(2026, 12, 2, 12, 0, tzinfo=VN)) == 0 and overdue(
        due, datetime(2026, 12, 2, 12, 0, tzinfo=VN))
    assert CAL.working_days_left(due, datetime(2026, 12, 2, 13, 30, tzinfo=VN)) == -0.5
    assert CAL.working_days_left(due, datetime(2026, 12, 4, 9, 0, tzinfo=VN)) == -2
    assert CAL.working_days_left(due, datetime(2026, 12, 7, 8, 0, tzinfo=VN)) == -3  # the weekend is not counted
    assert not overdue(due, datetime(2026, 12, 2, 4, 30, tzinfo=UTC)) and overdue(due, datetime(2026, 12, 2, 11, 31))


@pytest.mark.parametrize("received, n", [
    (datetime(2026, 11, 30, 9, 0), 1), (datetime(2026, 11, 30, 14, 0), 2.5), (datetime(2026, 4, 29, 10, 0), 3)])
def test_days_left_at_receipt_equals_the_days_given(received, n):
    assert CAL.working_days_left(CAL.due_date(received, n).due_at, received) == n


def test_business_day_is_the_office_date():
    assert business_day(datetime(2026, 11, 25, 17, 30, tzinfo=UTC)) == date(2026, 11, 26)
    assert business_day(datetime(2026, 11, 25, 16, 59, tzinfo=UTC)) == date(2026, 11, 25)
    assert business_day(datetime(2026, 11, 25, 23, 59)) == date(2026, 11, 25)
