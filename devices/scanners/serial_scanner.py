"""Serial (and USB-CDC) scanners: CR/LF-terminated codes read on a thread, reconnecting."""

from __future__ import annotations

import logging
import threading
import time

from devices.scanners.base import OnScan, deliver

log = logging.getLogger(__name__)
MAX_LINE = 4096


class SerialScanner:
    """Reads codes from `port`; when the port vanishes it retries until it is back."""

    def __init__(self, port: str, baudrate: int = 9600, retry_s: float = 0.5):
        self.port, self.baudrate, self.retry_s = port, baudrate, retry_s
        self.connected = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, on_scan: OnScan) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(on_scan,), name="serial-scanner", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(3)

    def _run(self, on_scan: OnScan) -> None:
        import serial

        while not self._stop.is_set():
            try:
                with serial.Serial(self.port, self.baudrate, timeout=0.2) as port:
                    self.connected.set()
                    log.info("scanner on %s", self.port)
                    self._read(port, on_scan)
            except (serial.SerialException, OSError) as error:
                if self.connected.is_set():
                    log.warning("scanner %s lost: %s", self.port, error)
                self.connected.clear()
                self._stop.wait(self.retry_s)

    def _read(self, port, on_scan: OnScan) -> None:
        buffer = bytearray()
        while not self._stop.is_set():
            chunk = port.read(256)
            if not chunk:
                continue
            for byte in chunk:
                if byte in (0x0D, 0x0A):
                    if buffer:
                        deliver(on_scan, bytes(buffer))
                        buffer.clear()
                elif len(buffer) < MAX_LINE:
                    buffer.append(byte)
                else:  # garbage without a line end: refuse it whole, keep reading
                    deliver(on_scan, bytes(buffer))
                    buffer.clear()


__all__ = ["SerialScanner", "time"]
