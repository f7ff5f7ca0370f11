"""One background runner for store and device calls (Anki's CollectionOp/QueryOp idea).

`runner.run(fn, *args, on_done=…)` runs `fn` on a worker thread; the result
or the error comes back on the GUI thread. Errors are reported in one place:
`sig_error` carries a sentence for the user (a `StoreError` speaks for
itself; anything else is logged and shown as a generic failure).

An action that changes something names a `key` (one at a time per key: a
second F1 while the first call is out is refused, and `sig_key_busy` lets the
buttons show it) and the `changes` it makes (db.events.Topic): when it is
done, `sig_changed` carries an `OpResult` saying who started it, so live
views read again at once. A call started for a widget (`owner`) has its
callbacks dropped if that widget is gone by the time the answer comes.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from core.i18n import tr
from db.errors import StoreError, StoreUnavailable
from db.events import Topic

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpResult:
    """A finished action: what it returned, which topics it changed, and who started it."""

    result: Any
    changes: frozenset[Topic]
    key: str | None = None
    initiator: object | None = None


@dataclass
class _Call:
    on_done: Callable[[Any], None] | None
    on_error: Callable[[Exception], bool | None] | None
    key: str | None
    owner: QObject | None
    changes: frozenset[Topic]

    def alive(self) -> bool:
        return self.owner is None or shiboken6.isValid(self.owner)


class _Relay(QObject):
    done = Signal(object, object)  # (call, result)
    failed = Signal(object, object)  # (call, exception)


class _Job(QRunnable):
    def __init__(self, fn, args, kwargs, relay: _Relay, call: _Call):
        super().__init__()
        self.fn, self.args, self.kwargs, self.relay, self.call = fn, args, kwargs, relay, call

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except Exception as error:  # noqa: BLE001 - reported on the GUI thread
            error.__traceback_text__ = traceback.format_exc()
            self.relay.failed.emit(self.call, error)
        else:
            self.relay.done.emit(self.call, result)


class Runner(QObject):
    """Runs store/device calls off the GUI thread, one error channel for the window."""

    sig_error = Signal(str)
    """A failure, as a sentence in the user's language."""
    sig_busy = Signal(bool)
    """True while at least one call is running."""
    sig_key_busy = Signal(str, bool)
    """(key, busy): an action of this key started (True) or came back (False)."""
    sig_changed = Signal(object)
    """An action that changes the store is done (OpResult): live views of its topics read again."""
    sig_unavailable = Signal()
    """The store could not be reached."""
    sig_store_failed = Signal(object)
    """Any call failed because the store could not be reached or written (the StoreUnavailable), even one
    whose `on_error` showed it: a lasting write failure is watched in one place (ui/store_trouble.py)."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.done.connect(self._done)
        self._relay.failed.connect(self._failed)
        self._running = 0
        self._keys: set[str] = set()

    def run(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[Exception], bool | None] | None = None, key: str | None = None,
            owner: QObject | None = None, changes: Iterable[Topic] = (), **kwargs: Any) -> bool:
        """Call `fn(*args, **kwargs)` on a worker; `on_done(result)` on the GUI thread.

        `on_error(exc)` may return True to say it has shown the error itself. With a `key`, the call
        is refused (False, nothing runs) while another call of that key is out. With an `owner`, the
        callbacks are dropped if the owner has been deleted meanwhile. `changes`: the topics the call
        alters (announced on `sig_changed` when it succeeds).
        """
        if key is not None:
            if key in self._keys:
                log.info("refused %s: an action of this kind is still running", key)
                return False
            self._keys.add(key)
            self.sig_key_busy.emit(key, True)
        self._running += 1
        if self._running == 1:
            self.sig_busy.emit(True)
        call = _Call(on_done, on_error, key, owner, frozenset(changes))
        self.pool.start(_Job(fn, args, kwargs, self._relay, call))
        return True

    def busy_with(self, key: str) -> bool:
        """An action of this key is out."""
        return key in self._keys

    @property
    def busy(self) -> bool:
        """True until every call started has come back (its result or error handled on the GUI thread)."""
        return self._running > 0

    def wait(self, msecs: int = 5000) -> bool:
        return self.pool.waitForDone(msecs)

    @Slot(object, object)
    def _done(self, call: _Call, result) -> None:
        self._finish(call)
        if call.on_done is not None and call.alive():
            call.on_done(result)
        if call.changes:  # even if its screen is gone: what it changed is changed
            self.sig_changed.emit(OpResult(result, call.changes, call.key, call.owner))

    @Slot(object, object)
    def _failed(self, call: _Call, error: Exception) -> None:
        self._finish(call)
        if isinstance(error, StoreUnavailable):
            self.sig_store_failed.emit(error)
        if not call.alive():
            log.info("an answer for a closed screen: %s", error)
            return
        if call.on_error is not None and call.on_error(error):
            return
        self.sig_error.emit(describe_error(error))
        if isinstance(error, StoreUnavailable):
            self.sig_unavailable.emit()

    def _finish(self, call: _Call) -> None:
        if call.key is not None:
            self._keys.discard(call.key)
            self.sig_key_busy.emit(call.key, False)
        self._running -= 1
        if self._running == 0:
            self.sig_busy.emit(False)


def describe_error(error: Exception) -> str:
    """What to tell the user about `error`."""
    if isinstance(error, StoreError):
        return str(error)
    if isinstance(error, OSError):  # a file the user chose could not be read or written
        return tr("Không đọc/ghi được tệp: {error}", error=error.strerror or str(error))
    log.error("unexpected error: %s", getattr(error, "__traceback_text__", repr(error)))
    device_message = getattr(error, "message", None)
    if isinstance(device_message, str) and device_message:
        return device_message
    return tr("Đã xảy ra lỗi: {error}", error=type(error).__name__)
