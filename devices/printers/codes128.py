"""Code 128 for the receipt: native `GS k` when it fits the paper, else a 1-bit image.

A dossier code like ``000.00.20.H10-200520-0001`` is ~290 modules; at 2 dots
per module, the least that scans on real paper, that is wider than 80 mm paper
(a printer silently drops a barcode wider than its print area), so such a code
is printed as a QR instead (devices/printers/layout.py); shorter codes are bars
of 2 or 3 dots, native or as raster.
"""

from __future__ import annotations

import re

from PIL import Image

QUIET = 10  # modules of white each side, as scanners need
MIN_MODULE = 2  # dots per module: 1 dot (0,125 mm) decodes from a perfect bitmap, not from real thermal paper
_DIGIT_RUN = re.compile(r"\d{4,}")


def native_payload(code: str) -> tuple[bytes, int]:
    """The `GS k 73` data for `code` (code set B, C for runs of 4+ digits) and its width in modules."""
    out, symbols, pos = bytearray(b"{B"), 0, 0
    for run in _DIGIT_RUN.finditer(code):
        start = run.start() + (len(run.group()) % 2)  # an odd run keeps its first digit in B
        out += code[pos:start].encode("ascii")
        symbols += start - pos
        out += b"{C" + bytes(int(code[i:i + 2]) for i in range(start, run.end(), 2))
        symbols += 1 + (run.end() - start) // 2
        pos = run.end()
        if pos < len(code):
            out += b"{B"
            symbols += 1
    out += code[pos:].encode("ascii")
    symbols += len(code) - pos
    return bytes(out), 11 * (symbols + 2) + 13  # start, data, check, stop


def native_command(code: str, module: int, height: int = 80) -> bytes:
    """Bar height, module width, no human-readable text (we print it ourselves), then `GS k`."""
    payload, _ = native_payload(code)
    return b"\x1dh" + bytes([height]) + b"\x1dw" + bytes([module]) + b"\x1dH\x00" + \
        b"\x1dk\x49" + bytes([len(payload)]) + payload


def raster_image(code: str, width_dots: int, height: int = 80, module: int | None = None) -> Image.Image:
    """`code` as Code 128 bars with the widest whole-dot module that fits `width_dots` (or `module`)."""
    import barcode

    modules = barcode.get("code128", code).build()[0]
    module = module or max(1, width_dots // (len(modules) + 2 * QUIET))
    width = (len(modules) + 2 * QUIET) * module
    image = Image.new("1", (width + (-width) % 8, height), 1)
    x = QUIET * module
    for bit in modules:
        if bit == "1":
            image.paste(0, (x, 0, x + module, height))
        x += module
    return image


def decode_native(payload: bytes) -> str:
    """The text a `GS k 73` payload encodes (the parser's view, for previews and tests)."""
    text, charset, i = [], "B", 0
    while i < len(payload):
        if payload[i] == 0x7B and i + 1 < len(payload) and payload[i + 1] in b"ABC":
            charset, i = chr(payload[i + 1]), i + 2
            continue
        text.append(f"{payload[i]:02d}" if charset == "C" else chr(payload[i]))
        i += 1
    return "".join(text)
