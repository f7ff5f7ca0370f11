"""The manager's reports as data and as files: compute, then write XLSX or PDF, with progress and cancel. No Qt.

A file appears only when the whole job has finished: it is written under a
temporary name in the same folder and moved into place at the end, so a
cancelled or failed export leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path
from typing import Sequence

from core.i18n import N_, tr
from db.errors import Cancelled, InvalidInput, StoreError
from db.store.reports import LedgerLine
from db.store.monthly import MonthlyReport
from ui.monthly_files import append_monthly_xlsx, monthly_table, write_monthly_pdf, write_monthly_xlsx
from ui.report_files import (
    Progress, dossier_table, ledger_table, queue_table, satisfaction_table, write_pdf, write_xlsx,
)

# kind → the groupings its report offers (the first is the default); None = the whole office only
GROUPINGS: dict[str, tuple[str | None, ...]] = {
    "queue": ("field", "counter", "clerk", None),
    "dossiers": ("field", None),
    "ledger": (None,),
    "satisfaction": ("counter", "clerk"),
}
# every report the page offers: the kinds above ("Xuất mọi loại báo cáo" writes them together) and Biểu II.06a,
# the monthly form sent upward, which is its own file
REPORT_KINDS: dict[str, tuple[str | None, ...]] = {**GROUPINGS, "monthly": ("field",)}
KIND_LABELS = {"queue": N_("Hàng chờ"), "dossiers": N_("Hồ sơ"), "ledger": N_("Sổ theo dõi hồ sơ"),
               "satisfaction": N_("Mức độ hài lòng"), "monthly": N_("Biểu II.06a (báo cáo tháng)")}
GROUPING_LABELS = {"field": N_("Theo lĩnh vực"), "counter": N_("Theo quầy"), "clerk": N_("Theo cán bộ"),
                   None: N_("Toàn cơ quan")}
FORMATS = (".xlsx", ".pdf")


class ExportFailed(StoreError):
    """The file could not be written (full disk, no permission, bad folder); nothing was left behind."""


@dataclass(frozen=True)
class ReportRequest:
    """What the manager asked for: which report, over which days (office time), grouped how."""

    kind: str
    start: date
    end: date
    by: str | None = None


@dataclass(frozen=True)
class Ledger:
    """Sổ theo dõi hồ sơ over a range, with the office's zone to show its times in."""

    start: date
    end: date
    lines: tuple[LedgerLine, ...]
    tz: tzinfo


def compute(store, request: ReportRequest):
    """The report `request` names (QueueReport, DossierReport, SatisfactionReport or Ledger), from the store."""
    if request.kind not in REPORT_KINDS:
        raise InvalidInput(tr("Không có loại báo cáo {kind}.", kind=request.kind))
    if request.by not in REPORT_KINDS[request.kind]:
        raise InvalidInput(tr("Báo cáo này không nhóm theo {by} được.", by=request.by))
    if request.kind == "queue":
        return store.reports.queue_report(request.start, request.end, by=request.by)
    if request.kind == "dossiers":
        return store.reports.dossier_report(request.start, request.end, by=request.by)
    if request.kind == "satisfaction":
        return store.reports.satisfaction_report(request.start, request.end, by=request.by)
    if request.kind == "monthly":
        return store.reports.monthly_report(request.start, request.end)
    lines = store.reports.dossier_ledger(request.start, request.end)
    return Ledger(request.start, request.end, tuple(lines), store.office().tz)


def table_rows(report) -> tuple[list[list], bool]:
    """The report as rows, header first, and whether the last row is the office's total."""
    if isinstance(report, Ledger):
        return ledger_table(report.lines, report.tz), False
    if isinstance(report, MonthlyReport):
        return monthly_table(report), True
    kind = type(report).__name__
    table = {"QueueReport": queue_table, "DossierReport": dossier_table, "SatisfactionReport": satisfaction_table}
    return table[kind](report), True


def _file_parts(reports: Sequence) -> dict:
    """The writers' keyword arguments for these computed reports."""
    names = {"QueueReport": "queue", "DossierReport": "dossiers", "SatisfactionReport": "satisfaction"}
    parts: dict = {}
    for report in reports:
        if isinstance(report, Ledger):
            parts.update(ledger=report.lines, tz=report.tz, period=(report.start, report.end))
        elif isinstance(report, MonthlyReport):
            parts["monthly"] = report
        else:
            parts[names[type(report).__name__]] = report
    return parts


def export_reports(store, requests: Sequence[ReportRequest], path: Path | str,
                   progress: Progress | None = None) -> Path:
    """Compute each requested report, then write them all to one XLSX or PDF file (chosen by the suffix).

    `progress(done, total)` is called between steps and never goes back; returning False cancels
    (Cancelled is raised and no file is left). Unwritable paths raise ExportFailed.
    """
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise InvalidInput(tr("Chỉ xuất được tệp .xlsx hoặc .pdf."))
    if not requests:
        raise InvalidInput(tr("Chưa chọn báo cáo nào để xuất."))
    n = len(requests)
    total = 2 * n + 1  # n reports to compute, writing counted as n more, one step to move the file into place

    def step(done: int) -> bool:
        return progress is None or progress(min(done, total), total) is not False

    def check(done: int) -> None:
        if not step(done):
            raise Cancelled()

    check(0)
    reports = []
    for i, request in enumerate(requests, 1):
        reports.append(compute(store, request))
        check(i)
    parts = _file_parts(reports)
    monthly = parts.pop("monthly", None)
    part = path.with_name(f".{path.stem}.{uuid.uuid4().hex[:8]}.part{path.suffix}")
    try:
        write = lambda done, of: step(n + done * n // max(of, 1))  # noqa: E731 - writer steps → ours
        office, made_at = store.office(), store.local_now()
        if monthly is not None and not parts:  # Biểu II.06a alone: the form's own file
            (write_monthly_xlsx if path.suffix.lower() == ".xlsx" else write_monthly_pdf)(part, monthly, write)
        elif path.suffix.lower() == ".xlsx":
            write_xlsx(part, progress=write, office_name=office.name, made_at=made_at, **parts)
            if monthly is not None:
                append_monthly_xlsx(part, monthly)
        else:
            if monthly is not None:  # a PDF holds the other reports or the form, not both
                raise InvalidInput(tr("Biểu II.06a được xuất thành tệp riêng."))
            write_pdf(part, office_name=office.name, progress=write, made_at=made_at, **{"tz": office.tz, **parts})
        check(total)
        os.replace(part, path)
    except OSError as error:
        raise ExportFailed(tr("Không ghi được tệp {path}: {error}", path=str(path),
                              error=error.strerror or str(error))) from error
    finally:
        with contextlib.suppress(OSError):  # already moved into place, or never made
            part.unlink()
    return path
