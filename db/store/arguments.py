"""Checks of what a caller hands a store operation: a wrong type or size is an `InvalidInput`
with a sentence the user can read, never a driver's OverflowError or an AttributeError."""

from __future__ import annotations

import functools
import inspect
import math
import os
from collections import abc
from datetime import date, datetime
from pathlib import Path
from types import UnionType
from typing import Any, Callable, Sequence, Union, get_args, get_origin, get_type_hints

from core.i18n import N_, tr
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


# -- every operation's arguments against its annotations --------------------------------------------------
# A service method declares what it takes (`counter: int`, `day: date | None`, `codes: list[str]`); the
# check below holds every call to it, so a wrong type from a caller or off the wire is one InvalidInput
# naming the argument, never an AttributeError or a driver's OverflowError half-way through. The operation's
# own checks (lengths, ranges, known codes) come after it, with their own sentences.

INT64_MIN = -(2**63)
MAX_TEXT = 1_000_000  # characters: no field of the office holds more (a calendar file, a legal basis)
Check = Callable[[Any], bool]
LABELS = {  # what the user calls an argument, in the sentence that refuses it (others: its own name)
    "phone": N_("Số điện thoại"), "pin": N_("Mã PIN"), "name": N_("Tên"), "full_name": N_("Họ tên"),
    "applicant_name": N_("Họ tên người nộp"), "username": N_("Tên đăng nhập"), "password": N_("Mật khẩu"),
    "new_password": N_("Mật khẩu mới"), "code": N_("Mã"), "service": N_("Lĩnh vực"), "counter": N_("Quầy"),
    "number": N_("Số"), "note": N_("Ghi chú"), "reason": N_("Lý do"), "address": N_("Địa chỉ"),
    "email": N_("Email"), "day": N_("Ngày"), "start": N_("Từ ngày"), "end": N_("Đến ngày"),
    "id_number": N_("Số căn cước"), "applicant_id_number": N_("Số căn cước"), "title": N_("Tiêu đề"),
    "text": N_("Nội dung"), "procedure": N_("Thủ tục"), "documents": N_("Thành phần hồ sơ"), "year": N_("Năm"),
    "received_at": N_("Thời điểm nhận"), "new_due_at": N_("Ngày hẹn trả mới"), "ticket_code": N_("Số phiếu"),
    "ticket_id": N_("Phiếu"), "path": N_("Tệp"), "priority": N_("Ưu tiên"), "prefix": N_("Chữ cái"),
}


def _base(hint: Any) -> Any:
    """`X` of `X | None`, else `hint`."""
    if get_origin(hint) in (Union, UnionType):
        others = [a for a in get_args(hint) if a is not type(None)]
        return others[0] if len(others) == 1 else hint
    return hint


def _check_for(hint: Any) -> Check | None:
    """A predicate for values of `hint` (None: anything goes, e.g. Any, a callback, a connection)."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is Any or hint is object:
        return None
    if origin in (Union, UnionType):
        checks = [_check_for(a) for a in args]
        if any(c is None for c in checks):
            return None
        return lambda v: any(c(v) for c in checks)  # type: ignore[misc]
    if hint is type(None):
        return lambda v: v is None
    if hint is str:
        return lambda v: isinstance(v, str) and len(v) <= MAX_TEXT
    if hint is bytes:
        return lambda v: isinstance(v, bytes)
    if hint is bool:
        return lambda v: isinstance(v, bool)
    if hint is int:
        return lambda v: isinstance(v, int) and not isinstance(v, bool) and INT64_MIN <= v <= INT64_MAX
    if hint is float:
        return lambda v: (isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                          and abs(v) < 2**53)
    if hint is datetime:
        return lambda v: isinstance(v, datetime)  # a naive one is office time (dossiers' receipt times)
    if hint is date:
        return lambda v: isinstance(v, date) and not isinstance(v, datetime)
    if hint is Path:
        return lambda v: isinstance(v, (str, os.PathLike)) and "\x00" not in str(v) and len(str(v)) <= 4096
    if hint is dict or origin is dict:
        key, value = (_check_for(args[0]), _check_for(args[1])) if args else (None, None)
        return lambda v: isinstance(v, dict) and all((key is None or key(k)) and (value is None or value(x))
                                                     for k, x in v.items())
    if hint in (list, tuple) or origin in (list, tuple, Sequence, abc.Sequence):
        item = _check_for(args[0]) if args else None
        return lambda v: isinstance(v, (list, tuple)) and all(item is None or item(x) for x in v)
    return None  # a class of our own or a callable: the operation knows what to do with it


class _Shown:
    """A refused value in a sentence: its repr, cut short."""

    def __init__(self, value: Any):
        self.value = value

    def __repr__(self) -> str:
        text = repr(self.value)
        return text if len(text) <= 40 else text[:37] + "…"


def _refusal(name: str, hint: Any, value: Any) -> InvalidInput:
    """The sentence refusing `value` for argument `name` declared as `hint`."""
    what = tr(LABELS[name]) if name in LABELS else f"“{name}”"
    kind, shown = _base(hint), _Shown(value)
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return InvalidInput(tr("{what} phải từ {low} đến {high}.", what=what, low=INT64_MIN, high=INT64_MAX))
    sentence = {str: N_("{what} phải là chữ, không phải {value!r}."),
                int: N_("{what} phải là một số nguyên, không phải {value!r}."),
                float: N_("{what} phải là một số, không phải {value!r}."),
                date: N_("{what} phải là một ngày, không phải {value!r}."),
                datetime: N_("{what} phải là ngày giờ, không phải {value!r}.")}.get(kind)
    if sentence is not None and not (kind is str and isinstance(value, str)):
        return InvalidInput(tr(sentence, what=what, value=shown))
    if kind in (list, tuple) or get_origin(kind) in (list, tuple, Sequence, abc.Sequence):
        return InvalidInput(tr("{what} phải là một danh sách.", what=what))
    return InvalidInput(tr("Giá trị không hợp lệ cho {what}: {value!r}; chưa ghi gì.", what=what, value=shown))


def checked_arguments(fn: Callable) -> Callable:
    """`fn` (a service method) with every argument held to its annotation on each call."""
    checks: list[tuple[str, Any, Check]] | None = None
    names: list[str] = []

    def prepare() -> list[tuple[str, Any, Check]]:
        nonlocal checks, names
        hints = get_type_hints(fn)
        params = [p for p in inspect.signature(fn).parameters.values() if p.name != "self"]
        names = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        found = [(p.name, hints[p.name], _check_for(hints[p.name])) for p in params
                 if p.name in hints and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        checks = [(name, hint, check) for name, hint, check in found if check is not None]
        return checks

    @functools.wraps(fn)
    def checked(self, *args, **kwargs):
        todo = checks if checks is not None else prepare()
        if todo:
            given = dict(zip(names, args))
            given.update(kwargs)
            for name, hint, check in todo:
                if name in given and not check(given[name]):
                    raise _refusal(name, hint, given[name])
        return fn(self, *args, **kwargs)

    return checked
