"""The guidance videos: a looping playlist (the store's media items, then a folder), ducked under calls.

A missing or unplayable file is skipped with a log line and the rest play on;
when nothing in the list plays, the area shows a caption and tries again later.
"""

from __future__ import annotations

import logging
from collections import deque
from pathlib import Path
from typing import Iterable

from PySide6.QtCore import QRectF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoFrame, QVideoSink
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from core.i18n import tr
from ui import theme

log = logging.getLogger(__name__)
VIDEO_SUFFIXES = {".mp4", ".m4v", ".mkv", ".webm", ".avi", ".mov", ".mpg", ".mpeg", ".ts"}
DUCKED = 0.12  # share of the volume left while a call is spoken
RETRY_MS = 30_000


def playlist_from(folder: str | Path | None, media_paths: Iterable[str] = ()) -> list[str]:
    """The store's items in their order, then the folder's videos by name (each once)."""
    out = [str(p) for p in media_paths if str(p).strip()]
    if folder:
        root = Path(folder).expanduser()
        if root.is_dir():
            out += [str(p) for p in sorted(root.iterdir()) if p.suffix.lower() in VIDEO_SUFFIXES]
        else:
            log.warning("video folder not found: %s", root)
    return list(dict.fromkeys(out))


class QtVideoView(QWidget):
    """Paints the newest frame of a QVideoSink, letterboxed on black (only one frame is kept)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.sink = QVideoSink(self)
        self.sink.videoFrameChanged.connect(self._frame)
        self.frame: QVideoFrame | None = None
        self.frames = 0

    def _frame(self, frame: QVideoFrame) -> None:
        self.frame = frame
        self.frames += 1
        self.update()

    def clear(self) -> None:
        self.frame = None
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("black"))
        frame = self.frame
        if frame is not None and frame.isValid() and frame.width() > 0:
            scale = min(self.width() / frame.width(), self.height() / frame.height())
            w, h = frame.width() * scale, frame.height() * scale
            target = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
            frame.paint(p, target, QVideoFrame.PaintOptions())
        p.end()


class QtVideoPlaylist(QWidget):
    """Plays `items` in a loop in its area; `duck(True)` lowers its sound while a call is spoken."""

    sig_playing = Signal(str)
    """A file started playing."""
    sig_skipped = Signal(str, str)
    """A file was skipped: its path and why."""

    def __init__(self, parent: QWidget | None = None, *, volume: float = 0.6, retry_ms: int = RETRY_MS):
        super().__init__(parent)
        self.items: list[str] = []
        self.index = -1
        self.volume = volume
        self.ducked = False
        self.history: deque[tuple[str, str]] = deque(maxlen=50)  # ("played"|"skipped", path)
        self._failures = 0
        self._started = False
        self._stack = QStackedLayout(self)
        self.video = QtVideoView(self)
        self.caption = QLabel(tr("Video hướng dẫn thủ tục hành chính"), self)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet(f"background: {theme.NAVY}; color: white; font-size: 30px; padding: 20px;")
        self._stack.addWidget(self.caption)
        self._stack.addWidget(self.video)
        self.audio = QAudioOutput(self)
        self.audio.setVolume(volume)
        self.player = QMediaPlayer(self)
        self.player.setAudioOutput(self.audio)
        self.player.setVideoOutput(self.video.sink)
        self.player.mediaStatusChanged.connect(self._status)
        self.player.errorOccurred.connect(self._error)
        self._retry = QTimer(self, singleShot=True, interval=retry_ms, timeout=self._advance)

    # -- public ----------------------------------------------------------------
    def set_items(self, items: list[str]) -> None:
        """Play `items` in a loop; the same list again does not interrupt the current video."""
        if items == self.items:
            return
        current = self.current
        self.items = list(items)
        self._failures = 0
        if current in self.items:
            self.index = self.items.index(current)
            return
        self.index = -1
        self.player.stop()
        self._advance()

    @property
    def current(self) -> str | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    @property
    def playing(self) -> bool:
        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def duck(self, on: bool) -> None:
        """Lower the video's sound while a call is spoken; restore it after."""
        self.ducked = on
        self.audio.setVolume(self.volume * DUCKED if on else self.volume)

    def stop(self) -> None:
        self._retry.stop()
        self.player.stop()
        self.player.setSource(QUrl())
        self.video.clear()

    # -- internals ---------------------------------------------------------------
    def _advance(self) -> None:
        if not self.items:
            self._stack.setCurrentWidget(self.caption)
            return
        if self._failures >= len(self.items):
            log.warning("no video of the playlist could be played; trying again in %s s",
                        self._retry.interval() // 1000)
            self._failures = 0
            self._stack.setCurrentWidget(self.caption)
            self._retry.start()
            return
        self.index = (self.index + 1) % len(self.items)
        path = self.items[self.index]
        if "://" not in path and not Path(path).is_file():
            self._skip(path, "missing")
            return
        self._started = False
        url = QUrl(path) if "://" in path else QUrl.fromLocalFile(str(Path(path).resolve()))
        self.player.setSource(url)
        self.player.play()

    def _skip(self, path: str, reason: str) -> None:
        log.warning("video skipped (%s): %s", reason, path)
        self.history.append(("skipped", path))
        self._failures += 1
        self.sig_skipped.emit(path, reason)
        QTimer.singleShot(0, self._advance)

    def _status(self, status: QMediaPlayer.MediaStatus) -> None:
        S = QMediaPlayer.MediaStatus
        if status == S.BufferedMedia and self.current and not self._started:
            self._started, self._failures = True, 0
            self._stack.setCurrentWidget(self.video)
            self.history.append(("played", self.current))
            self.sig_playing.emit(self.current)
        elif status == S.EndOfMedia:
            QTimer.singleShot(0, self._advance)
        elif status == S.InvalidMedia and self.current:
            self._skip(self.current, "invalid")

    def _error(self, error, message: str) -> None:
        # InvalidMedia follows for files that cannot be opened; this line names the cause
        if self.current:
            log.info("video %s: %s", self.current, message)
