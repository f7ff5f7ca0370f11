"""Keyboard-wedge scanners: most USB scanners type the code as keys and press Enter.

A scan is a burst of keys faster than anyone types (gaps ≤ `max_gap_ms`), at
least `min_length` long, ending in Enter or Tab. The Qt apps feed every key
press with its timestamp; the detector says which keys to hold back (they may
belong to a scan) and hands held keys back as ordinary typing once the burst
turns out to be human. Call `poll` on a short timer so a lone held key is not
kept waiting.

    detector = wedge_detector(settings.scanner, on_scan=sig_scan.emit)
    result = detector.feed(event.text(), event.timestamp())
    insert(result.release); return result.swallow   # True: eat this key
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable

from core.codes import Scan, ScanKind, classify_scan
from core.i18n import tr
from devices.scanners.base import OnScan, notify

log = logging.getLogger(__name__)

TERMINATORS = ("\r", "\n", "\t")


@dataclass(frozen=True)
class WedgeResult:
    """What to do with one key press."""

    scan: str | None = None  # the raw code of a completed scan
    classified: Scan | None = None  # that scan, validated: dossier, ticket or invalid
    release: str = ""  # held keys that were typing after all: insert them as text first
    swallow: bool = False  # do not pass this key on (it belongs, or may belong, to a scan)


def _is_control(key: str) -> bool:
    return ord(key) < 32 or ord(key) == 127


class WedgeDetector:
    """Tells a scanner's burst of keys from a person typing; pure Python, no Qt."""

    def __init__(self, max_gap_ms: float = 35.0, min_length: int = 4, max_length: int = 512,
                 on_scan: OnScan | None = None, clock: Callable[[], float] | None = None):
        self.max_gap_ms, self.min_length, self.max_length = max_gap_ms, min_length, max_length
        self.on_scan = on_scan
        self._clock = clock or (lambda: time.monotonic() * 1000)
        self._held: list[str] = []
        self._overflow = False
        self._last_ms = 0.0  # timestamp of the last held key, on the caller's clock
        self._last_arrival = 0.0  # when it arrived, on our clock (for `poll()` without a time)

    @property
    def holding(self) -> bool:
        """Keys are held back waiting to see whether they are a scan."""
        return bool(self._held) or self._overflow

    def feed(self, key: str, t_ms: float) -> WedgeResult:
        """One key press: its text ("\\r"/"\\n" for Enter, "\\t" for Tab) at time `t_ms` (ms)."""
        if not key:  # Shift and other modifiers: scanners press them too, they break nothing
            return WedgeResult()
        release = ""
        if self.holding and not 0 <= t_ms - self._last_ms <= self.max_gap_ms:
            release = self._drain()  # the pause was human: what we held was typing
        if key in TERMINATORS:
            if not release and (self._overflow or len(self._held) >= self.min_length):
                return self._complete()
            return WedgeResult(release=release + self._drain())
        if len(key) != 1 or (_is_control(key) and not self.holding):
            # Backspace, arrows, Escape… typed by a person go through untouched
            return WedgeResult(release=release + self._drain())
        if len(self._held) < self.max_length:
            self._held.append(key)
        else:
            self._overflow = True  # far longer than any code: garbage, refused at its end
        self._last_ms, self._last_arrival = t_ms, self._clock()
        return WedgeResult(release=release, swallow=True)

    def poll(self, now_ms: float | None = None) -> str:
        """Call on a timer: keys held longer than a scanner would take come back as typing.

        `now_ms` on the same clock as `feed`'s timestamps; omitted, the detector's own clock.
        """
        if not self.holding:
            return ""
        waited = (self._clock() - self._last_arrival) if now_ms is None else now_ms - self._last_ms
        return self._drain() if waited > self.max_gap_ms else ""

    def _complete(self) -> WedgeResult:
        code = "".join(self._held)
        if self._overflow:
            scan = Scan(ScanKind.INVALID, "", tr("Mã không hợp lệ"))
        else:
            scan = classify_scan(code)
        self._held.clear()
        self._overflow = False
        if self.on_scan is not None:
            notify(self.on_scan, scan)
        return WedgeResult(scan=code, classified=scan, swallow=True)

    def _drain(self) -> str:
        if self._overflow:
            log.warning("wedge: dropped a %d+ key burst without Enter", self.max_length)
            self._held.clear()
            self._overflow = False
            return ""
        text = "".join(self._held)
        self._held.clear()
        return text
