"""The wall display: shows and speaks every call, plays the guidance videos, follows the store.

The window holds no truth. It rebuilds the board from the store (one read,
through the runner) on start, after a lost connection and a moment after
queue events; a call event is shown and queued for speech straight from its
payload, so the room sees it within one listener wake-up.
"""

from __future__ import annotations

import logging
from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from core.i18n import tr
from core.settings import Settings
from db import Store
from db.errors import StoreUnavailable
from db.events import CALL_KINDS, QUEUE_KINDS, EventKind, EventRecord
from db.store.display import Board
from devices.audio import Announcer, VoicePackError
from display.qt_board import QtCounterGrid, QtHeader, QtHero, QtRecentList, QtTicker, QtWaitingStrip, short_name
from display.qt_compact import QtCompactBoard
from display.qt_speaker import QtCallSpeaker
from display.qt_video import QtVideoPlaylist, playlist_from
from display.speech_queue import Announcement
from ui import theme
from ui.bridge import EventBridge
from ui.runner import Runner

log = logging.getLogger(__name__)
BOARD_KINDS = QUEUE_KINDS | {EventKind.catalog_changed, EventKind.office_changed, EventKind.notices_changed}
REFRESH_DELAY_MS = 250  # a burst of events is one rebuild
RETRY_MS = 1000


class QtDisplayWindow(QWidget):
    sig_ready = Signal()
    """The board shows the store's state for the first time."""
    sig_call_shown = Signal(object)
    """A call (display.speech_queue.Announcement) is now on the board."""

    def __init__(self, settings: Settings, store: Store, *, layout: str | None = None, counter: int | None = None,
                 speak: bool | None = None, voice_rate: float = 1.0, blink_ms: int = 6000, recent_rows: int = 4,
                 video: bool = True, start_bridge: bool = True, poll_interval: float = 0.1):
        super().__init__()
        self.settings, self.store = settings, store
        self.layout_name = layout or settings.station.display_layout
        self.counter_number = counter if counter is not None else settings.station.counter_number
        if self.layout_name == "compact" and self.counter_number is None:
            raise ValueError(tr("Bố cục thu gọn cần số quầy (--counter N)."))
        self.tz = ZoneInfo(settings.timezone)
        self.recent_rows = recent_rows
        self.board: Board | None = None
        self.ready = False
        self.bridge_ok = True
        self.store_ok = True
        self._live = 0  # call events shown so far: a rebuild read before the newest call is not applied
        self._refreshing = False
        self._refresh_again = False
        self._closed = False
        self.setWindowTitle(tr("Màn hình gọi số"))
        self.setStyleSheet(f"QtDisplayWindow {{ background: {theme.PAPER}; }}")
        self.runner = Runner(self)
        self.hero = self.grid = self.recent = self.waiting = self.ticker = self.video = self.compact = None
        if self.layout_name == "compact":
            self._build_compact(blink_ms)
        else:
            self._build_board(blink_ms, video)
        speak = (self.layout_name == "board" and settings.voice.enabled) if speak is None else speak
        self.speaker = self._make_speaker(voice_rate) if speak else None
        if self.speaker is not None and self.video is not None:
            self.speaker.sig_speaking.connect(self.video.duck)
        self._debounce = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS, timeout=self.refresh)
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS, timeout=self.refresh)
        self._clock = QTimer(self, interval=1000, timeout=self._tick)
        self._clock.start()
        self._tick()
        self.bridge = EventBridge(settings.db_url, poll_interval=poll_interval, parent=self)
        self.bridge.sig_events.connect(self.on_events)
        self.bridge.sig_connection.connect(self.on_connection)
        if start_bridge:
            self.bridge.start()
        self.refresh()
        self.reload_playlist()

    # -- building ------------------------------------------------------------------
    def _build_board(self, blink_ms: int, video: bool) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.header = QtHeader(self)
        root.addWidget(self.header)
        body = QHBoxLayout()
        body.setContentsMargins(20, 14, 20, 14)
        body.setSpacing(20)
        left = QVBoxLayout()
        left.setSpacing(16)
        self.hero = QtHero(self, blink_ms=blink_ms)
        self.hero.setFixedHeight(296)
        self.grid = QtCounterGrid(self)
        left.addWidget(self.hero)
        left.addWidget(self.grid, 1)
        right = QVBoxLayout()
        right.setSpacing(16)
        if video:
            self.video = QtVideoPlaylist(self, volume=0.6)
            self.video.setFixedSize(720, 405)
            right.addWidget(self.video)
        self.recent = QtRecentList(self.recent_rows, self)
        self.waiting = QtWaitingStrip(self)
        right.addWidget(self.recent, 1)
        right.addWidget(self.waiting)
        body.addLayout(left, 1)
        body.addLayout(right)
        root.addLayout(body, 1)
        self.ticker = QtTicker(self)
        root.addWidget(self.ticker)

    def _build_compact(self, blink_ms: int) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        self.header = None
        self.compact = QtCompactBoard(self.counter_number, self, blink_ms=blink_ms)
        root.addWidget(self.compact)

    def _make_speaker(self, rate: float) -> QtCallSpeaker:
        try:
            announcer = Announcer.for_settings(self.settings.voice)
        except VoicePackError as error:
            log.error("%s; using the bundled voice pack", error)
            announcer = Announcer()
        return QtCallSpeaker(announcer, volume=self.settings.voice.volume, rate=rate, parent=self)

    # -- reading the store -------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild the board from the store (off the GUI thread)."""
        if self._closed:
            return
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        live = self._live
        self.runner.run(self.store.display_board, self.recent_rows, on_done=lambda board: self._apply(board, live),
                        on_error=self._refresh_failed)

    def reload_playlist(self) -> None:
        """Read the store's media items and the video folder again."""
        if self.video is None or self._closed:
            return
        self.runner.run(self.store.media_playlist, on_done=self._set_playlist, on_error=self._playlist_failed)

    def _set_playlist(self, media) -> None:
        if not self._closed:
            self.video.set_items(playlist_from(self.settings.station.video_dir, [m.path for m in media]))

    def _playlist_failed(self, error: Exception) -> bool:
        log.warning("media playlist: %s", error)
        if self.video is not None and not self.video.items:
            self.video.set_items(playlist_from(self.settings.station.video_dir))
        return True

    def _apply(self, board: Board, live: int) -> None:
        self._refreshing = False
        if self._closed:
            return
        self.store_ok = True
        self._show_connection()
        self.board = board
        if live == self._live:
            self._show_board(board)
        else:
            self._refresh_again = True  # a call came while reading: read again rather than step back
        self._show_surroundings(board)
        if not self.ready:
            self.ready = True
            self.sig_ready.emit()
        if self._refresh_again:
            self._refresh_again = False
            self._debounce.start()

    def _show_board(self, board: Board) -> None:
        if self.compact is not None:
            info = next((c for c in board.counters if c.number == self.counter_number), None)
            self.compact.set_name(short_name(info.name, info.number) if info else tr("Không có quầy số {number}.", number=self.counter_number))
            if not self.compact.blinking:
                self.compact.set_code(info.current.code if info and info.current else "")
            return
        self.grid.show_counters(board.counters)
        self.recent.set_calls(board.recent)
        if not self.hero.blinking:
            newest = board.recent[0] if board.recent else None
            self.hero.show_call(newest.code if newest else "", newest.counter_number if newest else None,
                                newest.counter_name if newest else "", blink=False)

    def _show_surroundings(self, board: Board) -> None:
        if self.compact is not None:
            return
        self.header.office.setText(board.office_name)
        self.waiting.show_services(board.services)
        self.ticker.set_notices([n.text for n in board.notices])

    def _refresh_failed(self, error: Exception) -> bool:
        self._refreshing = False
        log.warning("display could not read the store: %s", error)
        if isinstance(error, StoreUnavailable):
            self.store_ok = False  # anything else (no office yet…) is not a lost connection
            self._show_connection()
        if not self._closed:
            self._retry.start(RETRY_MS if isinstance(error, StoreUnavailable) else 10 * RETRY_MS)
        return True

    # -- following events -----------------------------------------------------------------
    def on_events(self, batch: list[EventRecord]) -> None:
        """Show and speak each call at once; rebuild the rest a moment later."""
        rebuild = False
        for event in batch:
            if event.kind in CALL_KINDS:
                self.show_call(event)
            if event.kind in BOARD_KINDS:
                rebuild = True
            if event.kind == EventKind.media_changed:
                self.reload_playlist()
        if rebuild and not self._debounce.isActive():
            self._debounce.start()  # not restarted: a steady stream of events still rebuilds every 250 ms

    def show_call(self, event: EventRecord) -> None:
        p = event.payload
        code, number = str(p.get("code", "")), p.get("counter_number")
        if not code or number is None:
            return
        self._live += 1
        recall = event.kind == EventKind.ticket_recalled
        item = Announcement(code=code, counter_number=int(number), recall=recall, event_id=event.id,
                            at=event.created_at)
        if self.compact is not None:
            if number == self.counter_number:
                self.compact.set_code(code, blink=True)
                self.sig_call_shown.emit(item)
                if self.speaker is not None:
                    self.speaker.say(item)
            return
        self.hero.show_call(code, int(number), str(p.get("counter_name", "")), blink=True)
        self.grid.set_code(int(number), code)
        self.recent.push(code, int(number))
        self.sig_call_shown.emit(item)
        if self.speaker is not None:
            self.speaker.say(item)

    def on_connection(self, connected: bool) -> None:
        was = self.bridge_ok
        self.bridge_ok = connected
        self._show_connection()
        if connected and not was:
            log.info("display reconnected: rebuilding the board")
            self.refresh()

    @property
    def offline(self) -> bool:
        return not (self.bridge_ok and self.store_ok)

    def _show_connection(self) -> None:
        badge = self.compact.offline if self.compact is not None else self.header.offline
        badge.setVisible(self.offline)

    # -- time -------------------------------------------------------------------------
    def _tick(self) -> None:
        now = self.store.clock().astimezone(self.tz)
        (self.compact or self.header).tick(now)
        if self.board is not None and now.date() != self.board.day and not self._refreshing:
            self._expect_day(now.date())

    def _expect_day(self, day: date) -> None:
        log.info("a new business day (%s): rebuilding the board", day)
        self.board = None  # until the rebuild arrives
        self.refresh()

    # -- closing -----------------------------------------------------------------------
    def closeEvent(self, event) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the listener thread, the players and the timers (idempotent)."""
        if self._closed:
            return
        self._closed = True
        for timer in (self._debounce, self._retry, self._clock):
            timer.stop()
        self.bridge.stop()
        if self.speaker is not None:
            self.speaker.stop()
        if self.video is not None:
            self.video.stop()
        if self.ticker is not None:
            self.ticker.stop()
        self.runner.wait(5000)
