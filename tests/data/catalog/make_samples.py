"""Makes the sample catalog files shaped like the national database's exports (run once; the files are committed).

`quoc-gia.xlsx` is laid out as the national database of procedures (Cơ sở dữ liệu quốc gia
về TTHC) and the provinces' systems export it: a title row, a blank row, the header on row 3;
the procedures on the first sheet, the ways of submitting (time limit, fee) on "Cách thức
thực hiện", the documents with bản chính/bản sao counts on "TPHS". The CSVs hold the first
sheet's columns plus time limit and fee, in the encodings and separators offices' PCs write.

    .venv/bin/python tests/data/catalog/make_samples.py
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
TITLE = "DANH MỤC THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA UBND CẤP XÃ"
# Mã TTHC, Tên TTHC, Lĩnh vực, Cấp thực hiện, Cơ quan thực hiện, Mức độ DVC
PROCEDURES = [
    ("1.001193.000.00.00.H10", "Đăng ký khai sinh", "Hộ tịch", "Cấp Xã", "Ủy ban nhân dân cấp xã", "Toàn trình"),
    ("2.000815.000.00.00.H38", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của "
     "Việt Nam cấp hoặc chứng nhận", "Chứng thực", "Cấp Xã", "Ủy ban nhân dân cấp xã", "Một phần"),
    ("1.003583.000.00.00.H38", "Đăng ký giám hộ", "Hộ tịch", "Cấp Xã", "Ủy ban nhân dân cấp xã", "Một phần"),
    ("1.009994.000.00.00.H38", "Cung cấp thông tin về quy hoạch xây dựng", "Xây dựng", "Cấp Huyện",
     "Phòng Quản lý đô thị", "Toàn trình"),
]
# Mã TTHC, Hình thức nộp, Thời hạn giải quyết, Phí, lệ phí, Mô tả
WAYS = [
    ("1.001193.000.00.00.H10", "Trực tuyến", "Trong ngày", "Miễn lệ phí", "Nộp trên Cổng Dịch vụ công quốc gia"),
    ("1.001193.000.00.00.H10", "Trực tiếp", "Trong ngày", "Miễn lệ phí đăng ký khai sinh đúng hạn",
     "Nộp tại Bộ phận Một cửa"),
    ("2.000815.000.00.00.H38", "Trực tiếp", "02 ngày làm việc",
     "Lệ phí: 2.000 đồng/trang; từ trang thứ ba 1.000 đồng/trang, tối đa 200.000 đồng/bản", "Trong ngày nếu "
     "tiếp nhận trước 15 giờ"),
    ("1.003583.000.00.00.H38", "Trực tiếp", "03 ngày làm việc", "Miễn lệ phí", ""),
    ("1.003583.000.00.00.H38", "Dịch vụ bưu chính", "05 ngày làm việc", "Miễn lệ phí", ""),
    ("1.009994.000.00.00.H38", "Trực tiếp", "04 giờ", "Không", ""),
]
# Mã TTHC, Tên giấy tờ, Mẫu đơn, tờ khai, Bản chính, Bản sao
DOCUMENTS = [
    ("1.001193.000.00.00.H10", "Tờ khai đăng ký khai sinh", "Tờ khai khai sinh.docx", 1, 0),
    ("1.001193.000.00.00.H10", "Giấy chứng sinh", "", 1, 0),
    ("1.001193.000.00.00.H10", "Giấy tờ tùy thân của người đi đăng ký", "", 0, 1),
    ("2.000815.000.00.00.H38", "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao", "", 1, 0),
    ("2.000815.000.00.00.H38", "Bản sao cần chứng thực", "", 0, 1),
    ("1.003583.000.00.00.H38", "Tờ khai đăng ký giám hộ", "Tờ khai giám hộ.docx", 1, 0),
    ("1.003583.000.00.00.H38", "Văn bản cử người giám hộ", "", 1, 1),
    ("1.009994.000.00.00.H38", "Đơn đề nghị cung cấp thông tin quy hoạch", "", 2, 0),
]


def sheet(book, name: str, title: str, header: list[str], rows) -> None:
    ws = book.create_sheet(name)
    ws.append([title])
    ws.append([])
    ws.append(header)
    for i, row in enumerate(rows, 1):
        ws.append([i, *row])


def national_xlsx(path: Path) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    sheet(book, "Danh sách TTHC", TITLE, ["STT", "Mã TTHC", "Tên TTHC", "Lĩnh vực", "Cấp thực hiện",
                                           "Cơ quan thực hiện", "Mức độ DVC"], PROCEDURES)
    sheet(book, "Cách thức thực hiện", "CÁCH THỨC THỰC HIỆN", ["STT", "Mã TTHC", "Hình thức nộp",
                                                              "Thời hạn giải quyết", "Phí, lệ phí", "Mô tả"], WAYS)
    sheet(book, "TPHS", "THÀNH PHẦN HỒ SƠ", ["STT", "Mã TTHC", "Tên giấy tờ", "Mẫu đơn, tờ khai", "Bản chính",
                                             "Bản sao"], DOCUMENTS)
    book.properties.creator = "motcua tests"
    book.save(path)


def flat_rows() -> list[list[str]]:
    """One row per procedure: the main sheet's columns, the direct way's time limit and fee."""
    direct = {code: (days, fee) for code, way, days, fee, _ in WAYS if way == "Trực tiếp"}
    rows = [["Mã TTHC", "Tên TTHC", "Lĩnh vực", "Cấp thực hiện", "Cơ quan thực hiện", "Thời hạn giải quyết",
             "Phí/lệ phí"]]
    for code, name, field, level, agency, _ in PROCEDURES:
        rows.append([code, name, field, level, agency, *direct[code]])
    return rows


def to_cp1258(text: str) -> bytes:
    """CP1258 has the base letters (â ê ô ơ ư ă đ) and writes tones as combining marks after them."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        for kept in [m for m in marks if m not in "\u0300\u0301\u0303\u0309\u0323"], []:  # tones stay apart
            try:
                letter = unicodedata.normalize("NFC", base + "".join(kept)).encode("cp1258")
                out += letter + "".join(m for m in marks if m not in kept).encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            raise UnicodeEncodeError("cp1258", char, 0, 1, "no CP1258 form")
    return bytes(out)


def csv_text(rows, delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def main() -> None:
    national_xlsx(HERE / "quoc-gia.xlsx")
    rows = flat_rows()
    (HERE / "quoc-gia-utf8-bom.csv").write_bytes(csv_text(rows, ",").encode("utf-8-sig"))
    (HERE / "quoc-gia-utf16.csv").write_bytes(csv_text(rows, "\t").encode("utf-16"))  # Excel's "Unicode text"
    (HERE / "quoc-gia-cp1258.csv").write_bytes(to_cp1258(csv_text(rows, ";")))
    (HERE / "quoc-gia-champhay.csv").write_bytes(csv_text(rows, ";").encode("utf-8"))  # Excel, Vietnamese locale


if __name__ == "__main__":
    main()
