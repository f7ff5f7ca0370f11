"""`motcua doctor`: one screen of what an installer checks on this PC, each failure with what to do."""

from __future__ import annotations

import platform
from zoneinfo import ZoneInfo

from core.clock import system_now
from core.i18n import tr
from core.version import __version__
from motcua.cmd_backup import office_now
from motcua.doctor import FAIL, MIN_DISK_MB, OK, run_all
from motcua.output import add_json, emit

MARK = {OK: "✓", "warn": "!", FAIL: "✗"}


def register(sub) -> None:
    p = sub.add_parser("doctor", help=tr("kiểm tra máy này: cơ sở dữ liệu, đồng hồ, máy in, máy quét, loa, đĩa, phông chữ"))
    p.add_argument("--min-free-mb", type=int, default=MIN_DISK_MB,
                   help=tr("báo lỗi khi đĩa còn trống ít hơn bấy nhiêu MB (mặc định {n})", n=MIN_DISK_MB))
    add_json(p)
    p.set_defaults(func=run)


def run(args, settings) -> int:
    """Run every check; exit 1 when any fails (warnings do not)."""
    # a station of an office server has no database here: this PC's own clock, checked against the server's
    now = system_now().astimezone(ZoneInfo(settings.timezone)) if settings.server else office_now(settings)
    checks = run_all(settings, now, min_disk_mb=args.min_free_mb)
    failed = [c for c in checks if c.status == FAIL]
    lines = [tr("motcua {version} — kiểm tra máy {host}", version=__version__, host=platform.node())]
    for check in checks:
        lines.append(f"{MARK[check.status]} {check.name}: {check.detail}")
        if check.fix:
            lines.append("    → " + tr("Cách xử lý: {fix}", fix=check.fix))
    lines.append(tr("Có {n} mục cần xử lý.", n=len(failed)) if failed else tr("Mọi mục đều ổn."))
    emit(args, {"version": __version__, "host": platform.node(), "ok": not failed,
                "checks": [c.as_dict() for c in checks]}, "\n".join(lines))
    return 1 if failed else 0
