"""Backup and restore of a year of a district office (~200,000 tickets, ~66,000 dossiers), both databases.

    .venv/bin/python bench/bench_backup.py [--sqlite-only]

Prints the time to back up (SQLite online backup / pg_dump custom format on an exported
snapshot, with the row counts) and to restore into an empty database with every check.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from sqlalchemy import text  # noqa: E402

from bench.common import fresh_pg, fresh_sqlite  # noqa: E402
from db import Store  # noqa: E402
from db.backup import backup_to  # noqa: E402
from db.demo import seed_demo  # noqa: E402
from db.restore import restore  # noqa: E402
from year_data import generate  # noqa: E402

AT = datetime(2026, 1, 5, 1, 0, tzinfo=timezone.utc)  # only names the backup


def measure(url: str, target: str, name: str) -> None:
    store = Store.open(url)
    seed_demo(store)
    data = generate(store)
    # the generator writes tickets and dossiers in bulk; add the numbering rows the store keeps as it issues
    with store.engine.begin() as c:
        c.execute(text("INSERT INTO ticket_sequences (service_id, day, last_number) "
                       "SELECT issued_service_id, day, max(number) FROM tickets GROUP BY issued_service_id, day"))
        c.execute(text("INSERT INTO dossier_sequences (office_id, day, last_seq) "
                       "SELECT office_id, day, max(seq) FROM dossiers GROUP BY office_id, day"))
    store.close()
    folder = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
    backup = folder / "year.bak"
    t = time.perf_counter()
    manifest = backup_to(url, backup, now=AT)
    took = time.perf_counter() - t
    print(f"  {name}: {len(data['tickets']):,} tickets, {len(data['dossiers']):,} dossiers, "
          f"{sum(manifest.counts.values()):,} rows")
    print(f"  {name} backup: {took:.1f} s, {backup.stat().st_size / 1e6:.1f} MB")
    t = time.perf_counter()
    report = restore(backup, target)
    print(f"  {name} restore with checks: {time.perf_counter() - t:.1f} s ({len(report.checks)} checks passed)")


def main() -> None:
    print("SQLite")
    measure(fresh_sqlite("bench_backup"), fresh_sqlite("bench_restore"), "SQLite")
    if "--sqlite-only" not in sys.argv:
        print("PostgreSQL")
        measure(fresh_pg("motcua_bench_backup"), fresh_pg("motcua_bench_restore"), "PostgreSQL")


if __name__ == "__main__":
    main()
