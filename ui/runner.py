"""One background runner for store and device calls (Anki's CollectionOp idea).

`runner.run(fn, *args, on_done=…)` runs `fn` on a worker thread; the result
or the error comes back on the GUI thread. Errors are reported in one place:
`sig_error` carries a sentence for the user (a `StoreError` speaks for
itself; anything else is logged and shown as a generic failure).
"""

from __future__ import annotations

import logging
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from core.i18n import tr
from db.errors import StoreError, StoreUnavailable

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object, object)  # (callback, result)
    failed = Signal(object, object)  # (callback, exception)


class _Job(QRunnable):
    def __init__(self, fn, args, kwargs, relay: _Relay, on_done, on_error):
        super().__init__()
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.relay, self.on_done, self.on_error = relay, on_done, on_error

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except Exception as error:  # noqa: BLE001 - reported on the GUI thread
            error.__traceback_text__ = traceback.format_exc()
            self.relay.failed.emit(self.on_error, error)
        else:
            self.relay.done.emit(self.on_done, result)


class Runner(QObject):
    """Runs store/device calls off the GUI thread, one error channel for the window."""

    sig_error = Signal(str)
    """A failure, as a sentence in the user's language."""
    sig_busy = Signal(bool)
    """True while at least one call is running."""
    sig_unavailable = Signal()
    """The store could not be reached."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.done.connect(self._done)
        self._relay.failed.connect(self._failed)
        self._running = 0

    def run(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[Exception], bool | None] | None = None, **kwargs: Any) -> None:
        """Call `fn(*args, **kwargs)` on a worker; `on_done(result)` on the GUI thread.

        `on_error(exc)` may return True to say it has shown the error itself.
        """
        self._running += 1
        if self._running == 1:
            self.sig_busy.emit(True)
        self.pool.start(_Job(fn, args, kwargs, self._relay, on_done, on_error))

    @property
    def busy(self) -> bool:
        """True until every call started has come back (its result or error handled on the GUI thread)."""
        return self._running > 0

    def wait(self, msecs: int = 5000) -> bool:
        return self.pool.waitForDone(msecs)

    @Slot(object, object)
    def _done(self, callback, result) -> None:
        self._finish()
        if callback is not None:
            callback(result)

    @Slot(object, object)
    def _failed(self, callback, error: Exception) -> None:
        self._finish()
        if callback is not None and callback(error):
            return
        self.sig_error.emit(describe_error(error))
        if isinstance(error, StoreUnavailable):
            self.sig_unavailable.emit()

    def _finish(self) -> None:
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
