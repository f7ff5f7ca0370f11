"""Reading catalog files as offices get them: our own export, a portal's CSV, the national database's XLSX.

The national database of procedures (Cơ sở dữ liệu quốc gia về TTHC) and the provinces'
systems export a workbook with a title row and a blank row above the header, the main
sheet ("Mã TTHC", "Tên TTHC", "Lĩnh vực", "Cấp thực hiện", "Cơ quan thực hiện"…), the time
limit and fee on a "Cách thức thực hiện" sheet (one row per way of submitting), and the
documents on a "TPHS" sheet (one row per document, with bản chính/bản sao counts). Every
sheet is joined by procedure code into one record per procedure holding only the fields
the file has: a column the file lacks is absent from the record, so the import keeps it.

A CSV may be UTF-8 (with or without BOM), UTF-16 or CP1258, separated by commas,
semicolons (Excel on a Vietnamese-locale PC), tabs or bars. Limits on the file's size,
on the XML an XLSX unpacks to, on rows and on a cell's length refuse a zip bomb before it
is unpacked; whatever cannot be read is one sentence (InvalidInput), never a traceback.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from core.cells import unquote
from core.i18n import tr
from core.text import fold
from db.errors import InvalidInput, StoreError

MAX_FILE_BYTES = 20 * 1024 * 1024   # a province's whole catalog is a few MB
MAX_XML_BYTES = 40 * 1024 * 1024    # what an XLSX may unpack to, all parts together
MAX_ROWS = 50_000                   # per sheet (a TPHS sheet holds several rows per procedure)
MAX_CELL = 4_000                    # characters; a longer cell is a row error, kept only this long
MAX_DAYS = 365
HEADER_ROWS = 15                    # the header is looked for in the first rows (title rows above it)

# our field → header names as files write them (compared folded: no diacritics, no punctuation)
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("ma", "ma thu tuc", "ma tthc", "ma so", "code", "ky hieu thu tuc", "ma thu tuc hanh chinh"),
    "name": ("ten", "ten thu tuc", "ten tthc", "name", "ten thu tuc hanh chinh"),
    "field": ("linh vuc", "linh_vuc", "ten linh vuc", "field"),
    "days": ("so ngay", "so_ngay", "thoi han", "thoi han giai quyet", "thoi gian giai quyet", "days"),
    "fee": ("le phi", "le_phi", "phi le phi", "phi", "muc phi le phi", "fee"),
    "documents": ("thanh phan", "thanh_phan", "thanh phan ho so", "documents"),
    "online_level": ("muc do", "muc_do", "muc do dvc", "muc do dich vu cong", "dich vu cong", "online_level"),
    "agency": ("co quan", "co_quan", "co quan thuc hien", "co quan giai quyet", "agency"),
    "where_to_submit": ("noi tiep nhan", "dia chi tiep nhan", "noi nop ho so", "where_to_submit"),
    "legal_basis": ("can cu phap ly", "legal_basis"),
    # a documents sheet (TPHS): one row per document
    "doc_name": ("ten giay to", "ten thanh phan", "ten thanh phan ho so", "giay to"),
    "doc_form": ("hinh thuc", "loai ban", "form"),
    "doc_quantity": ("so luong", "quantity"),
    "doc_original": ("ban chinh", "so ban chinh"),
    "doc_copy": ("ban sao", "so ban sao"),
    # a ways-of-submitting sheet: the row of "Trực tiếp" gives the time limit and fee
    "channel": ("hinh thuc nop", "cach thuc nop", "cach thuc thuc hien"),
}
PROCEDURE_FIELDS = ("name", "field", "days", "fee", "documents", "online_level", "agency", "where_to_submit",
                    "legal_basis")
DOCUMENT_FORMS = ("original", "copy", "original_or_copy")


@dataclass
class Sheet:
    """One table of the file: its name, the header's line and which column holds which field."""

    name: str
    header_line: int
    columns: dict[int, str]
    ignored: list[str]
    headers: dict[str, str] = field(default_factory=dict)  # our field → the header as the file writes it
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line as the manager sees it, cells)

    def has(self, key: str) -> bool:
        return key in self.columns.values()


@dataclass
class Record:
    """One procedure as the file gives it: only the fields the file has (see PROCEDURE_FIELDS)."""

    code: str
    line: int
    sheet: str
    values: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)  # field → (line, sheet) it came from, for the preview's reasons
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, sheet, reason)


def _key(header: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(str(header).replace("_", " "))).split())


_ALIASES = {_key(alias): name for name, aliases in COLUMNS.items() for alias in aliases}


def column(header: str) -> str | None:
    """Our field for a header cell ("Mã TTHC" → "code"), or None."""
    return _ALIASES.get(_key(header))


def read_records(path: Path) -> tuple[list[Record], list[str], list[tuple[int, str, str]]]:
    """The file's procedures (in file order), the columns it has that we do not keep, and sheet-level problems."""
    sheets = [s for s in (_find_header(name, table) for name, table in _tables(Path(path))) if s]
    plain = [s for s in sheets if not s.has("doc_name") and not s.has("channel")]
    # the procedures' own sheet names them; a narrower file (code and fee, say) only updates what it holds
    main = [s for s in plain if s.has("name")] or plain
    if not main:
        raise InvalidInput(tr("Tệp thiếu cột mã hoặc tên thủ tục."))
    records: dict[str, Record] = {}
    problems: list[tuple[int, str, str]] = []
    for sheet in main[:1] + [s for s in sheets if s is not main[0]]:
        _join(sheet, records, problems)
    ignored = sorted({h for s in sheets for h in s.ignored})
    return list(records.values()), ignored, problems


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value))[:MAX_CELL + 1].strip()


def _tables(path: Path) -> list[tuple[str, list[list[str]]]]:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InvalidInput(tr("Không mở được tệp {file}: {error}", file=path.name,
                              error=error.strerror or str(error))) from error
    if size > MAX_FILE_BYTES:
        raise InvalidInput(tr("Tệp {file} quá lớn ({mb} MB; tối đa {limit} MB).", file=path.name,
                              mb=f"{size / 2**20:.1f}".replace(".", ","), limit=MAX_FILE_BYTES // 2**20))
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise InvalidInput(tr("Tệp .xls (Excel cũ) chưa đọc được: hãy lưu lại dưới dạng .xlsx hoặc CSV."))
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_tables(path)
    try:
        data = path.read_bytes()
    except OSError as error:  # a folder, a file taken away, no right to read it
        raise InvalidInput(tr("Không mở được tệp {file}: {error}", file=path.name or str(path),
                              error=error.strerror or str(error))) from error
    return [("", _csv_table(path.name, data))]  # a CSV has one table, named by nothing


def _xlsx_tables(path: Path) -> list[tuple[str, list[list[str]]]]:
    broken = tr("Không đọc được tệp {file}: tệp Excel bị hỏng hoặc không phải .xlsx.", file=path.name)
    try:
        with zipfile.ZipFile(path) as archive:
            # zipfile never unpacks more than a member's declared size, so the sum bounds the work
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise InvalidInput(broken) from error
    if unpacked > MAX_XML_BYTES:
        raise InvalidInput(tr("Tệp {file} giải nén ra {mb} MB, quá giới hạn {limit} MB; chưa đọc gì.",
                              file=path.name, mb=round(unpacked / 2**20), limit=MAX_XML_BYTES // 2**20))
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            tables = []
            for sheet in book.worksheets:
                table: list[list[str]] = []
                for row in sheet.iter_rows(values_only=True):
                    if len(table) > MAX_ROWS + HEADER_ROWS:
                        raise InvalidInput(tr("Trang “{sheet}” có hơn {n} dòng; chưa đọc gì.", sheet=sheet.title,
                                              n=f"{MAX_ROWS:,}".replace(",", ".")))
                    table.append([_cell(v) for v in row])
                tables.append((sheet.title, table))
            return tables
        finally:
            book.close()
    except StoreError:
        raise
    except Exception as error:  # openpyxl/zipfile/XML raise many kinds for a damaged file; all mean the same here
        raise InvalidInput(broken) from error


def decode(data: bytes) -> str:
    """Text of a CSV in whichever encoding offices' PCs write: UTF-8 (BOM or not), UTF-16, CP1258."""
    if data.startswith(codecs.BOM_UTF8):
        return unicodedata.normalize("NFC", data[3:].decode("utf-8", errors="strict"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return unicodedata.normalize("NFC", data.decode("utf-16"))
    head = data[:4000]
    if head and head.count(0) > len(head) // 4:  # UTF-16 without a BOM: every other byte of ASCII is zero
        return unicodedata.normalize("NFC", data.decode("utf-16-le" if head[1:2] == b"\0" else "utf-16-be"))
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    # CP1258 writes tones as combining marks after the letter; NFC puts them back together
    return unicodedata.normalize("NFC", data.decode("cp1258"))


def _csv_table(name: str, data: bytes) -> list[list[str]]:
    try:
        text = decode(data)
    except UnicodeDecodeError as error:
        raise InvalidInput(tr("Không đọc được tệp {file}: không rõ bảng mã (hãy lưu dạng CSV UTF-8).",
                              file=name)) from error
    if "\0" in text:
        raise InvalidInput(tr("Không đọc được tệp {file}: không phải tệp văn bản CSV.", file=name))
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))  # a long cell is a row error, not a crash
    best: list[list[str]] = []
    for delimiter in (",", ";", "\t", "|"):
        rows: list[list[str]] = []
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            if len(rows) > MAX_ROWS + HEADER_ROWS:
                raise InvalidInput(tr("Tệp {file} có hơn {n} dòng; chưa đọc gì.", file=name,
                                      n=f"{MAX_ROWS:,}".replace(",", ".")))
            rows.append([unquote(_cell(c)) for c in row])
            if len(rows) == HEADER_ROWS and not best and _find_header(name, rows) is None:
                break  # not this delimiter: no header in the first rows
        if _find_header(name, rows[:HEADER_ROWS]) is not None:
            return rows
        best = best or rows
    return best


def _find_header(name: str, table: list[list[str]]) -> Sheet | None:
    """The sheet's header: the first row (of the first few) naming the code and some other field."""
    for i, row in enumerate(table[:HEADER_ROWS]):
        columns = {j: column(h) for j, h in enumerate(row) if h}
        known = {j: c for j, c in columns.items() if c}
        if "code" in known.values() and len(set(known.values())) > 1:
            sheet = Sheet(name, i + 1, known, [h for j, h in enumerate(row) if h and j not in known and
                                                   _key(h) not in ("stt", "so thu tu", "tt")])
            sheet.headers = {c: row[j] for j, c in known.items()}
            sheet.rows = [(i + 2 + k, r) for k, r in enumerate(table[i + 1:]) if any(r)]
            return sheet
    return None


def _join(sheet: Sheet, records: dict[str, Record], problems: list) -> None:
    """Add `sheet`'s rows to the records, by code."""
    docs_sheet = sheet.has("doc_name")
    ways: dict[str, bool] = {}  # code → its time limit and fee came from the direct way
    for line, cells in sheet.rows:
        row = {key: cells[j] if j < len(cells) else "" for j, key in sheet.columns.items()}
        code = row.get("code", "")
        if not code:
            problems.append((line, sheet.name, tr("thiếu mã thủ tục")))
            continue
        record = records.get(code)
        if record is None:
            record = records[code] = Record(code, line, sheet.name)
        elif not docs_sheet and not sheet.has("channel") and record.sheet == sheet.name:
            record.problems.append((line, sheet.name, tr("mã {code} lặp lại trong tệp", code=code)))
            continue
        for key, value in row.items():
            if len(value) > MAX_CELL:
                too_long = tr("ô “{column}” quá dài (hơn {n} ký tự)", column=sheet.headers[key],
                              n=f"{MAX_CELL:,}".replace(",", "."))
                record.problems.append((line, sheet.name, too_long))
                row[key] = value[:MAX_CELL]
        if docs_sheet:
            if not isinstance(record.values.get("documents"), list):  # the TPHS sheet's rows replace a cell
                record.values["documents"] = []
            record.lines.setdefault("documents", (line, sheet.name))
            try:
                record.values["documents"] += sheet_documents(row)
            except ValueError as error:
                record.problems.append((line, sheet.name, str(error)))
            continue
        if sheet.has("channel"):
            # several ways of submitting: the direct one (at the counter) gives the time limit and the fee
            direct = "truc tiep" in fold(row.get("channel", ""))
            if code in ways and not (direct and not ways[code]):
                continue
            ways[code] = direct
        for key in PROCEDURE_FIELDS:
            if key in row:
                record.values[key] = row[key]
        record.lines.update({k: (line, sheet.name) for k in row})


def sheet_documents(row: dict) -> list[dict]:
    """Documents of one TPHS row: "Bản chính"/"Bản sao" counts, or a form and a quantity."""
    name = row.get("doc_name", "").strip()
    if not name:
        return []
    counts = {}
    for key, form in (("doc_original", "original"), ("doc_copy", "copy")):
        if key in row:
            counts[form] = _count(row[key])
    quantity_text = fold(row.get("doc_quantity", ""))
    if "ban chinh" in quantity_text or "ban sao" in quantity_text:  # "Bản chính: 1 - Bản sao: 0"
        for form, word in (("original", "ban chinh"), ("copy", "ban sao")):
            found = re.search(word + r"\D*(\d+)", quantity_text)
            counts[form] = int(found.group(1)) if found else 0
    if counts:
        wanted = [(form, n) for form, n in counts.items() if n > 0]
        return [{"name": name, "form": f, "quantity": n} for f, n in wanted] or \
            [{"name": name, "form": "original_or_copy", "quantity": 1}]
    form = document_form(row.get("doc_form", ""))
    return [{"name": name, "form": form, "quantity": _count(row.get("doc_quantity", "")) or 1}]


def document_form(text: str) -> str:
    """"Bản chính" → original, "Bản sao" → copy, either or blank → original_or_copy; our codes pass through."""
    key = fold(text)
    if text.strip() in DOCUMENT_FORMS:
        return text.strip()
    has_original, has_copy = "chinh" in key, "sao" in key
    if has_original and not has_copy:
        return "original"
    if has_copy and not has_original:
        return "copy"
    if not key or (has_original and has_copy):
        return "original_or_copy"
    raise ValueError(tr("hình thức giấy tờ không rõ: “{form}” (Bản chính/Bản sao)", form=text))


def _count(text: str) -> int:
    found = re.search(r"\d+", text or "")
    return int(found.group()) if found else 0


_DURATION = re.compile(r"(\d+(?:[.,]\d+)?)\s*(ngay|gio|tuan)?")


def parse_days(text: str) -> float:
    """Working days from "7", "2,5", "3 ngày làm việc", "Không quá 05 ngày", "4 giờ", "Trong ngày" (ValueError).

    "Trong ngày" (the same working day) is 0,5; hours are half-days of 4 working hours, rounded up
    (whole multiples of 24 h are days); weeks are 5 working days; months are refused (not working days)."""
    key = fold(text)
    if key.startswith(("trong ngay", "ngay trong ngay", "giai quyet ngay")):
        return 0.5  # returned the same working day: half a day, as the catalog writes it by hand
    found = _DURATION.search(key)
    if not found or (found.group(2) is None and key != found.group(1)):
        raise ValueError(text)
    number = float(found.group(1).replace(",", "."))
    unit = found.group(2) or "ngay"
    if unit == "gio":  # whole days of 24 h as days; otherwise half-days of 4 working hours, rounded up
        number = number / 24 if number >= 24 and number % 24 == 0 else math.ceil(number / 4) / 2
    elif unit == "tuan":
        number *= 5
    if not math.isfinite(number) or number < 0 or number > MAX_DAYS or number * 2 != int(number * 2):
        raise ValueError(text)
    return number


def parse_documents(text: str) -> list[dict]:
    """Our one-cell form "name|form|qty; …" (form may be written "Bản chính"/"Bản sao")."""
    docs = []
    for item in filter(None, (p.strip() for p in text.split(";"))):
        name, form, qty = (item.split("|") + ["", "1"])[:3]
        docs.append({"name": name.strip(), "form": document_form(form), "quantity": int(qty.strip() or 1)})
    return docs
