"""Speaking the calls: the chime and the Vietnamese voice pack, one call at a time, through QtMultimedia.

The WAV of each call is composed off the GUI thread by `devices.audio.Announcer`
and played by one QMediaPlayer. The order and the bounds of the queue are
`display.speech_queue.CallQueue`'s policy. A watchdog moves on if a player
never reports the end (a broken sound driver must not silence the display).
"""

from __future__ import annotations

import logging
import tempfile
from collections import deque
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

from devices.audio import Announcer
from display.speech_queue import MAX_PENDING, Announcement, CallQueue
from ui.runner import Runner

log = logging.getLogger(__name__)
_FILES = 8  # WAV files reused in turn: the folder never grows
_DONE = (QMediaPlayer.MediaStatus.EndOfMedia, QMediaPlayer.MediaStatus.InvalidMedia)


class QtCallSpeaker(QObject):
    """Announces calls in order, never two at once; see `speech_queue` for the bounds."""

    sig_started = Signal(object)
    """An Announcement starts playing (its WAV is built)."""
    sig_finished = Signal(object)
    """An Announcement has been spoken (or could not be)."""
    sig_speaking = Signal(bool)
    """True when the first call of a run starts, False when the queue is empty again."""
    sig_dropped = Signal(object, str)
    """An Announcement left unspoken, and why ("queue_full", "superseded")."""

    def __init__(self, announcer: Announcer | None = None, *, folder: Path | None = None, volume: float = 1.0,
                 rate: float = 1.0, max_pending: int = MAX_PENDING, parent: QObject | None = None):
        super().__init__(parent)
        self.announcer = announcer or Announcer()
        self._tmp = None if folder else tempfile.TemporaryDirectory(prefix="motcua-calls-")
        self.folder = Path(folder or self._tmp.name)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.rate = rate
        self.queue = CallQueue(max_pending, on_drop=self._dropped)
        self.current: Announcement | None = None
        self.built: deque[tuple[Announcement, Path]] = deque(maxlen=_FILES)
        self.spoken = 0
        self._serial = 0
        self._stopped = False
        self.runner = Runner(self, max_threads=1)
        self.output = QAudioOutput(self)
        self.output.setVolume(volume)
        self.player = QMediaPlayer(self)
        self.player.setAudioOutput(self.output)
        self.player.setPlaybackRate(rate)
        self.player.mediaStatusChanged.connect(self._status)
        self.player.errorOccurred.connect(self._error)
        self._watchdog = QTimer(self, singleShot=True, timeout=self._timed_out)

    # -- public ------------------------------------------------------------
    def say(self, item: Announcement) -> None:
        """Queue `item`; it is spoken after the calls before it."""
        if self._stopped:
            return
        self.queue.push(item)
        if self.current is None:
            self._next()

    @property
    def busy(self) -> bool:
        return self.current is not None

    def stop(self) -> None:
        """Silence and forget every pending call (closing the display)."""
        self._stopped = True
        self.queue.clear()
        self._watchdog.stop()
        self.player.stop()
        self.runner.wait(3000)
        if self._tmp is not None:
            self._tmp.cleanup()

    # -- internals -----------------------------------------------------------
    def _next(self) -> None:
        item = self.queue.pop()
        if item is None or self._stopped:
            if self.current is None and not self._stopped:
                self.sig_speaking.emit(False)
            return
        first = self.current is None
        self.current = item
        if first:
            self.sig_speaking.emit(True)
        self._serial += 1
        path = self.folder / f"call-{self._serial % _FILES}.wav"
        self.runner.run(self._build, item, path, on_done=lambda built: self._play(item, built),
                        on_error=lambda error: self._failed(item, error))

    def _build(self, item: Announcement, path: Path) -> Path:
        path.write_bytes(self.announcer.announcement_for(item.code, item.counter_number, item.recall))
        return path

    def _play(self, item: Announcement, path: Path) -> None:
        if self._stopped or item is not self.current:
            return
        self.built.append((item, path))
        self.sig_started.emit(item)
        seconds = max(1.0, (path.stat().st_size - 44) / (2 * 22050))
        self.player.setSource(QUrl())  # the same file name comes round again: force a reload
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        self._watchdog.start(int(seconds / self.rate * 1500) + 3000)
        self.player.play()

    def _failed(self, item: Announcement, error: Exception) -> bool:
        log.error("could not build the call %s to counter %s: %s", item.code, item.counter_number, error)
        if item is self.current:
            self._finish()
        return True

    def _status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status in _DONE and self.current is not None and self._watchdog.isActive():
            self._finish()

    def _error(self, error, message: str) -> None:
        if self.current is not None and self._watchdog.isActive():
            log.warning("call %s could not be played: %s", self.current.code, message)
            self._finish()

    def _timed_out(self) -> None:
        if self.current is not None:
            log.warning("call %s: the player never finished; moving on", self.current.code)
            self.player.stop()
            self._finish()

    def _finish(self) -> None:
        self._watchdog.stop()
        done, self.current = self.current, None
        self.spoken += 1
        self.sig_finished.emit(done)
        self._next()

    def _dropped(self, item: Announcement, reason: str) -> None:
        log.info("call %s to counter %s not spoken (%s)", item.code, item.counter_number, reason)
        self.sig_dropped.emit(item, reason)
