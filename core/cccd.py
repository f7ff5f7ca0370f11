"""The căn cước (CCCD) QR: the citizen's card read by a scanner instead of typed by the clerk.

The QR on a chip căn cước holds fields separated by "|":
``Số CCCD|Số CMND cũ|Họ tên|ngày sinh ddmmyyyy|Giới tính|Nơi thường trú|ngày cấp ddmmyyyy``
(the old CMND number is often empty; some cards have no issue date: 6 fields). Anything
else is refused with one sentence saying what is wrong. A card is personal data: its
`repr` and `masked()` never show the ID number or the name in full, so a log line or a
public screen cannot leak them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from core.i18n import tr
from core.privacy import initials

SEPARATOR = "|"
MAX_LENGTH = 512  # the longest address fits many times over; a 10 kB "scan" is refused before it is split
ID_RE = re.compile(r"^\d{12}$")
OLD_ID_RE = re.compile(r"^(\d{9}|\d{12})$")
SEXES = {"nam": "Nam", "nữ": "Nữ", "nu": "Nữ"}
_DATE_RE = re.compile(r"^(\d{2})(\d{2})(\d{4})$")


class CccdError(ValueError):
    """A scan that is not a căn cước QR; `str()` is one translated sentence for the clerk or citizen."""


@dataclass(frozen=True, repr=False)
class CccdCard:
    """What a căn cước QR says about its holder."""

    id_number: str
    old_id_number: str
    full_name: str
    birth_date: date
    sex: str
    address: str
    issued: date | None

    def masked(self) -> str:
        """What a public screen or a log may show: "N. V. A. · *********345"."""
        return f"{initials(self.full_name)} · {mask_id(self.id_number)}"

    def __repr__(self) -> str:
        return f"CccdCard({self.masked()})"

    __str__ = __repr__


def mask_id(number: str) -> str:
    """An ID or phone number with all but its last 3 digits hidden: "001099012345" → "*********345"."""
    digits = (number or "").strip()
    return "*" * max(0, len(digits) - 3) + digits[-3:] if len(digits) > 3 else "*" * len(digits)


def looks_like_cccd(text: str) -> bool:
    """A scan meant as a căn cước QR (so a malformed one gets the card's error, not "invalid code")."""
    return SEPARATOR in (text or "")


def parse_cccd(raw: object) -> CccdCard:
    """The card in a scanned căn cước QR; raises CccdError with one clear sentence otherwise."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    if not isinstance(raw, str):
        raise CccdError(tr("Mã QR căn cước không hợp lệ."))
    if len(raw) > MAX_LENGTH:
        raise CccdError(tr("Mã QR căn cước quá dài ({length} ký tự), không phải mã của thẻ căn cước.",
                           length=f"{len(raw):,}".replace(",", ".")))
    text = unicodedata.normalize("NFC", raw.strip())
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise CccdError(tr("Mã QR căn cước chứa ký tự điều khiển, không phải mã của thẻ căn cước."))
    parts = [p.strip() for p in text.split(SEPARATOR)]
    if len(parts) not in (6, 7):
        raise CccdError(tr("Mã QR căn cước phải có 6 hoặc 7 trường ngăn bởi dấu |, mã này có {count}.",
                           count=len(parts)))
    id_number, old_id, name, born, sex, address = parts[:6]
    if not ID_RE.match(id_number):
        raise CccdError(tr("Số căn cước trong mã QR phải có đúng 12 chữ số."))
    if old_id and not OLD_ID_RE.match(old_id):
        raise CccdError(tr("Số CMND cũ trong mã QR phải có 9 hoặc 12 chữ số, hoặc để trống."))
    if not name or len(name) > 100 or not all(c.isalpha() or c in " '-." for c in name):
        raise CccdError(tr("Họ tên trong mã QR căn cước không hợp lệ."))
    birth = _date(born, tr("ngày sinh"))
    if sex.lower() not in SEXES:
        raise CccdError(tr("Giới tính trong mã QR căn cước phải là Nam hoặc Nữ."))
    if not address or len(address) > 300:
        raise CccdError(tr("Nơi thường trú trong mã QR căn cước không hợp lệ."))
    issued = _date(parts[6], tr("ngày cấp")) if len(parts) == 7 and parts[6] else None
    if issued is not None and issued < birth:
        raise CccdError(tr("Ngày cấp trong mã QR căn cước sớm hơn ngày sinh."))
    return CccdCard(id_number, old_id, " ".join(name.split()), birth, SEXES[sex.lower()], " ".join(address.split()),
                    issued)


def _date(text: str, what: str) -> date:
    match = _DATE_RE.match(text)
    try:
        if match is None:
            raise ValueError(text)
        value = date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        raise CccdError(tr("Mã QR căn cước có {what} không hợp lệ (cần dạng ngàythángnăm, ví dụ 01021990).",
                           what=what)) from None
    if value.year < 1900:
        raise CccdError(tr("Mã QR căn cước có {what} không hợp lệ (cần dạng ngàythángnăm, ví dụ 01021990).",
                           what=what))
    return value
