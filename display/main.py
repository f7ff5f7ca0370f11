"""`motcua display`: the wall TV (full board) or the small screen above one counter (compact)."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt

from core.i18n import tr
from core.stations import station_name, with_station_settings
from ui.screen_fit import show_on_screen
from ui.startup import run_app


def run(args, settings) -> int:
    layout = args.layout or settings.station.display_layout
    counter = args.counter if args.counter is not None else settings.station.counter_number
    if layout == "compact" and counter is None:
        print(tr("Lỗi: {message}", message=tr("Bố cục thu gọn cần số quầy (--counter N).")), file=sys.stderr)
        return 2
    if args.videos:
        settings.station.video_dir = args.videos
    speak = False if args.mute else (True if args.speak else None)

    def open_window(store):
        from display.qt_display import QtDisplayWindow

        effective = with_station_settings(settings, store, station_name(args.station))
        window = QtDisplayWindow(effective, store, layout=layout, counter=counter, speak=speak)
        window.sig_ready.connect(lambda: print("motcua-display ready", flush=True))
        return window

    def show(window) -> None:
        if args.fullscreen or settings.station.fullscreen:
            window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
            window.setCursor(Qt.CursorShape.BlankCursor)
        show_on_screen(window, fullscreen=bool(args.fullscreen or settings.station.fullscreen),
                       size=(1920, 1080) if layout == "board" else (1280, 720))

    return run_app(settings, "display", open_window, show, title=tr("Màn hình gọi số"), allow_quit=False)
