"""Barcode scanners: keyboard wedge (fed by the apps), serial, camera.

    scanner = open_scanner(settings.scanner)   # None for a wedge: the app feeds WedgeDetector
    scanner.start(on_scan)                     # on_scan(core.codes.Scan) from the reader's thread
"""

from __future__ import annotations

from core.settings import ScannerSettings
from devices.scanners.base import Scanner, ScannerError, ScannerUnavailable
from devices.scanners.camera import CameraScanner, decode_frame
from devices.scanners.serial_scanner import SerialScanner
from devices.scanners.wedge import WedgeDetector, WedgeResult


def open_scanner(settings: ScannerSettings) -> Scanner | None:
    """The scanner the settings name; None for a keyboard wedge or no scanner."""
    if settings.kind == "serial":
        if not settings.serial_url:
            raise ScannerUnavailable("serial", "scanner.serial_url is empty")
        port = settings.serial_url.removeprefix("serial://")
        return SerialScanner(port, settings.baudrate)
    if settings.kind == "camera":
        return CameraScanner(settings.camera)
    return None


def wedge_detector(settings: ScannerSettings) -> WedgeDetector:
    return WedgeDetector(settings.wedge_max_gap_ms, settings.wedge_min_length)


__all__ = [
    "Scanner", "ScannerError", "ScannerUnavailable", "CameraScanner", "SerialScanner", "WedgeDetector",
    "WedgeResult", "decode_frame", "open_scanner", "wedge_detector",
]
