"""`motcua kiosk`: the ticket kiosk, windowed or full screen."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt

from core.i18n import tr
from db import Store
from devices.printers import PrinterError, open_printer
from ui.app import qt_app


def run(args, settings) -> int:
    app = qt_app(settings, "kiosk")
    if args.printer:
        settings.printer.url = args.printer
    store = Store.open(settings.db_url)
    try:
        printer = open_printer(settings.printer)
    except PrinterError as error:
        print(tr("Lỗi: {message}", message=str(error)), file=sys.stderr)
        printer = None
    from kiosk.qt_kiosk import QtKioskWindow

    window = QtKioskWindow(settings, store, printer, station=args.station)
    window.sig_ready.connect(lambda: print("motcua-kiosk ready", flush=True))
    if args.fullscreen or settings.station.fullscreen:
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        window.showFullScreen()
    else:
        window.resize(1920, 1080)
        window.show()
    return app.exec()
