"""The waiting tally (migration 0013) beside the tickets themselves: the two must always agree."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models import Ticket, WaitingTally


def tally_and_count(store) -> tuple[dict, dict]:
    """(field, day) → (waiting, of them priority): as the tally keeps it, and as the tickets are."""
    with store.ctx.read() as s:
        counted = {(sid, str(day)): (n, p) for sid, day, n, p in s.execute(
            select(Ticket.service_id, Ticket.day, func.count(), func.count(Ticket.priority))
            .where(Ticket.status == "waiting").group_by(Ticket.service_id, Ticket.day))}
        tallied = {(sid, str(day)): (int(n), int(p)) for sid, day, n, p in s.execute(
            select(WaitingTally.service_id, WaitingTally.day, func.sum(WaitingTally.waiting),
                   func.sum(WaitingTally.waiting_priority))
            .group_by(WaitingTally.service_id, WaitingTally.day)) if n or p}
    return tallied, counted
