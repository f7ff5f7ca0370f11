"""Procedure catalog import/export: CSV and XLSX as public-service portals export them.

Columns (header names, Vietnamese or English): ma/code, ten/name, linh_vuc/field (prefix or
field code), so_ngay/days, le_phi/fee, thanh_phan/documents ("name|form|qty; …"),
muc_do/online_level, co_quan/agency. `preview` lists every bad row with its reason and
writes nothing; `import_catalog` writes all rows in one transaction or none.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from core.i18n import tr
from db.errors import InvalidInput, Progress, keep_going
from db.events import EventKind
from db.models import Procedure, Service
from db.store.base import MANAGERS
from db.store.catalog import DOCUMENT_FORMS, _document
from core.text import fold

COLUMNS = {
    "code": ("ma", "ma thu tuc", "code"), "name": ("ten", "ten thu tuc", "name"),
    "field": ("linh vuc", "linh_vuc", "field"), "days": ("so ngay", "so_ngay", "thoi han", "days"),
    "fee": ("le phi", "le_phi", "fee"), "documents": ("thanh phan", "thanh_phan", "documents"),
    "online_level": ("muc do", "muc_do", "online_level"), "agency": ("co quan", "co_quan", "agency"),
}
EXPORT_HEADER = ["ma", "ten", "linh_vuc", "so_ngay", "le_phi", "thanh_phan", "muc_do", "co_quan"]


@dataclass(frozen=True)
class RowProblem:
    line: int  # as the manager sees it in the file (header = 1)
    reason: str


@dataclass(frozen=True)
class CatalogPreview:
    rows: tuple[dict, ...]
    problems: tuple[RowProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def read_rows(path: Path) -> list[dict]:
    """Rows of a CSV (UTF-8, with or without BOM) or XLSX file, keyed by our column names."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl

        sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).active
        table = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        table = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
    if not table:
        return []
    names = [_column(h) for h in table[0]]
    if "code" not in names or "name" not in names:
        raise InvalidInput(tr("Tệp thiếu cột mã hoặc tên thủ tục."))
    return [{n: (cell or "").strip() for n, cell in zip(names, row) if n} for row in table[1:] if any(row)]


def _column(header: str) -> str | None:
    key = fold(header).replace("_", " ")
    return next((name for name, aliases in COLUMNS.items() if key in {fold(a).replace("_", " ") for a in aliases}),
                None)


class CatalogIO:
    """Mixed into Store (see db/store/__init__.py): preview, import, export."""

    def preview_catalog(self, path: Path, progress: Progress | None = None) -> CatalogPreview:
        """Check every row; nothing is written. `progress(done, total)` returning False stops (Cancelled)."""
        self._require(MANAGERS, "catalog_import")
        rows = read_rows(path)
        with self._read() as s:
            fields = _field_ids(s)
        good, problems, seen = [], [], set()
        for line, row in enumerate(rows, start=2):
            _report(progress, line - 1, len(rows))
            reason = _check(row, fields, seen)
            if reason:
                problems.append(RowProblem(line, reason))
            else:
                good.append(row)
        return CatalogPreview(tuple(good), tuple(problems))

    def import_catalog(self, path: Path, progress: Progress | None = None) -> int:
        """All rows or none: any bad row refuses the whole file (with every reason listed).

        `progress(done, total)` returning False stops the import and rolls it back (Cancelled)."""
        preview = self.preview_catalog(path)
        if not preview.ok:
            raise InvalidInput(tr("Tệp có {n} dòng lỗi; chưa ghi gì.", n=len(preview.problems)))
        with self._tx() as s:
            fields = _field_ids(s)
            for done, row in enumerate(preview.rows, start=1):
                _report(progress, done, len(preview.rows))
                p = s.scalars(select(Procedure).where(Procedure.office_id == self.office().id,
                                                      Procedure.code == row["code"])).first()
                p = p or Procedure(office_id=self.office().id, code=row["code"])
                p.name, p.service_id = row["name"], fields[_field_key(row["field"])]
                p.processing_days = _days(row["days"])
                p.fee, p.online_level, p.agency = row.get("fee", ""), row.get("online_level", ""), row.get("agency", "")
                p.documents, p.search_text, p.active = _documents(row.get("documents", "")), \
                    fold(f"{row['code']} {row['name']}"), True
                s.add(p)
            self._event(s, EventKind.catalog_changed, imported=len(preview.rows))
            self._audit(s, "catalog_import", "procedure", "", rows=len(preview.rows), file=Path(path).name)
        return len(preview.rows)

    def export_catalog(self, path: Path) -> int:
        """Write the catalog as CSV or XLSX (by the file's ending), in the import format."""
        procs = self.procedures(include_inactive=True)
        with self._read() as s:
            prefixes = {svc.id: svc.prefix for svc in s.scalars(select(Service)).all()}
        table = [EXPORT_HEADER] + [[p.code, p.name, prefixes.get(p.service_id, ""), f"{p.processing_days:g}", p.fee,
                                    "; ".join(f"{d['name']}|{d['form']}|{d['quantity']}" for d in p.documents),
                                    p.online_level, p.agency] for p in procs]
        path = Path(path)
        if path.suffix.lower() == ".xlsx":
            import openpyxl

            book = openpyxl.Workbook()
            for row in table:
                book.active.append(row)
            book.save(path)
        else:
            with path.open("w", encoding="utf-8-sig", newline="") as f:
                csv.writer(f).writerows(table)
        return len(procs)


def _report(progress: Progress | None, done: int, total: int) -> None:
    if done % 20 == 0 or done == total:  # a report every 20 rows is plenty for a progress bar
        keep_going(progress, done, total)


def _field_ids(s) -> dict[str, int]:
    """Field id by each way a file may name it: letter, code or name without diacritics (see `_field_key`)."""
    fields = {}
    for svc in s.scalars(select(Service)).all():
        fields[svc.prefix.upper()] = fields[svc.code.upper()] = fields[fold(svc.name)] = svc.id
    return fields


def _field_key(value: str) -> str:
    value = value.strip()
    return value.upper() if len(value) <= 4 or value.isupper() else fold(value)


def _days(text: str) -> float:
    return float(text.replace(",", "."))


def _documents(text: str) -> list[dict]:
    docs = []
    for item in filter(None, (p.strip() for p in text.split(";"))):
        name, form, qty = (item.split("|") + ["original_or_copy", "1"])[:3]
        docs.append(_document({"name": name, "form": form.strip() or "original_or_copy", "quantity": int(qty or 1)}))
    return docs


def _check(row: dict, fields: dict, seen: set) -> str:
    code, name = row.get("code", ""), row.get("name", "")
    if not code:
        return tr("thiếu mã thủ tục")
    if not name:
        return tr("thiếu tên thủ tục")
    if code in seen:
        return tr("mã {code} lặp lại trong tệp", code=code)
    seen.add(code)
    if _field_key(row.get("field", "")) not in fields:
        return tr("không có lĩnh vực “{field}”", field=row.get("field", ""))
    try:
        days = _days(row.get("days", ""))
        if days < 0 or days * 2 != int(days * 2):
            raise ValueError
    except ValueError:
        return tr("số ngày giải quyết không hợp lệ: “{days}”", days=row.get("days", ""))
    try:
        _documents(row.get("documents", ""))
    except (InvalidInput, ValueError):
        return tr("thành phần hồ sơ không hợp lệ (dạng: tên|{forms}|số lượng; …)", forms="/".join(DOCUMENT_FORMS))
    return ""
