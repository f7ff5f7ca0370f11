"""Checks of what a caller hands a store operation: a wrong type or size is an `InvalidInput`
with a sentence the user can read, never a driver's OverflowError or an AttributeError."""

from __future__ import annotations

from typing import Any

from core.i18n import tr
from db.errors import InvalidInput

INT32_MAX = 2**31 - 1  # counters, ids: INTEGER on PostgreSQL
INT64_MAX = 2**63 - 1


def text_arg(value: Any, what: str, *, max_len: int = 200, empty: bool = True) -> str:
    """`value` as a stripped string; `what` is the (already translated) name of the field."""
    if not isinstance(value, str):
        raise InvalidInput(tr("{what} phải là chữ, không phải {value!r}.", what=what, value=value))
    value = value.strip()
    if not value and not empty:
        raise InvalidInput(tr("Chưa nhập {what}.", what=what))
    if len(value) > max_len:
        raise InvalidInput(tr("{what} dài quá {limit} ký tự.", what=what, limit=max_len))
    return value


def int_arg(value: Any, what: str, *, low: int = 0, high: int = INT32_MAX) -> int:
    """`value` as a whole number within [low, high] (bool is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(tr("{what} phải là một số nguyên, không phải {value!r}.", what=what, value=value))
    if not low <= value <= high:
        raise InvalidInput(tr("{what} phải từ {low} đến {high}.", what=what, low=low, high=high))
    return value


def optional_text(value: Any, what: str, *, max_len: int = 200) -> str | None:
    return None if value is None else text_arg(value, what, max_len=max_len)
