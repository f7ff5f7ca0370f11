"""Every event kind has a topic (screens refresh by topic, never by the kind's spelling); call payloads
are built and read back in one place."""

from __future__ import annotations

from datetime import datetime

from db.events import TOPIC_OF, CallPayload, EventKind, EventRecord, Topic, topic_of


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
