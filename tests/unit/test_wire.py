"""The one codec between server and stations: store values come back equal, errors as the same class
with the same Vietnamese sentence, and a forged type is never imported."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest

from core.status import TicketStatus
from db.errors import DiskFull, InvalidInput, LoginFailed, NotFound, PermissionDenied, RangeExhausted, StoreError
from db.events import EventKind, EventRecord
from db.store.views import ClerkFigures, ServiceInfo, TicketInfo
from db.wire import WireError, decode, encode, error_from_wire, error_to_wire

AT = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)


def through(value):
    return decode(json.loads(json.dumps(encode(value))))


def test_store_values_cross_unchanged():
    ticket = TicketInfo(id=1, code="A001", number=1, day=date(2026, 11, 25), status=TicketStatus.waiting,
                        service_id=2, service_code="DD", service_name="Đất đai", prefix="A", priority=None,
                        issued_at=AT, ahead=3, wait_minutes=12)
    service = ServiceInfo(id=2, code="DD", name="Đất đai", name_en="Land", prefix="A", number_start=1,
                          number_end=999, sla_minutes=20, active=True, closed_today=False, sort_order=0,
                          counters=(1, 2))
    figures = ClerkFigures(served=4, no_show=1, mean_service_minutes=7.5, ratings={3: 2, 1: 1})
    event = EventRecord(id=9, kind=EventKind.ticket_called, created_at=AT, payload={"code": "A001"})
    values = [ticket, [service], figures, event, Decimal("12.50"), time(8, 30), timedelta(minutes=5),
              {"$weird": 1, "a": (1, 2)}, {"$": "not a tag"}, frozenset({1, 2}), b"\x00\xff", None]
    assert [through(v) for v in values] == values
    assert through(ticket).status is TicketStatus.waiting and through(service).counters == (1, 2)


@pytest.mark.parametrize("forged", [
    {"$": "dc", "t": "os:system", "v": {}},
    {"$": "dc", "t": "subprocess:Popen", "v": {"args": "id"}},
    {"$": "enum", "t": "db.store.base:_office_info", "v": 1},
    {"$": "dc", "t": "db.errors:StoreError", "v": {}},
    {"$": "what", "v": 1},
])
def test_a_forged_type_is_refused_not_imported(forged):
    with pytest.raises(WireError):
        decode(forged)


@pytest.mark.parametrize("error", [LoginFailed(), PermissionDenied("users"), NotFound("Không có số A999."),
                                   InvalidInput("Tên quá dài."), RangeExhausted("A", 999), DiskFull("/data")])
def test_a_store_error_is_raised_again_as_the_same_class_with_the_same_sentence(error):
    status, body = error_to_wire(error)
    again = error_from_wire(json.loads(json.dumps(body)))
    assert type(again) is type(error) and str(again) == str(error) and isinstance(again, StoreError)
    assert status == {"LoginFailed": 401, "PermissionDenied": 403, "NotFound": 404, "InvalidInput": 422,
                      "RangeExhausted": 409, "DiskFull": 503}[type(error).__name__]
