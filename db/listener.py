"""Follow the event table: `EventListener(url).wait(timeout)` yields new events.

PostgreSQL: a LISTEN connection wakes the listener within milliseconds of a
commit; SQLite: the same indexed query every `poll_interval`. Either way the
table is the truth: a station that was off, or missed a NOTIFY, catches up
with `WHERE id > last_id`.

On PostgreSQL ids come from a sequence and two transactions may commit out of
order (id 11 visible before id 10). The listener remembers such holes and
looks for them again, however late their transaction commits: a hole is
forgotten only once every transaction that could still write it has ended
(resolved against the database's open transactions, `pg_stat_activity.backend_xid`),
so a rolled-back id is not re-read for ever and a slow commit is never skipped.
On SQLite writers take turns (BEGIN IMMEDIATE), so ids commit in order; the
poll is a deferred read that never waits for a writer.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Iterator

from sqlalchemy import Engine, or_, select, text

from db.engine import is_sqlite, make_engine, normalize_url, read_connection
from db.errors import DatabaseMissing
from db.events import EventKind, EventRecord
from db.failures import sqlite_path
from db.models import Event
from db.store.base import NOTIFY_CHANNEL

log = logging.getLogger(__name__)


class EventListener:
    """Yields committed events after `after_id` in id order (one that commits late comes when it
    commits, after later ids), surviving lost connections."""

    def __init__(self, url: str, after_id: int | None = None, *, poll_interval: float = 0.1, batch: int = 500):
        self.url = normalize_url(url)
        self.poll_interval = poll_interval
        self.batch = batch
        self.connected = False
        self._engine: Engine | None = None
        self._pg: Any = None  # psycopg connection with LISTEN (psycopg is imported only for PostgreSQL)
        # missing id -> the open transactions (PostgreSQL xids) that may still commit it;
        # None until the next look, taken after its writer surely holds an xid
        self._gaps: dict[int, frozenset[int] | None] = {}
        self.last_id = after_id if after_id is not None else -1
        self._next_retry = 0.0

    # -- public ---------------------------------------------------------------
    def start_from_latest(self) -> int:
        """Skip history: follow only what happens from now on; returns the id started from."""
        self._engine = self._engine or self._make_engine()
        with read_connection(self._engine) as c:
            self.last_id = c.scalar(select(Event.id).order_by(Event.id.desc()).limit(1)) or 0
        return self.last_id

    @property
    def holes(self) -> int:
        """Event ids skipped so far whose transaction may still commit (PostgreSQL)."""
        return len(self._gaps)

    def wait(self, timeout: float = 1.0) -> list[EventRecord]:
        """New events, waiting up to `timeout` s for one; [] on timeout or while disconnected."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self._ensure():
                    events = self._fetch()
                    if events:
                        return events
            except Exception as error:  # noqa: BLE001 - any driver failure means: reconnect later
                self._lost(error)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            try:
                if self.connected:
                    self._sleep(min(remaining, self.poll_interval if self._pg is None else remaining))
                else:
                    time.sleep(min(remaining, 0.2))
            except Exception as error:  # noqa: BLE001
                self._lost(error)

    def __iter__(self) -> Iterator[EventRecord]:
        while True:
            yield from self.wait(1.0)

    def close(self) -> None:
        self._drop()

    # -- internals ------------------------------------------------------------------
    def _ensure(self) -> bool:
        """Connected now? Reconnects at most every half second; raises when that fails."""
        if self._engine is not None and self.connected:
            return True
        if time.monotonic() < self._next_retry:
            return False
        self._next_retry = time.monotonic() + 0.5
        self._engine = self._engine or self._make_engine()
        if not is_sqlite(self.url):
            self._listen()
        with read_connection(self._engine) as c:
            if self.last_id < 0:
                self.last_id = c.scalar(select(Event.id).order_by(Event.id.desc()).limit(1)) or 0
        log.info("event listener connected (last id %s)", self.last_id)
        self.connected = True
        return True

    def _connected_engine(self) -> Engine:
        """The engine `connect` made (the loop connects before listening or fetching)."""
        if self._engine is None:
            raise RuntimeError("the listener is not connected")
        return self._engine

    def _make_engine(self) -> Engine:
        path = sqlite_path(self.url)
        if path is not None and not path.exists():  # connecting would create an empty database there
            raise DatabaseMissing(str(path))
        return make_engine(self.url)

    def _listen(self) -> None:
        import psycopg

        if self._pg is not None and not self._pg.closed:
            return
        dsn = self._connected_engine().url.set(drivername="postgresql").render_as_string(hide_password=False)
        try:
            self._pg = psycopg.connect(dsn, autocommit=True, connect_timeout=3)
            self._pg.execute(f"LISTEN {NOTIFY_CHANNEL}")
        except psycopg.Error as error:
            self._pg = None
            raise _PgError(str(error)) from error

    def _sleep(self, seconds: float) -> None:
        if self._pg is None:
            time.sleep(seconds)
            return
        import psycopg

        try:
            # wake on the first NOTIFY, then drain the rest without waiting
            for _ in self._pg.notifies(timeout=seconds, stop_after=1):
                pass
        except psycopg.Error as error:
            raise _PgError(str(error)) from error

    def _fetch(self) -> list[EventRecord]:
        cond = Event.id > self.last_id
        if self._gaps:
            cond = or_(cond, Event.id.in_(list(self._gaps)))
        with read_connection(self._connected_engine()) as c:
            # the open transactions are read before the events: one that has ended by now
            # has its rows visible to the query below, or never will
            running = _open_transactions(c) if self._gaps else None
            rows = c.execute(select(Event).where(cond).order_by(Event.id).limit(self.batch)).all()
        out: list[EventRecord] = []
        noticed: set[int] = set()
        for row in rows:
            if row.id in self._gaps:
                del self._gaps[row.id]
            elif row.id > self.last_id:
                if not is_sqlite(self.url) and self.last_id >= 0:
                    noticed.update(range(self.last_id + 1, row.id))
                self.last_id = row.id
            out.append(_record(row))
        if running is not None:
            for missing, writers in list(self._gaps.items()):
                if writers is None:
                    self._gaps[missing] = running
                elif not writers & running:
                    del self._gaps[missing]  # all who could have written it are gone: rolled back
        self._gaps.update(dict.fromkeys(noticed))
        return out

    def _lost(self, error: Exception) -> None:
        if self.connected:
            log.warning("event listener lost the database: %s", error)
        self.connected = False
        self._drop()

    def _drop(self) -> None:
        if self._pg is not None:
            try:
                self._pg.close()
            except Exception:  # noqa: BLE001 - closing a dead connection
                pass
            self._pg = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


class _PgError(Exception):
    pass


_OPEN_HERE = text("SELECT backend_xid::text FROM pg_stat_activity "
                  "WHERE datname = current_database() AND backend_xid IS NOT NULL")


def _open_transactions(c) -> frozenset[int]:
    """Ids of the writing transactions open in this database right now (other databases on the
    same server, however long their transactions, do not hold our holes open)."""
    return frozenset(int(x) for x in c.execute(_OPEN_HERE).scalars())


def _record(row) -> EventRecord:
    try:
        kind: EventKind | str = EventKind(row.kind)
    except ValueError:
        kind = row.kind  # an event from a newer version: passed on, not dropped
    return EventRecord(id=row.id, kind=kind, created_at=row.created_at, ticket_id=row.ticket_id,
                       counter_id=row.counter_id, dossier_id=row.dossier_id, payload=dict(row.payload or {}))
