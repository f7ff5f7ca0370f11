"""The one codec between the office server and its stations: store values ⇄ JSON.

Everything a store operation takes or returns crosses as JSON with a small tag for what JSON lacks:

    {"$": "dt", "v": "2026-11-30T08:00:00+07:00"}        datetime (aware), "d" date, "t" time, "td" timedelta
    {"$": "dec", "v": "12.50"}                            Decimal
    {"$": "enum", "t": "core.status:TicketStatus", "v": "waiting"}
    {"$": "dc", "t": "db.store.views:TicketInfo", "v": {...}}   a frozen view (dataclass)
    {"$": "tuple" | "set", "v": [...]}, {"$": "map", "v": [[k, v], ...]}, {"$": "bytes", "v": base64}

Only enums and dataclasses of motcua's own `core` and `db` packages are rebuilt (never an arbitrary import),
and a StoreError crosses as its class name and its translated message, so the station raises the same
class with the same Vietnamese sentence (`error_to_wire` / `error_from_wire`).
"""

from __future__ import annotations

import base64
import dataclasses
import importlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import Any

from core.i18n import tr
from db import errors
from db.errors import StoreError

_TRUSTED = ("core.", "db.")


class WireError(ValueError):
    """A value that cannot cross (an unknown type, a forged tag)."""


def encode(value: Any) -> Any:
    """`value` as plain JSON data."""
    if value is None or isinstance(value, (bool, int, float, str)):
        if isinstance(value, Enum):
            return _enum(value)
        return value
    if isinstance(value, Enum):
        return _enum(value)
    if isinstance(value, datetime):
        return {"$": "dt", "v": value.isoformat()}
    if isinstance(value, date):
        return {"$": "d", "v": value.isoformat()}
    if isinstance(value, time):
        return {"$": "t", "v": value.isoformat()}
    if isinstance(value, timedelta):
        return {"$": "td", "v": value.total_seconds()}
    if isinstance(value, Decimal):
        return {"$": "dec", "v": str(value)}
    if isinstance(value, (bytes, bytearray)):
        return {"$": "bytes", "v": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, PurePath):
        return {"$": "path", "v": str(value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return {"$": "dc", "t": _name(type(value)), "v": fields}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {"$": "tuple", "v": [encode(v) for v in value]}
    if isinstance(value, (set, frozenset)):
        return {"$": "set", "v": [encode(v) for v in value]}
    if isinstance(value, dict):
        if all(isinstance(k, str) and k != "$" for k in value):
            return {k: encode(v) for k, v in value.items()}
        return {"$": "map", "v": [[encode(k), encode(v)] for k, v in value.items()]}
    raise WireError(f"cannot send a {type(value).__name__}")


def decode(data: Any) -> Any:
    """The value `encode` made `data` from."""
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        return data
    tag = data.get("$")
    if tag is None:
        return {k: decode(v) for k, v in data.items()}
    v: Any = data.get("v")
    try:
        if tag == "dt":
            return datetime.fromisoformat(v)
        if tag == "d":
            return date.fromisoformat(v)
        if tag == "t":
            return time.fromisoformat(v)
        if tag == "td":
            return timedelta(seconds=float(v))
        if tag == "dec":
            return Decimal(v)
        if tag == "bytes":
            return base64.b64decode(v)
        if tag == "path":
            return str(v)
        if tag == "tuple":
            return tuple(decode(x) for x in v)
        if tag == "set":
            return frozenset(decode(x) for x in v)
        if tag == "map":
            return {decode(k): decode(x) for k, x in v}
        if tag == "enum":
            cls = _class(data.get("t"))
            if not (isinstance(cls, type) and issubclass(cls, Enum)):
                raise WireError("not an enum")
            return cls(v)
        if tag == "dc":
            cls = _class(data.get("t"))
            if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
                raise WireError("not a view")
            return cls(**{k: decode(x) for k, x in dict(v).items()})
    except WireError:
        raise
    except (TypeError, ValueError, AttributeError) as error:
        raise WireError(f"bad {tag} value: {error}") from None
    raise WireError(f"unknown tag {tag!r}")


def _enum(value: Enum) -> dict[str, Any]:
    return {"$": "enum", "t": _name(type(value)), "v": encode(value.value)}


def _name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _class(name: Any) -> Any:
    if not isinstance(name, str) or ":" not in name:
        raise WireError("no type")
    module, _, qualname = name.partition(":")
    if not module.startswith(_TRUSTED) or "_" == qualname[:1] or any(p.startswith("_") for p in qualname.split(".")):
        raise WireError(f"type {name} is not one of motcua's views")
    try:
        found: Any = importlib.import_module(module)
    except ImportError:
        raise WireError(f"unknown module {module}") from None
    for part in qualname.split("."):
        found = getattr(found, part, None)
    if found is None:
        raise WireError(f"unknown type {name}")
    return found


# -- errors --------------------------------------------------------------------------------------
STATUS = {
    "PermissionDenied": 403, "LoginFailed": 401, "NotFound": 404, "InvalidInput": 422, "InvalidState": 409,
    "RangeExhausted": 409, "ServiceClosed": 409, "Cancelled": 409,
}


def error_to_wire(error: StoreError) -> tuple[int, dict[str, Any]]:
    """(HTTP status, body) for a StoreError raised by an operation."""
    name = type(error).__name__
    extra = {k: v for k, v in vars(error).items() if k != "message" and isinstance(v, (str, int, float, bool))}
    status = STATUS.get(name, 503 if isinstance(error, errors.StoreUnavailable) else 400)
    return status, {"error": {"type": name, "bases": [c.__name__ for c in type(error).__mro__ if
                                                       issubclass(c, StoreError)],
                              "message": error.message, "attrs": extra}}


def error_from_wire(body: Any) -> StoreError:
    """The StoreError a station raises for an error body: the same class when this version knows it."""
    info = body.get("error") if isinstance(body, dict) else None
    if not isinstance(info, dict):
        return errors.StoreUnavailable("bad answer")
    cls: type[StoreError] = errors.StoreUnavailable
    for name in [info.get("type")] + list(info.get("bases") or []):
        found = _error_class(str(name))
        if found is not None:
            cls = found
            break
    error = cls.__new__(cls)
    StoreError.__init__(error, str(info.get("message") or tr("Không kết nối được cơ sở dữ liệu.")))
    for key, value in dict(info.get("attrs") or {}).items():
        setattr(error, str(key), value)
    return error


def _error_class(name: str) -> type[StoreError] | None:
    found = getattr(errors, name, None)
    return found if isinstance(found, type) and issubclass(found, StoreError) else None
