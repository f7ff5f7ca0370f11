"""From a dossier to paper: the A4 forms (PDF) and the optional thermal receipt. No Qt.

Runs on the background runner: it reads the store and writes files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.i18n import tr
from db.store import Store
from db.store.dossiers import CHANNEL_LABELS, DossierInfo
from devices.forms import FormData, FormStep, save_form
from devices.printers import Printer, ReceiptSlip

FORM_SETTING = "forms"  # store setting: {"common": {...}, "receipt": {...}} overriding the templates


@dataclass(frozen=True)
class Paperwork:
    """Where a station writes its forms and which templates it uses."""

    out_dir: Path
    forms_dir: Path | None = None

    def form_data(self, store: Store, d: DossierInfo, *, reason: str = "", items: tuple[str, ...] = (),
                  new_due_at: datetime | None = None) -> FormData:
        office = store.office()
        tz = office.tz
        local = (lambda at: at.astimezone(tz) if at else None)
        procedure = store.setup.procedure(d.procedure_code)
        return FormData(
            code=d.code, office_name=office.name, unit_name=office.header or "Bộ phận Tiếp nhận và Trả kết quả",
            procedure_name=d.procedure_name, applicant_name=d.applicant_name,
            applicant_id_number=d.applicant_id_number, phone=d.phone, email=d.email, address=d.address,
            received_at=local(d.received_at), due_at=local(d.due_at), original_due_at=local(d.original_due_at),
            new_due_at=local(new_due_at), processing_days=procedure.processing_days, documents=d.documents,
            channel_in=tr(CHANNEL_LABELS.get(d.channel_in, d.channel_in)),
            channel_out=tr(CHANNEL_LABELS.get(d.channel_out, d.channel_out)),
            clerk_name=store.actor.full_name or d.received_by_name, agency=d.handled_by_agency or procedure.agency,
            reason=reason or d.note, items=items, printed_at=store.local_now(),
            history=tuple(FormStep(local(h.at), h.label, h.user_name, h.agency, h.note) for h in d.history),
            check_code=d.check_code,
        )

    def write(self, store: Store, form: str, d: DossierInfo, **extra) -> Path:
        """Write `form` for dossier `d` and return the PDF's path (forms-dir and store overrides applied)."""
        return self.save(*self.prepare(store, form, d, **extra))

    def prepare(self, store: Store, form: str, d: DossierInfo, **extra) -> tuple[str, FormData, dict, int | None]:
        """What `form` needs from the store (call it inside `store.together()` to read it all at once)."""
        if not d.history:
            d = store.dossiers.dossier(d.code)
        number = d.apology_count if form == "apology" else None  # each apology its own file
        return form, self.form_data(store, d, **extra), store.setup.setting(FORM_SETTING, {}) or {}, number

    def read(self, store: Store, code: str, forms: tuple[str, ...], **extra):
        """One transaction: the dossier page's view of `code` (DossierView) and what each form needs."""
        with store.together():
            view = store.dossiers.dossier_view(code)
            return view, [self.prepare(store, form, view.dossier, **extra) for form in forms]

    def save(self, form: str, data: FormData, overrides: dict, number: int | None = None) -> Path:
        """Write the prepared form to a PDF (no store call); `number` tells one apology's file from another's."""
        return save_form(form, data, self.out_dir, folder=self.forms_dir, overrides=overrides, number=number)


def print_receipt(printer: Printer, store: Store, d: DossierInfo) -> int:
    """The thermal receipt (Giấy biên nhận) for `d` on the station's printer."""
    office = store.office()
    slip = ReceiptSlip(office_name=office.name, dossier_code=d.code, procedure_name=d.procedure_name,
                       applicant_name=d.applicant_name, received_at=d.received_at.astimezone(office.tz),
                       due_at=d.due_at.astimezone(office.tz), clerk_name=store.actor.full_name,
                       collect_where=office.header, footer=office.kiosk_footer, check_code=d.check_code)
    return printer.print_receipt(slip)
