"""The phone pages' own walls: rate limits per client address, CSRF tokens, bounded forms.

Nothing here knows the store. The limits live in memory (one process serves the pages); a restart forgets
them, which is fine for limits counted in minutes.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl

MAX_FIELD = 10_000  # characters a form field may hold (a longer one is refused, nothing is written)
MAX_BODY = 64_000  # bytes of a whole form
CSRF_COOKIE = "motcua_csrf"
CSRF_FIELD = "csrf"


@dataclass(frozen=True)
class Limit:
    """A token bucket: `burst` requests at once, refilled at `per_minute`."""

    burst: int
    per_minute: float


# what one client address may do (a whole office behind one NAT shares an address: generous bursts)
LIMITS = {
    "book": Limit(burst=10, per_minute=2),  # bookings and cancellations
    "remote": Limit(burst=10, per_minute=2),  # remote numbers
    "lookup": Limit(burst=30, per_minute=20),  # dossier look-ups, booking look-ups, pages behind a form
    "rate": Limit(burst=10, per_minute=10),
}


class RateLimiter:
    """Per (kind, client address) token buckets, in memory; `monotonic` is the limiter's own clock
    (elapsed time only, never the office's date), so a test can run it on a clock of its own."""

    def __init__(self, limits: dict[str, Limit] | None = None, monotonic=time.monotonic):
        self.limits = dict(limits or LIMITS)
        self.monotonic = monotonic
        self.buckets: dict[tuple[str, str], tuple[float, float]] = {}
        self.lock = threading.Lock()

    def allow(self, kind: str, client: str) -> bool:
        """Take one token of `kind` for `client`; False when the bucket is empty."""
        limit = self.limits[kind]
        now = self.monotonic()
        with self.lock:
            tokens, at = self.buckets.get((kind, client), (float(limit.burst), now))
            tokens = min(float(limit.burst), tokens + (now - at) * limit.per_minute / 60.0)
            if tokens < 1.0:
                self.buckets[(kind, client)] = (tokens, now)
                return False
            self.buckets[(kind, client)] = (tokens - 1.0, now)
            if len(self.buckets) > 100_000:  # a flood of addresses: forget the full buckets
                self.buckets = {k: v for k, v in self.buckets.items() if v[0] < self.limits[k[0]].burst}
            return True


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


def csrf_ok(cookie: str | None, field: str | None) -> bool:
    """Double-submit: the form's hidden field equals the cookie the page set (a third site can read neither)."""
    return bool(cookie) and bool(field) and len(cookie or "") <= 64 and hmac.compare_digest(cookie or "", field or "")


class FormTooLarge(ValueError):
    """A field (or the whole form) is longer than the pages take."""


def parse_form(body: bytes) -> dict[str, str]:
    """An application/x-www-form-urlencoded body as {name: value} (the last of a repeated name);
    FormTooLarge when the body or one field is over the limits."""
    if len(body) > MAX_BODY:
        raise FormTooLarge()
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=50, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise FormTooLarge() from None
    form = dict(pairs)
    if any(len(k) > 100 or len(v) > MAX_FIELD for k, v in form.items()):
        raise FormTooLarge()
    return form
