"""The wall display: shows and speaks every call, plays the guidance videos, follows the store.

The window holds no truth. The board is one live view (ui.live.LiveRead) of
one store read: rebuilt on start, after a lost connection, when the day
changes and a moment after queue, catalog, office or content events; a call
event is shown and queued for speech straight from its typed payload, so the
room sees it within one listener wake-up (and a rebuild read before it is
dropped, never stepping the board back).
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
from db.errors import InvalidInput, StoreUnavailable
from db.events import EventKind, EventRecord, Topic
from db.store.display import Board
from devices.audio import Announcer, VoicePackError
from display.qt_board import QtCounterGrid, QtHeader, QtHero, QtRecentList, QtTicker, QtWaitingStrip, short_name
from display.qt_compact import QtCompactBoard
from display.qt_speaker import QtCallSpeaker
from display.qt_video import QtVideoPlaylist, playlist_from
from display.speech_queue import Announcement
from ui import theme
from ui.bridge import EventBridge
from ui.live import LiveRead
from ui.runner import Runner
from ui.screen_fit import Scaler, fit_factor
from ui.store_trouble import QtTroubleBanner, StoreTrouble

log = logging.getLogger(__name__)
BOARD_TOPICS = frozenset({Topic.queue, Topic.catalog, Topic.office, Topic.content})
REFRESH_DELAY_MS = 250  # a burst of events is one rebuild
HERO_HOLD_S = 180  # the big call area shows a call this long; after that a stale number would send people wrong
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
        self._closed = False
        self.setWindowTitle(tr("Màn hình gọi số"))
        self.setStyleSheet(f"QtDisplayWindow {{ background: {theme.PAPER}; }}")
        self.runner = Runner(self)
        self.hero = self.grid = self.recent = self.waiting = self.ticker = self.video = self.compact = None
        if self.layout_name == "compact":
            self._build_compact(blink_ms)
        else:
            self._build_board(blink_ms, video)
        self.trouble_banner = QtTroubleBanner(self, font_px=26 if self.layout_name == "board" else 20,
                                              below=self.header)  # over the big call area: no call comes now
        self.trouble = StoreTrouble(self.runner, self.trouble_banner,
                                    stopped=tr("Các quầy và máy lấy số tạm ngưng; xin quý công dân chờ trong giây lát."))
        self.layout().setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)  # the TV's size, never more
        self.scaler = Scaler(self) if self.layout_name == "board" else None
        speak = (self.layout_name == "board" and settings.voice.enabled) if speak is None else speak
        self.speaker = self._make_speaker(voice_rate) if speak else None
        if self.speaker is not None and self.video is not None:
            self.speaker.sig_speaking.connect(self.video.duck)
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS, timeout=self.refresh)
        self._hero_clear = QTimer(self, singleShot=True, timeout=self._clear_hero)
        self._clock = QTimer(self, interval=1000, timeout=self._tick)
        self._clock.start()
        self._tick()
        self.bridge = EventBridge(settings.db_url, poll_interval=poll_interval, parent=self)
        self.bridge.sig_events.connect(self.on_events)  # calls first: shown before the board reads again
        self.bridge.sig_connection.connect(self.on_connection)
        self.live = LiveRead(self.runner, self.store.queue.display_board, self._apply, owner=self, topics=BOARD_TOPICS,
                             args=lambda: (self.recent_rows,), bridge=self.bridge, delay_ms=REFRESH_DELAY_MS,
                             day=self._today, on_error=self._refresh_failed)
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
        self.hero.setFixedHeight(350)  # the number (HERO_PX) with its line height, the title and the counter
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

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """The board is drawn for a 1920×1080 TV; any other (1366×768 up to 4K) gets the same board scaled."""
        super().resizeEvent(event)
        if self.scaler is not None:
            self.scaler.set_factor(fit_factor(self.width(), self.height()))

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
        if not self._closed:
            self.live.refresh_now()

    def reload_playlist(self) -> None:
        """Read the store's media items and the video folder again."""
        if self.video is None or self._closed:
            return
        self.runner.run(self.store.content.media_playlist, on_done=self._set_playlist, on_error=self._playlist_failed)

    def _set_playlist(self, media) -> None:
        if not self._closed:
            self.video.set_items(playlist_from(self.settings.station.video_dir, [m.path for m in media]))

    def _playlist_failed(self, error: Exception) -> bool:
        log.warning("media playlist: %s", error)
        if self.video is not None and not self.video.items:
            self.video.set_items(playlist_from(self.settings.station.video_dir))
        return True

    def _apply(self, board: Board) -> None:
        if self._closed:
            return
        self.store_ok = True
        self._show_connection()
        self.trouble.cleared()  # the store answers again (the same file is back)
        self.board = board
        self._show_board(board)
        self._show_surroundings(board)
        if self.scaler is not None:
            self.scaler.apply()  # new counter tiles and field rows take the TV's scale
        if not self.ready:
            self.ready = True
            self.sig_ready.emit()

    def _show_board(self, board: Board) -> None:
        if self.compact is not None:
            info = next((c for c in board.counters if c.number == self.counter_number), None)
            self.compact.set_name(short_name(info.name, info.number) if info else tr("Không có quầy số {number}.", number=self.counter_number))
            current = info.current.code if info and info.current else ""
            if self.compact.blinking and self.compact.code.text() != current:
                self.compact.blinker.end()  # put back in the queue or marked absent meanwhile
            if not self.compact.blinking:
                self.compact.set_code(current)
            return
        self.grid.show_counters(board.counters)
        self.recent.set_calls(board.recent)
        if self.hero.blinking and self.hero.code_text not in {r.code for r in board.recent}:
            self.hero.blinker.end()  # put back in the queue or marked absent meanwhile: no longer called
        if not self.hero.blinking:
            newest = board.recent[0] if board.recent else None
            left = HERO_HOLD_S - (self.store.clock() - newest.called_at).total_seconds() if newest else 0
            if left <= 0:
                newest = None  # called minutes ago: the list below still shows it
            self.hero.show_call(newest.code if newest else "", newest.counter_number if newest else None,
                                newest.counter_name if newest else "", blink=False)
            if newest:
                self._hero_clear.start(int(left * 1000))

    def _show_surroundings(self, board: Board) -> None:
        if self.compact is not None:
            return
        self.header.office.setText(board.office_name)
        self.waiting.show_services(board.services)
        self.ticker.set_notices([n.text for n in board.notices])

    def _clear_hero(self) -> None:
        if self.hero is not None and not self.hero.blinking:
            self.hero.show_call("", None, "", blink=False)

    def _refresh_failed(self, error: Exception) -> bool:
        log.warning("display could not read the store: %s", error)
        if isinstance(error, InvalidInput) and self.header is not None and not self.ready:
            # no office yet: say so on the wall instead of an empty board
            self.header.office.setText(tr("Chưa thiết lập cơ quan: hãy nhập thông tin cơ quan trong ứng dụng quản lý"))
            self.hero.title.setText(tr("Màn hình chưa có dữ liệu"))
        if isinstance(error, StoreUnavailable):
            self.store_ok = False  # anything else (no office yet…) is not a lost connection
            self._show_connection()
        if not self._closed:
            self._retry.start(RETRY_MS if isinstance(error, StoreUnavailable) else 10 * RETRY_MS)
        return True

    # -- following events -----------------------------------------------------------------
    def on_events(self, batch: list[EventRecord]) -> None:
        """Show and speak each call at once (the live board reads the rest again by itself)."""
        for event in batch:
            if event.is_call:
                self.show_call(event)
            if event.kind == EventKind.media_changed:
                self.reload_playlist()

    def show_call(self, event: EventRecord) -> None:
        call = event.call
        if call is None:
            return
        code, number = call.code, call.counter_number
        recall = event.kind == EventKind.ticket_recalled
        item = Announcement(code=code, counter_number=number, recall=recall, event_id=event.id,
                            at=event.created_at)
        if self.compact is not None:
            if number == self.counter_number:
                self.compact.set_code(code, blink=True)
                self.sig_call_shown.emit(item)
                if self.speaker is not None:
                    self.speaker.say(item)
            return
        self.hero.show_call(code, number, call.counter_name, blink=True)
        self._hero_clear.start(HERO_HOLD_S * 1000)
        self.grid.set_code(number, code)
        self.recent.push(code, number)
        self.sig_call_shown.emit(item)
        if self.speaker is not None:
            self.speaker.say(item)

    def on_connection(self, connected: bool) -> None:
        was = self.bridge_ok
        self.bridge_ok = connected
        self._show_connection()
        if connected and not was:
            log.info("display reconnected")  # the live board reads again by itself

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

    def _today(self) -> date:
        """The office's date on the store's clock (the live board reads again when it changes)."""
        return self.store.clock().astimezone(self.tz).date()

    # -- closing -----------------------------------------------------------------------
    def closeEvent(self, event) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the listener thread, the players and the timers (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self.live.stop()
        for timer in (self._retry, self._clock, self._hero_clear):
            timer.stop()
        self.bridge.stop()
        if self.speaker is not None:
            self.speaker.stop()
        if self.video is not None:
            self.video.stop()
        if self.ticker is not None:
            self.ticker.stop()
        self.runner.wait(5000)
