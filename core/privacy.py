"""What a public screen may show of a person: initials only, never ID numbers or phones."""

from __future__ import annotations


def initials(full_name: str) -> str:
    """"Nguyễn Văn An" → "N. V. A." (the kiosk shows no more of a citizen's name)."""
    parts = [p for p in (full_name or "").split() if p]
    return " ".join(f"{p[0].upper()}." for p in parts)
