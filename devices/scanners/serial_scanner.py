"""Serial (RS-232 and USB-CDC) scanners: CR/LF-terminated codes read on a thread.

The port may vanish (cable pulled, USB re-enumerated) and come back under the
same name: the reader keeps retrying until `stop`.
"""

from __future__ import annotations

import logging
import threading

from core.cccd import MAX_LENGTH as MAX_CCCD_LENGTH
from devices.scanners.base import OnScan, deliver

log = logging.getLogger(__name__)

LINE_ENDS = (0x0D, 0x0A)
# kept of a longer line: enough to refuse it once at its end (a căn cước QR is the longest scan, in UTF-8)
MAX_LINE = 3 * MAX_CCCD_LENGTH + 1


class SerialScanner:
    """Reads codes from `port` (/dev/ttyACM0, COM3…); reconnects while it is gone."""

    def __init__(self, port: str, baudrate: int = 9600, retry_s: float = 0.5):
        self.port, self.baudrate, self.retry_s = port, baudrate, retry_s
        self.connected = threading.Event()  # set while the port is open
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, on_scan: OnScan) -> None:
        self.stop()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(on_scan,), name="serial-scanner", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop reading and close the port; returns once the reader thread has ended."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def _run(self, on_scan: OnScan) -> None:
        import serial

        while not self._stop.is_set():
            try:
                with serial.Serial(self.port, self.baudrate, timeout=0.1) as port:
                    self.connected.set()
                    log.info("scanner on %s", self.port)
                    self._read(port, on_scan)
            except (serial.SerialException, OSError, ValueError) as error:
                if self.connected.is_set():
                    log.warning("scanner %s lost: %s", self.port, error)
            finally:
                self.connected.clear()
            self._stop.wait(self.retry_s)

    def _read(self, port, on_scan: OnScan) -> None:
        line = bytearray()
        while not self._stop.is_set():
            for byte in port.read(256):
                if byte in LINE_ENDS:
                    if line:  # an overlong line is refused once by classify_scan, whatever its length
                        deliver(on_scan, bytes(line))
                    line.clear()
                elif len(line) < MAX_LINE:
                    line.append(byte)
