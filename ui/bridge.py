"""The bridge from store events to Qt signals: one listener thread per app."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QThread, Signal, Slot

from db.listener import EventListener
from db.remote import RemoteEventListener, listener_for

log = logging.getLogger(__name__)


class _Worker(QObject):
    events = Signal(list)
    connection = Signal(bool)

    def __init__(self, listener: EventListener | RemoteEventListener):
        super().__init__()
        self.listener = listener
        self._stop = False

    @Slot()
    def loop(self) -> None:
        connected = None
        while not self._stop:
            batch = self.listener.wait(0.25)
            if self.listener.connected != connected:
                connected = self.listener.connected
                self.connection.emit(connected)
            if batch and not self._stop:
                self.events.emit(batch)
        self.listener.close()


class EventBridge(QObject):
    """Emits `sig_events` with each batch of new events, on the GUI thread."""

    sig_events = Signal(list)
    """New committed events (list of db.events.EventRecord), in id order."""
    sig_connection = Signal(bool)
    """False when the store is unreachable, True when it is back."""

    def __init__(self, db_url: str, *, after_id: int | None = None, from_latest: bool = True,
                 poll_interval: float = 0.1, parent: QObject | None = None):
        super().__init__(parent)
        # the database's event table, or an office server's push stream (db_url = the server's https:// address)
        self.listener = listener_for(db_url, after_id, poll_interval=poll_interval)
        self._from_latest = from_latest and after_id is None
        self._thread = QThread()
        self._worker = _Worker(self.listener)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.loop)
        self._worker.events.connect(self.sig_events)
        self._worker.connection.connect(self.sig_connection)

    def start(self) -> None:
        if self._from_latest:
            try:
                self.listener.start_from_latest()
            except Exception as error:  # noqa: BLE001 - the loop reconnects
                log.warning("event bridge could not read the latest event: %s", error)
        self._thread.start()

    def stop(self) -> None:
        self._worker._stop = True
        self._thread.quit()
        self._thread.wait(3000)

    @property
    def last_id(self) -> int:
        return self.listener.last_id
