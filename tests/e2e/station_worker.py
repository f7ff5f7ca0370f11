"""A station process of an office server: it has a credential, never a database address.

    python station_worker.py kiosk SERVICE N             issue N tickets; prints their codes, days, waits
    python station_worker.py counter USER PASSWORD COUNTER   sign in, call the next ticket, serve and finish it
    python station_worker.py display                     print "ready", then the first call it sees pushed
    python station_worker.py clock                       the clock warning this PC would show
    python station_worker.py admin USER PASSWORD code KIND NAME   a manager's join code made through the server
    python station_worker.py admin USER PASSWORD list             the stations enrolled, as the admin page lists them

Settings come from MOTCUA_CONFIG (server + credential). Prints one JSON line per result.
"""

from __future__ import annotations

import json
import sys

from core.settings import load_settings
from db.remote import listener_for, open_store


def main(argv: list[str]) -> None:
    settings = load_settings()
    store = open_store(settings)
    action = argv[0]
    if action == "kiosk":
        tickets = [store.queue.issue_ticket(argv[1]) for _ in range(int(argv[2]))]
        for ticket in tickets:
            store.queue.mark_printed(ticket.id, True)
        print(json.dumps({"codes": [t.code for t in tickets], "days": [t.day.isoformat() for t in tickets],
                          "issued": [t.issued_at.isoformat() for t in tickets], "ahead": [t.ahead for t in tickets],
                          "waits": [t.wait_minutes for t in tickets], "warning": store.clock_warning(),
                          "today": store.business_day().isoformat()}, ensure_ascii=False), flush=True)
    elif action == "counter":
        clerk = store.login(argv[1], argv[2])
        ticket = clerk.queue.call_next(int(argv[3]))
        clerk.queue.start_serving(int(argv[3]))
        done = clerk.queue.finish(int(argv[3]))
        print(json.dumps({"called": ticket.code, "finished": done.status.value, "clerk": clerk.actor.full_name}, ensure_ascii=False), flush=True)
    elif action == "display":
        listener = listener_for(settings.server)
        listener.start_from_latest()
        board = store.queue.display_board()
        print(json.dumps({"ready": True, "board": type(board).__name__}), flush=True)
        while True:
            for event in listener.wait(1.0):
                if event.call is not None:
                    print(json.dumps({"call": event.call.code, "counter": event.call.counter_number}), flush=True)
                    return
    elif action == "admin":
        manager = store.login(argv[1], argv[2])
        if argv[3] == "code":
            info = manager.setup.create_join_code(argv[4], argv[5])
            print(json.dumps({"code": info.code, "expires_at": info.expires_at.isoformat(),
                              "fingerprint": info.fingerprint}), flush=True)
        else:
            print(json.dumps([{"name": s.name, "kind": s.kind, "revoked": s.revoked_at is not None,
                               "seen": s.last_seen_at is not None} for s in manager.setup.stations_enrolled()],
                             ensure_ascii=False), flush=True)
    elif action == "clock":
        store.office()
        print(json.dumps({"warning": store.clock_warning()}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
