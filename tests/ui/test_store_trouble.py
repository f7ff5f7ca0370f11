"""A write failure that lasts, under a running counter and wall display: a banner saying what happened and
what to do, the writing actions stopped meanwhile, nothing lost, and back by itself when the store writes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from counter.paperwork import Paperwork
from counter.qt_counter import QtCounterWindow
from db import Store
from disk_tools import cap_file_size, fill, tiny_disk, uncap
from test_counter_seams import WAIT, idle, press, sign_in, statuses


def _copy_demo(make_database, tmp_path, folder: Path) -> Path:
    demo = Path(make_database(tmp_path, "demo", "sqlite").removeprefix("sqlite:///"))
    path = folder / "motcua.sqlite3"
    shutil.copyfile(demo, path)
    return path


def signed_in_counter(qtbot, store, settings_for, tmp_path, tickets: int = 1) -> QtCounterWindow:
    """`tickets` of field B waiting, and a counter window (no event listener) signed in at counter 3 (fields B, G)."""
    for _ in range(tickets):
        store.queue.issue_ticket("B")
    window = QtCounterWindow(settings_for(store), store, paperwork=Paperwork(tmp_path / "forms"), open_pdfs=False,
                             start_bridge=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    sign_in(qtbot, window, 3)
    return window


def test_f1_on_a_full_disk_shows_a_banner_stops_calling_loses_nobody_and_recovers(qtbot, tmp_path, make_database,
                                                                                   settings_for, clock):
    with tiny_disk(tmp_path / "disk") as mounted:
        path = _copy_demo(make_database, tmp_path, tmp_path / "disk")
        store = Store.open(f"sqlite:///{path}", clock=clock)
        window = signed_in_counter(qtbot, store, settings_for, tmp_path, tickets=2)
        qtbot.waitUntil(lambda: window.queue.waiting_codes()[:2] == ["B001", "B002"], timeout=WAIT)
        if mounted:
            filler = fill(path.parent)
        else:
            cap_file_size(store)  # issues B tickets until the file is full
        press(qtbot, window, Qt.Key.Key_F1)
        banner = window.trouble_banner
        qtbot.waitUntil(banner.isVisible, timeout=WAIT)
        assert banner.title.text() == "Ổ đĩa chứa cơ sở dữ liệu đã đầy"
        assert "xóa bớt tệp" in banner.body.text() and "tạm khóa" in banner.stopped.text()
        qtbot.waitUntil(lambda: idle(window), timeout=WAIT)
        assert window.current is None and not window.toast.isVisible()  # the banner says it, once
        assert statuses(store, "B001", "B002") == {"B001": "waiting", "B002": "waiting"}  # nobody called, none lost
        assert not window.serving.buttons["call_next"].isEnabled() and not window.logout_button.isEnabled()
        press(qtbot, window, Qt.Key.Key_F1)  # the key waits with the button
        qtbot.wait(4000)  # a probe or more: still full, still stopped
        assert banner.isVisible() and window.current is None
        assert statuses(store, "B001", "B002") == {"B001": "waiting", "B002": "waiting"}
        if mounted:
            filler.unlink()
        else:
            uncap(store)
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=WAIT)
        assert window.serving.buttons["call_next"].isEnabled() and window.logout_button.isEnabled()
        press(qtbot, window, Qt.Key.Key_F1)
        qtbot.waitUntil(lambda: window.current is not None and idle(window), timeout=WAIT)
        assert window.current.code == "B001"  # first in line, as before the disk filled up
        assert statuses(store, "B001", "B002") == {"B001": "called", "B002": "waiting"}
        window.close()
        store.close()


def test_a_database_folder_turned_read_only_under_a_counter_is_its_banner_until_writable_again(
        qtbot, tmp_path, make_database, settings_for, clock):
    """The share holding the database remounted read-only (root only: a read-only bind mount)."""
    import subprocess

    if os.geteuid() != 0:
        pytest.skip("a read-only folder for root needs a read-only mount (root only)")
    (tmp_path / "data").mkdir()
    (tmp_path / "share").mkdir()
    subprocess.run(["mount", "--bind", str(tmp_path / "data"), str(tmp_path / "share")], check=True)
    try:
        path = _copy_demo(make_database, tmp_path, tmp_path / "share")
        store = Store.open(f"sqlite:///{path}", clock=clock)
        window = signed_in_counter(qtbot, store, settings_for, tmp_path)
        qtbot.waitUntil(lambda: window.queue.waiting_codes()[:1] == ["B001"] and not window.runner.busy,
                        timeout=WAIT)
        def remounted_read_only() -> bool:
            store.engine.dispose()  # the open files let go, or the system refuses to remount ("busy")
            return subprocess.run(["mount", "-o", "remount,bind,ro", str(tmp_path / "share")],
                                  capture_output=True).returncode == 0

        qtbot.waitUntil(remounted_read_only, timeout=WAIT)  # a live read may hold the file a moment
        press(qtbot, window, Qt.Key.Key_F1)
        banner = window.trouble_banner
        qtbot.waitUntil(banner.isVisible, timeout=WAIT)
        assert banner.title.text() == "Cơ sở dữ liệu đang ở chế độ chỉ đọc"
        assert "cho phép ghi tệp và thư mục" in banner.body.text()
        assert not window.serving.buttons["call_next"].isEnabled() and window.current is None
        qtbot.wait(4000)  # a probe or more: still read-only, the banner stays
        assert banner.isVisible()
        subprocess.run(["mount", "-o", "remount,bind,rw", str(tmp_path / "share")], check=True)
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=WAIT)
        press(qtbot, window, Qt.Key.Key_F1)
        qtbot.waitUntil(lambda: window.current is not None and idle(window), timeout=WAIT)
        assert window.current.code == "B001" and statuses(store, "B001") == {"B001": "called"}
        window.close()
        store.close()
    finally:
        subprocess.run(["umount", "-l", str(tmp_path / "share")], check=False)


def test_a_database_file_deleted_under_a_signed_in_counter_is_said_on_its_banner(qtbot, tmp_path, make_database,
                                                                                 settings_for, clock):
    (tmp_path / "data").mkdir()
    path = _copy_demo(make_database, tmp_path, tmp_path / "data")
    store = Store.open(f"sqlite:///{path}", clock=clock)
    window = signed_in_counter(qtbot, store, settings_for, tmp_path)
    os.unlink(path)
    press(qtbot, window, Qt.Key.Key_F1)
    banner = window.trouble_banner
    qtbot.waitUntil(banner.isVisible, timeout=WAIT)
    assert banner.title.text() == "Mất tệp cơ sở dữ liệu"
    assert "đã bị xóa hoặc thay thế" in banner.body.text() and "khởi động lại" in banner.body.text()
    assert window.current is None and not window.serving.buttons["call_next"].isEnabled()
    window.close()
    store.close()


def test_the_wall_display_says_a_lost_database_file_on_its_banner_and_clears_when_it_is_back(qtbot, tmp_path,
                                                                                             make_database, clock):
    from core.settings import Settings
    from display.qt_display import QtDisplayWindow

    (tmp_path / "data").mkdir()
    path = _copy_demo(make_database, tmp_path, tmp_path / "data")
    store = Store.open(f"sqlite:///{path}", clock=clock)
    window = QtDisplayWindow(Settings(db_url=f"sqlite:///{path}"), store, speak=False, video=False,
                             start_bridge=False)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitUntil(lambda: window.ready, timeout=WAIT)
    assert not window.trouble_banner.isVisible()
    os.rename(path, path.with_suffix(".moved"))
    window.refresh()  # what the next event or the new day would ask
    banner = window.trouble_banner
    qtbot.waitUntil(banner.isVisible, timeout=WAIT)
    assert banner.title.text() == "Mất tệp cơ sở dữ liệu"
    assert "đã bị xóa hoặc thay thế" in banner.body.text() and "tạm ngưng" in banner.stopped.text()
    assert window.header.offline.isVisible()
    os.rename(path.with_suffix(".moved"), path)  # the same file put back
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=WAIT)  # the display retries its read by itself
    window.shutdown()
    store.close()


def _gate_around(qtbot, url: str, open_window):
    from core.settings import Settings
    from ui.startup import StartupGate

    gate = StartupGate(Settings(db_url=url), open_window, lambda w: w.show(), title="test", retry_ms=200,
                       file_check_ms=200)
    qtbot.addWidget(gate.screen)
    return gate


def _lost_under_the_gate(qtbot, gate, path: Path) -> None:
    gate.try_open()
    qtbot.waitUntil(lambda: gate.window is not None and gate.window.isVisible(), timeout=WAIT)
    os.unlink(path)
    qtbot.waitUntil(gate.screen.isVisible, timeout=WAIT)
    assert not gate.window.isVisible()
    assert gate.screen.title.text() == "Tạm ngưng phục vụ"
    assert "đã bị xóa hoặc thay thế" in gate.screen.message.text()
    assert "Traceback" not in gate.screen.message.text()
    gate.file_check.stop()


@pytest.mark.parametrize("app", ["counter", "display"])
def test_a_running_station_hides_behind_the_failure_screen_when_its_database_file_is_deleted(
        qtbot, tmp_path, make_database, app):
    from core.settings import Settings
    from display.qt_display import QtDisplayWindow

    (tmp_path / "data").mkdir()
    path = _copy_demo(make_database, tmp_path, tmp_path / "data")
    url = f"sqlite:///{path}"
    windows = []

    def open_window(store):
        if app == "counter":
            window = QtCounterWindow(Settings(db_url=url), store, paperwork=Paperwork(tmp_path / "f"),
                                     open_pdfs=False, start_bridge=False)
        else:
            window = QtDisplayWindow(Settings(db_url=url), store, speak=False, video=False, start_bridge=False)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    gate = _gate_around(qtbot, url, open_window)
    _lost_under_the_gate(qtbot, gate, path)
    windows[0].close()
    gate.store.close()


def test_a_probe_that_cannot_be_asked_never_leaves_a_banner_that_cannot_end(qtbot):
    """A station whose office server refuses the write probe: the trouble is let go (the next action finds
    out for itself) instead of every writing action staying disabled for ever."""
    from PySide6.QtWidgets import QWidget

    from db.errors import DiskFull, PermissionDenied
    from ui.runner import Runner
    from ui.store_trouble import QtTroubleBanner, StoreTrouble

    def refused() -> None:
        raise PermissionDenied("check_writable")

    window = QWidget()
    qtbot.addWidget(window)
    runner = Runner(window)
    trouble = StoreTrouble(runner, QtTroubleBanner(window), probe=refused, probe_ms=100)
    seen: list = []
    trouble.sig_trouble.connect(seen.append)
    trouble.failed(DiskFull())
    assert trouble.active and trouble.banner.isVisibleTo(window)
    qtbot.waitUntil(lambda: not trouble.active, timeout=WAIT)
    assert not trouble.banner.isVisibleTo(window) and [type(t) for t in seen] == [DiskFull, type(None)]
    runner.wait()
