"""A year of a district office, generated (seeded) and written in bulk: ~200,000 tickets, ~66,000 dossiers.

Used by the report tests, which compute the expected figures from these same rows in
plain Python, and by bench/bench_reports.py.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from db.models import Counter, Dossier, Procedure, Rating, Service, Ticket, User

VN = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = 2025


def working_days(year: int = YEAR) -> list[date]:
    day, out = date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


def generate(store, tickets_per_day: int = 800, dossiers_per_day: int = 264, seed: int = 7) -> dict:
    """Write the year into `store`'s database; returns the rows written (plain dicts) and the lookups."""
    rnd = random.Random(seed)
    with store.ctx.read() as s:
        services = {r.id: (r.prefix, r.sla_minutes, r.name) for r in s.scalars(select(Service)).all()}
        counters = [c.id for c in s.scalars(select(Counter)).all()]
        clerks = [u.id for u in s.scalars(select(User).where(User.role == "clerk")).all()]
        procedures = [(p.id, p.service_id) for p in s.scalars(select(Procedure)).all()]
    office = store.office().id
    tickets, dossiers, ratings = [], [], []
    numbers: dict[tuple, int] = {}
    for day in working_days():
        for _ in range(tickets_per_day):
            sid = rnd.choice(list(services))
            number = numbers[(sid, day)] = numbers.get((sid, day), 0) + 1
            issued = datetime.combine(day, time(7, 30), VN) + timedelta(minutes=rnd.uniform(0, 540))
            roll = rnd.random()
            status = "done" if roll < 0.85 else "no_show" if roll < 0.92 else "cancelled" if roll < 0.95 else "expired"
            called = issued + timedelta(minutes=rnd.expovariate(1 / 12)) if status in ("done", "no_show") else None
            started = called + timedelta(minutes=1) if status == "done" else None
            finished = started + timedelta(minutes=rnd.expovariate(1 / 8)) if started else None
            tickets.append({
                "office_id": office, "service_id": sid, "issued_service_id": sid, "day": day, "number": number,
                "code": f"{services[sid][0]}{number:03d}", "priority": "elderly" if rnd.random() < 0.1 else None,
                "status": status, "issued_at": issued, "queue_at": issued, "called_at": called,
                "first_called_at": called, "started_at": started, "finished_at": finished,
                "counter_id": rnd.choice(counters) if called else None, "user_id": rnd.choice(clerks) if called else None,
                "target_counter_id": None, "from_service_id": None, "call_count": 1 if called else 0,
                "print_status": "printed", "kiosk": "", "note": "",
            })
        for seq in range(1, dossiers_per_day + 1):
            pid, sid = rnd.choice(procedures)
            received = datetime.combine(day, time(7, 30), VN) + timedelta(minutes=rnd.uniform(0, 540))
            due = datetime.combine(day + timedelta(days=rnd.choice((1, 3, 7, 14))), time(11, 30), VN)
            roll = rnd.random()
            resolved = None
            if roll < 0.90:
                outcome = rnd.random()
                resolved = (due - timedelta(days=rnd.randint(1, 3), hours=1) if outcome < 0.40
                            else due - timedelta(hours=rnd.uniform(0.5, 3)) if outcome < 0.85
                            else due + timedelta(days=rnd.randint(1, 5)))
            returned = resolved + timedelta(hours=rnd.uniform(1, 48)) if resolved and rnd.random() < 0.8 else None
            late = resolved is not None and resolved > due
            dossiers.append({
                "office_id": office, "code": f"000.00.20.H10-{day:%y%m%d}-{seq:04d}", "day": day, "seq": seq,
                "procedure_id": pid, "service_id": sid, "ticket_id": None, "applicant_name": "Nguyễn Văn A",
                "applicant_id_number": "", "phone": "", "email": "", "address": "",
                "channel_in": rnd.choices(("direct", "postal", "online"), (70, 10, 20))[0], "channel_out": "direct",
                "documents": [], "status": "returned" if returned else "resolved" if resolved else "processing",
                "received_at": received, "due_at": due, "original_due_at": due, "received_by": rnd.choice(clerks),
                "counter_id": None, "handled_by_agency": "", "resolved_at": resolved, "returned_at": returned,
                "returned_to": "", "return_channel": ("postal" if rnd.random() < 0.1 else "direct") if returned else "",
                "tracking_number": "", "apology_count": 1 if late and rnd.random() < 0.7 else 0, "note": "",
            })
    with store.engine.begin() as c:
        for start in range(0, len(tickets), 20_000):
            c.execute(Ticket.__table__.insert().returning(Ticket.__table__.c.id), tickets[start:start + 20_000])
    with store.ctx.read() as s:
        done = s.execute(select(Ticket.id, Ticket.counter_id, Ticket.user_id, Ticket.finished_at)
                         .where(Ticket.status == "done")).all()
    for tid, cid, uid, finished in done:
        if rnd.random() < 0.3:
            ratings.append({"ticket_id": tid, "counter_id": cid, "user_id": uid, "at": finished,
                            "score": rnd.choices((3, 2, 1), (60, 30, 10))[0]})
    with store.engine.begin() as c:
        for start in range(0, len(dossiers), 20_000):
            c.execute(Dossier.__table__.insert(), dossiers[start:start + 20_000])
        for start in range(0, len(ratings), 20_000):
            c.execute(Rating.__table__.insert(), ratings[start:start + 20_000])
    return {"tickets": tickets, "dossiers": dossiers, "ratings": ratings, "services": services}
