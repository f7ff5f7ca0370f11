"""Helpers for the scanner tests: collect scans from a reader thread and wait on them."""

from __future__ import annotations

import threading


class Collector:
    """An `on_scan` listener that records scans; `wait_for` blocks until a condition holds."""

    def __init__(self):
        self.scans = []
        self.changed = threading.Condition()

    def __call__(self, scan):
        with self.changed:
            self.scans.append(scan)
            self.changed.notify_all()

    def wait(self, count: int, timeout: float = 10.0) -> list:
        return self.wait_for(lambda scans: len(scans) >= count, timeout)

    def wait_for(self, condition, timeout: float = 10.0) -> list:
        with self.changed:
            assert self.changed.wait_for(lambda: condition(self.scans), timeout), self.scans
            return list(self.scans)


def receipt_frame(code: str, *, qr_text: str | None = None, size=(1280, 720)):
    """A 1280×720 BGR frame of a dossier receipt: a Code 128 of `code` and a QR (of `code` by default)."""
    import barcode
    import numpy as np
    import qrcode
    from barcode.writer import ImageWriter
    from PIL import Image, ImageDraw

    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    draw.text((60, 40), "UBND huyen Thot Not - Giay tiep nhan ho so", fill=0)
    bars = barcode.get("code128", code, writer=ImageWriter()).render(
        {"module_width": 0.3, "module_height": 12, "quiet_zone": 4, "dpi": 200, "write_text": True})
    page.paste(bars.convert("L"), (60, 120))
    qr = qrcode.make(qr_text if qr_text is not None else code, box_size=6, border=4).get_image().convert("L")
    page.paste(qr, (size[0] - qr.width - 60, size[1] - qr.height - 40))
    grey = np.array(page)
    return np.stack([grey] * 3, axis=-1)


def blank_frame(size=(1280, 720)):
    import numpy as np

    return np.full((size[1], size[0], 3), 235, np.uint8)
