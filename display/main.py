"""`motcua display`: the wall TV (full board) or the small screen above one counter (compact)."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt

from core.i18n import tr
from core.stations import station_name, with_station_settings
from db import Store
from display.runtime_guard import make_none_immortal
from ui.app import qt_app


def run(args, settings) -> int:
    make_none_immortal()  # before any Qt call: see display/runtime_guard.py
    app = qt_app(settings, "display")
    layout = args.layout or settings.station.display_layout
    counter = args.counter if args.counter is not None else settings.station.counter_number
    if layout == "compact" and counter is None:
        print(tr("Lỗi: {message}", message=tr("Bố cục thu gọn cần số quầy (--counter N).")), file=sys.stderr)
        return 2
    if args.videos:
        settings.station.video_dir = args.videos
    speak = False if args.mute else (True if args.speak else None)
    store = Store.open(settings.db_url)
    settings = with_station_settings(settings, store, station_name(args.station))
    from display.qt_display import QtDisplayWindow

    window = QtDisplayWindow(settings, store, layout=layout, counter=counter, speak=speak)
    window.sig_ready.connect(lambda: print("motcua-display ready", flush=True))
    if args.fullscreen or settings.station.fullscreen:
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        window.setCursor(Qt.CursorShape.BlankCursor)
        window.showFullScreen()
    else:
        window.resize(1920, 1080) if layout == "board" else window.resize(1280, 720)
        window.show()
    code = app.exec()
    window.shutdown()
    store.close()
    return code
