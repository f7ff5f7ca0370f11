"""The operation runner and the live view on their own: one action per key, answers for closed widgets
dropped, one read at a time, stale answers never shown, reads again on changes, reconnection and a new day."""

from __future__ import annotations

import threading
from datetime import date, datetime

import shiboken6
from PySide6.QtWidgets import QWidget

from db.events import EventKind, EventRecord, Topic
from ui.live import LiveRead
from ui.runner import Runner

WAIT = 20000


def event(kind: EventKind) -> EventRecord:
    return EventRecord(id=1, kind=kind, created_at=datetime(2026, 11, 25))


class Gate:
    """A read that waits until the test lets it answer, and returns what the source says at that moment."""

    def __init__(self):
        self.source = 0
        self.started = 0
        self.open = threading.Event()
        self.open.set()

    def __call__(self):
        self.started += 1
        self.open.wait(10)
        return self.source


def test_a_second_action_of_the_same_key_is_refused_while_the_first_is_out(qtbot):
    runner = Runner()
    gate = threading.Event()
    busy, done = [], []
    runner.sig_key_busy.connect(lambda key, on: busy.append((key, on)))
    assert runner.run(gate.wait, 10, key="queue", on_done=lambda r: done.append(1))
    assert not runner.run(lambda: done.append("second ran"), key="queue")
    assert runner.run(lambda: None, key="other")  # other keys are not held up
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)
    assert done == [1] and busy[:1] == [("queue", True)] and ("queue", False) in busy
    assert runner.run(lambda: None, key="queue")  # free again
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)


def test_callbacks_die_with_their_widget_but_the_change_is_still_announced(qtbot):
    runner = Runner()
    widget = QWidget()
    gate, shown, changed = threading.Event(), [], []
    runner.sig_changed.connect(changed.append)
    runner.run(gate.wait, 10, owner=widget, on_done=lambda r: shown.append(widget.objectName()),
               changes={Topic.queue}, key="queue")
    widget.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(widget), timeout=WAIT)
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)
    assert shown == []
    assert [(c.changes, c.key, c.initiator is widget) for c in changed] == [(frozenset({Topic.queue}), "queue", True)]


def test_one_read_at_a_time_and_an_answer_older_than_a_change_is_never_shown(qtbot):
    runner, owner, gate = Runner(), QWidget(), Gate()
    shown = []
    live = LiveRead(runner, gate, shown.append, owner=owner, topics={Topic.queue}, delay_ms=0)
    gate.open.clear()
    live.refresh_now()
    qtbot.waitUntil(lambda: gate.started == 1, timeout=WAIT)
    gate.source = 1  # the store changes while the read is out ...
    live.on_events([event(EventKind.ticket_called)])
    live.refresh_now()  # ... and someone asks again: still one read out
    assert gate.started == 1 and live.reading
    gate.open.set()
    qtbot.waitUntil(lambda: shown == [1], timeout=WAIT)  # the first answer (maybe 0) was dropped
    assert gate.started == 2 and not live.reading
    qtbot.wait(200)
    assert shown == [1] and gate.started == 2


def test_it_reads_again_for_its_topics_and_the_apps_own_actions_only(qtbot):
    runner, owner, gate = Runner(), QWidget(), Gate()
    shown = []
    live = LiveRead(runner, gate, shown.append, owner=owner, topics={Topic.catalog}, delay_ms=0)
    live.refresh_now()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=WAIT)
    live.on_events([event(EventKind.ticket_issued), event(EventKind.notices_changed)])
    runner.run(lambda: None, changes={Topic.queue})
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)
    qtbot.wait(100)
    assert gate.started == 1
    gate.source = 2
    live.on_events([event(EventKind.catalog_changed)])
    qtbot.waitUntil(lambda: shown[-1] == 2, timeout=WAIT)
    gate.source = 3
    runner.run(lambda: None, changes={Topic.catalog})
    qtbot.waitUntil(lambda: shown[-1] == 3, timeout=WAIT)


def test_it_reads_again_on_reconnection_and_on_a_new_day(qtbot):
    runner, owner, gate = Runner(), QWidget(), Gate()
    today = [date(2026, 11, 25)]
    shown = []
    live = LiveRead(runner, gate, shown.append, owner=owner, delay_ms=0, day=lambda: today[0])
    live.refresh_now()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=WAIT)
    live.on_connection(False)
    gate.source = 1
    live.on_connection(True)
    qtbot.waitUntil(lambda: shown[-1] == 1, timeout=WAIT)
    gate.source = 2
    today[0] = date(2026, 11, 26)
    qtbot.waitUntil(lambda: shown[-1] == 2, timeout=WAIT)


def test_a_hidden_part_reads_what_changed_when_it_is_shown(qtbot):
    runner, owner, gate = Runner(), QWidget(), Gate()
    qtbot.addWidget(owner)
    shown = []
    live = LiveRead(runner, gate, shown.append, owner=owner, topics={Topic.office}, delay_ms=0, only_visible=True)
    live.on_events([event(EventKind.office_changed)])
    qtbot.wait(150)
    assert gate.started == 0 and live.stale
    owner.show()
    qtbot.waitUntil(lambda: shown == [0], timeout=WAIT)
