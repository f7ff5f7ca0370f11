"""Camera decode time per 1280×720 frame (target ≤ 25 ms) and a call's WAV build time (target ≤ 50 ms).

    .venv/bin/python bench/bench_scanner_voice.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "integration" / "devices")]

from devices.audio import Announcer, VoicePack  # noqa: E402
from devices.scanners import decode_frame  # noqa: E402
from scanner_tools import blank_frame, receipt_frame  # noqa: E402  (the frames the camera tests play)

DOSSIER = "000.00.20.H10-200520-0001"


def median_ms(fn, n: int) -> float:
    fn()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def report(label: str, ms: float, target: float) -> None:
    print(f"{label:<52} median {ms:7.2f} ms   (target ≤ {target:g} ms: {'ok' if ms <= target else 'MISSED'})")


receipt, empty = receipt_frame(DOSSIER), blank_frame()
assert decode_frame(receipt) == [DOSSIER], "the benchmark frame must hold a readable code"
report("camera decode, 1280x720 receipt (Code 128 + QR)", median_ms(lambda: decode_frame(receipt), 50), 25)
report("camera decode, 1280x720 frame with no code", median_ms(lambda: decode_frame(empty), 50), 25)

announcer = Announcer(VoicePack())
announcer.announcement_for("A023", 3)  # clips are cached after the first call, as on the display
report("call WAV build, A023 to counter 12 (chime + 8 clips)",
       median_ms(lambda: announcer.announcement_for("A023", 12), 200), 50)
report("call WAV build, cold pack (clips read from disk)",
       median_ms(lambda: Announcer(VoicePack()).announcement_for("A023", 12), 50), 50)
