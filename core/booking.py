"""Citizens' phones: appointment (đặt lịch hẹn) rules, booking codes and per-ticket tokens.

A booking code is short and typeable on the kiosk's keyboard: 8 symbols from an alphabet
without look-alikes (no 0/O, 1/I), 40 random bits, shown as ``ABCD-2345``; its QR holds
``HEN-ABCD2345``. A ticket's phone token is 128 random bits (URL-safe). The store keeps
only the SHA-256 of either, so a copy of the database cannot open anyone's page.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from core.i18n import N_, tr

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: 5 bits each
CODE_LENGTH = 8
BOOKING_QR_PREFIX = "HEN-"
BOOKING_QR_RE = re.compile(r"^HEN-(?P<code>[2-9A-HJ-NP-Z]{8})$")
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
SESSIONS = {"am": N_("Sáng"), "pm": N_("Chiều")}
MERGE_RULES = {
    "strict": N_("Ưu tiên người có hẹn trong buổi đã hẹn"),
    "interleave": N_("Xếp xen với người không hẹn theo giờ bắt đầu buổi hẹn"),
}


def new_booking_code() -> str:
    """A fresh booking code (40 random bits from `secrets`)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def show_code(code: str) -> str:
    """"ABCD2345" → "ABCD-2345", as printed and shown."""
    return f"{code[:4]}-{code[4:]}"


def booking_qr(code: str) -> str:
    """What a booking's QR holds (QR alphanumeric: a small symbol)."""
    return BOOKING_QR_PREFIX + code


def read_booking_code(raw: object) -> str | None:
    """A typed or scanned booking code, normalised ("abcd-2345", "HEN-ABCD2345" → "ABCD2345"); None if not one."""
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    text = raw.strip().upper()
    match = BOOKING_QR_RE.match(text)
    if match:
        return match["code"]
    text = text.replace("-", "").replace(" ", "")
    if len(text) == CODE_LENGTH and all(c in CODE_ALPHABET for c in text):
        return text
    return None


def new_token() -> str:
    """A ticket's phone-page token: 128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)


def secret_hash(secret: str) -> str:
    """The SHA-256 the store keeps of a token or a booking code."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def phone_link(public_base_url: str, token: str) -> str:
    """The ticket's phone page: ``{public_base_url}/t/{token}``."""
    return f"{public_base_url.rstrip('/')}/t/{token}"


@dataclass(frozen=True)
class AppointmentRules:
    """The manager's office-wide booking rules."""

    days_ahead: int = 7  # a citizen books today + 1 … today + days_ahead
    per_person_day: int = 2  # bookings and remote numbers per căn cước per day (as iHanoi)
    early_minutes: int = 30  # check-in opens this long before the session
    grace_minutes: int = 15  # after the session's end, a booking not checked in is a no-show
    merge: str = "strict"  # see MERGE_RULES
    retention_days: int = 30  # phone and ID numbers of bookings and remote numbers are erased after this
    near_ahead: int = 3  # the ticket's phone page says "sắp đến lượt" when this many or fewer are ahead

    LIMITS = {"days_ahead": (1, 60), "per_person_day": (1, 10), "early_minutes": (0, 240),
              "grace_minutes": (0, 240), "retention_days": (1, 3650), "near_ahead": (1, 50)}

    @classmethod
    def parse(cls, raw: object) -> "AppointmentRules":
        """Rules from a stored or submitted dict; ValueError (one sentence) on anything out of range."""
        values = dict(raw) if isinstance(raw, dict) else {}
        out: dict = {}
        for name, (low, high) in cls.LIMITS.items():
            value = values.get(name, getattr(cls(), name))
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValueError(tr("Giá trị {name} phải là số nguyên từ {low} đến {high}.", name=name, low=low,
                                    high=high))
            out[name] = value
        merge = values.get("merge", "strict")
        if merge not in MERGE_RULES:
            raise ValueError(tr("Cách xếp người có hẹn không hợp lệ: {value} (dùng strict hoặc interleave).",
                                value=merge))
        return cls(merge=merge, **out)

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in (*self.LIMITS, "merge")}


@dataclass(frozen=True)
class FieldBooking:
    """One field's bookable slots: weekdays (0 = Monday), sessions ("am", "pm"), bookings per slot;
    and whether remote numbers (lấy số từ xa) are on (off by default)."""

    weekdays: tuple[int, ...] = ()
    sessions: tuple[str, ...] = ()
    per_slot: int = 0
    remote_numbers: bool = False

    @classmethod
    def parse(cls, raw: object) -> "FieldBooking":
        """From a stored or submitted dict; ValueError (one sentence) on anything invalid."""
        values = dict(raw) if isinstance(raw, dict) else {}
        weekdays, sessions = values.get("weekdays", ()), values.get("sessions", ())
        per_slot, remote = values.get("per_slot", 0), values.get("remote_numbers", False)
        if not isinstance(weekdays, (list, tuple)) or not all(isinstance(d, int) and 0 <= d <= 6 for d in weekdays):
            raise ValueError(tr("Ngày nhận hẹn phải là thứ trong tuần (0 = Thứ Hai … 6 = Chủ nhật)."))
        if not isinstance(sessions, (list, tuple)) or not all(s in SESSIONS for s in sessions):
            raise ValueError(tr("Buổi nhận hẹn phải là sáng (am) hoặc chiều (pm)."))
        if isinstance(per_slot, bool) or not isinstance(per_slot, int) or not 0 <= per_slot <= 500:
            raise ValueError(tr("Số lịch hẹn mỗi buổi phải từ 0 đến 500."))
        if not isinstance(remote, bool):
            raise ValueError(tr("Lấy số từ xa chỉ bật hoặc tắt."))
        return cls(tuple(sorted(set(weekdays))), tuple(s for s in SESSIONS if s in sessions), per_slot, remote)

    def takes(self, weekday: int, session: str) -> bool:
        return self.per_slot > 0 and weekday in self.weekdays and session in self.sessions

    def as_dict(self) -> dict:
        return {"weekdays": list(self.weekdays), "sessions": list(self.sessions), "per_slot": self.per_slot,
                "remote_numbers": self.remote_numbers}

