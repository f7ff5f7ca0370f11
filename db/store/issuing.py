"""Issuing a ticket: the kiosk's one hot path, kept to a handful of prebuilt Core statements.

A kiosk at a busy office issues a ticket every few seconds, but a morning rush
on several kiosks, and a display and counters reading at the same time, must
never make a citizen wait for paper: see BENCHMARKS.md for the rate.

A kiosk sends a request id with each touch. If the answer is lost (the server
restarted after the commit), the kiosk asks again with the same id and gets the
ticket that was committed, not a second one; a ticket its kiosk never heard of
stays unconfirmed, is never called and is cancelled by rule (calling.py).
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timezone
from typing import Any, NamedTuple, cast

from sqlalchemy import Connection, Table, bindparam, exc, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from core.codes import ticket_code
from core.i18n import tr
from core.status import TicketStatus
from db.engine import json_text
from db.errors import Duplicate, InvalidInput, NotFound, RangeExhausted, ServiceClosed
from db.events import EventKind, build_payload
from db.models import Service, Ticket, TicketSequence, WaitingTally
from db.store import rows
from db.store.arguments import optional_text, text_arg
from db.store.base import StoreService
from db.store.views import PRIORITY_GROUPS, TicketInfo

_S, _T, _Q, _W = (cast(Table, m.__table__) for m in (Service, Ticket, TicketSequence, WaitingTally))
_SERVICE = select(_S.c.id, _S.c.code, _S.c.name, _S.c.prefix, _S.c.number_start, _S.c.number_end,
                  _S.c.active, _S.c.closed_on).where(
    _S.c.office_id == bindparam("office"), or_(_S.c.prefix == bindparam("prefix"), _S.c.code == bindparam("key")))
_INSERT_TICKET = _T.insert().returning(_T.c.id)
_BY_REQUEST = select(_T.c.id, _T.c.code, _T.c.day, _T.c.status, _T.c.note).where(
    _T.c.office_id == bindparam("office"), _T.c.request_id == bindparam("request"))
_REINSTATE = (_T.update().where(_T.c.id == bindparam("ticket"), _T.c.status == "cancelled")
              .values(status="waiting", note=""))
_ISSUE_FUNCTION = ("SELECT * FROM motcua_issue_ticket(%(office)s, %(key)s, %(priority)s, %(kiosk)s, %(request)s, "
                   "%(now)s, %(day)s, %(user_id)s, %(username)s)")
UNCONFIRMED = "unconfirmed"  # the note of a ticket cancelled because its kiosk never confirmed it
# the field's waiting tickets, all and priority, from the tally the database keeps (migration 0013): one or a
# few rows however long the queue, where a count cost more with every ticket waiting
_WAITING = select(func.coalesce(func.sum(_W.c.waiting), 0), func.coalesce(func.sum(_W.c.waiting_priority), 0)).where(
    _W.c.service_id == bindparam("service"), _W.c.day == bindparam("day"))


# SQLite's issue, as `_write_ticket_sqlite` sends it (the same statements as the Core ones above)
_SQLITE_SERVICE = ("SELECT id, code, name, prefix, number_start, number_end, active, closed_on FROM services "
                   "WHERE office_id = ? AND (prefix = ? OR code = ?)")
_SQLITE_NUMBER = ("INSERT INTO ticket_sequences (service_id, day, last_number) VALUES (?, ?, ?) "
                  "ON CONFLICT (service_id, day) DO UPDATE SET last_number = last_number + 1 RETURNING last_number")
_SQLITE_TICKET = ("INSERT INTO tickets (office_id, service_id, issued_service_id, day, number, code, priority, status, "
                  "issued_at, queue_at, call_count, print_status, kiosk, note, request_id, channel) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, 0, 'pending', ?, '', ?, 'kiosk') RETURNING id")
_SQLITE_WAITING = ("SELECT coalesce(sum(waiting), 0), coalesce(sum(waiting_priority), 0) FROM waiting_tally "
                   "WHERE service_id = ? AND day = ?")
_SQLITE_EVENT = ("INSERT INTO events (created_at, kind, office_id, ticket_id, counter_id, dossier_id, payload) "
                 "VALUES (?, ?, ?, ?, NULL, NULL, ?)")
_SQLITE_AUDIT = ("INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, detail) "
                 "VALUES (?, ?, ?, 'ticket_issue', 'ticket', ?, ?)")


class _Service(NamedTuple):
    """A field as issuing reads it (`_SERVICE`, `_SQLITE_SERVICE`)."""

    id: int
    code: str
    name: str
    prefix: str
    number_start: int
    number_end: int
    active: bool
    closed_on: date | None


def _open(svc, key: str, day: date):
    """`svc` (a field found by `key`), if it gives numbers on `day`."""
    if svc is None:
        raise NotFound(tr("Không có lĩnh vực {key}.", key=key))
    if not svc.active or svc.closed_on == day:
        raise ServiceClosed(tr("Lĩnh vực {name} tạm ngưng cấp số hôm nay.", name=svc.name))
    return svc


def _code(svc, number: int) -> str:
    """The ticket's code for `number` of `svc`; past the field's range the transaction rolls back (no wrap)."""
    if number > svc.number_end:
        raise RangeExhausted(svc.prefix, svc.number_end)
    return ticket_code(svc.prefix, number, max(3, len(str(svc.number_end))))


def _sequence_upsert(dialect_name: str):
    # INSERT … ON CONFLICT DO UPDATE … RETURNING: the (service, day) row stays locked until commit
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    stmt = dialect.insert(_Q).values(service_id=bindparam("service"), day=bindparam("day"),
                                     last_number=bindparam("start"))
    return stmt.on_conflict_do_update(
        index_elements=[_Q.c.service_id, _Q.c.day], set_={"last_number": _Q.c.last_number + 1},
    ).returning(_Q.c.last_number)


_UPSERTS = {name: _sequence_upsert(name) for name in ("sqlite", "postgresql")}


class IssueOps(StoreService):
    def issue_ticket(self, service: str, priority: str | None = None, *, kiosk: str = "",
                     respect_hours: bool = False, request_id: str | None = None) -> TicketInfo:
        """Give the next number of `service` (prefix or code) for today; one transaction.

        The returned ticket carries how many wait ahead and an estimated wait. With a
        `request_id` (a kiosk's touch) a repeated request returns the ticket it already
        got, and the ticket is called only once the kiosk confirms it (`mark_printed`,
        `confirm_ticket`).
        """
        key = text_arg(service, tr("Lĩnh vực"), max_len=40)
        kiosk = text_arg(kiosk, tr("Tên máy kiosk"), max_len=64)
        request_id = optional_text(request_id, tr("Mã yêu cầu"), max_len=64) or None
        if priority is not None and (not isinstance(priority, str) or priority not in PRIORITY_GROUPS):
            raise InvalidInput(tr("Nhóm ưu tiên không hợp lệ: {group}", group=priority))
        if respect_hours and not self.store.calendar.opening_status().open:
            raise ServiceClosed(tr("Ngoài giờ làm việc: chưa cấp số."))
        now = self.ctx.now()
        day = self.ctx.business_day(now)
        rows.expire_past_days(self.ctx, day)
        try:
            return self._issue(key, priority, kiosk, request_id, now, day)
        except Duplicate as error:  # the request id is taken: a retry, whose first try did commit
            if request_id is None or "request_id" not in error.columns:
                raise
            return self._issue(key, priority, kiosk, request_id, now, day, look_first=True)

    def _issue(self, key: str, priority: str | None, kiosk: str, request_id: str | None, now: datetime,
               day: date, *, look_first: bool = False) -> TicketInfo:
        if self.ctx.engine.dialect.name == "postgresql" and not look_first:
            issued = self._issue_on_server(key, priority, kiosk, request_id, now, day)
            if issued is not None:
                return issued
            look_first = True
        if self.ctx.engine.dialect.name == "sqlite" and not look_first:
            with self.ctx.driver_tx() as driver:  # a repeated request id rolls back here (Duplicate: see above)
                written = self._write_ticket_sqlite(driver, key, priority, kiosk, request_id, now, day)
            return self._issued(None, *written)
        with self.ctx.core_tx() as c:
            # a new request is the rule: its id's unique index catches a repeat (the transaction
            # then rolls back, number included), so only a repeat pays for the look-up
            prior = self._prior_ticket(c, request_id) if look_first and request_id else None
            if prior is None:
                return self._new_ticket(c, key, priority, kiosk, request_id, now, day)
        return self.store.queue.ticket(prior.code, prior.day)

    def add_ticket(self, c: Connection, service: str, priority: str | None, *, now, day: date) -> TicketInfo:
        """One more ticket of `service` inside the caller's transaction `c` (a remote number, a booking's
        check-in: the caller then sets its channel): the same numbering, event and audit as a kiosk's."""
        return self._new_ticket(c, service, priority, "", None, now, day)

    def _new_ticket(self, c: Connection, key: str, priority: str | None, kiosk: str, request_id: str | None,
                    now, day: date) -> TicketInfo:
        if c.dialect.name == "sqlite":
            driver = c.connection.driver_connection
            return self._issued(c, *self._write_ticket_sqlite(driver, key, priority, kiosk, request_id, now, day))
        office = self.ctx.office()
        svc = _open(c.execute(_SERVICE, {"office": office.id, "prefix": key.upper(), "key": key}).first(), key, day)
        number = c.execute(_UPSERTS[c.dialect.name],
                           {"service": svc.id, "day": day, "start": svc.number_start}).scalar_one()
        code = _code(svc, number)
        ticket_id = c.execute(_INSERT_TICKET, {
            "office_id": office.id, "service_id": svc.id, "issued_service_id": svc.id, "day": day,
            "number": number, "code": code, "priority": priority, "status": TicketStatus.waiting, "issued_at": now,
            "queue_at": now, "call_count": 0, "print_status": "pending", "kiosk": kiosk or self.ctx.actor.station,
            "note": "", "request_id": request_id, "confirmed_at": None,
        }).scalar_one()
        waiting = c.execute(_WAITING, {"service": svc.id, "day": day}).one()
        self.ctx.event(c, EventKind.ticket_issued, ticket_id=ticket_id, code=code, service_id=svc.id,
                    prefix=svc.prefix, priority=priority)
        self.ctx.audit(c, "ticket_issue", "ticket", ticket_id, code=code, priority=priority)
        return self._issued(c, ticket_id, code, number, day, svc.id, svc.code, svc.name, svc.prefix, priority, now,
                            waiting)

    def _write_ticket_sqlite(self, driver: Any, key: str, priority: str | None, kiosk: str,
                             request_id: str | None, now: datetime, day: date) -> tuple:
        """SQLite: the same six statements as `_new_ticket`, handed to the driver directly inside the caller's
        write transaction (BEGIN IMMEDIATE): SQLAlchemy's own work per statement was most of an issue's
        time. Values are written as SQLAlchemy writes them (dates ISO, times naive UTC with microseconds,
        JSON without ASCII escapes), so every other path reads them back the same. Returns `_issued`'s
        arguments after the first."""
        office = self.ctx.office()
        cursor = driver.cursor()
        day_text = day.isoformat()
        try:
            found = cursor.execute(_SQLITE_SERVICE, (office.id, key.upper(), key)).fetchone()
            svc = _open(found and _Service._make((*found[:7], found[7] and date.fromisoformat(found[7]))), key, day)
            service_id, prefix = svc.id, svc.prefix
            number = cursor.execute(_SQLITE_NUMBER, (service_id, day_text, svc.number_start)).fetchone()[0]
            code = _code(svc, number)
            # SQLAlchemy's DATETIME on SQLite, in UTC (models.UTCDateTime): "YYYY-MM-DD HH:MM:SS.ffffff"
            at = now.astimezone(timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")
            ticket_id = cursor.execute(_SQLITE_TICKET, (
                office.id, service_id, service_id, day_text, number, code, priority, at, at,
                kiosk or self.ctx.actor.station, request_id)).fetchone()[0]
            waiting = cursor.execute(_SQLITE_WAITING, (service_id, day_text)).fetchone()
            payload = build_payload(EventKind.ticket_issued, code=code, service_id=service_id, prefix=prefix,
                                    priority=priority)
            cursor.execute(_SQLITE_EVENT, (at, EventKind.ticket_issued.value, office.id, ticket_id,
                                           json_text(payload)))
            cursor.execute(_SQLITE_AUDIT, (at, self.ctx.actor.user_id, self.ctx.actor.username or self.ctx.actor.role,
                                           str(ticket_id), json_text({"code": code, "priority": priority})))
        except sqlite3.Error as error:  # as SQLAlchemy would raise it: the transaction tells what it means
            raise exc.DBAPIError.instance(None, None, error, sqlite3.Error) from error
        finally:
            cursor.close()
        return ticket_id, code, number, day, service_id, svc.code, svc.name, prefix, priority, now, waiting

    def _issued(self, c: Connection | None, ticket_id: int, code: str, number: int, day: date, service_id: int,
                service_code: str, service_name: str, prefix: str, priority: str | None, now: datetime,
                waiting: tuple[int, int]) -> TicketInfo:
        """The ticket a kiosk shows; `waiting`: the field's waiting tickets, all and priority, the new one in
        (`c`: the issue's transaction, None when it has ended)."""
        ahead = (waiting[1] if priority else waiting[0]) - 1  # strict order: a priority ticket waits behind priority
        return TicketInfo(
            id=ticket_id, code=code, number=number, day=day, status=TicketStatus.waiting, service_id=service_id,
            service_code=service_code, service_name=service_name, prefix=prefix, priority=priority, issued_at=now,
            ahead=ahead, wait_minutes=rows.wait_minutes(self.ctx, c, service_id, day, ahead),
        )

    def _issue_on_server(self, key: str, priority: str | None, kiosk: str, request_id: str | None, now,
                         day: date) -> TicketInfo | None:
        """PostgreSQL: the same steps in one statement (migration 0003's function), one round trip,
        its own transaction (or part of the thread's open one). None for a request already served: the Python path finds that ticket."""
        office = self.ctx.office()
        try:
            row = self.ctx.server_function(_ISSUE_FUNCTION, {
                "office": office.id, "key": key, "priority": priority, "kiosk": kiosk or self.ctx.actor.station,
                "request": request_id, "now": now, "day": day, "user_id": self.ctx.actor.user_id,
                "username": self.ctx.actor.username or self.ctx.actor.role},
                repeatable=request_id is not None)  # a request id makes a second sending return the first's ticket
        except exc.DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) != "MC001":
                raise
            diag = getattr(error.orig, "diag", None)  # psycopg's: the function says which range ran out
            prefix, _, last = (getattr(diag, "message_detail", "") or ":0").rpartition(":")
            raise RangeExhausted(prefix, int(last)) from error
        if row.outcome == "not_found":
            raise NotFound(tr("Không có lĩnh vực {key}.", key=key))
        if row.outcome == "closed":
            raise ServiceClosed(tr("Lĩnh vực {name} tạm ngưng cấp số hôm nay.", name=row.service_name))
        if row.outcome == "prior":
            return None  # a repeat: the Python path finds that ticket
        return self._issued(None, row.ticket_id, row.code, row.number, day, row.service_id, row.service_code,
                            row.service_name, row.prefix, priority, now, (row.waiting, row.waiting_priority))

    def _prior_ticket(self, c: Connection, request_id: str):
        """The ticket an earlier try of this request committed (None when the request is new),
        back in the queue at its own place if it was cancelled because nobody confirmed it."""
        prior = c.execute(_BY_REQUEST, {"office": self.ctx.office().id, "request": request_id}).first()
        if prior is not None and prior.status == "cancelled" and prior.note == UNCONFIRMED:
            c.execute(_REINSTATE, {"ticket": prior.id})
            self.ctx.event(c, EventKind.ticket_reactivated, ticket_id=prior.id, code=prior.code)
            self.ctx.audit(c, "reactivate", "ticket", prior.id, code=prior.code, request_id=request_id)
        return prior
