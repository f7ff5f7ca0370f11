"""The manager's side of enrolment: join codes for new stations, the stations enrolled, revoking one.

One implementation for every path: the admin app on the server PC (direct database), an admin
station through the office server, and `motcua station code|list|revoke` on the server. A join
code carries the office server certificate's fingerprint, which the store is told once
(`set_server_fingerprint`: the server itself at start, or a PC that holds the server's TLS folder);
a store that was not told refuses to make codes (the stations would not know whom to trust).
Only hashes of secrets are kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from core.i18n import tr
from core.joincode import make_code
from db.errors import InvalidInput, NotFound
from db.models import JoinCode, Station, StationSession
from db.store.base import MANAGERS, Context, StoreService

KINDS = ("kiosk", "counter", "display", "admin")
CODE_HOURS = 24
MAX_CODE_HOURS = 24 * 7
FINGERPRINT_KEY = "server_fingerprint"


@dataclass(frozen=True)
class StationRecord:
    """An enrolled station as the manager sees it."""

    id: int
    name: str
    kind: str
    created_at: datetime
    revoked_at: datetime | None
    last_seen_at: datetime | None = None


@dataclass(frozen=True)
class JoinCodeInfo:
    """A new join code: what the manager reads out or copies to the station, and until when it works."""

    code: str
    kind: str
    name: str
    expires_at: datetime
    fingerprint: str  # the server certificate's, as `motcua station code` prints it


def secret_hash(secret: bytes | str) -> str:
    return hashlib.sha256(secret.encode("utf-8") if isinstance(secret, str) else secret).hexdigest()


def station_record(row: Station) -> StationRecord:
    return StationRecord(id=row.id, name=row.name, kind=row.kind, created_at=row.created_at,
                         revoked_at=row.revoked_at, last_seen_at=row.last_seen_at)


def set_server_fingerprint(ctx: Context, fingerprint: bytes) -> None:
    """The office server's certificate fingerprint (SHA-256), for the join codes this store makes."""
    ctx.shared[FINGERPRINT_KEY] = bytes(fingerprint)


def fingerprint_text(fingerprint: bytes) -> str:
    return ":".join(f"{b:02X}" for b in fingerprint)


class EnrolmentOps(StoreService):
    def create_join_code(self, kind: str, name: str, hours: int = CODE_HOURS) -> JoinCodeInfo:
        """A single-use join code for one station of `kind` called `name`, valid `hours` hours."""
        self.ctx.require(MANAGERS, "create_join_code")
        if kind not in KINDS:
            raise InvalidInput(tr("Loại máy trạm không hợp lệ: {kind} (kiosk, counter, display hoặc admin).",
                                  kind=kind))
        name = (name or "").strip()
        if not name or len(name) > 100 or any(not ch.isprintable() for ch in name):
            raise InvalidInput(tr("Tên máy trạm phải có từ 1 đến 100 ký tự."))
        if not isinstance(hours, int) or isinstance(hours, bool) or not 0 <= hours <= MAX_CODE_HOURS:
            raise InvalidInput(tr("Thời hạn của mã phải từ 0 đến {most} giờ.", most=MAX_CODE_HOURS))
        fingerprint = self.ctx.shared.get(FINGERPRINT_KEY)
        if not fingerprint:
            raise InvalidInput(tr("Máy này không giữ chứng chỉ của máy chủ văn phòng nên không cấp được mã tham gia. "
                                  "Hãy cấp mã trên máy chủ hoặc trên một máy quản lý đã tham gia máy chủ."))
        code, secret = make_code(fingerprint)
        now = self.ctx.now()
        expires = now + timedelta(hours=hours)
        with self.ctx.tx() as s:
            row = JoinCode(secret_hash=secret_hash(secret), kind=kind, name=name, created_at=now, expires_at=expires)
            s.add(row)
            s.flush()
            self.ctx.audit(s, "join_code_create", "join_code", row.id, kind=kind, name=name,
                           expires_at=expires.isoformat())
        return JoinCodeInfo(code=code, kind=kind, name=name, expires_at=expires,
                            fingerprint=fingerprint_text(fingerprint))

    def stations_enrolled(self) -> list[StationRecord]:
        """Every station that joined the office server, revoked ones too, by name."""
        self.ctx.require(MANAGERS, "stations_enrolled")
        with self.ctx.read() as s:
            return [station_record(r) for r in s.scalars(select(Station).order_by(Station.name, Station.id))]

    def revoke_station(self, name: str) -> int:
        """Revoke every active station called `name` and end its users' sessions: the number revoked.
        The server refuses them from their next request."""
        self.ctx.require(MANAGERS, "revoke_station")
        name = (name or "").strip()
        now = self.ctx.now()
        with self.ctx.tx() as s:
            ids = list(s.scalars(select(Station.id).where(Station.name == name, Station.revoked_at.is_(None))
                                 .with_for_update()))
            if not ids:
                raise NotFound(tr("Không có máy trạm đang hoạt động tên {name}.", name=name))
            s.execute(update(Station).where(Station.id.in_(ids)).values(revoked_at=now))
            s.execute(update(StationSession).where(StationSession.station_id.in_(ids)).values(expires_at=now))
            for station_id in ids:
                self.ctx.audit(s, "station_revoke", "station", station_id, name=name)
        return len(ids)
