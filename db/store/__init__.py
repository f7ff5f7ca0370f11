"""The store: every transactional operation of the office, on SQLite or PostgreSQL.

    store = Store.open("sqlite:///office.sqlite3")
    ticket = store.queue.issue_ticket("A")         # a kiosk needs no login
    clerk = store.login("lan", "mật khẩu")         # the same store, acting as clerk "lan"
    clerk.queue.call_next(counter=1)

A store is one `Context` (engine, acting user, clock, office cache, transactions, events, audit;
db/store/base.py) and services over it, each a class taking the context:

    store.queue     issuing, calling, ticket life, the counter's desk, the wall's board
    store.dossiers  receiving, processing, handing over and returning dossiers; due lists
    store.setup     office, settings, fields, counters, users, procedures and catalog files,
                    kiosk PIN, printers' status
    store.content   the display's notices and videos, stations' devices
    store.calendar  working time, the official calendar, the office's own days, opening status
    store.reports   queue, dossier, satisfaction, ledger and monthly reports; the audit log
    store.phones    citizens' phones: ticket page tokens, remote numbers, bookings and check-in

The full method → service table is in docs/ARCHITECTURE.md. Row look-ups several services share live
in db/store/rows.py; a service reaches another through `self.store.<service>`.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime
from typing import Callable, Iterator

from sqlalchemy import Engine, exc

from core.i18n import tr
from db.catalog_io import CatalogIO
from db.engine import make_engine
from db.errors import InvalidInput
from db.failures import DatabaseFile, sqlite_path, store_error
from db.migrate import check_schema, upgrade
from db.store.appointments import AppointmentOps
from db.store.base import KIOSK, Actor, Context, OfficeInfo
from db.store.catalog import CatalogOps
from db.store.content import ContentOps, OwnDaysOps
from db.store.desk import DeskOps
from db.store.display import BoardOps, NoticeOps
from db.store.dossiers import DossierOps
from db.store.enrolment import EnrolmentOps
from db.store.kiosk import KioskOps
from db.store.manage import AuditOps, ManageOps
from db.store.monthly import MonthlyOps
from db.store.office import OfficeOps, sign_in, user_actor
from db.store.phones import PhoneOps
from db.store.reports import ReportOps
from db.store.tickets import TicketOps
from db.store.worktime import WorkTimeOps


class Queue(TicketOps, DeskOps, BoardOps):
    """Tickets: issue, call, serve, hand over, rate; a counter's desk; the wall's board."""


class Dossiers(DossierOps):
    """Dossiers: receive … return, due lists, a dossier's page."""


class Setup(OfficeOps, ManageOps, CatalogOps, CatalogIO, KioskOps, EnrolmentOps):
    """The office's set-up: office, settings, fields, counters, users, procedures, catalog files, kiosks,
    the stations enrolled with the office server."""


class Content(ContentOps, NoticeOps):
    """What the manager puts on the wall and the stations: notices, videos, stations' devices."""


class Calendar(WorkTimeOps, OwnDaysOps):
    """Working time: the office's calendar, the official calendar, its own days, open or closed."""


class Reports(ReportOps, MonthlyOps, AuditOps):
    """Reports and the audit log (managers)."""


class Phones(PhoneOps, AppointmentOps):
    """Citizens' phones: a ticket's page token, remote numbers, bookings and check-in, their rules."""


SERVICES = {"queue": Queue, "dossiers": Dossiers, "setup": Setup, "content": Content, "calendar": Calendar,
            "reports": Reports, "phones": Phones}


class Store:
    """One context and the services over it; each operation is one transaction and checks the caller's role."""

    def __init__(self, engine: Engine, *, actor: Actor = KIOSK, clock: Callable[[], datetime] | None = None,
                 ctx: Context | None = None):
        self.ctx = ctx or Context(engine, actor=actor, clock=clock)
        self.queue = Queue(self.ctx, self)
        self.dossiers = Dossiers(self.ctx, self)
        self.setup = Setup(self.ctx, self)
        self.content = Content(self.ctx, self)
        self.calendar = Calendar(self.ctx, self)
        self.reports = Reports(self.ctx, self)
        self.phones = Phones(self.ctx, self)

    @classmethod
    def open(cls, url: str, *, clock: Callable[[], datetime] | None = None, migrate: bool = True,
             actor: Actor = KIOSK, create: bool = False) -> "Store":
        """Open the database at `url`, upgrading its schema first.

        A SQLite file that is not there is `DatabaseMissing` (an empty one `DatabaseDamaged`):
        only `create=True` (`motcua db upgrade`, `motcua demo`) makes a new database, so a
        share mounted late never splits an office's data. Failures are StoreErrors.
        """
        try:
            engine = make_engine(url)
        except exc.ArgumentError:
            raise InvalidInput(tr("Địa chỉ cơ sở dữ liệu không hợp lệ: {url}", url=url)) from None
        path = sqlite_path(url)
        try:
            if path is not None and not create:
                DatabaseFile.of(path)
            if migrate:
                upgrade(engine)
            else:
                check_schema(engine)  # a station never works on a schema newer than it knows
            return cls(engine, actor=actor, clock=clock)
        except exc.DBAPIError as error:
            engine.dispose()
            translated = store_error(error, path)
            if translated is None:
                raise
            raise translated from error
        except BaseException:
            engine.dispose()
            raise

    def close(self) -> None:
        self.ctx.engine.dispose()

    # -- who and when ---------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        return self.ctx.engine

    @property
    def actor(self) -> Actor:
        return self.ctx.actor

    @property
    def clock(self) -> Callable[[], datetime]:
        return self.ctx.clock

    def acting_as(self, actor: Actor) -> "Store":
        """This store acting for `actor` (same engine, clock and office cache)."""
        return Store(self.ctx.engine, ctx=self.ctx.acting_as(actor))

    def with_clock(self, clock: Callable[[], datetime]) -> "Store":
        """This store (same actor) on another clock: the demo's month of past dossiers is written with it."""
        return Store(self.ctx.engine, ctx=self.ctx.with_clock(clock))

    def login(self, username: str, password: str, station: str = "") -> "Store":
        """A copy of this store acting as the user, after checking the password."""
        return Store(self.ctx.engine, ctx=sign_in(self.ctx, username, password, station))

    def as_user(self, username: str) -> "Store":
        """A copy acting as `username` without a password: for trusted local scripts (the CLI)."""
        return self.acting_as(user_actor(self.ctx, username))

    def as_system(self) -> "Store":
        """A copy acting as the installer (creates the office and its first admin)."""
        return self.acting_as(Actor(role="admin", username="system"))

    @contextmanager
    def together(self, *, write: bool = False) -> Iterator[None]:
        """Several store calls of this thread as one transaction (see `Context.together`)."""
        with self.ctx.together(write=write):
            yield

    def now(self) -> datetime:
        return self.ctx.now()

    def local_now(self) -> datetime:
        return self.ctx.local_now()

    def business_day(self, at: datetime | None = None) -> date:
        """The office's calendar date (Asia/Ho_Chi_Minh by default) for `at`."""
        return self.ctx.business_day(at)

    def office(self) -> OfficeInfo:
        """The office this database serves (cached; refreshed by `refresh_office`)."""
        return self.ctx.office()

    def refresh_office(self) -> None:
        self.ctx.refresh_office()

    def check_file(self) -> None:
        """SQLite: raise DatabaseLost if the file was deleted or replaced since the store opened it."""
        self.ctx.check_file()


__all__ = ["Store", "Actor", "Context", "SERVICES"]
