"""Row look-ups several services share: a field by key, a counter by number, a counter's current
ticket, today's ticket by code, a ticket as `TicketInfo`, the wait estimate, the daily expiry of
past days' tickets. Plain functions over the context and an open session; no service's private
helpers are called across modules."""

from __future__ import annotations

import time
from datetime import date
from typing import Iterable

from argon2 import PasswordHasher
from sqlalchemy import Connection, and_, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from core.i18n import tr
from core.status import TICKET_AT_COUNTER, TICKET_OPEN, TicketStatus
from db.errors import InvalidState, NotFound
from db.events import EventKind
from db.models import TICKET_WAITING, Counter, CounterService, Service, Ticket
from db.store.arguments import INT64_MAX, int_arg, text_arg
from db.store.base import Context
from db.store.views import TicketInfo

ACTIVE = TICKET_AT_COUNTER  # a counter's current ticket
DEFAULT_SERVICE_MINUTES = 5.0
ESTIMATE_TTL_S = 30.0  # service-time means are refreshed at most this often
PASSWORDS = PasswordHasher()  # users' passwords and the kiosk PIN

_T = Ticket.__table__
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


def service(ctx: Context, s: Session, key: str) -> Service:
    """The field whose prefix or code is `key`."""
    key = text_arg(key, tr("Lĩnh vực"), max_len=40)
    svc = s.scalars(
        select(Service).where(Service.office_id == ctx.office().id,
                              or_(Service.prefix == key.upper(), Service.code == key))
    ).first()
    if svc is None:
        raise NotFound(tr("Không có lĩnh vực {key}.", key=key))
    return svc


def counter(ctx: Context, s: Session, number: int | None, lock: bool = False) -> Counter:
    """Counter number `number` of the office (locked for the transaction with `lock`)."""
    number = int_arg(number, tr("Số quầy"))
    q = select(Counter).where(Counter.office_id == ctx.office().id, Counter.number == number)
    ctr = s.scalars(q.with_for_update() if lock else q).first()
    if ctr is None:
        raise NotFound(tr("Không có quầy số {number}.", number=number))
    return ctr


def current(s: Session, ctr: Counter) -> Ticket | None:
    """The ticket at counter `ctr` (called or being served), if any."""
    return s.scalars(
        select(Ticket).where(Ticket.counter_id == ctr.id, Ticket.status.in_(ACTIVE))
        .order_by(Ticket.called_at.desc()).limit(1)
    ).first()


def at_counter(s: Session, ctr: Counter) -> Ticket:
    """The ticket at counter `ctr`; InvalidState when it has called nobody."""
    t = current(s, ctr)
    if t is None:
        raise InvalidState(tr("Quầy {number} chưa gọi số nào.", number=ctr.number))
    return t


def ticket_today(ctx: Context, s: Session, code: str, day: date | None = None, lock: bool = False) -> Ticket:
    """Ticket `code` of `day` (default today)."""
    code = text_arg(code, tr("Mã phiếu"), max_len=8).upper()
    q = select(Ticket).where(Ticket.code == code, Ticket.day == (day or ctx.business_day()),
                             Ticket.office_id == ctx.office().id)
    t = s.scalars(q.with_for_update() if lock else q).first()
    if t is None:
        raise NotFound(tr("Không tìm thấy số {code} hôm nay.", code=code))
    return t


def ticket_by_id(s: Session, ticket_id: int) -> Ticket:
    t = s.get(Ticket, int_arg(ticket_id, tr("Mã số phiếu"), high=INT64_MAX))
    if t is None:
        raise NotFound(tr("Không tìm thấy phiếu số thứ tự."))
    return t


def ahead(s: Session, t: Ticket) -> int:
    """Waiting tickets of the same service that will be called before `t` (strict policy)."""
    same = [TICKET_WAITING, Ticket.service_id == t.service_id, Ticket.day == t.day, Ticket.id != t.id]
    earlier = or_(Ticket.queue_at < t.queue_at, and_(Ticket.queue_at == t.queue_at, Ticket.id < t.id))
    if t.priority is None:
        cond = or_(Ticket.priority.is_not(None), earlier)
    else:
        cond = and_(Ticket.priority.is_not(None), earlier)
    return s.scalar(select(func.count()).select_from(Ticket).where(*same, cond)) or 0


def ticket_info(s: Session, t: Ticket, svc: Service, *, counter: Counter | None = None,
                ahead: int | None = None, wait_minutes: int | None = None) -> TicketInfo:
    """The ticket row `t` (of field `svc`) as callers see it."""
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


def ticket_infos(s: Session, rows: Iterable[Ticket]) -> list[TicketInfo]:
    services = {svc.id: svc for svc in s.scalars(select(Service)).all()}
    return [ticket_info(s, t, services[t.service_id]) for t in rows]


def wait_minutes(ctx: Context, c: Connection | None, service_id: int, day: date, ahead: int | None) -> int:
    """Minutes: people ahead × today's mean service time ÷ counters serving the field (read in `c`, or in
    a read of its own when `c` is None and the figures kept for a while are stale)."""
    if not ahead:
        return 0
    cache = ctx.shared.setdefault("wait_cache", {})
    hit = cache.get((service_id, day))
    if hit is None or time.monotonic() - hit[0] > ESTIMATE_TTL_S:
        if c is None:
            with ctx.read() as session:
                return wait_minutes(ctx, session.connection(), service_id, day, ahead)
        served = c.execute(_RECENT_SERVED, {"service": service_id, "day": day}).all()
        durations = [(b - a).total_seconds() / 60 for a, b in served if b >= a]
        mean = sum(durations) / len(durations) if durations else DEFAULT_SERVICE_MINUTES
        counters = c.execute(_COUNTERS_SERVING, {"service": service_id}).scalar() or 1
        hit = cache[(service_id, day)] = (time.monotonic(), mean / counters)
    return max(1, round(ahead * hit[1]))


def expire_past_days(ctx: Context, today: date | None = None) -> None:
    """Close waiting tickets of past days as expired (kept, never deleted); once a day (`today`: the
    caller's business day, when it has read the clock already)."""
    today = today or ctx.business_day()
    if ctx.expired_through == today:
        return
    with ctx.tx() as s:
        ids = s.scalars(select(Ticket.id).where(Ticket.status.in_(TICKET_OPEN), Ticket.day < today)).all()
        if ids:
            s.execute(update(Ticket).where(Ticket.id.in_(ids)).values(status=TicketStatus.expired))
            ctx.event(s, EventKind.tickets_expired, count=len(ids), before=today.isoformat())
            ctx.audit(s, "tickets_expire", "ticket", "", count=len(ids))
    from db.store.phones import day_changed  # bookings and personal data follow the day too

    day_changed(ctx)
    ctx.expired_through = today
