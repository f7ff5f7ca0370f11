"""`motcua server setup` on this machine's PostgreSQL (a fresh role and database), and for SQLite.

Never touches the server's own settings (it already listens on 127.0.0.1 only) and never
installs systemd units for real: they are written to a folder and checked there.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.pool import NullPool

from db.migrate import current_revision, head_revision
from pg_tools import PG_PREFIX, PG_URL, _pg_exec

ROOT = Path(__file__).resolve().parents[2]
ROLE, DATABASE = f"{PG_PREFIX}_srv", f"{PG_PREFIX}_srvdb"

pytestmark = pytest.mark.slow


def motcua(*args: str, config: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("MOTCUA_DB_URL", None)
    if config:
        env["MOTCUA_CONFIG"] = str(config)
    return subprocess.run([sys.executable, "-m", "motcua", *args], capture_output=True, text=True, env=env)


def setup_args(tmp_path: Path, *extra: str) -> list[str]:
    return ["server", "setup", "--admin-url", PG_URL, "--role", ROLE, "--database", DATABASE,
            "--config-dir", str(tmp_path / "etc"), "--data-dir", str(tmp_path / "var"),
            "--units-dir", str(tmp_path / "units"), *extra]


@pytest.fixture
def fresh_names():
    if not PG_URL:
        pytest.skip("MOTCUA_TEST_PG_URL is not set: PostgreSQL tests skipped")
    drop = (f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)', f'DROP ROLE IF EXISTS "{ROLE}"')
    _pg_exec(*drop)
    yield
    _pg_exec(*drop)


def unit_command(unit: Path) -> tuple[list[str], dict[str, str]]:
    """ExecStart and Environment of a service unit, as systemd would run them."""
    lines = unit.read_text("utf-8").splitlines()
    command = shlex.split(next(line.split("=", 1)[1] for line in lines if line.startswith("ExecStart=")))
    env = dict(line.split("=", 1)[1].split("=", 1) for line in lines if line.startswith("Environment="))
    return command, env


def verify_units(folder: Path) -> None:
    if shutil.which("systemd-analyze"):
        done = subprocess.run(["systemd-analyze", "verify", *(str(p) for p in sorted(folder.iterdir()))],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


@pytest.mark.pg
def test_dry_run_changes_nothing(fresh_names, tmp_path):
    done = motcua(*setup_args(tmp_path, "--dry-run"))
    assert done.returncode == 0, done.stderr
    for line in ("[1/8] PostgreSQL", f"sẽ tạo vai trò {ROLE} với mật khẩu ngẫu nhiên", f"sẽ tạo cơ sở dữ liệu {DATABASE}",
                 f"sẽ ghi {tmp_path / 'etc' / 'motcua.toml'}", f"sẽ ghi {tmp_path / 'units' / 'motcua-backup.timer'}",
                 "Chạy thử xong: chưa thay đổi gì."):
        assert line in done.stdout, done.stdout
    engine = create_engine(PG_URL, poolclass=NullPool)
    with engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM pg_roles WHERE rolname = :r"), {"r": ROLE}).scalar() == 0
        assert c.execute(text("SELECT count(*) FROM pg_database WHERE datname = :d"), {"d": DATABASE}).scalar() == 0
    engine.dispose()
    assert not (tmp_path / "etc").exists() and not (tmp_path / "units").exists() and not (tmp_path / "var").exists()


@pytest.mark.pg
def test_server_then_two_stations_then_the_timer_backup(fresh_names, tmp_path):
    done = motcua(*setup_args(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "đã đúng: listen_addresses" in done.stdout  # this server listens on 127.0.0.1: left as it is

    settings_file = tmp_path / "etc" / "motcua.toml"
    assert settings_file.stat().st_mode & 0o777 == 0o600
    url = tomllib.loads(settings_file.read_text("utf-8"))["db_url"]
    password = make_url(url).password
    assert make_url(url).username == ROLE and len(password) >= 24
    engine = create_engine(url, poolclass=NullPool)
    assert current_revision(engine) == head_revision()
    engine.dispose()
    admin = create_engine(PG_URL, poolclass=NullPool)
    with admin.connect() as c:
        stored = c.execute(text("SELECT rolpassword FROM pg_authid WHERE rolname = :r"), {"r": ROLE}).scalar()
        owner = c.execute(text("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = :d"),
                          {"d": DATABASE}).scalar()
    admin.dispose()
    assert stored.startswith("SCRAM-SHA-256$") and owner == ROLE

    units = tmp_path / "units"
    verify_units(units)
    timer = (units / "motcua-backup.timer").read_text("utf-8")
    assert "OnCalendar=*-*-* 12:15:00" in timer and "Persistent=true" in timer

    again = motcua(*setup_args(tmp_path))  # running it again changes nothing the stations hold
    assert again.returncode == 0 and f"đã có cơ sở dữ liệu {DATABASE}" in again.stdout
    assert make_url(tomllib.loads(settings_file.read_text("utf-8"))["db_url"]).password == password

    # two stations, each with its own settings folder, on the server's database
    stations = []
    for name in ("kiosk", "quay1"):
        folder = tmp_path / "stations" / name
        folder.mkdir(parents=True)
        (folder / "motcua.toml").write_text(f'db_url = "{url}"\n', "utf-8")
        stations.append(folder / "motcua.toml")
    assert motcua("demo", "--no-launch", config=stations[0]).returncode == 0
    issued = motcua("ticket", "issue", "A", "--json", config=stations[0])
    assert issued.returncode == 0, issued.stderr
    called = motcua("call-next", "--counter", "1", "--user", "lan", config=stations[1])
    assert called.returncode == 0 and "Mời số A" in called.stdout, called.stderr

    # the timer's service, run as systemd would run it
    command, env = unit_command(units / "motcua-backup.service")
    assert env["MOTCUA_CONFIG"] == str(settings_file)
    done = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, **env))
    assert done.returncode == 0, done.stderr
    [backup] = (tmp_path / "var" / "backups").glob("motcua-*.dump")
    assert backup.stat().st_mode & 0o777 == 0o600

    # the office's role (what every station holds today) adds audit lines but cannot change, erase or unlock them
    station = create_engine(url, poolclass=NullPool)
    for attack in ("UPDATE audit_log SET username = 'ai-do'", "DELETE FROM audit_log", "TRUNCATE audit_log",
                   "DROP TRIGGER audit_log_append_only ON audit_log", "ALTER TABLE audit_log DISABLE TRIGGER ALL",
                   "CREATE OR REPLACE FUNCTION motcua_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                   "$$ BEGIN RETURN OLD; END $$"):
        with station.connect() as c, pytest.raises(ProgrammingError, match="permission denied|must be owner"):
            c.execute(text(attack))
    with station.connect() as c:
        assert c.execute(text("SELECT count(*) FROM audit_log WHERE action = 'ticket_called'")).scalar() >= 1
    station.dispose()


def test_sqlite_office(tmp_path):
    args = ["server", "setup", "--sqlite", "--config-dir", str(tmp_path / "etc"), "--data-dir", str(tmp_path / "var"),
            "--units-dir", str(tmp_path / "units")]
    dry = motcua(*args, "--dry-run")
    assert dry.returncode == 0 and not (tmp_path / "var").exists()
    done = motcua(*args)
    assert done.returncode == 0, done.stdout + done.stderr
    url = tomllib.loads((tmp_path / "etc" / "motcua.toml").read_text("utf-8"))["db_url"]
    assert url == f"sqlite:///{tmp_path / 'var' / 'motcua.sqlite3'}"
    serve = tomllib.loads((tmp_path / "etc" / "motcua.toml").read_text("utf-8"))["serve"]
    assert serve["tls_dir"] == str(tmp_path / "etc" / "tls")  # the office server's own certificate and key
    assert (tmp_path / "etc" / "tls" / "server.key").stat().st_mode & 0o777 == 0o600
    assert "Dấu vân tay chứng chỉ" in done.stdout and (tmp_path / "units" / "motcua-server.service").exists()
    engine = create_engine(url, poolclass=NullPool)
    assert current_revision(engine) == head_revision()
    engine.dispose()
    verify_units(tmp_path / "units")


@pytest.mark.pg
def test_lan_dry_run_names_the_listen_and_access_changes(fresh_names, tmp_path):
    """What opening PostgreSQL to the stations' LAN would change (shown, not done: this server is shared)."""
    done = motcua(*setup_args(tmp_path, "--lan", "192.168.1.0/24", "--dry-run"))
    assert done.returncode == 0, done.stderr
    assert "sẽ đặt listen_addresses = '*' rồi khởi động lại PostgreSQL" in done.stdout
    assert f"host {DATABASE} {ROLE} 192.168.1.0/24 scram-sha-256" in done.stdout
