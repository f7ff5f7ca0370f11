"""Each app started where its database is not there yet waits on its screen, then opens by itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from server_tools import wait_in_log

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.parametrize("app", ["kiosk", "counter", "display", "admin"])
def test_an_app_waits_for_a_missing_database_and_opens_once_it_is_there(tmp_path, make_database, app):
    demo = Path(make_database(tmp_path, "demo", "sqlite").removeprefix("sqlite:///"))
    share = tmp_path / "share"
    share.mkdir()
    path = share / "motcua.sqlite3"
    env = {"PATH": "/usr/bin:/bin", "MOTCUA_CONFIG": "/nonexistent", "HOME": str(tmp_path),
           "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path / "data")}
    log = tmp_path / "stderr.txt"
    with open(log, "w") as err:
        extra = ["--printer", f"preview://{tmp_path / 'paper'}"] if app in ("kiosk", "counter") else []
        proc = subprocess.Popen([sys.executable, "-m", "motcua", "--db", f"sqlite:///{path}", app, *extra],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
    try:
        waiting = wait_in_log(proc, log, "store not ready", 60)
        assert "Không tìm thấy tệp cơ sở dữ liệu" in waiting and str(path) in waiting
        assert not path.exists()  # waiting never creates it
        shutil.copyfile(demo, path)  # the share is mounted
        assert "Traceback" not in wait_in_log(proc, log, "store opened")
    finally:
        proc.terminate()
        proc.wait(30)
    assert os.path.getsize(path) > 0
