"""`motcua admin`: the manager's app."""

from __future__ import annotations

from db import Store
from ui.app import qt_app


def run(args, settings) -> int:
    app = qt_app(settings, "admin")
    store = Store.open(settings.db_url)
    from admin.qt_admin import QtAdminWindow

    window = QtAdminWindow(settings, store, username=args.user or "", first_page=args.page or "")
    window.resize(1500, 920)
    window.show()
    return app.exec()
