"""Camera decode time per 1280×720 frame, and the time to build a call's WAV.

    .venv/bin/python bench/bench_scanner_voice.py
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from devices.audio import BUNDLED, Announcer, VoicePack  # noqa: E402
from devices.printers import ReceiptSlip, render_receipt  # noqa: E402
from devices.printers.escpos_parse import parse, render  # noqa: E402
from devices.scanners import decode_frame  # noqa: E402


def median_ms(fn, n: int) -> float:
    fn()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


receipt = render(parse(render_receipt(ReceiptSlip(
    office_name="UBND quận Thốt Nốt", dossier_code="000.00.20.H10-200520-0001", procedure_name="Đăng ký khai sinh",
    applicant_name="Nguyễn Văn An", received_at=datetime(2026, 11, 25, 9, 5), due_at=datetime(2026, 11, 26, 11, 30)))))
page = np.array(receipt.convert("L"))
frame = np.full((720, 1280, 3), 200, np.uint8)
h, w = min(page.shape[0], 720), page.shape[1]
frame[:h, 352:352 + w] = np.stack([page[:h]] * 3, axis=-1)
assert decode_frame(frame), "the benchmark frame must hold a readable code"
print(f"camera decode, 1280x720 frame with a receipt: median {median_ms(lambda: decode_frame(frame), 50):.1f} ms")
empty = np.full((720, 1280, 3), 200, np.uint8)
print(f"camera decode, 1280x720 frame with no code:   median {median_ms(lambda: decode_frame(empty), 50):.1f} ms")

announcer = Announcer(VoicePack([BUNDLED]))
announcer.announcement_for("A023", 3)  # clips cached after the first call, as on the display
print(f"call WAV build (chime + 8 clips): median {median_ms(lambda: announcer.announcement_for('A023', 12), 200):.2f} ms")
print(f"call WAV build, cold pack:        median "
      f"{median_ms(lambda: Announcer(VoicePack([BUNDLED])).announcement_for('A023', 12), 50):.2f} ms")
