"""Every event kind has a topic (screens refresh by topic, never by the kind's spelling) and a payload
builder in db/events.py (the one place payloads are shaped); call payloads are built and read back there."""

from __future__ import annotations

from datetime import datetime

import pytest

from db.events import PAYLOADS, TOPIC_OF, CallPayload, EventKind, EventRecord, Topic, build_payload, topic_of


def test_every_kind_has_a_topic_and_a_newer_stations_kind_has_none():
    assert set(TOPIC_OF) == set(EventKind)
    assert topic_of("ticket_called") is Topic.queue and topic_of(EventKind.dossier_returned) is Topic.dossiers
    assert topic_of("something_from_a_newer_version") is None
    assert {TOPIC_OF[k] for k in (EventKind.notices_changed, EventKind.media_changed)} == {Topic.content}
    assert {TOPIC_OF[k] for k in (EventKind.printer_status_changed, EventKind.station_settings_changed)} == {
        Topic.devices}


def test_a_call_payload_round_trips_and_a_broken_one_is_no_call():
    call = CallPayload("B012", 3, "Quầy 3", 2, "B", 2)
    record = EventRecord(id=7, kind=EventKind.ticket_recalled, created_at=datetime(2026, 11, 25),
                         payload=call.as_dict())
    assert record.call == call and record.topic is Topic.queue
    assert EventRecord(id=8, kind=EventKind.ticket_called, created_at=datetime(2026, 11, 25),
                       payload={"code": "B012"}).call is None
    assert EventRecord(id=9, kind=EventKind.ticket_issued, created_at=datetime(2026, 11, 25),
                       payload=call.as_dict()).call is None


def test_every_kind_has_a_payload_builder_that_refuses_unknown_fields():
    assert set(PAYLOADS) == set(EventKind)
    assert build_payload(EventKind.ticket_issued, code="A001", service_id=1, prefix="A") == {
        "code": "A001", "service_id": 1, "prefix": "A"}
    call = CallPayload("B012", 3, "Quầy 3", 2, "B", 2)
    assert CallPayload.from_dict(build_payload(EventKind.ticket_recalled, **call.as_dict())) == call
    assert build_payload(EventKind.counter_closed, counter_number=2, clerk="Lan") == {"counter_number": 2,
                                                                                      "clerk": "Lan"}
    with pytest.raises(TypeError):
        build_payload(EventKind.dossier_received, code="X", colour="red")  # a field no listener knows
    with pytest.raises(TypeError):
        build_payload(EventKind.tickets_expired, count=3)  # a required field missing
