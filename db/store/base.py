"""What every store operation stands on: the context (one transaction, the caller, the clock, events, audit),
shared by a store, its services and its bound copies, and the base class of the services."""

from __future__ import annotations

import inspect
import threading
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Callable, Iterator, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, Table, event, exc, func, select
from sqlalchemy.orm import Session, sessionmaker

from core.clock import system_now
from core.i18n import tr
from db.engine import READ_ONLY
from db.store.arguments import checked_arguments
from db.errors import InvalidInput, PermissionDenied, StoreError
from db.failures import DatabaseFile, duplicate, sqlite_path, store_error
from db.events import EventKind, build_payload
from db.models import AuditLog, Event, Office

if TYPE_CHECKING:
    from db.store import Store

NOTIFY_CHANNEL = "motcua_events"
_EVENT_INSERT = cast(Table, Event.__table__).insert()
_AUDIT_INSERT = cast(Table, AuditLog.__table__).insert()
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


class Context:
    """What the services of one store share: engine, acting user, clock, office cache, transactions,
    events and audit. A bound copy (`acting_as`, `with_clock`) carries another actor or clock and shares
    the office cache."""

    def __init__(self, engine: Engine, *, actor: Actor = KIOSK, clock: Callable[[], datetime] | None = None):
        self.engine = engine
        self.actor = actor
        self.clock = clock or system_now
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # reads bind to the same pool with the read-only option: no write lock on SQLite
        self._read_sessions = sessionmaker(engine.execution_options(**READ_ONLY), expire_on_commit=False)
        # one cache for this context and its bound copies, and the connection kept for a kiosk's issue
        self.shared: dict[str, Any] = {"office": None, "writer": _KeptConnection(engine)}
        self.expired_through: date | None = None
        path = sqlite_path(str(engine.url))
        self.file = DatabaseFile.of(path) if path else None  # deleted or replaced under us: DatabaseLost

    # -- identity ---------------------------------------------------------
    def acting_as(self, actor: Actor) -> "Context":
        """This context, acting for `actor` (same engine, same clock, same office cache)."""
        bound = object.__new__(type(self))
        bound.__dict__.update(self.__dict__)
        bound.actor = actor
        return bound

    def with_clock(self, clock: Callable[[], datetime]) -> "Context":
        """This context (same actor) on another clock: the demo's month of past dossiers is written with it."""
        bound = self.acting_as(self.actor)
        bound.clock = clock
        bound.expired_through = None
        return bound

    def set_office(self, row: Office) -> None:
        """The office cache after `row` was written."""
        self.shared["office"] = office_info(row)

    def require(self, allowed: frozenset[str] | set[str], action: str) -> None:
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
    def tx(self) -> Iterator[Session]:
        """One transaction: BEGIN IMMEDIATE on SQLite, READ COMMITTED + row locks on PostgreSQL.

        Inside another store transaction of this thread (on the same engine) it joins that one, so an
        operation made of others (a whole screen's read, receive-and-ask-for-papers) is one transaction.
        """
        outer = _open_handle(self.engine, write=True)
        if outer is not None:
            with _session_on(outer) as session:
                yield session
            return
        with self.transaction(self._sessions.begin) as session, _joinable(self.engine, session, write=True):
            yield session

    @contextmanager
    def core_tx(self) -> Iterator[Connection]:
        """Like `_tx`, but a plain Connection: for hot paths written in Core statements."""
        outer = _open_handle(self.engine, write=True)
        if outer is not None:
            yield outer.connection() if isinstance(outer, Session) else outer
            return
        with self.transaction(self.engine.begin) as connection, _joinable(self.engine, connection, write=True):
            yield connection

    @contextmanager
    def statement_tx(self) -> Iterator[Connection]:
        """A connection for one statement that is a whole transaction by itself (a server-side function):
        autocommit, so no BEGIN and COMMIT round trips; inside this thread's open write transaction, that one."""
        outer = _open_handle(self.engine, write=True)
        if outer is not None:
            yield _connection(outer)
            return
        with self.transaction(self._autocommit) as connection:
            yield connection

    @contextmanager
    def driver_tx(self) -> Iterator[Any]:
        """SQLite: one write transaction on the driver's own connection (BEGIN IMMEDIATE … COMMIT), for a hot
        path that hands its statements to the driver anyway (issuing a ticket): SQLAlchemy's begin, commit
        and their events were half of an issue's time. Its errors are translated as `transaction` does.
        Inside this thread's open write transaction, that one's connection."""
        outer = _open_handle(self.engine, write=True)
        if outer is not None:
            yield _connection(outer).connection.driver_connection
            return
        with self.transaction(self._driver_begin) as driver:
            yield driver

    @contextmanager
    def _driver_begin(self) -> Iterator[Any]:
        import sqlite3

        kept: _KeptConnection = self.shared["writer"]
        with kept.borrowed() as mine:  # another thread of this process issuing: a pool connection
            # the pool's connection, set up as every other (db/engine.py); the kept one stays checked out
            # between issues, which spares a kiosk the pool's checkout and reset on every touch
            if not mine:
                pooled = self.engine.raw_connection()
            else:
                pooled = kept.pooled if kept.pooled is not None else kept.take()
            driver = cast(Any, pooled.driver_connection)
            try:
                try:
                    driver.execute("BEGIN IMMEDIATE")
                    yield driver
                    driver.execute("COMMIT")
                except sqlite3.Error as error:  # as SQLAlchemy would raise it: `transaction` says what it means
                    raise exc.DBAPIError.instance(None, None, error, sqlite3.Error) from error
            finally:
                if driver.in_transaction:
                    try:
                        driver.execute("ROLLBACK")
                    except sqlite3.Error:
                        pooled.invalidate()
                        if mine:
                            kept.release()
                if not mine:
                    pooled.close()

    def _autocommit(self) -> Connection:
        return self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")

    def server_function(self, sql: str, params: dict[str, Any], *, repeatable: bool = False) -> Any:
        """PostgreSQL: one statement calling a server-side function (issue, call), its one row as a named
        tuple; its own transaction, or part of this thread's open write transaction.

        Handed to the driver directly, prepared once per connection: SQLAlchemy's work on the statement and
        its result was most of the station's time for a call. Its errors are raised as SQLAlchemy's would
        be (a lost connection is dropped from the pool), so `transaction` says what they mean.

        `repeatable`: sending the statement twice does what sending it once does (an issue with a request
        id: the second returns the first's ticket). Such a statement goes on the connection the store keeps
        for it, in autocommit, with no ping before it; if the server ended that connection (restarted,
        killed it) the statement is sent once more on a fresh one from the pool, which pings."""
        if repeatable and _open_handle(self.engine, write=True) is None:
            kept: _KeptConnection = self.shared["writer"]
            with kept.borrowed() as mine:
                if mine:  # else another thread of this process has it: the pool's, below
                    return self._on_kept_connection(kept, sql, params)
        with self.statement_tx() as c:
            return _call_function(c.dialect, c.connection.driver_connection, sql, params, c.invalidate)

    def _on_kept_connection(self, kept: "_KeptConnection", sql: str, params: dict[str, Any]) -> Any:
        for attempt in (1, 2):
            with self.transaction(nullcontext):  # the office, the file, errors translated as every transaction
                if kept.pooled is None:
                    kept.take().driver_connection.autocommit = True  # checked out through the pool's ping
                pooled = kept.pooled
                try:
                    return _call_function(self.engine.dialect, pooled.driver_connection, sql, params, pooled.invalidate)
                except exc.DBAPIError as error:
                    if not error.connection_invalidated:
                        raise
                    kept.release()
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")  # the second attempt returned or raised

    @contextmanager
    def transaction(self, begin):
        if self.shared["office"] is None:
            self.refresh_office()  # before the transaction: never a second connection inside it
        self.check_file()
        try:
            with begin() as handle:
                yield handle
        except exc.DataError as error:  # a value the column cannot hold (too long, out of range)
            raise InvalidInput(tr("Giá trị không hợp lệ; chưa ghi gì.")) from error
        except exc.IntegrityError as error:  # a username, code or number already there: say which
            found = duplicate(error)
            if found is None:
                raise
            raise found from error
        except exc.DBAPIError as error:
            translated = self.translate_error(error)
            if translated is None:
                raise
            raise translated from error
        except exc.StatementError as error:
            if isinstance(error.orig, (OverflowError, TypeError, ValueError)):  # refused by the driver
                raise InvalidInput(tr("Giá trị không hợp lệ; chưa ghi gì.")) from error
            raise

    @contextmanager
    def together(self, *, write: bool = False) -> Iterator[None]:
        """Several store calls of this thread as one transaction: everything a screen shows, read at once
        from one snapshot (never waiting for a writer); `write=True` when some of them write (sign-in
        opening a counter), which on SQLite holds the write lock, so keep it short."""
        with self.tx() if write else self.read():
            yield

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only look: one consistent snapshot that never waits for a writer.

        On SQLite a deferred BEGIN (a WAL snapshot), so the wall, the listener and
        reports read while a kiosk or an import holds the write lock.
        """
        outer = _open_handle(self.engine, write=False)
        if outer is not None:  # inside a read or a write of this thread: one transaction
            with _session_on(outer) as session:
                yield session
            return
        with self.transaction(self._read_sessions.begin) as session, _joinable(self.engine, session, write=False):
            yield session

    def event(self, session: Session | Connection, kind: EventKind, *, ticket_id=None, counter_id=None,
               dossier_id=None, **payload: Any) -> None:
        payload = build_payload(kind, **payload)  # shaped by the kind's builder (db/events.py)
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

    def audit(self, session: Session | Connection, action: str, entity: str = "", entity_id: Any = "", **detail: Any) -> None:
        _connection(session).execute(_AUDIT_INSERT, {
            "at": self.now(), "user_id": self.actor.user_id, "username": self.actor.username or self.actor.role,
            "action": action, "entity": entity, "entity_id": str(entity_id), "detail": _jsonable(detail),
        })

    # -- office -----------------------------------------------------------
    def office(self) -> OfficeInfo:
        """The office this database serves (cached; refreshed by `refresh_office`)."""
        if self.shared["office"] is None:
            self.refresh_office()
        if self.shared["office"] is None:
            raise InvalidInput(tr("Chưa có thông tin cơ quan. Hãy chạy `motcua demo` hoặc tạo cơ quan trước."))
        return self.shared["office"]

    def refresh_office(self) -> None:
        self.check_file()
        try:
            with self._read_sessions() as session:
                row = session.scalars(select(Office).order_by(Office.id).limit(1)).first()
                self.shared["office"] = None if row is None else office_info(row)
        except exc.DBAPIError as error:  # e.g. the first call of a station started while the server is down
            translated = self.translate_error(error)
            if translated is None:
                raise
            raise translated from error

    def check_file(self) -> None:
        """SQLite: raise DatabaseLost if the file was deleted or replaced since the store opened it."""
        if self.file is not None:
            self.file.check()

    def translate_error(self, error: exc.DBAPIError) -> StoreError | None:
        """The StoreError that says what a driver error means for the office (None: a programming error)."""
        return store_error(error, self.file.path if self.file else None)


def _call_function(dialect: Any, driver: Any, sql: str, params: dict[str, Any], invalidate: Callable[[], None]) -> Any:
    """PostgreSQL: `sql` (one function call) on the psycopg connection `driver`, prepared once per connection,
    its row as a named tuple; a driver error raised as SQLAlchemy's, the connection invalidated if it was lost."""
    import psycopg
    from psycopg.rows import namedtuple_row

    try:
        with driver.cursor(row_factory=namedtuple_row) as cursor:
            return cursor.execute(sql, params, prepare=True).fetchone()
    except psycopg.Error as error:
        lost = bool(driver.broken) or driver.closed or dialect.is_disconnect(cast(Any, error), driver, None)
        if lost:
            invalidate()
        raise exc.DBAPIError.instance(sql, params, error, psycopg.Error, connection_invalidated=lost) from error


class _KeptConnection:
    """One pooled connection kept checked out for a kiosk's issue, used by one thread at a time (`lock`): on
    SQLite the driver-level write transaction, on PostgreSQL the issue function with a request id, in
    autocommit (`Context.server_function`). It goes back whenever the engine's pool is disposed (`Store.close`, or a
    caller letting go of the file), as the pool's idle connections do: at once, or at the end of the issue
    using it."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.lock = threading.Lock()
        self.pooled: Any = None
        self.stale = False
        event.listen(engine, "engine_disposed", self.discard)

    def take(self) -> Any:
        self.pooled = self.engine.raw_connection()
        return self.pooled

    def release(self) -> None:
        """Closed (the pool it came from is disposed, or it was invalidated); the next issue takes another."""
        pooled, self.pooled, self.stale = self.pooled, None, False
        if pooled is not None:
            pooled.detach()  # a disposed pool would keep a connection given back to it open
            pooled.close()

    @contextmanager
    def borrowed(self) -> Iterator[bool]:
        """Whether this thread has the kept connection for the block (False: another thread is using it);
        given back at the end, and closed then if the pool was disposed meanwhile."""
        mine = self.lock.acquire(blocking=False)
        try:
            yield mine
        finally:
            if mine:
                if self.stale:
                    self.release()
                self.lock.release()

    def discard(self, _engine: Engine | None = None) -> None:
        if self.lock.acquire(blocking=False):
            try:
                self.release()
            finally:
                self.lock.release()
        else:  # an issue is using it: it goes back when that issue ends
            self.stale = True


class StoreService:
    """A group of store operations over one context; `store` reaches the sibling services.

    Every public method of a service has its arguments held to its annotations on each call
    (db/store/arguments.py: `checked_arguments`)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if not name.startswith("_") and inspect.isfunction(value):
                setattr(cls, name, checked_arguments(value))

    def __init__(self, ctx: Context, store: "Store"):
        self.ctx = ctx
        self.store = store


# (engine, handle, writes): the store transaction this thread has open, for calls inside it to join
_OPEN: ContextVar[tuple[Engine, Session | Connection, bool] | None] = ContextVar("motcua_open_transaction",
                                                                                default=None)


def _open_handle(engine: Engine, *, write: bool) -> Session | Connection | None:
    """The transaction this thread has open on `engine`, if any; a write may not join a read-only one
    (on SQLite a deferred snapshot cannot safely take the write lock later)."""
    open_ = _OPEN.get()
    if open_ is None or open_[0] is not engine:
        return None
    if write and not open_[2]:
        raise RuntimeError("a store write inside a read-only together(): use together(write=True)")
    return open_[1]


@contextmanager
def _session_on(outer: Session | Connection) -> Iterator[Session]:
    """A Session on the open transaction `outer` (itself when it is one)."""
    if isinstance(outer, Session):
        yield outer
        return
    with Session(bind=outer, expire_on_commit=False) as session:
        yield session
        session.flush()


@contextmanager
def _joinable(engine: Engine, handle: Session | Connection, *, write: bool) -> Iterator[None]:
    token = _OPEN.set((engine, handle, write))
    try:
        yield
    finally:
        _OPEN.reset(token)


def office_info(row: Office) -> OfficeInfo:
    return OfficeInfo(
        id=row.id, agency_code=row.agency_code, name=row.name, timezone=row.timezone,
        opening_hours=dict(row.opening_hours or {}), header=row.header or "",
        kiosk_footer=row.kiosk_footer or "", address=row.address or "",
    )


def _connection(session: Session | Connection) -> Connection:
    return session.connection() if isinstance(session, Session) else session


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


__all__ = ["Actor", "KIOSK", "OfficeInfo", "Context", "StoreService", "office_info", "STAFF", "MANAGERS", "ROLES", "replace"]
