"""The working calendar and due dates, checked against the `holidays` package's real Vietnamese data."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from core.calendar import Override, WorkingCalendar, business_day, working_days_left

CAL = WorkingCalendar()
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def off(*days: date) -> bool:
    return all(not CAL.is_working_day(d) for d in days)


def test_tet_2026_is_the_whole_official_break():
    assert CAL.holiday_name(date(2026, 2, 17)) == "Tết Nguyên Đán"  # mùng một, Tuesday
    assert off(*(date(2026, 2, d) for d in range(14, 23)))  # Sat 14 … Sun 22 (16–20 are Tết)
    assert CAL.is_working_day(date(2026, 2, 13)) and CAL.is_working_day(date(2026, 2, 23))


def test_tet_2027_falls_on_saturday_6_february():
    assert CAL.holiday_name(date(2027, 2, 6)) == "Tết Nguyên Đán"
    assert off(*(date(2027, 2, d) for d in range(4, 11)))  # 29 Tết … mùng năm
    assert CAL.is_working_day(date(2027, 2, 3)) and CAL.is_working_day(date(2027, 2, 11))


def test_national_day_has_its_adjacent_day():
    assert CAL.holiday_name(date(2026, 9, 1)) == "Quốc khánh" and off(date(2026, 9, 1), date(2026, 9, 2))
    assert CAL.holiday_name(date(2027, 9, 3)) == "Quốc khánh"  # in 2027 the adjacent day is 3/9


def test_a_weekend_holiday_gets_its_make_up_day():
    assert date(2026, 4, 26).weekday() == 6  # Giỗ Tổ Hùng Vương on a Sunday
    assert CAL.holiday_name(date(2026, 4, 27)) == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert not CAL.is_working_day(date(2026, 4, 27))


def test_a_public_sector_swap_makes_the_saturday_a_working_day():
    assert CAL.holiday_name(date(2025, 5, 2)) == "Ngày nghỉ (thay cho ngày 26/04/2025)"
    assert CAL.working_sessions(date(2025, 4, 26)) == ("am", "pm")  # Saturday worked instead
    assert CAL.working_sessions(date(2025, 4, 19)) == ()  # an ordinary Saturday


def test_office_overrides_and_half_days():
    cal = WorkingCalendar([
        Override(date(2026, 12, 31), "off", note="Nghỉ tổng kết năm"),
        Override(date(2026, 12, 5), "work", note="Làm bù"),
        Override(date(2026, 12, 7), "off", session="pm", note="Họp cơ quan"),
    ])
    assert not cal.is_working_day(date(2026, 12, 31)) and cal.why_not_working(date(2026, 12, 31)) == "Nghỉ tổng kết năm"
    assert cal.working_sessions(date(2026, 12, 5)) == ("am", "pm")
    assert cal.working_sessions(date(2026, 12, 7)) == ("am",)
    # received Monday 7/12 09:00, half a day: the afternoon is off, so Tuesday morning
    assert cal.due_date(datetime(2026, 12, 7, 9, 0), 0.5).due_at == datetime(2026, 12, 8, 11, 30)
    assert (date(2026, 12, 31), "Nghỉ tổng kết năm") in cal.holidays_in(2026)


@pytest.mark.parametrize("received, days, due", [
    (datetime(2026, 11, 30, 9, 0), 1, datetime(2026, 12, 1, 11, 30)),   # Monday morning, 1 day
    (datetime(2026, 11, 30, 14, 0), 0.5, datetime(2026, 12, 1, 11, 30)),  # Monday afternoon, half a day
    (datetime(2026, 11, 30, 9, 0), 0.5, datetime(2026, 11, 30, 17, 0)),   # the same afternoon
    (datetime(2026, 11, 30, 9, 0), 0, datetime(2026, 11, 30, 11, 30)),    # on the spot
    (datetime(2026, 12, 4, 10, 0), 3, datetime(2026, 12, 9, 11, 30)),     # over a weekend
    (datetime(2026, 11, 23, 9, 0), 1, datetime(2026, 11, 25, 11, 30)),    # 24/11 Ngày Văn hóa Việt Nam
])
def test_due_dates(received, days, due):
    assert CAL.due_date(received, days).due_at == due


def test_received_friday_1530_before_a_monday_holiday():
    """Fri 24/4/2026 15:30, after the cut-off; Mon 27/4 is the make-up day of Giỗ Tổ."""
    result = CAL.due_date(datetime(2026, 4, 24, 15, 30), 1)
    assert result.after_cutoff
    assert result.counted_from == datetime(2026, 4, 28, 7, 30)
    assert result.due_at == datetime(2026, 4, 29, 11, 30)
    assert [d for d, _ in result.skipped] == [date(2026, 4, 25), date(2026, 4, 26), date(2026, 4, 27)]
    lines = result.explain()
    assert lines[0].startswith("Nhận sau giờ chốt") and "28/04/2026" in lines[0]
    assert "Bỏ qua 27/04/2026: Ngày Giỗ Tổ Hùng Vương (nghỉ bù)" in lines
    # a minute before the cut-off it counts from Friday afternoon: due Tuesday afternoon
    assert CAL.due_date(datetime(2026, 4, 24, 14, 59), 1).due_at == datetime(2026, 4, 28, 17, 0)


def test_received_on_a_day_off_counts_from_the_next_working_morning():
    result = CAL.due_date(datetime(2026, 11, 28, 9, 0), 1)  # Saturday
    assert result.received_on_day_off and not result.after_cutoff
    assert result.due_at == datetime(2026, 12, 1, 11, 30)


def test_aware_times_come_back_in_their_zone():
    received = datetime(2026, 11, 30, 2, 0, tzinfo=ZoneInfo("UTC"))  # 09:00 in Hà Nội
    due = CAL.due_date(received, 1).due_at
    assert due.tzinfo == ZoneInfo("UTC") and due.astimezone(VN) == datetime(2026, 12, 1, 11, 30, tzinfo=VN)


def test_a_later_cutoff_is_respected():
    cal = WorkingCalendar(cutoff=time(16, 0))
    assert cal.due_date(datetime(2026, 11, 30, 15, 30), 0.5).due_at == datetime(2026, 12, 1, 11, 30)
    assert not cal.due_date(datetime(2026, 11, 30, 15, 30), 0.5).after_cutoff


def test_days_must_be_whole_or_half():
    with pytest.raises(ValueError):
        CAL.due_date(datetime(2026, 11, 30, 9, 0), 1.3)


def test_business_day_and_days_left():
    assert business_day(datetime(2026, 11, 25, 17, 30, tzinfo=ZoneInfo("UTC"))) == date(2026, 11, 26)
    due = datetime(2026, 12, 2, 11, 30, tzinfo=VN)
    assert working_days_left(CAL, due, datetime(2026, 11, 30, 9, 0, tzinfo=VN)) == 2
    assert working_days_left(CAL, due, datetime(2026, 12, 4, 9, 0, tzinfo=VN)) == -2
