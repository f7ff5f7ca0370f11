"""Vietnamese text as a 1-bit raster, drawn with the bundled font.

Clone printers have no Vietnamese code page (or print "?"), so any line with
diacritics is sent as an image; plain ASCII can stay native text.
"""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFont

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
    lines, line = [], ""
    for word in text.split():
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


def text_image(text: str, size: int, *, bold: bool = False, width: int, align: str = "center",
               invert: bool = False) -> Image.Image:
    """`text` wrapped to `width` dots, as a 1-bit image (white on a black band when `invert`).

    A centred line keeps its blank left margin in the image, because clone
    printers ignore `ESC a` for raster images; only the blank right side and
    the empty rows are cut, which keeps the bytes down.
    """
    font = _font(size, bold)
    pad = 12 if invert else 0
    lines = wrap(text, size, bold, width - 2 * pad)
    ascent, descent = font.getmetrics()
    line_height = ascent + descent + max(2, size // 8)
    # capitals with two stacked marks (Ỗ Ẫ Ẵ Ễ) rise above the font's ascent: room for them, never clipped
    top = max([0] + [-font.getbbox(line)[1] for line in lines])
    bottom = max([0] + [font.getbbox(lines[-1])[3] - line_height])
    image = Image.new("1", (width, top + line_height * len(lines) + bottom), 1)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        length = font.getlength(line)
        x = {"left": pad, "right": width - length - pad}.get(align, (width - length) / 2)
        draw.text((x, top + i * line_height), line, font=font, fill=0)
    if invert:
        image = _band(image, pad)
    return _trim(image)


def _trim(image: Image.Image, rows: int = 2) -> Image.Image:
    """Cut the blank right side (to a multiple of 8 dots) and the blank rows but `rows`."""
    box = ImageChops.invert(image.convert("L")).getbbox()
    if box is None:
        return image
    right = min(image.width, box[2] + (-box[2]) % 8)
    top, bottom = max(0, box[1] - rows), min(image.height, box[3] + rows)
    return image.crop((0, top, right, bottom))


def _band(image: Image.Image, pad: int) -> Image.Image:
    """White text on a black band: the priority mark a clerk spots from across the room."""
    ink = ImageChops.invert(image.convert("L")).getbbox()
    if ink is None:
        return image
    box = (max(0, ink[0] - pad), max(0, ink[1] - 4), min(image.width, ink[2] + pad), min(image.height, ink[3] + 4))
    image = image.copy()
    image.paste(ImageChops.invert(image.crop(box).convert("L")).convert("1"), box[:2])
    return image


__all__ = ["needs_raster", "text_image", "wrap"]
