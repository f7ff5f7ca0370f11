"""The scanner factory: the configured kind, or a clear translated reason why not."""

from __future__ import annotations

import pytest

from core.i18n import set_language
from core.settings import ScannerSettings
from devices.scanners import CameraScanner, ScannerUnavailable, SerialScanner, open_scanner, serial_port


def test_a_wedge_or_no_scanner_has_nothing_to_open():
    assert open_scanner(ScannerSettings(kind="wedge")) is None
    assert open_scanner(ScannerSettings(kind="none")) is None


@pytest.mark.parametrize("url, expected", [
    ("/dev/ttyACM0", ("/dev/ttyACM0", 9600)),
    ("COM3", ("COM3", 9600)),
    ("serial:///dev/ttyUSB0?baudrate=115200", ("/dev/ttyUSB0", 115200)),
    ("serial://COM4", ("COM4", 9600)),
])
def test_serial_port_names(url, expected):
    assert serial_port(url) == expected


def test_serial_and_camera_scanners_from_settings():
    serial = open_scanner(ScannerSettings(kind="serial", serial_url="/dev/ttyACM0", baudrate=19200))
    assert isinstance(serial, SerialScanner) and (serial.port, serial.baudrate) == ("/dev/ttyACM0", 19200)
    pytest.importorskip("cv2")
    camera = open_scanner(ScannerSettings(kind="camera", camera="1"), camera_repeat_s=2)
    assert isinstance(camera, CameraScanner) and (camera.source, camera.repeat_s) == (1, 2)


def test_a_serial_scanner_without_a_port_is_a_clear_error_in_either_language():
    with pytest.raises(ScannerUnavailable) as error:
        open_scanner(ScannerSettings(kind="serial"))
    assert str(error.value) == "Chưa khai báo cổng COM của máy quét (scanner.serial_url)."
    set_language("en")
    with pytest.raises(ScannerUnavailable) as error:
        open_scanner(ScannerSettings(kind="serial", serial_url="serial:///dev/x?baudrate=fast"))
    assert str(error.value) == "Invalid serial port speed: serial:///dev/x?baudrate=fast"
