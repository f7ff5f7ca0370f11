"""Keyboard-wedge scanners: most USB scanners type the code as keys and press Enter.

A scan is a burst of keys faster than anyone types (gaps ≤ `max_gap_ms`),
at least `min_length` long, ending in Enter or Tab. The apps feed every key
with its time; the detector says which keys to hold back (maybe a scan) and
hands back held keys as ordinary typing when the burst turns out human.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TERMINATORS = ("\r", "\n", "\t")


@dataclass
class WedgeResult:
    scan: str | None = None  # a complete scan
    release: str = ""  # held keys that were typing after all: deliver them as text
    swallow: bool = False  # hold this key back (it may belong to a scan)


@dataclass
class WedgeDetector:
    max_gap_ms: float = 35.0
    min_length: int = 4
    max_length: int = 512
    _held: list[str] = field(default_factory=list)
    _last_ms: float | None = None

    def feed(self, key: str, t_ms: float) -> WedgeResult:
        """One key press (a character, or "\\r"/"\\t" for Enter/Tab) at time `t_ms`."""
        release = ""
        if self._held and self._last_ms is not None and t_ms - self._last_ms > self.max_gap_ms:
            release = self._drain()  # the pause was human: what we held was typing
        if key in TERMINATORS:
            if len(self._held) >= self.min_length and not release:
                code = "".join(self._held)
                self._held.clear()
                self._last_ms = None
                return WedgeResult(scan=code, swallow=True)
            release += self._drain()
            return WedgeResult(release=release)
        if len(key) != 1 or len(self._held) >= self.max_length:
            return WedgeResult(release=release + self._drain())
        self._held.append(key)
        self._last_ms = t_ms
        return WedgeResult(release=release, swallow=True)

    def poll(self, now_ms: float) -> str:
        """Call on a timer: keys held longer than a scanner would take are released as typing."""
        if self._held and self._last_ms is not None and now_ms - self._last_ms > self.max_gap_ms:
            return self._drain()
        return ""

    def _drain(self) -> str:
        text = "".join(self._held)
        self._held.clear()
        return text
