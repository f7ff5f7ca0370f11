"""Reports on a generated year (~200,000 tickets, ~66,000 dossiers) match figures computed here, in plain Python."""

from __future__ import annotations

import statistics
from collections import Counter as Tally
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from db.errors import InvalidInput, PermissionDenied

VN = ZoneInfo("Asia/Ho_Chi_Minh")
START, END = date(2025, 1, 1), date(2025, 12, 31)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def year(request, tmp_path_factory, make_database):
    from db import Store
    from year_data import generate

    url = make_database(tmp_path_factory.mktemp("year"), "demo", request.param, label="year")
    store = Store.open(url, clock=lambda: datetime(2026, 1, 5, 8, 0, tzinfo=VN))  # after the generated year
    # a quarter of a district office's daily load, every day of the year: every field, counter, clerk and
    # month is there and the figures are computed from these rows (bench/bench_reports.py keeps the full year)
    data = generate(store, tickets_per_day=200, dossiers_per_day=66)
    yield store.as_user("quanly"), data
    store.close()
    if request.param == "postgresql":
        from pg_tools import _pg_exec
        from sqlalchemy.engine import make_url

        _pg_exec(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def minutes(a, b) -> float:
    return (b - a).total_seconds() / 60


def test_queue_totals_and_times(year):
    manager, data = year
    report = manager.reports.queue_report(START, END, by="field")
    tickets = data["tickets"]
    statuses = Tally(t["status"] for t in tickets)
    total = report.total
    assert (total.issued, total.served, total.no_show, total.cancelled) == (
        len(tickets), statuses["done"], statuses["no_show"], statuses["cancelled"] + statuses["expired"])
    waits = [minutes(t["issued_at"], t["first_called_at"]) for t in tickets if t["first_called_at"]]
    assert total.wait.count == len(waits)
    assert total.wait.mean == pytest.approx(statistics.fmean(waits), abs=0.01)
    assert total.wait.median == pytest.approx(statistics.median(waits), abs=0.01)
    assert total.wait.p90 == pytest.approx(float(np.percentile(waits, 90, method="nearest")), abs=0.01)
    assert total.wait.max == pytest.approx(max(waits), abs=0.01)
    services = [minutes(t["started_at"], t["finished_at"]) for t in tickets if t["finished_at"]]
    assert total.service.median == pytest.approx(statistics.median(services), abs=0.01)
    sla = {sid: v[1] for sid, v in data["services"].items()}
    within = sum(1 for t in tickets if t["first_called_at"] and
                 minutes(t["issued_at"], t["first_called_at"]) <= sla[t["service_id"]])
    assert abs(total.within_target - within) <= 2  # float rounding at the boundary, at most a couple
    per_field = Tally(data["services"][t["service_id"]][0] for t in tickets)
    assert {r.key: r.issued for r in report.rows} == dict(per_field)
    hours = Tally(t["issued_at"].astimezone(VN).hour for t in tickets)
    assert report.by_hour == dict(hours)


def test_queue_by_counter_and_clerk_add_up(year):
    manager, data = year
    for by in ("counter", "clerk"):
        report = manager.reports.queue_report(START, END, by=by)
        assert sum(r.issued for r in report.rows) == len(data["tickets"])
        assert sum(r.served for r in report.rows) == report.total.served


def test_dossier_figures(year):
    manager, data = year
    report = manager.reports.dossier_report(START, END, by="field")
    lo, hi = datetime.combine(START, time.min, VN), datetime.combine(date(2026, 1, 1), time.min, VN)
    ds = data["dossiers"]
    received = [d for d in ds if lo <= d["received_at"] < hi]
    channels = Tally(d["channel_in"] for d in received)
    resolved = [d for d in ds if d["resolved_at"] and lo <= d["resolved_at"] < hi]
    early = [d for d in resolved if d["resolved_at"].astimezone(VN).date() < d["due_at"].astimezone(VN).date()]
    late = [d for d in resolved if d["resolved_at"] > d["due_at"]]
    open_ = [d for d in ds if d["received_at"] < hi and (d["resolved_at"] is None or d["resolved_at"] >= hi)]
    t = report.total
    assert (t.received, t.received_direct, t.received_postal, t.received_online) == (
        len(received), channels["direct"], channels["postal"], channels["online"])
    assert (t.resolved_early, t.resolved_late, t.resolved) == (len(early), len(late), len(resolved))
    assert t.resolved_on_time == len(resolved) - len(early) - len(late)
    assert t.open_overdue == sum(1 for d in open_ if d["due_at"] < hi)
    assert t.open_not_due == sum(1 for d in open_ if d["due_at"] >= hi)
    assert t.returned_by_post == sum(1 for d in ds if d["returned_at"] and lo <= d["returned_at"] < hi
                                     and d["return_channel"] == "postal")
    assert t.apologies == sum(d["apology_count"] for d in received)
    assert t.on_time_rate == pytest.approx((len(resolved) - len(late)) / len(resolved))
    assert sum(r.received for r in report.rows) == t.received


def test_satisfaction_per_counter(year):
    manager, data = year
    report = manager.reports.satisfaction_report(START, END, by="counter")
    scores = Tally(r["score"] for r in data["ratings"])
    assert (report.total.very_satisfied, report.total.satisfied, report.total.unsatisfied) == (
        scores[3], scores[2], scores[1])
    assert sum(r.answers for r in manager.reports.satisfaction_report(START, END, by="clerk").rows) == len(data["ratings"])


def test_xlsx_holds_the_same_numbers(year, tmp_path):
    import openpyxl

    from ui.report_files import write_xlsx

    manager, _ = year
    queue = manager.reports.queue_report(START, END)
    dossiers = manager.reports.dossier_report(START, END)
    path = write_xlsx(tmp_path / "report.xlsx", queue=queue, dossiers=dossiers)
    book = openpyxl.load_workbook(path)
    rows = list(book["Hàng chờ"].iter_rows(values_only=True))
    total = next(r for r in rows if r[1] == "Toàn cơ quan")
    assert total[2:6] == (queue.total.issued, queue.total.served, queue.total.no_show, queue.total.cancelled)
    drow = next(r for r in book["Hồ sơ"].iter_rows(values_only=True) if r[1] == "Toàn cơ quan")
    assert drow[2] == dossiers.total.received


def test_reports_are_for_managers_only(year):
    manager, _ = year
    from db import Store

    clerk = Store(manager.engine).login("lan", "lan12345")
    with pytest.raises(PermissionDenied):
        clerk.reports.queue_report(START, END)
    with pytest.raises(PermissionDenied):
        clerk.reports.dossier_report(START, END)
    with pytest.raises(InvalidInput):
        manager.reports.queue_report(END, START)
