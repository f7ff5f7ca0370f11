"""The dossier side of the counter: intake, the dossier view and the due list, over the runner."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from core.i18n import tr
from counter.paperwork import Paperwork, print_receipt
from counter.qt_dossier import QtDossierPage
from counter.qt_due import QtDueList
from counter.qt_intake import QtIntakePage
from db.errors import InvalidInput
from db.store.dossiers import DossierInfo, supplement_reason
from devices.printers import PrinterError
from ui.runner import Runner

log = logging.getLogger(__name__)


class QtDossierDesk(QObject):
    """Wires the three dossier pages to store operations; every action is one operation."""

    sig_opened = Signal(object)
    """A dossier was opened or changed (DossierInfo): the window shows the dossier page."""
    sig_pdf = Signal(str)
    """A form was written to this PDF path."""
    sig_message = Signal(str, bool)
    """(text, is_error) for the window's toast."""

    def __init__(self, runner: Runner, paperwork: Paperwork, printer=None, *, open_pdfs: bool = True,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.runner, self.paperwork, self.printer, self.open_pdfs = runner, paperwork, printer, open_pdfs
        self.clerk = None
        self.counter: int | None = None
        self.intake = QtIntakePage()
        self.dossier = QtDossierPage()
        self.due = QtDueList()
        self.last_pdfs: list[Path] = []
        self.intake.sig_search.connect(self.search)
        self.intake.sig_procedure.connect(self.pick_procedure)
        self.intake.sig_save.connect(self.receive)
        self.intake.sig_refuse.connect(self.refuse)
        self.intake.sig_supplement.connect(self.receive_incomplete)
        self.dossier.sig_open.connect(self.open)
        self.dossier.sig_action.connect(self.act)
        self.due.sig_open.connect(self.open)
        self.due.sig_refresh.connect(self.refresh_due)

    def bind(self, clerk, counter: int) -> None:
        self.clerk, self.counter = clerk, counter
        self.search("")
        self.refresh_due()

    # -- intake -------------------------------------------------------------------------------------
    def search(self, text: str) -> None:
        if self.clerk is not None:
            self.intake.search_seq += 1
            seq = self.intake.search_seq
            self.runner.run(self.clerk.procedures, None, text, limit=80,
                            on_done=lambda found: self.intake.show_results(found, seq))

    def pick_procedure(self, code: str) -> None:
        clerk = self.clerk
        self.runner.run(lambda: (clerk.procedure(code), clerk.preview_due_date(code)),
                        on_done=lambda r: self.intake.show_procedure(*r))

    def receive(self, values: dict) -> None:
        """Tiếp nhận: save, then write the receipt and the control sheet (and the thermal receipt)."""
        clerk, counter = self.clerk, self.counter

        def job():
            d = clerk.receive_dossier(counter=counter, **values)
            return d, self._papers(d, ("receipt", "control"), thermal=True)
        self.runner.run(job, on_done=self._received)

    def refuse(self, values: dict) -> None:
        clerk, counter = self.clerk, self.counter

        def job():
            d = clerk.refuse_dossier(counter=counter, **values)
            return d, self._papers(d, ("refusal",), reason=values["reason"])
        self.runner.run(job, on_done=self._received)

    def receive_incomplete(self, values: dict, items: list) -> None:
        """Yêu cầu bổ sung at intake: recorded as received, then waiting for the listed papers."""
        if not items:
            self.sig_message.emit(tr("Cần ghi giấy tờ phải bổ sung."), True)
            return
        clerk, counter = self.clerk, self.counter

        def job():
            d = clerk.receive_dossier(counter=counter, **values)
            d = clerk.request_supplement(d.code, items)
            return d, self._papers(d, ("supplement",), items=tuple(items), reason=supplement_reason(items))
        self.runner.run(job, on_done=self._received)

    def _received(self, result) -> None:
        d, (paths, warning) = result
        self.intake.result.setText(tr("Đã lưu hồ sơ {code}. Hẹn trả: {time}", code=d.code,
                                      time=f"{d.due_at.astimezone(self.clerk.office().tz):%H:%M %d/%m/%Y}")
                                   if d.status != "refused" else tr("Đã ghi nhận từ chối: {code}", code=d.code))
        self.intake.clear()
        self._show_pdfs(paths)
        self.sig_message.emit(warning or tr("Đã lưu hồ sơ {code}.", code=d.code), bool(warning))
        self.open(d.code)

    def _papers(self, d: DossierInfo, forms: tuple[str, ...], *, thermal: bool = False, **extra):
        """On the worker: the PDFs, and the thermal receipt if a printer is set up (its failure is a warning)."""
        d = self.clerk.dossier(d.code)
        paths = [self.paperwork.write(self.clerk, form, d, **extra) for form in forms]
        warning = ""
        if thermal and self.printer is not None:
            try:
                print_receipt(self.printer, self.clerk, d)
            except PrinterError as error:
                warning = tr("Hồ sơ đã lưu nhưng chưa in được biên nhận: {message}", message=str(error))
        return paths, warning

    def _show_pdfs(self, paths: list[Path]) -> None:
        self.last_pdfs = list(paths)
        for path in paths:
            self.sig_pdf.emit(str(path))
            if self.open_pdfs:  # the system viewer prints to the office's A4 printer
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # -- one dossier ----------------------------------------------------------------------------------
    def open(self, code: str) -> None:
        clerk = self.clerk
        if clerk is None:
            return

        def load():
            d = clerk.dossier(code)
            calendar = clerk.calendar()
            own = d.handled_by_agency or clerk.procedure(d.procedure_code).agency
            agencies = [own] + sorted({p.agency for p in clerk.procedures() if p.agency} - {own})
            now = clerk.now()
            # the apology's new date: three working days on, at a session's end (never a Sunday)
            suggested = calendar.due_date(max(now, d.due_at), 3).due_at
            return d, calendar.working_days_left(d.due_at, now), agencies, suggested
        self.runner.run(load, on_done=self._show)

    def _show(self, result) -> None:
        d, days, agencies, suggested = result  # the dossier's own agency first
        self.dossier.show_dossier(d, days_left=days, now=self.clerk.now(), agencies=agencies, tz=self.clerk.office().tz,
                                  suggested_due=suggested)
        self.sig_opened.emit(d)

    def act(self, action: str, v: dict) -> None:
        d, clerk = self.dossier.info, self.clerk
        if d is None or clerk is None:
            return
        tz = clerk.office().tz
        code = d.code
        if action == "apology":
            new_due = v["new_due_at"].replace(tzinfo=tz)

            def job():
                info = clerk.issue_apology(code, new_due, v["note"])
                return info, self._papers(info, ("apology",), reason=v["note"], new_due_at=new_due)
        elif action in ("receipt", "control"):
            def job():
                return d, self._papers(d, (action,))
        else:
            calls = {
                "hand_over": lambda: clerk.hand_over(code, v["agency"], v["note"]),
                "resolved": lambda: clerk.mark_resolved(code, v["note"]),
                "return": lambda: clerk.return_result(code, v["to_whom"], v["channel"], v["tracking_number"],
                                                      v["note"]),
                "supplement": lambda: clerk.record_supplement(code, v["note"]),
            }
            if action not in calls:
                raise InvalidInput(action)

            def job():
                return calls[action](), ([], "")
        self.runner.run(job, on_done=self._acted)

    def _acted(self, result) -> None:
        d, (paths, warning) = result
        self._show_pdfs(paths)
        self.sig_message.emit(warning or tr("Đã cập nhật hồ sơ {code}.", code=d.code), bool(warning))
        self.open(d.code)
        self.refresh_due()

    # -- the office's list -------------------------------------------------------------------------------
    def refresh_due(self) -> None:
        clerk = self.clerk
        if clerk is None:
            return

        def load():
            calendar, now = clerk.calendar(), clerk.now()
            return [(d, calendar.working_days_left(d.due_at, now)) for d in clerk.due_soon(2)], now
        self.runner.run(load, on_done=lambda r: self.due.show_list(r[0], r[1], clerk.office().tz))
