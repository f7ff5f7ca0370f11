"""What every store operation stands on: one transaction, the caller, events, audit."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Callable, Iterator
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, exc, func, select
from sqlalchemy.orm import Session, sessionmaker

from core.clock import system_now
from core.i18n import tr
from db.engine import READ_ONLY
from db.errors import InvalidInput, PermissionDenied, StoreUnavailable
from db.events import EventKind
from db.models import AuditLog, Event, Office

NOTIFY_CHANNEL = "motcua_events"
_EVENT_INSERT = Event.__table__.insert()
_AUDIT_INSERT = AuditLog.__table__.insert()
_EVENT_INSERT_NOTIFY = _EVENT_INSERT.returning(func.pg_notify(NOTIFY_CHANNEL, ""))
ROLES = ("clerk", "manager", "admin")
STAFF = frozenset(ROLES)
MANAGERS = frozenset({"manager", "admin"})


@dataclass(frozen=True)
class Actor:
    """Who is calling the store: a kiosk (anonymous), a clerk, a manager, an admin."""

    role: str
    username: str = ""
    full_name: str = ""
    user_id: int | None = None
    station: str = ""


KIOSK = Actor(role="kiosk", username="kiosk")


@dataclass(frozen=True)
class OfficeInfo:
    id: int
    agency_code: str
    name: str
    timezone: str
    opening_hours: dict[str, Any]
    header: str
    kiosk_footer: str
    address: str

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class StoreBase:
    """Shared plumbing of `Store`; a bound copy carries the acting user."""

    def __init__(self, engine: Engine, *, actor: Actor = KIOSK, clock: Callable[[], datetime] | None = None):
        self.engine = engine
        self.actor = actor
        self.clock = clock or system_now
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # reads bind to the same pool with the read-only option: no write lock on SQLite
        self._read_sessions = sessionmaker(engine.execution_options(**READ_ONLY), expire_on_commit=False)
        self._shared: dict[str, Any] = {"office": None}  # one cache for this store and its bound copies
        self._expired_through: date | None = None

    # -- identity ---------------------------------------------------------
    def acting_as(self, actor: Actor) -> "StoreBase":
        """This store, acting for `actor` (same engine, same clock)."""
        bound = object.__new__(type(self))
        bound.__dict__.update(self.__dict__)
        bound.actor = actor
        return bound

    def with_clock(self, clock: Callable[[], datetime]) -> "StoreBase":
        bound = self.acting_as(self.actor)
        bound.clock = clock
        bound._expired_through = None
        return bound

    def _require(self, allowed: frozenset[str] | set[str], action: str) -> None:
        if self.actor.role not in allowed:
            raise PermissionDenied(action)

    # -- time -------------------------------------------------------------
    def now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the store clock must return aware datetimes")
        return now

    def local_now(self) -> datetime:
        return self.now().astimezone(self.office().tz)

    def business_day(self, at: datetime | None = None) -> date:
        """The office's calendar date (Asia/Ho_Chi_Minh by default) for `at`."""
        return (at or self.now()).astimezone(self.office().tz).date()

    # -- transactions -----------------------------------------------------
    @contextmanager
    def _tx(self) -> Iterator[Session]:
        """One transaction: BEGIN IMMEDIATE on SQLite, READ COMMITTED + row locks on PostgreSQL."""
        with self._transaction(self._sessions.begin) as session:
            yield session

    @contextmanager
    def _core_tx(self) -> Iterator[Connection]:
        """Like `_tx`, but a plain Connection: for hot paths written in Core statements."""
        with self._transaction(self.engine.begin) as connection:
            yield connection

    @contextmanager
    def _transaction(self, begin):
        if self._shared["office"] is None:
            self.refresh_office()  # before the transaction: never a second connection inside it
        try:
            with begin() as handle:
                yield handle
        except (exc.OperationalError, exc.InterfaceError) as error:
            if _is_connection_problem(error):
                raise StoreUnavailable(str(error)) from error
            raise
        except exc.DataError as error:  # a value the column cannot hold (too long, out of range)
            raise InvalidInput(tr("Giá trị không hợp lệ; chưa ghi gì.")) from error
        except exc.StatementError as error:
            if isinstance(error.orig, (OverflowError, TypeError, ValueError)):  # refused by the driver
                raise InvalidInput(tr("Giá trị không hợp lệ; chưa ghi gì.")) from error
            raise

    @contextmanager
    def _read(self) -> Iterator[Session]:
        """A read-only look: one consistent snapshot that never waits for a writer.

        On SQLite a deferred BEGIN (a WAL snapshot), so the wall, the listener and
        reports read while a kiosk or an import holds the write lock.
        """
        with self._transaction(self._read_sessions.begin) as session:
            yield session

    def _event(self, session: Session | Connection, kind: EventKind, *, ticket_id=None, counter_id=None,
               dossier_id=None, **payload: Any) -> None:
        connection = _connection(session)
        transaction = connection.get_transaction()
        notify = connection.dialect.name == "postgresql" and connection.info.get("notified") is not transaction
        # NOTIFY once per transaction, delivered at commit, riding on the event's own INSERT;
        # listeners then read the table, so a lost NOTIFY costs nothing
        connection.execute(_EVENT_INSERT_NOTIFY if notify else _EVENT_INSERT, {
            "created_at": self.now(), "kind": kind.value, "office_id": self.office().id, "ticket_id": ticket_id,
            "counter_id": counter_id, "dossier_id": dossier_id, "payload": payload,
        })
        if notify:
            connection.info["notified"] = transaction

    def _audit(self, session: Session | Connection, action: str, entity: str = "", entity_id: Any = "", **detail: Any) -> None:
        _connection(session).execute(_AUDIT_INSERT, {
            "at": self.now(), "user_id": self.actor.user_id, "username": self.actor.username or self.actor.role,
            "action": action, "entity": entity, "entity_id": str(entity_id), "detail": _jsonable(detail),
        })

    # -- office -----------------------------------------------------------
    def office(self) -> OfficeInfo:
        """The office this database serves (cached; refreshed by `refresh_office`)."""
        if self._shared["office"] is None:
            self.refresh_office()
        if self._shared["office"] is None:
            raise InvalidInput(tr("Chưa có thông tin cơ quan. Hãy chạy `motcua demo` hoặc tạo cơ quan trước."))
        return self._shared["office"]

    def refresh_office(self) -> None:
        try:
            with self._read_sessions() as session:
                row = session.scalars(select(Office).order_by(Office.id).limit(1)).first()
                self._shared["office"] = None if row is None else _office_info(row)
        except (exc.OperationalError, exc.InterfaceError) as error:
            if _is_connection_problem(error):  # the first call of a station started while the server is down
                raise StoreUnavailable(str(error)) from error
            raise


def _office_info(row: Office) -> OfficeInfo:
    return OfficeInfo(
        id=row.id, agency_code=row.agency_code, name=row.name, timezone=row.timezone,
        opening_hours=dict(row.opening_hours or {}), header=row.header or "",
        kiosk_footer=row.kiosk_footer or "", address=row.address or "",
    )


def _connection(session: Session | Connection) -> Connection:
    return session.connection() if isinstance(session, Session) else session


def _is_connection_problem(error: exc.DBAPIError) -> bool:
    if getattr(error, "connection_invalidated", False):
        return True
    message = str(error.orig).lower() if error.orig else str(error).lower()
    return any(
        needle in message
        for needle in ("connection", "server closed", "terminating", "could not connect", "database is locked",
                       "unable to open", "the database system is")
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


__all__ = ["Actor", "KIOSK", "OfficeInfo", "StoreBase", "STAFF", "MANAGERS", "ROLES", "replace"]
