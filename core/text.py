"""Vietnamese text helpers: search that forgives missing diacritics."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, without diacritics, single-spaced: "Đăng ký khai sinh" → "dang ky khai sinh"."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


def matches(query: str, text: str) -> bool:
    """Every word of `query` appears in `text`, ignoring case and diacritics."""
    haystack = fold(text)
    return all(word in haystack for word in fold(query).split())
