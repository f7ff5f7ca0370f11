"""`motcua admin`: the manager's app."""

from __future__ import annotations

import sys

from sqlalchemy.exc import OperationalError

from core.i18n import tr
from db import Store
from db.errors import StoreUnavailable
from ui.app import qt_app


def run(args, settings) -> int:
    try:  # before any window: a manager who cannot reach the store is told so in one line
        store = Store.open(settings.db_url)
    except (OperationalError, StoreUnavailable):
        print(tr("Lỗi: {message}", message=str(StoreUnavailable())), file=sys.stderr)
        return 1
    app = qt_app(settings, "admin")
    from admin.qt_admin import QtAdminWindow

    window = QtAdminWindow(settings, store, username=args.user or "", first_page=args.page or "")
    window.resize(1500, 920)
    window.show()
    return app.exec()
