"""Queue operations: issue, call, serve, hand over. Each is one transaction."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from core.i18n import N_, tr
from core.status import TicketStatus, can_move
from db.errors import InvalidInput, InvalidState
from db.events import CallPayload, EventKind, ticket_payload
from db.models import TICKET_WAITING, Service, Ticket
from db.store import guard, rows
from db.store.arguments import text_arg
from db.store.base import STAFF
from db.store.calling import CallOps
from db.store.rows import ACTIVE
from db.store.issuing import UNCONFIRMED
from db.store.views import Position, TicketInfo

class TicketOps(CallOps):
    # -- printing -----------------------------------------------------------
    def mark_printed(self, ticket_id: int, ok: bool, reason: str = "") -> None:
        """Record whether the paper came out; a failed print stays reprintable.

        Either way the kiosk has the number (on paper or on its screen): the ticket is confirmed.
        """
        reason = text_arg(reason, tr("Lý do"), max_len=300)
        with self.ctx.tx() as s:
            t = rows.ticket_by_id(s, ticket_id)
            guard.own_ticket(self.ctx.actor, t.kiosk, "mark_printed")  # a kiosk marks only the tickets it issued
            t.print_status = "printed" if ok else "failed"
            self._confirm(s, t)
            if not ok:
                self.ctx.event(s, EventKind.ticket_print_failed, ticket_id=t.id, code=t.code, reason=reason)
            self.ctx.audit(s, "ticket_print", "ticket", t.id, code=t.code, ok=ok, reason=reason)

    def confirm_ticket(self, ticket_id: int) -> None:
        """The kiosk showed the number (no printer): the ticket may now be called."""
        with self.ctx.tx() as s:
            t = rows.ticket_by_id(s, ticket_id)
            guard.own_ticket(self.ctx.actor, t.kiosk, "confirm_ticket")  # only the kiosk that issued it
            self._confirm(s, t)

    def _confirm(self, s: Session, t: Ticket) -> None:
        """The kiosk has the number: callable from now on, and back in line if the rule had
        cancelled it meanwhile (the citizen holds it, at the place it was issued)."""
        t.confirmed_at = t.confirmed_at or self.ctx.now()
        if t.status == "cancelled" and t.note == UNCONFIRMED:
            t.status, t.note = "waiting", ""
            self.ctx.event(s, EventKind.ticket_reactivated, ticket_id=t.id, code=t.code, service_id=t.service_id)

    def reprint(self, code: str) -> TicketInfo:
        """Today's ticket `code` again, for printing once more (never a new number)."""
        with self.ctx.tx() as s:
            t = rows.ticket_today(self.ctx, s, code)
            svc = s.get_one(Service, t.service_id)
            ahead = rows.ahead(s, t) if t.status == TicketStatus.waiting else 0
            self.ctx.event(s, EventKind.ticket_reprinted, ticket_id=t.id, code=t.code)
            self.ctx.audit(s, "ticket_reprint", "ticket", t.id, code=t.code)
            return rows.ticket_info(s, t, svc, ahead=ahead, wait_minutes=rows.wait_minutes(self.ctx, s.connection(), svc.id, t.day, ahead))

    # -- calling --------------------------------------------------------------
    def recall(self, counter: int) -> TicketInfo:
        """Call the counter's current ticket again (display repeats it)."""
        self.ctx.require(STAFF, "recall")
        now = self.ctx.now()
        with self.ctx.tx() as s:
            ctr = rows.counter(self.ctx, s, counter)
            t = rows.at_counter(s, ctr)
            t.user_id, t.called_at = self.ctx.actor.user_id, now
            t.call_count += 1
            svc = s.get_one(Service, t.service_id)
            self.ctx.event(s, EventKind.ticket_recalled, ticket_id=t.id, counter_id=ctr.id, **CallPayload(
                t.code, ctr.number, ctr.name or "", t.service_id, svc.prefix, t.call_count).as_dict())
            self.ctx.audit(s, "ticket_recalled", "ticket", t.id, code=t.code, counter=ctr.number)
            return rows.ticket_info(s, t, svc, counter=ctr)

    # -- serving ----------------------------------------------------------------
    def start_serving(self, counter: int) -> TicketInfo:
        """The citizen has arrived at the counter: the service time starts."""
        return self._step(counter, "start_serving", (TicketStatus.called,), TicketStatus.serving,
                          EventKind.ticket_serving_started)

    def finish(self, counter: int) -> TicketInfo:
        """The citizen is done: the ticket is served."""
        return self._step(counter, "finish", ACTIVE, TicketStatus.done, EventKind.ticket_finished)

    def mark_no_show(self, counter: int) -> TicketInfo:
        """Nobody came after the call(s): the ticket waits aside for `reactivate`."""
        return self._step(counter, "mark_no_show", (TicketStatus.called,), TicketStatus.no_show,
                          EventKind.ticket_no_show)

    def park(self, counter: int) -> TicketInfo:
        """Set the current citizen aside (fetching a paper) and keep them for `resume`."""
        return self._step(counter, "park", ACTIVE, TicketStatus.parked, EventKind.ticket_parked)

    def _step(self, counter: int, action: str, allowed: tuple[TicketStatus, ...], to: TicketStatus,
              kind: EventKind) -> TicketInfo:
        self.ctx.require(STAFF, action)
        now = self.ctx.now()
        with self.ctx.tx() as s:
            ctr = rows.counter(self.ctx, s, counter)
            t = rows.at_counter(s, ctr)
            if t.status not in allowed or not can_move(t.status, to):
                raise InvalidState(tr("Số {code} đang ở trạng thái {status}: không thể thực hiện.",
                                      code=t.code, status=status_label(t.status)))
            t.status = to
            if to == TicketStatus.serving:
                t.started_at = now
            elif to == TicketStatus.done:
                t.started_at = t.started_at or t.called_at
                t.finished_at = now
            svc = s.get_one(Service, t.service_id)
            self.ctx.event(s, kind, ticket_id=t.id, counter_id=ctr.id,
                        **ticket_payload(t.code, counter_number=ctr.number, service_id=t.service_id))
            self.ctx.audit(s, action, "ticket", t.id, code=t.code, counter=ctr.number)
            return rows.ticket_info(s, t, svc, counter=ctr)

    def resume(self, counter: int, code: str) -> TicketInfo:
        """Bring a parked citizen back to `counter` and serve them."""
        self.ctx.require(STAFF, "resume")
        now = self.ctx.now()
        with self.ctx.tx() as s:
            ctr = rows.counter(self.ctx, s, counter)
            t = rows.ticket_today(self.ctx, s, code)
            if t.status != TicketStatus.parked:
                raise InvalidState(tr("Số {code} không ở danh sách tạm dừng.", code=t.code))
            if rows.current(s, ctr) is not None:
                raise InvalidState(tr("Quầy đang phục vụ một số khác: hãy kết thúc trước."))
            t.status, t.counter_id, t.user_id = TicketStatus.serving, ctr.id, self.ctx.actor.user_id
            t.started_at = t.started_at or now
            svc = s.get_one(Service, t.service_id)
            self.ctx.event(s, EventKind.ticket_resumed, ticket_id=t.id, counter_id=ctr.id, code=t.code,
                        counter_number=ctr.number, service_id=t.service_id)
            self.ctx.audit(s, "resume", "ticket", t.id, code=t.code, counter=ctr.number)
            return rows.ticket_info(s, t, svc, counter=ctr)

    def reactivate(self, code: str) -> TicketInfo:
        """A no-show citizen turned up: back in the queue at their original place."""
        self.ctx.require(STAFF, "reactivate")
        with self.ctx.tx() as s:
            t = rows.ticket_today(self.ctx, s, code)
            if t.status != TicketStatus.no_show:
                raise InvalidState(tr("Số {code} không ở danh sách vắng mặt.", code=t.code))
            t.status = TicketStatus.waiting
            svc = s.get_one(Service, t.service_id)
            self.ctx.event(s, EventKind.ticket_reactivated, ticket_id=t.id, code=t.code, service_id=t.service_id)
            self.ctx.audit(s, "reactivate", "ticket", t.id, code=t.code)
            return rows.ticket_info(s, t, svc)

    def transfer(self, counter: int, *, service: str | None = None, to_counter: int | None = None) -> TicketInfo:
        """Send the counter's current citizen to another field or counter, ahead of later tickets."""
        self.ctx.require(STAFF, "transfer")
        if (service is None) == (to_counter is None):
            raise InvalidInput(tr("Chọn một lĩnh vực hoặc một quầy để chuyển."))
        with self.ctx.tx() as s:
            ctr = rows.counter(self.ctx, s, counter)
            t = rows.at_counter(s, ctr)
            t.from_service_id = t.service_id
            target_number = None
            if service is not None:
                svc = rows.service(self.ctx, s, service)
                t.service_id, t.target_counter_id = svc.id, None
            else:
                target = rows.counter(self.ctx, s, to_counter)
                if target.id == ctr.id:
                    raise InvalidInput(tr("Không thể chuyển đến chính quầy này."))
                t.target_counter_id, target_number = target.id, target.number
            # queue_at kept: ahead of later tickets
            t.status, t.counter_id, t.called_at = TicketStatus.waiting, None, None
            svc = s.get_one(Service, t.service_id)
            self.ctx.event(s, EventKind.ticket_transferred, ticket_id=t.id, counter_id=ctr.id, code=t.code,
                        counter_number=ctr.number, service_id=svc.id, prefix=svc.prefix,
                        to_counter_number=target_number)
            self.ctx.audit(s, "transfer", "ticket", t.id, code=t.code, service=svc.code, to_counter=to_counter)
            return rows.ticket_info(s, t, svc)

    def cancel(self, code: str, reason: str = "") -> TicketInfo:
        """Void today's ticket `code` (it keeps its number; nobody else gets it)."""
        self.ctx.require(STAFF, "cancel")
        reason = text_arg(reason, tr("Lý do"), max_len=300)
        with self.ctx.tx() as s:
            t = rows.ticket_today(self.ctx, s, code)
            if not can_move(t.status, TicketStatus.cancelled):
                raise InvalidState(tr("Số {code} đang ở trạng thái {status}: không thể hủy.",
                                      code=t.code, status=status_label(t.status)))
            t.status, t.note = TicketStatus.cancelled, reason
            svc = s.get_one(Service, t.service_id)
            self.ctx.event(s, EventKind.ticket_cancelled, ticket_id=t.id, counter_id=t.counter_id, code=t.code,
                        service_id=t.service_id)
            self.ctx.audit(s, "cancel", "ticket", t.id, code=t.code, reason=reason)
            return rows.ticket_info(s, t, svc)

    # -- looking --------------------------------------------------------------------
    def ticket(self, code: str, day: date | None = None) -> TicketInfo:
        """Ticket `code` of `day` (default today) with its place in the queue."""
        with self.ctx.read() as s:
            t = rows.ticket_today(self.ctx, s, code, day=day)
            svc = s.get_one(Service, t.service_id)
            ahead = rows.ahead(s, t) if t.status == TicketStatus.waiting else None
            wait = rows.wait_minutes(self.ctx, s.connection(), svc.id, t.day, ahead) if ahead is not None else None
            return rows.ticket_info(s, t, svc, ahead=ahead, wait_minutes=wait)

    def position(self, ticket_id: int) -> Position:
        """How many wait before this ticket and roughly how long it will take."""
        with self.ctx.read() as s:
            t = rows.ticket_by_id(s, ticket_id)
            svc = s.get_one(Service, t.service_id)
            ahead = rows.ahead(s, t) if t.status == TicketStatus.waiting else 0
            return Position(ahead, rows.wait_minutes(self.ctx, s.connection(), svc.id, t.day, ahead))

    def waiting(self, service: str | None = None) -> list[TicketInfo]:
        """Today's waiting tickets (of one service, or all), in queue order."""
        with self.ctx.read() as s:
            q = select(Ticket).where(TICKET_WAITING, Ticket.day == self.ctx.business_day())
            if service is not None:
                q = q.where(Ticket.service_id == rows.service(self.ctx, s, service).id)
            return rows.ticket_infos(s, s.scalars(q.order_by(Ticket.priority.is_(None), Ticket.queue_at, Ticket.id)).all())

    def tickets_today(self, statuses: tuple[str, ...], counter: int | None = None) -> list[TicketInfo]:
        """Today's tickets in `statuses` (e.g. parked, no_show), optionally of one counter."""
        with self.ctx.read() as s:
            q = select(Ticket).where(Ticket.status.in_(statuses), Ticket.day == self.ctx.business_day())
            if counter is not None:
                q = q.where(Ticket.counter_id == rows.counter(self.ctx, s, counter).id)
            return rows.ticket_infos(s, s.scalars(q.order_by(Ticket.queue_at, Ticket.id)).all())

    def waiting_counts(self) -> dict[str, int]:
        """{prefix: number waiting} for today, every active service listed."""
        with self.ctx.read() as s:
            counts = dict(
                s.execute(
                    select(Service.prefix, func.count(Ticket.id))
                    .join(Ticket, and_(Ticket.service_id == Service.id, TICKET_WAITING,
                                       Ticket.day == self.ctx.business_day()), isouter=True)
                    .where(Service.active.is_(True)).group_by(Service.prefix)
                ).all()
            )
            return counts

    def current_ticket(self, counter: int) -> TicketInfo | None:
        with self.ctx.read() as s:
            ctr = rows.counter(self.ctx, s, counter)
            t = rows.current(s, ctr)
            return None if t is None else rows.ticket_info(s, t, s.get_one(Service, t.service_id), counter=ctr)


STATUS_LABELS: dict[str, str] = {
    TicketStatus.waiting: N_("đang chờ"), TicketStatus.called: N_("đã gọi"), TicketStatus.serving: N_("đang phục vụ"),
    TicketStatus.parked: N_("tạm dừng"), TicketStatus.no_show: N_("vắng mặt"), TicketStatus.done: N_("đã xong"),
    TicketStatus.cancelled: N_("đã hủy"), TicketStatus.expired: N_("hết hạn"),
}


def status_label(status: str) -> str:
    """The ticket status in the user's language."""
    return tr(STATUS_LABELS.get(status, status))
