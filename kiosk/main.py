"""`motcua kiosk`: the ticket kiosk, windowed or full screen."""

from __future__ import annotations

import gc
import logging
import sys

from PySide6.QtCore import QObject, Qt, QTimer
from sqlalchemy.exc import OperationalError

from core.i18n import tr
from core.stations import station_name, with_station_settings
from db import Store
from devices.printers import PrinterError, open_printer
from ui.app import qt_app

log = logging.getLogger(__name__)


def collect_on_gui_thread(parent: QObject) -> QTimer:
    """Run Python's cycle collector only on the GUI thread, from a timer.

    Left automatic, a collection may start on a runner thread and free a widget caught
    in a reference cycle there, which crashes Qt; a kiosk runs unattended all day.
    """
    gc.disable()

    def collect() -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        generation = max((g for g in range(3) if counts[g] > thresholds[g]), default=None)
        if generation is not None:
            gc.collect(generation)
    timer = QTimer(parent, interval=500, timeout=collect)
    timer.start()
    return timer


def run(args, settings) -> int:
    app = qt_app(settings, "kiosk")
    collect_on_gui_thread(app)
    station = station_name(args.station)
    try:
        store = Store.open(settings.db_url)
    except OperationalError as error:
        # the database server may boot after this PC: start anyway; the window shows
        # "Tạm ngưng phục vụ" and retries until the store answers
        log.warning("store unreachable at start: %s", error)
        store = Store.open(settings.db_url, migrate=False)
    settings = with_station_settings(settings, store, station)  # the manager's printer for this PC
    if args.printer:
        settings.printer.url = args.printer
    try:
        printer = open_printer(settings.printer)
    except PrinterError as error:
        print(tr("Lỗi: {message}", message=str(error)), file=sys.stderr)
        printer = None
    from kiosk.qt_kiosk import QtKioskWindow

    window = QtKioskWindow(settings, store, printer, station=station)
    window.sig_ready.connect(lambda: print("motcua-kiosk ready", flush=True))
    if args.fullscreen or settings.station.fullscreen:
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        window.showFullScreen()
    else:
        window.resize(1920, 1080)
        window.show()
    return app.exec()
