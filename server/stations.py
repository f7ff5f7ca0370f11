"""Stations enrolled with the office server: join codes, credentials, users' sessions, revocation.

Only hashes of secrets are kept. Every request looks its station up again, so a revoked
station is refused at its next request (and its push stream is closed within a second).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from core.i18n import tr
from core.joincode import make_code
from db import Store
from db.errors import InvalidInput, NotFound, SessionEnded, StationRefused
from db.models import JoinCode, Station, StationSession, User
from db.store.base import Actor

KINDS = ("kiosk", "counter", "display", "admin")
CODE_HOURS = 24
SESSION_HOURS = 12


@dataclass(frozen=True)
class StationRecord:
    id: int
    name: str
    kind: str
    created_at: datetime
    revoked_at: datetime | None


def _hash(secret: bytes | str) -> str:
    return hashlib.sha256(secret.encode("utf-8") if isinstance(secret, str) else secret).hexdigest()


def _record(row: Station) -> StationRecord:
    return StationRecord(id=row.id, name=row.name, kind=row.kind, created_at=row.created_at, revoked_at=row.revoked_at)


def create_code(store: Store, kind: str, name: str, fingerprint: bytes, *, hours: int = CODE_HOURS) -> str:
    """A single-use join code for one station of `kind`, valid `hours` hours."""
    if kind not in KINDS:
        raise InvalidInput(tr("Loại máy trạm không hợp lệ: {kind} (kiosk, counter, display hoặc admin).", kind=kind))
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput(tr("Tên máy trạm phải có từ 1 đến 100 ký tự."))
    code, secret = make_code(fingerprint)
    now = store.now()
    with store.ctx.tx() as s:
        s.add(JoinCode(secret_hash=_hash(secret), kind=kind, name=name, created_at=now,
                       expires_at=now + timedelta(hours=hours)))
    return code


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
        return _record(row)


def still_enrolled(store: Store, station_id: int) -> bool:
    with store.ctx.read() as s:
        return s.scalar(select(Station.revoked_at.is_(None)).where(Station.id == station_id)) is True


def stations(store: Store) -> list[StationRecord]:
    with store.ctx.read() as s:
        return [_record(r) for r in s.scalars(select(Station).order_by(Station.name, Station.id))]


def revoke(store: Store, name: str) -> int:
    """Revoke every station called `name` (and end its sessions); the number revoked."""
    now = store.now()
    with store.ctx.tx() as s:
        ids = list(s.scalars(select(Station.id).where(Station.name == name, Station.revoked_at.is_(None))))
        if not ids:
            raise NotFound(tr("Không có máy trạm đang hoạt động tên {name}.", name=name))
        s.execute(update(Station).where(Station.id.in_(ids)).values(revoked_at=now))
        s.execute(update(StationSession).where(StationSession.station_id.in_(ids)).values(expires_at=now))
        for station_id in ids:
            store.ctx.audit(s, "station_revoke", "station", station_id, name=name)
    return len(ids)


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
