"""A full disk under a running kiosk: it says so, stops issuing while it lasts, and comes back by itself."""

from __future__ import annotations

import shutil
from pathlib import Path

from db import Store
from disk_tools import cap_file_size, fill, tiny_disk, uncap
from kiosk_tools import make_kiosk, tap  # noqa: F401 - a fixture


def test_a_full_disk_stops_the_kiosk_with_what_to_do_and_it_recovers_by_itself(make_kiosk, qtbot, tmp_path,
                                                                                 make_database, clock):
    demo = Path(make_database(tmp_path, "demo", "sqlite").removeprefix("sqlite:///"))
    with tiny_disk(tmp_path / "disk") as mounted:
        path = tmp_path / "disk" / "motcua.sqlite3"
        shutil.copyfile(demo, path)
        store = Store.open(f"sqlite:///{path}", clock=clock)
        window = make_kiosk(store=store, start_bridge=False)
        tap(qtbot, window.home.tiles["A"])
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.ticket_page, timeout=10000)
        window.go_home()
        if mounted:
            filler = fill(path.parent)
        else:
            cap_file_size(store)
        qtbot.wait(500)  # past the kiosk's double-tap guard after going home
        tap(qtbot, window.home.tiles["A"])
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.unavailable_page, timeout=10000)
        page = window.unavailable_page
        assert page.title.text() == "Tạm ngưng cấp số"
        assert "Ổ đĩa chứa cơ sở dữ liệu đã đầy" in page.body.text() and "xóa bớt tệp" in page.body.text()
        qtbot.wait(4000)  # a retry or more: still full, still stopped
        assert window.stack.currentWidget() is page
        if mounted:
            filler.unlink()
        else:
            uncap(store)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home, timeout=20000)
        qtbot.wait(500)  # past the kiosk's double-tap guard after going home
        tap(qtbot, window.home.tiles["A"])
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.ticket_page, timeout=10000)
        assert window.ticket_page.code.text() == "A002"  # the failed touch issued nothing
        window.close()
        store.close()
