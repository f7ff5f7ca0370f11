"""`motcua kiosk|counter|display|admin`: start one app.

Each app package has a light `<app>/cli.py` (`add_arguments(parser)`, no Qt
import, so `motcua --help` stays fast) and `<app>/main.py` with
`run(args, settings) -> int` that builds the window and runs the event loop.
"""

from __future__ import annotations

import importlib
import importlib.util

from core.i18n import N_, tr

APPS = {
    "kiosk": N_("Máy lấy số tự động cho công dân (màn hình cảm ứng)"),
    "counter": N_("Quầy tiếp nhận: gọi số, tiếp nhận và trả hồ sơ"),
    "display": N_("Màn hình tivi: hiển thị và đọc số đang gọi"),
    "admin": N_("Quản lý: danh mục, quầy, người dùng, báo cáo"),
}


def available_apps() -> list[str]:
    return [name for name in APPS if importlib.util.find_spec(f"{name}.cli") is not None]


def register(sub) -> None:
    for name in available_apps():
        parser = sub.add_parser(name, help=tr(APPS[name]))
        importlib.import_module(f"{name}.cli").add_arguments(parser)
        parser.set_defaults(func=_runner(name))


def _runner(name: str):
    def run(args, settings) -> int:
        return importlib.import_module(f"{name}.main").run(args, settings)

    return run
