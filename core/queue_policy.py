"""Who is called next: the priority policy (chính sách ưu tiên).

`strict`: priority tickets (người cao tuổi, người khuyết tật, phụ nữ mang
thai, người có công, trẻ em) are always called before regular ones.
`interleave N`: priority first, but after N priority calls in a row at a
counter one regular ticket is called, so the regular queue never starves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.i18n import tr

_INTERLEAVE = re.compile(r"^interleave[\s:=]*(\d+)$")


@dataclass(frozen=True)
class QueuePolicy:
    interleave: int | None = None  # None = strict

    @classmethod
    def parse(cls, text: str | None) -> "QueuePolicy":
        """Read "strict" or "interleave N" (also "interleave:N")."""
        value = (text or "strict").strip().lower()
        if value == "strict":
            return cls()
        match = _INTERLEAVE.match(value)
        if match and int(match[1]) >= 1:
            return cls(int(match[1]))
        raise cls.refusal(text)

    @staticmethod
    def refusal(text: str | None) -> ValueError:
        """What is said of a policy that cannot be followed."""
        return ValueError(tr("Chính sách ưu tiên không hợp lệ: {value} (dùng strict hoặc interleave N)", value=text))

    def priority_first(self, priority_streak: int) -> bool:
        """Should the counter look at priority tickets first, given its run of priority calls?"""
        return self.interleave is None or priority_streak < self.interleave

    def __str__(self) -> str:
        return "strict" if self.interleave is None else f"interleave {self.interleave}"
