"""The working calendar (lịch làm việc) and dossier due dates (ngày hẹn trả).

Public holidays come from the `holidays` package's Vietnam calendar (lunar
Tết, the 2/9 adjacent day, make-up days, and the public-sector swaps: a day
off "thay cho ngày 26/04/2025" makes that Saturday a working day). The
office adds its own overrides: an extra day off, a Saturday worked, half days.

Due dates count half-day sessions: a working day has a morning (am) and an
afternoon (pm). A dossier received on a working day before the cut-off
(15:00) counts from its own session; after it, or on a day off, from the
next working morning. The result is due at the END of the session reached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Iterable, Literal
from zoneinfo import ZoneInfo

import holidays

from core.i18n import N_, tr

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
Session = Literal["am", "pm"]
SESSIONS: tuple[Session, Session] = ("am", "pm")
_SWAP = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")
WEEKDAY_NAMES = (N_("Thứ Hai"), N_("Thứ Ba"), N_("Thứ Tư"), N_("Thứ Năm"), N_("Thứ Sáu"), N_("Thứ Bảy"),
                 N_("Chủ nhật"))


@dataclass(frozen=True)
class Override:
    """The office's own day: `off` (extra holiday) or `work` (a Saturday worked), whole or half."""

    day: date
    kind: Literal["off", "work"]
    session: Session | None = None  # None = the whole day
    note: str = ""


@lru_cache(maxsize=64)
def _public(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """(holidays with Vietnamese names, weekend days made working by a swap) for `year`."""
    days = dict(holidays.country_holidays("VN", years=year, language="vi"))
    worked = set()
    for name in days.values():
        match = _SWAP.search(name)
        if match:
            worked.add(date(int(match[3]), int(match[2]), int(match[1])))
    return days, frozenset(worked)


@dataclass(frozen=True)
class DueDate:
    due_at: datetime
    counted_from: datetime  # the start of the session the count began with
    after_cutoff: bool  # received on a working day after the cut-off
    received_on_day_off: bool = False
    skipped: tuple[tuple[date, str], ...] = field(default=())

    def explain(self) -> list[str]:
        """Short lines a clerk reads to see why the date is what it is."""
        lines = []
        if self.after_cutoff:
            lines.append(tr("Nhận sau giờ chốt: tính từ buổi sáng ngày làm việc tiếp theo {day}.",
                            day=f"{self.counted_from:%d/%m/%Y}"))
        elif self.received_on_day_off:
            lines.append(tr("Nhận vào ngày nghỉ: tính từ ngày làm việc tiếp theo {day}.",
                            day=f"{self.counted_from:%d/%m/%Y}"))
        else:
            lines.append(tr("Tính từ {time}.", time=f"{self.counted_from:%H:%M %d/%m/%Y}"))
        lines += [tr("Bỏ qua {day}: {why}", day=f"{d:%d/%m/%Y}", why=why) for d, why in self.skipped]
        lines.append(tr("Hẹn trả: {time}", time=f"{self.due_at:%H:%M %d/%m/%Y}"))
        return lines


class WorkingCalendar:
    """Which days and half days the office works, and when a dossier is due."""

    def __init__(self, overrides: Iterable[Override] = (), *, cutoff: time = time(15, 0),
                 morning: tuple[time, time] = (time(7, 30), time(11, 30)),
                 afternoon: tuple[time, time] = (time(13, 30), time(17, 0)), saturday_morning: bool = False):
        self.overrides: dict[tuple[date, Session | None], Override] = {(o.day, o.session): o for o in overrides}
        self.cutoff, self.saturday_morning = cutoff, saturday_morning
        self.hours = {"am": morning, "pm": afternoon}

    # -- days -------------------------------------------------------------------
    def holiday_name(self, day: date) -> str | None:
        """The public holiday's Vietnamese name, or None."""
        return _public(day.year)[0].get(day)

    def holidays_in(self, year: int) -> list[tuple[date, str]]:
        """Public holidays and the office's days off in `year`, for a month view."""
        days = dict(_public(year)[0])
        for (day, session), o in self.overrides.items():
            if day.year == year and o.kind == "off":
                days[day] = o.note or tr("Ngày nghỉ của cơ quan")
        return sorted(days.items())

    def working_sessions(self, day: date) -> tuple[Session, ...]:
        """The sessions ("am", "pm") the office works on `day`."""
        whole = self.overrides.get((day, None))
        if whole is not None:
            base: tuple[Session, ...] = SESSIONS if whole.kind == "work" else ()
        elif day in _public(day.year)[0]:
            base = ()
        elif day.weekday() == 6:
            base = ()
        elif day.weekday() == 5:
            base = SESSIONS if day in _public(day.year)[1] else (("am",) if self.saturday_morning else ())
        else:
            base = SESSIONS
        out = []
        for session in SESSIONS:
            half = self.overrides.get((day, session))
            if (half.kind == "work") if half is not None else session in base:
                out.append(session)
        return tuple(out)

    def is_working_day(self, day: date) -> bool:
        return bool(self.working_sessions(day))

    def next_working_day(self, day: date) -> date:
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def why_not_working(self, day: date) -> str:
        o = self.overrides.get((day, None))
        if o is not None and o.kind == "off":
            return o.note or tr("Ngày nghỉ của cơ quan")
        return self.holiday_name(day) or tr(WEEKDAY_NAMES[day.weekday()])

    # -- due dates ------------------------------------------------------------------
    def due_date(self, received_at: datetime, days: float) -> DueDate:
        """When a dossier received at `received_at` with `days` working days (half allowed) is due."""
        if days < 0 or days * 2 != int(days * 2):
            raise ValueError(tr("Số ngày phải là bội của nửa ngày: {days}", days=days))
        tz = received_at.tzinfo
        local = received_at.astimezone(VN_TZ).replace(tzinfo=None) if tz else received_at
        day = local.date()
        session: Session = "am" if local.time() < time(12, 0) else "pm"
        working = self.working_sessions(day)
        after_cutoff = bool(working) and local.time() >= self.cutoff
        skipped: list[tuple[date, str]] = []
        start_time = local.time()
        if not after_cutoff and session == "am" and "am" not in working and "pm" in working:
            session, start_time = "pm", self.hours["pm"][0]  # morning off: the afternoon counts
        elif after_cutoff or session not in working:
            day = self._next_slot_day(day, skipped)
            session = self.working_sessions(day)[0]
            start_time = self.hours[session][0]
        start = datetime.combine(day, start_time)
        for _ in range(int(days * 2)):
            day, session = self._advance(day, session, skipped)
        due = datetime.combine(day, self.hours[session][1])
        if tz:
            due = due.replace(tzinfo=VN_TZ).astimezone(tz)
            start = start.replace(tzinfo=VN_TZ).astimezone(tz)
        return DueDate(due, start, after_cutoff, not working, tuple(skipped))

    def _next_slot_day(self, day: date, skipped: list) -> date:
        day += timedelta(days=1)
        while not self.is_working_day(day):
            skipped.append((day, self.why_not_working(day)))
            day += timedelta(days=1)
        return day

    def _advance(self, day: date, session: Session, skipped: list) -> tuple[date, Session]:
        """The next working half day after (day, session)."""
        if session == "am" and "pm" in self.working_sessions(day):
            return day, "pm"
        day = self._next_slot_day(day, skipped)
        return day, self.working_sessions(day)[0]


def business_day(now: datetime, tz: str = "Asia/Ho_Chi_Minh") -> date:
    """The office's calendar date for a moment (tickets are numbered per this day)."""
    return now.astimezone(ZoneInfo(tz)).date()


def overdue(due_at: datetime, now: datetime) -> bool:
    return now > due_at


def working_days_left(calendar: WorkingCalendar, due_at: datetime, now: datetime) -> float:
    """Working days from `now` to `due_at` in half days; negative when late."""
    a, b = sorted((now.astimezone(VN_TZ).date(), due_at.astimezone(VN_TZ).date()))
    halves, day = 0, a
    while day < b:
        day += timedelta(days=1)
        halves += len(calendar.working_sessions(day))
    value = halves / 2
    return value if due_at >= now else -value
