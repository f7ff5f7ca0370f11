"""The demo office of today: a ward's centre with a month of past dossiers, so every list and report shows something."""

from __future__ import annotations

import time
from datetime import date

from db.demo import OFFICE, seed_demo


def test_a_month_of_dossiers_in_every_state(store, clock):
    started = time.perf_counter()
    manager = seed_demo(store, past_dossiers=True)
    print(f"seeded the demo with a month of dossiers in {time.perf_counter() - started:.1f} s")
    assert "phường Thốt Nốt" in OFFICE["header"] and "quận" not in OFFICE["name"]
    lines = manager.reports.dossier_ledger(date(2026, 10, 1), date(2026, 11, 30))
    states = {line.status for line in lines}
    assert states == {"received", "processing", "supplement_requested", "resolved", "returned", "refused"}
    assert any(line.apology_count for line in lines)
    assert all(line.received_at < clock() for line in lines)
    assert manager.dossiers.overdue() and manager.dossiers.due_soon(2)
    report = manager.reports.dossier_report(date(2026, 10, 1), date(2026, 11, 30))
    t = report.total
    assert t.resolved_early and t.resolved_late and t.open_overdue and t.open_not_due and t.open_supplement
    monthly = manager.reports.monthly_report(date(2026, 11, 1), date(2026, 11, 30)).total
    assert monthly.carried_over and monthly.new_online and monthly.received == monthly.resolved + monthly.in_progress
    assert manager.login("lan", "lan12345") and manager.login("quanly", "quanly123")
