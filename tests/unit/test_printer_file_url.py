"""A `file://` printer writes only to a printer's device file or inside the office's printer folder."""

from __future__ import annotations

import os

import pytest

from core.printer_url import PrinterUrlError, parse_printer_url
from core.settings import PrinterSettings
from core.stations import check_station_settings, StationSettingsError
from devices.printers import PrinterError, open_printer


@pytest.mark.parametrize("url", ["file:///dev/usb/lp0", "file:///dev/lp1", "file:///dev/ttyUSB0", "file:///dev/ttyS3"])
def test_a_printer_device_file_is_accepted(url):
    assert parse_printer_url(url).path == url.removeprefix("file://")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "file:///home/lan/.bashrc", "file:///dev/sda",
                                 "file:///dev/usb/../../etc/passwd", "file:///tmp/x"])
def test_any_other_file_is_refused_with_a_sentence(url):
    with pytest.raises(PrinterUrlError, match="chỉ được ghi vào thiết bị máy in"):
        parse_printer_url(url)


def test_a_file_inside_the_printer_folder_is_accepted_and_one_outside_refused(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    assert parse_printer_url(f"file://{folder}/ve.bin", str(folder)).path == str(folder / "ve.bin")
    for outside in (tmp_path / "ve.bin", folder / ".." / "ve.bin", folder):
        with pytest.raises(PrinterUrlError, match="printer_folder"):
            parse_printer_url(f"file://{outside}", str(folder))
    with pytest.raises(PrinterUrlError):  # a folder of "/" would allow everything: it is no folder
        parse_printer_url("file:///etc/passwd", "/")


def test_a_symlink_leaving_the_folder_is_refused_and_the_target_left_alone(tmp_path):
    folder, secret = tmp_path / "in", tmp_path / "secret.txt"
    folder.mkdir()
    secret.write_text("giữ nguyên")
    (folder / "lp0").symlink_to(secret)
    (folder / "dev").symlink_to("/dev/usb/lp0")
    with pytest.raises(PrinterUrlError, match="printer_folder"):
        parse_printer_url(f"file://{folder}/lp0", str(folder))
    with pytest.raises(PrinterError, match="printer_folder"):  # what a station says at start
        open_printer(PrinterSettings(url=f"file://{folder}/lp0", folder=str(folder)))
    assert secret.read_text() == "giữ nguyên"
    # a link to a printer's device is the device itself (/dev/serial/by-id/… → /dev/ttyUSB0)
    assert parse_printer_url(f"file://{folder}/dev", str(folder)).path == "/dev/usb/lp0"


def test_a_symlink_put_in_place_after_the_check_is_not_followed(tmp_path):
    folder, secret = tmp_path / "in", tmp_path / "secret.txt"
    folder.mkdir()
    secret.write_text("giữ nguyên")
    printer = open_printer(PrinterSettings(url=f"file://{folder}/ve.bin", folder=str(folder)))
    (folder / "ve.bin").symlink_to(secret)
    with pytest.raises(PrinterError):
        printer.print_guide("Hướng dẫn", ["một dòng"])
    assert secret.read_text() == "giữ nguyên"
    os.unlink(folder / "ve.bin")
    printer.print_guide("Hướng dẫn", ["một dòng"])
    assert (folder / "ve.bin").stat().st_size > 0


def test_the_station_settings_check_refuses_a_file_outside_the_folder():
    with pytest.raises(StationSettingsError, match="file:// chỉ được ghi"):
        check_station_settings({"url": "file:///etc/passwd"}, {})
