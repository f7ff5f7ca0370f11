"""The states a ticket and a dossier go through, and the moves between them.

The store writes only these values and only these moves; a screen that shows
a state or offers an action reads them from here, never from bare strings.
The values are the words stored in the database (the members are `str`, so
`TicketStatus.waiting == "waiting"`).
"""

from __future__ import annotations

from enum import StrEnum


class TicketStatus(StrEnum):
    """A queue ticket (phiếu số thứ tự), from the kiosk to the end of the day."""

    waiting = "waiting"  # in its field's queue (also after a transfer or a no-show's return)
    called = "called"  # shown and spoken at a counter
    serving = "serving"  # the citizen is at the counter
    parked = "parked"  # set aside at the counter (fetching a paper)
    no_show = "no_show"  # called and never came; may be put back in the queue
    done = "done"  # served
    cancelled = "cancelled"  # voided by a clerk; the number is never reused
    expired = "expired"  # still open when its day ended


T = TicketStatus
TICKET_MOVES: dict[TicketStatus, frozenset[TicketStatus]] = {
    T.waiting: frozenset({T.called, T.cancelled, T.expired}),
    T.called: frozenset({T.called, T.serving, T.done, T.no_show, T.parked, T.waiting, T.cancelled, T.expired}),
    T.serving: frozenset({T.done, T.parked, T.waiting, T.expired}),
    T.parked: frozenset({T.serving, T.cancelled, T.expired}),
    T.no_show: frozenset({T.waiting, T.cancelled}),
    T.done: frozenset(),
    T.cancelled: frozenset(),
    T.expired: frozenset(),
}
"""Where each ticket state may go next (called → called is a recall; → waiting is a transfer)."""

TICKET_OPEN = (T.waiting, T.called, T.serving, T.parked)
"""Not finished yet: expired when the day ends."""
TICKET_AT_COUNTER = (T.called, T.serving)
"""A counter's current ticket."""


class DossierStatus(StrEnum):
    """A dossier (hồ sơ) from the counter's intake to the citizen's result."""

    received = "received"  # tiếp nhận
    processing = "processing"  # handed to the agency that decides
    supplement_requested = "supplement_requested"  # the citizen must add papers
    resolved = "resolved"  # the result is at the counter
    returned = "returned"  # the citizen has the result
    refused = "refused"  # not accepted at intake


D = DossierStatus
DOSSIER_MOVES: dict[DossierStatus, frozenset[DossierStatus]] = {
    D.received: frozenset({D.processing, D.supplement_requested, D.resolved}),
    D.processing: frozenset({D.processing, D.supplement_requested, D.resolved}),
    D.supplement_requested: frozenset({D.received}),
    D.resolved: frozenset({D.returned}),
    D.returned: frozenset(),
    D.refused: frozenset(),
}
"""Where each dossier state may go next; a new dossier starts `received` or `refused`."""

DOSSIER_OPEN = (D.received, D.processing, D.supplement_requested)
"""Still being handled: counted for due and overdue."""


def can_move(current: str, to: str) -> bool:
    """True when a ticket or a dossier in state `current` may go to `to`."""
    names_t, names_d = TicketStatus.__members__, DossierStatus.__members__
    if current in names_t and to in names_t:
        return TicketStatus(to) in TICKET_MOVES[TicketStatus(current)]
    if current in names_d and to in names_d:
        return DossierStatus(to) in DOSSIER_MOVES[DossierStatus(current)]
    return False
