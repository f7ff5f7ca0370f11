"""Procedure catalog import/export: our own CSV/XLSX, portals' exports and the national database's workbooks.

An import merges, never erases: a field the file has no column for stays as it is. `preview`
reads the file (db/catalog_read.py), checks every row and shows, per procedure, what would
change (added / which fields, before → after / unchanged), and writes nothing; `import_catalog`
writes all of it or nothing, in short batches with undo rows (so issuing goes on beside a long import). A field name the office does not have is
matched without diacritics ("Hộ tịch" → "Tư pháp - Hộ tịch") or left for the manager to map
(`field_map`).
"""

from __future__ import annotations

import csv
import logging
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import delete, insert, select, update

from core.cells import safe_cell, text_cells
from core.i18n import N_, tr
from core.text import fold
from db.catalog_read import parse_days, parse_documents, read_records
from db.errors import InvalidInput, Progress, keep_going
from db.events import EventKind
from db.models import CatalogImport, CatalogImportUndo, Dossier, Procedure, Service
from db.store.base import MANAGERS, StoreService
from db.store.catalog import DOCUMENT_FORM_NAMES, checked_document

EXPORT_HEADER = ["ma", "ten", "linh_vuc", "so_ngay", "le_phi", "thanh_phan", "muc_do", "co_quan", "noi_tiep_nhan",
                 "can_cu_phap_ly"]
log = logging.getLogger(__name__)
IMPORT_BATCH = 20  # rows per write transaction: milliseconds of SQLite's write lock, whatever the file's size
UNDO_BATCH = 50
FORGET_BATCH = 500
IMPORT_ABANDONED = timedelta(minutes=10)  # an import untouched this long was killed: the next one undoes it
IMAGE_COLUMNS = ("name", "service_id", "processing_days", "fee", "documents", "online_level", "agency",
                 "where_to_submit", "legal_basis", "search_text", "active")
PROBLEM_PAGE = 50  # row errors listed; past this only their number
LIMITS = {"code": 40, "name": 500, "fee": 300, "online_level": 40, "agency": 300, "where_to_submit": 300}
FIELD_LABELS = {"name": N_("Tên"), "service_id": N_("Lĩnh vực"), "processing_days": N_("Thời hạn (ngày)"),
                "fee": N_("Lệ phí"), "documents": N_("Thành phần hồ sơ"), "online_level": N_("Mức độ"),
                "agency": N_("Cơ quan thực hiện"), "where_to_submit": N_("Nơi tiếp nhận"),
                "legal_basis": N_("Căn cứ pháp lý"), "active": N_("Đang dùng")}
CHANGE_KINDS = {"added": N_("Thêm mới"), "changed": N_("Thay đổi"), "unchanged": N_("Không đổi")}


@dataclass(frozen=True)
class RowProblem:
    line: int  # as the manager sees it in the file (the header's line + 1 for the first row)
    reason: str
    sheet: str = ""


@dataclass(frozen=True)
class ProcedureChange:
    """What importing the file does to one procedure."""

    code: str
    name: str
    kind: str  # "added" | "changed" | "unchanged" (CHANGE_KINDS)
    fields: tuple[tuple[str, str, str], ...] = ()  # (field label, before, after), translated

    @property
    def summary(self) -> str:
        return "; ".join(f"{label}: “{old}” → “{new}”" for label, old, new in self.fields)


@dataclass(frozen=True)
class CatalogPreview:
    rows: tuple[dict, ...]                 # the procedures the import would write, as read
    problems: tuple[RowProblem, ...]       # the first PROBLEM_PAGE row errors
    changes: tuple[ProcedureChange, ...] = ()
    problem_count: int = 0
    ignored_columns: tuple[str, ...] = ()  # columns of the file no field takes (shown, never silently dropped)
    unknown_fields: tuple[str, ...] = ()   # field names no field of the office matches: the manager maps them

    @property
    def ok(self) -> bool:
        return not self.problem_count

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)


class CatalogIO(StoreService):
    """Part of the setup service (see db/store/__init__.py): preview, import, export."""

    def preview_catalog(self, path: Path, progress: Progress | None = None,
                        field_map: dict[str, str] | None = None) -> CatalogPreview:
        """Check every row and say what would change; nothing is written. `progress` returning False: Cancelled.

        `field_map` maps a field name the file uses to one of the office's fields (letter, code or name)."""
        return self._checked(path, progress, field_map)[0]

    def _checked(self, path: Path, progress: Progress | None, field_map: dict[str, str] | None):
        """The preview, and per record what the import writes: (code, the row as it is now or None, what to
        write), or None when the record changes nothing (the file is read and planned once)."""
        self.ctx.require(MANAGERS, "catalog_import")
        records, ignored, sheet_problems = read_records(path)
        with self.ctx.read() as s:
            services = _Services(s, field_map)
            current = _current(s, self.ctx.office().id)
            good, changes, writes = [], [], []
            problems = [RowProblem(line, reason, sheet) for line, sheet, reason in sheet_problems]
            for done, record in enumerate(records, start=1):
                _report(progress, done, len(records))
                problems += [RowProblem(line, reason, sheet) for line, sheet, reason in record.problems]
                if record.problems:
                    continue
                existing = current.get(record.code)
                attrs, (line, sheet, reason) = _plan(record, existing, services)
                if reason:
                    problems.append(RowProblem(line, reason, sheet))
                    continue
                good.append({"code": record.code, **record.values})
                changes.append(_change(record.code, existing, attrs, services))
                differs = existing is None or _differs(existing, attrs)
                writes.append((record.code, existing and _image(existing), attrs) if differs else None)
        problems.sort(key=lambda p: (p.sheet != (records[0].sheet if records else ""), p.sheet, p.line))
        return CatalogPreview(tuple(good), tuple(problems[:PROBLEM_PAGE]), tuple(changes), len(problems),
                              tuple(ignored), tuple(sorted(services.unknown))), writes

    def import_catalog(self, path: Path, progress: Progress | None = None,
                       field_map: dict[str, str] | None = None) -> int:
        """All rows or none: any bad row refuses the whole file (with every reason listed). Returns rows written.

        Fields the file has no column for are kept. `progress(done, total)` returning False stops the import
        and puts every row back (Cancelled).

        Written in batches of IMPORT_BATCH rows, each its own short transaction, so kiosks and counters keep
        issuing and calling beside a long import (on SQLite the write lock is held for one batch, not the
        file). What each batch changed is kept in `catalog_import_undo`: an error, Cancel or a full disk
        undoes the batches already written; an import whose process was killed is undone by the next one
        (`undo_unfinished_imports`). Readers may see the catalog half-imported for those seconds; kiosks
        refresh on the `catalog_changed` event at the end."""
        preview, writes = self._checked(path, None, field_map)
        if not preview.ok:
            raise InvalidInput(tr("Tệp có {n} dòng lỗi; chưa ghi gì.", n=preview.problem_count))
        self.undo_unfinished_imports()
        batches = [(min(start + IMPORT_BATCH, len(writes)), [w for w in writes[start:start + IMPORT_BATCH] if w])
                   for start in range(0, len(writes), IMPORT_BATCH)]  # planned from a snapshot: no lock
        office_id = self.ctx.office().id
        with self.ctx.tx() as s:
            job = CatalogImport(office_id=office_id, started_at=self.ctx.now(), touched_at=self.ctx.now(),
                                username=self.ctx.actor.username, file=Path(path).name[:300], status="applying")
            s.add(job)
            s.flush()
            job_id = job.id
        written = 0
        try:
            for end, batch in batches:
                if batch:
                    held = time.monotonic()
                    with self.ctx.tx() as s:
                        self._write_batch(s, job_id, office_id, batch)
                        written += len(batch)
                        s.execute(update(CatalogImport).where(CatalogImport.id == job_id)
                                  .values(touched_at=self.ctx.now(), rows=written))
                    self._take_turns(time.monotonic() - held)
                keep_going(progress, end, len(writes))
            with self.ctx.tx() as s:
                s.execute(update(CatalogImport).where(CatalogImport.id == job_id).values(status="done", rows=written))
                self.ctx.event(s, EventKind.catalog_changed, imported=written)
                self.ctx.audit(s, "catalog_import", "procedure", "", rows=written, file=Path(path).name)
        except BaseException:
            try:
                self._undo(job_id)
            except Exception:  # the database is gone or the disk full: the next import undoes it
                log.exception("catalog import %s: undo left for the next import", job_id)
            raise
        self._forget(job_id)
        return written

    def _take_turns(self, held: float) -> None:
        """SQLite has no queue for its write lock: a kiosk waiting on it retries after 1, 2, 5, 10… ms and
        would keep finding the next batch holding it. Leaving the lock free for as long as the batch held
        it (a duty cycle of one half) lets every waiting kiosk and counter in within a few retries."""
        if self.ctx.engine.dialect.name == "sqlite":
            time.sleep(max(held, 0.005))

    def undo_unfinished_imports(self) -> int:
        """Put back the catalog of every import left half-written by a killed process (not touched for
        IMPORT_ABANDONED); drop the undo rows of finished ones. Returns how many imports were undone."""
        self.ctx.require(MANAGERS, "catalog_import")
        stale = self.ctx.now() - IMPORT_ABANDONED
        with self.ctx.read() as s:
            abandoned = s.scalars(select(CatalogImport.id).where(
                CatalogImport.status == "applying", CatalogImport.touched_at < stale)).all()
            finished = s.scalars(select(CatalogImportUndo.import_id).distinct().join(
                CatalogImport, CatalogImport.id == CatalogImportUndo.import_id).where(
                CatalogImport.status == "done")).all()
        for job_id in abandoned:
            self._undo(job_id)
        for job_id in finished:
            self._forget(job_id)
        return len(abandoned)

    def _write_batch(self, s, job_id: int, office_id: int, batch) -> None:
        rows = {p.code: p for p in s.scalars(select(Procedure).where(
            Procedure.office_id == office_id, Procedure.code.in_([code for code, _, _ in batch])))}
        written = []
        for code, before, attrs in batch:
            row = rows.get(code)
            if (None if row is None else _image(row)) != before:
                raise InvalidInput(tr("Thủ tục {code} vừa được sửa ở máy khác; chưa ghi gì. Hãy xem trước "
                                      "tệp lại.", code=code))
            if row is None:
                row = Procedure(office_id=office_id, code=code)
                s.add(row)
            for key, value in attrs.items():
                setattr(row, key, value)
            row.search_text = fold(f"{row.code} {row.name}")
            written.append((row, before))
        s.flush()
        s.execute(insert(CatalogImportUndo), [{"import_id": job_id, "procedure_id": row.id, "before": before,
                                               "after": _image(row)} for row, before in written])

    def _undo(self, job_id: int) -> None:
        """Put back, newest first and a batch at a time, every procedure import `job_id` wrote; a row edited
        since is left as edited, and an added one a dossier already names is kept but put out of use."""
        while True:
            with self.ctx.tx() as s:
                undo = s.execute(select(CatalogImportUndo.id, CatalogImportUndo.procedure_id, CatalogImportUndo.before,
                                        CatalogImportUndo.after)
                                 .where(CatalogImportUndo.import_id == job_id)
                                 .order_by(CatalogImportUndo.id.desc()).limit(UNDO_BATCH)).all()
                if not undo:
                    job = s.get(CatalogImport, job_id)
                    if job is not None and job.status == "applying":
                        job.status = "undone"
                        self.ctx.event(s, EventKind.catalog_changed, imported=0)
                        self.ctx.audit(s, "catalog_import_undone", "procedure", "", rows=job.rows, file=job.file)
                    return
                s.execute(delete(CatalogImportUndo).where(CatalogImportUndo.id.in_([u.id for u in undo])))
                for u in undo:
                    row = s.get(Procedure, u.procedure_id)
                    if row is None or _image(row) != u.after:
                        continue
                    if u.before is not None:
                        for key, value in u.before.items():
                            setattr(row, key, value)
                    elif s.scalar(select(Dossier.id).where(Dossier.procedure_id == row.id).limit(1)) is None:
                        s.delete(row)
                    else:
                        row.active = False

    def _forget(self, job_id: int) -> None:
        """Drop a finished import's undo rows, a batch at a time."""
        while True:
            with self.ctx.tx() as s:
                ids = s.scalars(select(CatalogImportUndo.id).where(CatalogImportUndo.import_id == job_id)
                                .limit(FORGET_BATCH)).all()
                if not ids:
                    return
                s.execute(delete(CatalogImportUndo).where(CatalogImportUndo.id.in_(ids)))

    def export_catalog(self, path: Path) -> int:
        """Write the catalog as CSV or XLSX (by the file's ending), in the import format; text stays text."""
        procs = self.store.setup.procedures(include_inactive=True)
        with self.ctx.read() as s:
            prefixes = {svc.id: svc.prefix for svc in s.scalars(select(Service)).all()}
        table = [[p.code, p.name, prefixes.get(p.service_id, "") if p.service_id else "", f"{p.processing_days:g}", p.fee,
                  "; ".join(f"{d['name']}|{d['form']}|{d['quantity']}" for d in p.documents),
                  p.online_level, p.agency, p.where_to_submit, p.legal_basis] for p in procs]
        table = [EXPORT_HEADER] + table
        path = Path(path)
        try:
            if path.suffix.lower() == ".xlsx":
                import openpyxl

                book = openpyxl.Workbook()
                for row in table:
                    book.active.append(row)
                    text_cells(book.active[book.active.max_row])
                book.save(path)
            else:
                with path.open("w", encoding="utf-8-sig", newline="") as f:
                    csv.writer(f).writerows([safe_cell(v) for v in row] for row in table)
        except OSError as error:  # a folder, a name too long, a full disk, no right to write there
            raise InvalidInput(tr("Không ghi được tệp {file}: {error}", file=path.name or str(path),
                                  error=error.strerror or str(error))) from error
        return len(procs)


def _current(s, office_id: int) -> dict[str, Procedure]:
    """The office's procedures by code, in one query (a catalog is a few thousand rows at most)."""
    return {p.code: p for p in s.scalars(select(Procedure).where(Procedure.office_id == office_id))}


class _Services:
    """The office's fields, found by letter, code or name without diacritics, or by the manager's mapping."""

    def __init__(self, s, field_map: dict[str, str] | None):
        self.rows = s.scalars(select(Service)).all()
        self.names = {svc.id: svc.name for svc in self.rows}
        self.keys: dict[str, int] = {}
        for svc in self.rows:
            self.keys[svc.prefix.upper()] = self.keys[svc.code.upper()] = self.keys[fold(svc.name)] = svc.id
        self.mapped = {fold(k): self.find(v) for k, v in (field_map or {}).items()}
        self.unknown: set[str] = set()

    def find(self, value: str) -> int | None:
        value = value.strip()
        key = value.upper() if len(value) <= 4 or value.isupper() else fold(value)
        if key in self.keys:
            return self.keys[key]
        folded = fold(value)
        if folded in getattr(self, "mapped", {}):
            return self.mapped[folded]
        if not folded:
            return None
        # "Hộ tịch" names the office's "Tư pháp - Hộ tịch": a unique field whose name holds it as whole words
        word = re.compile(rf"(^|\W){re.escape(folded)}($|\W)")
        hits = {svc.id for svc in self.rows if word.search(fold(svc.name))}
        return hits.pop() if len(hits) == 1 else None


def _plan(record, existing: Procedure | None, services: _Services) -> tuple[dict, tuple[int, str, str]]:
    """The columns to write for `record` (only what the file has) and the first reason it cannot be written."""
    values, attrs = record.values, {}

    def where(key: str) -> tuple[int, str]:
        return record.lines.get(key, (record.line, record.sheet))

    def bad(key: str, reason: str) -> tuple[dict, tuple[int, str, str]]:
        return {}, (*where(key), reason)

    if "name" in values:
        if not values["name"]:
            return bad("name", tr("thiếu tên thủ tục"))
        attrs["name"] = values["name"]
    elif existing is None:
        return bad("name", tr("thủ tục mới {code} thiếu tên", code=record.code))
    if "field" in values:
        service_id = services.find(values["field"])
        if service_id is None:
            if values["field"]:
                services.unknown.add(values["field"])
            return bad("field", tr("không có lĩnh vực “{field}”", field=values["field"]))
        attrs["service_id"] = service_id
    elif existing is None:
        return bad("field", tr("thủ tục mới {code} thiếu lĩnh vực", code=record.code))
    if "days" in values:
        try:
            attrs["processing_days"] = parse_days(values["days"])
        except ValueError:
            return bad("days", tr("số ngày giải quyết không hợp lệ: “{days}”", days=values["days"][:60]))
    elif existing is None:
        return bad("days", tr("thủ tục mới {code} thiếu thời hạn giải quyết", code=record.code))
    if "documents" in values:
        try:
            docs = values["documents"]
            docs = parse_documents(docs) if isinstance(docs, str) else docs
            attrs["documents"] = [checked_document(d) for d in docs]
        except (InvalidInput, ValueError) as error:
            return bad("documents", tr("thành phần hồ sơ không hợp lệ (dạng: tên|Bản chính/Bản sao|số lượng; …): "
                                       "{error}", error=str(error)[:120]))
    for key in ("fee", "online_level", "agency", "where_to_submit", "legal_basis"):
        if key in values:
            attrs[key] = values[key]
    for key, limit in LIMITS.items():
        text = record.code if key == "code" else attrs.get(key, "")
        if isinstance(text, str) and len(text) > limit:
            return bad(key, tr("“{column}” dài {n} ký tự, tối đa {limit}", n=len(text), limit=limit,
                               column=tr(FIELD_LABELS.get(key, N_("Mã")))))
    attrs["active"] = True
    return attrs, (0, "", "")


def _image(row: Procedure) -> dict:
    """The written columns of a procedure, as JSON keeps them (the undo rows)."""
    return {key: getattr(row, key) for key in IMAGE_COLUMNS}


def _differs(row: Procedure, attrs: dict) -> bool:
    return any(getattr(row, key) != value for key, value in attrs.items())


def _shown(key: str, value, services: _Services) -> str:
    if key == "service_id":
        return services.names.get(value, "")
    if key == "processing_days":
        return f"{value:g}".replace(".", ",")
    if key == "documents":
        return "; ".join(f"{d['name']} ({tr(DOCUMENT_FORM_NAMES[d['form']])} × {d['quantity']})" for d in value)
    if key == "active":
        return tr("có") if value else tr("không")
    return str(value or "")


def _change(code: str, existing: Procedure | None, attrs: dict, services: _Services) -> ProcedureChange:
    name = attrs.get("name") or (existing.name if existing else "")
    if existing is None:
        return ProcedureChange(code, name, "added")
    fields = tuple((tr(FIELD_LABELS[k]), _shown(k, getattr(existing, k), services), _shown(k, v, services))
                   for k, v in attrs.items() if getattr(existing, k) != v)
    return ProcedureChange(code, name, "changed" if fields else "unchanged", fields)


def _report(progress: Progress | None, done: int, total: int) -> None:
    if done % 20 == 0 or done == total:  # a report every 20 rows is plenty for a progress bar
        keep_going(progress, done, total)
