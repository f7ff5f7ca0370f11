"""`motcua web`: the citizens' phone pages alone, for a single-PC office (an office server serves them itself)."""

from __future__ import annotations

from core.i18n import tr


def register(sub) -> None:
    web = sub.add_parser("web", help=tr("trang cho điện thoại của người dân (văn phòng một máy)"))
    web.add_argument("--host", help=tr("địa chỉ lắng nghe (mặc định trong motcua.toml [web], 0.0.0.0)"))
    web.add_argument("--port", type=int, help=tr("cổng HTTP (mặc định 8080)"))
    web.set_defaults(func=serve)


def serve(args, settings) -> int:
    from server.web.run import run_web

    return run_web(settings, host=args.host or settings.web.host, port=args.port or settings.web.port or 8080)
