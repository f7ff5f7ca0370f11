"""Ticket and dossier codes, and telling a scanned code from garbage.

Ticket: prefix letter(s) + zero-padded number, e.g. ``A023``.
Dossier (Thông tư 01/2018 Điều 19 shape): ``<agency>-<YYMMDD>-<NNNN>``,
e.g. ``000.00.20.H10-200520-0001``.
Ticket QR: ``<agency>/<YYMMDD>/<ticket>``, e.g. ``000.00.20.H10/261125/A023``: the office,
the business day and the number, so a scan tells today's A023 from yesterday's. Only
QR alphanumeric characters (digits, capitals, "." "/" "-"), so the symbol stays small.
Dossier check code (mã tra cứu): 6 random characters printed on the receipt beside the
dossier code; the kiosk shows a dossier only to whoever holds both, so sequential
codes cannot be walked. The receipt's QR holds ``<dossier code>/<check code>``.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date
from enum import Enum

from core.booking import BOOKING_QR_RE
from core.cccd import CccdCard, CccdError, looks_like_cccd, parse_cccd
from core.i18n import tr

TICKET_RE = re.compile(r"^(?P<prefix>[A-Z]{1,2})(?P<number>\d{3,4})$")
DOSSIER_RE = re.compile(r"^(?P<agency>[0-9A-Z](?:[0-9A-Z.]{0,38}[0-9A-Z])?)-(?P<ymd>\d{6})-(?P<seq>\d{4})$")
PREFIX_RE = re.compile(r"^[A-Z]{1,2}$")
TICKET_QR_RE = re.compile(r"^(?P<agency>[0-9A-Z](?:[0-9A-Z.\-]{0,38}[0-9A-Z])?)/(?P<ymd>\d{6})/"
                          r"(?P<ticket>[A-Z]{1,2}\d{3,4})$")
TICKET_LINK_RE = re.compile(r"^https?://[^\s?#]+/t/(?P<token>[A-Za-z0-9_-]{16,64})$")
CHECK_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed without doubt
CHECK_LENGTH = 6  # 32**6 ≈ 10**9 codes a dossier
CHECK_RE = re.compile(f"[{CHECK_ALPHABET}]{{{CHECK_LENGTH}}}")
MAX_SCAN_LENGTH = 128  # a ticket or dossier code; a căn cước QR may be longer (core.cccd.MAX_LENGTH)
MAX_DOSSIERS_A_DAY = 9999  # the code's sequence has exactly 4 digits


def ticket_code(prefix: str, number: int, digits: int = 3) -> str:
    """The printed ticket code: ``ticket_code("A", 23) == "A023"``."""
    return f"{prefix}{number:0{digits}d}"


def ticket_qr(agency: str, day: date, code: str) -> str:
    """What a ticket's QR holds: ``ticket_qr("000.00.20.H10", date(2026, 11, 25), "A023")`` is
    ``"000.00.20.H10/261125/A023"`` (the phone page will later put a per-ticket link here instead)."""
    return f"{agency.upper()}/{day:%y%m%d}/{code}"


def dossier_code(agency: str, day: date, sequence: int) -> str:
    """The dossier code for the `sequence`-th dossier of `day` at `agency`: exactly 4 digits (TT 01/2018, Điều 19)."""
    if not 1 <= sequence <= MAX_DOSSIERS_A_DAY:
        raise ValueError(tr("Đã hết số hồ sơ trong ngày {day}: tối đa {max} hồ sơ một ngày.", day=f"{day:%d/%m/%Y}",
                            max=f"{MAX_DOSSIERS_A_DAY:,}".replace(",", ".")))
    return f"{agency}-{day:%y%m%d}-{sequence:04d}"


def new_check_code() -> str:
    """A dossier's check code (mã tra cứu), drawn from the OS's secure random source."""
    return "".join(secrets.choice(CHECK_ALPHABET) for _ in range(CHECK_LENGTH))


def normal_check_code(text: str) -> str:
    """What a citizen typed as the check code, upper case, without spaces (O read as 0 never happens: no 0)."""
    return "".join((text or "").split()).upper()


def dossier_qr(code: str, check: str) -> str:
    """What a receipt's QR holds: the dossier code and its check code, so a scan at the kiosk opens it."""
    return f"{code}/{check}" if check else code


class ScanKind(str, Enum):
    DOSSIER = "dossier"
    TICKET = "ticket"
    CCCD = "cccd"  # a căn cước QR: `card` holds it, `code` only its masked form
    BOOKING = "booking"  # a booking's QR (core.booking.booking_qr): `code` is the booking code
    TICKET_LINK = "ticket_link"  # a ticket's QR holding its phone page: `code` is the page's token
    INVALID = "invalid"


@dataclass(frozen=True)
class Scan:
    """A scanned or typed code, classified."""

    kind: ScanKind
    code: str
    message: str = ""
    day: date | None = None  # a ticket's business day, when its QR was scanned (see `ticket_qr`)
    card: CccdCard | None = None  # a căn cước QR's holder (its repr is masked: safe in logs)
    check: str = ""  # a dossier's check code, when its receipt's QR was scanned (see `dossier_qr`)

    @property
    def ok(self) -> bool:
        return self.kind is not ScanKind.INVALID


def classify_scan(raw: object) -> Scan:
    """Classify what a scanner or a keyboard produced; never raises."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    if not isinstance(raw, str):
        return Scan(ScanKind.INVALID, "", tr("Mã không hợp lệ"))
    text = raw.strip()
    if looks_like_cccd(text):
        try:
            card = parse_cccd(text)
        except CccdError as error:
            return Scan(ScanKind.INVALID, "", str(error))
        return Scan(ScanKind.CCCD, card.masked(), card=card)
    if not text or len(text) > MAX_SCAN_LENGTH or any(ord(c) < 32 or ord(c) == 127 for c in text):
        return Scan(ScanKind.INVALID, "", tr("Mã không hợp lệ"))
    link = TICKET_LINK_RE.match(text)
    if link:  # the token is case-sensitive: matched before upper-casing
        return Scan(ScanKind.TICKET_LINK, link["token"])
    code = text.upper()
    head, slash, tail = code.rpartition("/")
    check = ""
    if slash and CHECK_RE.fullmatch(tail) and DOSSIER_RE.match(head):  # a receipt's QR (dossier_qr)
        code, check = head, tail
    match = DOSSIER_RE.match(code)
    if match and _valid_ymd(match["ymd"]):
        return Scan(ScanKind.DOSSIER, code, check=check)
    if TICKET_RE.match(code):
        return Scan(ScanKind.TICKET, code)
    match = BOOKING_QR_RE.match(code)
    if match:
        return Scan(ScanKind.BOOKING, match["code"])
    match = TICKET_QR_RE.match(code)
    if match and _valid_ymd(match["ymd"]):
        ymd = match["ymd"]
        return Scan(ScanKind.TICKET, match["ticket"], day=date(2000 + int(ymd[:2]), int(ymd[2:4]), int(ymd[4:])))
    return Scan(ScanKind.INVALID, "", tr("Mã không hợp lệ: {code}", code=text[:40]))


def _valid_ymd(ymd: str) -> bool:
    try:
        date(2000 + int(ymd[:2]), int(ymd[2:4]), int(ymd[4:]))
    except ValueError:
        return False
    return True
