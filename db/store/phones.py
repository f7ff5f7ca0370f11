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
from db.models import TICKET_WAITING, Appointment, Office, Rating, Setting, Ticket, TicketHolder
from db.store.arguments import text_arg
from db.store import rows
from db.store.base import MANAGERS, Context, StoreService
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


@dataclass(frozen=True)
class FieldWait:
    """One field on the office's phone page."""

    code: str
    name: str
    name_en: str
    prefix: str
    waiting: int
    wait_minutes: int
    closed_today: bool
    remote_numbers: bool
    bookings: bool


class PhoneOps(StoreService):
    # -- the manager's rules ----------------------------------------------------------------------
    def appointment_rules(self) -> AppointmentRules:
        """The office's booking rules (defaults until the manager sets them)."""
        return rules_of(self.ctx)

    def set_appointment_rules(self, **values) -> AppointmentRules:
        """Set the booking rules (days ahead, per-person limit, early/grace minutes, merge rule, retention)."""
        self.ctx.require(MANAGERS, "set_appointment_rules")
        try:
            rules = AppointmentRules.parse(self.appointment_rules().as_dict() | values)
        except ValueError as error:
            raise InvalidInput(str(error)) from error
        self.store.setup.set_setting(RULES_KEY, rules.as_dict())
        return rules

    def field_booking(self, service: str) -> FieldBooking:
        """One field's bookable weekdays, sessions and places per slot, and whether remote numbers are on."""
        with self.ctx.read() as s:
            svc = rows.service(self.ctx, s, service)
        try:
            return FieldBooking.parse(self.store.setup.setting(FIELD_KEY.format(code=svc.code)) or {})
        except ValueError:
            return FieldBooking()

    def set_field_booking(self, service: str, **values) -> FieldBooking:
        """Set a field's booking slots and remote numbers (managers only)."""
        self.ctx.require(MANAGERS, "set_field_booking")
        with self.ctx.read() as s:
            svc = rows.service(self.ctx, s, service)
        try:
            booking = FieldBooking.parse(self.field_booking(svc.code).as_dict() | values)
        except ValueError as error:
            raise InvalidInput(str(error)) from error
        self.store.setup.set_setting(FIELD_KEY.format(code=svc.code), booking.as_dict())
        return booking

    # -- the ticket's phone page ------------------------------------------------------------------
    def phone_token(self, ticket_id: int) -> str:
        """A new token for the ticket's phone page (the previous one stops working); printed in its QR."""
        token = new_token()
        with self.ctx.tx() as s:
            t = rows.ticket_by_id(s, ticket_id)
            t.phone_token_hash = secret_hash(token)
            self.ctx.audit(s, "ticket_phone_token", "ticket", t.id, code=t.code)
        return token

    def ticket_by_token(self, token: object) -> TicketInfo:
        """Today's ticket behind a phone-page token, with its place in the queue; NotFound for a forged,
        replaced or yesterday's token (one sentence, the same for all: nothing to enumerate)."""
        if not isinstance(token, str) or not TOKEN_RE.match(token):
            raise NotFound(tr("Không tìm thấy phiếu: đường dẫn không đúng hoặc đã hết hạn trong ngày."))
        with self.ctx.read() as s:
            t = s.scalars(select(Ticket).where(Ticket.phone_token_hash == secret_hash(token),
                                               Ticket.day == self.ctx.business_day())).first()
            if t is None:
                raise NotFound(tr("Không tìm thấy phiếu: đường dẫn không đúng hoặc đã hết hạn trong ngày."))
            return self.store.queue.ticket(t.code, t.day)

    def rate_by_token(self, token: object, score: int) -> None:
        """The ticket's phone page asks the counter's satisfaction question after service: stored once, against
        the ticket, its counter and its clerk (the same rule as the counter's citizen screen)."""
        from db.store.desk import save_rating

        save_rating(self.ctx, self.ticket_by_token(token).id, score)

    def rated_by_token(self, token: object) -> int | None:
        """The score already given for the ticket behind this phone-page token (None: not yet)."""
        ticket = self.ticket_by_token(token)
        with self.ctx.read() as s:
            return s.scalar(select(Rating.score).where(Rating.ticket_id == ticket.id))

    def field_waits(self) -> list[FieldWait]:
        """The office page's table: each active field with how many wait today and roughly how long a
        newcomer would wait (today's pace), and whether it takes remote numbers and bookings."""
        day = self.ctx.business_day()
        out = []
        with self.ctx.read() as s:
            for svc in self.store.setup.services():
                if not svc.active:
                    continue
                waiting = svc.waiting
                booking = self.field_booking(svc.code)
                out.append(FieldWait(code=svc.code, name=svc.name, name_en=svc.name_en, prefix=svc.prefix,
                                     waiting=waiting, wait_minutes=rows.wait_minutes(self.ctx, s.connection(), svc.id,
                                                                                     day, waiting),
                                     closed_today=svc.closed_today, remote_numbers=booking.remote_numbers,
                                     bookings=bool(booking.per_slot and booking.weekdays and booking.sessions)))
        return out

    def queue_places(self, service_id: int) -> dict[int, tuple[int, int]]:
        """{ticket id: (people ahead, estimated minutes)} for every waiting ticket of today in this field, in one
        read: the phone pages refresh "how many ahead" of all the field's followers from it after a change."""
        day = self.ctx.business_day()
        with self.ctx.read() as s:
            ids = s.scalars(select(Ticket.id).where(TICKET_WAITING, Ticket.day == day, Ticket.service_id == service_id)
                            .order_by(Ticket.priority.is_(None), Ticket.queue_at, Ticket.id)).all()
            c = s.connection()
            return {tid: (n, rows.wait_minutes(self.ctx, c, service_id, day, n)) for n, tid in enumerate(ids)}

    # -- remote numbers ---------------------------------------------------------------------------
    def issue_remote_ticket(self, service: str, *, full_name: str, phone: str, id_number: str
                            ) -> tuple[TicketInfo, str]:
        """Lấy số từ xa: a number of `service` for today, channel "trực tuyến", during opening hours, within
        the per-person daily limit; returns the ticket and its phone-page token. One transaction."""
        citizen = check_citizen(full_name, phone, id_number)
        key = text_arg(service, tr("Lĩnh vực"), max_len=40)
        if not self.store.calendar.opening_status().open:
            raise ServiceClosed(tr("Ngoài giờ làm việc: chưa cấp số từ xa."))
        rows.expire_past_days(self.ctx)
        token = new_token()
        now = self.ctx.now()
        day = self.ctx.business_day(now)
        with self.ctx.tx() as s:
            svc = rows.service(self.ctx, s, key)
            if not self.field_booking(svc.code).remote_numbers:
                raise ServiceClosed(tr("Lĩnh vực {name} không cấp số từ xa.", name=svc.name))
            lock_people(self.ctx, s)
            check_person_limit(self.ctx, s, citizen.id_number, day)
            issued = self.store.queue.add_ticket(s.connection(), svc.code, None, now=now, day=day)
            s.execute(update(Ticket).where(Ticket.id == issued.id).values(
                channel=ONLINE, phone_token_hash=secret_hash(token), confirmed_at=now))
            s.add(TicketHolder(ticket_id=issued.id, day=day, full_name=citizen.full_name, phone=citizen.phone,
                               id_number=citizen.id_number))
            self.ctx.audit(s, "ticket_remote", "ticket", issued.id, code=issued.code)
        return issued, token

    # -- retention --------------------------------------------------------------------------------
    def forget_old_personal_data(self) -> int:
        """Erase phone and căn cước numbers of bookings and remote numbers older than the retention period;
        how many records were cleared. Run by the store on the first operation of a new day."""
        return forget_personal_data(self.ctx)


def _count(result) -> int:
    """Rows an UPDATE or DELETE touched."""
    return cast(CursorResult, result).rowcount or 0


def rules_of(ctx: Context) -> AppointmentRules:
    """The office's booking rules as stored (defaults until the manager sets them)."""
    with ctx.read() as s:
        row = s.get(Setting, RULES_KEY)
    try:
        return AppointmentRules.parse(row.value if row is not None else {})
    except ValueError:
        return AppointmentRules()


def lock_people(ctx: Context, s: Session) -> None:
    """Serialise bookings and remote numbers (rare): limits and slot places are counted, then written.
    SQLite's write transaction is already alone; PostgreSQL locks the office row."""
    s.execute(select(Office.id).where(Office.id == ctx.office().id).with_for_update())


def check_person_limit(ctx: Context, s: Session, id_number: str, day: date) -> None:
    """InvalidInput when this căn cước already has the day's bookings and remote numbers the rules allow."""
    booked = s.scalar(select(func.count()).select_from(Appointment).where(
        Appointment.day == day, Appointment.id_number == id_number, Appointment.status.in_(_COUNTED))) or 0
    remote = s.scalar(select(func.count()).select_from(TicketHolder).where(
        TicketHolder.day == day, TicketHolder.id_number == id_number)) or 0
    limit = rules_of(ctx).per_person_day
    if booked + remote >= limit:
        raise InvalidInput(tr("Mỗi người chỉ được đặt hoặc lấy tối đa {limit} số trong một ngày.", limit=limit))


def forget_personal_data(ctx: Context) -> int:
    """Erase phone and ID numbers of bookings and remote numbers older than the retention period."""
    before = ctx.business_day() - timedelta(days=rules_of(ctx).retention_days)
    with ctx.tx() as s:
        cleared = _count(s.execute(update(Appointment).where(
            Appointment.day < before, (Appointment.phone != "") | (Appointment.id_number != ""))
            .values(phone="", id_number="")))
        cleared += _count(s.execute(delete(TicketHolder).where(TicketHolder.day < before)))
        if cleared:
            ctx.audit(s, "personal_data_erased", "appointment", "", count=cleared, before=before.isoformat())
    return cleared


def day_changed(ctx: Context) -> None:
    """The first operation of a new business day (db.store.rows.expire_past_days): bookings of past days not
    checked in become no-shows, and personal data past the retention period is erased."""
    with ctx.tx() as s:
        count = _count(s.execute(update(Appointment).where(
            Appointment.status == "booked", Appointment.day < ctx.business_day())
            .values(status="no_show", changed_at=ctx.now())))
        if count:
            ctx.audit(s, "appointments_no_show", "appointment", "", count=count)
    forget_personal_data(ctx)
