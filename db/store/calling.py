"""Calling the next citizen: the counter's hot path, in prebuilt Core statements on SQLite and one
server-side function on PostgreSQL (migration 0012: one statement, one round trip).

Order: tickets transferred to this counter first, then the priority policy
(strict / interleave N), then the counter's service order, then first come
first served. The best waiting ticket is chosen and locked in one statement,
ordered over every candidate with FOR UPDATE SKIP LOCKED on PostgreSQL: a
ticket another counter is taking right now is stepped over, never waited for
and never shared, so however many counters share fields, `call_next` finds a
ticket whenever one it may take is waiting. On SQLite the whole transaction
holds the write lock (BEGIN IMMEDIATE).

A ticket a kiosk issued with a request id is called only once the kiosk has
confirmed it (printed or shown the number); one left unconfirmed for
`UNCONFIRMED_GRACE` — the kiosk never learned of it — is cancelled by rule.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import cast

from sqlalchemy import Connection, Table, and_, bindparam, case, func, select, text

from core.i18n import tr
from core.queue_policy import QueuePolicy
from core.status import TicketStatus
from db.errors import InvalidState, NotFound
from db.events import CallPayload, EventKind, ticket_payload
from db.models import TICKET_KNOWN, TICKET_WAITING, Counter, CounterService, Service, Setting, Ticket
from db.store import rows
from db.store.arguments import int_arg, text_arg
from db.store.base import STAFF
from db.store.issuing import UNCONFIRMED, IssueOps
from db.store.rows import ACTIVE
from db.store.views import TicketInfo

UNCONFIRMED_GRACE = timedelta(minutes=2)  # a kiosk retries within seconds; after this nobody holds the number
SWEEP_EVERY = timedelta(seconds=15)

_C, _CS, _S, _T = (cast(Table, m.__table__) for m in (Counter, CounterService, Service, Ticket))
_POLICY = select(Setting.__table__.c.value).where(Setting.__table__.c.key == "priority_policy")
# the office's priority policy rides along with the counter row: one round trip fewer per call
_COUNTER = (select(_C.c.id, _C.c.number, _C.c.name, _C.c.priority_streak, _POLICY.scalar_subquery().label("policy"))
            .where(_C.c.office_id == bindparam("office"), _C.c.number == bindparam("number")))
_COUNTER_LOCKED = _COUNTER.with_for_update(of=_C)
# Calling next ends the counter's current ticket: served if serving started, else the citizen never
# came (a call nobody answered is never counted as served)
_SERVED = _T.c.status == TicketStatus.serving
_FINISH_CURRENT = (
    _T.update().where(_T.c.counter_id == bindparam("counter"), _T.c.status.in_(ACTIVE))
    .values(status=case((_SERVED, TicketStatus.done), else_=TicketStatus.no_show),
            finished_at=case((_SERVED, bindparam("now")), else_=None))
    .returning(_T.c.id, _T.c.code, _T.c.service_id, _T.c.status)
)
_TICKET_COLUMNS = (_T.c.id, _T.c.code, _T.c.number, _T.c.day, _T.c.priority, _T.c.issued_at, _T.c.service_id,
                   _T.c.call_count,
                   _S.c.code.label("service_code"), _S.c.name.label("service_name"), _S.c.prefix,
                   _T.c.target_counter_id.label("target"))
_WAITING_TODAY = and_(TICKET_WAITING, _T.c.day == bindparam("day"))
# SQLite (the transaction holds the write lock, nobody else is calling): the head of each
# (field, class) queue is one index lookup; the best head wins. No sort of the whole queue.
_TARGETED = (
    select(*_TICKET_COLUMNS).select_from(_T.join(_S, _S.c.id == _T.c.service_id))
    .where(_WAITING_TODAY, _T.c.target_counter_id == bindparam("counter"))
    .order_by(_T.c.queue_at, _T.c.id).limit(1)
)
_COUNTER_SERVICES = (select(_CS.c.service_id, _CS.c.position).where(_CS.c.counter_id == bindparam("counter"))
                     .order_by(_CS.c.position))
_HEAD = {
    cls: select(_T.c.id, _T.c.queue_at)
    .where(_WAITING_TODAY, _T.c.service_id == bindparam("service"), _T.c.target_counter_id.is_(None), TICKET_KNOWN,
           _T.c.priority.is_not(None) if cls else _T.c.priority.is_(None))
    .order_by(_T.c.queue_at, _T.c.id).limit(1)
    for cls in (True, False)
}
_BY_ID = select(*_TICKET_COLUMNS).select_from(_T.join(_S, _S.c.id == _T.c.service_id)).where(_T.c.id == bindparam("id"))
_UNCONFIRMED = (
    _T.update().where(TICKET_WAITING, _T.c.day == bindparam("today"), _T.c.request_id.is_not(None),
                      _T.c.confirmed_at.is_(None), _T.c.issued_at < bindparam("cutoff"))
    .values(status="cancelled", note=bindparam("why")).returning(_T.c.id, _T.c.code, _T.c.service_id)
)
_BY_CODE = (select(*_TICKET_COLUMNS, _T.c.status).select_from(_T.join(_S, _S.c.id == _T.c.service_id))
            .where(_T.c.code == bindparam("code"), _T.c.day == bindparam("day"), _T.c.office_id == bindparam("office"))
            .with_for_update(of=_T))
_MARK_CALLED = (
    _T.update().where(_T.c.id == bindparam("ticket"))
    .values(status=TicketStatus.called, counter_id=bindparam("counter"), user_id=bindparam("user"),
            called_at=bindparam("now"),
            first_called_at=func.coalesce(_T.c.first_called_at, bindparam("now")), target_counter_id=None,
            call_count=_T.c.call_count + 1)
    .returning(_T.c.call_count)
)
# PostgreSQL: the steps as server-side functions (migration 0012), each writing its event, audit row
# and NOTIFY beside it; `call_next` is one statement, one round trip, its own transaction
_TIME = Ticket.__table__.c.issued_at.type
FIRST_CANDIDATES = 32  # more than the counters of any office: the first round nearly always finds one
_CALL_NEXT_PG = ("SELECT * FROM motcua_call_next(%(office)s, %(number)s, %(now)s, %(day)s, %(user_id)s, %(username)s, "
                 "%(sweep_before)s, %(sweep_note)s, %(k)s)")
_FINISH_CURRENT_PG = text("SELECT motcua_finish_current(:office, :counter, :counter_number, :now)").bindparams(
    bindparam("now", type_=_TIME))
_MARK_CALLED_PG = text(
    "SELECT motcua_mark_called(:office, :ticket, :code, :service, :prefix, :counter, :counter_number, :counter_name, "
    ":now, :user_id, :username)").bindparams(bindparam("now", type_=_TIME))
_STREAK = _C.update().where(_C.c.id == bindparam("counter")).values(priority_streak=bindparam("streak"))


class CallOps(IssueOps):
    def call_next(self, counter: int) -> TicketInfo | None:
        """Call the next waiting ticket for `counter`'s services; None when nobody waits.

        The counter's current ticket, if any, is ended first: done if it was being served, no-show if
        it was only called (the citizen never came).
        """
        self.ctx.require(STAFF, "call_next")
        counter = int_arg(counter, tr("Số quầy"))
        rows.expire_past_days(self.ctx)
        now = self.ctx.now()
        day = self.ctx.business_day(now)
        if self.ctx.engine.dialect.name == "postgresql":
            return self._call_on_server(counter, now, day)
        with self.ctx.core_tx() as c:
            ctr = self._counter_row(c, counter, lock=True)
            self._finish_current_core(c, ctr, now)
            self._cancel_unconfirmed(c, now, day)
            priority_first = _policy(ctr.policy).priority_first(ctr.priority_streak)
            row = self._pick_head(c, ctr.id, day, priority_first)
            if row is None:
                return None
            streak = ctr.priority_streak + 1 if row.priority is not None else 0
            if streak != ctr.priority_streak:
                c.execute(_STREAK, {"counter": ctr.id, "streak": streak})
            return self._mark_called(c, ctr, row, now, day)

    def call_ticket(self, counter: int, code: str) -> TicketInfo:
        """Call a specific waiting number to `counter` (out of turn)."""
        self.ctx.require(STAFF, "call_ticket")
        now = self.ctx.now()
        day = self.ctx.business_day(now)
        code = text_arg(code, tr("Mã phiếu"), max_len=8).upper()
        with self.ctx.core_tx() as c:
            ctr = self._counter_row(c, counter, lock=True)
            row = c.execute(_BY_CODE, {"code": code, "day": day, "office": self.ctx.office().id}).first()
            if row is None:
                raise NotFound(tr("Không tìm thấy số {code} hôm nay.", code=code))
            if row.status != TicketStatus.waiting:
                raise InvalidState(tr("Số {code} không ở trạng thái chờ.", code=row.code))
            self._finish_current_core(c, ctr, now)
            return self._mark_called(c, ctr, row, now, day)

    def _call_on_server(self, counter: int, now: datetime, day: date) -> TicketInfo | None:
        """PostgreSQL: the whole call in one statement (migration 0012's function), one round trip.

        The best waiting ticket is chosen over every candidate and locked with FOR UPDATE SKIP LOCKED:
        a ticket another counter is taking right now is stepped over, never waited for and never shared;
        only if all k candidates are being taken is k widened, the last round covering every waiting ticket.
        """
        sweep_before = self._sweep_due(now, day)
        row = self.ctx.server_function(_CALL_NEXT_PG, {
            "office": self.ctx.office().id, "number": counter, "now": now, "day": day,
            "user_id": self.ctx.actor.user_id, "username": self.ctx.actor.username or self.ctx.actor.role,
            "sweep_before": sweep_before, "sweep_note": UNCONFIRMED, "k": FIRST_CANDIDATES})
        if row.outcome == "no_counter":
            raise NotFound(tr("Không có quầy số {number}.", number=counter))
        if row.outcome == "bad_policy":  # the server's reading of the policy refused it: nothing was written
            raise InvalidState(str(QueuePolicy.refusal(row.policy)))
        if sweep_before is not None:
            self.ctx.shared["unconfirmed_swept"] = (day, now)
        if row.outcome != "ok":
            return None
        return TicketInfo(
            id=row.ticket_id, code=row.code, number=row.number, day=day, status=TicketStatus.called,
            service_id=row.service_id, service_code=row.service_code, service_name=row.service_name,
            prefix=row.prefix, priority=row.priority, issued_at=row.issued_at.astimezone(timezone.utc), called_at=now,
            counter_id=row.counter_id, counter_number=row.counter_number, call_count=row.call_count,
        )

    def _pick_head(self, c: Connection, counter_id: int, day: date, priority_first: bool):
        """SQLite: the best queue head by (class, field order, FIFO), found by index lookups."""
        row = c.execute(_TARGETED, {"day": day, "counter": counter_id}).first()
        if row is not None:
            return row
        heads = []
        for service_id, position in c.execute(_COUNTER_SERVICES, {"counter": counter_id}).all():
            for cls in (True, False):
                head = c.execute(_HEAD[cls], {"day": day, "service": service_id}).first()
                if head is not None:
                    heads.append((0 if cls == priority_first else 1, position, head.queue_at, head.id))
        return c.execute(_BY_ID, {"id": min(heads)[3]}).first() if heads else None

    def _sweep_due(self, now: datetime, day: date) -> datetime | None:
        """The cut-off of the sweep of unconfirmed tickets, when one is due (every `SWEEP_EVERY`), else None."""
        last = self.ctx.shared.get("unconfirmed_swept")
        if last is not None and last[0] == day and now - last[1] < SWEEP_EVERY:
            return None
        return now - UNCONFIRMED_GRACE

    def _cancel_unconfirmed(self, c: Connection, now: datetime, day: date) -> None:
        """SQLite: cancel tickets whose kiosk never confirmed them (a failure it could not tell apart)."""
        cutoff = self._sweep_due(now, day)
        if cutoff is None:
            return
        note = UNCONFIRMED  # stored, not shown: the cancel event carries the reason
        for t in c.execute(_UNCONFIRMED, {"today": day, "cutoff": cutoff, "why": note}).all():
            self.ctx.event(c, EventKind.ticket_cancelled, ticket_id=t.id, code=t.code, service_id=t.service_id,
                        reason=note)
            self.ctx.audit(c, "cancel", "ticket", t.id, code=t.code, reason=note)
        self.ctx.shared["unconfirmed_swept"] = (day, now)

    def _counter_row(self, c: Connection, number: int, lock: bool = False):
        number = int_arg(number, tr("Số quầy"))
        row = c.execute(_COUNTER_LOCKED if lock else _COUNTER, {"office": self.ctx.office().id, "number": number}).first()
        if row is None:
            raise NotFound(tr("Không có quầy số {number}.", number=number))
        return row

    def _finish_current_core(self, c: Connection, ctr, now: datetime) -> None:
        if c.dialect.name == "postgresql":
            c.execute(_FINISH_CURRENT_PG, {"office": self.ctx.office().id, "counter": ctr.id,
                                           "counter_number": ctr.number, "now": now}).scalar_one()
            return
        for done in c.execute(_FINISH_CURRENT, {"counter": ctr.id, "now": now}).all():
            kind = EventKind.ticket_finished if done.status == "done" else EventKind.ticket_no_show
            self.ctx.event(c, kind, ticket_id=done.id, counter_id=ctr.id,
                        **ticket_payload(done.code, counter_number=ctr.number, service_id=done.service_id))

    def _mark_called(self, c: Connection, ctr, row, now: datetime, day: date) -> TicketInfo:
        if c.dialect.name == "postgresql":
            calls = c.execute(_MARK_CALLED_PG, {
                "office": self.ctx.office().id, "ticket": row.id, "code": row.code, "service": row.service_id,
                "prefix": row.prefix, "counter": ctr.id, "counter_number": ctr.number,
                "counter_name": ctr.name or "", "now": now, "user_id": self.ctx.actor.user_id,
                "username": self.ctx.actor.username or self.ctx.actor.role}).scalar_one()
        else:
            calls = c.execute(_MARK_CALLED, {"ticket": row.id, "counter": ctr.id, "user": self.ctx.actor.user_id,
                                             "now": now}).scalar_one()
            self.ctx.event(c, EventKind.ticket_called, ticket_id=row.id, counter_id=ctr.id, **CallPayload(
                row.code, ctr.number, ctr.name or "", row.service_id, row.prefix, calls).as_dict())
            self.ctx.audit(c, "ticket_called", "ticket", row.id, code=row.code, counter=ctr.number)
        return TicketInfo(
            id=row.id, code=row.code, number=row.number, day=row.day, status=TicketStatus.called,
            service_id=row.service_id,
            service_code=row.service_code, service_name=row.service_name, prefix=row.prefix,
            priority=row.priority, issued_at=row.issued_at, called_at=now, counter_id=ctr.id,
            counter_number=ctr.number, call_count=calls,
        )


def _policy(text: str | None) -> QueuePolicy:
    """The office's priority policy; one that cannot be followed (written past `set_setting`) is refused."""
    try:
        return QueuePolicy.parse(text or "strict")
    except ValueError as error:
        raise InvalidState(str(error)) from error
