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
from db.events import Topic
from db.store.dossiers import supplement_reason
from devices.printers import PrinterError
from ui.live import LiveRead
from ui.runner import Runner

DOSSIER = "dossier"  # the runner key of dossier actions: one at a time

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
        self._query = ""
        self._open_code: str | None = None
        self._opening = False
        self.search_live = LiveRead(runner, _search, self.intake.show_results, owner=self.intake,
                                    topics={Topic.catalog}, args=lambda: (self.clerk, self._query))
        self.dossier_live = LiveRead(runner, _view, self._show, owner=self.dossier, topics={Topic.dossiers},
                                     args=lambda: (self.clerk, self._open_code))
        self.due_live = LiveRead(runner, _due, self._show_due, owner=self.due, topics={Topic.dossiers},
                                 args=lambda: (self.clerk,), delay_ms=300,
                                 day=lambda: self.clerk.business_day() if self.clerk else None)
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

    def _run(self, job, on_done) -> None:
        """One dossier action at a time (a second Ctrl+S while the first is saving is refused)."""
        if not self.runner.run(job, on_done=on_done, key=DOSSIER, owner=self, changes={Topic.dossiers}):
            self.sig_message.emit(tr("Đang xử lý thao tác trước, xin chờ giây lát."), False)

    # -- intake -------------------------------------------------------------------------------------
    def search(self, text: str) -> None:
        """Procedures matching `text` (only the answer to the latest text is shown)."""
        self._query = text
        if self.clerk is not None:
            self.search_live.refresh_now()

    def pick_procedure(self, code: str) -> None:
        clerk = self.clerk

        def job():
            with clerk.together():
                return clerk.setup.procedure(code), clerk.dossiers.preview_due_date(code)
        self.runner.run(job, on_done=lambda r: self.intake.show_procedure(*r), owner=self.intake)

    def receive(self, values: dict) -> None:
        """Tiếp nhận: save, then write the receipt and the control sheet (and the thermal receipt)."""
        clerk, counter = self.clerk, self.counter

        def job():
            d = clerk.dossiers.receive_dossier(counter=counter, **values)
            return self._papers(d.code, ("receipt", "control"), thermal=True)
        self._run(job, self._received)

    def refuse(self, values: dict) -> None:
        clerk, counter = self.clerk, self.counter

        def job():
            d = clerk.dossiers.refuse_dossier(counter=counter, **values)
            return self._papers(d.code, ("refusal",), reason=values["reason"])
        self._run(job, self._received)

    def receive_incomplete(self, values: dict, items: list) -> None:
        """Yêu cầu bổ sung at intake: received and waiting for the listed papers, in one store operation."""
        if not items:
            self.sig_message.emit(tr("Cần ghi giấy tờ phải bổ sung."), True)
            return
        clerk, counter = self.clerk, self.counter

        def job():
            d = clerk.dossiers.receive_incomplete(items, counter=counter, **values)
            return self._papers(d.code, ("supplement",), items=tuple(items), reason=supplement_reason(items))
        self._run(job, self._received)

    def _received(self, result) -> None:
        view, paths, warning = result
        d = view.dossier
        self.intake.result.setText(tr("Đã lưu hồ sơ {code}. Hẹn trả: {time}", code=d.code,
                                      time=f"{d.due_at.astimezone(self.clerk.office().tz):%H:%M %d/%m/%Y}")
                                   if d.status != "refused" else tr("Đã ghi nhận từ chối: {code}", code=d.code))
        self.intake.clear()
        self._show_pdfs(paths)
        self.sig_message.emit(warning or tr("Đã lưu hồ sơ {code}.", code=d.code), bool(warning))
        self._open_code, self._opening = d.code, True
        self._show(view)

    def _papers(self, code: str, forms: tuple[str, ...], *, thermal: bool = False, **extra):
        """On the worker: the dossier page's view and the forms' data in one read, then the PDFs, and the
        thermal receipt if a printer is set up (its failure is a warning)."""
        clerk = self.clerk
        view, prepared = self.paperwork.read(clerk, code, forms, **extra)
        paths = [self.paperwork.save(*p) for p in prepared]
        warning = ""
        if thermal and self.printer is not None:
            try:
                print_receipt(self.printer, clerk, view.dossier)
            except PrinterError as error:
                warning = tr("Hồ sơ đã lưu nhưng chưa in được biên nhận: {message}", message=str(error))
        return view, paths, warning

    def _show_pdfs(self, paths: list[Path]) -> None:
        self.last_pdfs = list(paths)
        for path in paths:
            self.sig_pdf.emit(str(path))
            if self.open_pdfs:  # the system viewer prints to the office's A4 printer
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # -- one dossier ----------------------------------------------------------------------------------
    def open(self, code: str) -> None:
        """Show this dossier (one read: the dossier, its days left, the agencies); it stays live."""
        if self.clerk is None:
            return
        self._open_code, self._opening = code, True
        self.dossier_live.refresh_now()

    def _show(self, view) -> None:
        if view is None or self.clerk is None or view.dossier.code != self._open_code:
            return
        d = view.dossier  # the dossier's own agency first in the list
        self.dossier.show_dossier(d, days_left=view.days_left, now=view.now, agencies=list(view.agencies),
                                  tz=self.clerk.office().tz, suggested_due=view.suggested_due)
        if self._opening:
            self._opening = False
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
                clerk.dossiers.issue_apology(code, new_due, v["note"])
                return self._papers(code, ("apology",), reason=v["note"], new_due_at=new_due)
        elif action in ("receipt", "control"):
            def job():
                return self._papers(code, (action,))
        else:
            calls = {
                "hand_over": lambda: clerk.dossiers.hand_over(code, v["agency"], v["note"]),
                "resolved": lambda: clerk.dossiers.mark_resolved(code, v["note"]),
                "return": lambda: clerk.dossiers.return_result(code, v["to_whom"], v["channel"], v["tracking_number"],
                                                      v["note"]),
                "supplement": lambda: clerk.dossiers.record_supplement(code, v["note"]),
            }
            if action not in calls:
                raise InvalidInput(action)

            def job():
                calls[action]()
                return self._papers(code, ())
        self._run(job, self._acted)

    def _acted(self, result) -> None:
        view, paths, warning = result
        self._show_pdfs(paths)
        self.sig_message.emit(warning or tr("Đã cập nhật hồ sơ {code}.", code=view.dossier.code), bool(warning))
        self._show(view)

    # -- the office's list -------------------------------------------------------------------------------
    def refresh_due(self) -> None:
        """Read the due-soon list again (it also follows dossier events and the day by itself)."""
        if self.clerk is not None:
            self.due_live.refresh_now()

    def _show_due(self, result) -> None:
        if result is not None and self.clerk is not None:
            rows, now = result
            self.due.show_list(rows, now, self.clerk.office().tz)


# -- reads, on the runner ----------------------------------------------------------------------------------
def _search(clerk, text: str):
    return [] if clerk is None else clerk.setup.procedures(None, text, limit=80)


def _view(clerk, code: str | None):
    return None if clerk is None or not code else clerk.dossiers.dossier_view(code)


def _due(clerk):
    if clerk is None:
        return None
    with clerk.together():
        calendar, now = clerk.calendar.calendar(), clerk.now()
        return [(d, calendar.working_days_left(d.due_at, now)) for d in clerk.dossiers.due_soon(2)], now
