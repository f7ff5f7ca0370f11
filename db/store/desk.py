"""The clerk's desk: today's own figures and the citizen's satisfaction answer (đánh giá)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, or_, select

from core.i18n import N_, tr
from core.status import TicketStatus
from db.errors import InvalidInput, InvalidState
from db.events import EventKind, ticket_payload
from db.models import TICKET_WAITING, Counter, CounterService, Rating, Ticket
from db.store import rows
from db.store.base import STAFF, Context, StoreService
from db.store.tickets import status_label
from db.store.views import ClerkFigures, TicketInfo

SCORES = {3: N_("Rất hài lòng"), 2: N_("Hài lòng"), 1: N_("Không hài lòng")}
RATEABLE = (TicketStatus.called, TicketStatus.serving, TicketStatus.done)


def score_label(score: int) -> str:
    return tr(SCORES.get(score, str(score)))



# what may become of the counter's current ticket when the clerk leaves: put back in the queue,
# the citizen never came, or served
LEAVE_AS = {"waiting": ("called", "serving"), "no_show": ("called",), "done": ("serving",)}


@dataclass(frozen=True)
class DeskState:
    """Everything the counter's calling tab shows, read in one transaction."""

    counter: int
    current: TicketInfo | None
    waiting: tuple[TicketInfo, ...]  # this counter's own queue: its fields' tickets and those sent to it
    parked: tuple[TicketInfo, ...]
    no_show: tuple[TicketInfo, ...]
    figures: ClerkFigures
    now: datetime
    day: date


class DeskOps(StoreService):
    def desk(self, counter: int) -> DeskState:
        """The counter's whole calling desk: current ticket, own queue (filtered here, not on screen),
        parked and no-show lists, today's figures; one transaction."""
        self.ctx.require(STAFF, "desk")
        now = self.ctx.now()
        day = self.ctx.business_day(now)
        with self.ctx.read() as s:
            ctr = rows.counter(self.ctx, s, counter)
            mine = select(CounterService.service_id).where(CounterService.counter_id == ctr.id)
            mine_waiting = s.scalars(select(Ticket).where(
                TICKET_WAITING, Ticket.day == day,
                or_(Ticket.target_counter_id == ctr.id,
                    and_(Ticket.target_counter_id.is_(None), Ticket.service_id.in_(mine))))
                .order_by(Ticket.priority.is_(None), Ticket.queue_at, Ticket.id)).all()
            return DeskState(
                counter=counter, current=self.store.queue.current_ticket(counter), waiting=tuple(rows.ticket_infos(s, mine_waiting)),
                parked=tuple(self.store.queue.tickets_today(("parked",), counter=counter)),
                no_show=tuple(self.store.queue.tickets_today(("no_show",), counter=counter)),
                figures=self.clerk_figures(), now=now, day=day)

    def leave_counter(self, counter: int, current: str | None = None) -> TicketInfo | None:
        """The clerk signs out of `counter`: its current ticket (if any) is put back in the queue
        (`current="waiting"`, ahead of later tickets), marked no-show, or finished, and the counter is
        closed; one transaction. With a ticket at the counter and no `current`, nothing changes."""
        self.ctx.require(STAFF, "leave_counter")
        with self.ctx.tx() as s:
            ctr = rows.counter(self.ctx, s, counter, lock=True)
            t = rows.current(s, ctr)
            left = None
            if t is not None:
                if current is None:
                    raise InvalidState(tr("Số {code} vẫn đang ở quầy: hãy cho chờ lại hoặc ghi vắng mặt trước "
                                          "khi đăng xuất.", code=t.code))
                if t.status not in LEAVE_AS.get(current, ()):
                    raise InvalidState(tr("Số {code} đang ở trạng thái {status}: không thể thực hiện.",
                                          code=t.code, status=status_label(t.status)))
                now = self.ctx.now()
                kind = {"waiting": EventKind.ticket_released, "no_show": EventKind.ticket_no_show,
                        "done": EventKind.ticket_finished}[current]
                if current == "waiting":  # queue_at kept: first in line again
                    t.counter_id, t.user_id, t.called_at = None, None, None
                elif current == "done":
                    t.finished_at = now
                t.status = current
                self.ctx.event(s, kind, ticket_id=t.id, counter_id=ctr.id,
                            **ticket_payload(t.code, counter_number=ctr.number, service_id=t.service_id))
                self.ctx.audit(s, f"ticket_{current}_on_leave", "ticket", t.id, code=t.code, counter=ctr.number)
                left = t.code
            ctr.user_id = None
            self.ctx.event(s, EventKind.counter_closed, counter_id=ctr.id, counter_number=ctr.number,
                        clerk=self.ctx.actor.full_name)
            self.ctx.audit(s, EventKind.counter_closed.value, "counter", ctr.id, number=ctr.number,
                        **({"ticket": left} if left else {}))
            s.flush()
            return None if left is None else self.store.queue.ticket(left)

    def clerk_figures(self) -> ClerkFigures:
        """Today's figures of the signed-in clerk: served, no-shows, mean service time, ratings."""
        self.ctx.require(STAFF, "clerk_figures")
        day = self.ctx.business_day()
        me = self.ctx.actor.user_id
        with self.ctx.read() as s:
            rows = s.execute(select(Ticket.status, Ticket.started_at, Ticket.finished_at)
                             .where(Ticket.day == day, Ticket.user_id == me,
                                    Ticket.status.in_((TicketStatus.done, TicketStatus.no_show)))).all()
            start = datetime.combine(day, time(0), tzinfo=self.ctx.office().tz)
            ratings = dict(s.execute(select(Rating.score, func.count(Rating.id))
                                     .where(Rating.user_id == me, Rating.at >= start,
                                            Rating.at < start + timedelta(days=1))
                                     .group_by(Rating.score)).all())
        done = [r for r in rows if r.status == TicketStatus.done]
        spans = [(r.finished_at - r.started_at).total_seconds() / 60 for r in done
                 if r.started_at and r.finished_at]
        return ClerkFigures(served=len(done), no_show=len(rows) - len(done),
                            mean_service_minutes=round(sum(spans) / len(spans), 1) if spans else None,
                            ratings={int(k): int(v) for k, v in ratings.items()})

    def record_rating(self, ticket_id: int, score: int) -> None:
        """The citizen's answer (3 rất hài lòng, 2 hài lòng, 1 không hài lòng), once per ticket."""
        self.ctx.require(STAFF, "record_rating")
        save_rating(self.ctx, ticket_id, score)

    def open_counter(self, counter: int) -> None:
        """The signed-in clerk takes `counter` (the display shows who serves there)."""
        self._set_counter_clerk(counter, self.ctx.actor.user_id, EventKind.counter_opened)

    def close_counter(self, counter: int) -> None:
        self._set_counter_clerk(counter, None, EventKind.counter_closed)

    def _set_counter_clerk(self, counter: int, user_id: int | None, kind: EventKind) -> None:
        self.ctx.require({"clerk", "manager", "admin"}, kind.value)
        with self.ctx.tx() as s:
            ctr = rows.counter(self.ctx, s, counter)
            ctr.user_id = user_id
            self.ctx.event(s, kind, counter_id=ctr.id, counter_number=ctr.number, clerk=self.ctx.actor.full_name)
            self.ctx.audit(s, kind.value, "counter", ctr.id, number=ctr.number)


def save_rating(ctx: Context, ticket_id: int, score: int) -> None:
    """Store a citizen's answer once, against the ticket, its counter and its clerk (the counter's citizen
    screen as the clerk, the ticket's phone page as the citizen): InvalidInput / InvalidState otherwise."""
    if score not in SCORES:
        raise InvalidInput(tr("Mức đánh giá không hợp lệ: {score}", score=score))
    with ctx.tx() as s:
        t = rows.ticket_by_id(s, ticket_id)
        if t.status not in RATEABLE:
            raise InvalidState(tr("Số {code} chưa được phục vụ: chưa thể đánh giá.", code=t.code))
        if s.scalar(select(Rating.id).where(Rating.ticket_id == t.id)) is not None:
            raise InvalidState(tr("Số {code} đã được đánh giá.", code=t.code))
        user_id = t.user_id or ctx.actor.user_id
        s.add(Rating(ticket_id=t.id, counter_id=t.counter_id, user_id=user_id, score=score, at=ctx.now()))
        ctr = s.get(Counter, t.counter_id) if t.counter_id else None
        ctx.event(s, EventKind.rating_recorded, ticket_id=t.id, counter_id=t.counter_id, code=t.code,
                  counter_number=ctr.number if ctr else None, score=score)
        ctx.audit(s, "rating_recorded", "ticket", t.id, code=t.code, score=score)
