"""Sign-in guard (chống dò mật khẩu): lockout and back-off for passwords and the kiosk PIN.

After `FREE_TRIES` wrong tries in a row for one username (or one station's PIN),
each further wrong try locks that name for a window that doubles, from
`FIRST_LOCK` up to `MAX_LOCK`, by the store's clock; a right answer clears it.
The state is a row of `settings` under `signin_lock:<kind>:<name>`, written in
the sign-in's own transaction, so every station (and later the office server)
sees the same count. A name nobody has is counted and locked exactly like a
real one, and its wrong password is checked against a dummy hash, so neither
the answer, the lock nor the time taken tells which usernames exist.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from db.errors import PermissionDenied
from db.models import Setting
from db.store.base import STAFF, Actor

LOCK_PREFIX = "signin_lock:"
PIN_KEY = "kiosk_pin_hash"  # the kiosk PIN's hash: written by set_kiosk_pin, read only by verify_kiosk_pin
FREE_TRIES = 5
FIRST_LOCK = timedelta(seconds=30)
MAX_LOCK = timedelta(minutes=30)
TYPED_MAX = 32  # what the audit keeps of a username typed at a failed sign-in


def is_secret(key: str) -> bool:
    """Settings no read path returns: the PIN's hash and the sign-in locks."""
    return key == PIN_KEY or key.startswith(LOCK_PREFIX)


def own_station(actor: Actor, station: str, action: str) -> str:
    """The station a kiosk's write is for: an anonymous actor is bound to its own station and cannot name another
    (nor write at all without one); staff name any."""
    station = (station or "").strip()
    if actor.role in STAFF:
        return station
    if not actor.station or station not in ("", actor.station):
        raise PermissionDenied(action)
    return actor.station


def own_ticket(actor: Actor, kiosk: str, action: str) -> None:
    """A kiosk (anonymous) may mark only the tickets it issued itself (`kiosk` is the ticket's issuing station)."""
    if actor.role not in STAFF and (not actor.station or kiosk != actor.station):
        raise PermissionDenied(action)


def lock_key(kind: str, name: str) -> str:
    """The settings key counting wrong tries of `kind` ("user", "pin") for `name` (as typed, case folded)."""
    return f"{LOCK_PREFIX}{kind}:{(name or '').strip().casefold()[:64]}"


def locked_for(s: Session, key: str, now: datetime) -> int:
    """Seconds left on `key`'s lock (0: not locked)."""
    row = s.get(Setting, key)
    until = _until(row)
    return max(0, int((until - now).total_seconds()) + 1) if until and until > now else 0


def record_failure(s: Session, key: str, now: datetime) -> int:
    """Count one more wrong try for `key`; returns the failures in a row."""
    row = s.get(Setting, key) or Setting(key=key)
    failures = int((row.value or {}).get("failures", 0)) + 1 if isinstance(row.value, dict) else 1
    value: dict = {"failures": failures, "last": now.isoformat()}
    if failures >= FREE_TRIES:
        window = min(MAX_LOCK, FIRST_LOCK * 2 ** (failures - FREE_TRIES))
        value["until"] = (now + window).isoformat()
    row.value = value
    s.add(row)
    return failures


def clear(s: Session, key: str) -> None:
    """A right answer: the count starts again."""
    row = s.get(Setting, key)
    if row is not None:
        s.delete(row)


def verify(hasher: PasswordHasher, stored: str | None, secret: str) -> bool:
    """Whether `secret` matches `stored`; with no stored hash (an unknown user) a dummy one is checked instead, so
    the time taken is the same."""
    try:
        return hasher.verify(stored or dummy_hash(hasher), secret) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


@cache
def dummy_hash(hasher: PasswordHasher) -> str:
    """A hash with the hasher's own parameters, of a secret nobody types."""
    return hasher.hash("motcua: no such user")


def _until(row: Setting | None) -> datetime | None:
    if row is None or not isinstance(row.value, dict) or not row.value.get("until"):
        return None
    return datetime.fromisoformat(row.value["until"])
