"""Catalog files: how fast a zip bomb is refused and with how much memory; a province-sized national workbook.

    .venv/bin/python bench/bench_catalog_files.py

Prints, for the 400 MB zip bomb of issue 13 (made here, ~1 MB on disk): the time to refusal and the
peak Python memory (tracemalloc) while refusing; then the preview and import of a national-shaped
workbook of 2,000 procedures (three sheets, ~6 documents and 2 ways each) on SQLite.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "integration"))

import openpyxl  # noqa: E402

from bench.common import fresh_sqlite  # noqa: E402
from db import Store  # noqa: E402
from db.demo import seed_demo  # noqa: E402
from db.errors import InvalidInput  # noqa: E402
from test_catalog_national import bomb  # noqa: E402


def province_workbook(path: Path, count: int) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    main, ways, docs = (book.create_sheet(n) for n in ("Danh sách TTHC", "Cách thức thực hiện", "TPHS"))
    for sheet, header in ((main, ["STT", "Mã TTHC", "Tên TTHC", "Lĩnh vực", "Cấp thực hiện", "Cơ quan thực hiện"]),
                          (ways, ["STT", "Mã TTHC", "Hình thức nộp", "Thời hạn giải quyết", "Phí, lệ phí"]),
                          (docs, ["STT", "Mã TTHC", "Tên giấy tờ", "Bản chính", "Bản sao"])):
        sheet.append(["DANH MỤC THỦ TỤC HÀNH CHÍNH"])
        sheet.append([])
        sheet.append(header)
    for i in range(count):
        code = f"1.{100000 + i}.000.00.00.H99"
        main.append([i + 1, code, f"Thủ tục hành chính mẫu số {i}", ["Hộ tịch", "Chứng thực", "Đất đai"][i % 3],
                     "Cấp Xã", "Ủy ban nhân dân cấp xã"])
        ways.append([i + 1, code, "Trực tuyến", f"{3 + i % 10} ngày làm việc", "Miễn lệ phí"])
        ways.append([i + 1, code, "Trực tiếp", f"{2 + i % 10} ngày làm việc", "Lệ phí: 10.000 đồng/hồ sơ"])
        for d in range(6):
            docs.append([i + 1, code, f"Giấy tờ số {d} của thủ tục {i}", d % 2, 1 - d % 2])
    book.save(path)
    return path


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="motcua-bench-catalog-"))
    store = Store.open(fresh_sqlite("bench_catalog_files"))
    seed_demo(store)
    manager = store.as_user("quanly")

    path = bomb(folder / "bom.xlsx", 400)
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        manager.setup.preview_catalog(path)
    except InvalidInput as refused:
        elapsed, peak = time.perf_counter() - t0, tracemalloc.get_traced_memory()[1]
        print(f"zip bomb, {path.stat().st_size / 2**20:.1f} MB on disk, 400 MB of XML: refused in "
              f"{elapsed * 1000:.1f} ms, peak {peak / 2**20:.2f} MB — “{refused}”")
    tracemalloc.stop()

    workbook = province_workbook(folder / "tinh.xlsx", 2000)
    t0 = time.perf_counter()
    preview = manager.setup.preview_catalog(workbook)
    checked = time.perf_counter() - t0
    t0 = time.perf_counter()
    written = manager.setup.import_catalog(workbook)
    print(f"national workbook, 2,000 procedures ({workbook.stat().st_size / 2**20:.1f} MB, 3 sheets): "
          f"preview {checked:.2f} s ({preview.count('added')} added), import {time.perf_counter() - t0:.2f} s "
          f"({written} written)")
    t0 = time.perf_counter()
    again = manager.setup.preview_catalog(workbook)
    print(f"  the same file again: preview {time.perf_counter() - t0:.2f} s, {again.count('unchanged')} unchanged")


if __name__ == "__main__":
    main()
