"""The procedure catalog (danh mục TTHC): what the kiosk shows and the counter receives."""

from __future__ import annotations

from dataclasses import dataclass

from typing import Sequence

from sqlalchemy import or_, select

from core.i18n import N_, tr
from core.text import fold
from db.errors import InvalidInput, NotFound
from db.events import EventKind
from db.models import Procedure, Service
from db.store import rows
from db.store.arguments import number_arg, text_arg
from db.store.base import MANAGERS, StoreService

DOCUMENT_FORMS = ("original", "copy", "original_or_copy")
DOCUMENT_FORM_NAMES = {"original": N_("Bản chính"), "copy": N_("Bản sao"),
                       "original_or_copy": N_("Bản chính hoặc bản sao")}


@dataclass(frozen=True)
class ProcedureInfo:
    """Thủ tục hành chính as the kiosk and the counter show it."""

    id: int
    code: str
    name: str
    service_id: int | None
    service_name: str
    processing_days: float
    fee: str
    documents: tuple[dict, ...]  # {"name", "form", "quantity"}
    online_level: str
    where_to_submit: str
    agency: str
    legal_basis: str
    active: bool


class CatalogOps(StoreService):
    def save_procedure(self, *, code: str, name: str, service: str | None, processing_days: float,
                       fee: str = "", documents: Sequence[dict] = (), online_level: str = "",
                       where_to_submit: str = "", agency: str = "", legal_basis: str = "",
                       active: bool = True) -> int:
        """Create or update procedure `code`; managers only. Returns its id."""
        self.ctx.require(MANAGERS, "save_procedure")
        code, name = text_arg(code, tr("Mã thủ tục"), max_len=40), text_arg(name, tr("Tên thủ tục"), max_len=500)
        processing_days = number_arg(processing_days, tr("Số ngày giải quyết"), high=3650)
        fee, online_level = text_arg(fee, tr("Lệ phí"), max_len=300), text_arg(online_level, tr("Mức trực tuyến"), max_len=40)
        where_to_submit = text_arg(where_to_submit, tr("Nơi nộp"), max_len=300)
        agency, legal_basis = text_arg(agency, tr("Cơ quan"), max_len=300), text_arg(legal_basis, tr("Căn cứ pháp lý"), max_len=20000)
        if not code or not name:
            raise InvalidInput(tr("Thủ tục cần có mã và tên."))
        if processing_days < 0 or (processing_days * 2) != int(processing_days * 2):
            raise InvalidInput(tr("Thời hạn giải quyết phải là số ngày (có thể nửa ngày): {days}",
                                  days=processing_days))
        docs = [checked_document(d) for d in documents]
        with self.ctx.tx() as s:
            service_id = rows.service(self.ctx, s, service).id if service else None
            row = s.scalars(select(Procedure).where(Procedure.office_id == self.ctx.office().id,
                                                    Procedure.code == code)).first()
            row = row or Procedure(office_id=self.ctx.office().id, code=code)
            row.name, row.service_id, row.processing_days, row.fee = name, service_id, float(processing_days), fee
            row.documents, row.online_level, row.where_to_submit = docs, online_level, where_to_submit
            row.agency, row.legal_basis, row.active = agency, legal_basis, active
            row.search_text = fold(f"{code} {name}")
            s.add(row)
            s.flush()
            self.ctx.event(s, EventKind.catalog_changed, procedure_id=row.id)
            self.ctx.audit(s, "procedure_save", "procedure", row.id, code=code, name=name)
            return row.id

    def procedures(self, service: str | None = None, query: str = "", *, include_inactive: bool = False,
                   limit: int | None = None) -> list[ProcedureInfo]:
        """Procedures of a field and/or matching `query` (with or without diacritics) in their code, name
        or field's name, by name."""
        with self.ctx.read() as s:
            q = select(Procedure, Service.name).join(Service, Service.id == Procedure.service_id, isouter=True)
            q = q.where(Procedure.office_id == self.ctx.office().id)
            if not include_inactive:
                q = q.where(Procedure.active.is_(True))
            if service:
                q = q.where(Procedure.service_id == rows.service(self.ctx, s, service).id)
            words = fold(query).split()
            # a word may name the field ("dat dai") as well as the procedure: fields are few, fold them here
            fields = {sid: fold(name) for sid, name in s.execute(
                select(Service.id, Service.name).where(Service.office_id == self.ctx.office().id))} if words else {}
            for word in words:
                match = Procedure.search_text.contains(word, autoescape=True)
                of_field = [sid for sid, name in fields.items() if word in name]
                q = q.where(or_(match, Procedure.service_id.in_(of_field)) if of_field else match)
            q = q.order_by(Procedure.name)
            if limit:
                q = q.limit(limit)
            return [_info(p, sname) for p, sname in s.execute(q).all()]

    def procedure(self, code: str) -> ProcedureInfo:
        with self.ctx.read() as s:
            row = s.execute(
                select(Procedure, Service.name).join(Service, Service.id == Procedure.service_id, isouter=True)
                .where(Procedure.office_id == self.ctx.office().id, Procedure.code == code.strip())
            ).first()
            if row is None:
                raise NotFound(tr("Không có thủ tục {code}.", code=code))
            return _info(*row)


def checked_document(d: dict) -> dict:
    """A required paper of a procedure, checked: {name, form, quantity}."""
    name = str(d.get("name", "")).strip()
    form = d.get("form", "original_or_copy")
    quantity = int(d.get("quantity", 1))
    if not name or form not in DOCUMENT_FORMS or quantity < 1:
        raise InvalidInput(tr("Thành phần hồ sơ không hợp lệ: {doc}", doc=name or str(d)))
    return {"name": name, "form": form, "quantity": quantity}


def _info(p: Procedure, service_name: str | None) -> ProcedureInfo:
    return ProcedureInfo(
        id=p.id, code=p.code, name=p.name, service_id=p.service_id, service_name=service_name or "",
        processing_days=p.processing_days, fee=p.fee, documents=tuple(p.documents or ()),
        online_level=p.online_level, where_to_submit=p.where_to_submit, agency=p.agency,
        legal_basis=p.legal_basis, active=p.active,
    )
