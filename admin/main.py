"""`motcua admin`: the manager's app."""

from __future__ import annotations

from core.i18n import tr
from ui.screen_fit import show_on_screen
from ui.startup import run_app


def run(args, settings) -> int:
    def open_window(store):
        from admin.qt_admin import QtAdminWindow
        from admin.qt_enrolment import know_local_server

        know_local_server(settings, store)  # the server PC's own admin makes join codes too
        return QtAdminWindow(settings, store, username=args.user or "", first_page=args.page or "")

    def show(window) -> None:
        show_on_screen(window, fullscreen=False, size=(1500, 920))  # never larger than the screen

    return run_app(settings, "admin", open_window, show, title=tr("Quản lý bộ phận một cửa"))
