"""Screenshots of the manager's Reports page on the demo office after eight working days of activity.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_admin_reports.py
"""

from __future__ import annotations

import os
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from screenshots import VN, demo_store, save, settle, wait_until  # noqa: E402
from screenshots_counter import Clock  # noqa: E402
from ui.app import qt_app  # noqa: E402

DAYS = [date(2026, 11, d) for d in (16, 17, 18, 19, 20, 23, 24, 25)]
# field prefix → (share of the day's tickets, counters that serve it, a procedure to receive)
FIELDS = {"A": (5, (1, 2), "1.004193.000.00.00.H10"), "B": (4, (3, 4), "1.000894.000.00.00.H10"),
          "G": (3, (4, 3), None), "C": (2, (5,), "1.001758.000.00.00.H10"), "D": (1, (6,), None),
          "E": (1, (2,), "1.009996.000.00.00.H10"), "H": (1, (6, 1), None)}
CLERKS = {1: ("lan", "lan12345"), 2: ("hung", "hung12345"), 3: ("mai", "mai12345"), 4: ("tuan", "tuan12345"),
          5: ("thao", "thao12345"), 6: ("khoa", "khoa12345")}
NAMES = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Long", "Phạm Thị Dung", "Võ Minh Đức", "Huỳnh Thị Hoa"]


def busy_office(store, clock: Clock) -> None:
    """Tickets served and rated, dossiers received and resolved early, on time or late, over DAYS."""
    rng = random.Random(7)
    clerks = {}
    for number, (user, password) in CLERKS.items():
        clerks[number] = store.login(user, password)
        clerks[number].queue.open_counter(number)
    last = datetime.combine(DAYS[-1], datetime.min.time(), VN).replace(hour=16, minute=30)
    received = []
    for day in DAYS:
        morning = datetime.combine(day, datetime.min.time(), VN)
        count = 26 + rng.randrange(14)
        prefixes = rng.choices(list(FIELDS), weights=[f[0] for f in FIELDS.values()], k=count)
        hours = rng.choices(range(7, 17), weights=[4, 9, 10, 8, 3, 1, 5, 7, 6, 3], k=count)
        times = sorted(morning + timedelta(hours=h, minutes=rng.randrange(60)) for h in hours)
        for prefix, at in zip(prefixes, times):
            clock.at = at
            store.queue.issue_ticket(prefix)
            counter = rng.choice(FIELDS[prefix][1])
            clerk = clerks[counter]
            clock.at += timedelta(minutes=rng.randrange(2, 30))
            ticket = clerk.queue.call_next(counter)
            if ticket is None:
                continue
            if rng.random() < 0.07:
                clerk.queue.mark_no_show(counter)
                continue
            clerk.queue.start_serving(counter)
            clock.at += timedelta(minutes=rng.randrange(3, 18))
            clerk.queue.finish(counter)
            if rng.random() < 0.7:
                clerk.queue.record_rating(ticket.id, rng.choices((3, 2, 1), weights=(6, 3, 1))[0])
            procedure = FIELDS[prefix][2]
            if procedure and rng.random() < 0.5:
                received.append(clerk.dossiers.receive_dossier(procedure=procedure, applicant_name=rng.choice(NAMES),
                                                      ticket_code=ticket.code, counter=counter))
    for dossier in received:  # the results come back early, on the day, late, or not yet
        shift = rng.choice((-1, 0, 0, 1, None))
        if shift is None:
            continue
        clock.at = dossier.due_at + timedelta(days=shift, hours=-1 if shift == 0 else 0)
        if clock.at < last:
            clerks[1].dossiers.mark_resolved(dossier.code)
    clock.at = last


def reports() -> None:
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from admin.reports.qt_reports import QtReportsPage
    from ui.runner import Runner

    clock = Clock(datetime(2026, 11, 16, 7, 0, tzinfo=VN))
    store, settings = demo_store(clock)
    qt_app(settings, "admin")
    busy_office(store, clock)
    window = QWidget()
    window.resize(1400, 900)
    runner = Runner(window)
    page = QtReportsPage(runner, store.as_user("quanly"))
    QVBoxLayout(window).addWidget(page)
    window.show()
    page.refresh()
    wait_until(lambda: page.report is not None and not page.loading)
    save(window, "admin-reports-queue")
    page.choose(kind="dossiers")
    wait_until(lambda: not page.loading)
    save(window, "admin-reports-dossiers")
    page.choose(kind="satisfaction", by="clerk")
    wait_until(lambda: not page.loading)
    save(window, "admin-reports-satisfaction")
    page.choose(kind="ledger")
    wait_until(lambda: not page.loading)
    save(window, "admin-reports-ledger")
    page.choose(kind="monthly", by="field", start=date(2026, 11, 1), end=date(2026, 11, 30))
    wait_until(lambda: not page.loading)
    save(window, "admin-reports-monthly")
    settle(200)
    window.close()


if __name__ == "__main__":
    from screenshots import OUT

    OUT.mkdir(parents=True, exist_ok=True)
    reports()
