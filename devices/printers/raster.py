"""Vietnamese text as a 1-bit raster, drawn with the bundled font.

Clone printers have no Vietnamese code page (or print "?"), so any line with
diacritics is sent as an image; plain ASCII can stay native text.
"""

from __future__ import annotations

import textwrap
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from devices.fonts import font_path


@lru_cache(maxsize=32)
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold)), size)


def needs_raster(text: str) -> bool:
    """True when `text` cannot go to the printer as plain ASCII."""
    return not text.isascii()


def wrap(text: str, size: int, bold: bool, width: int) -> list[str]:
    """Break `text` into lines that fit `width` dots at `size`."""
    font = _font(size, bold)
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if font.getlength(trial) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    out = []
    for item in lines:  # a single word longer than the paper: cut it
        while font.getlength(item) > width and len(item) > 1:
            cut = max(1, int(len(item) * width / font.getlength(item)))
            out.append(item[:cut])
            item = item[cut:]
        out.append(item)
    return out or [""]


def text_image(text: str, size: int, *, bold: bool = False, width: int, align: str = "center") -> Image.Image:
    """`text`, wrapped to `width` dots, as a black-on-white 1-bit image exactly `width` wide."""
    font = _font(size, bold)
    lines = wrap(text, size, bold, width)
    ascent, descent = font.getmetrics()
    line_height = ascent + descent + max(2, size // 8)
    image = Image.new("1", (width, line_height * len(lines)), 1)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        length = font.getlength(line)
        x = {"left": 0, "right": width - length}.get(align, (width - length) / 2)
        draw.text((x, i * line_height), line, font=font, fill=0)
    return _trim(image)


def _trim(image: Image.Image) -> Image.Image:
    """Cut the blank margins (kept a multiple of 8 dots wide): fewer bytes on the wire.

    The printer centres the narrower image itself (ESC a 1 is sent before it).
    """
    inverted = Image.eval(image.convert("L"), lambda v: 255 - v)
    box = inverted.getbbox()
    if box is None:
        return image
    left, right = box[0] - box[0] % 8, min(image.width, box[2] + (-box[2]) % 8)
    top, bottom = max(0, box[1] - 2), min(image.height, box[3] + 2)
    return image.crop((left, top, right, bottom))


__all__ = ["needs_raster", "text_image", "wrap", "textwrap"]
