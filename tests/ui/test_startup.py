"""One start-up for every app: no screen, a store that is not there yet, a file lost under a station."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from core.settings import Settings
from ui.startup import StartupGate, has_screen

ROOT = Path(__file__).resolve().parents[2]


def test_no_screen_is_known_before_qt_is_asked():
    assert not has_screen({}, "linux")
    assert has_screen({"DISPLAY": ":0"}, "linux") and has_screen({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert has_screen({}, "win32")


@pytest.mark.parametrize("command", [["kiosk"], ["counter"], ["display"], ["admin"], ["demo"]])
def test_an_app_on_a_machine_with_no_screen_says_what_to_do_instead_of_qts_abort(tmp_path, command):
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    env = {"PATH": "/usr/bin:/bin", "MOTCUA_CONFIG": "/nonexistent", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "motcua", "--db", url, *command], capture_output=True,
                            text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "không có màn hình" in result.stderr and "xvfb-run" in result.stderr
    assert "Qt platform plugin" not in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "office.sqlite3").exists() == (command == ["demo"])  # only demo creates a database


def make_gate(qtbot, url: str, shown: list, **kwargs) -> StartupGate:
    def open_window(store):
        label = QLabel(store.office().name)
        qtbot.addWidget(label)
        return label

    gate = StartupGate(Settings(db_url=url), open_window, lambda w: (shown.append(w), w.show()),
                       title="test", retry_ms=200, file_check_ms=200, **kwargs)
    qtbot.addWidget(gate.screen)
    return gate


def test_a_missing_database_is_a_screen_naming_it_that_retries_until_the_share_is_there(qtbot, tmp_path,
                                                                                         make_database):
    demo = Path(make_database(tmp_path, "demo", "sqlite").removeprefix("sqlite:///"))
    share = tmp_path / "share"
    share.mkdir()
    path = share / "motcua.sqlite3"
    shown: list = []
    gate = make_gate(qtbot, f"sqlite:///{path}", shown)
    gate.try_open()
    qtbot.waitUntil(lambda: gate.screen.attempts >= 2, timeout=20000)
    assert gate.screen.isVisible() and str(path) in gate.screen.message.text()
    assert "Không tìm thấy tệp cơ sở dữ liệu" in gate.screen.message.text()
    assert not path.exists()  # waiting never creates it
    shutil.copyfile(demo, path)  # the share is mounted
    qtbot.waitUntil(lambda: gate.window is not None and gate.window.isVisible(), timeout=20000)
    assert gate.window.text() == "UBND phường Thốt Nốt" and not gate.screen.isVisible()
    gate.file_check.stop()
    gate.store.close()


def test_an_unreachable_server_is_a_screen_in_vietnamese(qtbot):
    shown: list = []
    gate = make_gate(qtbot, "postgresql+psycopg://postgres@127.0.0.1:9/motcua?connect_timeout=2", shown,
                     allow_quit=False)
    gate.try_open()
    qtbot.waitUntil(lambda: gate.screen.attempts >= 1, timeout=20000)
    assert gate.screen.title.text() == "Tạm ngưng phục vụ"
    assert gate.screen.message.text() == "Không kết nối được cơ sở dữ liệu."
    assert "Đang tự thử lại" in gate.screen.retrying.text() and not gate.screen.quit.isVisible()
    gate.retry.stop()


def test_a_database_file_deleted_under_a_running_app_hides_it_within_seconds(qtbot, tmp_path, make_database):
    url = make_database(tmp_path, "demo", "sqlite")
    shown: list = []
    gate = make_gate(qtbot, url, shown)
    gate.try_open()
    qtbot.waitUntil(lambda: gate.window is not None and gate.window.isVisible(), timeout=20000)
    os.unlink(url.removeprefix("sqlite:///"))
    qtbot.waitUntil(lambda: gate.screen.isVisible(), timeout=10000)
    assert not gate.window.isVisible()
    assert "đã bị xóa hoặc thay thế" in gate.screen.message.text()
    gate.file_check.stop()
    gate.store.close()
