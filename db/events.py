"""Typed events: the append-only outbox every station follows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, Callable


class EventKind(str, Enum):
    ticket_issued = "ticket_issued"
    ticket_called = "ticket_called"
    ticket_recalled = "ticket_recalled"
    ticket_serving_started = "ticket_serving_started"
    ticket_finished = "ticket_finished"
    ticket_no_show = "ticket_no_show"
    ticket_reactivated = "ticket_reactivated"
    ticket_parked = "ticket_parked"
    ticket_resumed = "ticket_resumed"
    ticket_transferred = "ticket_transferred"
    ticket_cancelled = "ticket_cancelled"
    ticket_reprinted = "ticket_reprinted"
    ticket_print_failed = "ticket_print_failed"
    tickets_expired = "tickets_expired"
    counter_opened = "counter_opened"
    counter_closed = "counter_closed"
    rating_recorded = "rating_recorded"
    dossier_received = "dossier_received"
    dossier_refused = "dossier_refused"
    dossier_supplement_requested = "dossier_supplement_requested"
    dossier_supplement_received = "dossier_supplement_received"
    dossier_handed_over = "dossier_handed_over"
    dossier_resolved = "dossier_resolved"
    dossier_returned = "dossier_returned"
    dossier_apology_issued = "dossier_apology_issued"
    catalog_changed = "catalog_changed"
    office_changed = "office_changed"
    notices_changed = "notices_changed"
    media_changed = "media_changed"
    printer_status_changed = "printer_status_changed"
    calendar_changed = "calendar_changed"
    station_settings_changed = "station_settings_changed"
    ticket_released = "ticket_released"


class Topic(str, Enum):
    """What a change is about: a screen part says which topics refresh it."""

    queue = "queue"  # tickets, counters opened/closed, ratings
    dossiers = "dossiers"
    catalog = "catalog"  # procedures, fields, counters' set-up
    office = "office"  # the office record, opening hours, working calendar
    content = "content"  # the display's notices and videos
    devices = "devices"  # printers' state, stations' device settings


_K = EventKind
TOPIC_OF: dict[EventKind, Topic] = {
    **{k: Topic.queue for k in (
        _K.ticket_issued, _K.ticket_called, _K.ticket_recalled, _K.ticket_serving_started, _K.ticket_finished,
        _K.ticket_no_show, _K.ticket_reactivated, _K.ticket_parked, _K.ticket_resumed, _K.ticket_transferred,
        _K.ticket_cancelled, _K.ticket_reprinted, _K.ticket_print_failed, _K.tickets_expired, _K.ticket_released,
        _K.counter_opened, _K.counter_closed, _K.rating_recorded)},
    **{k: Topic.dossiers for k in (
        _K.dossier_received, _K.dossier_refused, _K.dossier_supplement_requested, _K.dossier_supplement_received,
        _K.dossier_handed_over, _K.dossier_resolved, _K.dossier_returned, _K.dossier_apology_issued)},
    _K.catalog_changed: Topic.catalog,
    _K.office_changed: Topic.office, _K.calendar_changed: Topic.office,
    _K.notices_changed: Topic.content, _K.media_changed: Topic.content,
    _K.printer_status_changed: Topic.devices, _K.station_settings_changed: Topic.devices,
}

CALL_KINDS = frozenset({EventKind.ticket_called, EventKind.ticket_recalled})


def topic_of(kind: EventKind | str) -> Topic | None:
    """The topic of an event kind (None for a kind this version does not know: a newer station wrote it)."""
    try:
        return TOPIC_OF.get(EventKind(kind))
    except ValueError:
        return None


@dataclass(frozen=True)
class CallPayload:
    """What a call (or recall) event carries: enough for the wall to show and speak it at once."""

    code: str
    counter_number: int
    counter_name: str = ""
    service_id: int | None = None
    prefix: str = ""
    call_count: int = 1

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "counter_number": self.counter_number, "counter_name": self.counter_name,
                "service_id": self.service_id, "prefix": self.prefix, "call_count": self.call_count}

    @classmethod
    def from_dict(cls, payload: dict[str, Any]) -> "CallPayload | None":
        code, number = str(payload.get("code") or ""), payload.get("counter_number")
        if not code or number is None:
            return None
        return cls(code=code, counter_number=int(number), counter_name=str(payload.get("counter_name") or ""),
                   service_id=payload.get("service_id"), prefix=str(payload.get("prefix") or ""),
                   call_count=int(payload.get("call_count") or 1))


def ticket_payload(code: str, *, counter_number: int | None = None, service_id: int | None = None) -> dict[str, Any]:
    """The payload of any other ticket event: its code, the counter and the field (what listeners read)."""
    return ticket_step_payload(code=code, counter_number=counter_number, service_id=service_id)


def _kept(**values: Any) -> dict[str, Any]:
    """The payload: the values given (a value left at None is not written)."""
    return {k: v for k, v in values.items() if v is not None}


# -- one payload builder per kind: the only place an event's payload is shaped (Context.event calls it) ----------
def issued_payload(*, code: str, service_id: int | None = None, prefix: str | None = None,
                   priority: str | None = None) -> dict[str, Any]:
    return _kept(code=code, service_id=service_id, prefix=prefix, priority=priority)


def call_payload(*, code: str, counter_number: int | None = None, counter_name: str | None = None,
                 service_id: int | None = None, prefix: str | None = None, call_count: int | None = None,
                 note: str | None = None) -> dict[str, Any]:
    """A call or recall (see `CallPayload`); `note` marks a test's or a tool's own event."""
    return _kept(code=code, counter_number=counter_number, counter_name=counter_name, service_id=service_id,
                 prefix=prefix, call_count=call_count, note=note)


def ticket_step_payload(*, code: str, counter_number: int | None = None, service_id: int | None = None,
                        reason: str | None = None) -> dict[str, Any]:
    """A ticket's other steps (served, finished, absent, parked, resumed, back in line, reprinted, cancelled…)."""
    return _kept(code=code, counter_number=counter_number, service_id=service_id, reason=reason)


def transfer_payload(*, code: str, service_id: int | None = None, prefix: str | None = None,
                     counter_number: int | None = None, to_counter_number: int | None = None) -> dict[str, Any]:
    return _kept(code=code, service_id=service_id, prefix=prefix, counter_number=counter_number,
                 to_counter_number=to_counter_number)


def expired_payload(*, count: int, before: str) -> dict[str, Any]:
    return {"count": count, "before": before}


def counter_payload(*, counter_number: int, clerk: str | None = None) -> dict[str, Any]:
    return _kept(counter_number=counter_number, clerk=clerk)


def rating_payload(*, code: str, score: int, counter_number: int | None = None) -> dict[str, Any]:
    return _kept(code=code, score=score, counter_number=counter_number)


def dossier_payload(*, code: str, due_at: str | None = None, status: str | None = None) -> dict[str, Any]:
    return _kept(code=code, due_at=due_at, status=status)


def catalog_payload(*, service_id: int | None = None, procedure_id: int | None = None,
                    imported: int | None = None) -> dict[str, Any]:
    return _kept(service_id=service_id, procedure_id=procedure_id, imported=imported)


def office_payload(*, name: str | None = None, key: str | None = None, fields: list[str] | None = None) -> dict[str, Any]:
    return _kept(name=name, key=key, fields=fields)


def notices_payload(*, notice_id: int | None = None, note: str | None = None) -> dict[str, Any]:
    return _kept(notice_id=notice_id, note=note)


def media_payload(*, media_id: int | None = None, order: list[int] | None = None) -> dict[str, Any]:
    return _kept(media_id=media_id, order=order)


def printer_payload(*, station: str, status: str) -> dict[str, Any]:
    return {"station": station, "status": status}


def calendar_payload(*, day: str | None = None, official_years: list[int] | None = None) -> dict[str, Any]:
    return _kept(day=day, official_years=official_years)


def station_payload(*, station: str) -> dict[str, Any]:
    return {"station": station}


PAYLOADS: dict[EventKind, Callable[..., dict[str, Any]]] = {
    _K.ticket_issued: issued_payload,
    _K.ticket_called: call_payload, _K.ticket_recalled: call_payload,
    **{k: ticket_step_payload for k in (
        _K.ticket_serving_started, _K.ticket_finished, _K.ticket_no_show, _K.ticket_reactivated, _K.ticket_parked,
        _K.ticket_resumed, _K.ticket_cancelled, _K.ticket_reprinted, _K.ticket_print_failed, _K.ticket_released)},
    _K.ticket_transferred: transfer_payload,
    _K.tickets_expired: expired_payload,
    _K.counter_opened: counter_payload, _K.counter_closed: counter_payload,
    _K.rating_recorded: rating_payload,
    **{k: dossier_payload for k in (
        _K.dossier_received, _K.dossier_refused, _K.dossier_supplement_requested, _K.dossier_supplement_received,
        _K.dossier_handed_over, _K.dossier_resolved, _K.dossier_returned, _K.dossier_apology_issued)},
    _K.catalog_changed: catalog_payload,
    _K.office_changed: office_payload,
    _K.notices_changed: notices_payload,
    _K.media_changed: media_payload,
    _K.printer_status_changed: printer_payload,
    _K.calendar_changed: calendar_payload,
    _K.station_settings_changed: station_payload,
}


def build_payload(kind: EventKind, **values: Any) -> dict[str, Any]:
    """The payload of a `kind` event, built by that kind's builder: an unknown or missing field is a
    TypeError (a programming error), never a payload a listener cannot read."""
    return PAYLOADS[kind](**values)


@dataclass(frozen=True)
class EventRecord:
    id: int
    kind: EventKind | str
    created_at: datetime
    ticket_id: int | None = None
    counter_id: int | None = None
    dossier_id: int | None = None
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def is_call(self) -> bool:
        return self.kind in CALL_KINDS

    @property
    def topic(self) -> Topic | None:
        return topic_of(self.kind)

    @property
    def call(self) -> CallPayload | None:
        """The call's typed payload (None for any other kind, or a call event without a code)."""
        return CallPayload.from_dict(self.payload) if self.is_call else None
