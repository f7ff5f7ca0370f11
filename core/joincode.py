"""Join codes: what a manager reads out to a station being enrolled.

A code is base32 of 10 random bytes (the secret the server checks once) and the first 10 bytes of
the server certificate's SHA-256 fingerprint (what the station pins), in groups of four:
`ABCD-EFGH-…` (32 letters and digits). Typing mistakes are caught: a wrong letter changes the
fingerprint prefix or the secret, and either way the station refuses or the server does.
"""

from __future__ import annotations

import base64
import secrets

SECRET_BYTES = FINGERPRINT_BYTES = 10


class BadCode(ValueError):
    pass


def make_code(fingerprint: bytes) -> tuple[str, bytes]:
    """(code to give the station, secret the server keeps a hash of)."""
    secret = secrets.token_bytes(SECRET_BYTES)
    text = base64.b32encode(secret + fingerprint[:FINGERPRINT_BYTES]).decode("ascii")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4)), secret


def parse_code(code: str) -> tuple[bytes, bytes]:
    """(secret, fingerprint prefix) from a code as typed: any case, dashes and spaces ignored."""
    text = "".join(ch for ch in code.upper() if ch.isalnum()).replace("0", "O").replace("1", "I")
    try:
        raw = base64.b32decode(text)
    except ValueError:
        raise BadCode(code) from None
    if len(raw) != SECRET_BYTES + FINGERPRINT_BYTES:
        raise BadCode(code)
    return raw[:SECRET_BYTES], raw[SECRET_BYTES:]
