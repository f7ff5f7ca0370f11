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

from core.i18n import tr
from db.catalog_io import CatalogIO
from db.engine import make_engine
from db.errors import InvalidInput
from db.failures import DatabaseFile, sqlite_path, store_error
from db.migrate import check_schema, upgrade
from db.store.base import KIOSK, Actor
from db.store.appointments import AppointmentOps
from db.store.catalog import CatalogOps
from db.store.content import ContentOps
from db.store.desk import DeskOps
from db.store.display import DisplayOps
from db.store.dossiers import DossierOps
from db.store.kiosk import KioskOps
from db.store.manage import ManageOps
from db.store.monthly import MonthlyOps
from db.store.office import OfficeOps
from db.store.reports import ReportOps

from db.store.worktime import WorkTimeOps


class Store(AppointmentOps, WorkTimeOps, OfficeOps, CatalogOps, DossierOps, KioskOps, DeskOps, DisplayOps, MonthlyOps,
            ReportOps, CatalogIO, ManageOps, ContentOps):
    """All operations; each method is one transaction and checks the caller's role."""

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
        self.engine.dispose()


__all__ = ["Store", "Actor"]
