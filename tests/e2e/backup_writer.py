"""A busy station for the backup test: issues tickets, calls them and receives dossiers until killed.

    python backup_writer.py URL
After each committed step it prints one JSON line naming what it committed:
{"ticket": id} for an issued ticket, {"dossier": id, "ticket": id} for a dossier received.
Its clock starts at a working Wednesday morning and runs on the monotonic clock, so the
office is open whatever the machine's date.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from db import Store

START = datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
KET_HON = "1.000894.000.00.00.H10"


def main(url: str) -> None:
    began = time.monotonic()
    store = Store.open(url, migrate=False, clock=lambda: START + timedelta(seconds=time.monotonic() - began))
    clerk = store.login("mai", "mai12345")
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        ticket = store.queue.issue_ticket("B")
        print(json.dumps({"ticket": ticket.id}), flush=True)
        if n % 3 == 0:  # every third citizen is served at once and leaves a dossier
            called = clerk.queue.call_next(counter=3)
            dossier = clerk.dossiers.receive_dossier(procedure=KET_HON, applicant_name=f"Công dân {n}",
                                            applicant_id_number=f"{92085000000 + n:012d}", ticket_code=called.code,
                                            counter=3)
            print(json.dumps({"dossier": dossier.id, "ticket": called.id}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
