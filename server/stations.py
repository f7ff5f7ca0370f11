"""Stations enrolled with the office server: joining with a code, credentials, users' sessions.

Making codes, listing and revoking stations are the manager's store operations
(db/store/enrolment.py: `setup.create_join_code`, `setup.stations_enrolled`, `setup.revoke_station`).
Only hashes of secrets are kept. Every request looks its station up again, so a revoked
station is refused at its next request (and its push stream is closed within a second).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select, update

from core.i18n import tr
from db import Store
from db.errors import SessionEnded, StationRefused
from db.models import JoinCode, Station, StationSession, User
from db.store.base import Actor
from db.store.enrolment import StationRecord, secret_hash as _hash, station_record as _record

__all__ = ["StationRecord", "join", "station_for", "still_enrolled", "open_session", "session_actor", "end_session"]

SESSION_HOURS = 12
SEEN_EVERY = timedelta(minutes=1)  # `last_seen_at` is written at most this often per station


def join(store: Store, secret: bytes) -> tuple[StationRecord, str]:
    """Use a join code: (the new station, its token). Refused if unknown, used or expired."""
    now = store.now()
    with store.ctx.tx() as s:
        code = s.scalars(select(JoinCode).where(JoinCode.secret_hash == _hash(secret)).with_for_update()).first()
        if code is None or code.used_at is not None or code.expires_at <= now:
            raise StationRefused(tr("Mã tham gia không đúng, đã dùng hoặc đã hết hạn. Hãy nhờ quản lý cấp mã mới."))
        token = secrets.token_urlsafe(32)
        station = Station(name=code.name, kind=code.kind, token_hash=_hash(token), created_at=now)
        s.add(station)
        s.flush()
        code.used_at, code.station_id = now, station.id
        store.ctx.audit(s, "station_join", "station", station.id, name=station.name, kind=station.kind)
        return _record(station), token


def station_for(store: Store, token: str) -> StationRecord:
    """The station holding `token`; StationRefused when none does or it was revoked."""
    if not token:
        raise StationRefused()
    with store.ctx.read() as s:
        row = s.scalars(select(Station).where(Station.token_hash == _hash(token))).first()
        if row is None or row.revoked_at is not None:
            raise StationRefused()
        record = _record(row)
    now = store.now()
    if record.last_seen_at is None or now - record.last_seen_at >= SEEN_EVERY:
        with store.ctx.tx() as s:
            s.execute(update(Station).where(Station.id == record.id).values(last_seen_at=now))
    return record


def still_enrolled(store: Store, station_id: int) -> bool:
    with store.ctx.read() as s:
        return s.scalar(select(Station.revoked_at.is_(None)).where(Station.id == station_id)) is True


def open_session(store: Store, station: StationRecord, actor: Actor) -> str:
    """A session for `actor` (just signed in) at `station`: its token."""
    token = secrets.token_urlsafe(32)
    now = store.now()
    with store.ctx.tx() as s:
        s.add(StationSession(token_hash=_hash(token), station_id=station.id, user_id=actor.user_id, created_at=now,
                             expires_at=now + timedelta(hours=SESSION_HOURS)))
    return token


def session_actor(store: Store, station: StationRecord, token: str) -> Actor:
    """The user signed in with `token` at this station, as the users table says now (role, active)."""
    now = store.now()
    with store.ctx.read() as s:
        row = s.execute(select(User).join(StationSession, StationSession.user_id == User.id).where(
            StationSession.token_hash == _hash(token), StationSession.station_id == station.id,
            StationSession.expires_at > now)).scalars().first()
        if row is None or not row.active:
            raise SessionEnded()
        return Actor(role=row.role, username=row.username, full_name=row.full_name, user_id=row.id,
                     station=station.name)


def end_session(store: Store, token: str) -> None:
    with store.ctx.tx() as s:
        s.execute(update(StationSession).where(StationSession.token_hash == _hash(token))
                  .values(expires_at=store.now()))
