"""The office's working time, read once from the store: its hours, our official calendar, its own days.

Every question about time (the kiosk's open/closed, due dates, the apology's
new date, the counter's "due this session") asks the `WorkingCalendar` built
here, so they never disagree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from core.calendar import Override, WorkingCalendar
from core.i18n import tr
from core.official import OfficialCalendar, packaged, parse
from db.errors import InvalidInput
from db.events import EventKind
from db.models import CalendarOverride, Setting
from db.store.arguments import moment_arg
from db.store.base import MANAGERS, StoreService

OFFICIAL_KEY = "official_calendar"  # the newer years' files a manager imported, oldest first


@dataclass(frozen=True)
class OfficialYear:
    """What an imported file holds for one year, and how it differs from the calendar in use."""

    year: int
    days_off: int
    days_worked: int
    replaces: str  # "package", "import" or "" (a year not known before)
    added: tuple[tuple[date, str], ...]  # days that become days off or worked, with the name
    removed: tuple[tuple[date, str], ...]  # days that no longer are


@dataclass(frozen=True)
class OfficialImport:
    years: tuple[OfficialYear, ...]
    documents: tuple[str, ...]  # each document cited, as a footnote reads


@dataclass(frozen=True)
class OpeningStatus:
    open: bool
    next_opening: datetime | None  # local office time, when closed
    reason: str | None = None  # why today is a day off ("Tết Nguyên đán", "Chủ nhật"); None on a working day


class WorkTimeOps(StoreService):
    def calendar(self) -> WorkingCalendar:
        """The office's working calendar: its stored sessions, our official calendar, its own overrides."""
        with self.ctx.read() as s:
            rows = s.scalars(select(CalendarOverride).where(CalendarOverride.office_id == self.ctx.office().id)).all()
            overrides = [Override(r.day, r.kind, r.session, r.note) for r in rows]  # type: ignore[arg-type]  # checked on save
            imported = s.get(Setting, OFFICIAL_KEY)
            files = list(imported.value or []) if imported is not None else []
        return WorkingCalendar.from_opening_hours(self.ctx.office().opening_hours, overrides,
                                                  official=_official(files))

    def office_time(self, moment: datetime | None = None) -> datetime:
        """`moment` (default now) as aware office time; a naive one is read as office time, the one rule."""
        moment = moment or self.ctx.now()
        tz = self.ctx.office().tz
        return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)

    def is_working_time(self, moment: datetime) -> bool:
        """True when `moment` (naive = office time) falls in one of the office's working sessions."""
        return self.calendar().is_working_time(self.office_time(moment))

    # -- the official calendar ---------------------------------------------------------------------
    def preview_official_calendar(self, text: str | bytes) -> OfficialImport:
        """What importing this calendar file would change, year by year; nothing is written."""
        self.ctx.require(MANAGERS, "import_official_calendar")
        newer = _parse(text)
        current = self.calendar().official
        with self.ctx.read() as s:
            row = s.get(Setting, OFFICIAL_KEY)
            imported_years = set().union(*(parse_raw(f).years for f in (row.value or []))) if row else set()
        years = []
        for year in sorted(newer.years):
            old = {o.day: o for o in current.in_year(year)} if current.covers(year) else {}
            new = {o.day: o for o in newer.in_year(year)}
            added = tuple((d, f"{new[d].kind}: {new[d].name}") for d in sorted(new) if
                          d not in old or (old[d].kind, old[d].name) != (new[d].kind, new[d].name))
            removed = tuple((d, f"{old[d].kind}: {old[d].name}") for d in sorted(old) if d not in new)
            replaces = "import" if year in imported_years else "package" if current.covers(year) else ""
            years.append(OfficialYear(year, sum(o.kind == "off" for o in new.values()),
                                      sum(o.kind == "work" for o in new.values()), replaces, added, removed))
        cited = sorted({o.document.cite() for o in newer.days.values()})
        return OfficialImport(tuple(years), tuple(cited))

    def import_official_calendar(self, text: str | bytes) -> OfficialImport:
        """Import a newer year's official calendar file: every year in it replaces that year; all or nothing."""
        preview = self.preview_official_calendar(text)
        newer = _parse(text)
        with self.ctx.tx() as s:
            row = s.get(Setting, OFFICIAL_KEY) or Setting(key=OFFICIAL_KEY, value=[])
            row.value = [*list(row.value or []), newer.raw]
            s.add(row)
            self.ctx.event(s, EventKind.calendar_changed, official_years=sorted(newer.years))
            self.ctx.audit(s, "official_calendar_import", "setting", OFFICIAL_KEY, years=sorted(newer.years),
                        days=len(newer.days))
        return preview

    def opening_status(self, at: datetime | None = None) -> OpeningStatus:
        """Is the office open now? If not, when does it open next (local time) and why it is closed.

        Asks the office's working calendar (its sessions, the official days off, its own days),
        the same model the due dates use.
        """
        local = (self.ctx.now() if at is None else moment_arg(at, tr("Thời điểm"))).astimezone(self.ctx.office().tz)
        calendar = self.calendar()
        naive = local.replace(tzinfo=None)
        if calendar.open_at(naive):
            return OpeningStatus(True, None)
        upcoming = calendar.next_opening(naive)
        return OpeningStatus(False, upcoming.replace(tzinfo=local.tzinfo) if upcoming else None,
                             calendar.day_off_reason(naive.date()))


def parse_raw(raw: dict) -> OfficialCalendar:
    return parse(json.dumps(raw))


def _parse(text: str | bytes) -> OfficialCalendar:
    try:
        return parse(text)
    except ValueError as error:
        raise InvalidInput(tr("Không nhập tệp lịch: {problems}", problems=str(error))) from error


_MERGED: dict[str, OfficialCalendar] = {}


def _official(files: list[dict]) -> OfficialCalendar:
    """The packaged calendar with the imported files laid over it, later files winning; cached by content."""
    if not files:
        return packaged()
    key = json.dumps(files, sort_keys=True)
    if key not in _MERGED:
        merged = packaged()
        for raw in files:
            merged = merged.merged(parse_raw(raw))
        _MERGED.clear()  # one office per process: keep only the latest
        _MERGED[key] = merged
    return _MERGED[key]
