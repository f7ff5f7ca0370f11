"""`motcua kiosk`: the ticket kiosk, windowed or full screen."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt

from core.i18n import tr
from core.stations import station_name, with_station_settings
from devices.printers import PrinterError, open_printer
from ui.screen_fit import show_on_screen
from ui.startup import run_app


def run(args, settings) -> int:
    station = station_name(args.station)

    def open_window(store):
        effective = with_station_settings(settings, store, station)  # the manager's printer for this PC
        if args.printer:
            effective.printer.url = args.printer
        try:
            printer = open_printer(effective.printer)
        except PrinterError as error:
            print(tr("Lỗi: {message}", message=str(error)), file=sys.stderr)
            printer = None
        from kiosk.qt_kiosk import QtKioskWindow

        window = QtKioskWindow(effective, store, printer, station=station)
        window.sig_ready.connect(lambda: print("motcua-kiosk ready", flush=True))
        return window

    def show(window) -> None:
        fullscreen = bool(args.fullscreen or settings.station.fullscreen)
        if fullscreen:
            window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        show_on_screen(window, fullscreen=fullscreen)  # scaled to the screen; portrait screens get their layout

    # the database server may boot after this PC: the start screen waits and retries
    return run_app(settings, "kiosk", open_window, show, title=tr("Máy lấy số tự động"), allow_quit=False)
