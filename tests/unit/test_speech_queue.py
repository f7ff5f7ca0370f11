"""The display's speech queue: in order, bounded, a recall kept, one entry per ticket."""

from __future__ import annotations

import pytest

from display.speech_queue import Announcement, CallQueue


def call(code: str, counter: int = 1, recall: bool = False) -> Announcement:
    return Announcement(code=code, counter_number=counter, recall=recall)


def drain(queue: CallQueue) -> list[tuple[str, bool]]:
    out = []
    while (item := queue.pop()) is not None:
        out.append((item.code, item.recall))
    return out


def test_calls_come_out_in_the_order_they_were_made():
    queue = CallQueue(4)
    for code in ("A001", "B001", "C001"):
        queue.push(call(code))
    assert drain(queue) == [("A001", False), ("B001", False), ("C001", False)]
    assert queue.pop() is None


def test_a_burst_keeps_the_newest_and_drops_the_oldest_first_calls():
    dropped = []
    queue = CallQueue(3, on_drop=lambda a, why: dropped.append((a.code, why)))
    for n in range(1, 7):
        queue.push(call(f"A00{n}"))
    assert drain(queue) == [("A004", False), ("A005", False), ("A006", False)]
    assert dropped == [("A001", "queue_full"), ("A002", "queue_full"), ("A003", "queue_full")]


def test_a_recall_is_kept_over_older_first_calls():
    queue = CallQueue(2)
    queue.push(call("B007", 3, recall=True))
    queue.push(call("A001"))
    queue.push(call("A002"))
    assert drain(queue) == [("B007", True), ("A002", False)]


def test_when_only_recalls_wait_the_oldest_recall_goes_and_the_newest_stays():
    queue = CallQueue(2)
    for code in ("A001", "A002", "A003"):
        queue.push(call(code, recall=True))
    assert drain(queue) == [("A002", True), ("A003", True)]


def test_a_ticket_called_again_before_it_was_spoken_is_spoken_once_at_its_new_place():
    dropped = []
    queue = CallQueue(4, on_drop=lambda a, why: dropped.append((a.code, why)))
    queue.push(call("A001", 1))
    queue.push(call("B001", 3))
    queue.push(call("A001", 1, recall=True))
    assert drain(queue) == [("B001", False), ("A001", True)]
    assert dropped == [("A001", "superseded")]


def test_the_queue_needs_room_for_one():
    with pytest.raises(ValueError):
        CallQueue(0)
