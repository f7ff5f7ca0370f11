"""`motcua server`: run the office server (server/); `motcua server setup`: prepare the server PC
(see motcua/server_setup.py)."""

from __future__ import annotations

import os
from pathlib import Path

from core.i18n import tr
from motcua.output import fail
from motcua.server_setup import Plan, SetupError, run

SYSTEM_UNITS = Path("/etc/systemd/system")


def register(sub) -> None:
    server = sub.add_parser("server", help=tr("máy chủ của văn phòng"))
    server.add_argument("--host", help=tr("địa chỉ lắng nghe (mặc định trong motcua.toml [serve], 0.0.0.0)"))
    server.add_argument("--port", type=int, help=tr("cổng HTTPS (mặc định 8443)"))
    server.set_defaults(func=serve)
    ssub = server.add_subparsers(dest="server_command", required=False, metavar="ACTION")
    p = ssub.add_parser("run", help=tr("chạy máy chủ: mở cơ sở dữ liệu và phục vụ các máy trạm qua HTTPS"))
    p.set_defaults(func=serve)
    p = ssub.add_parser("setup", help=tr("cài máy chủ: PostgreSQL, vai trò và cơ sở dữ liệu, lược đồ, sao lưu tự động"))
    p.add_argument("--dry-run", action="store_true", help=tr("chỉ in những việc sẽ làm, không thay đổi gì"))
    p.add_argument("--sqlite", action="store_true", help=tr("văn phòng nhỏ: giữ SQLite, không cài PostgreSQL"))
    p.add_argument("--admin-url", default="postgresql+psycopg://postgres@/postgres",
                   help=tr("kết nối quản trị PostgreSQL (mặc định: người dùng postgres qua socket của máy)"))
    p.add_argument("--role", default="motcua", help=tr("tên vai trò PostgreSQL của phần mềm"))
    p.add_argument("--database", default="motcua", help=tr("tên cơ sở dữ liệu"))
    p.add_argument("--lan", metavar="CIDR", default="",
                   help=tr("(cách cũ, không khuyên dùng) cho các máy trong mạng này (ví dụ 192.168.1.0/24) kết nối "
                           "thẳng tới PostgreSQL thay vì qua máy chủ văn phòng"))
    p.add_argument("--config-dir", type=Path, default=Path("/etc/motcua"), help=tr("thư mục tệp cấu hình của máy chủ"))
    p.add_argument("--data-dir", type=Path, default=Path("/var/lib/motcua"), help=tr("thư mục dữ liệu và sao lưu"))
    p.add_argument("--units-dir", type=Path, default=SYSTEM_UNITS, help=tr("thư mục ghi các unit systemd"))
    p.add_argument("--user", default=os.environ.get("SUDO_USER") or None,
                   help=tr("người dùng hệ điều hành chạy dịch vụ sao lưu"))
    p.add_argument("--keep", type=int, default=14, help=tr("số bản sao lưu giữ lại"))
    p.set_defaults(func=setup)


def serve(args, settings) -> int:
    """The office server in the foreground until stopped (systemd or Ctrl+C)."""
    from server.run import run_server

    host = getattr(args, "host", None) or settings.serve.host
    port = getattr(args, "port", None) or settings.serve.port
    return run_server(settings, host=host, port=port)


def setup(args, settings) -> int:
    """Run the set-up steps in order; a step that fails stops it with what to do (exit 1)."""
    if not args.dry_run and args.units_dir == SYSTEM_UNITS and hasattr(os, "geteuid") and os.geteuid() != 0:
        return fail(tr("Cài máy chủ cần quyền quản trị: chạy lại bằng sudo (hoặc thử trước với --dry-run)."))
    plan = Plan(config_dir=args.config_dir, units_dir=args.units_dir, data_dir=args.data_dir, sqlite=args.sqlite,
                admin_url=args.admin_url, role=args.role, database=args.database, lan=args.lan, keep=args.keep,
                dry_run=args.dry_run, enable_units=args.units_dir == SYSTEM_UNITS)
    if args.user:
        plan.user = args.user
    try:
        url = run(plan)
    except SetupError as error:
        return fail(str(error))
    if args.dry_run:
        print(tr("Chạy thử xong: chưa thay đổi gì."))
        return 0
    print(tr("Xong. Cấu hình máy chủ: {file}. Kiểm tra: MOTCUA_CONFIG={file} motcua doctor", file=plan.settings_file))
    if args.lan:
        print(tr("Các máy trạm: đặt db_url = \"{url}\" trong motcua.toml của từng máy (giữ bí mật; chmod 600).",
                 url=url.replace("127.0.0.1", "<IP-máy-chủ>")))
    return 0
