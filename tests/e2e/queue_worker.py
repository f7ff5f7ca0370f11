"""A station process for the concurrency tests: waits for "go" on stdin, then works.

    python queue_worker.py issue URL N SERVICE [SERVICE…]   issue N tickets, alternating services
    python queue_worker.py call URL USERNAME PASSWORD COUNTER  call until nobody waits
    python queue_worker.py issue-forever URL SERVICE           issue until killed
Prints one JSON line with what it did.

A write that found the database busy past its time-out (StoreUnavailable: on a loaded machine a dozen
processes hammering one SQLite file can starve one for 15 s) is asked again, as the clerk presses F1
again (a busy SQLite file refuses BEGIN IMMEDIATE, so nothing of it was written): these tests prove that no number is
doubled, skipped or called twice; bench/ measures the waits.
"""

from __future__ import annotations

import json
import sys

from db import Store
from db.errors import StoreUnavailable


def again(operation, busy: list[int]):
    """`operation()`, asked again while the store is busy (the times are counted in `busy`)."""
    while True:
        try:
            return operation()
        except StoreUnavailable:
            busy[0] += 1


def main(argv: list[str]) -> None:
    action, url = argv[0], argv[1]
    store = Store.open(url, migrate=False)
    store.office()
    if action == "issue-forever":
        print("ready", flush=True)
        while True:
            store.queue.issue_ticket(argv[2])
    print("ready", flush=True)
    sys.stdin.readline()  # the starting gun: every process begins together
    busy = [0]
    if action == "issue":
        n, services = int(argv[2]), argv[3:]
        codes = [again(lambda: store.queue.issue_ticket(services[i % len(services)]), busy).code for i in range(n)]
        print(json.dumps({"codes": codes, "busy": busy[0]}), flush=True)
    elif action == "call":
        clerk = store.login(argv[2], argv[3])
        counter, called = int(argv[4]), []
        while (t := again(lambda: clerk.queue.call_next(counter), busy)) is not None:
            called.append(t.id)
        print(json.dumps({"called": called, "busy": busy[0]}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
