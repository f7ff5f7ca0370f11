"""What every scanner shares: a validated result, typed errors, the factory."""

from __future__ import annotations

from typing import Callable, Protocol

from core.codes import Scan, classify_scan
from core.i18n import tr
from devices.errors import DeviceError

OnScan = Callable[[Scan], None]


class ScannerError(DeviceError):
    pass


class ScannerUnavailable(ScannerError):
    def __init__(self, what: str, detail: str = ""):
        super().__init__(tr("Không mở được máy quét: {what}", what=what), detail)


class Scanner(Protocol):
    """A source of scans; `start` calls `on_scan` (from its own thread) for each code read."""

    def start(self, on_scan: OnScan) -> None: ...

    def stop(self) -> None: ...


def deliver(on_scan: OnScan, raw: object) -> Scan:
    """Validate `raw` and hand it on; never lets an exception out of a device thread."""
    scan = classify_scan(raw)
    try:
        on_scan(scan)
    except Exception:  # noqa: BLE001 - a listener's failure must not kill the reader thread
        import logging

        logging.getLogger(__name__).exception("scan listener failed")
    return scan
