"""Stations of an office server, on screen: the kiosk window issues and prints through the server; a PC
whose clock is off by more than a minute shows the warning in red on top of its window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QLabel

from clock_tools import running_clock
from core.clock import system_now
from core.settings import Settings
from db import Store
from db.remote import RemoteStore
from devices.printers import open_printer
from kiosk.qt_kiosk import QtKioskWindow
from server_tools import OfficeServer
from ui.startup import StartupGate

from kiosk_tools import tap  # noqa: E402



def station_settings(config) -> Settings:
    return Settings(server=f"{config.parent}", credential=str(config.parent / "station.json"))


def test_the_kiosk_window_issues_and_prints_through_the_server(qtbot, office, tmp_path, fake_printer):
    config = office.enrol("kiosk", "Kiosk sảnh", tmp_path / "kiosk")
    store = RemoteStore.open(config.parent / "station.json")
    settings = Settings(db_url=store.url, server=store.url, credential=str(config.parent / "station.json"))
    settings.printer.url, settings.printer.timeout_s = fake_printer.url, 2
    window = QtKioskWindow(settings, store, open_printer(settings.printer))
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitUntil(lambda: window.ready and bool(window.home.tiles), timeout=30000)
    tap(qtbot, window.home.tiles["C"])
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.ticket_page, timeout=30000)
    code = window.ticket_page.code.text()
    assert code.startswith("C") and len(fake_printer.wait_jobs(1)) == 1
    direct = Store.open(office.db_url, clock=running_clock, migrate=False)  # what the server wrote
    try:
        qtbot.waitUntil(lambda: direct.queue.ticket(code).print_status == "printed", timeout=30000)
    finally:
        direct.close()
    window.close()
    store.close()


@pytest.mark.parametrize("off", [timedelta(days=1, minutes=10), timedelta(0)])
def test_a_station_shows_a_red_warning_when_its_clock_is_off_by_more_than_a_minute(qtbot, tmp_path,
                                                                                  make_database, off):
    # the server's clock is set from this PC's own (read once): the station is then exactly `off` behind it
    server = OfficeServer.start(tmp_path / "server", make_database(tmp_path, "demo", "sqlite"), at=system_now() + off)
    try:
        config = server.enrol("counter", "Quầy lệch giờ", tmp_path / "counter")
        settings = Settings(server=server.url, credential=str(config.parent / "station.json"))

        def open_window(store):
            label = QLabel(store.office().name)
            label.resize(1366, 768)
            qtbot.addWidget(label)
            return label

        gate = StartupGate(settings, open_window, lambda w: w.show(), title="test", retry_ms=200)
        qtbot.addWidget(gate.screen)
        gate.try_open()
        qtbot.waitUntil(lambda: gate.window is not None and gate.window.isVisible(), timeout=30000)
        warning = gate.clock_warning
        assert warning is not None
        if off:
            qtbot.waitUntil(warning.isVisible, timeout=30000)
            assert "chậm 1 ngày 10 phút so với máy chủ" in warning.text() and warning.width() == 1366
        else:
            assert not warning.isVisible() and warning.text() == ""
        assert settings.db_url == server.url  # the app's events follow the server's push stream
        gate.file_check.stop()
        gate.store.close()
    finally:
        server.stop()
