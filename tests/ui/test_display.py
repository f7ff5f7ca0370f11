"""The wall display, watched like the room would: calls shown and spoken, videos, lost connection."""

from __future__ import annotations

import os
import sys

import pytest
from PySide6.QtWidgets import QLabel

from core.settings import Settings
from devices.audio import Announcer
from display.qt_display import QtDisplayWindow

RATE = 8.0  # the real player at 8x: a 7-second call lasts under a second in the tests


def make_clip(path, frames: int = 6) -> str:
    """A short real video (mp4v), as the office's camera-phone recordings would be."""
    import cv2
    import numpy as np

    path.parent.mkdir(parents=True, exist_ok=True)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10, (160, 90))
    for i in range(frames):
        writer.write(np.full((90, 160, 3), 40 * i % 255, np.uint8))
    writer.release()
    return str(path)


@pytest.fixture
def make_display(qtbot, sqlite_demo_store):
    windows = []

    def make(store=None, *, video_dir: str = "", **kw):
        store = store or sqlite_demo_store
        settings = Settings(db_url=store.engine.url.render_as_string(hide_password=False))
        settings.station.video_dir = video_dir
        kw.setdefault("voice_rate", RATE)
        kw.setdefault("video", bool(video_dir))
        window = QtDisplayWindow(settings, store, **kw)
        qtbot.addWidget(window)
        window.resize(1920, 1080)
        window.show()
        qtbot.waitUntil(lambda: window.ready, timeout=5000)
        windows.append(window)
        return window

    yield make
    for w in windows:
        w.close()


def spoken_log(window):
    """("start"|"end", code, recall) in the order the speaker reported them."""
    log = []
    window.speaker.sig_started.connect(lambda a: log.append(("start", a.code, a.recall)))
    window.speaker.sig_finished.connect(lambda a: log.append(("end", a.code, a.recall)))
    return log


def clerk_at(store, username: str, counter: int):
    clerk = store.login(username, f"{username}12345")
    clerk.queue.open_counter(counter)
    return clerk


def test_a_call_appears_on_the_board_and_is_spoken(make_display, qtbot, sqlite_demo_store):
    window = make_display()
    log = spoken_log(window)
    sqlite_demo_store.queue.issue_ticket("B")
    clerk_at(sqlite_demo_store, "hung", 3).queue.call_next(3)
    qtbot.waitUntil(lambda: window.hero.code.text() == "B001", timeout=3000)
    assert window.hero.counter.text() == "3" and window.hero.blinking
    assert window.grid.tiles[3].code.text() == "B001"
    assert window.recent.calls[0] == ("B001", 3)
    qtbot.waitUntil(lambda: ("end", "B001", False) in log, timeout=5000)
    (item, wav), = window.speaker.built
    assert (item.code, item.counter_number) == ("B001", 3)
    assert wav.read_bytes() == Announcer().announcement_for("B001", 3)
    qtbot.waitUntil(lambda: window.grid.tiles[3].clerk.text() == "Lê Văn Hùng", timeout=3000)


def test_three_calls_at_once_are_spoken_in_order_one_at_a_time(make_display, qtbot, sqlite_demo_store):
    window = make_display()
    log = spoken_log(window)
    for prefix in ("A", "B", "D"):
        sqlite_demo_store.queue.issue_ticket(prefix)
    clerks = [clerk_at(sqlite_demo_store, u, n) for u, n in (("lan", 1), ("hung", 3), ("thao", 6))]
    for clerk, counter in zip(clerks, (1, 3, 6)):
        clerk.queue.call_next(counter)
    qtbot.waitUntil(lambda: len(log) == 6, timeout=10000)
    assert log == [("start", "A001", False), ("end", "A001", False), ("start", "B001", False),
                   ("end", "B001", False), ("start", "D001", False), ("end", "D001", False)]
    assert [(a.code, a.counter_number) for a, _ in window.speaker.built] == [("A001", 1), ("B001", 3), ("D001", 6)]
    assert window.hero.code.text() == "D001"
    assert window.recent.calls[:3] == [("D001", 6), ("B001", 3), ("A001", 1)]


def test_a_recall_is_spoken_again(make_display, qtbot, sqlite_demo_store):
    window = make_display()
    log = spoken_log(window)
    sqlite_demo_store.queue.issue_ticket("G")
    clerk = clerk_at(sqlite_demo_store, "mai", 4)
    clerk.queue.call_next(4)
    qtbot.waitUntil(lambda: ("end", "G001", False) in log, timeout=5000)
    clerk.queue.recall(4)
    qtbot.waitUntil(lambda: ("end", "G001", True) in log, timeout=5000)
    assert log == [("start", "G001", False), ("end", "G001", False), ("start", "G001", True), ("end", "G001", True)]
    item, wav = window.speaker.built[-1]
    assert item.recall and wav.read_bytes() == Announcer().announcement_for("G001", 4, recall=True)


def test_a_burst_is_bounded_and_the_newest_call_is_spoken_last(make_display, qtbot, sqlite_demo_store):
    window = make_display()
    log = spoken_log(window)
    dropped = []
    window.speaker.sig_dropped.connect(lambda a, why: dropped.append(a.code))
    for _ in range(8):
        sqlite_demo_store.queue.issue_ticket("A")
    lan = clerk_at(sqlite_demo_store, "lan", 1)
    calls = [lan.queue.call_next(1).code for _ in range(8)]
    qtbot.waitUntil(lambda: not window.speaker.busy and bool(log) and log[-1] == ("end", "A008", False),
                    timeout=15000)
    spoken = [code for kind, code, _ in log if kind == "start"]
    assert spoken[-1] == "A008" and len(spoken) <= 1 + window.speaker.queue.max_pending
    assert sorted(spoken + dropped) == calls  # every call is either spoken or reported as skipped
    assert window.recent.calls[0] == ("A008", 1)  # the board still shows every call


def test_the_board_after_a_restart_matches_the_store(make_display, qtbot, sqlite_demo_store):
    for prefix in ("A", "A", "B", "C", "G"):
        sqlite_demo_store.queue.issue_ticket(prefix)
    first = make_display(speak=False)
    for username, counter in (("lan", 1), ("hung", 3), ("tuan", 5)):
        clerk_at(sqlite_demo_store, username, counter).queue.call_next(counter)
    qtbot.waitUntil(lambda: first.hero.code.text() == "C001", timeout=3000)
    first.close()
    again = make_display(speak=False)
    counters = sqlite_demo_store.setup.counters()
    shown = {n: tile.code.text() for n, tile in again.grid.tiles.items()}
    assert shown == {c.number: c.current.code if c.current else "—" for c in counters}
    assert again.recent.calls == [(c.code, c.counter_number) for c in sqlite_demo_store.queue.recent_calls(4)]
    assert again.hero.code.text() == "C001" and not again.hero.blinking
    waiting = {s.prefix: s.waiting for s in sqlite_demo_store.setup.services() if s.active}
    assert {p: again.waiting.waiting(p) for p in waiting} == waiting
    assert again.header.office.text() == sqlite_demo_store.office().name


def test_notices_scroll_on_the_ticker(make_display, qtbot, sqlite_demo_store):
    window = make_display(speak=False)
    assert window.ticker.text == "Kính chào quý công dân đến Bộ phận Một cửa"
    sqlite_demo_store.login("quanly", "quanly123").content.add_notice("Chiều thứ Sáu nghỉ họp cơ quan.")
    qtbot.waitUntil(lambda: "Chiều thứ Sáu nghỉ họp cơ quan." in window.ticker.text, timeout=3000)
    before = window.ticker.offset
    qtbot.waitUntil(lambda: window.ticker.offset != before, timeout=1000)


def test_video_playlist_skips_broken_and_missing_files_and_loops(make_display, qtbot, sqlite_demo_store, tmp_path):
    folder = tmp_path / "videos"
    clip = make_clip(folder / "b-huong-dan.mp4")
    (folder / "a-hong.mp4").write_bytes(os.urandom(4096))
    sqlite_demo_store.login("quanly", "quanly123").content.add_media(str(tmp_path / "da-xoa.mp4"))
    window = make_display(video_dir=str(folder), speak=False)
    video = window.video
    qtbot.waitUntil(lambda: bool(video.items), timeout=3000)  # the playlist is read apart from the board
    assert video.items == [str(tmp_path / "da-xoa.mp4"), str(folder / "a-hong.mp4"), clip]
    qtbot.waitUntil(lambda: list(video.history).count(("played", clip)) >= 2, timeout=10000)
    assert ("skipped", str(tmp_path / "da-xoa.mp4")) in video.history
    assert ("skipped", str(folder / "a-hong.mp4")) in video.history
    assert video.video.frames > 0  # frames reached the screen


def test_video_sound_is_lowered_while_a_call_is_spoken(make_display, qtbot, sqlite_demo_store, tmp_path):
    make_clip(tmp_path / "videos" / "clip.mp4", frames=30)
    window = make_display(video_dir=str(tmp_path / "videos"))
    full = window.video.audio.volume()
    sqlite_demo_store.queue.issue_ticket("E")
    clerk_at(sqlite_demo_store, "mai", 2).queue.call_next(2)
    qtbot.waitUntil(lambda: window.speaker.busy, timeout=3000)
    assert window.video.ducked and window.video.audio.volume() < full / 4
    qtbot.waitUntil(lambda: not window.speaker.busy, timeout=5000)
    assert not window.video.ducked and window.video.audio.volume() == pytest.approx(full)


def test_the_compact_layout_shows_only_its_counter(make_display, qtbot, sqlite_demo_store):
    window = make_display(layout="compact", counter=3)
    assert window.speaker is None and window.compact.code.text() == "—"
    assert window.compact.name.text() == "Tư pháp - Hộ tịch"
    for prefix in ("A", "B"):
        sqlite_demo_store.queue.issue_ticket(prefix)
    clerk_at(sqlite_demo_store, "lan", 1).queue.call_next(1)
    clerk_at(sqlite_demo_store, "hung", 3).queue.call_next(3)
    qtbot.waitUntil(lambda: window.compact.code.text() == "B001", timeout=3000)
    assert window.compact.blinking


@pytest.mark.pg
def test_connection_lost_and_restored(make_display, qtbot, pg_demo_store):
    from pg_tools import pg_cut_off

    window = make_display(pg_demo_store, speak=False)
    url = window.settings.db_url
    try:
        pg_cut_off(url, allow=False)
        qtbot.waitUntil(lambda: window.header.offline.isVisible(), timeout=10000)
    finally:
        pg_cut_off(url, allow=True)
    qtbot.waitUntil(lambda: not window.header.offline.isVisible(), timeout=10000)
    pg_demo_store.engine.dispose()
    pg_demo_store.queue.issue_ticket("H")
    clerk_at(pg_demo_store, "thao", 6).queue.call_next(6)
    qtbot.waitUntil(lambda: window.hero.code.text() == "H001" and window.grid.tiles[6].code.text() == "H001",
                    timeout=5000)


def test_void_qt_calls_cannot_exhaust_none(qapp):
    """PySide6 6.12 on Python 3.11 drops a reference to None (void) or True/False (bool) per call."""
    from ui.runtime_guard import make_none_immortal

    make_none_immortal()
    label = QLabel()
    for _ in range(20_000):  # four times None's natural reference count
        label.setText("A001")  # void: None
        label.windowTitleChanged.emit("x")  # emit returns True
    assert min(sys.getrefcount(x) for x in (None, True, False)) > 1 << 59
