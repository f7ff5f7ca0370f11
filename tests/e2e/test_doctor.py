"""`motcua doctor` against real failing conditions: closed ports, missing files, a full disk, a clock off."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from motcua.doctor import FAIL, OK, check_clock, check_database, check_fonts

ROOT = Path(__file__).resolve().parents[2]
SOME_TIME = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)


def closed_port() -> int:
    """A port nothing listens on: bound, then released."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def doctor(tmp_path: Path, db_url: str, config: str = "", *extra: str, prefix: tuple[str, ...] = ()) -> tuple[int, dict]:
    (tmp_path / "motcua.toml").write_text(config, "utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), MOTCUA_CONFIG=str(tmp_path / "motcua.toml"),
               MOTCUA_DB_URL=db_url, XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run([*prefix, sys.executable, "-m", "motcua", "doctor", "--json", *extra],
                          capture_output=True, text=True, env=env)
    report = json.loads(done.stdout)
    return done.returncode, {c["name"]: c for c in report["checks"]}


def test_a_ready_station_passes(sqlite_demo_store, fake_printer, tmp_path):
    """One PC on SQLite: one clock, whatever the machine's date (a PostgreSQL station's clock is tested below)."""
    url = sqlite_demo_store.engine.url.render_as_string(hide_password=False)
    code, checks = doctor(tmp_path, url, f'[printer]\nurl = "{fake_printer.url}"\n')
    assert code == 0, checks
    for name in ("Cơ sở dữ liệu", "Lược đồ", "Đồng hồ", "Máy in phiếu", "Bộ giọng đọc", "Phông chữ", "Dung lượng đĩa"):
        assert checks[name]["status"] == OK, checks[name]
    assert checks["Máy in phiếu"]["detail"].endswith("Máy in sẵn sàng, đủ giấy.")
    assert checks["Loa"]["status"] in (OK, "warn")  # a wall display needs one; this machine may have none


def test_every_broken_part_is_named_with_what_to_do(tmp_path):
    http_port, printer_port = closed_port(), closed_port()
    config = (f'[printer]\nurl = "tcp://127.0.0.1:{printer_port}"\ntimeout_s = 1\n'
              f'[scanner]\nkind = "serial"\nserial_url = "{tmp_path}/ttyACM9"\n'
              f'[voice]\npack_dir = "{tmp_path}/giong-doc"\n'
              f'[web]\nurl = "http://127.0.0.1:{http_port}/"\n')
    db = f"postgresql+psycopg://motcua:x@127.0.0.1:{closed_port()}/motcua"
    code, checks = doctor(tmp_path, db, config, "--min-free-mb", str(10**9))
    assert code == 1
    broken = {"Cơ sở dữ liệu": "tường lửa", "Máy in phiếu": "motcua printer test", "Máy quét mã": "Cắm máy quét",
              "Bộ giọng đọc": "pack_dir", "Dịch vụ web": "Kiểm tra dịch vụ", "Dung lượng đĩa": "Giải phóng ổ đĩa"}
    for name, fix in broken.items():
        assert checks[name]["status"] == FAIL, checks[name]
        assert fix in checks[name]["fix"], checks[name]
    assert "motcua:***@" in checks["Cơ sở dữ liệu"]["detail"]  # the password is never shown


def test_missing_database_file_and_fonts(tmp_path):
    [db] = check_database(f"sqlite:///{tmp_path / 'none.sqlite3'}", SOME_TIME)
    assert db.status == FAIL and "motcua db upgrade" in db.fix
    assert not (tmp_path / "none.sqlite3").exists()  # the doctor never creates a database
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(ROOT / "devices" / "fonts" / "NotoSans-Regular.ttf", fonts)
    check = check_fonts(fonts)
    assert check.status == FAIL and "NotoSans-Bold.ttf" in check.detail and "Cài lại motcua" in check.fix
    (fonts / "NotoSans-Bold.ttf").write_bytes(b"not a font")
    assert check_fonts(fonts).status == FAIL


def test_schema_older_and_newer(demo_db_url):
    engine = create_engine(demo_db_url, poolclass=NullPool)
    now = SOME_TIME  # the clock line is not what this test reads
    with engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9001_future'"))
    checks = {c.name: c for c in check_database(demo_db_url, now)}
    assert checks["Lược đồ"].status == FAIL and "cùng phiên bản với máy chủ" in checks["Lược đồ"].fix
    with engine.begin() as c:
        c.execute(text("DELETE FROM alembic_version"))
    checks = {c.name: c for c in check_database(demo_db_url, now)}
    assert checks["Lược đồ"].status == FAIL and "motcua db upgrade" in checks["Lược đồ"].fix
    engine.dispose()


def test_clock_off_by_more_than_a_minute():
    server = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)
    assert check_clock(server + timedelta(seconds=30), server).status == OK
    late = check_clock(server - timedelta(minutes=10), server)
    assert late.status == FAIL and "-600" in late.detail and "timedatectl" in late.fix


@pytest.mark.pg
@pytest.mark.skipif(shutil.which("faketime") is None, reason="faketime (libfaketime) is not installed")
def test_a_station_ten_minutes_behind_the_server(pg_url, tmp_path):
    """The whole doctor process runs on a clock 10 minutes slow (libfaketime); PostgreSQL's clock is the truth."""
    code, checks = doctor(tmp_path, pg_url, "", prefix=("faketime", "-f", "-10m"))
    assert code == 1
    assert checks["Đồng hồ"]["status"] == FAIL and "-6" in checks["Đồng hồ"]["detail"]


def test_the_web_service_answers(tmp_path, demo_db_url):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        code, checks = doctor(tmp_path, demo_db_url, f'[web]\nurl = "http://127.0.0.1:{server.server_port}/"\n')
    finally:
        server.shutdown()
        server.server_close()
    assert checks["Dịch vụ web"]["status"] == OK and "200" in checks["Dịch vụ web"]["detail"]
