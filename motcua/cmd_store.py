"""Store commands: `db upgrade`, `demo`, `ticket issue`, `queue`, `call-next`, `user add`."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from core.i18n import tr
from db import Store, StoreError
from db.demo import has_office, seed_demo
from db.engine import is_sqlite, make_engine, normalize_url
from db.migrate import needs_upgrade, upgrade
from db.store.tickets import status_label
from motcua.output import add_json, emit, fail

from motcua.signin import PASSWORD_ENV as SIGNER_PASSWORD_ENV, sign_in


def register(sub) -> None:
    db = sub.add_parser("db", help=tr("cơ sở dữ liệu"))
    dbsub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    p = dbsub.add_parser("upgrade", help=tr("tạo hoặc nâng cấp lược đồ cơ sở dữ liệu"))
    p.set_defaults(func=db_upgrade)

    p = sub.add_parser("demo", help=tr("tạo văn phòng mẫu rồi mở các ứng dụng"))
    p.add_argument("--no-launch", action="store_true", help=tr("chỉ tạo dữ liệu mẫu, không mở ứng dụng"))
    p.set_defaults(func=demo)

    ticket = sub.add_parser("ticket", help=tr("phiếu số thứ tự"))
    tsub = ticket.add_subparsers(dest="ticket_command", required=True, metavar="ACTION")
    p = tsub.add_parser("issue", help=tr("cấp một số mới"))
    p.add_argument("service", help=tr("chữ cái đầu số hoặc mã lĩnh vực, ví dụ A"))
    p.add_argument("--priority", choices=["elderly", "disabled", "pregnant", "veteran", "child"])
    add_json(p)
    p.set_defaults(func=ticket_issue)

    p = sub.add_parser("queue", help=tr("các số đang chờ và đang phục vụ"))
    add_json(p)
    p.set_defaults(func=queue)

    p = sub.add_parser("call-next", help=tr("gọi số tiếp theo cho một quầy"))
    p.add_argument("--counter", type=int, required=True, help=tr("số quầy"))
    p.add_argument("--user", required=True, help=tr("tên đăng nhập của cán bộ (mật khẩu: nhập khi chạy, dòng đầu của "
                                                    "stdin hoặc biến {env})", env=SIGNER_PASSWORD_ENV))
    add_json(p)
    p.set_defaults(func=call_next)

    user = sub.add_parser("user", help=tr("người dùng"))
    usub = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    p = usub.add_parser("add", help=tr("thêm người dùng"))
    p.add_argument("username")
    p.add_argument("--name", required=True, help=tr("họ và tên"))
    p.add_argument("--role", choices=["clerk", "manager", "admin"], default="clerk")
    p.add_argument("--password", help=tr("mật khẩu (bỏ trống để nhập khi chạy)"))
    p.add_argument("--as", dest="as_user", metavar="USER",
                   help=tr("đăng nhập bằng tài khoản quản trị/quản lý này (mật khẩu: nhập khi chạy, dòng đầu của "
                           "stdin hoặc biến {env})", env=SIGNER_PASSWORD_ENV))
    add_json(p)
    p.set_defaults(func=user_add)


def _store(settings) -> Store:
    """The office's store: through the office server on a station that joined one, else the database."""
    if settings.server:
        from db.remote import open_store

        return open_store(settings)
    return Store.open(settings.db_url)


def db_upgrade(args, settings) -> int:
    """Upgrade the schema; an existing database is backed up first (no backup, no upgrade)."""
    from db.backup import BackupError
    from motcua.cmd_backup import take_backup

    engine = make_engine(settings.db_url)
    if needs_upgrade(engine):
        try:
            target, _manifest, _removed = take_backup(settings)
        except BackupError as error:
            return fail(tr("Chưa nâng cấp vì không sao lưu được: {reason}", reason=str(error)))
        print(tr("Đã sao lưu trước khi nâng cấp: {file}", file=target))
    revision = upgrade(engine)
    print(tr("Cơ sở dữ liệu đã ở phiên bản {revision}.", revision=revision))
    return 0


def demo(args, settings) -> int:
    _ensure_sqlite_folder(settings.db_url)
    store = Store.open(settings.db_url, create=True)  # with `db upgrade`, the only command that creates one
    if has_office(store):
        print(tr("Đã có dữ liệu văn phòng; giữ nguyên."))
    else:
        seed_demo(store, past_dossiers=True)
        print(tr("Đã tạo văn phòng mẫu: {name}.", name=store.office().name))
        print(tr("Đăng nhập: quanly/quanly123 (quản lý), lan/lan12345 (cán bộ quầy 1)."))
    if args.no_launch:
        return 0
    return _launch_demo_apps(settings)


def _launch_demo_apps(settings) -> int:
    from motcua.cmd_apps import available_apps

    apps = available_apps()
    from ui.startup import has_screen, no_screen_message  # only here: the other commands never load Qt

    if apps and not has_screen():
        return fail(no_screen_message())
    if not apps:
        print(tr("Chưa có ứng dụng giao diện nào để mở."))
        return 0
    env = dict(os.environ, MOTCUA_DB_URL=settings.db_url)
    # the bundled program is itself `motcua`; from a venv it is `python -m motcua`
    program = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "motcua"]
    base = [*program, "--lang", settings.language]
    extra = {"counter": ["--counter", "1", "--user", "lan"], "admin": ["--user", "quanly"]}
    procs = [subprocess.Popen([*base, app, *extra.get(app, [])], env=env) for app in apps]
    print(tr("Đã mở: {apps}. Đóng các cửa sổ để kết thúc.", apps=", ".join(apps)))
    try:
        return max(p.wait() for p in procs)
    except KeyboardInterrupt:
        for p in procs:
            p.terminate()
        return 130


def ticket_issue(args, settings) -> int:
    try:
        t = _store(settings).queue.issue_ticket(args.service, args.priority, kiosk="cli")
    except StoreError as error:
        return fail(str(error))
    return emit(args, t, tr("Số {code} — {service}; {ahead} người chờ trước, khoảng {wait} phút.",
                            code=t.code, service=t.service_name, ahead=t.ahead, wait=t.wait_minutes))


def queue(args, settings) -> int:
    try:
        store = _store(settings)
        services, counters = store.setup.services(), store.setup.counters()
    except StoreError as error:
        return fail(str(error))
    lines = [tr("Đang chờ:")]
    lines += [f"  {s.prefix}  {s.name}: {s.waiting}" for s in services if s.active]
    lines.append(tr("Các quầy:"))
    for c in counters:
        now = f"{c.current.code} ({status_label(c.current.status)})" if c.current else "—"
        lines.append(f"  {c.number:>2}  {c.name}: {now}")
    return emit(args, {"services": services, "counters": counters}, "\n".join(lines))


def call_next(args, settings) -> int:
    try:
        clerk = sign_in(_store(settings), args.user)
        t = clerk.queue.call_next(counter=args.counter)
    except StoreError as error:
        return fail(str(error))
    if t is None:
        return emit(args, None, tr("Không còn ai chờ ở quầy {counter}.", counter=args.counter))
    return emit(args, t, tr("Mời số {code} đến quầy {counter}.", code=t.code, counter=args.counter))


def user_add(args, settings) -> int:
    """Add a user as the admin or manager who signs in here (a manager adds clerks and managers, an admin anyone);
    only an office with no user yet gets its first one without a sign-in (the installer's first admin)."""
    try:
        store = _store(settings)
        acting = _signed_in(store, args.as_user)
        if acting is None:
            return fail(tr("Hãy đăng nhập bằng tài khoản quản trị: --as TÊN (mật khẩu nhập khi chạy, hoặc dòng đầu "
                           "của stdin, hoặc biến {env}).", env=SIGNER_PASSWORD_ENV))
        password = args.password or getpass.getpass(tr("Mật khẩu: "))
        user_id = acting.setup.add_user(args.username, args.name, password, args.role)
    except StoreError as error:
        return fail(str(error))
    return emit(args, {"id": user_id, "username": args.username},
                tr("Đã thêm người dùng {username} ({role}).", username=args.username, role=args.role))


def _signed_in(store: Store, username: str | None):
    """The store acting as `username` after checking their password; the installer when the office has no
    user at all and nobody signs in; None when nobody signs in."""
    if not username and not store.as_system().setup.users():
        return store.as_system()
    interactive = sys.stdin.isatty()
    if not username and interactive:
        username = input(tr("Tên đăng nhập quản trị: ")).strip()
    if not username:
        return None
    return sign_in(store, username)


def _ensure_sqlite_folder(url: str) -> None:
    if is_sqlite(url):
        path = make_url(normalize_url(url)).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
