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
