"""Dossiers (hồ sơ TTHC): intake with a dated appointment, hand-over, result, return, apology."""

from __future__ import annotations

import re
import hmac
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

from typing import Any, Sequence

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.calendar import DueDate, WorkingCalendar
from core.codes import dossier_code, new_check_code, normal_check_code
from core.i18n import N_, tr
from core.privacy import mask_address, mask_digits, mask_email, mask_name
from core.status import DOSSIER_OPEN, DossierStatus, can_move
from db.errors import InvalidInput, InvalidState, LoginLocked, NotFound
from db.events import EventKind
from db.models import (
    Counter,
    Dossier,
    DossierHistory,
    DossierSequence,
    Procedure,
    Service,
    Ticket,
    User,
)
from db.store.arguments import int_arg, items_arg, moment_arg, text_arg
from db.store import guard
from db.store.base import STAFF, StoreService

CHANNELS_IN = ("direct", "postal", "online")
CHANNELS_OUT = ("direct", "postal")
OPEN_STATUSES = DOSSIER_OPEN
AT_OFFICE = (DossierStatus.received, DossierStatus.processing)  # with the office or its deciding agency
STATUS_LABELS: dict[str, str] = {
    DossierStatus.received: N_("Đã tiếp nhận"), DossierStatus.processing: N_("Đang giải quyết"),
    DossierStatus.supplement_requested: N_("Chờ bổ sung hồ sơ"), DossierStatus.resolved: N_("Đã có kết quả"),
    DossierStatus.returned: N_("Đã trả kết quả"), DossierStatus.refused: N_("Từ chối tiếp nhận"),
}
ACTION_LABELS = {
    "received": N_("Tiếp nhận hồ sơ"), "refused": N_("Từ chối tiếp nhận"),
    "supplement_requested": N_("Yêu cầu bổ sung, hoàn thiện"), "supplement_received": N_("Nhận hồ sơ bổ sung"),
    "handed_over": N_("Chuyển cơ quan giải quyết"), "resolved": N_("Có kết quả giải quyết"),
    "returned": N_("Trả kết quả"), "apology": N_("Xin lỗi và hẹn lại ngày trả"),
}
CHANNEL_LABELS = {"direct": N_("Trực tiếp"), "postal": N_("Bưu chính"), "online": N_("Trực tuyến")}
_ID = re.compile(r"^\d{9}$|^\d{12}$")
_PHONE = re.compile(r"^0\d{9,10}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def supplement_reason(items: list[str]) -> str:
    """The reason a supplement request gives when the clerk wrote none: which papers are missing."""
    return tr("Hồ sơ chưa đầy đủ thành phần theo quy định, cần bổ sung: {items}.",
              items="; ".join(i.strip() for i in items if i.strip()))


def _aware(at: datetime) -> datetime:
    """A stored time as an aware one (SQLite hands back naive UTC)."""
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)


def status_label(status: str) -> str:
    return tr(STATUS_LABELS.get(status, status))


@dataclass(frozen=True)
class DossierStep:
    at: datetime
    action: str
    user_name: str
    agency: str
    note: str

    @property
    def label(self) -> str:
        return tr(ACTION_LABELS.get(self.action, self.action))


@dataclass(frozen=True)
class DossierInfo:
    """Hồ sơ as the counter (and, masked, the kiosk) shows it."""

    id: int
    code: str
    status: str
    procedure_code: str
    procedure_name: str
    service_name: str
    applicant_name: str
    applicant_id_number: str
    phone: str
    email: str
    address: str
    channel_in: str
    channel_out: str
    documents: tuple[dict, ...]
    received_at: datetime
    due_at: datetime
    original_due_at: datetime
    resolved_at: datetime | None
    returned_at: datetime | None
    returned_to: str
    return_channel: str
    tracking_number: str
    apology_count: int
    received_by_name: str
    counter_number: int | None
    ticket_code: str
    handled_by_agency: str
    note: str
    history: tuple[DossierStep, ...] = ()
    applicant_birth_date: date | None = None
    check_code: str = ""  # mã tra cứu on the receipt (staff only; "" in a public view)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def result_ready(self) -> bool:
        return self.status == DossierStatus.resolved

    def overdue(self, now: datetime) -> bool:
        """Past its appointment and still open; waiting for the citizen's papers is not the office's delay."""
        return self.is_open and self.status != "supplement_requested" and now > self.due_at


@dataclass(frozen=True)
class DossierView:
    """A dossier with what the counter's dossier page needs beside it."""

    dossier: DossierInfo
    days_left: float
    agencies: tuple[str, ...]  # the dossier's own agency first, then every other one of the catalog
    now: datetime
    suggested_due: datetime | None = None  # an apology's new date: three working days on, at a session's end


_INTAKE_TEXTS = {"procedure": (N_("Mã thủ tục"), 40), "applicant_name": (N_("Họ tên"), 200),
                 "applicant_id_number": (N_("Số giấy tờ tùy thân"), 20), "phone": (N_("Số điện thoại"), 20),
                 "email": (N_("Thư điện tử"), 200), "address": (N_("Địa chỉ"), 500), "note": (N_("Ghi chú"), 1000),
                 "channel_in": (N_("Kênh nộp"), 20), "channel_out": (N_("Kênh nhận kết quả"), 20)}


def _checked_intake(v: dict) -> dict:
    """An intake's values, each of the right type and size (None as empty text)."""
    out = dict(v)
    for key, (what, limit) in _INTAKE_TEXTS.items():
        out[key] = text_arg(v.get(key) if v.get(key) is not None else "", tr(what), max_len=limit)
    if v.get("ticket_code") is not None:
        out["ticket_code"] = text_arg(v["ticket_code"], tr("Mã phiếu"), max_len=8)
    if v.get("counter") is not None:
        out["counter"] = int_arg(v["counter"], tr("Số quầy"))
    if isinstance(v.get("documents"), str) or not isinstance(v.get("documents") or [], (list, tuple)):
        raise InvalidInput(tr("Giấy tờ kèm theo phải là một danh sách."))
    return out


class DossierOps(StoreService):
    # -- due dates ------------------------------------------------------------------
    def preview_due_date(self, procedure: str, received_at: datetime | None = None) -> DueDate:
        """The appointment date a dossier of `procedure` received now would get, with the reasons.

        A naive `received_at` is office time (the one rule everywhere), never the machine's zone.
        """
        p = self.store.setup.procedure(procedure)
        return self.store.calendar.calendar().due_date(self.store.calendar.office_time(received_at), p.processing_days)

    # -- intake -----------------------------------------------------------------------
    def receive_dossier(self, *, procedure: str, applicant_name: str, applicant_id_number: str = "",
                        phone: str = "", email: str = "", address: str = "", documents: Sequence[dict] = (),
                        channel_in: str = "direct", channel_out: str = "direct", ticket_code: str | None = None,
                        counter: int | None = None, note: str = "",
                        applicant_birth_date: date | None = None) -> DossierInfo:
        """Tiếp nhận: assign the dossier code, compute the due date, link the ticket; one transaction."""
        return self._new_dossier(DossierStatus.received, locals())

    def refuse_dossier(self, *, procedure: str, applicant_name: str, reason: str, applicant_id_number: str = "",
                       phone: str = "", address: str = "", ticket_code: str | None = None,
                       counter: int | None = None) -> DossierInfo:
        """Từ chối tiếp nhận: recorded with its reason (for the Phiếu từ chối)."""
        if not text_arg(reason, tr("Lý do"), max_len=1000):
            raise InvalidInput(tr("Cần ghi lý do từ chối."))
        values = dict(locals(), email="", documents=(), channel_in="direct", channel_out="direct", note=reason,
                      applicant_birth_date=None)
        return self._new_dossier(DossierStatus.refused, values)

    def _new_dossier(self, status: DossierStatus, v: dict) -> DossierInfo:
        self.ctx.require(STAFF, f"dossier_{status}")
        v = _checked_intake(v)
        name = v["applicant_name"]
        if not name:
            raise InvalidInput(tr("Cần nhập họ tên người nộp hồ sơ."))
        id_number, phone, email = (v["applicant_id_number"] or "").strip(), (v["phone"] or "").strip(), \
            (v["email"] or "").strip()
        if id_number and not _ID.match(id_number):
            raise InvalidInput(tr("Số giấy tờ tùy thân phải có 9 hoặc 12 chữ số."))
        if phone and not _PHONE.match(phone.replace(" ", "")):
            raise InvalidInput(tr("Số điện thoại không hợp lệ: {phone}", phone=phone))
        if email and not _EMAIL.match(email):
            raise InvalidInput(tr("Thư điện tử không hợp lệ: {email}", email=email))
        if v["channel_in"] not in CHANNELS_IN or v["channel_out"] not in CHANNELS_OUT:
            raise InvalidInput(tr("Kênh nộp hoặc nhận kết quả không hợp lệ."))
        now = self.ctx.now()
        day = self.ctx.business_day(now)
        with self.ctx.tx() as s:
            calendar = self.store.calendar.calendar()  # joins this transaction: one BEGIN for the action
            proc = s.scalars(select(Procedure).where(Procedure.office_id == self.ctx.office().id,
                                                     Procedure.code == (v["procedure"] or "").strip())).first()
            if proc is None or not proc.active:
                raise NotFound(tr("Không có thủ tục {code}.", code=v["procedure"]))
            due = calendar.due_date(now.astimezone(self.ctx.office().tz), proc.processing_days).due_at
            seq = self._next_dossier_seq(s, day)
            try:
                code = dossier_code(self.ctx.office().agency_code, day, seq)
            except ValueError as error:  # the 10,000th dossier of a day: refused, the sequence rolls back
                raise InvalidInput(str(error)) from error
            ticket_id = None
            if v.get("ticket_code"):
                ticket = s.scalars(select(Ticket).where(Ticket.code == v["ticket_code"].upper(),
                                                        Ticket.day == day)).first()
                ticket_id = ticket.id if ticket else None
            counter_id = None
            if v.get("counter") is not None:
                ctr = s.scalars(select(Counter).where(Counter.number == v["counter"])).first()
                counter_id = ctr.id if ctr else None
            row = Dossier(
                office_id=self.ctx.office().id, code=code, day=day, seq=seq,
                procedure_id=proc.id, service_id=proc.service_id, ticket_id=ticket_id, applicant_name=name,
                applicant_id_number=id_number, applicant_birth_date=_birth_date(v["applicant_birth_date"], day),
                phone=phone, email=email, address=(v["address"] or "").strip(),
                channel_in=v["channel_in"], channel_out=v["channel_out"], documents=list(v["documents"] or ()),
                status=status, received_at=now, due_at=due, original_due_at=due, received_by=self.ctx.actor.user_id,
                counter_id=counter_id, note=v.get("note") or "", check_code=new_check_code(),
            )
            s.add(row)
            s.flush()
            self._history(s, row, status, note=v.get("note") or "")
            kind = EventKind.dossier_received if status == DossierStatus.received else EventKind.dossier_refused
            self.ctx.event(s, kind, dossier_id=row.id, code=row.code, due_at=due.isoformat())
            self.ctx.audit(s, f"dossier_{status}", "dossier", row.id, code=row.code, procedure=proc.code)
            return self._dossier_info(s, row)

    def _next_dossier_seq(self, s: Session, day) -> int:
        dialect = postgresql if s.get_bind().dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(DossierSequence).values(office_id=self.ctx.office().id, day=day, last_seq=1)
        stmt = stmt.on_conflict_do_update(index_elements=[DossierSequence.office_id, DossierSequence.day],
                                          set_={"last_seq": DossierSequence.last_seq + 1})
        return s.execute(stmt.returning(DossierSequence.last_seq)).scalar_one()

    # -- after intake ---------------------------------------------------------------------
    def request_supplement(self, code: str, items: list[str], note: str = "") -> DossierInfo:
        """Yêu cầu bổ sung, hoàn thiện: the dossier waits for the listed papers; the note is the form's reason."""
        items = items_arg(items, tr("Giấy tờ phải bổ sung"))
        note = text_arg(note, tr("Ghi chú"), max_len=1000)
        if not [i for i in items if i]:
            raise InvalidInput(tr("Cần ghi giấy tờ phải bổ sung."))
        note = note.strip() or supplement_reason(items)
        return self._change(code, "supplement_requested", AT_OFFICE, DossierStatus.supplement_requested,
                            EventKind.dossier_supplement_requested, note=note, data={"items": items})

    def record_supplement(self, code: str, note: str = "") -> DossierInfo:
        """The citizen brought the missing papers: the count starts again from now."""
        def apply(s: Session, row: Dossier, calendar: WorkingCalendar) -> None:
            days = s.get_one(Procedure, row.procedure_id).processing_days
            row.due_at = calendar.due_date(self.ctx.now().astimezone(self.ctx.office().tz), days).due_at
        return self._change(code, "supplement_received", (DossierStatus.supplement_requested,),
                            DossierStatus.received,
                            EventKind.dossier_supplement_received, note=note, apply=apply)

    def hand_over(self, code: str, agency: str, note: str = "") -> DossierInfo:
        """Chuyển hồ sơ to the processing agency."""
        agency, note = text_arg(agency, tr("Cơ quan"), max_len=300), text_arg(note, tr("Ghi chú"), max_len=1000)
        if not agency:
            raise InvalidInput(tr("Cần chọn cơ quan giải quyết."))

        def apply(s: Session, row: Dossier, calendar: WorkingCalendar) -> None:
            row.handled_by_agency = agency.strip()
        return self._change(code, "handed_over", AT_OFFICE, DossierStatus.processing,
                            EventKind.dossier_handed_over, note=note, agency=agency, apply=apply)

    def mark_resolved(self, code: str, note: str = "") -> DossierInfo:
        """The result is back at the office, ready to return."""
        def apply(s: Session, row: Dossier, calendar: WorkingCalendar) -> None:
            row.resolved_at = self.ctx.now()
        return self._change(code, "resolved", AT_OFFICE, DossierStatus.resolved,
                            EventKind.dossier_resolved, note=note, apply=apply)

    def return_result(self, code: str, to_whom: str, channel: str = "direct", tracking_number: str = "",
                      note: str = "") -> DossierInfo:
        """Trả kết quả: to whom, by which channel (postal needs a tracking number)."""
        if channel not in CHANNELS_OUT:
            raise InvalidInput(tr("Kênh nộp hoặc nhận kết quả không hợp lệ."))
        if not to_whom.strip():
            raise InvalidInput(tr("Cần ghi người nhận kết quả."))
        if channel == "postal" and not tracking_number.strip():
            raise InvalidInput(tr("Trả qua bưu chính cần số vận đơn."))

        def apply(s: Session, row: Dossier, calendar: WorkingCalendar) -> None:
            row.returned_at, row.returned_to, row.return_channel = self.ctx.now(), to_whom.strip(), channel
            row.tracking_number = tracking_number.strip()
            row.resolved_at = row.resolved_at or row.returned_at
        return self._change(code, "returned", (DossierStatus.resolved,), DossierStatus.returned,
                            EventKind.dossier_returned, note=note, apply=apply,
                            data={"to": to_whom, "channel": channel, "tracking": tracking_number})

    def issue_apology(self, code: str, new_due_at: datetime, reason: str) -> DossierInfo:
        """Phiếu xin lỗi và hẹn lại ngày trả: once per delay, the new date a working time of the office.

        A naive `new_due_at` is office time. A second apology is refused while the date the first one
        promised has not passed; once that date is missed too, a new delay may be apologised for.
        """
        new_due_at = moment_arg(new_due_at, tr("Ngày hẹn mới"))
        if not text_arg(reason, tr("Lý do"), max_len=1000):
            raise InvalidInput(tr("Cần ghi lý do chậm trả kết quả."))
        new_due_at = self.store.calendar.office_time(new_due_at)
        if new_due_at <= self.ctx.now():
            raise InvalidInput(tr("Ngày hẹn mới phải sau thời điểm hiện tại."))
        local = new_due_at.replace(tzinfo=None)

        def apply(s: Session, row: Dossier, calendar: WorkingCalendar) -> None:
            if not calendar.is_working_time(local):  # checked first: a refusal writes nothing
                why = calendar.day_off_reason(local.date()) or tr("ngoài giờ làm việc")
                raise InvalidInput(tr("Ngày hẹn mới {time} không phải giờ làm việc của cơ quan ({why}).",
                                      time=f"{local:%H:%M %d/%m/%Y}", why=why))
            last = s.scalars(select(DossierHistory).where(DossierHistory.dossier_id == row.id,
                                                          DossierHistory.action == "apology")
                             .order_by(DossierHistory.id.desc()).limit(1)).first()
            if last is not None and _aware(row.due_at) > self.ctx.now():
                raise InvalidState(tr("Hồ sơ {code} đã có phiếu xin lỗi cho lần chậm này (hẹn lại {time}).",
                                      code=row.code, time=f"{_aware(row.due_at).astimezone(self.ctx.office().tz):%H:%M %d/%m/%Y}"))
            row.due_at = new_due_at
            row.apology_count += 1
        return self._change(code, "apology", OPEN_STATUSES, None, EventKind.dossier_apology_issued, note=reason,
                            apply=apply, data={"new_due_at": new_due_at.isoformat()})

    def _change(self, code, action, allowed, to, kind, *, note="", agency="", apply=None, data=None):
        self.ctx.require(STAFF, action)
        with self.ctx.tx() as s:
            calendar = self.store.calendar.calendar()  # joins this transaction: one BEGIN for the action
            row = self._dossier_row(s, code)
            if row.status not in allowed or (to and not can_move(row.status, to)):
                raise InvalidState(tr("Hồ sơ {code} đang ở trạng thái “{status}”: không thể thực hiện.",
                                      code=row.code, status=status_label(row.status)))
            if apply:
                apply(s, row, calendar)
            if to:
                row.status = to
            self._history(s, row, action, agency=agency, note=note, data=data or {})
            self.ctx.event(s, kind, dossier_id=row.id, code=row.code, status=row.status)
            self.ctx.audit(s, f"dossier_{action}", "dossier", row.id, code=row.code, note=note)
            return self._dossier_info(s, row)

    # -- looking -------------------------------------------------------------------------
    def dossier(self, code: str, check: str = "") -> DossierInfo:
        """The dossier with this code and its history. The public kiosk must also give the receipt's check code
        (mã tra cứu), and sees the person masked; a wrong check code reads exactly like a missing dossier. Wrong
        look-ups (a wrong check code or a code that is not there) count per kiosk station like wrong PINs
        (db/store/guard.py): past a few in a row the station's look-up is locked for a growing while (LoginLocked),
        so the 10⁹ check codes of a dossier, or the codes of a day, cannot be walked."""
        if self.ctx.actor.role in STAFF:
            with self.ctx.read() as s:
                return self._dossier_info(s, self._dossier_row(s, code), with_history=True)
        key = guard.lock_key("lookup", self.ctx.actor.station or "public")
        with self.ctx.tx() as s:
            now = self.ctx.now()
            wait = guard.locked_for(s, key, now)
            if not wait:
                try:
                    row = self._dossier_row(s, code, check)
                except NotFound as error:
                    missing = error
                    failures = guard.record_failure(s, key, now)
                    self.ctx.audit(s, "dossier_lookup_failed", "station", self.ctx.actor.station or "public",
                                   failures=failures)
                else:
                    guard.clear(s, key)
                    return public_dossier(self._dossier_info(s, row, with_history=True))
        if wait:
            raise LoginLocked(wait)
        raise missing

    def due_soon(self, days: int = 2) -> list[DossierInfo]:
        """Open dossiers due within `days` calendar days, or already late, earliest first (masked for the
        public)."""
        limit = self.ctx.now() + timedelta(days=int_arg(days, tr("Số ngày"), high=3660))
        with self.ctx.read() as s:
            rows = s.scalars(select(Dossier).where(Dossier.status.in_(OPEN_STATUSES), Dossier.due_at <= limit)
                             .order_by(Dossier.due_at).limit(500)).all()
            return [self._public(self._dossier_info(s, r)) for r in rows]

    def _public(self, info: DossierInfo) -> DossierInfo:
        """`info` as this caller may see it: whole for clerks and managers, masked for anyone else."""
        return info if self.ctx.actor.role in STAFF else public_dossier(info)

    def overdue(self) -> list[DossierInfo]:
        now = self.ctx.now()
        return [d for d in self.due_soon(0) if d.overdue(now)]

    def _dossier_row(self, s: Session, code: str, check: str | None = None) -> Dossier:
        """The dossier `code`; with `check` (the public's look-up) only when it is the receipt's check code."""
        code = text_arg(code, tr("Mã hồ sơ"), max_len=64)
        row = s.scalars(select(Dossier).where(Dossier.code == code.upper())).first()
        if row is None or (check is not None and not (
                row.check_code and hmac.compare_digest(row.check_code, normal_check_code(str(check))))):
            raise NotFound(tr("Không tìm thấy hồ sơ {code}.", code=code))
        return row

    def _history(self, s: Session, row: Dossier, action: str, *, agency: str = "", note: str = "",
              data: dict | None = None) -> None:
        s.add(DossierHistory(dossier_id=row.id, at=self.ctx.now(), action=action, user_id=self.ctx.actor.user_id,
                             agency=agency, note=note, data=data or {}))

    def _dossier_info(self, s: Session, row: Dossier, with_history: bool = False) -> DossierInfo:
        proc = s.get_one(Procedure, row.procedure_id)
        service = s.get_one(Service, row.service_id) if row.service_id else None
        clerk = s.get(User, row.received_by) if row.received_by else None
        counter = s.get(Counter, row.counter_id) if row.counter_id else None
        ticket = s.get(Ticket, row.ticket_id) if row.ticket_id else None
        history: tuple[DossierStep, ...] = ()
        if with_history:
            users = {u.id: u.full_name for u in s.scalars(select(User)).all()}
            history = tuple(
                DossierStep(h.at, h.action, users.get(h.user_id, "") if h.user_id else "", h.agency, h.note)
                for h in s.scalars(select(DossierHistory).where(DossierHistory.dossier_id == row.id)
                                   .order_by(DossierHistory.id)).all()
            )
        return DossierInfo(
            id=row.id, code=row.code, status=row.status, procedure_code=proc.code, procedure_name=proc.name,
            service_name=service.name if service else "", applicant_name=row.applicant_name,
            applicant_id_number=row.applicant_id_number, phone=row.phone, email=row.email, address=row.address,
            channel_in=row.channel_in, channel_out=row.channel_out, documents=tuple(row.documents or ()),
            received_at=row.received_at, due_at=row.due_at, original_due_at=row.original_due_at,
            resolved_at=row.resolved_at, returned_at=row.returned_at, returned_to=row.returned_to,
            return_channel=row.return_channel, tracking_number=row.tracking_number,
            apology_count=row.apology_count, received_by_name=clerk.full_name if clerk else "",
            counter_number=counter.number if counter else None, ticket_code=ticket.code if ticket else "",
            handled_by_agency=row.handled_by_agency, note=row.note, history=history,
            applicant_birth_date=row.applicant_birth_date, check_code=row.check_code,
        )

    def dossier_view(self, code: str) -> DossierView:
        """A dossier, its working days left and the agencies it can be handed to; one transaction."""
        self.ctx.require(STAFF, "dossier_view")
        with self.ctx.read() as s:
            d = self.dossier(code)
            now = self.ctx.now()
            own = d.handled_by_agency or s.scalar(select(Procedure.agency).where(
                Procedure.office_id == self.ctx.office().id, Procedure.code == d.procedure_code)) or ""
            others = set(s.scalars(select(Procedure.agency).distinct().where(
                Procedure.office_id == self.ctx.office().id, Procedure.agency != "")).all())
            calendar = self.store.calendar.calendar()
            days = calendar.working_days_left(d.due_at, now)
            suggested = calendar.due_date(max(now, d.due_at), 3).due_at  # never a day off (a Sunday)
        return DossierView(d, days, tuple([own] + sorted(others - {own})), now, suggested)

    def receive_incomplete(self, items: list[str], **values: Any):
        """Receive a dossier and ask at once for the listed missing papers (yêu cầu bổ sung); one
        transaction, so a refusal of either leaves nothing behind."""
        if not [i for i in items if i.strip()]:
            raise InvalidInput(tr("Cần ghi giấy tờ phải bổ sung."))
        with self.ctx.tx():
            d = self.receive_dossier(**values)
            self.request_supplement(d.code, items)
            return self.dossier(d.code)

def _birth_date(value: object, today: date) -> date | None:
    """The applicant's date of birth (read from the căn cước QR): a past date or none."""
    if value is None:
        return None
    if not isinstance(value, date) or isinstance(value, datetime) or not date(1900, 1, 1) <= value <= today:
        raise InvalidInput(tr("Ngày sinh không hợp lệ."))
    return value


def public_dossier(d: DossierInfo) -> DossierInfo:
    """What the public (kiosk, wall, phone pages) may see of a dossier: its state and dates, the person masked
    (core.privacy), no notes, no check code."""
    return replace(
        d, applicant_name=mask_name(d.applicant_name), applicant_id_number=mask_digits(d.applicant_id_number),
        phone=mask_digits(d.phone), email=mask_email(d.email), address=mask_address(d.address),
        returned_to=mask_name(d.returned_to), tracking_number=mask_digits(d.tracking_number), note="",
        check_code="", history=tuple(replace(h, note="", user_name="") for h in d.history),
    )
