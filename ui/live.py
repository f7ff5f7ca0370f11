"""One live view: a part of a screen that shows what the store says and keeps it up to date.

A screen part declares what it reads (`read`, run on the runner), how it shows
the answer (`show`, on the GUI thread) and which topics (db.events.Topic)
refresh it. The live view then

- reads once at a time, and a burst of changes is one read (debounced, never
  postponed for ever: a steady stream of events still reads every `delay_ms`);
- reads again if something it shows changed while a read was out, dropping
  that answer (it may predate an action the clerk just saw succeed);
- reads again when the store's events of its topics arrive, when an action of
  this app changing its topics is done (`Runner.sig_changed`), when the
  listener reconnects and when the business day changes;
- with `only_visible`, waits until its widget is shown to read what changed
  while it was hidden (the manager's pages);
- dies with its widget (it is the widget's child; the runner drops answers for
  a deleted widget).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any, Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from db.events import Topic
from ui.runner import OpResult, Runner

log = logging.getLogger(__name__)
MAX_DROPS = 3  # answers dropped in a row because of changes meanwhile; then shown anyway (never starve)


class LiveRead(QObject):
    """`read` → `show`, again whenever one of `topics` changes (see the module's notes)."""

    sig_shown = Signal(object)
    """An answer was shown (the read's result)."""
    sig_failed = Signal(object)
    """A read failed (the exception), after `on_error` saw it."""

    def __init__(self, runner: Runner, read: Callable[..., Any], show: Callable[[Any], None], *,
                 owner: QObject, topics: Iterable[Topic] = (), args: Callable[[], tuple] | None = None,
                 bridge=None, delay_ms: int = 150, day: Callable[[], date] | None = None,
                 retry_ms: int | None = None, on_error: Callable[[Exception], bool | None] | None = None,
                 only_visible: bool = False):
        super().__init__(owner)
        self.runner, self.owner = runner, owner
        self._read, self._show, self._args = read, show, args
        self.topics = frozenset(topics)
        self._day, self._on_error, self._only_visible = day, on_error, only_visible
        self.reading = False
        self.stale = True  # nothing shown yet, or something changed since
        self._dirty = False
        self._drops = 0
        self._stopped = False
        self._last_day: date | None = None
        self._connected = True
        self._debounce = QTimer(self, singleShot=True, interval=delay_ms, timeout=self._start)
        self._retry = QTimer(self, singleShot=True, interval=retry_ms or 0, timeout=self._start)
        self._retry_ms = retry_ms
        runner.sig_changed.connect(self._op_done)
        if bridge is not None:
            self.follow(bridge)
        if day is not None:
            self._day_timer = QTimer(self, interval=1000, timeout=self._check_day)
            self._day_timer.start()
        if only_visible:
            owner.installEventFilter(self)

    def follow(self, bridge) -> None:
        """Take the store's events and connection state from this EventBridge."""
        bridge.sig_events.connect(self.on_events)
        bridge.sig_connection.connect(self.on_connection)

    # -- asking -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read soon (a burst of calls is one read)."""
        if not self._debounce.isActive():
            self._debounce.start()

    def refresh_now(self) -> None:
        """Read at once (or right after the read that is out)."""
        self._debounce.stop()
        self._start()

    def changed(self) -> None:
        """Something this view shows has changed: a read that is out is stale; read again."""
        self.stale = True
        if self.reading:
            self._dirty = True
        else:
            self.refresh()

    def on_events(self, batch: list) -> None:
        """Store events (db.events.EventRecord): read again if one is of our topics."""
        if any(getattr(e, "topic", None) in self.topics for e in batch):
            self.changed()

    def on_connection(self, connected: bool) -> None:
        was, self._connected = self._connected, connected
        if connected and not was:
            log.info("store reachable again: reading %s again", self._read)
            self.stale = True
            self.refresh_now()

    def stop(self) -> None:
        """No more reads (the window is closing)."""
        self._stopped = True
        for timer in (self._debounce, self._retry):
            timer.stop()
        if self._day is not None:
            self._day_timer.stop()

    # -- reading ------------------------------------------------------------------------------------
    def _op_done(self, op: OpResult) -> None:
        if op.changes & self.topics:
            self.changed()

    def _start(self) -> None:
        if self._stopped:
            return
        if self._only_visible and not self.owner.isVisible():
            self.stale = True  # read when shown
            return
        if self.reading:
            self._dirty = True
            return
        self.reading, self._dirty, self.stale = True, False, False
        self._retry.stop()
        args = self._args() if self._args is not None else ()
        self._last_day = self._today()
        self.runner.run(self._read, *args, on_done=self._arrived, on_error=self._failed, owner=self.owner)

    def _arrived(self, result: Any) -> None:
        self.reading = False
        if self._stopped:
            return
        if self._dirty and self._drops < MAX_DROPS:
            self._drops += 1
            self._start()  # it changed while we read: this answer may be older than what is on screen
            return
        self._drops = 0
        again, self._dirty = self._dirty, False
        self._show(result)
        self.sig_shown.emit(result)
        if again:
            self._start()

    def _failed(self, error: Exception) -> bool:
        self.reading = False
        handled = bool(self._on_error(error)) if self._on_error is not None else False
        self.sig_failed.emit(error)
        if self._stopped:
            return True
        self.stale = True
        if self._dirty:
            self._dirty = False
            self.refresh()
        elif self._retry_ms:
            self._retry.start()
        return handled

    # -- the day ------------------------------------------------------------------------------------
    def _today(self) -> date | None:
        if self._day is None:
            return None
        try:
            return self._day()
        except Exception as error:  # noqa: BLE001 - no office yet, store away: the next read says so
            log.debug("business day unknown: %s", error)
            return None

    def _check_day(self) -> None:
        today = self._today()
        if today is not None and self._last_day is not None and today != self._last_day and not self.reading:
            log.info("a new business day (%s): reading again", today)
            self.stale = True
            self.refresh_now()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.owner and event.type() == QEvent.Type.Show and self.stale and not self.reading:
            self.refresh()
        return False
