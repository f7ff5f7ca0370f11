"""Catalog import from a portal export: bad rows listed with reasons and nothing written; good files all-or-nothing."""

from __future__ import annotations

import pytest

from db.errors import Cancelled, InvalidInput, PermissionDenied

HEADER = "ma,ten,linh_vuc,so_ngay,le_phi,thanh_phan,muc_do,co_quan\n"
GOOD = [
    '1.000948.H38,Đăng ký thường trú,B,7,15.000 đồng,"Tờ khai|original|1; CCCD|copy|1",Toàn trình,Công an phường',
    "1.000949.H38,Xác nhận tình trạng hôn nhân,Tư pháp - Hộ tịch,\"2,5\",Miễn phí,Tờ khai|original|1,Một phần,UBND",
]


def write(tmp_path, lines, name="catalog.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(lines) + "\n", "utf-8-sig")
    return path


def test_three_bad_rows_write_nothing_and_say_why(manager, tmp_path):
    before = len(manager.setup.procedures())
    path = write(tmp_path, GOOD + [
        ",Thiếu mã,B,3,,,,",
        "1.000950.H38,Lĩnh vực lạ,Z,3,,,,",
        "1.000951.H38,Số ngày sai,B,ba ngày,,,,",
    ])
    preview = manager.setup.preview_catalog(path)
    assert [(p.line, p.reason) for p in preview.problems] == [
        (4, "thiếu mã thủ tục"), (5, "không có lĩnh vực “Z”"), (6, "số ngày giải quyết không hợp lệ: “ba ngày”")]
    with pytest.raises(InvalidInput):
        manager.setup.import_catalog(path)
    assert len(manager.setup.procedures()) == before


def test_a_good_file_writes_every_row(manager, tmp_path):
    before = len(manager.setup.procedures())
    assert manager.setup.import_catalog(write(tmp_path, GOOD)) == 2
    assert len(manager.setup.procedures()) == before + 2
    p = manager.setup.procedure("1.000949.H38")
    assert p.processing_days == 2.5 and p.service_name == "Tư pháp - Hộ tịch"
    assert [d["form"] for d in manager.setup.procedure("1.000948.H38").documents] == ["original", "copy"]
    assert manager.setup.procedures(query="dang ky thuong tru")[0].code == "1.000948.H38"


def test_export_then_import_round_trips_through_xlsx(manager, tmp_path):
    count = manager.setup.export_catalog(tmp_path / "out.xlsx")
    preview = manager.setup.preview_catalog(tmp_path / "out.xlsx")
    assert preview.ok and len(preview.rows) == count


def test_clerks_cannot_import(demo_store, tmp_path):
    with pytest.raises(PermissionDenied):
        demo_store.login("lan", "lan12345").setup.preview_catalog(write(tmp_path, GOOD))


def test_cancelling_an_import_midway_rolls_every_row_back(manager, tmp_path):
    lines = [f"1.{900000 + i}.H38,Thủ tục thử {i},B,3,,,," for i in range(100)]
    path = write(tmp_path, lines)
    before = len(manager.setup.procedures())
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return done < 60  # the manager presses Cancel after 60 rows were written in the transaction

    with pytest.raises(Cancelled):
        manager.setup.import_catalog(path, progress)
    assert len(manager.setup.procedures()) == before
    assert seen[-1] == (60, 100) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert manager.setup.import_catalog(path, lambda done, total: True) == 100  # then it goes through whole


# -- a long import in short batches: issuing goes on beside it, and it is still all or nothing ----------------

def renamed(manager, tmp_path, n=60, suffix="(sửa)"):
    """A file adding `n` procedures; then one renaming all of them (the first file is imported here)."""
    lines = [f"1.{800000 + i}.H38,Thủ tục lô {i},B,3,,,," for i in range(n)]
    manager.setup.import_catalog(write(tmp_path, lines, "first.csv"))
    return write(tmp_path, [f"1.{800000 + i}.H38,Thủ tục lô {i} {suffix},B,4,,,," for i in range(n)], "second.csv")


def names(manager):
    return {p.code: (p.name, p.processing_days) for p in manager.setup.procedures(include_inactive=True)}


def test_tickets_are_issued_between_the_batches_of_a_long_import(demo_db_url, manager, clock, tmp_path):
    from db import Store

    kiosk = Store.open(demo_db_url, clock=clock)  # another PC's connection: the kiosk's own
    service = kiosk.setup.services()[0].prefix
    issued = []

    def progress(done, total):  # between two batches the import holds no lock: a kiosk issues at once
        issued.append(kiosk.queue.issue_ticket(service).number)
        return True

    lines = [f"1.{700000 + i}.H38,Thủ tục dài {i},B,3,,,," for i in range(100)]
    try:
        assert manager.setup.import_catalog(write(tmp_path, lines), progress) == 100
        assert len(issued) == 5 and len(set(issued)) == 5  # one per batch of 20 rows
        assert {t.number for t in kiosk.queue.waiting()} >= set(issued)
    finally:
        kiosk.close()


def test_cancel_puts_every_changed_procedure_back(manager, tmp_path):
    path = renamed(manager, tmp_path)
    before = names(manager)

    with pytest.raises(Cancelled):
        manager.setup.import_catalog(path, lambda done, total: done < 40)  # two batches written, then Cancel
    assert names(manager) == before
    assert manager.setup.import_catalog(path) == 60
    assert names(manager)["1.800059.H38"] == ("Thủ tục lô 59 (sửa)", 4)


def test_an_edit_by_another_manager_during_an_import_refuses_it_and_is_kept(manager, tmp_path):
    path = renamed(manager, tmp_path)
    before = names(manager)

    def progress(done, total):
        if done == 20:  # another manager edits a procedure the next batch would write
            p = manager.setup.procedure("1.800030.H38")
            manager.setup.save_procedure(code=p.code, name="Sửa tay", service=None,
                                         processing_days=p.processing_days)
        return True

    with pytest.raises(InvalidInput, match="1.800030.H38 vừa được sửa ở máy khác"):
        manager.setup.import_catalog(path, progress)
    after = names(manager)
    assert after["1.800030.H38"][0] == "Sửa tay"
    assert {c: v for c, v in after.items() if c != "1.800030.H38"} == \
        {c: v for c, v in before.items() if c != "1.800030.H38"}


def test_undo_leaves_alone_a_row_edited_after_the_import_wrote_it(manager, tmp_path):
    path = renamed(manager, tmp_path)
    before = names(manager)

    def progress(done, total):
        if done == 20:  # the import wrote rows 0–19; another manager then edits row 5, and Cancel follows
            p = manager.setup.procedure("1.800005.H38")
            manager.setup.save_procedure(code=p.code, name="Sửa tay", service=None, processing_days=9)
        return done < 40

    with pytest.raises(Cancelled):
        manager.setup.import_catalog(path, progress)
    after = names(manager)
    assert after.pop("1.800005.H38") == ("Sửa tay", 9)
    before.pop("1.800005.H38")
    assert after == before


KILLED_IMPORT = """
import os, signal, sys
from datetime import datetime
from db import Store
at = datetime.fromisoformat(sys.argv[2])
manager = Store.open(sys.argv[1], clock=lambda: at).login("quanly", "quanly123")
def progress(done, total):
    if done == 40:
        os.kill(os.getpid(), signal.SIGKILL)  # the admin PC loses power after two batches
    return True
manager.setup.import_catalog(sys.argv[3], progress)
"""


def test_an_import_killed_half_way_is_undone_by_the_next(demo_db_url, manager, clock, tmp_path):
    import signal
    import subprocess
    import sys
    from pathlib import Path

    path = renamed(manager, tmp_path)
    before = names(manager)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", KILLED_IMPORT, demo_db_url, clock().isoformat(), str(path)],
                          cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    half = names(manager)
    assert sum(half[c] != before[c] for c in before) == 40  # two batches were written when it died

    assert manager.setup.undo_unfinished_imports() == 0  # minutes ago it may still be running on its PC
    clock.advance(minutes=11)
    assert manager.setup.undo_unfinished_imports() == 1
    assert names(manager) == before
    assert manager.setup.undo_unfinished_imports() == 0
    assert manager.setup.import_catalog(path) == 60  # and the import then goes through whole
    assert sum(names(manager)[c] != before[c] for c in before) == 60


def test_a_full_disk_half_way_through_an_import_leaves_the_catalog_as_it_was(sqlite_demo_store, clock, tmp_path):
    from disk_tools import cap_file_size, uncap

    from db.errors import DiskFull

    manager = sqlite_demo_store.login("quanly", "quanly123")
    path = renamed(manager, tmp_path, n=200, suffix="— bản sửa đổi có tên dài hơn hẳn tên cũ " * 3)
    before, written = names(manager), []

    def progress(done, total):
        if done == 40:  # the disk fills up after two batches were written
            written.append(sum(v != before[c] for c, v in names(manager).items()))
            cap_file_size(sqlite_demo_store)
        return True

    with pytest.raises(DiskFull):
        manager.setup.import_catalog(path, progress)
    assert written == [40]
    uncap(sqlite_demo_store)  # room again; what the undo could not write then, the next import's check does
    clock.advance(minutes=11)
    manager.setup.undo_unfinished_imports()
    assert names(manager) == before
