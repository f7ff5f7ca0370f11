"""`motcua counter`: the counter station."""

from __future__ import annotations

import sys
from pathlib import Path

from core.i18n import tr
from core.settings import save_settings
from core.stations import station_name, with_station_settings
from counter.paperwork import Paperwork
from devices.printers import PrinterError, open_printer
from ui.screen_fit import show_on_screen
from ui.startup import run_app


def run(args, settings) -> int:
    if args.counter is not None:
        settings.station.counter_number = args.counter
    if args.user:
        settings.station.username = args.user
    if args.printer:
        settings.printer.url = args.printer

    def open_window(store):
        # this PC's devices as the manager set them (--printer still wins); `remember` saves only the local file
        effective = with_station_settings(settings, store, station_name(args.station))
        if args.printer:
            effective.printer.url = args.printer
        printer = None
        if not args.no_thermal:
            try:
                printer = open_printer(effective.printer)
            except PrinterError as error:
                print(tr("Lỗi: {message}", message=str(error)), file=sys.stderr)
        paperwork = Paperwork(Path(args.out_dir) if args.out_dir else effective.resolved_paper_dir(),
                              Path(args.forms_dir) if args.forms_dir else None)
        from counter.qt_counter import QtCounterWindow

        window = QtCounterWindow(effective, store, paperwork=paperwork, printer=printer,
                                 citizen_screen=args.citizen_screen)
        window.sig_logged_in.connect(remember)
        return window

    def remember(username: str, counter: int) -> None:
        if (settings.station.counter_number, settings.station.username) != (counter, username):
            settings.station.counter_number, settings.station.username = counter, username
            try:
                save_settings(settings)
            except OSError as error:
                print(tr("Lỗi: {message}", message=str(error)), file=sys.stderr)

    def show(window) -> None:
        show_on_screen(window, fullscreen=bool(args.fullscreen or settings.station.fullscreen))  # the screen's size

    return run_app(settings, "counter", open_window, show, title=tr("Quầy tiếp nhận"))
