"""What every scanner shares: the protocol, typed errors, validated delivery."""

from __future__ import annotations

import logging
from typing import Callable, Protocol

from core.codes import Scan, classify_scan
from devices.errors import DeviceError

log = logging.getLogger(__name__)

OnScan = Callable[[Scan], None]


class ScannerError(DeviceError):
    """A scanner failed; `message` is a translated sentence for the clerk."""


class ScannerUnavailable(ScannerError):
    """The configured scanner (or the library it needs) is not there."""


class Scanner(Protocol):
    """A source of scans (máy quét mã vạch); `start` calls `on_scan` from its own thread."""

    def start(self, on_scan: OnScan) -> None: ...

    def stop(self) -> None: ...


def deliver(on_scan: OnScan, raw: object) -> Scan:
    """Validate `raw` with classify_scan and hand it on; nothing escapes a reader thread."""
    scan = classify_scan(raw)
    notify(on_scan, scan)
    return scan


def notify(on_scan: OnScan, scan: Scan) -> None:
    """Call the listener; its failure is logged, never raised into a device thread."""
    try:
        on_scan(scan)
    except Exception:  # noqa: BLE001 - a listener's failure must not kill the reader thread
        log.exception("scan listener failed")
