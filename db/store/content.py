"""The manager's content: the office's own calendar days, the display's ticker and videos, stations' devices.

Every write is managers only, checked before anything is written, audited, and
tells the stations (an event) so the wall display and counters pick it up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.calendar import SESSIONS
from core.i18n import tr
from core.stations import PRINTER_FOLDER_KEY, StationSettingsError, check_station_name, check_station_settings
from db.errors import InvalidInput, NotFound
from db.events import EventKind
from db.models import CalendarOverride, MediaItem, Notice, Setting
from db.store.arguments import INT64_MAX, int_arg, optional_date, text_arg
from db.store.base import MANAGERS, Context, StoreService
from db.store.display import MediaInfo

STATION_PREFIX = "station:"
STATUS_PREFIX = "printer_status:"


@dataclass(frozen=True)
class OverrideInfo:
    """One of the office's own days: `off` (extra day off) or `work` (a day worked), whole day or half."""

    id: int
    day: date
    kind: str
    session: str | None  # None = the whole day, "am" | "pm"
    note: str


@dataclass(frozen=True)
class NoticeRow:
    """A ticker notice as the manager sees it: past, current, future or taken down."""

    id: int
    text: str
    starts_on: date | None
    ends_on: date | None
    active: bool

    def state(self, today: date) -> str:
        """removed | expired | upcoming | showing."""
        if not self.active:
            return "removed"
        if self.ends_on and self.ends_on < today:
            return "expired"
        if self.starts_on and self.starts_on > today:
            return "upcoming"
        return "showing"


@dataclass(frozen=True)
class StationInfo:
    """A kiosk, counter or display PC: its stored device settings and its printer's last report."""

    name: str
    printer: dict
    scanner: dict
    printer_status: str = ""  # ok, near_end, out, offline… ("" = never reported)
    printer_detail: str = ""
    status_at: str = ""  # ISO time of the report


class OwnDaysOps(StoreService):
    """The office's own days off and days worked (part of the calendar service)."""

    def calendar_overrides(self, year: int | None = None) -> list[OverrideInfo]:
        """The office's own days (all, or those of `year`), in date order."""
        query = select(CalendarOverride).where(CalendarOverride.office_id == self.ctx.office().id)
        if year is not None:
            year = int_arg(year, tr("Năm"), low=2000, high=9999)
            query = query.where(CalendarOverride.day >= date(year, 1, 1), CalendarOverride.day <= date(year, 12, 31))
        with self.ctx.read() as s:
            whole_day_first = CalendarOverride.session.asc().nulls_first()  # NULLs sort last on PostgreSQL
            rows = s.scalars(query.order_by(CalendarOverride.day, whole_day_first, CalendarOverride.id))
            return [OverrideInfo(r.id, r.day, r.kind, r.session, r.note) for r in rows]

    def add_calendar_override(self, day: date, kind: str, session: str | None = None, note: str = "") -> int:
        """Mark `day` (or its morning/afternoon) off or worked; replaces an earlier one for the same day and half."""
        self.ctx.require(MANAGERS, "add_calendar_override")
        note = " ".join((note or "").split())
        if kind not in ("off", "work"):
            raise InvalidInput(tr("Loại ngày phải là nghỉ hoặc làm việc."))
        if session not in (None, *SESSIONS):
            raise InvalidInput(tr("Buổi phải là cả ngày, buổi sáng hoặc buổi chiều."))
        if not isinstance(day, date) or len(note) > 300:
            raise InvalidInput(tr("Cần một ngày hợp lệ và ghi chú tối đa 300 ký tự."))
        with self.ctx.tx() as s:
            # NULL (whole day) is never equal in a UNIQUE index: find the earlier one by hand
            same = CalendarOverride.session.is_(None) if session is None else CalendarOverride.session == session
            earlier = s.scalars(select(CalendarOverride).where(
                CalendarOverride.office_id == self.ctx.office().id, CalendarOverride.day == day, same)).first()
            row = earlier or CalendarOverride(office_id=self.ctx.office().id, day=day, session=session)
            row.kind, row.note = kind, note
            s.add(row)
            s.flush()
            self.ctx.event(s, EventKind.calendar_changed, day=day.isoformat())
            self.ctx.audit(s, "calendar_override_add", "calendar_override", row.id, day=day, kind=kind,
                        half=session, note=note, replaced=earlier is not None)
            return row.id

    def remove_calendar_override(self, override_id: int) -> None:
        """Drop one of the office's own days: the public calendar applies again."""
        self.ctx.require(MANAGERS, "remove_calendar_override")
        with self.ctx.tx() as s:
            row = _owned(self.ctx, s, CalendarOverride, override_id, tr("Không có ngày đặc biệt này."))
            s.delete(row)
            self.ctx.event(s, EventKind.calendar_changed, day=row.day.isoformat())
            self.ctx.audit(s, "calendar_override_remove", "calendar_override", override_id, day=row.day, kind=row.kind,
                        half=row.session, note=row.note)

class ContentOps(StoreService):
    # -- ticker notices -------------------------------------------------------------------
    def all_notices(self) -> list[NoticeRow]:
        """Every notice, past, current, future and taken down, newest first (managers only)."""
        self.ctx.require(MANAGERS, "all_notices")
        with self.ctx.read() as s:
            rows = s.scalars(select(Notice).where(Notice.office_id == self.ctx.office().id).order_by(Notice.id.desc()))
            return [NoticeRow(n.id, n.text, n.starts_on, n.ends_on, n.active) for n in rows]

    def update_notice(self, notice_id: int, text: str, starts_on: date | None = None,
                      ends_on: date | None = None) -> None:
        """Change a notice's text and dates (a taken-down one comes back on the ticker)."""
        self.ctx.require(MANAGERS, "update_notice")
        notice_id = int_arg(notice_id, tr("Mã thông báo"), high=INT64_MAX)
        text = _notice_text(text_arg(text, tr("Thông báo"), max_len=2000), optional_date(starts_on, tr("Ngày bắt đầu")),
                            optional_date(ends_on, tr("Ngày kết thúc")))
        with self.ctx.tx() as s:
            row = _owned(self.ctx, s, Notice, notice_id, tr("Không có thông báo này."))
            row.text, row.starts_on, row.ends_on, row.active = text, starts_on, ends_on, True
            self.ctx.event(s, EventKind.notices_changed, notice_id=notice_id)
            self.ctx.audit(s, "notice_update", "notice", notice_id, text=text, starts_on=starts_on, ends_on=ends_on)

    def remove_notice(self, notice_id: int) -> None:
        """Take a notice off the ticker; the row stays (inactive) so the audit still names it."""
        self.ctx.require(MANAGERS, "remove_notice")
        with self.ctx.tx() as s:
            row = _owned(self.ctx, s, Notice, notice_id, tr("Không có thông báo này."))
            row.active = False
            self.ctx.event(s, EventKind.notices_changed, notice_id=notice_id)
            self.ctx.audit(s, "notice_remove", "notice", notice_id, text=row.text)

    # -- guidance videos ------------------------------------------------------------------
    def media_items(self) -> list[MediaInfo]:
        """The playlist as the manager edits it (the active videos, in playing order)."""
        return self.store.content.media_playlist()

    def set_media_order(self, media_ids: list[int]) -> None:
        """Play the videos in this order: `media_ids` must name every video of the playlist once."""
        self.ctx.require(MANAGERS, "set_media_order")
        with self.ctx.tx() as s:
            rows = {m.id: m for m in s.scalars(select(MediaItem).where(
                MediaItem.office_id == self.ctx.office().id, MediaItem.active.is_(True)))}
            if sorted(media_ids) != sorted(rows):
                raise InvalidInput(tr("Danh sách video đã thay đổi; hãy tải lại rồi sắp xếp lại."))
            for position, media_id in enumerate(media_ids):
                rows[media_id].position = position
            self.ctx.event(s, EventKind.media_changed, order=list(media_ids))
            self.ctx.audit(s, "media_order", "media", "", order=list(media_ids))

    def move_media(self, media_id: int, new_index: int) -> None:
        """Move one video to `new_index` in the playlist (0 = first; clamped to the ends)."""
        order = [m.id for m in self.store.content.media_playlist()]
        if media_id not in order:
            raise NotFound(tr("Không có video này trong danh sách phát."))
        order.remove(media_id)
        order.insert(max(0, min(new_index, len(order))), media_id)
        self.set_media_order(order)

    def update_media(self, media_id: int, title: str) -> None:
        """Rename a video as the manager lists it."""
        self.ctx.require(MANAGERS, "update_media")
        title = " ".join((title or "").split())
        if len(title) > 200:
            raise InvalidInput(tr("Tên video tối đa 200 ký tự."))
        with self.ctx.tx() as s:
            row = _owned(self.ctx, s, MediaItem, media_id, tr("Không có video này trong danh sách phát."))
            row.title = title
            self.ctx.event(s, EventKind.media_changed, media_id=media_id)
            self.ctx.audit(s, "media_update", "media", media_id, title=title)

    def remove_media(self, media_id: int) -> None:
        """Take a video out of the playlist (the row stays, inactive, for the audit)."""
        self.ctx.require(MANAGERS, "remove_media")
        with self.ctx.tx() as s:
            row = _owned(self.ctx, s, MediaItem, media_id, tr("Không có video này trong danh sách phát."))
            row.active = False
            self.ctx.event(s, EventKind.media_changed, media_id=media_id)
            self.ctx.audit(s, "media_remove", "media", media_id, path=row.path, title=row.title)

    # -- stations' devices ----------------------------------------------------------------
    def station_settings(self, name: str) -> dict:
        """The device settings stored for station `name` ({"printer": {…}, "scanner": {…}}); {} when none."""
        with self.ctx.read() as s:
            row = s.get(Setting, STATION_PREFIX + (name or "").strip())
            return dict(row.value) if row is not None and isinstance(row.value, dict) else {}

    def save_station_settings(self, name: str, printer: dict, scanner: dict) -> None:
        """Store station `name`'s printer and scanner fields (fields left out keep the station's own file)."""
        self.ctx.require(MANAGERS, "save_station_settings")
        name = text_arg(name, tr("Tên máy"), max_len=64)
        try:
            name = check_station_name(name)
            printer, scanner = check_station_settings(printer, scanner, self.store.setup.setting(PRINTER_FOLDER_KEY) or "")
        except StationSettingsError as error:
            raise InvalidInput(str(error)) from None
        value = {"printer": printer, "scanner": scanner}
        with self.ctx.tx() as s:
            row = s.get(Setting, STATION_PREFIX + name) or Setting(key=STATION_PREFIX + name)
            row.value = value
            s.add(row)
            self.ctx.event(s, EventKind.station_settings_changed, station=name)
            self.ctx.audit(s, "station_settings_save", "station", name, **value)

    def remove_station_settings(self, name: str) -> None:
        """Forget station `name`'s stored devices: it uses its own file again."""
        self.ctx.require(MANAGERS, "remove_station_settings")
        with self.ctx.tx() as s:
            row = s.get(Setting, STATION_PREFIX + (name or "").strip())
            if row is None:
                raise NotFound(tr("Không có thiết lập cho máy trạm {name}.", name=name))
            s.delete(row)
            self.ctx.event(s, EventKind.station_settings_changed, station=name)
            self.ctx.audit(s, "station_settings_remove", "station", name)

    def stations(self) -> list[StationInfo]:
        """Every station with stored settings or a printer report, by name, with its printer's last state."""
        with self.ctx.read() as s:
            rows = s.scalars(select(Setting).where(
                Setting.key.startswith(STATION_PREFIX) | Setting.key.startswith(STATUS_PREFIX))).all()
            stored = {r.key[len(STATION_PREFIX):]: r.value for r in rows if r.key.startswith(STATION_PREFIX)}
            status = {r.key[len(STATUS_PREFIX):]: r.value for r in rows if r.key.startswith(STATUS_PREFIX)}
        out = []
        for name in sorted(set(stored) | set(status)):
            value, report = stored.get(name) or {}, status.get(name) or {}
            out.append(StationInfo(name, dict(value.get("printer", {})), dict(value.get("scanner", {})),
                                   report.get("status", ""), report.get("detail", ""), report.get("at", "")))
        return out

    # -- shared ---------------------------------------------------------------------------


def _owned(ctx: Context, s: Session, model, row_id: int, missing: str):
    """The office's row `row_id` of `model`, locked for the change; NotFound with `missing` otherwise."""
    row = s.get(model, row_id, with_for_update=True)
    if row is None or row.office_id != ctx.office().id:
        raise NotFound(missing)
    return row


def _notice_text(text: str, starts_on: date | None, ends_on: date | None) -> str:
    """The notice's text with its spaces tidied; InvalidInput when text or dates cannot be shown."""
    text = " ".join((text or "").split())
    if not text or len(text) > 500:
        raise InvalidInput(tr("Thông báo phải có nội dung, tối đa 500 ký tự."))
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidInput(tr("Ngày kết thúc phải sau ngày bắt đầu."))
    return text
