"""Which calls the display still has to speak, and in what order (no Qt here).

Policy (bounded, so a burst never leaves the room listening to stale calls):
- calls are spoken one at a time, in the order they were made;
- at most `max_pending` calls wait behind the one being spoken (4 by default:
  a call lasts ~7 s, so the last call of a burst is heard within ~35 s);
- when the queue is full, the oldest waiting *first* call is dropped (a
  recall means the citizen did not come: it is kept over a first call); if
  every waiting entry is a recall, the oldest recall goes; the newest call is
  always kept;
- a ticket waits at most once: if it is called again (a recall, or a call
  to another counter) before its first announcement was spoken, the older
  entry is replaced by the newer one at the end of the queue, so the room
  never hears the same number twice in a row for one call;
- a call already being spoken is never cut off; a recall that comes while
  its own first call is playing is spoken after it (the clerk asked for it).

Dropped calls stay on the board; only their voice is skipped (and logged).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

MAX_PENDING = 4


@dataclass(frozen=True)
class Announcement:
    """One call to be spoken: "Mời công dân có số thứ tự <code> đến quầy số <counter>"."""

    code: str
    counter_number: int
    recall: bool = False
    event_id: int = 0
    at: datetime | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        return self.code.upper()


class CallQueue:
    """The waiting announcements; `on_drop(announcement, reason)` hears every one left unspoken."""

    def __init__(self, max_pending: int = MAX_PENDING,
                 on_drop: Callable[[Announcement, str], None] | None = None):
        if max_pending < 1:
            raise ValueError("max_pending must be at least 1")
        self.max_pending = max_pending
        self.on_drop = on_drop or (lambda a, reason: None)
        self._pending: deque[Announcement] = deque()

    def __len__(self) -> int:
        return len(self._pending)

    def pending(self) -> list[Announcement]:
        return list(self._pending)

    def push(self, item: Announcement) -> None:
        """Queue `item` behind the others, applying the policy above."""
        for old in [a for a in self._pending if a.key == item.key]:
            self._pending.remove(old)
            self.on_drop(old, "superseded")
        self._pending.append(item)
        while len(self._pending) > self.max_pending:
            waiting = list(self._pending)[:-1]  # the newest is always kept
            victim = next((a for a in waiting if not a.recall), waiting[0])
            self._pending.remove(victim)
            self.on_drop(victim, "queue_full")

    def pop(self) -> Announcement | None:
        """The next announcement to speak, or None."""
        return self._pending.popleft() if self._pending else None

    def clear(self) -> None:
        self._pending.clear()
