"""`motcua server setup`: the office's server PC, step by step, each step safe to run again.

PostgreSQL from the distribution (or SQLite for a small office), a role and a
database with a generated password kept in a 0600 settings file, PostgreSQL
listening on the server itself, the schema migrated, and the backup service and
timer written from templates. With `dry_run` every step only says what it would do.
The office server's own TLS certificate and its service come last, then the first join code (for
the manager's admin PC). `lan` is the old way (stations holding the database password, PostgreSQL
open to the LAN), kept only as an explicit legacy option.
"""

from __future__ import annotations

import getpass
import os
import secrets
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import tomli_w
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from core.i18n import tr
from core.settings import write_private
from db.engine import make_engine, normalize_url
from db.migrate import needs_upgrade, upgrade

TEMPLATES = Path(__file__).resolve().parent / "templates"
UNITS = ("motcua-backup.service", "motcua-backup.timer", "motcua-server.service")
LOCAL = {"localhost", "127.0.0.1", "::1"}


@dataclass
class Plan:
    """What the operator asked for; every path can be moved (tests write into a temporary folder)."""

    config_dir: Path
    units_dir: Path
    data_dir: Path
    sqlite: bool = False
    admin_url: str = "postgresql+psycopg://postgres@/postgres"  # the local superuser through the socket
    role: str = "motcua"
    database: str = "motcua"
    lan: str = ""  # legacy: CIDR of stations that reach PostgreSQL directly instead of through the office server
    user: str = field(default_factory=getpass.getuser)
    keep: int = 14
    dry_run: bool = False
    enable_units: bool = True
    say: Callable[[str], None] = print

    done: int = 0
    total: int = 0

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "motcua.toml"

    def __post_init__(self) -> None:
        # services run from / : every path they are given must be absolute
        self.config_dir, self.units_dir, self.data_dir = (p.resolve() for p in
                                                          (self.config_dir, self.units_dir, self.data_dir))

    def step(self, title: str) -> None:
        self.done += 1
        self.say(f"[{self.done}/{self.total}] {title}")


class SetupError(Exception):
    """A step could not be done; the message says what to do."""


def run(plan: Plan) -> str:
    """Every step in order; returns the database URL the server uses."""
    steps = [_sqlite_file] if plan.sqlite else [_postgresql_installed, _listening, _role_and_database]
    steps = [*steps, _settings_file, _migrate, *([] if plan.sqlite else [_audit_append_only]), _units,
             _office_server]
    plan.total, url = len(steps), ""
    if plan.dry_run:
        plan.say(tr("Chạy thử: chỉ in những việc sẽ làm, không thay đổi gì."))
    for step in steps:
        url = step(plan, url) or url
    return url


def _do(plan: Plan, what: str, action: Callable[[], object] | None = None) -> None:
    if plan.dry_run:
        plan.say("  " + tr("sẽ {what}", what=what))
    else:
        if action is not None:
            action()
        plan.say("  " + tr("đã {what}", what=what))


# -- PostgreSQL -----------------------------------------------------------
def _postgresql_installed(plan: Plan, url: str) -> None:
    plan.step(tr("PostgreSQL"))
    if shutil.which("psql") and shutil.which("pg_dump"):
        version = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
        plan.say("  " + tr("đã có: {version}", version=version))
        return
    if not shutil.which("apt-get"):
        raise SetupError(tr("Không có apt-get: hãy cài PostgreSQL của hệ điều hành (Windows: trình cài đặt "
                            "PostgreSQL chính thức) rồi chạy lại."))
    command = ["apt-get", "install", "-y", "--no-install-recommends", "postgresql", "postgresql-client"]
    _do(plan, tr("cài gói: {command}", command=" ".join(command)),
        lambda: subprocess.run(command, check=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive")))


def _admin(plan: Plan):
    return create_engine(normalize_url(plan.admin_url), poolclass=NullPool, isolation_level="AUTOCOMMIT")


def _listening(plan: Plan, url: str) -> None:
    plan.step(tr("PostgreSQL chỉ nghe trên chính máy chủ") if not plan.lan else
             tr("(cách cũ) PostgreSQL nghe mạng nội bộ {lan}: các máy trạm kết nối thẳng tới cơ sở dữ liệu",
                lan=plan.lan))
    engine = _admin(plan)
    try:
        with engine.connect() as c:
            listen = c.execute(text("SHOW listen_addresses")).scalar_one()
            hba = c.execute(text("SHOW hba_file")).scalar_one()
    except Exception as error:
        raise SetupError(tr("Không kết nối được PostgreSQL với quyền quản trị ({url}): {reason}. Chạy lệnh bằng "
                            "sudo, hoặc chỉ --admin-url.", url=make_url(normalize_url(plan.admin_url))
                            .render_as_string(hide_password=True), reason=str(error).splitlines()[0])) from error
    finally:
        engine.dispose()
    addresses = {a.strip() for a in listen.split(",")}
    wanted = "*" if plan.lan else "localhost"
    if (plan.lan and "*" in addresses) or (not plan.lan and addresses <= LOCAL):
        plan.say("  " + tr("đã đúng: listen_addresses = '{listen}'", listen=listen))
    else:
        _do(plan, tr("đặt listen_addresses = '{wanted}' rồi khởi động lại PostgreSQL (systemctl restart postgresql)",
                     wanted=wanted), lambda: _set_listen(plan, wanted))
    if plan.lan:
        line = f"host {plan.database} {plan.role} {plan.lan} scram-sha-256  # motcua stations"
        _do(plan, tr("thêm vào {file}: {line}", file=hba, line=line), lambda: _add_hba(plan, Path(hba), line))


def _set_listen(plan: Plan, wanted: str) -> None:
    engine = _admin(plan)
    with engine.connect() as c:
        c.execute(text(f"ALTER SYSTEM SET listen_addresses = '{wanted}'"))
    engine.dispose()
    subprocess.run(["systemctl", "restart", "postgresql"], check=True)


def _add_hba(plan: Plan, hba: Path, line: str) -> None:
    if line not in hba.read_text():
        with hba.open("a") as handle:
            handle.write(line + "\n")
    engine = _admin(plan)
    with engine.connect() as c:
        c.execute(text("SELECT pg_reload_conf()"))
    engine.dispose()


def _role_and_database(plan: Plan, url: str) -> str:
    plan.step(tr("Vai trò {role} và cơ sở dữ liệu {database}", role=plan.role, database=plan.database))
    saved = _saved_password(plan)
    password = saved or secrets.token_urlsafe(24)
    engine = _admin(plan)
    try:
        with engine.connect() as c:
            has_role = c.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": plan.role}).first()
            has_db = c.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": plan.database}).first()
            # the server quotes names and the password itself (format %I/%L): no SQL built from our strings
            verb = "ALTER" if has_role else "CREATE"
            statement = c.execute(text(f"SELECT format('{verb} ROLE %I LOGIN PASSWORD %L', "
                                       "CAST(:r AS text), CAST(:p AS text))"), {"r": plan.role, "p": password}).scalar()
            if not has_role:
                what = tr("tạo vai trò {role} với mật khẩu ngẫu nhiên", role=plan.role)
            elif saved:
                what = tr("giữ mật khẩu của vai trò {role} đã lưu trong tệp cấu hình", role=plan.role)
            else:
                what = tr("đặt mật khẩu ngẫu nhiên mới cho vai trò {role} đã có", role=plan.role)
            _do(plan, what, lambda: c.execute(text(statement)))
            if has_db:
                plan.say("  " + tr("đã có cơ sở dữ liệu {database}", database=plan.database))
            else:
                create = c.execute(text("SELECT format('CREATE DATABASE %I OWNER %I', CAST(:d AS text), "
                                        "CAST(:r AS text))"), {"d": plan.database, "r": plan.role}).scalar()
                _do(plan, tr("tạo cơ sở dữ liệu {database}", database=plan.database), lambda: c.execute(text(create)))
            port = make_url(normalize_url(plan.admin_url)).port or 5432
    finally:
        engine.dispose()
    return make_url(f"postgresql+psycopg://127.0.0.1:{port}/").set(
        username=plan.role, password=password, database=plan.database).render_as_string(hide_password=False)


def _saved_password(plan: Plan) -> str | None:
    """The password an earlier run kept, so running again changes nothing the stations hold."""
    if not plan.settings_file.exists():
        return None
    url = tomllib.loads(plan.settings_file.read_text("utf-8")).get("db_url", "")
    return make_url(url).password if url.startswith("postgresql") else None


def _sqlite_file(plan: Plan, url: str) -> str:
    plan.step(tr("SQLite (văn phòng nhỏ, một máy)"))
    path = plan.data_dir / "motcua.sqlite3"
    _do(plan, tr("dùng tệp {path}", path=path), lambda: plan.data_dir.mkdir(parents=True, exist_ok=True))
    return f"sqlite:///{path}"


# -- settings, schema, services -------------------------------------------
def _settings_file(plan: Plan, url: str) -> None:
    plan.step(tr("Tệp cấu hình của máy chủ (chỉ chủ sở hữu đọc được: 0600)"))
    settings = {"db_url": url, "backup": {"dir": str(plan.data_dir / "backups"), "keep": plan.keep}}
    if plan.settings_file.exists():
        old = tomllib.loads(plan.settings_file.read_text("utf-8"))
        settings = {**old, **settings, "backup": {**old.get("backup", {}), **settings["backup"]}}
    _do(plan, tr("ghi {file}", file=plan.settings_file), lambda: write_private(plan.settings_file,
                                                                               tomli_w.dumps(settings)))


def _migrate(plan: Plan, url: str) -> None:
    plan.step(tr("Lược đồ cơ sở dữ liệu"))
    if plan.dry_run:
        plan.say("  " + tr("sẽ tạo hoặc nâng cấp lược đồ (sao lưu trước nếu đã có dữ liệu)"))
        return
    engine = make_engine(url)
    try:
        if needs_upgrade(engine):
            from motcua.cmd_backup import take_backup
            from core.settings import load_settings

            target, _, _ = take_backup(load_settings(plan.settings_file, env={}))
            plan.say("  " + tr("Đã sao lưu trước khi nâng cấp: {file}", file=target))
        plan.say("  " + tr("Cơ sở dữ liệu đã ở phiên bản {revision}.", revision=upgrade(engine)))
    finally:
        engine.dispose()


# the office's role may read and add audit lines, never change, delete or empty them; the table and the
# trigger's function (migration 0005) belong to the administrator, so the role cannot drop the trigger either
AUDIT_LOCK = (
    "ALTER TABLE audit_log OWNER TO CURRENT_USER",
    "ALTER FUNCTION motcua_audit_append_only() OWNER TO CURRENT_USER",
    "SELECT format('REVOKE ALL ON audit_log FROM %I', CAST(:r AS text))",
    "SELECT format('GRANT SELECT, INSERT ON audit_log TO %I', CAST(:r AS text))",
    "SELECT format('GRANT USAGE, SELECT ON SEQUENCE %s TO %I', pg_get_serial_sequence('audit_log', 'id'), CAST(:r AS text))",
)


def _audit_append_only(plan: Plan, url: str) -> None:
    plan.step(tr("Nhật ký thao tác chỉ ghi thêm (vai trò {role} chỉ được đọc và thêm)", role=plan.role))

    def lock() -> None:
        admin = create_engine(make_url(normalize_url(plan.admin_url)).set(database=plan.database),
                              poolclass=NullPool, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as c:
                for statement in AUDIT_LOCK:  # the server quotes the role's name itself (%I)
                    if statement.startswith("SELECT"):
                        statement = c.execute(text(statement), {"r": plan.role}).scalar_one()
                    c.execute(text(statement))
        finally:
            admin.dispose()

    _do(plan, tr("chỉ cho {role} quyền SELECT, INSERT trên audit_log", role=plan.role), lock)


def motcua_program() -> str:
    """How a service starts this motcua: the bundled program itself, or the venv's script."""
    if getattr(sys, "frozen", False):
        return sys.executable
    script = Path(sys.executable).with_name("motcua")
    return str(script) if script.exists() else shutil.which("motcua") or f"{sys.executable} -m motcua"


def render_units(plan: Plan) -> dict[str, str]:
    values = {"user": plan.user, "config": plan.settings_file, "motcua": motcua_program(), "keep": plan.keep}
    return {name: (TEMPLATES / name).read_text("utf-8").format(**values) for name in UNITS}


def _units(plan: Plan, url: str) -> None:
    plan.step(tr("Sao lưu tự động (systemd: {units})", units=", ".join(UNITS)))
    for name, content in render_units(plan).items():
        target = plan.units_dir / name
        _do(plan, tr("ghi {file}", file=target), lambda t=target, c=content: _write_unit(t, c))
    if plan.enable_units:
        command = ["systemctl", "enable", "--now", "motcua-backup.timer"]
        _do(plan, tr("bật: {command}", command=" ".join(command)),
            lambda: (subprocess.run(["systemctl", "daemon-reload"], check=True),
                     subprocess.run(command, check=True)))


def _write_unit(target: Path, content: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, "utf-8")


def _office_server(plan: Plan, url: str) -> None:
    """The server's own TLS key and certificate (stations pin its fingerprint), named in the settings file."""
    plan.step(tr("Máy chủ văn phòng: khóa và chứng chỉ TLS riêng"))
    folder = plan.config_dir / "tls"

    def make() -> None:
        from server.tls import ensure_certificate, fingerprint_text

        cert, key = ensure_certificate(folder)
        if plan.user and hasattr(os, "geteuid") and os.geteuid() == 0:
            for path in (folder, cert, key):  # the service runs as this user: it must read its own key
                shutil.chown(path, plan.user)
        settings = tomllib.loads(plan.settings_file.read_text("utf-8"))
        settings["serve"] = {**settings.get("serve", {}), "tls_dir": str(folder)}
        write_private(plan.settings_file, tomli_w.dumps(settings))
        plan.say("  " + tr("Dấu vân tay chứng chỉ: {fp}", fp=fingerprint_text(cert.read_text("ascii"))))

    _do(plan, tr("tạo khóa và chứng chỉ trong {folder} (nếu chưa có)", folder=folder), make)
    if plan.enable_units:
        command = ["systemctl", "enable", "--now", "motcua-server.service"]
        _do(plan, tr("bật: {command}", command=" ".join(command)), lambda: subprocess.run(command, check=True))
    if plan.dry_run:
        plan.say("  " + tr("sẽ in mã tham gia đầu tiên: cho máy của quản lý ({name})", name=FIRST_STATION))
    else:
        _first_code(plan, url, folder)
    plan.say("  " + tr("Mã tham gia cho từng máy trạm khác: trang \"Máy trạm\" của ứng dụng quản lý, hoặc "
                       "MOTCUA_CONFIG={file} motcua station code --kind kiosk --name \"Kiosk sảnh\"",
                       file=plan.settings_file))


FIRST_STATION = "Máy quản lý"


def _first_code(plan: Plan, url: str, folder: Path) -> None:
    """The first join code, for the manager's own PC (an admin station), while no station has joined:
    from its admin app the manager then enrols the others."""
    from db import Store
    from db.store.enrolment import set_server_fingerprint
    from server.tls import fingerprint

    store = Store.open(url, migrate=False).as_system()
    try:
        if any(s.revoked_at is None for s in store.setup.stations_enrolled()):
            plan.say("  " + tr("Đã có máy trạm tham gia: không cấp mã đầu tiên nữa."))
            return
        set_server_fingerprint(store.ctx, fingerprint((folder / "server.crt").read_bytes()))
        info = store.setup.create_join_code("admin", FIRST_STATION)
    finally:
        store.close()
    plan.say(tr("Mã tham gia đầu tiên, cho máy của quản lý ({name}, loại admin), dùng một lần, hết hạn lúc {expires}:",
                name=info.name, expires=f"{info.expires_at.astimezone():%H:%M %d/%m/%Y}"))
    plan.say("")
    plan.say(f"    {info.code}")
    plan.say("")
    plan.say(tr("Trên máy của quản lý: motcua station join https://<IP-máy-chủ>:{port} {code}", port=_port(plan),
                code=info.code))
    plan.say(tr("Dấu vân tay chứng chỉ máy chủ: {fp}", fp=info.fingerprint))


def _port(plan: Plan) -> int:
    serve = tomllib.loads(plan.settings_file.read_text("utf-8")).get("serve", {})
    return int(serve.get("port", 8443))
