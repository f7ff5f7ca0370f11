"""Read ESC/POS bytes back: what a printer would do with them.

Used by the `preview://` printer (a PNG of the ticket exactly as sent) and by
the tests, which play the printer on a loopback socket and check what came
out. Understands the commands motcua sends: text and its modes, `GS v 0`
raster, native QR (`GS ( k`), barcodes (`GS k`), feeds and the cut.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

from devices.fonts import font_path
from devices.printers import codes128

# commands followed by a fixed number of parameter bytes: prefix -> count
_FIXED = {
    b"\x1b@": 0, b"\x1ba": 1, b"\x1bE": 1, b"\x1bt": 1, b"\x1b!": 1, b"\x1b{": 1, b"\x1b-": 1, b"\x1bM": 1,
    b"\x1bG": 1, b"\x1bd": 1, b"\x1bJ": 1, b"\x1b2": 0, b"\x1b3": 1, b"\x1d!": 1, b"\x1db": 1, b"\x1dB": 1,
    b"\x1dh": 1, b"\x1dw": 1, b"\x1df": 1, b"\x1dH": 1, b"\x1dL": 2, b"\x1dW": 2, b"\x1d|": 1,
    b"\x10\x04": 1,
}


@dataclass
class Element:
    kind: str  # text | raster | qr | barcode | cut | feed
    value: object = None
    align: int = 0
    magnify: int = 1
    bold: bool = False
    extra: dict = field(default_factory=dict)


def parse(data: bytes) -> list[Element]:
    """Split a job into what it prints, in order."""
    out: list[Element] = []
    align, magnify, bold, codepage, module = 0, 1, False, 0, 3
    qr_data, qr_size, qr_level = b"", 3, "L"
    text = bytearray()
    i, n = 0, len(data)

    def flush_text():
        if text:
            # motcua only ever switches to CP1258 (text mode); page 0 is plain ASCII
            value = bytes(text).decode("cp1258" if codepage else "ascii", "replace")
            out.append(Element("text", unicodedata.normalize("NFC", value), align, magnify, bold))
            text.clear()

    while i < n:
        b = data[i]
        two = data[i:i + 2]
        if two == b"\x1dv" and data[i + 2:i + 3] == b"0":  # GS v 0 m xL xH yL yH
            flush_text()
            xb = data[i + 4] + 256 * data[i + 5]
            rows = data[i + 6] + 256 * data[i + 7]
            bitmap = data[i + 8:i + 8 + xb * rows]
            image = Image.frombytes("1", (xb * 8, rows), bitmap)
            out.append(Element("raster", Image.eval(image.convert("L"), lambda v: 255 - v).convert("1"), align))
            i += 8 + xb * rows
        elif two == b"\x1d(" and data[i + 2:i + 3] == b"k":  # GS ( k pL pH cn fn …
            length = data[i + 3] + 256 * data[i + 4]
            body = data[i + 5:i + 5 + length]
            cn, fn = body[0], body[1]
            if cn == 49 and fn == 67:
                qr_size = body[2]
            elif cn == 49 and fn == 69:
                qr_level = "LMQH"[(body[2] - 48) % 4]
            elif cn == 49 and fn == 80:
                qr_data = bytes(body[3:])
            elif cn == 49 and fn == 81:
                flush_text()
                out.append(Element("qr", qr_data.decode("utf-8", "replace"), align,
                                   extra={"size": qr_size, "level": qr_level}))
            i += 5 + length
        elif two == b"\x1dk":  # GS k m n d1…dn (m ≥ 65)
            flush_text()
            m, count = data[i + 2], data[i + 3]
            payload = data[i + 4:i + 4 + count]
            kind = {73: "CODE128", 69: "CODE39", 67: "EAN13"}.get(m, str(m))
            value = codes128.decode_native(payload) if kind == "CODE128" else payload.decode("ascii", "replace")
            out.append(Element("barcode", value, align, extra={"type": kind, "module": module}))
            i += 4 + count
        elif two == b"\x1dV":  # cut: GS V m, or feed-and-cut GS V 65/66 n
            flush_text()
            plain = data[i + 2] in (0, 1, 48, 49)
            out.append(Element("cut", extra={"feed": 0 if plain else data[i + 3]}))
            i += 3 if plain else 4
        elif b in (0x1B, 0x1D, 0x10):
            for prefix, count in _FIXED.items():
                if data.startswith(prefix, i):
                    param = data[i + len(prefix):i + len(prefix) + count]
                    if prefix == b"\x1ba":
                        flush_text()
                        align = param[0] % 48
                    elif prefix == b"\x1d!":
                        flush_text()
                        magnify = (param[0] >> 4) + 1
                    elif prefix == b"\x1bE":
                        bold = bool(param[0] & 1)
                    elif prefix == b"\x1bt":
                        flush_text()
                        codepage = param[0]
                    elif prefix == b"\x1dw":
                        module = param[0]
                    elif prefix == b"\x1b!":
                        flush_text()
                        magnify, bold = (2 if param[0] & 0x30 else 1), bool(param[0] & 0x08)
                    elif prefix == b"\x1bd":
                        flush_text()
                        out.append(Element("feed", param[0]))
                    elif prefix == b"\x1bJ":
                        flush_text()
                        out.append(Element("feed_dots", param[0]))
                    i += len(prefix) + count
                    break
            else:
                raise ValueError(f"unknown ESC/POS command at byte {i}: {data[i:i + 4]!r}")
        elif b == 0x0A:
            text.append(b)
            flush_text()
            i += 1
        else:
            text.append(b)
            i += 1
    flush_text()
    return out


def render(elements: list[Element], width: int = 576) -> Image.Image:
    """What the paper would look like (1-bit, `width` dots wide)."""
    import qrcode

    parts: list[tuple[Image.Image, int]] = []
    for e in elements:
        if e.kind == "raster":
            parts.append((e.value, e.align))
        elif e.kind == "text" and e.value.strip():
            size = 22 * e.magnify
            font = ImageFont.truetype(str(font_path(e.bold or e.magnify > 1)), size)
            line = e.value.rstrip("\n")
            image = Image.new("1", (min(width, int(font.getlength(line)) + 4), int(size * 1.35)), 1)
            ImageDraw.Draw(image).text((2, 0), line, font=font, fill=0)
            parts.append((image, e.align))
        elif e.kind == "qr":  # as the printer draws it: its module size and level, no border of its own
            levels = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
                      "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}
            qr = qrcode.QRCode(box_size=e.extra.get("size", 3), border=0,
                               error_correction=levels[e.extra.get("level", "L")])
            qr.add_data(e.value)
            parts.append((qr.make_image(fill_color="black", back_color="white").get_image().convert("1"), e.align))
        elif e.kind == "barcode" and e.extra.get("type") == "CODE128":
            parts.append((codes128.raster_image(e.value, width, module=e.extra["module"]), e.align))
        elif e.kind == "feed":  # ESC d n: n lines of the default spacing (1/6 inch, 34 dots)
            parts.append((Image.new("1", (width, 34 * max(e.value, 1)), 1), 0))
        elif e.kind == "feed_dots" and e.value:
            parts.append((Image.new("1", (width, e.value), 1), 0))
        elif e.kind == "cut":
            parts.append((Image.new("1", (width, 4 + e.extra.get("feed", 0)), 1), 0))
    height = sum(p.height for p, _ in parts) + 20
    page = Image.new("1", (width, max(height, 40)), 1)
    y = 10
    for image, align in parts:
        if image.width > width:
            image = image.resize((width, int(image.height * width / image.width)))
        x = {0: 0, 1: (width - image.width) // 2, 2: width - image.width}.get(align, 0)
        page.paste(image, (x, y))
        y += image.height
    return page


def paper_image(data: bytes, width: int = 576) -> Image.Image:
    """The paper a printer would produce from `data`."""
    return render(parse(data), width)
