"""A station's stored device settings over its local file, and the checks the manager's form goes through."""

from __future__ import annotations

import socket

import pytest

from core.settings import Settings
from core.stations import (
    StationSettingsError, apply_station, check_station_settings, printer_url_problem, station_name,
    with_station_settings,
)
from devices.printers.backends import parse_target
from devices.printers.errors import PrinterConfigError


def _local() -> Settings:
    settings = Settings(db_url="sqlite://")
    settings.printer.url, settings.printer.paper_width_mm, settings.printer.footer = "file:///dev/usb/lp0", 80, "Cảm ơn"
    settings.scanner.kind, settings.scanner.baudrate = "wedge", 9600
    return settings


def test_stored_fields_win_and_the_others_stay_local():
    local = _local()
    stored = {"printer": {"url": "tcp://10.0.0.9:9100", "paper_width_mm": 58},
              "scanner": {"kind": "serial", "serial_url": "/dev/ttyACM0"}}
    merged = apply_station(local, stored)
    assert (merged.printer.url, merged.printer.paper_width_mm, merged.printer.footer) == (
        "tcp://10.0.0.9:9100", 58, "Cảm ơn")
    assert (merged.scanner.kind, merged.scanner.serial_url, merged.scanner.baudrate) == ("serial", "/dev/ttyACM0", 9600)
    assert local.printer.url == "file:///dev/usb/lp0"  # a copy: the local settings are untouched


def test_nothing_stored_changes_nothing():
    local = _local()
    assert apply_station(local, {}) == local
    assert apply_station(local, {"printer": {}, "scanner": {}}) == local


def test_a_store_that_cannot_answer_leaves_the_local_settings():
    class Down:
        def station_settings(self, name):
            raise ConnectionError("server closed the connection")

    assert with_station_settings(_local(), Down(), "kiosk") == _local()


def test_the_station_is_named_by_its_flag_else_by_the_pc():
    assert station_name("kiosk-sanh") == "kiosk-sanh"
    assert station_name(None) == station_name("  ") == socket.gethostname()


@pytest.mark.parametrize("url", [
    "", "tcp://192.168.1.50:9100", "tcp://printer", "serial:///dev/ttyUSB0?baudrate=115200", "usb://04b8:0e15",
    "file:///dev/usb/lp0", "win32://EPSON TM-T82", "preview:///tmp/tickets",
    "http://printer", "tcp://:9100", "usb://epson", "serial:///dev/ttyUSB0?baudrate=fast",
    "file://", "lp0", "tcp://host:abc", "tcp://host:99999", "tcp://[::1:9100", "tcp://[::1]:9100",
])
def test_the_url_check_agrees_with_the_printer_factory(url):
    """The admin app checks a URL without the devices package; both must say the same."""
    try:
        parse_target(url) if url else None
        opens = True
    except (PrinterConfigError, ValueError):
        opens = False
    assert (printer_url_problem(url) is None) == opens


def test_a_port_that_is_not_a_number_is_refused_before_the_station_tries_it():
    assert "sai dạng" in printer_url_problem("tcp://host:abc")


def test_an_unclosed_ipv6_bracket_is_a_sentence_with_an_example_not_a_traceback():
    assert printer_url_problem("tcp://[::1:9100") == (
        "Địa chỉ máy in tcp://[::1:9100 sai dạng, ví dụ đúng: tcp://192.168.1.50:9100")
    with pytest.raises(PrinterConfigError, match="sai dạng"):
        parse_target("tcp://[::1:9100")


def test_only_known_fields_with_valid_values_are_kept():
    assert check_station_settings({"paper_width_mm": 58, "text_mode": True}, {}) == (
        {"paper_width_mm": 58, "text_mode": True}, {})
    with pytest.raises(StationSettingsError, match="58 hoặc 80"):
        check_station_settings({"paper_width_mm": 76}, {})
    with pytest.raises(StationSettingsError, match="baudrate"):
        check_station_settings({}, {"baudrate": "nhanh"})
