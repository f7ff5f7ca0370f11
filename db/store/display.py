"""What the wall display reads: recent calls, the ticker's notices, the video playlist, the board at once.

The write side for notices and media (the manager's screens) is `add_notice` /
`add_media`, managers only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, or_, select

from core.i18n import tr
from db.errors import InvalidInput
from db.events import EventKind
from db.models import Counter, MediaItem, Notice, Ticket
from db.store.arguments import int_arg, optional_date, text_arg
from db.store.base import MANAGERS, StoreService
from db.store.views import CounterInfo, ServiceInfo


@dataclass(frozen=True)
class RecentCall:
    """A call the board lists under "vừa gọi": ticket code to counter, when, how many times."""

    ticket_id: int
    code: str
    counter_number: int | None
    counter_name: str
    called_at: datetime
    call_count: int
    status: str


@dataclass(frozen=True)
class NoticeInfo:
    id: int
    text: str
    starts_on: date | None
    ends_on: date | None


@dataclass(frozen=True)
class MediaInfo:
    """A guidance video in the playlist (path on the display PC, or a URL)."""

    id: int
    path: str
    title: str
    position: int


@dataclass(frozen=True)
class Board:
    """Everything the wall display shows, read at one moment (to rebuild after a start or a lost link)."""

    office_name: str
    day: date
    counters: tuple[CounterInfo, ...]
    services: tuple[ServiceInfo, ...]
    recent: tuple[RecentCall, ...]
    notices: tuple[NoticeInfo, ...]


class BoardOps(StoreService):
    def recent_calls(self, limit: int = 8) -> list[RecentCall]:
        """Today's last `limit` calls, newest first (a recall counts as a new call); a number put back in the
        queue, marked absent or cancelled is no longer shown as called."""
        day = self.ctx.business_day()
        with self.ctx.read() as s:
            rows = s.execute(
                select(Ticket.id, Ticket.code, Ticket.called_at, Ticket.call_count, Ticket.status,
                       Counter.number, Counter.name)
                .join(Counter, Counter.id == Ticket.counter_id, isouter=True)
                .where(Ticket.day == day, Ticket.office_id == self.ctx.office().id, Ticket.called_at.is_not(None),
                       Ticket.status.not_in(("waiting", "no_show", "cancelled")))
                .order_by(Ticket.called_at.desc(), Ticket.id.desc()).limit(max(0, limit))
            ).all()
        return [RecentCall(ticket_id=r.id, code=r.code, counter_number=r.number, counter_name=r.name or "",
                           called_at=r.called_at, call_count=r.call_count, status=r.status) for r in rows]

    def display_board(self, recent: int = 8) -> Board:
        """The whole board: office, counters with their tickets, waiting per field, recent calls, notices.

        One transaction: the parts agree with each other."""
        with self.ctx.read():
            return Board(
                office_name=self.ctx.office().name, day=self.ctx.business_day(),
                counters=tuple(self.store.setup.counters()), services=tuple(s for s in self.store.setup.services() if s.active),
                recent=tuple(self.recent_calls(recent)), notices=tuple(self.store.content.notices()),
            )


class NoticeOps(StoreService):
    def notices(self, today: date | None = None) -> list[NoticeInfo]:
        """The ticker's active notices for `today` (default: the office's business day)."""
        today = today or self.ctx.business_day()
        with self.ctx.read() as s:
            rows = s.scalars(
                select(Notice).where(
                    Notice.office_id == self.ctx.office().id, Notice.active.is_(True),
                    or_(Notice.starts_on.is_(None), Notice.starts_on <= today),
                    or_(Notice.ends_on.is_(None), Notice.ends_on >= today),
                ).order_by(Notice.id)
            ).all()
            return [NoticeInfo(id=n.id, text=n.text, starts_on=n.starts_on, ends_on=n.ends_on) for n in rows]

    def media_playlist(self) -> list[MediaInfo]:
        """The active guidance videos, in playing order."""
        with self.ctx.read() as s:
            rows = s.scalars(
                select(MediaItem).where(and_(MediaItem.office_id == self.ctx.office().id, MediaItem.active.is_(True)))
                .order_by(MediaItem.position, MediaItem.id)
            ).all()
            return [MediaInfo(id=m.id, path=m.path, title=m.title, position=m.position) for m in rows]

    # -- the manager's side ------------------------------------------------------
    def add_notice(self, text: str, *, starts_on: date | None = None, ends_on: date | None = None) -> int:
        """Put a message on the display's ticker, optionally between two dates (managers only)."""
        self.ctx.require(MANAGERS, "add_notice")
        text = " ".join(text_arg(text, tr("Thông báo"), max_len=2000).split())
        starts_on, ends_on = optional_date(starts_on, tr("Ngày bắt đầu")), optional_date(ends_on, tr("Ngày kết thúc"))
        if not text or len(text) > 500:
            raise InvalidInput(tr("Thông báo phải có nội dung, tối đa 500 ký tự."))
        if starts_on and ends_on and ends_on < starts_on:
            raise InvalidInput(tr("Ngày kết thúc phải sau ngày bắt đầu."))
        with self.ctx.tx() as s:
            row = Notice(office_id=self.ctx.office().id, text=text, starts_on=starts_on, ends_on=ends_on, active=True)
            return self._added(s, row, EventKind.notices_changed, "notice", text=text)

    def add_media(self, path: str, *, title: str = "", position: int | None = None) -> int:
        """Add a guidance video (a file path on the display PC) to the playlist (managers only)."""
        self.ctx.require(MANAGERS, "add_media")
        path, title = text_arg(path, tr("Tệp video"), max_len=1000), text_arg(title, tr("Tên video"), max_len=200)
        position = None if position is None else int_arg(position, tr("Vị trí"), low=-10**6, high=10**6)
        if not path:
            raise InvalidInput(tr("Hãy chọn tệp video."))
        with self.ctx.tx() as s:
            if position is None:
                last = s.scalar(select(MediaItem.position).where(MediaItem.office_id == self.ctx.office().id)
                                .order_by(MediaItem.position.desc()).limit(1))
                position = 0 if last is None else last + 1
            row = MediaItem(office_id=self.ctx.office().id, path=path, title=title, position=position, active=True)
            return self._added(s, row, EventKind.media_changed, "media", path=path)

    def _added(self, s, row, kind: EventKind, entity: str, **detail) -> int:
        """Insert `row`, tell the displays (`kind`) and keep the audit line; returns the new id."""
        s.add(row)
        s.flush()
        self.ctx.event(s, kind, **{f"{entity}_id": row.id})
        self.ctx.audit(s, f"{entity}_add", entity, row.id, **detail)
        return row.id
