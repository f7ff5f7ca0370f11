"""A long catalog import beside a kiosk: does issuing go on while it runs?

    .venv/bin/python bench/bench_import_beside.py [--procedures 4500] [--only sqlite|pg]

Writes a CSV catalog of `--procedures` procedures with long legal bases and six documents each
(4,500 → about 19 MB, just under the 20 MB a catalog file may be since issue 13; issue 14 measured a
50 MB file before that limit), then imports it as the manager while a kiosk
process issues a ticket every 50 ms. Prints the import's time and, for the tickets issued while it
ran, the issue time percentiles and the longest wait: before issue 14 the import was one
transaction, and on SQLite issuing stopped for its whole length (61 s for 50 MB).
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_store import demo  # noqa: E402
from bench.common import drop_pg, fresh_pg, fresh_sqlite, summary_ms  # noqa: E402
from db import Store  # noqa: E402
from db.catalog_io import EXPORT_HEADER, IMPORT_BATCH  # noqa: E402


def big_catalog(path: Path, count: int) -> Path:
    basis = "; ".join(f"Điều {k} Nghị định số {k}/2025/NĐ-CP của Chính phủ quy định chi tiết thủ tục hành chính"
                      for k in range(1, 36))  # ~3,600 characters: under the 4,000 a cell may hold
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(EXPORT_HEADER)
        for i in range(count):
            docs = "; ".join(f"Giấy tờ số {d} của thủ tục {i}|{'original' if d % 2 else 'copy'}|1" for d in range(6))
            out.writerow([f"1.{300000 + i}.000.00.00.H99", f"Thủ tục hành chính mẫu số {i}", "AB"[i % 2],
                          str(3 + i % 10), "Miễn lệ phí", docs, "Toàn trình", "UBND cấp xã", "Bộ phận một cửa",
                          basis])
    return path


def _kiosk(url: str, started, stop, out) -> None:
    store = Store.open(url, migrate=False)
    store.office()
    samples: list[tuple[float, float]] = []  # (when, how long)
    started.set()
    n = 0
    while not stop.is_set():
        t0 = time.perf_counter()
        store.queue.issue_ticket("AB"[n % 2], request_id=f"bench-{n}")
        samples.append((t0, time.perf_counter() - t0))
        n += 1
        time.sleep(0.05)  # a busy morning: twenty citizens a second at the kiosks
    out.put(samples)


def run(backend: str, url: str, catalog: Path, procedures: int) -> None:
    demo(url).close()
    manager = Store.open(url, migrate=False).as_user("quanly")
    ctx = mp.get_context("spawn")
    started, stop, out = ctx.Event(), ctx.Event(), ctx.Queue()
    kiosk = ctx.Process(target=_kiosk, args=(url, started, stop, out), daemon=True)
    kiosk.start()
    try:
        started.wait(60)
        time.sleep(1)  # a second of issuing before, for the baseline
        t0 = time.perf_counter()
        written = manager.setup.import_catalog(catalog)
        t1 = time.perf_counter()
        time.sleep(1)
    finally:
        stop.set()
    samples = out.get()
    kiosk.join()
    during = [d for at, d in samples if t0 <= at <= t1]
    gaps = [b - a for (a, _), (b, _) in zip(samples, samples[1:]) if t0 <= a <= t1]
    print(f"  {backend}: import of {written:,} procedures in {t1 - t0:.1f} s "
          f"(batches of {IMPORT_BATCH} rows, each its own transaction)")
    print(f"    tickets issued during the import: {len(during)}; issue {summary_ms(during)}, "
          f"max {max(during) * 1000:.0f} ms" if during else "    no ticket was issued during the import")
    if gaps:
        print(f"    longest time between two tickets (one every 50 ms asked): {max(gaps) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--procedures", type=int, default=4500)
    parser.add_argument("--only", choices=("sqlite", "pg"))
    args = parser.parse_args()
    catalog = big_catalog(Path(tempfile.mkdtemp(prefix="motcua-bench-import-")) / "catalog.csv", args.procedures)
    print(f"== catalog import beside a kiosk: {args.procedures:,} procedures, "
          f"{catalog.stat().st_size / 2**20:.1f} MB CSV ==")
    if args.only != "pg":
        run("SQLite", fresh_sqlite("import_beside"), catalog, args.procedures)
    if args.only != "sqlite":
        url = fresh_pg("motcua_bench_import")
        try:
            run("PostgreSQL", url, catalog, args.procedures)
        finally:
            drop_pg(url)


if __name__ == "__main__":
    main()
