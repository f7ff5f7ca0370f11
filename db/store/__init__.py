"""The store: every transactional operation of the office, on SQLite or PostgreSQL.

    store = Store.open("sqlite:///office.sqlite3")
    ticket = store.issue_ticket("A")               # a kiosk needs no login
    clerk = store.login("lan", "mật khẩu")         # the same store, acting as clerk "lan"
    clerk.call_next(counter=1)
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from sqlalchemy import exc

from db.catalog_io import CatalogIO
from db.engine import make_engine
from db.migrate import check_schema, upgrade
from db.store.base import KIOSK, Actor
from db.store.catalog import CatalogOps
from db.store.content import ContentOps
from db.store.desk import DeskOps
from db.store.display import DisplayOps
from db.store.dossiers import DossierOps
from db.store.kiosk import KioskOps
from db.store.manage import ManageOps
from db.store.office import OfficeOps
from db.store.reports import ReportOps
from db.store.tickets import TicketOps


class Store(TicketOps, OfficeOps, CatalogOps, DossierOps, KioskOps, DeskOps, DisplayOps, ReportOps, CatalogIO,
            ManageOps, ContentOps):
    """All operations; each method is one transaction and checks the caller's role."""

    @classmethod
    def open(cls, url: str, *, clock: Callable[[], datetime] | None = None, migrate: bool = True,
             actor: Actor = KIOSK) -> "Store":
        """Open the database at `url`, creating or upgrading its schema first."""
        engine = make_engine(url)
        if migrate:
            upgrade(engine)
        else:
            try:
                check_schema(engine)  # a station never works on a schema newer than it knows
            except (exc.OperationalError, exc.InterfaceError):
                pass  # unreachable now (the server boots after this PC): the app waits and retries
        return cls(engine, actor=actor, clock=clock)

    def close(self) -> None:
        self.engine.dispose()


__all__ = ["Store", "Actor"]
