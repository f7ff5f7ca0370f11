"""Ticket and dossier states: only the listed moves, and the store refuses the others."""

from __future__ import annotations

import pytest

from core.status import DOSSIER_MOVES, TICKET_MOVES, DossierStatus, TicketStatus, can_move


def test_finished_tickets_and_returned_dossiers_go_nowhere():
    for final in (TicketStatus.done, TicketStatus.cancelled, TicketStatus.expired):
        assert not any(can_move(final, to) for to in TicketStatus)
    assert not any(can_move(DossierStatus.returned, to) for to in DossierStatus)
    assert not any(can_move(DossierStatus.refused, to) for to in DossierStatus)


def test_a_served_ticket_was_called_first_and_a_returned_dossier_resolved_first():
    assert [s for s in TicketStatus if can_move(s, TicketStatus.done)] == [TicketStatus.called, TicketStatus.serving]
    assert [s for s in DossierStatus if can_move(s, DossierStatus.returned)] == [DossierStatus.resolved]
    assert not can_move(TicketStatus.waiting, TicketStatus.done)  # nobody is served without a call


def test_every_state_has_its_moves_and_the_values_are_the_stored_words():
    assert set(TICKET_MOVES) == set(TicketStatus) and set(DOSSIER_MOVES) == set(DossierStatus)
    assert TicketStatus.no_show == "no_show" and f"{DossierStatus.supplement_requested}" == "supplement_requested"
    assert not can_move("waiting", "resolved")  # a ticket state never leads to a dossier one


def test_the_store_refuses_a_move_the_table_does_not_list(demo_store):
    from db.errors import InvalidState

    clerk = demo_store.as_user("lan")
    code = demo_store.queue.issue_ticket("A").code
    assert clerk.queue.call_next(counter=1).code == code
    clerk.queue.finish(counter=1)
    with pytest.raises(InvalidState, match="đã xong"):
        clerk.queue.cancel(code)  # done → cancelled is not a move
    assert demo_store.queue.ticket(code).status == TicketStatus.done
