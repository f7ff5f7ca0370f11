"""A clerk's own figures and the citizen's rating, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from db.errors import InvalidInput, InvalidState, PermissionDenied


@pytest.fixture
def clerk(demo_store):
    clerk = demo_store.login("mai", "mai12345")
    clerk.queue.open_counter(3)
    return clerk


def test_figures_count_served_and_mean_service_time(demo_store, clerk, clock):
    for _ in range(3):
        demo_store.queue.issue_ticket("B")
    assert clerk.queue.clerk_figures().served == 0 and clerk.queue.clerk_figures().mean_service_minutes is None
    clerk.queue.call_next(3)
    clerk.queue.start_serving(3)
    clock.advance(minutes=4)
    clerk.queue.finish(3)
    clerk.queue.call_next(3)
    clerk.queue.start_serving(3)
    clock.advance(minutes=8)
    clerk.queue.finish(3)
    clerk.queue.call_next(3)
    clerk.queue.mark_no_show(3)
    figures = clerk.queue.clerk_figures()
    assert (figures.served, figures.no_show, figures.mean_service_minutes) == (2, 1, 6.0)
    other = demo_store.login("lan", "lan12345")
    assert other.queue.clerk_figures().served == 0  # figures are the clerk's own
    clock.advance(days=1)
    assert clerk.queue.clerk_figures().served == 0  # and today's only


def test_rating_is_stored_against_ticket_counter_and_clerk(demo_store, clerk):
    from sqlalchemy import select

    from db.models import Counter, Rating

    t = demo_store.queue.issue_ticket("B")
    with pytest.raises(InvalidState):
        clerk.queue.record_rating(t.id, 3)  # not served yet
    clerk.queue.call_next(3)
    clerk.queue.start_serving(3)
    clerk.queue.finish(3)
    with pytest.raises(InvalidInput):
        clerk.queue.record_rating(t.id, 5)
    with pytest.raises(PermissionDenied):
        demo_store.queue.record_rating(t.id, 3)  # the kiosk actor cannot rate
    clerk.queue.record_rating(t.id, 3)
    with pytest.raises(InvalidState):
        clerk.queue.record_rating(t.id, 1)  # once per ticket
    with demo_store.ctx.read() as s:
        rating = s.scalars(select(Rating)).one()
        counter = s.get(Counter, rating.counter_id)
    assert (rating.ticket_id, counter.number, rating.user_id, rating.score) == (t.id, 3, clerk.actor.user_id, 3)
    assert clerk.queue.clerk_figures().ratings == {3: 1}
