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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Iterable, Literal
from zoneinfo import ZoneInfo

import holidays

from core.i18n import N_, language, tr
from core.official import OfficialCalendar, packaged

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
    """The office's working time: its sessions per weekday, the official calendar, its own overrides.

    One model for every question about time: is the office open now (the
    kiosk), when is a dossier due (intake, supplements), is a new apology date
    a working time, how many sessions are left (the counter's "due" list).
    """

    def __init__(self, overrides: Iterable[Override] = (), *, cutoff: time = time(15, 0),
                 morning: tuple[time, time] = (time(7, 30), time(11, 30)),
                 afternoon: tuple[time, time] = (time(13, 30), time(17, 0)), saturday_morning: bool = False,
                 week: dict[int, dict[Session, tuple[time, time]]] | None = None,
                 official: OfficialCalendar | None = None):
        # a later override for the same (day, session) wins
        self.overrides: dict[tuple[date, Session | None], Override] = {(o.day, o.session): o for o in overrides}
        self.cutoff, self.saturday_morning = cutoff, saturday_morning
        if week is None:
            week = {d: {"am": morning, "pm": afternoon} for d in range(5)}
            if saturday_morning:
                week[5] = {"am": morning}
        self.week = {d: dict(week.get(d, {})) for d in range(7)}
        # the hours of a day worked although the week has none (a make-up Saturday): the usual weekday's
        usual = next((self.week[d] for d in range(5) if len(self.week[d]) == 2), None)
        self.usual: dict[Session, tuple[time, time]] = dict(usual or {"am": morning, "pm": afternoon})
        self.hours = self.usual  # kept for callers reading the usual sessions' bounds
        self.official = packaged() if official is None else official
        self._sessions: dict[date, tuple[Session, ...]] = {}
        self._timelines: dict[tuple[int, int], tuple[list, list, list]] = {}

    @classmethod
    def from_opening_hours(cls, opening_hours: dict | None, overrides: Iterable[Override] = (), *,
                           official: OfficialCalendar | None = None, cutoff: time = time(15, 0)) -> "WorkingCalendar":
        """The calendar of an office whose stored opening hours are {"0": [["07:30", "11:30"], …], …}."""
        return cls(overrides, cutoff=cutoff, week=sessions_from_hours(opening_hours), official=official)

    # -- days ---------------------------------------------------------------------------
    def holiday_name(self, day: date) -> str | None:
        """The public day off's name (Vietnamese unless the UI is English), or None."""
        if self.official.covers(day.year):
            entry = self.official.get(day)
            return entry.label() if entry is not None and entry.kind == "off" else None
        return _public(day.year, language()).get(day)

    def official_day(self, day: date):
        """Our official calendar's entry for `day` (with its document), or None."""
        return self.official.get(day) if self.official.covers(day.year) else None

    def holidays_in(self, year: int) -> list[tuple[date, str]]:
        """Public days off and the office's days off in `year`, date order, for a month view."""
        if self.official.covers(year):
            days = {o.day: o.label() for o in self.official.in_year(year) if o.kind == "off"}
        else:
            days = dict(_public(year, language()))
        for (day, session), o in self.overrides.items():
            if day.year != year:
                continue
            if o.kind == "off":
                days[day] = _override_reason(o)
            elif session is None:
                days.pop(day, None)  # the office works this holiday
        return sorted(days.items())

    def _base(self, day: date) -> tuple[Session, ...]:
        """The sessions worked on `day` before the office's own overrides."""
        if self.official.covers(day.year):
            entry = self.official.get(day)
            if entry is not None:
                return () if entry.kind == "off" else SESSIONS
        elif day in _public(day.year):
            return ()
        elif day in _swapped_workdays(day.year):
            return SESSIONS
        return tuple(s for s in SESSIONS if s in self.week[day.weekday()])

    def working_sessions(self, day: date) -> tuple[Session, ...]:
        """The sessions ("am", "pm") the office works on `day`; () on a day off."""
        known = self._sessions.get(day)
        if known is not None:
            return known
        whole = self.overrides.get((day, None))
        if whole is not None:
            base: tuple[Session, ...] = SESSIONS if whole.kind == "work" else ()
        else:
            base = self._base(day)
        out = []
        for session in SESSIONS:
            half = self.overrides.get((day, session))
            if (half.kind == "work") if half is not None else session in base:
                out.append(session)
        self._sessions[day] = result = tuple(out)
        return result

    def session_hours(self, day: date, session: Session) -> tuple[time, time]:
        """When `session` of `day` begins and ends (the weekday's own hours, else the usual weekday's)."""
        return self.week[day.weekday()].get(session) or self.usual[session]

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

    # -- moments --------------------------------------------------------------------------------
    def open_at(self, moment: datetime) -> bool:
        """True while a working session is under way at `moment` (naive = office time)."""
        local = _local(moment)
        return any(start <= local.time() < end for start, end in
                   (self.session_hours(local.date(), s) for s in self.working_sessions(local.date())))

    def next_opening(self, moment: datetime) -> datetime | None:
        """The start of the next working session after `moment` (naive office time), within a year."""
        slots, starts, _ = self._timeline(_local(moment).year)
        i = bisect_right(starts, _local(moment))
        return slots[i][0] if i < len(slots) else None

    def is_working_time(self, moment: datetime) -> bool:
        """A moment a date can be set for (an appointment, an apology's new date): inside a working session,
        its end included (due dates are session ends)."""
        local = _local(moment)
        return any(start <= local.time() <= end for start, end in
                   (self.session_hours(local.date(), s) for s in self.working_sessions(local.date())))

    # -- due dates ----------------------------------------------------------------------------
    def _timeline(self, year: int, span: int = 3) -> tuple[list, list, list]:
        """Every working session from 1 January of `year` for `span` years: (start, end, day, session)."""
        key = (year, span)
        if key not in self._timelines:
            slots = []
            day, last = date(year, 1, 1), date(year + span, 1, 1)
            while day < last:
                for session in self.working_sessions(day):
                    start, end = self.session_hours(day, session)
                    slots.append((datetime.combine(day, start), datetime.combine(day, end), day, session))
                day += timedelta(days=1)
            self._timelines[key] = (slots, [s[0] for s in slots], [s[1] for s in slots])
        return self._timelines[key]

    def due_at(self, received_at: datetime, days: float) -> tuple[datetime, datetime, bool, bool]:
        """(due, counted_from, after_cutoff, received_off_session) in naive office time; the fast path.

        The receipt is placed in the working session under way, or the next one
        (after the cut-off on a working day: the next working day's first); the
        count then advances 2 × days sessions and the dossier is due at the end of
        the session reached — so never before the receipt.
        """
        if days < 0 or days * 2 != int(days * 2):
            raise ValueError(tr("Số ngày phải là bội của nửa ngày: {days}", days=days))
        local = _local(received_at)
        day = local.date()
        working = self.working_sessions(day)
        after_cutoff = bool(working) and local.time() >= self.cutoff
        span = 3
        while True:
            slots, starts, ends = self._timeline(day.year, span)
            if after_cutoff:
                i = bisect_left(starts, datetime.combine(day + timedelta(days=1), time.min))
            else:
                i = bisect_right(ends, local)  # the first session still to end
            j = i + int(days * 2)
            if j < len(slots):
                break
            span *= 2  # a long count from late in the year: look further
        place = slots[i]
        off_session = bool(working) and not after_cutoff and not (
            place[2] == day and place[3] == ("am" if local.time() < NOON else "pm"))
        return slots[j][1], place[0], after_cutoff, off_session

    def due_date(self, received_at: datetime, days: float) -> DueDate:
        """When a dossier received at `received_at` with `days` working days (halves allowed) is due."""
        due, start, after_cutoff, off_session = self.due_at(received_at, days)
        local = _local(received_at)
        working = self.working_sessions(local.date())
        skipped = self._skipped(local, due)
        if received_at.tzinfo:
            due, start = (x.replace(tzinfo=VN_TZ).astimezone(received_at.tzinfo) for x in (due, start))
        return DueDate(due, start, after_cutoff, tuple(skipped), self.cutoff,
                       None if working else self.day_off_reason(local.date()), off_session)

    def _skipped(self, received: datetime, due: datetime) -> list[tuple[date, str]]:
        """Days off (and half days off with a reason) passed over between the receipt and the due time."""
        out: list[tuple[date, str]] = []
        day = received.date()
        while day <= due.date():
            if day != received.date() and not self.is_working_day(day):
                out.append((day, self.day_off_reason(day) or ""))
            else:
                for session in SESSIONS:
                    begins = datetime.combine(day, self.session_hours(day, session)[0])
                    why = self.day_off_reason(day, session)
                    if why and received < begins < due:
                        out.append((day, why))
            day += timedelta(days=1)
        return out

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
                begins = datetime.combine(day, self.session_hours(day, session)[0])
                halves += low < begins <= high if late else low < begins < high
            day += timedelta(days=1)
        return -halves / 2 if late and halves else halves / 2


def sessions_from_hours(opening_hours: dict | None) -> dict[int, dict[Session, tuple[time, time]]]:
    """An office's stored opening hours as morning/afternoon sessions per weekday (0 = Monday).

    A period ending by noon is the morning, one starting at noon or later the
    afternoon, one spanning noon is split there. No hours at all: the usual
    07:30–11:30 / 13:30–17:00, Monday to Friday.
    """
    if not opening_hours:
        return {d: {"am": (time(7, 30), time(11, 30)), "pm": (time(13, 30), time(17, 0))} for d in range(5)}
    week: dict[int, dict[Session, tuple[time, time]]] = {}
    for d in range(7):
        sessions: dict[Session, tuple[time, time]] = {}
        for start_text, end_text in opening_hours.get(str(d), []) or []:
            start, end = time.fromisoformat(start_text), time.fromisoformat(end_text)
            parts: list[tuple[Session, time, time]] = (
                [("am", start, end)] if end <= NOON else [("pm", start, end)] if start >= NOON else [
                    ("am", start, NOON), ("pm", NOON, end)])
            for session, a, b in parts:
                if session in sessions:  # two periods in one half: one session from the first start to the last end
                    a, b = min(a, sessions[session][0]), max(b, sessions[session][1])
                sessions[session] = (a, b)
        week[d] = sessions
    return week


def overdue(due_at: datetime, now: datetime) -> bool:
    """True once `now` is past `due_at` (naive times are office time)."""
    return _local(now) > _local(due_at)


def business_day(now: datetime, tz: str = "Asia/Ho_Chi_Minh") -> date:
    """The office's calendar date for a moment (tickets are numbered per this day); naive = office time."""
    return now.astimezone(ZoneInfo(tz)).date() if now.tzinfo else now.date()
