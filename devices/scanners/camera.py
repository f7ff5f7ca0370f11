"""A camera as a scanner: Code 128 and QR read from frames (OpenCV + pyzbar).

The same code seen again within `repeat_s` seconds counts once: a receipt held
in front of the lens is one scan, not thirty a second. The source is a device
index ("0") or a video file/URL, which is how the tests play a camera.
OpenCV is the optional `camera` extra, imported only here and only when used.
"""

from __future__ import annotations

import logging
import threading
import time

from core.i18n import tr
from devices.scanners.base import OnScan, ScannerUnavailable, deliver

log = logging.getLogger(__name__)


def camera_libraries():
    """(cv2, pyzbar.decode, ZBarSymbol), or a translated error naming what to install."""
    try:
        import cv2
    except ImportError as error:
        raise ScannerUnavailable(tr("Chưa cài OpenCV cho máy quét bằng camera (cài gói phụ camera)."),
                                 str(error)) from error
    try:
        from pyzbar.pyzbar import ZBarSymbol, decode
    except ImportError as error:  # the Python package, or the zbar library it loads
        raise ScannerUnavailable(tr("Chưa cài thư viện zbar để đọc mã vạch (libzbar0)."), str(error)) from error
    return cv2, decode, ZBarSymbol


def decode_frame(frame) -> list[str]:
    """Codes (Code 128, QR) visible in one BGR or grey frame, each once, top to bottom."""
    cv2, decode, symbol = camera_libraries()
    grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    found = decode(grey, symbols=[symbol.CODE128, symbol.QRCODE])
    found.sort(key=lambda f: (f.rect.top, f.rect.left))
    return list(dict.fromkeys(f.data.decode("utf-8", "replace") for f in found))


class CameraScanner:
    """Scans from a camera or a video file; a code seen within `repeat_s` seconds counts once."""

    def __init__(self, source: str | int = 0, repeat_s: float = 3.0, loop: bool = False, retry_s: float = 1.0):
        self.source = int(source) if str(source).strip().isdigit() else str(source)
        self.repeat_s, self.loop, self.retry_s = repeat_s, loop, retry_s
        self.finished = threading.Event()  # a video file was played to its end (or the scanner stopped)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen: dict[str, float] = {}

    @property
    def is_file(self) -> bool:
        return isinstance(self.source, str)

    def start(self, on_scan: OnScan) -> None:
        """Open the camera (a clear error if it cannot be) and read it on a thread."""
        self.stop()
        capture = self._open()
        if capture is None:
            raise ScannerUnavailable(tr("Không mở được camera {source}.", source=self.source))
        self._stop.clear()
        self.finished.clear()
        self._seen.clear()
        self._thread = threading.Thread(target=self._run, args=(capture, on_scan), name="camera", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop reading; the camera is released before this returns."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def _open(self):
        cv2, _, _ = camera_libraries()
        capture = cv2.VideoCapture(self.source)
        if capture.isOpened():
            return capture
        capture.release()
        return None

    def _run(self, capture, on_scan: OnScan) -> None:
        import cv2

        try:
            while not self._stop.is_set():
                ok, frame = capture.read() if capture is not None else (False, None)
                if ok:
                    # a file's own clock, so a recording replays the same way however fast we decode
                    now = capture.get(cv2.CAP_PROP_POS_MSEC) / 1000 if self.is_file else time.monotonic()
                    self._scan(frame, now, on_scan)
                elif self.is_file and capture is not None:
                    if not self.loop:
                        break
                    capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
                    self._seen.clear()
                else:  # the camera went away (unplugged): release it and try again until stopped
                    if capture is not None:
                        log.warning("camera %s lost", self.source)
                        capture.release()
                    self._stop.wait(self.retry_s)
                    capture = None if self._stop.is_set() else self._open()
        except Exception:  # noqa: BLE001 - a broken frame or driver must not leave a traceback in a thread
            log.exception("camera %s failed", self.source)
        finally:
            if capture is not None:
                capture.release()  # free for other programs as soon as we stop
            self.finished.set()

    def _scan(self, frame, now: float, on_scan: OnScan) -> None:
        for code in decode_frame(frame):
            last = self._seen.get(code)
            if last is None or not 0 <= now - last < self.repeat_s:
                deliver(on_scan, code)
            self._seen[code] = now
