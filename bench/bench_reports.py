"""The year report (queue + dossiers + satisfaction) on a generated year: ~200,000 tickets, ~66,000 dossiers;
the manager's app's export of those three to XLSX and PDF, and a 244-procedure catalog import.

    .venv/bin/python bench/bench_reports.py [--sqlite-only]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from admin.reports.export import ReportRequest, export_reports  # noqa: E402
from bench.common import fresh_pg, fresh_sqlite  # noqa: E402
from db import Store  # noqa: E402
from db.demo import seed_demo  # noqa: E402
from year_data import generate  # noqa: E402

START, END = date(2025, 1, 1), date(2025, 12, 31)


def measure(url: str, name: str) -> None:
    store = Store.open(url, create=True)
    seed_demo(store)
    t0 = time.perf_counter()
    data = generate(store)
    print(f"  {name}: wrote {len(data['tickets']):,} tickets, {len(data['dossiers']):,} dossiers, "
          f"{len(data['ratings']):,} ratings in {time.perf_counter() - t0:.0f} s")
    manager = store.as_user("quanly")
    for label, fn in (("queue by field", lambda: manager.reports.queue_report(START, END, "field")),
                      ("dossiers by field", lambda: manager.reports.dossier_report(START, END, "field")),
                      ("satisfaction by counter", lambda: manager.reports.satisfaction_report(START, END, "counter"))):
        times = []
        for _ in range(3):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        print(f"  {name} {label}: median {statistics.median(times):.2f} s")
    folder = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
    requests = [ReportRequest("queue", START, END, "field"), ReportRequest("dossiers", START, END, "field"),
                ReportRequest("satisfaction", START, END, "counter")]
    for suffix in (".xlsx", ".pdf"):
        t = time.perf_counter()
        out = export_reports(manager, requests, folder / f"year{suffix}")
        print(f"  {name} export three year reports to {suffix}: {time.perf_counter() - t:.2f} s "
              f"({out.stat().st_size:,} bytes)")
    catalog = folder / "catalog.csv"
    rows = [f"1.{700000 + i}.H10,Thủ tục số {i},{'ABCDEFGH'[i % 8]},{1 + i % 20},Miễn phí,"
            f"Tờ khai|original|1; CCCD|copy|1,Một phần,UBND" for i in range(244)]
    catalog.write_text("ma,ten,linh_vuc,so_ngay,le_phi,thanh_phan,muc_do,co_quan\n" + "\n".join(rows) + "\n",
                       "utf-8-sig")
    t = time.perf_counter()
    preview = manager.setup.preview_catalog(catalog)
    checked = time.perf_counter() - t
    t = time.perf_counter()
    manager.setup.import_catalog(catalog)
    print(f"  {name} catalog of {len(preview.rows)} procedures: preview {checked:.2f} s, "
          f"import (preview + all-or-nothing write) {time.perf_counter() - t:.2f} s")
    store.close()


if __name__ == "__main__":
    print("== year report ==")
    measure(fresh_sqlite("reports"), "SQLite")
    if "--sqlite-only" not in sys.argv:
        measure(fresh_pg("motcua_bench_reports"), "PostgreSQL")
