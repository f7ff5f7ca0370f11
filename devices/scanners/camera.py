"""A camera as a scanner (OpenCV + pyzbar): Code 128 and QR from frames, repeats dropped."""

from __future__ import annotations

import logging
import threading
import time

from devices.scanners.base import OnScan, ScannerUnavailable, deliver

log = logging.getLogger(__name__)


def decode_frame(frame) -> list[str]:
    """Codes (Code 128, QR) visible in one BGR or grey frame."""
    import cv2
    from pyzbar.pyzbar import ZBarSymbol, decode

    grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    found = decode(grey, symbols=[ZBarSymbol.CODE128, ZBarSymbol.QRCODE])
    return [f.data.decode("utf-8", "replace") for f in found]


class CameraScanner:
    """Reads frames from a device index or a video file; the same code within `repeat_s` counts once."""

    def __init__(self, source: str | int = 0, repeat_s: float = 3.0, loop: bool = False):
        self.source = int(source) if str(source).isdigit() else source
        self.repeat_s, self.loop = repeat_s, loop
        self.finished = threading.Event()  # a video file played to its end
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen: dict[str, float] = {}

    def start(self, on_scan: OnScan) -> None:
        try:
            import cv2
        except ImportError as error:
            raise ScannerUnavailable("camera", "opencv is not installed (extra: camera)") from error
        capture = cv2.VideoCapture(self.source)
        if not capture.isOpened():
            capture.release()
            raise ScannerUnavailable(str(self.source))
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(capture, on_scan), name="camera", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(3)

    def _run(self, capture, on_scan: OnScan) -> None:
        try:
            while not self._stop.is_set():
                ok, frame = capture.read()
                if not ok:
                    if isinstance(self.source, str) and not self.loop:
                        break
                    time.sleep(0.05)
                    continue
                now = time.monotonic()
                for code in decode_frame(frame):
                    if now - self._seen.get(code, -1e9) >= self.repeat_s:
                        deliver(on_scan, code)
                    self._seen[code] = now
        finally:
            capture.release()  # the camera is free for others as soon as we stop
            self.finished.set()
