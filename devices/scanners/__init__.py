"""Barcode scanners: keyboard wedge (fed key by key by the apps), serial, camera.

    scanner = open_scanner(settings.scanner)    # None for a keyboard wedge or no scanner
    scanner.start(on_scan)                      # on_scan(core.codes.Scan), from the reader's thread
    scanner.stop()
    detector = wedge_detector(settings.scanner)  # the apps feed it key presses

Every result is validated by core.codes.classify_scan: a dossier code, a
ticket code, or an invalid scan with a message ("Mã không hợp lệ").
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from core.i18n import tr
from core.settings import ScannerSettings
from devices.scanners.base import OnScan, Scanner, ScannerError, ScannerUnavailable
from devices.scanners.camera import CameraScanner, camera_libraries, decode_frame
from devices.scanners.serial_scanner import SerialScanner
from devices.scanners.wedge import WedgeDetector, WedgeResult


def open_scanner(settings: ScannerSettings, *, camera_repeat_s: float = 3.0) -> Scanner | None:
    """The scanner the settings name, not yet started; None for a keyboard wedge or none.

    Raises ScannerUnavailable (a translated sentence) when it is not configured or its
    library is missing. A serial port that is merely unplugged is waited for, not refused.
    """
    if settings.kind == "serial":
        port, baudrate = serial_port(settings.serial_url, settings.baudrate)
        try:
            import serial  # noqa: F401
        except ImportError as error:
            raise ScannerUnavailable(tr("Chưa cài pyserial cho máy quét cổng COM."), str(error)) from error
        return SerialScanner(port, baudrate)
    if settings.kind == "camera":
        camera_libraries()
        return CameraScanner(settings.camera, repeat_s=camera_repeat_s)
    return None


def serial_port(url: str, baudrate: int = 9600) -> tuple[str, int]:
    """("/dev/ttyACM0", 9600) from "/dev/ttyACM0", "COM3" or "serial:///dev/ttyACM0?baudrate=9600"."""
    port = url.strip()
    if port.startswith("serial://"):
        parts = urlsplit(port)
        port = parts.netloc + parts.path
        try:
            baudrate = int(parse_qs(parts.query).get("baudrate", [baudrate])[0])
        except ValueError:
            raise ScannerUnavailable(tr("Tốc độ cổng COM không hợp lệ: {url}", url=url)) from None
    if not port:
        raise ScannerUnavailable(tr("Chưa khai báo cổng COM của máy quét (scanner.serial_url)."))
    return port, baudrate


def wedge_detector(settings: ScannerSettings, on_scan: OnScan | None = None) -> WedgeDetector:
    """A keyboard-wedge detector with the station's timings."""
    return WedgeDetector(settings.wedge_max_gap_ms, settings.wedge_min_length, on_scan=on_scan)


__all__ = [
    "start_scanner",
    "CameraScanner", "OnScan", "camera_libraries", "Scanner", "ScannerError", "ScannerUnavailable", "SerialScanner",
    "WedgeDetector", "WedgeResult", "decode_frame", "open_scanner", "serial_port", "wedge_detector",
]


def start_scanner(settings: ScannerSettings, on_scan) -> Scanner | None:
    """Open and start the serial or camera scanner the settings name; None for a wedge.

    A scanner that cannot be opened is logged, not raised: a station without its
    scanner still works by keyboard and typed codes.
    """
    import logging

    try:
        scanner = open_scanner(settings)
        if scanner is not None:
            scanner.start(on_scan)
        return scanner
    except ScannerError as error:
        logging.getLogger(__name__).warning("scanner: %s (%s)", error, error.detail)
        return None

