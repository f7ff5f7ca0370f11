"""The working calendar (lịch làm việc) and dossier due dates (ngày hẹn trả).

Public holidays come from the `holidays` package's Vietnam calendar, which
gives (checked with holidays 0.109 for 2025–2027):

- the lunar Tết break by year, e.g. 2026: 16/02 (giao thừa) – 20/02 (mùng
  bốn); 2027: 04/02 (29 Tết) – 10/02 (mùng năm); with the weekends around
  it the office is closed 14–22/02/2026 and 04–10/02/2027;
- the day next to 2/9: 01/09 in 2025 and 2026, 03/09 in 2027;
- make-up days (nghỉ bù) for a holiday on a weekend: 27/04/2026 for Giỗ Tổ
  on Sunday 26/04, 03/05/2027 for 1/5 on a Saturday;
- public-sector swaps: "Ngày nghỉ (thay cho ngày 26/04/2025)" on 02/05/2025
  and "(thay cho ngày 22/08/2026)" on 31/08/2026; the Saturday named there
  is worked instead. Such a Saturday can lie in the neighbouring year
  (27/12/2014 for 02/01/2015, 05/01/2019 for 31/12/2018);
- Ngày Văn hóa Việt Nam (24/11) from 2026 on.

The office adds its own `Override`s: an extra day off, a Saturday worked,
half days. Names follow the UI language (the package has Vietnamese and
English names); Vietnamese is the default.

Due dates count half-day sessions: a working day has a morning (am) and an
afternoon (pm). A dossier received on a working day before the cut-off
(15:00) is placed in its own session (before 12:00 = am); after the cut-off
it counts from the next working day's first session; received when the
office does not work, from the next working session. From there the count
advances 2 × days sessions, and the dossier is due at the END of the
session reached (11:30 or 17:00 by default).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Iterable, Literal
from zoneinfo import ZoneInfo

import holidays

from core.i18n import N_, language, tr

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
Session = Literal["am", "pm"]
SESSIONS: tuple[Session, Session] = ("am", "pm")
SESSION_NAMES = {"am": N_("buổi sáng"), "pm": N_("buổi chiều")}
WEEKDAY_NAMES = (N_("Thứ Hai"), N_("Thứ Ba"), N_("Thứ Tư"), N_("Thứ Năm"), N_("Thứ Sáu"), N_("Thứ Bảy"),
                 N_("Chủ nhật"))
NOON = time(12, 0)
_SWAP = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")  # in the package's Vietnamese names


@dataclass(frozen=True)
class Override:
    """The office's own day: `off` (an extra day off) or `work` (e.g. a Saturday worked), whole or half."""

    day: date
    kind: Literal["off", "work"]
    session: Session | None = None  # None = the whole day
    note: str = ""


@lru_cache(maxsize=128)
def _public(year: int, lang: str = "vi") -> dict[date, str]:
    """The public holidays of `year` with their names in `lang`."""
    return dict(holidays.country_holidays("VN", years=year, language="en_US" if lang == "en" else "vi"))


@lru_cache(maxsize=64)
def _swapped_workdays(year: int) -> frozenset[date]:
    """Weekend days of `year` worked in exchange for a public-sector day off (which may be in another year)."""
    found = set()
    for y in (year - 1, year, year + 1):
        for name in _public(y).values():
            match = _SWAP.search(name)
            if match:
                found.add(date(int(match[3]), int(match[2]), int(match[1])))
    return frozenset(d for d in found if d.year == year)


def _local(moment: datetime) -> datetime:
    """`moment` as naive office time: aware ones are converted, naive ones already are."""
    return moment.astimezone(VN_TZ).replace(tzinfo=None) if moment.tzinfo else moment


def _override_reason(o: Override) -> str:
    """An office day off as the clerk reads it: its note, and which half when it is a half day."""
    why = o.note or tr("Ngày nghỉ của cơ quan")
    return f"{why} ({tr(SESSION_NAMES[o.session])})" if o.session else why


def _day(d: date) -> str:
    return f"{d:%d/%m/%Y}"


@dataclass(frozen=True)
class DueDate:
    """A dossier's appointment date (ngày hẹn trả) and why it is that date."""

    due_at: datetime  # the end of the last session counted
    counted_from: datetime  # the start of the session the receipt was placed in
    after_cutoff: bool  # received on a working day at or after the cut-off
    skipped: tuple[tuple[date, str], ...] = ()  # days (or half days) off passed over, with the reason
    cutoff: time = time(15, 0)
    received_on_day_off: str | None = None  # why the receipt day was not worked, if it was not
    received_off_session: bool = False  # received on a working day, but in a session not worked

    def explain(self) -> list[str]:
        """Short lines a clerk reads to see why the date is what it is (in office time)."""
        start = _local(self.counted_from)
        day, session = _day(start), tr(SESSION_NAMES["am" if start.time() < NOON else "pm"])
        if self.after_cutoff:
            first = tr("Nhận sau {cutoff}: tính từ ngày làm việc tiếp theo {day}.", cutoff=f"{self.cutoff:%H:%M}",
                       day=day)
        elif self.received_on_day_off:
            first = tr("Nhận vào ngày nghỉ ({why}): tính từ ngày làm việc tiếp theo {day}.",
                       why=self.received_on_day_off, day=day)
        elif self.received_off_session:
            first = tr("Nhận ngoài buổi làm việc: tính từ {session} {day}.", session=session, day=day)
        else:
            first = tr("Tính từ {session} {day}.", session=session, day=day)
        lines = [first]
        lines += [tr("Bỏ qua {day}: {why}", day=_day(d), why=why) for d, why in self.skipped]
        lines.append(tr("Hẹn trả: {time}", time=f"{_local(self.due_at):%H:%M %d/%m/%Y}"))
        return lines


class WorkingCalendar:
    """Which days and half days the office works, and when a dossier is due."""

    def __init__(self, overrides: Iterable[Override] = (), *, cutoff: time = time(15, 0),
                 morning: tuple[time, time] = (time(7, 30), time(11, 30)),
                 afternoon: tuple[time, time] = (time(13, 30), time(17, 0)), saturday_morning: bool = False):
        # a later override for the same (day, session) wins
        self.overrides: dict[tuple[date, Session | None], Override] = {(o.day, o.session): o for o in overrides}
        self.cutoff, self.saturday_morning = cutoff, saturday_morning
        self.hours: dict[Session, tuple[time, time]] = {"am": morning, "pm": afternoon}

    # -- days ---------------------------------------------------------------------------
    def holiday_name(self, day: date) -> str | None:
        """The public holiday's name (Vietnamese unless the UI is English), or None."""
        return _public(day.year, language()).get(day)

    def holidays_in(self, year: int) -> list[tuple[date, str]]:
        """Public holidays and the office's days off in `year`, date order, for a month view."""
        days = dict(_public(year, language()))
        for (day, session), o in self.overrides.items():
            if day.year != year:
                continue
            if o.kind == "off":
                days[day] = _override_reason(o)
            elif session is None:
                days.pop(day, None)  # the office works this holiday
        return sorted(days.items())

    def working_sessions(self, day: date) -> tuple[Session, ...]:
        """The sessions ("am", "pm") the office works on `day`; () on a day off."""
        whole = self.overrides.get((day, None))
        if whole is not None:
            base: tuple[Session, ...] = SESSIONS if whole.kind == "work" else ()
        elif day in _public(day.year):
            base = ()
        elif day.weekday() < 5 or day in _swapped_workdays(day.year):
            base = SESSIONS
        else:
            base = ("am",) if self.saturday_morning and day.weekday() == 5 else ()
        out = []
        for session in SESSIONS:
            half = self.overrides.get((day, session))
            if (half.kind == "work") if half is not None else session in base:
                out.append(session)
        return tuple(out)

    def is_working_day(self, day: date) -> bool:
        """True when the office works at least half of `day`."""
        return bool(self.working_sessions(day))

    def next_working_day(self, day: date) -> date:
        """The first working day after `day`."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def day_off_reason(self, day: date, session: Session | None = None) -> str | None:
        """Why the office does not work `day` (or its `session`): the override's note, holiday or weekday."""
        if session is not None:
            half = self.overrides.get((day, session))
            if half is not None and half.kind == "off" and session not in self.working_sessions(day):
                return _override_reason(half)
            return None
        if self.is_working_day(day):
            return None
        whole = self.overrides.get((day, None))
        if whole is not None and whole.kind == "off":
            return _override_reason(whole)
        return self.holiday_name(day) or tr(WEEKDAY_NAMES[day.weekday()])

    # -- due dates ----------------------------------------------------------------------------
    def due_date(self, received_at: datetime, days: float) -> DueDate:
        """When a dossier received at `received_at` with `days` working days (halves allowed) is due."""
        if days < 0 or days * 2 != int(days * 2):
            raise ValueError(tr("Số ngày phải là bội của nửa ngày: {days}", days=days))
        local = _local(received_at)
        day, session = local.date(), "am" if local.time() < NOON else "pm"
        working = self.working_sessions(day)
        after_cutoff = bool(working) and local.time() >= self.cutoff
        skipped: list[tuple[date, str]] = []
        off_session = False
        if after_cutoff:
            day, session = self._next_day(day, skipped)
        elif off_session := session not in working:
            day, session = self._next_session(day, session, skipped)
        start = datetime.combine(day, self.hours[session][0])
        for _ in range(int(days * 2)):
            day, session = self._next_session(day, session, skipped)
        due = datetime.combine(day, self.hours[session][1])
        if received_at.tzinfo:
            due, start = (x.replace(tzinfo=VN_TZ).astimezone(received_at.tzinfo) for x in (due, start))
        return DueDate(due, start, after_cutoff, tuple(skipped), self.cutoff,
                       None if working else self.day_off_reason(local.date()), off_session)

    def _next_day(self, day: date, skipped: list[tuple[date, str]]) -> tuple[date, Session]:
        """The first working session of the next working day, noting the days off passed over."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            skipped.append((day, self.day_off_reason(day)))
            day += timedelta(days=1)
        first = self.working_sessions(day)[0]
        if first == "pm" and (why := self.day_off_reason(day, "am")):
            skipped.append((day, why))
        return day, first

    def _next_session(self, day: date, session: Session, skipped: list[tuple[date, str]]) -> tuple[date, Session]:
        """The next working session after (day, session)."""
        if session == "am":
            if "pm" in self.working_sessions(day):
                return day, "pm"
            if why := self.day_off_reason(day, "pm"):
                skipped.append((day, why))
        return self._next_day(day, skipped)

    def working_days_left(self, due_at: datetime, now: datetime) -> float:
        """Working days from `now` until `due_at`, in halves: the sessions that start in between.

        Negative when late (sessions begun since the due time); 0 means due in the current session.
        """
        now, due = _local(now), _local(due_at)
        late = now > due
        low, high = (due, now) if late else (now, due)
        halves, day = 0, low.date()
        while day <= high.date():
            for session in self.working_sessions(day):
                begins = datetime.combine(day, self.hours[session][0])
                halves += low < begins <= high if late else low < begins < high
            day += timedelta(days=1)
        return -halves / 2 if late and halves else halves / 2


def overdue(due_at: datetime, now: datetime) -> bool:
    """True once `now` is past `due_at` (naive times are office time)."""
    return _local(now) > _local(due_at)


def business_day(now: datetime, tz: str = "Asia/Ho_Chi_Minh") -> date:
    """The office's calendar date for a moment (tickets are numbered per this day); naive = office time."""
    return now.astimezone(ZoneInfo(tz)).date() if now.tzinfo else now.date()
