"""Every way the database or the settings file can be wrong is one translated line, never a traceback.

Real failures at the OS boundary: a missing, empty, garbage or truncated file; a
read-only file or folder (as root, the command runs without the capability that
ignores file modes); a full disk (a tiny tmpfs when this runs as root, else
SQLite's max_page_count); a server that does not answer; broken motcua.toml.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from disk_tools import cap_file_size, fill, tiny_disk, uncap

ROOT = Path(__file__).resolve().parents[2]
AS_USER = (["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--inh-caps",
            "-dac_override,-dac_read_search"] if os.geteuid() == 0 and shutil.which("setpriv") else [])


def motcua(*args: str, config: str = "/nonexistent") -> subprocess.CompletedProcess:
    return subprocess.run([*AS_USER, sys.executable, "-m", "motcua", *args], capture_output=True, text=True,
                          cwd=ROOT, env={"PATH": "/usr/bin:/bin", "MOTCUA_CONFIG": config, "HOME": "/tmp"})


def one_line(result: subprocess.CompletedProcess, *parts: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    for part in parts:
        assert part in result.stderr, result.stderr


@pytest.fixture
def demo_file(tmp_path, make_database) -> Path:
    url = make_database(tmp_path, "demo", "sqlite")
    return Path(url.removeprefix("sqlite:///"))


def test_a_missing_file_is_named_and_never_created(tmp_path):
    path = tmp_path / "share" / "motcua.sqlite3"
    (tmp_path / "share").mkdir()
    one_line(motcua("--db", f"sqlite:///{path}", "queue"), "Không tìm thấy tệp cơ sở dữ liệu", str(path),
             "motcua db upgrade")
    one_line(motcua("--db", f"sqlite:///{path}", "ticket", "issue", "A"), str(path))
    assert not path.exists() and list(path.parent.iterdir()) == []


@pytest.mark.parametrize("content", ["empty", "garbage", "truncated", "folder"])
def test_a_file_that_is_not_a_database_is_refused_and_left_as_it_was(tmp_path, demo_file, content):
    path = tmp_path / "bad.sqlite3"
    if content == "folder":
        path.mkdir()
    else:
        path.write_bytes({"empty": b"", "garbage": os.urandom(8192),
                          "truncated": demo_file.read_bytes()[:20_000]}[content])
    before = None if content == "folder" else path.read_bytes()
    one_line(motcua("--db", f"sqlite:///{path}", "ticket", "issue", "A"), "không phải cơ sở dữ liệu motcua", str(path))
    if before is not None:
        assert path.read_bytes() == before


def test_a_server_that_does_not_answer_is_one_line_and_store_open_says_so():
    from db import Store
    from db.errors import StoreUnavailable

    url = "postgresql+psycopg://postgres@127.0.0.1:9/motcua?connect_timeout=3"
    one_line(motcua("--db", url, "queue"), "Không kết nối được cơ sở dữ liệu.")
    with pytest.raises(StoreUnavailable):
        Store.open(url)
    one_line(motcua("--db", "sqlite3:/nowhere", "queue"), "Địa chỉ cơ sở dữ liệu không hợp lệ")


@pytest.mark.skipif(os.geteuid() == 0 and not AS_USER, reason="root without setpriv ignores file modes")
@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_file_or_folder_is_said_and_nothing_is_written(tmp_path, demo_file, what):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "motcua.sqlite3"
    shutil.copyfile(demo_file, path)
    before = path.read_bytes()
    (path if what == "file" else folder).chmod(0o555 if what == "folder" else 0o444)
    try:
        one_line(motcua("--db", f"sqlite:///{path}", "ticket", "issue", "A"), "chỉ đọc", "cho phép ghi")
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)
    assert path.read_bytes() == before


def test_a_full_disk_stops_issuing_with_what_to_do_and_the_next_number_follows_once_freed(tmp_path, demo_file,
                                                                                      clock):
    """Say in the report which boundary ran: tmpfs (root) or max_page_count."""
    from db import Store
    from db.errors import DiskFull

    with tiny_disk(tmp_path / "disk") as mounted:
        path = tmp_path / "disk" / "motcua.sqlite3"
        shutil.copyfile(demo_file, path)
        store = Store.open(f"sqlite:///{path}", clock=clock)
        assert store.queue.issue_ticket("A").code == "A001"
        if mounted:
            filler = fill(path.parent)
        else:  # the fallback: SQLite refuses to grow the file past its current size
            cap_file_size(store)
        with pytest.raises(DiskFull, match="Ổ đĩa chứa cơ sở dữ liệu đã đầy .*xóa bớt tệp"):
            for _ in range(3):
                store.queue.issue_ticket("A")
        if mounted:
            one_line(motcua("--db", f"sqlite:///{path}", "ticket", "issue", "A"), "Ổ đĩa chứa cơ sở dữ liệu đã đầy")
            filler.unlink()
        else:
            uncap(store)
        assert store.queue.issue_ticket("A").code == "A002"  # nothing lost, nothing doubled
        store.close()


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_database_file_deleted_or_replaced_under_a_station_stops_it(tmp_path, demo_file, clock, how):
    from db import Store
    from db.errors import DatabaseLost

    path = tmp_path / "live.sqlite3"
    shutil.copyfile(demo_file, path)
    store = Store.open(f"sqlite:///{path}", clock=clock)
    assert store.queue.issue_ticket("A").code == "A001"
    if how == "deleted":
        path.unlink()
    else:
        shutil.copyfile(demo_file, tmp_path / "other.sqlite3")
        os.replace(tmp_path / "other.sqlite3", path)
    with pytest.raises(DatabaseLost, match="đã bị xóa hoặc thay thế"):
        store.queue.issue_ticket("A")
    with pytest.raises(DatabaseLost):
        store.check_file()
    store.close()


@pytest.mark.parametrize("content, expected", [
    (b'db_url = \n', "sai cú pháp TOML ở dòng 1"),
    (b'language = 5\n[printer]\npaper_width_mm = "wide"\n', "mục language có giá trị không hợp lệ"),
    ('language = "vi"\n'.encode("utf-16"), "không phải văn bản UTF-8"),
    (None, "là một thư mục"),
])
def test_a_broken_settings_file_is_one_line_naming_it(tmp_path, content, expected):
    config = tmp_path / "motcua.toml"
    if content is None:
        config.mkdir()
    else:
        config.write_bytes(content)
    one_line(motcua("queue", config=str(config)), expected, str(config))


@pytest.mark.pg
def test_a_read_only_postgresql_server_is_said_and_nothing_is_written(pg_demo_store):
    """As on a hot standby: every transaction read-only (SQLSTATE 25006)."""
    from pg_tools import _pg_exec

    from db import Store
    from db.errors import ReadOnlyStorage

    name = pg_demo_store.engine.url.database
    _pg_exec(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    try:
        store = Store.open(pg_demo_store.engine.url.render_as_string(hide_password=False), migrate=False)
        with pytest.raises(ReadOnlyStorage, match="chỉ đọc .máy chủ cơ sở dữ liệu."):
            store.queue.issue_ticket("A")
        assert store.queue.waiting_counts()["A"] == 0
        store.close()
    finally:
        _pg_exec(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')


def test_following_the_events_of_a_missing_file_never_creates_it(tmp_path):
    from db.listener import EventListener

    path = tmp_path / "motcua.sqlite3"
    listener = EventListener(f"sqlite:///{path}", poll_interval=0.05)
    assert listener.wait(0.6) == [] and not listener.connected
    listener.close()
    assert not path.exists()


def test_db_upgrade_into_a_folder_that_is_not_there_names_the_folder(tmp_path):
    path = tmp_path / "not-mounted" / "motcua.sqlite3"
    one_line(motcua("--db", f"sqlite:///{path}", "db", "upgrade"), f"Không có thư mục {path.parent}")
    assert not path.parent.exists()
