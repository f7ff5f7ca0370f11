"""Calling the next citizen: the counter's hot path, in prebuilt Core statements.

Order: tickets transferred to this counter first, then the priority policy
(strict / interleave N), then the counter's service order, then first come
first served. On PostgreSQL the chosen row is taken with FOR UPDATE SKIP
LOCKED, so two counters never get the same ticket; on SQLite the whole
transaction holds the write lock (BEGIN IMMEDIATE).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, and_, bindparam, case, func, select

from core.i18n import tr
from core.queue_policy import QueuePolicy
from db.errors import InvalidState, NotFound
from db.events import CallPayload, EventKind, ticket_payload
from db.models import TICKET_WAITING, Counter, CounterService, Service, Setting, Ticket
from db.store.base import STAFF
from db.store.issuing import IssueOps
from db.store.views import TicketInfo

ACTIVE = ("called", "serving")  # a counter's current ticket

_C, _CS, _S, _T = Counter.__table__, CounterService.__table__, Service.__table__, Ticket.__table__
_COUNTER = (select(_C.c.id, _C.c.number, _C.c.name, _C.c.priority_streak)
            .where(_C.c.office_id == bindparam("office"), _C.c.number == bindparam("number")))
_COUNTER_LOCKED = _COUNTER.with_for_update()
_POLICY = select(Setting.__table__.c.value).where(Setting.__table__.c.key == "priority_policy")
# Calling next ends the counter's current ticket: served if serving started, else the citizen never
# came (a call nobody answered is never counted as served)
_SERVED = _T.c.status == "serving"
_FINISH_CURRENT = (
    _T.update().where(_T.c.counter_id == bindparam("counter"), _T.c.status.in_(ACTIVE))
    .values(status=case((_SERVED, "done"), else_="no_show"),
            finished_at=case((_SERVED, bindparam("now")), else_=None))
    .returning(_T.c.id, _T.c.code, _T.c.service_id, _T.c.status)
)
_TICKET_COLUMNS = (_T.c.id, _T.c.code, _T.c.number, _T.c.day, _T.c.priority, _T.c.issued_at, _T.c.service_id,
                   _S.c.code.label("service_code"), _S.c.name.label("service_name"), _S.c.prefix)
_WAITING_TODAY = and_(TICKET_WAITING, _T.c.day == bindparam("day"))
_TARGETED = (
    select(*_TICKET_COLUMNS).select_from(_T.join(_S, _S.c.id == _T.c.service_id))
    .where(_WAITING_TODAY, _T.c.target_counter_id == bindparam("counter"))
    .order_by(_T.c.queue_at, _T.c.id).limit(1).with_for_update(skip_locked=True, of=_T)
)


_COUNTER_SERVICES = (select(_CS.c.service_id, _CS.c.position).where(_CS.c.counter_id == bindparam("counter"))
                     .order_by(_CS.c.position))


def _head(priority: bool):
    """The first waiting ticket of one service and one class (priority or regular): an index lookup."""
    cls = _T.c.priority.is_not(None) if priority else _T.c.priority.is_(None)
    return (select(_T.c.id, _T.c.queue_at)
            .where(_WAITING_TODAY, _T.c.service_id == bindparam("service"), _T.c.target_counter_id.is_(None), cls,
                   _T.c.id.not_in(bindparam("taken", expanding=True)))
            .order_by(_T.c.queue_at, _T.c.id).limit(1))


_HEAD = {True: _head(True), False: _head(False)}
_TAKE = (select(*_TICKET_COLUMNS).select_from(_T.join(_S, _S.c.id == _T.c.service_id))
         .where(_T.c.id == bindparam("ticket"), TICKET_WAITING).with_for_update(skip_locked=True, of=_T))
MAX_PICK_ATTEMPTS = 100
_BY_CODE = (select(*_TICKET_COLUMNS, _T.c.status).select_from(_T.join(_S, _S.c.id == _T.c.service_id))
            .where(_T.c.code == bindparam("code"), _T.c.day == bindparam("day"), _T.c.office_id == bindparam("office"))
            .with_for_update(of=_T))
_MARK_CALLED = (
    _T.update().where(_T.c.id == bindparam("ticket"))
    .values(status="called", counter_id=bindparam("counter"), user_id=bindparam("user"), called_at=bindparam("now"),
            first_called_at=func.coalesce(_T.c.first_called_at, bindparam("now")), target_counter_id=None,
            call_count=_T.c.call_count + 1)
    .returning(_T.c.call_count)
)
_STREAK = _C.update().where(_C.c.id == bindparam("counter")).values(priority_streak=bindparam("streak"))


class CallOps(IssueOps):
    def call_next(self, counter: int) -> TicketInfo | None:
        """Call the next waiting ticket for `counter`'s services; None when nobody waits.

        The counter's current ticket, if any, is ended first: done if it was being served, no-show if
        it was only called (the citizen never came).
        """
        self._require(STAFF, "call_next")
        self._expire_past_days()
        now = self.now()
        day = self.business_day(now)
        with self._core_tx() as c:
            ctr = self._counter_row(c, counter, lock=True)
            self._finish_current_core(c, ctr, now)
            row = c.execute(_TARGETED, {"day": day, "counter": ctr.id}).first()
            if row is None:
                policy = QueuePolicy.parse(c.execute(_POLICY).scalar() or "strict")
                row = self._pick(c, ctr.id, day, policy.priority_first(ctr.priority_streak))
            if row is None:
                return None
            streak = ctr.priority_streak + 1 if row.priority is not None else 0
            c.execute(_STREAK, {"counter": ctr.id, "streak": streak})
            return self._mark_called(c, ctr, row, now, day)

    def call_ticket(self, counter: int, code: str) -> TicketInfo:
        """Call a specific waiting number to `counter` (out of turn)."""
        self._require(STAFF, "call_ticket")
        now = self.now()
        day = self.business_day(now)
        code = (code or "").strip().upper()
        with self._core_tx() as c:
            ctr = self._counter_row(c, counter, lock=True)
            row = c.execute(_BY_CODE, {"code": code, "day": day, "office": self.office().id}).first()
            if row is None:
                raise NotFound(tr("Không tìm thấy số {code} hôm nay.", code=code))
            if row.status != "waiting":
                raise InvalidState(tr("Số {code} không ở trạng thái chờ.", code=row.code))
            self._finish_current_core(c, ctr, now)
            return self._mark_called(c, ctr, row, now, day)

    def _pick(self, c: Connection, counter_id: int, day: date, priority_first: bool):
        """Lock and return the next ticket: the best queue head by (class, service order, FIFO).

        Heads are found by index without locks; the chosen one is then taken with
        SKIP LOCKED. If another counter holds it, it is set aside and the next head
        is tried, so counters never wait on each other and never share a ticket.
        """
        services = c.execute(_COUNTER_SERVICES, {"counter": counter_id}).all()
        taken: list[int] = []
        for _ in range(MAX_PICK_ATTEMPTS):
            heads = []
            for service_id, position in services:
                for priority in (True, False):
                    head = c.execute(_HEAD[priority], {"day": day, "service": service_id, "taken": taken}).first()
                    if head is not None:
                        rank = 0 if priority == priority_first else 1
                        heads.append((rank, position, head.queue_at, head.id))
            if not heads:
                return None
            chosen = min(heads)[3]
            row = c.execute(_TAKE, {"ticket": chosen}).first()
            if row is not None:
                return row
            taken.append(chosen)  # another counter is calling it right now
        return None

    def _counter_row(self, c: Connection, number: int, lock: bool = False):
        row = c.execute(_COUNTER_LOCKED if lock else _COUNTER, {"office": self.office().id, "number": number}).first()
        if row is None:
            raise NotFound(tr("Không có quầy số {number}.", number=number))
        return row

    def _finish_current_core(self, c: Connection, ctr, now: datetime) -> None:
        for done in c.execute(_FINISH_CURRENT, {"counter": ctr.id, "now": now}).all():
            kind = EventKind.ticket_finished if done.status == "done" else EventKind.ticket_no_show
            self._event(c, kind, ticket_id=done.id, counter_id=ctr.id,
                        **ticket_payload(done.code, counter_number=ctr.number, service_id=done.service_id))

    def _mark_called(self, c: Connection, ctr, row, now: datetime, day: date) -> TicketInfo:
        calls = c.execute(_MARK_CALLED, {"ticket": row.id, "counter": ctr.id, "user": self.actor.user_id,
                                         "now": now}).scalar_one()
        self._event(c, EventKind.ticket_called, ticket_id=row.id, counter_id=ctr.id, **CallPayload(
            row.code, ctr.number, ctr.name or "", row.service_id, row.prefix, calls).as_dict())
        self._audit(c, "ticket_called", "ticket", row.id, code=row.code, counter=ctr.number)
        return TicketInfo(
            id=row.id, code=row.code, number=row.number, day=row.day, status="called", service_id=row.service_id,
            service_code=row.service_code, service_name=row.service_name, prefix=row.prefix,
            priority=row.priority, issued_at=row.issued_at, called_at=now, counter_id=ctr.id,
            counter_number=ctr.number, call_count=calls,
        )
