"""The count of waiting tickets the database keeps (migration 0013), on SQLite and PostgreSQL: whatever
a day of queue work does to the tickets, the tally says what counting the tickets says, and a kiosk's
"people ahead" is read from it."""

from __future__ import annotations

import random
from dataclasses import replace

from sqlalchemy import func, select, text

from db.demo import USERS
from db.errors import StoreError
from db.models import Ticket
from db.store.base import KIOSK
from db.store.issuing import UNCONFIRMED
from tally_check import tally_and_count

# the demo office's clerks, one at each of its counters
CLERKS = dict(enumerate(((user, password) for user, _, password, role in USERS if role == "clerk"), 1))
FIELDS = "ABCDEFGH"


def test_every_queue_step_keeps_the_tally_equal_to_the_tickets_waiting(demo_store, clock):
    rng = random.Random(20261130)
    staff = {n: demo_store.login(user, password) for n, (user, password) in CLERKS.items()}
    kiosk = demo_store.acting_as(replace(KIOSK, station="kiosk-sanh"))
    seen: set[str] = set()

    def step() -> str:
        op = rng.choice(["issue", "issue", "issue", "unconfirmed", "priority", "call", "call", "call_ticket", "serve",
                         "finish", "no_show", "park", "resume", "reactivate", "transfer_field", "transfer_counter",
                         "cancel", "recall", "minutes"])
        n, clerk = rng.choice(list(staff.items()))
        wanted = {"resume": ("parked",), "reactivate": ("no_show",), "call_ticket": ("waiting",),
                  "cancel": ("waiting", "called", "no_show")}.get(op)
        some = [t.code for t in demo_store.queue.tickets_today(wanted)] if wanted else []
        code = rng.choice(some) if some else "A001"
        field = rng.choice(FIELDS)
        steps = {
            "issue": lambda: demo_store.queue.issue_ticket(field),
            # a kiosk's number it never learned of: cancelled by rule two minutes on
            "unconfirmed": lambda: kiosk.queue.issue_ticket(field, request_id=f"r{rng.random()}"),
            "priority": lambda: demo_store.queue.issue_ticket(field, rng.choice(["elderly", "disabled"])),
            "call": lambda: clerk.queue.call_next(n),
            "call_ticket": lambda: clerk.queue.call_ticket(n, code),
            "serve": lambda: clerk.queue.start_serving(n),
            "finish": lambda: clerk.queue.finish(n),
            "no_show": lambda: clerk.queue.mark_no_show(n),
            "park": lambda: clerk.queue.park(n),
            "resume": lambda: clerk.queue.resume(n, code),
            "reactivate": lambda: clerk.queue.reactivate(code),
            "transfer_field": lambda: clerk.queue.transfer(n, service=field),
            "transfer_counter": lambda: clerk.queue.transfer(n, to_counter=rng.choice([c for c in CLERKS if c != n])),
            "cancel": lambda: clerk.queue.cancel(code, "citizen left"),
            "recall": lambda: clerk.queue.recall(n),
            "minutes": lambda: clock.advance(minutes=rng.choice([1, 3])),
        }
        steps[op]()
        return op

    for _day in range(3):
        for _ in range(250):
            try:
                seen.add(step())
            except StoreError:  # a step that does not apply now (nobody at the counter, a ticket already gone)
                pass
            tallied, counted = tally_and_count(demo_store)
            assert tallied == counted
        assert sum(n for n, _ in counted.values()) > 0  # the day ends with people still waiting…
        clock.advance(days=1)
        demo_store.queue.issue_ticket("A")  # …whose tickets expire with the new day
        tallied, counted = tally_and_count(demo_store)
        assert tallied == counted and len(counted) == 1
    assert len(seen) == 16, " ".join(sorted(seen))  # every kind of step happened…
    with demo_store.ctx.read() as s:  # …the rule's cancel of numbers no kiosk confirmed included
        assert s.scalar(select(func.count()).where(Ticket.note == UNCONFIRMED)) > 0

    # a ticket taken out of the database by hand is taken out of the tally too
    gone = demo_store.queue.waiting("A")[0]
    with demo_store.engine.begin() as c:
        c.execute(text("DELETE FROM tickets WHERE id = :id"), {"id": gone.id})
    tallied, counted = tally_and_count(demo_store)
    assert tallied == counted and (gone.service_id, str(gone.day)) not in tallied


def test_people_ahead_come_from_the_tally_on_every_issue_path(demo_store, clerk):
    for _ in range(3):
        demo_store.queue.issue_ticket("A")
    demo_store.queue.issue_ticket("A", "elderly")
    clerk.queue.call_next(1)  # the priority ticket first
    clerk.queue.call_next(1)  # A001
    plain = demo_store.queue.issue_ticket("A")
    assert plain.ahead == 2  # A002, A003
    kiosk = demo_store.acting_as(replace(KIOSK, station="kiosk-sanh"))
    first = kiosk.queue.issue_ticket("A", request_id="touch-1")
    again = kiosk.queue.issue_ticket("A", request_id="touch-1")  # a retry: the same ticket, not one more
    assert (again.id, first.ahead) == (first.id, 3)
    tallied, counted = tally_and_count(demo_store)
    assert tallied == counted and counted[(first.service_id, str(first.day))] == (4, 0)


def test_an_upgrade_counts_the_tickets_already_waiting(demo_store, clerk):
    from alembic import command

    from db.migrate import alembic_config, upgrade

    for key in "AAABBG":
        demo_store.queue.issue_ticket(key)
    demo_store.queue.issue_ticket("B", "elderly")
    clerk.queue.call_next(1)
    with demo_store.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0012_call_next_function")
    upgrade(demo_store.engine)
    tallied, counted = tally_and_count(demo_store)
    assert tallied == counted and sorted(counted.values()) == [(1, 0), (2, 0), (3, 1)]
    assert demo_store.queue.issue_ticket("B").ahead == 3
