"""The manager's enrolment operations (join codes, stations enrolled, revoke) on SQLite and PostgreSQL:
the one implementation the admin page, the office server and `motcua station` share."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.joincode import parse_code
from db.errors import InvalidInput, NotFound, PermissionDenied, SessionEnded, StationRefused
from db.models import AuditLog, JoinCode
from db.store.enrolment import set_server_fingerprint
from server import stations

FINGERPRINT = hashlib.sha256(b"the office server's certificate").digest()


@pytest.fixture
def told(manager):
    set_server_fingerprint(manager.ctx, FINGERPRINT)
    return manager


def codes(store) -> int:
    with store.ctx.read() as s:
        return s.scalar(select(func.count()).select_from(JoinCode))


def test_a_code_carries_the_servers_fingerprint_and_expires(told, clock):
    info = told.setup.create_join_code("kiosk", "  Kiosk sảnh ", hours=2)
    secret, prefix = parse_code(info.code)
    assert FINGERPRINT.startswith(prefix) and info.fingerprint.startswith(f"{FINGERPRINT[0]:02X}:")
    assert (info.name, info.kind, info.expires_at) == ("Kiosk sảnh", "kiosk", clock() + timedelta(hours=2))
    station, token = stations.join(told, secret)
    assert (station.name, station.kind, station.last_seen_at) == ("Kiosk sảnh", "kiosk", None)
    with pytest.raises(StationRefused):  # once only
        stations.join(told, secret)
    late = parse_code(told.setup.create_join_code("counter", "Quầy 9", hours=1).code)[0]
    clock.advance(hours=1)
    with pytest.raises(StationRefused):
        stations.join(told, late)
    with told.ctx.read() as s:
        assert s.scalar(select(func.count()).where(AuditLog.action == "join_code_create")) == 2


def test_bad_requests_and_other_roles_are_refused_and_write_nothing(told, clerk, demo_store):
    set_server_fingerprint(clerk.ctx, FINGERPRINT)
    for kind, name, hours in (("printer", "X", 1), ("kiosk", "   ", 1), ("kiosk", "x" * 101, 1),
                              ("kiosk", "Kiosk\x00", 1), ("kiosk", "Kiosk", -1), ("kiosk", "Kiosk", 24 * 8)):
        with pytest.raises(InvalidInput):
            told.setup.create_join_code(kind, name, hours=hours)
    for who in (clerk, demo_store):  # a clerk, the anonymous kiosk
        with pytest.raises(PermissionDenied):
            who.setup.create_join_code("admin", "Máy lạ")
        with pytest.raises(PermissionDenied):
            who.setup.stations_enrolled()
        with pytest.raises(PermissionDenied):
            who.setup.revoke_station("Máy lạ")
    assert codes(told) == 0


def test_a_store_that_does_not_know_the_server_makes_no_code(manager):
    with pytest.raises(InvalidInput, match="chứng chỉ của máy chủ văn phòng"):
        manager.setup.create_join_code("kiosk", "Kiosk")
    assert codes(manager) == 0


def test_listed_seen_and_revoked(told, clock):
    kiosk, token = stations.join(told, parse_code(told.setup.create_join_code("kiosk", "Kiosk").code)[0])
    counter, _ = stations.join(told, parse_code(told.setup.create_join_code("counter", "Quầy 1").code)[0])
    stations.station_for(told, token)
    first = {s.name: s for s in told.setup.stations_enrolled()}
    assert first["Kiosk"].last_seen_at == clock() and first["Quầy 1"].last_seen_at is None
    clock.advance(seconds=30)
    stations.station_for(told, token)  # written at most once a minute
    assert {s.name: s for s in told.setup.stations_enrolled()}["Kiosk"].last_seen_at == first["Kiosk"].last_seen_at
    session = stations.open_session(told, counter, told.actor)
    assert told.setup.revoke_station(" Quầy 1 ") == 1
    with pytest.raises(SessionEnded):
        stations.session_actor(told, counter, session)
    with pytest.raises(NotFound):
        told.setup.revoke_station("Quầy 1")
    after = {s.name: s for s in told.setup.stations_enrolled()}
    assert after["Quầy 1"].revoked_at == clock() and after["Kiosk"].revoked_at is None
