"""Typed events: the append-only outbox every station follows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any


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


def ticket_payload(code: str, *, counter_number: int | None = None, service_id: int | None = None,
                   **more: Any) -> dict[str, Any]:
    """The payload of any other ticket event: its code, the counter and the field (what listeners read)."""
    payload: dict[str, Any] = {"code": code}
    if counter_number is not None:
        payload["counter_number"] = counter_number
    if service_id is not None:
        payload["service_id"] = service_id
    return payload | more


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
