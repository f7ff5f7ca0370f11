"""The clerk's desk: today's own figures and the citizen's satisfaction answer (đánh giá)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from core.i18n import N_, tr
from core.status import TicketStatus
from db.errors import InvalidInput, InvalidState
from db.events import EventKind
from db.models import Counter, Rating, Ticket
from db.store.base import STAFF, StoreBase
from db.store.views import ClerkFigures

SCORES = {3: N_("Rất hài lòng"), 2: N_("Hài lòng"), 1: N_("Không hài lòng")}
RATEABLE = (TicketStatus.called, TicketStatus.serving, TicketStatus.done)


def score_label(score: int) -> str:
    return tr(SCORES.get(score, str(score)))


class DeskOps(StoreBase):
    def clerk_figures(self) -> ClerkFigures:
        """Today's figures of the signed-in clerk: served, no-shows, mean service time, ratings."""
        self._require(STAFF, "clerk_figures")
        day = self.business_day()
        me = self.actor.user_id
        with self._read() as s:
            rows = s.execute(select(Ticket.status, Ticket.started_at, Ticket.finished_at)
                             .where(Ticket.day == day, Ticket.user_id == me,
                                    Ticket.status.in_((TicketStatus.done, TicketStatus.no_show)))).all()
            start = datetime.combine(day, time(0), tzinfo=self.office().tz)
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
        self._require(STAFF, "record_rating")
        if score not in SCORES:
            raise InvalidInput(tr("Mức đánh giá không hợp lệ: {score}", score=score))
        with self._tx() as s:
            t = self._ticket_by_id(s, ticket_id)
            if t.status not in RATEABLE:
                raise InvalidState(tr("Số {code} chưa được phục vụ: chưa thể đánh giá.", code=t.code))
            if s.scalar(select(Rating.id).where(Rating.ticket_id == t.id)) is not None:
                raise InvalidState(tr("Số {code} đã được đánh giá.", code=t.code))
            user_id = t.user_id or self.actor.user_id
            s.add(Rating(ticket_id=t.id, counter_id=t.counter_id, user_id=user_id, score=score, at=self.now()))
            ctr = s.get(Counter, t.counter_id) if t.counter_id else None
            self._event(s, EventKind.rating_recorded, ticket_id=t.id, counter_id=t.counter_id, code=t.code,
                        counter_number=ctr.number if ctr else None, score=score)
            self._audit(s, "rating_recorded", "ticket", t.id, code=t.code, score=score)
