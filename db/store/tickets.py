"""Queue operations: issue, call, serve, hand over. Each is one transaction."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from core.i18n import N_, tr
from core.status import TICKET_OPEN, TicketStatus, can_move
from db.errors import InvalidInput, InvalidState, NotFound
from db.events import CallPayload, EventKind, ticket_payload
from db.models import TICKET_WAITING, Counter, Service, Ticket
from db.store.arguments import INT64_MAX, int_arg, text_arg
from db.store import guard
from db.store.base import STAFF
from db.store.calling import ACTIVE, CallOps
from db.store.issuing import UNCONFIRMED
from db.store.views import Position, TicketInfo

OPEN = TICKET_OPEN


class TicketOps(CallOps):
    # -- printing -----------------------------------------------------------
    def mark_printed(self, ticket_id: int, ok: bool, reason: str = "") -> None:
        """Record whether the paper came out; a failed print stays reprintable.

        Either way the kiosk has the number (on paper or on its screen): the ticket is confirmed.
        """
        reason = text_arg(reason, tr("Lý do"), max_len=300)
        with self._tx() as s:
            t = self._ticket_by_id(s, ticket_id)
            guard.own_ticket(self.actor, t.kiosk, "mark_printed")  # a kiosk marks only the tickets it issued
            t.print_status = "printed" if ok else "failed"
            self._confirm(s, t)
            if not ok:
                self._event(s, EventKind.ticket_print_failed, ticket_id=t.id, code=t.code, reason=reason)
            self._audit(s, "ticket_print", "ticket", t.id, ok=ok, reason=reason)

    def confirm_ticket(self, ticket_id: int) -> None:
        """The kiosk showed the number (no printer): the ticket may now be called."""
        with self._tx() as s:
            t = self._ticket_by_id(s, ticket_id)
            guard.own_ticket(self.actor, t.kiosk, "confirm_ticket")  # only the kiosk that issued it
            self._confirm(s, t)

    def _confirm(self, s: Session, t: Ticket) -> None:
        """The kiosk has the number: callable from now on, and back in line if the rule had
        cancelled it meanwhile (the citizen holds it, at the place it was issued)."""
        t.confirmed_at = t.confirmed_at or self.now()
        if t.status == "cancelled" and t.note == UNCONFIRMED:
            t.status, t.note = "waiting", ""
            self._event(s, EventKind.ticket_reactivated, ticket_id=t.id, code=t.code, service_id=t.service_id)

    def reprint(self, code: str) -> TicketInfo:
        """Today's ticket `code` again, for printing once more (never a new number)."""
        with self._tx() as s:
            t = self._ticket_today(s, code)
            svc = s.get(Service, t.service_id)
            ahead = self._ahead(s, t) if t.status == TicketStatus.waiting else 0
            self._event(s, EventKind.ticket_reprinted, ticket_id=t.id, code=t.code)
            self._audit(s, "ticket_reprint", "ticket", t.id, code=t.code)
            return self._info(s, t, svc, ahead=ahead, wait_minutes=self._wait_minutes(s.connection(), svc.id, t.day, ahead))

    # -- calling --------------------------------------------------------------
    def recall(self, counter: int) -> TicketInfo:
        """Call the counter's current ticket again (display repeats it)."""
        self._require(STAFF, "recall")
        now = self.now()
        with self._tx() as s:
            ctr = self._counter(s, counter)
            t = self._current(s, ctr, required=True)
            t.user_id, t.called_at = self.actor.user_id, now
            t.call_count += 1
            svc = s.get(Service, t.service_id)
            self._event(s, EventKind.ticket_recalled, ticket_id=t.id, counter_id=ctr.id, **CallPayload(
                t.code, ctr.number, ctr.name or "", t.service_id, svc.prefix, t.call_count).as_dict())
            self._audit(s, "ticket_recalled", "ticket", t.id, code=t.code, counter=ctr.number)
            return self._info(s, t, svc, counter=ctr)

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
        self._require(STAFF, action)
        now = self.now()
        with self._tx() as s:
            ctr = self._counter(s, counter)
            t = self._current(s, ctr, required=True)
            if t.status not in allowed or not can_move(t.status, to):
                raise InvalidState(tr("Số {code} đang ở trạng thái {status}: không thể thực hiện.",
                                      code=t.code, status=status_label(t.status)))
            t.status = to
            if to == TicketStatus.serving:
                t.started_at = now
            elif to == TicketStatus.done:
                t.started_at = t.started_at or t.called_at
                t.finished_at = now
            svc = s.get(Service, t.service_id)
            self._event(s, kind, ticket_id=t.id, counter_id=ctr.id,
                        **ticket_payload(t.code, counter_number=ctr.number, service_id=t.service_id))
            self._audit(s, action, "ticket", t.id, code=t.code, counter=ctr.number)
            return self._info(s, t, svc, counter=ctr)

    def resume(self, counter: int, code: str) -> TicketInfo:
        """Bring a parked citizen back to `counter` and serve them."""
        self._require(STAFF, "resume")
        now = self.now()
        with self._tx() as s:
            ctr = self._counter(s, counter)
            t = self._ticket_today(s, code)
            if t.status != TicketStatus.parked:
                raise InvalidState(tr("Số {code} không ở danh sách tạm dừng.", code=t.code))
            if self._current(s, ctr) is not None:
                raise InvalidState(tr("Quầy đang phục vụ một số khác: hãy kết thúc trước."))
            t.status, t.counter_id, t.user_id = TicketStatus.serving, ctr.id, self.actor.user_id
            t.started_at = t.started_at or now
            svc = s.get(Service, t.service_id)
            self._event(s, EventKind.ticket_resumed, ticket_id=t.id, counter_id=ctr.id, code=t.code,
                        counter_number=ctr.number, service_id=t.service_id)
            self._audit(s, "resume", "ticket", t.id, code=t.code, counter=ctr.number)
            return self._info(s, t, svc, counter=ctr)

    def reactivate(self, code: str) -> TicketInfo:
        """A no-show citizen turned up: back in the queue at their original place."""
        self._require(STAFF, "reactivate")
        with self._tx() as s:
            t = self._ticket_today(s, code)
            if t.status != TicketStatus.no_show:
                raise InvalidState(tr("Số {code} không ở danh sách vắng mặt.", code=t.code))
            t.status = TicketStatus.waiting
            svc = s.get(Service, t.service_id)
            self._event(s, EventKind.ticket_reactivated, ticket_id=t.id, code=t.code, service_id=t.service_id)
            self._audit(s, "reactivate", "ticket", t.id, code=t.code)
            return self._info(s, t, svc)

    def transfer(self, counter: int, *, service: str | None = None, to_counter: int | None = None) -> TicketInfo:
        """Send the counter's current citizen to another field or counter, ahead of later tickets."""
        self._require(STAFF, "transfer")
        if (service is None) == (to_counter is None):
            raise InvalidInput(tr("Chọn một lĩnh vực hoặc một quầy để chuyển."))
        with self._tx() as s:
            ctr = self._counter(s, counter)
            t = self._current(s, ctr, required=True)
            t.from_service_id = t.service_id
            target_number = None
            if service is not None:
                svc = self._service(s, service)
                t.service_id, t.target_counter_id = svc.id, None
            else:
                target = self._counter(s, to_counter)
                if target.id == ctr.id:
                    raise InvalidInput(tr("Không thể chuyển đến chính quầy này."))
                t.target_counter_id, target_number = target.id, target.number
            # queue_at kept: ahead of later tickets
            t.status, t.counter_id, t.called_at = TicketStatus.waiting, None, None
            svc = s.get(Service, t.service_id)
            self._event(s, EventKind.ticket_transferred, ticket_id=t.id, counter_id=ctr.id, code=t.code,
                        counter_number=ctr.number, service_id=svc.id, prefix=svc.prefix,
                        to_counter_number=target_number)
            self._audit(s, "transfer", "ticket", t.id, code=t.code, service=svc.code, to_counter=to_counter)
            return self._info(s, t, svc)

    def cancel(self, code: str, reason: str = "") -> TicketInfo:
        """Void today's ticket `code` (it keeps its number; nobody else gets it)."""
        self._require(STAFF, "cancel")
        reason = text_arg(reason, tr("Lý do"), max_len=300)
        with self._tx() as s:
            t = self._ticket_today(s, code)
            if not can_move(t.status, TicketStatus.cancelled):
                raise InvalidState(tr("Số {code} đang ở trạng thái {status}: không thể hủy.",
                                      code=t.code, status=status_label(t.status)))
            t.status, t.note = TicketStatus.cancelled, reason
            svc = s.get(Service, t.service_id)
            self._event(s, EventKind.ticket_cancelled, ticket_id=t.id, counter_id=t.counter_id, code=t.code,
                        service_id=t.service_id)
            self._audit(s, "cancel", "ticket", t.id, code=t.code, reason=reason)
            return self._info(s, t, svc)

    def _expire_past_days(self) -> None:
        """Close waiting tickets of past days as expired (kept, never deleted); once a day."""
        today = self.business_day()
        if self._expired_through == today:
            return
        with self._tx() as s:
            ids = s.scalars(select(Ticket.id).where(Ticket.status.in_(OPEN), Ticket.day < today)).all()
            if ids:
                s.execute(update(Ticket).where(Ticket.id.in_(ids)).values(status=TicketStatus.expired))
                self._event(s, EventKind.tickets_expired, count=len(ids), before=today.isoformat())
                self._audit(s, "tickets_expire", "ticket", "", count=len(ids))
        self._expired_through = today

    # -- looking --------------------------------------------------------------------
    def ticket(self, code: str, day: date | None = None) -> TicketInfo:
        """Ticket `code` of `day` (default today) with its place in the queue."""
        with self._read() as s:
            t = self._ticket_today(s, code, day=day)
            svc = s.get(Service, t.service_id)
            ahead = self._ahead(s, t) if t.status == TicketStatus.waiting else None
            wait = self._wait_minutes(s.connection(), svc.id, t.day, ahead) if ahead is not None else None
            return self._info(s, t, svc, ahead=ahead, wait_minutes=wait)

    def position(self, ticket_id: int) -> Position:
        """How many wait before this ticket and roughly how long it will take."""
        with self._read() as s:
            t = self._ticket_by_id(s, ticket_id)
            svc = s.get(Service, t.service_id)
            ahead = self._ahead(s, t) if t.status == TicketStatus.waiting else 0
            return Position(ahead, self._wait_minutes(s.connection(), svc.id, t.day, ahead))

    def waiting(self, service: str | None = None) -> list[TicketInfo]:
        """Today's waiting tickets (of one service, or all), in queue order."""
        with self._read() as s:
            q = select(Ticket).where(TICKET_WAITING, Ticket.day == self.business_day())
            if service is not None:
                q = q.where(Ticket.service_id == self._service(s, service).id)
            rows = s.scalars(q.order_by(Ticket.priority.is_(None), Ticket.queue_at, Ticket.id)).all()
            return self._infos(s, rows)

    def tickets_today(self, statuses: tuple[str, ...], counter: int | None = None) -> list[TicketInfo]:
        """Today's tickets in `statuses` (e.g. parked, no_show), optionally of one counter."""
        with self._read() as s:
            q = select(Ticket).where(Ticket.status.in_(statuses), Ticket.day == self.business_day())
            if counter is not None:
                q = q.where(Ticket.counter_id == self._counter(s, counter).id)
            return self._infos(s, s.scalars(q.order_by(Ticket.queue_at, Ticket.id)).all())

    def waiting_counts(self) -> dict[str, int]:
        """{prefix: number waiting} for today, every active service listed."""
        with self._read() as s:
            counts = dict(
                s.execute(
                    select(Service.prefix, func.count(Ticket.id))
                    .join(Ticket, and_(Ticket.service_id == Service.id, TICKET_WAITING,
                                       Ticket.day == self.business_day()), isouter=True)
                    .where(Service.active.is_(True)).group_by(Service.prefix)
                ).all()
            )
            return counts

    def current_ticket(self, counter: int) -> TicketInfo | None:
        with self._read() as s:
            ctr = self._counter(s, counter)
            t = self._current(s, ctr)
            return None if t is None else self._info(s, t, s.get(Service, t.service_id), counter=ctr)

    # -- helpers --------------------------------------------------------------------
    def _service(self, s: Session, key: str) -> Service:
        key = text_arg(key, tr("Lĩnh vực"), max_len=40)
        svc = s.scalars(
            select(Service).where(Service.office_id == self.office().id,
                                  or_(Service.prefix == key.upper(), Service.code == key))
        ).first()
        if svc is None:
            raise NotFound(tr("Không có lĩnh vực {key}.", key=key))
        return svc

    def _counter(self, s: Session, number: int | None, lock: bool = False) -> Counter:
        number = int_arg(number, tr("Số quầy"))
        q = select(Counter).where(Counter.office_id == self.office().id, Counter.number == number)
        ctr = s.scalars(q.with_for_update() if lock else q).first()
        if ctr is None:
            raise NotFound(tr("Không có quầy số {number}.", number=number))
        return ctr

    def _current(self, s: Session, ctr: Counter, required: bool = False) -> Ticket | None:
        t = s.scalars(
            select(Ticket).where(Ticket.counter_id == ctr.id, Ticket.status.in_(ACTIVE))
            .order_by(Ticket.called_at.desc()).limit(1)
        ).first()
        if t is None and required:
            raise InvalidState(tr("Quầy {number} chưa gọi số nào.", number=ctr.number))
        return t

    def _ticket_today(self, s: Session, code: str, day: date | None = None, lock: bool = False) -> Ticket:
        code = text_arg(code, tr("Mã phiếu"), max_len=8).upper()
        q = select(Ticket).where(Ticket.code == code, Ticket.day == (day or self.business_day()),
                                 Ticket.office_id == self.office().id)
        t = s.scalars(q.with_for_update() if lock else q).first()
        if t is None:
            raise NotFound(tr("Không tìm thấy số {code} hôm nay.", code=code))
        return t

    def _ticket_by_id(self, s: Session, ticket_id: int) -> Ticket:
        t = s.get(Ticket, int_arg(ticket_id, tr("Mã số phiếu"), high=INT64_MAX))
        if t is None:
            raise NotFound(tr("Không tìm thấy phiếu số thứ tự."))
        return t

    def _ahead(self, s: Session, t: Ticket) -> int:
        """Waiting tickets of the same service that will be called before `t` (strict policy)."""
        same = [TICKET_WAITING, Ticket.service_id == t.service_id, Ticket.day == t.day,
                Ticket.id != t.id]
        earlier = or_(Ticket.queue_at < t.queue_at, and_(Ticket.queue_at == t.queue_at, Ticket.id < t.id))
        if t.priority is None:
            cond = or_(Ticket.priority.is_not(None), earlier)
        else:
            cond = and_(Ticket.priority.is_not(None), earlier)
        return s.scalar(select(func.count()).select_from(Ticket).where(*same, cond)) or 0

    def _info(self, s: Session, t: Ticket, svc: Service, *, counter: Counter | None = None,
              ahead: int | None = None, wait_minutes: int | None = None) -> TicketInfo:
        if counter is None and t.counter_id is not None:
            counter = s.get(Counter, t.counter_id)
        target = s.get(Counter, t.target_counter_id) if t.target_counter_id else None
        return TicketInfo(
            id=t.id, code=t.code, number=t.number, day=t.day, status=t.status, service_id=svc.id,
            service_code=svc.code, service_name=svc.name, prefix=svc.prefix, priority=t.priority,
            issued_at=t.issued_at, called_at=t.called_at, started_at=t.started_at, finished_at=t.finished_at,
            counter_id=t.counter_id, counter_number=counter.number if counter else None,
            target_counter_number=target.number if target else None, call_count=t.call_count,
            print_status=t.print_status, ahead=ahead, wait_minutes=wait_minutes,
        )

    def _infos(self, s: Session, rows) -> list[TicketInfo]:
        services = {svc.id: svc for svc in s.scalars(select(Service)).all()}
        return [self._info(s, t, services[t.service_id]) for t in rows]


STATUS_LABELS = {
    TicketStatus.waiting: N_("đang chờ"), TicketStatus.called: N_("đã gọi"), TicketStatus.serving: N_("đang phục vụ"),
    TicketStatus.parked: N_("tạm dừng"), TicketStatus.no_show: N_("vắng mặt"), TicketStatus.done: N_("đã xong"),
    TicketStatus.cancelled: N_("đã hủy"), TicketStatus.expired: N_("hết hạn"),
}


def status_label(status: str) -> str:
    """The ticket status in the user's language."""
    return tr(STATUS_LABELS.get(status, status))
