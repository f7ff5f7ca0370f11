"""Checks of what a caller hands a store operation: a wrong type or size is an `InvalidInput`
with a sentence the user can read, never a driver's OverflowError or an AttributeError."""

from __future__ import annotations

from datetime import date, datetime
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


def number_arg(value: Any, what: str, *, low: float = 0, high: float = 10**6) -> float:
    """`value` as a number (whole or not) within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise InvalidInput(tr("{what} phải là một số, không phải {value!r}.", what=what, value=value))
    if not low <= value <= high:
        raise InvalidInput(tr("{what} phải từ {low} đến {high}.", what=what, low=low, high=high))
    return value


def date_arg(value: Any, what: str) -> date:
    """`value` as a calendar date (a datetime is not a date here)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidInput(tr("{what} phải là một ngày, không phải {value!r}.", what=what, value=value))
    return value


def optional_date(value: Any, what: str) -> date | None:
    return None if value is None else date_arg(value, what)


def moment_arg(value: Any, what: str) -> datetime:
    if not isinstance(value, datetime):
        raise InvalidInput(tr("{what} phải là ngày giờ, không phải {value!r}.", what=what, value=value))
    return value


def items_arg(value: Any, what: str, *, max_len: int = 300, max_items: int = 100) -> list[str]:
    """A list of short texts (the papers to bring, …): never one text read letter by letter."""
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or len(value) > max_items:
        raise InvalidInput(tr("{what} phải là một danh sách.", what=what))
    return [text_arg(v, what, max_len=max_len) for v in value]
