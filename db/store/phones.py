"""Citizens' phones, the store side: a ticket's phone-page token, the manager's booking rules per field,
remote numbers (lấy số từ xa) and who may take how many.

The phone pages of the office server call these operations; nothing here knows about HTTP.
A token or a booking code is kept only as its SHA-256; personal data (phone, căn cước number)
is erased after the manager's retention period, on the first operation of a new day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from typing import cast

from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.orm import Session

from core.booking import TOKEN_RE, AppointmentRules, FieldBooking, new_token, secret_hash
from core.cccd import ID_RE
from core.i18n import N_, tr
from db.errors import InvalidInput, NotFound, ServiceClosed
from db.models import Appointment, Office, Ticket, TicketHolder
from db.store.arguments import text_arg
from db.store.base import MANAGERS
from db.store.office import OfficeOps
from db.store.tickets import TicketOps
from db.store.worktime import WorkTimeOps
from db.store.views import TicketInfo

RULES_KEY = "appointment_rules"
FIELD_KEY = "field_booking:{code}"
ONLINE, APPOINTMENT = "online", "appointment"  # Ticket.channel besides "kiosk"
CHANNEL_LABELS = {"kiosk": N_("Tại kiosk"), ONLINE: N_("Trực tuyến"), APPOINTMENT: N_("Có hẹn")}
_PHONE = re.compile(r"^0\d{9,10}$")
_COUNTED = ("booked", "checked_in")  # bookings that count towards a person's daily limit


@dataclass(frozen=True)
class Citizen:
    """Who books or takes a number from a phone, checked."""

    full_name: str
    phone: str
    id_number: str


def check_citizen(full_name: object, phone: object, id_number: object) -> Citizen:
    """Name, phone and căn cước number as typed on a phone; InvalidInput (one sentence) otherwise."""
    name = " ".join(text_arg(full_name, tr("Họ tên"), max_len=100, empty=False).split())
    if not all(c.isalpha() or c in " '-." for c in name):
        raise InvalidInput(tr("Họ tên chỉ gồm chữ cái và khoảng trắng."))
    number = text_arg(phone, tr("Số điện thoại"), max_len=20, empty=False).replace(" ", "").replace(".", "")
    if not _PHONE.match(number):
        raise InvalidInput(tr("Số điện thoại phải bắt đầu bằng 0 và có 10 hoặc 11 chữ số."))
    card = text_arg(id_number, tr("Số căn cước"), max_len=20, empty=False)
    if not ID_RE.match(card):
        raise InvalidInput(tr("Số căn cước phải có đúng 12 chữ số."))
    return Citizen(name, number, card)


class PhoneOps(TicketOps, WorkTimeOps, OfficeOps):
    # -- the manager's rules ----------------------------------------------------------------------
    def appointment_rules(self) -> AppointmentRules:
        """The office's booking rules (defaults until the manager sets them)."""
        try:
            return AppointmentRules.parse(self.setting(RULES_KEY) or {})
        except ValueError:
            return AppointmentRules()

    def set_appointment_rules(self, **values) -> AppointmentRules:
        """Set the booking rules (days ahead, per-person limit, early/grace minutes, merge rule, retention)."""
        self._require(MANAGERS, "set_appointment_rules")
        try:
            rules = AppointmentRules.parse(self.appointment_rules().as_dict() | values)
        except ValueError as error:
            raise InvalidInput(str(error)) from error
        self.set_setting(RULES_KEY, rules.as_dict())
        return rules

    def field_booking(self, service: str) -> FieldBooking:
        """One field's bookable weekdays, sessions and places per slot, and whether remote numbers are on."""
        with self._read() as s:
            svc = self._service(s, service)
        try:
            return FieldBooking.parse(self.setting(FIELD_KEY.format(code=svc.code)) or {})
        except ValueError:
            return FieldBooking()

    def set_field_booking(self, service: str, **values) -> FieldBooking:
        """Set a field's booking slots and remote numbers (managers only)."""
        self._require(MANAGERS, "set_field_booking")
        with self._read() as s:
            svc = self._service(s, service)
        try:
            booking = FieldBooking.parse(self.field_booking(svc.code).as_dict() | values)
        except ValueError as error:
            raise InvalidInput(str(error)) from error
        self.set_setting(FIELD_KEY.format(code=svc.code), booking.as_dict())
        return booking

    # -- the ticket's phone page ------------------------------------------------------------------
    def phone_token(self, ticket_id: int) -> str:
        """A new token for the ticket's phone page (the previous one stops working); printed in its QR."""
        token = new_token()
        with self._tx() as s:
            t = self._ticket_by_id(s, ticket_id)
            t.phone_token_hash = secret_hash(token)
            self._audit(s, "ticket_phone_token", "ticket", t.id, code=t.code)
        return token

    def ticket_by_token(self, token: object) -> TicketInfo:
        """Today's ticket behind a phone-page token, with its place in the queue; NotFound for a forged,
        replaced or yesterday's token (one sentence, the same for all: nothing to enumerate)."""
        if not isinstance(token, str) or not TOKEN_RE.match(token):
            raise NotFound(tr("Không tìm thấy phiếu: đường dẫn không đúng hoặc đã hết hạn trong ngày."))
        with self._read() as s:
            t = s.scalars(select(Ticket).where(Ticket.phone_token_hash == secret_hash(token),
                                               Ticket.day == self.business_day())).first()
            if t is None:
                raise NotFound(tr("Không tìm thấy phiếu: đường dẫn không đúng hoặc đã hết hạn trong ngày."))
            return self.ticket(t.code, t.day)

    # -- remote numbers ---------------------------------------------------------------------------
    def issue_remote_ticket(self, service: str, *, full_name: str, phone: str, id_number: str
                            ) -> tuple[TicketInfo, str]:
        """Lấy số từ xa: a number of `service` for today, channel "trực tuyến", during opening hours, within
        the per-person daily limit; returns the ticket and its phone-page token. One transaction."""
        citizen = check_citizen(full_name, phone, id_number)
        key = text_arg(service, tr("Lĩnh vực"), max_len=40)
        if not self.opening_status().open:
            raise ServiceClosed(tr("Ngoài giờ làm việc: chưa cấp số từ xa."))
        self._expire_past_days()
        token = new_token()
        now = self.now()
        day = self.business_day(now)
        with self._tx() as s:
            svc = self._service(s, key)
            if not self.field_booking(svc.code).remote_numbers:
                raise ServiceClosed(tr("Lĩnh vực {name} không cấp số từ xa.", name=svc.name))
            self._lock_people(s)
            self._check_person_limit(s, citizen.id_number, day)
            issued = self._new_ticket(s.connection(), svc.code, None, "", None, now, day)
            s.execute(update(Ticket).where(Ticket.id == issued.id).values(
                channel=ONLINE, phone_token_hash=secret_hash(token), confirmed_at=now))
            s.add(TicketHolder(ticket_id=issued.id, day=day, full_name=citizen.full_name, phone=citizen.phone,
                               id_number=citizen.id_number))
            self._audit(s, "ticket_remote", "ticket", issued.id, code=issued.code)
        return issued, token

    def _lock_people(self, s: Session) -> None:
        """Serialise bookings and remote numbers (rare): limits and slot places are counted, then written.
        SQLite's write transaction is already alone; PostgreSQL locks the office row."""
        s.execute(select(Office.id).where(Office.id == self.office().id).with_for_update())

    def _check_person_limit(self, s: Session, id_number: str, day: date) -> None:
        booked = s.scalar(select(func.count()).select_from(Appointment).where(
            Appointment.day == day, Appointment.id_number == id_number, Appointment.status.in_(_COUNTED))) or 0
        remote = s.scalar(select(func.count()).select_from(TicketHolder).where(
            TicketHolder.day == day, TicketHolder.id_number == id_number)) or 0
        limit = self.appointment_rules().per_person_day
        if booked + remote >= limit:
            raise InvalidInput(tr("Mỗi người chỉ được đặt hoặc lấy tối đa {limit} số trong một ngày.", limit=limit))

    # -- retention --------------------------------------------------------------------------------
    def forget_old_personal_data(self) -> int:
        """Erase phone and căn cước numbers of bookings and remote numbers older than the retention period;
        how many records were cleared. Run by the store on the first operation of a new day."""
        keep = self.appointment_rules().retention_days
        before = self.business_day() - timedelta(days=keep)
        with self._tx() as s:
            cleared = _count(s.execute(update(Appointment).where(
                Appointment.day < before, (Appointment.phone != "") | (Appointment.id_number != ""))
                .values(phone="", id_number="")))
            cleared += _count(s.execute(delete(TicketHolder).where(TicketHolder.day < before)))
            if cleared:
                self._audit(s, "personal_data_erased", "appointment", "", count=cleared, before=before.isoformat())
        return cleared

    def _expire_past_days(self) -> None:
        """On a new day: past tickets expire (TicketOps), past bookings not checked in are no-shows, and
        personal data past its retention period is erased."""
        new_day = self._expired_through != self.business_day()
        super()._expire_past_days()
        if new_day:
            self._close_past_bookings()
            self.forget_old_personal_data()

    def _close_past_bookings(self) -> None:
        with self._tx() as s:
            count = _count(s.execute(update(Appointment).where(
                Appointment.status == "booked", Appointment.day < self.business_day())
                .values(status="no_show", changed_at=self.now())))
            if count:
                self._audit(s, "appointments_no_show", "appointment", "", count=count)


def _count(result) -> int:
    """Rows an UPDATE or DELETE touched."""
    return cast(CursorResult, result).rowcount or 0
