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


# Kinds that change what the queue looks like (waiting counts, counters' current ticket)
QUEUE_KINDS = frozenset(k for k in EventKind if k.value.startswith("ticket") or k.value.startswith("counter"))
CALL_KINDS = frozenset({EventKind.ticket_called, EventKind.ticket_recalled})


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
