"""Ticket and receipt rendering: time and bytes, 80 mm and 58 mm, with Vietnamese text.

    .venv/bin/python bench/bench_printer.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from datetime import datetime  # noqa: E402

from devices.printers import Paper, ReceiptSlip, TicketSlip, render_receipt, render_ticket  # noqa: E402

TICKET = TicketSlip(
    office_name="UBND quận Thốt Nốt", code="A023", service_name="Tư pháp - Hộ tịch",
    issued_at=datetime(2026, 11, 25, 9, 5), counters=("Quầy 3", "Quầy 4"),
    priority_label="Ưu tiên: Người cao tuổi", ahead=4, wait_minutes=12,
    footer="Cảm ơn quý công dân! Đường dây nóng: 0292 3851 205",
)
RECEIPT = ReceiptSlip(
    office_name="UBND quận Thốt Nốt", dossier_code="000.00.20.H10-200520-0001",
    procedure_name="Đăng ký khai sinh", applicant_name="Nguyễn Văn An",
    received_at=datetime(2026, 11, 25, 9, 5), due_at=datetime(2026, 11, 26, 11, 30),
    clerk_name="Nguyễn Thị Lan", collect_where="Quầy 3",
)


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
