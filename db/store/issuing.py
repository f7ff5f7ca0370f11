"""Issuing a ticket: the kiosk's one hot path, kept to a handful of prebuilt Core statements.

A kiosk at a busy office issues a ticket every few seconds, but a morning rush
on several kiosks, and a display and counters reading at the same time, must
never make a citizen wait for paper: see BENCHMARKS.md for the rate.
"""

from __future__ import annotations

import time
from datetime import date

from sqlalchemy import Connection, bindparam, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from core.codes import ticket_code
from core.i18n import tr
from core.status import TicketStatus
from db.errors import InvalidInput, NotFound, RangeExhausted, ServiceClosed
from db.events import EventKind
from db.models import TICKET_WAITING, Counter, CounterService, Service, Ticket, TicketSequence
from db.store.base import StoreBase
from db.store.views import PRIORITY_GROUPS, TicketInfo

DEFAULT_SERVICE_MINUTES = 5.0
ESTIMATE_TTL_S = 30.0  # service-time means are refreshed at most this often

_S, _T, _Q = Service.__table__, Ticket.__table__, TicketSequence.__table__
_SERVICE = select(_S.c.id, _S.c.code, _S.c.name, _S.c.prefix, _S.c.number_start, _S.c.number_end,
                  _S.c.active, _S.c.closed_on).where(
    _S.c.office_id == bindparam("office"), or_(_S.c.prefix == bindparam("prefix"), _S.c.code == bindparam("key")))
_INSERT_TICKET = _T.insert().returning(_T.c.id)
_WAITING = select(func.count(), func.count(_T.c.priority)).where(
    TICKET_WAITING, _T.c.service_id == bindparam("service"), _T.c.day == bindparam("day"))
_RECENT_SERVED = (
    select(_T.c.started_at, _T.c.finished_at)
    .where(_T.c.service_id == bindparam("service"), _T.c.day == bindparam("day"), _T.c.status == TicketStatus.done,
           _T.c.started_at.is_not(None), _T.c.finished_at.is_not(None))
    .order_by(_T.c.finished_at.desc()).limit(20)
)
_COUNTERS_SERVING = (
    select(func.count()).select_from(CounterService.__table__.join(Counter.__table__))
    .where(CounterService.__table__.c.service_id == bindparam("service"), Counter.__table__.c.active.is_(True))
)


def _sequence_upsert(dialect_name: str):
    # INSERT … ON CONFLICT DO UPDATE … RETURNING: the (service, day) row stays locked until commit
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    stmt = dialect.insert(_Q).values(service_id=bindparam("service"), day=bindparam("day"),
                                     last_number=bindparam("start"))
    return stmt.on_conflict_do_update(
        index_elements=[_Q.c.service_id, _Q.c.day], set_={"last_number": _Q.c.last_number + 1},
    ).returning(_Q.c.last_number)


_UPSERTS = {name: _sequence_upsert(name) for name in ("sqlite", "postgresql")}


class IssueOps(StoreBase):
    def issue_ticket(self, service: str, priority: str | None = None, *, kiosk: str = "",
                     respect_hours: bool = False) -> TicketInfo:
        """Give the next number of `service` (prefix or code) for today; one transaction.

        The returned ticket carries how many wait ahead and an estimated wait.
        """
        if priority is not None and priority not in PRIORITY_GROUPS:
            raise InvalidInput(tr("Nhóm ưu tiên không hợp lệ: {group}", group=priority))
        if respect_hours and not self.opening_status().open:
            raise ServiceClosed(tr("Ngoài giờ làm việc: chưa cấp số."))
        self._expire_past_days()
        now = self.now()
        day = self.business_day(now)
        office = self.office()
        key = (service or "").strip()
        with self._core_tx() as c:
            svc = c.execute(_SERVICE, {"office": office.id, "prefix": key.upper(), "key": key}).first()
            if svc is None:
                raise NotFound(tr("Không có lĩnh vực {key}.", key=key))
            if not svc.active or svc.closed_on == day:
                raise ServiceClosed(tr("Lĩnh vực {name} tạm ngưng cấp số hôm nay.", name=svc.name))
            number = c.execute(_UPSERTS[c.dialect.name],
                               {"service": svc.id, "day": day, "start": svc.number_start}).scalar_one()
            if number > svc.number_end:
                raise RangeExhausted(svc.prefix, svc.number_end)  # rolls back: no wrap, no gap
            code = ticket_code(svc.prefix, number, max(3, len(str(svc.number_end))))
            ticket_id = c.execute(_INSERT_TICKET, {
                "office_id": office.id, "service_id": svc.id, "issued_service_id": svc.id, "day": day,
                "number": number, "code": code, "priority": priority, "status": TicketStatus.waiting, "issued_at": now,
                "queue_at": now, "call_count": 0, "print_status": "pending", "kiosk": kiosk or self.actor.station,
                "note": "",
            }).scalar_one()
            waiting, waiting_priority = c.execute(_WAITING, {"service": svc.id, "day": day}).one()
            # strict order: a priority ticket waits only behind earlier priority tickets
            ahead = (waiting_priority if priority else waiting) - 1
            wait = self._wait_minutes(c, svc.id, day, ahead)
            self._event(c, EventKind.ticket_issued, ticket_id=ticket_id, code=code, service_id=svc.id,
                        prefix=svc.prefix, priority=priority)
            self._audit(c, "ticket_issue", "ticket", ticket_id, code=code, priority=priority)
        return TicketInfo(
            id=ticket_id, code=code, number=number, day=day, status=TicketStatus.waiting, service_id=svc.id,
            service_code=svc.code, service_name=svc.name, prefix=svc.prefix, priority=priority, issued_at=now,
            ahead=ahead, wait_minutes=wait,
        )

    def _wait_minutes(self, c: Connection, service_id: int, day: date, ahead: int | None) -> int:
        """Minutes: people ahead × today's mean service time ÷ counters serving the field."""
        if not ahead:
            return 0
        cache = self._shared.setdefault("wait_cache", {})
        hit = cache.get((service_id, day))
        if hit is None or time.monotonic() - hit[0] > ESTIMATE_TTL_S:
            served = c.execute(_RECENT_SERVED, {"service": service_id, "day": day}).all()
            durations = [(b - a).total_seconds() / 60 for a, b in served if b >= a]
            mean = sum(durations) / len(durations) if durations else DEFAULT_SERVICE_MINUTES
            counters = c.execute(_COUNTERS_SERVING, {"service": service_id}).scalar() or 1
            hit = cache[(service_id, day)] = (time.monotonic(), mean / counters)
        return max(1, round(ahead * hit[1]))
