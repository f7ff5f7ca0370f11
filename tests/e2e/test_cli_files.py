"""The command with files and pipes: a catalog import that shows what it changes, a reader that stops early."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from test_cli import ROOT, motcua

SAMPLES = ROOT / "tests" / "data" / "catalog"
MANAGER = "quanly123\n"  # the password of the demo's manager, whom these commands act as (--user quanly)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli-files') / 'office.sqlite3'}"
    assert motcua(url, "demo", "--no-launch").returncode == 0
    return url


def test_a_dry_run_shows_each_change_and_writes_nothing(demo_db):
    dry = motcua(demo_db, "catalog", "import", str(SAMPLES / "quoc-gia.xlsx"), "--dry-run", stdin=MANAGER)
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    assert "Cột không dùng: Cấp thực hiện, Mô tả, Mẫu đơn, tờ khai" in lines
    assert "Thêm mới: 1.003583.000.00.00.H38 Đăng ký giám hộ" in lines
    assert lines[-1] == "Chưa ghi gì (--dry-run)."
    again = motcua(demo_db, "catalog", "import", str(SAMPLES / "quoc-gia.xlsx"), "--dry-run", stdin=MANAGER)
    assert again.stdout == dry.stdout  # nothing was written the first time
    done = motcua(demo_db, "catalog", "import", str(SAMPLES / "quoc-gia.xlsx"), stdin=MANAGER)
    assert done.returncode == 0 and done.stdout.splitlines()[-1] == "Đã nhập 4 thủ tục."
    assert "Thêm mới 0, thay đổi 0, không đổi 4 thủ tục." in motcua(
        demo_db, "catalog", "import", str(SAMPLES / "quoc-gia.xlsx"), "--dry-run", stdin=MANAGER).stdout


def test_many_bad_rows_print_a_page_then_a_count(demo_db, tmp_path):
    path = tmp_path / "xau.csv"
    path.write_text("ma,ten,linh_vuc,so_ngay\n" + "".join(f"{i},T{i},Z,3\n" for i in range(500)), "utf-8")
    result = motcua(demo_db, "catalog", "import", str(path), stdin=MANAGER)
    assert result.returncode == 1 and result.stderr.strip() == "Lỗi: Tệp có 500 dòng lỗi; chưa ghi gì."
    lines = result.stdout.splitlines()
    assert lines[0] == "Dòng 2: không có lĩnh vực “Z”" and "… và 450 dòng lỗi khác." in lines and len(lines) < 60


def test_a_reader_that_stops_early_ends_it_quietly(demo_db):
    for _ in range(3):
        motcua(demo_db, "ticket", "issue", "B")
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head -0`: nobody reads, so the first write meets a closed pipe
    try:
        result = subprocess.run([sys.executable, "-m", "motcua", "--db", demo_db, "queue"], stdout=write_end,
                                stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                env={"PATH": "/usr/bin:/bin", "MOTCUA_CONFIG": "/nonexistent"})
    finally:
        os.close(write_end)
    assert result.stderr == "" and result.returncode == 141


def test_each_report_takes_only_the_groupings_it_has(demo_db):
    refused = motcua(demo_db, "report", "dossiers", "--from", "2026-11-01", "--to", "2026-11-30", "--by", "clerk", stdin=MANAGER)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.strip() == ("motcua: tham số --by: lựa chọn không hợp lệ 'clerk'; "
                                      "chọn một trong: 'field', 'office'")
    whole = motcua(demo_db, "report", "dossiers", "--from", "2026-11-01", "--to", "2026-11-30", "--by", "office", stdin=MANAGER)
    assert whole.returncode == 0 and whole.stdout.splitlines()[-1].startswith(" | Toàn cơ quan | ")
