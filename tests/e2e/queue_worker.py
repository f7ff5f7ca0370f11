"""A station process for the concurrency tests: waits for "go" on stdin, then works.

    python queue_worker.py issue URL N SERVICE [SERVICE…]   issue N tickets, alternating services
    python queue_worker.py call URL USERNAME PASSWORD COUNTER  call until nobody waits
    python queue_worker.py issue-forever URL SERVICE           issue until killed
Prints one JSON line with what it did.
"""

from __future__ import annotations

import json
import sys

from db import Store


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
    if action == "issue":
        n, services = int(argv[2]), argv[3:]
        codes = [store.queue.issue_ticket(services[i % len(services)]).code for i in range(n)]
        print(json.dumps({"codes": codes}), flush=True)
    elif action == "call":
        clerk = store.login(argv[2], argv[3])
        counter, called = int(argv[4]), []
        while (t := clerk.queue.call_next(counter)) is not None:
            called.append(t.id)
        print(json.dumps({"called": called}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
