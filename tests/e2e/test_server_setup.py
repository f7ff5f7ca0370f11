"""`motcua server setup` on this machine's PostgreSQL (a fresh role and database), and for SQLite.

Never touches the server's own settings (it already listens on 127.0.0.1 only) and never
installs systemd units for real: they are written to a folder, checked there, and their commands run
as systemd would run them (the office server on a free port, the backup service).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.pool import NullPool

from db.migrate import current_revision, head_revision
from backup_tools import empty_target
from clock_tools import env_at
from pg_tools import PG_PREFIX, PG_URL, _pg_exec
from server_tools import free_port, station_env

ROOT = Path(__file__).resolve().parents[2]
WORKER = str(Path(__file__).with_name("station_worker.py"))
# one role and database per pytest worker: two of these tests on two workers never drop each other's
XDIST = os.environ.get("PYTEST_XDIST_WORKER", "")
ROLE, DATABASE = f"{PG_PREFIX}_srv{XDIST}", f"{PG_PREFIX}_srvdb{XDIST}"

pytestmark = pytest.mark.slow


def motcua(*args: str, config: Path | None = None) -> subprocess.CompletedProcess:
    env = env_at(env=dict(os.environ, PYTHONPATH=str(ROOT)))  # the office's working morning, whatever the hour
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
def test_bare_server_to_the_first_ticket_through_the_office_server_then_backup_and_restore(fresh_names, tmp_path,
                                                                                          request):
    """The issue's "done when" on this machine: `motcua server setup` against the local PostgreSQL, the office
    server it installed started, the manager's PC joined with the code the set-up printed, a kiosk and a counter
    joined with codes the manager made there, a ticket issued and called through the server, then the backup
    the timer takes restored into an empty database with every ticket."""
    port = free_port()
    settings_file = tmp_path / "etc" / "motcua.toml"
    settings_file.parent.mkdir()
    settings_file.write_text(f"[serve]\nport = {port}\n[web]\nport = {free_port()}\n", "utf-8")  # free ports: a shared machine
    done = motcua(*setup_args(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "đã đúng: listen_addresses" in done.stdout  # PostgreSQL stays on this PC: left as it is
    first = done.stdout.splitlines()
    at = next(i for i, line in enumerate(first) if line.startswith("Mã tham gia đầu tiên"))
    first_code = first[at + 2].strip()
    assert "Máy quản lý, loại admin" in first[at] and len(first_code) == 39, done.stdout
    assert f"motcua station join https://<IP-máy-chủ>:{port} {first_code}" in done.stdout

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

    # the office's data (here the demo office), then the office server as its unit runs it
    assert motcua("demo", "--no-launch", config=settings_file).returncode == 0
    command, env = unit_command(units / "motcua-server.service")
    assert env["MOTCUA_CONFIG"] == str(settings_file)
    log = tmp_path / "server.log"
    with open(log, "w") as out:
        server = subprocess.Popen([*command, "--host", "127.0.0.1"], env=env_at(env={**os.environ, **env}),
                                  stdout=out, stderr=subprocess.STDOUT)
    request.addfinalizer(lambda: (server.terminate(), server.wait(20)))
    address = f"https://127.0.0.1:{port}"
    wait_answering(server, address, log)

    # the manager's PC joins with the printed code; from it the manager enrols a kiosk and a counter
    manager = join_station(tmp_path / "quanly", address, first_code)
    codes = {kind: station(manager, "admin", "quanly", "quanly123", "code", kind, name)["code"]
             for kind, name in (("kiosk", "Kiosk sảnh"), ("counter", "Quầy 1"))}
    kiosk = join_station(tmp_path / "kiosk", address, codes["kiosk"])
    counter = join_station(tmp_path / "quay1", address, codes["counter"])
    for config in (manager, kiosk, counter):  # no station holds the database's address or password
        held = config.read_text("utf-8") + (config.parent / "data" / "motcua" / "station.json").read_text("utf-8")
        assert password not in held and "postgresql" not in held

    issued = station(kiosk, "kiosk", "A", "2")["codes"]
    by_command = subprocess.run([sys.executable, "-m", "motcua", "ticket", "issue", "A"], cwd=ROOT,
                                env=station_env(kiosk.parent, kiosk), capture_output=True, text=True, timeout=120)
    assert by_command.returncode == 0 and by_command.stdout.startswith("Số A"), by_command.stderr  # through the server
    issued.append(by_command.stdout.split()[1])
    called = station(counter, "counter", "lan", "lan12345", "1")
    assert called["called"] == issued[0] and called["finished"] == "done"
    enrolled = station(manager, "admin", "quanly", "quanly123", "list")
    assert {(s["name"], s["kind"], s["revoked"], s["seen"]) for s in enrolled} == {
        ("Máy quản lý", "admin", False, True), ("Kiosk sảnh", "kiosk", False, True),
        ("Quầy 1", "counter", False, True)}

    # the timer's backup, run as systemd would run it, restored into an empty database: every ticket is there
    command, env = unit_command(units / "motcua-backup.service")
    done = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, **env))
    assert done.returncode == 0, done.stderr
    [backup] = (tmp_path / "var" / "backups").glob("motcua-*.dump")
    assert backup.stat().st_mode & 0o777 == 0o600
    target = next(target_gen := empty_target(request, tmp_path, url, label="srvrestore"))
    request.addfinalizer(lambda: next(target_gen, None))
    restored = motcua("--db", target, "restore", str(backup))
    assert restored.returncode == 0 and "khớp với bản sao lưu" in restored.stdout, restored.stderr
    tickets = "SELECT id, code, day, status FROM tickets ORDER BY id"
    assert rows_of(target, tickets) == rows_of(url, tickets)
    assert set(issued) <= {row[1] for row in rows_of(target, tickets)}

    # the office's role (only the office server holds it) adds audit lines but cannot change, erase or unlock them
    station_role = create_engine(url, poolclass=NullPool)
    for attack in ("UPDATE audit_log SET username = 'ai-do'", "DELETE FROM audit_log", "TRUNCATE audit_log",
                   "DROP TRIGGER audit_log_append_only ON audit_log", "ALTER TABLE audit_log DISABLE TRIGGER ALL",
                   "CREATE OR REPLACE FUNCTION motcua_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                   "$$ BEGIN RETURN OLD; END $$"):
        with station_role.connect() as c, pytest.raises(ProgrammingError, match="permission denied|must be owner"):
            c.execute(text(attack))
    with station_role.connect() as c:
        assert c.execute(text("SELECT count(*) FROM audit_log WHERE action = 'ticket_called'")).scalar() >= 1
        assert c.execute(text("SELECT count(*) FROM audit_log WHERE action = 'station_join'")).scalar() == 3
    station_role.dispose()


def wait_answering(server: subprocess.Popen, address: str, log: Path, deadline_s: float = 90) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        assert server.poll() is None, log.read_text()
        try:
            httpx.get(f"{address}/api/time", verify=False, timeout=2)
            return
        except httpx.HTTPError:
            threading.Event().wait(0.2)
    raise AssertionError(f"the office server did not answer: {log.read_text()}")


def join_station(folder: Path, address: str, code: str) -> Path:
    """A PC with its own config folder joined by `motcua station join`: its motcua.toml."""
    folder.mkdir(parents=True)
    config = folder / "motcua.toml"
    done = subprocess.run([sys.executable, "-m", "motcua", "station", "join", address, code], cwd=ROOT,
                          env=station_env(folder, config), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (folder / "data" / "motcua" / "station.json").stat().st_mode & 0o777 == 0o600
    return config


def station(config: Path, *args: str) -> Any:
    done = subprocess.run([sys.executable, WORKER, *args], cwd=ROOT, env=station_env(config.parent, config),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def rows_of(url: str, sql: str) -> list[tuple]:
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as c:
        out = [tuple(r) for r in c.execute(text(sql))]
    engine.dispose()
    return out


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
