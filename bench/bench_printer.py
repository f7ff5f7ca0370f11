"""Ticket and receipt rendering: time and bytes, 80 mm and 58 mm, with Vietnamese text.

Bytes are exactly what a printer receives (raster for diacritic lines, native
number, QR, Code 128 when it fits); "image" is the preview/kiosk picture.

    .venv/bin/python bench/bench_printer.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devices.printers import Paper, render_receipt, render_ticket, render_ticket_image  # noqa: E402
from devices.printers.samples import RECEIPT, TICKET  # noqa: E402


def measure(fn, *args, n: int = 200) -> tuple[float, int]:
    fn(*args)  # warm the font cache
    times, size = [], 0
    for _ in range(n):
        t0 = time.perf_counter()
        size = len(fn(*args))
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, size


for width in (80, 58):
    ms, size = measure(render_ticket, TICKET, Paper(width))
    print(f"ticket  {width} mm: median {ms:.1f} ms, {size:,} bytes "
          f"({size * 10 / 115200:.2f} s at 115200 baud)")
    ms, size = measure(render_receipt, RECEIPT, Paper(width))
    print(f"receipt {width} mm: median {ms:.1f} ms, {size:,} bytes")
    times = []
    for _ in range(50):
        t0 = time.perf_counter()
        render_ticket_image(TICKET, Paper(width))
        times.append(time.perf_counter() - t0)
    print(f"ticket  {width} mm image (preview/kiosk): median {statistics.median(times) * 1000:.1f} ms")
ms, size = measure(render_ticket, TICKET, Paper(80, "default", text_mode=True))
print(f"ticket  80 mm text mode (CP1258): median {ms:.1f} ms, {size:,} bytes")
