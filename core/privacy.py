"""What a public screen may show of a person: a masked name, never ID numbers, phones or addresses.

The anonymous actor (kiosk, wall display, public pages) only ever receives masked
personal data (db.store masks it before it leaves the store); clerks and managers
see it whole. A mask keeps enough for the citizen to recognise their own dossier.
"""

from __future__ import annotations

STAR = "*"


def initials(full_name: str) -> str:
    """"Nguyễn Văn An" → "N. V. A." (the kiosk shows no more of a citizen's name)."""
    parts = [p for p in (full_name or "").split() if p]
    return " ".join(f"{p[0].upper()}." for p in parts)


def mask_name(full_name: str) -> str:
    """"Nguyễn Văn An" → "Ng*** V** A": the family name's first two letters, the middle names' first, the
    given name's first; the stars never tell a word's length."""
    parts = [p for p in (full_name or "").split() if p]
    if len(parts) == 1:
        return parts[0][:1] + STAR * 3
    return " ".join([parts[0][:2] + STAR * 3, *(p[:1] + STAR * 2 for p in parts[1:-1]), parts[-1][:1]]) \
        if parts else ""


def mask_digits(number: str) -> str:
    """"012345678945" → "0*********45": the first digit and the last two, as long as the number."""
    number = (number or "").strip()
    if len(number) <= 3:
        return STAR * len(number)
    return number[0] + STAR * (len(number) - 3) + number[-2:]


def mask_email(email: str) -> str:
    """"lan.nguyen@gmail.com" → "l***@gmail.com"."""
    local, at, domain = (email or "").partition("@")
    return f"{local[:1]}{STAR * 3}@{domain}" if at else (STAR * 3 if email else "")


def mask_address(address: str) -> str:
    """"12 Lê Lợi, phường Thốt Nốt, TP Cần Thơ" → "***, TP Cần Thơ": the province only."""
    parts = [p.strip() for p in (address or "").split(",") if p.strip()]
    return f"{STAR * 3}, {parts[-1]}" if len(parts) > 1 else (STAR * 3 if parts else "")
