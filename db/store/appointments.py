"""Lịch hẹn: booking a field's session from a phone, cancelling by code, checking in at the kiosk.

A booking is for one session (sáng/chiều) of a working day. Check-in opens the manager's
`early_minutes` before the session and closes `grace_minutes` after its end; a booking not checked
in by then is a no-show. Checked in during its session, the ticket is of class "hẹn": with the
manager's rule "strict" it joins the priority class (called before walk-ins, as the office's priority
policy says), with "interleave" it queues among walk-ins at its session's start. Late (after the
session, within the grace) it queues as a walk-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core.booking import AppointmentRules, booking_qr, new_booking_code, read_booking_code, secret_hash, show_code
from core.cccd import ID_RE
from core.i18n import tr
from db.errors import InvalidInput, InvalidState, NotFound, ServiceClosed
from db.models import Appointment, Service, Ticket
from db.store.arguments import text_arg
from db.store import rows
from db.store.base import MANAGERS, StoreService
from db.store.phones import APPOINTMENT, check_citizen, check_person_limit, lock_people, rules_of
from db.store.views import TicketInfo

APPOINTMENT_CLASS = "appointment"  # Ticket.priority of a booking checked in under the "strict" rule


@dataclass(frozen=True)
class Slot:
    """A bookable session of a field."""

    day: date
    session: str  # am | pm
    starts: datetime
    ends: datetime
    places: int
    booked: int

    @property
    def free(self) -> int:
        return max(0, self.places - self.booked)


@dataclass(frozen=True)
class Booking:
    """A booking as its holder sees it; `code` only right after booking (the store keeps its hash)."""

    service_name: str
    day: date
    session: str
    starts: datetime
    status: str
    code: str = ""
    ticket_code: str = ""

    @property
    def shown_code(self) -> str:
        return show_code(self.code) if self.code else ""

    @property
    def qr(self) -> str:
        return booking_qr(self.code) if self.code else ""


@dataclass(frozen=True)
class CheckIn:
    """A check-in's ticket, and whether it came late (queued as a walk-in)."""

    ticket: TicketInfo
    late: bool = False


@dataclass(frozen=True)
class AppointmentFigures:
    """Bookings of a period: made, cancelled, checked in, no-shows."""

    booked: int
    cancelled: int
    checked_in: int
    no_show: int


class AppointmentOps(StoreService):
    def appointment_slots(self, service: str) -> list[Slot]:
        """The sessions of `service` open for booking, today (not yet begun) to today + days ahead."""
        rules = rules_of(self.ctx)
        with self.ctx.read() as s:
            svc = rows.service(self.ctx, s, service)
            booking = self.store.phones.field_booking(svc.code)
            return [slot for slot in self._slots(s, svc, rules) if booking.takes(slot.day.weekday(), slot.session)]

    def _slots(self, s: Session, svc: Service, rules: AppointmentRules) -> list[Slot]:
        booking = self.store.phones.field_booking(svc.code)
        calendar, now = self.store.calendar.calendar(), self.ctx.now()
        today = self.ctx.business_day(now)
        counts = dict(((d, ses), n) for d, ses, n in s.execute(
            select(Appointment.day, Appointment.session, func.count()).where(
                Appointment.service_id == svc.id, Appointment.day.between(today, today + timedelta(rules.days_ahead)),
                Appointment.status.in_(("booked", "checked_in"))).group_by(Appointment.day, Appointment.session)))
        slots = []
        for offset in range(rules.days_ahead + 1):
            day = today + timedelta(days=offset)
            for session in calendar.working_sessions(day):
                starts, ends = self._session_times(day, session)
                if starts > now:
                    slots.append(Slot(day, session, starts, ends, booking.per_slot, counts.get((day, session), 0)))
        return slots

    def _session_times(self, day: date, session: str) -> tuple[datetime, datetime]:
        start, end = self.store.calendar.calendar().session_hours(day, "am" if session == "am" else "pm")
        tz = self.ctx.office().tz
        return datetime.combine(day, start, tz), datetime.combine(day, end, tz)

    def book_appointment(self, service: str, day: date, session: str, *, full_name: str, phone: str,
                         id_number: str) -> Booking:
        """Đặt lịch hẹn: one place in a field's session, within the per-person daily limit; returns the
        booking with its code and QR text (shown once). One transaction."""
        citizen = check_citizen(full_name, phone, id_number)
        if not isinstance(day, date) or isinstance(day, datetime) or session not in ("am", "pm"):
            raise InvalidInput(tr("Ngày hoặc buổi hẹn không hợp lệ."))
        key = text_arg(service, tr("Lĩnh vực"), max_len=40)
        rules = rules_of(self.ctx)
        rows.expire_past_days(self.ctx)
        code = new_booking_code()
        with self.ctx.tx() as s:
            svc = rows.service(self.ctx, s, key)
            lock_people(self.ctx, s)
            slot = next((x for x in self._slots(s, svc, rules) if (x.day, x.session) == (day, session)), None)
            if slot is None or not self.store.phones.field_booking(svc.code).takes(day.weekday(), session):
                raise ServiceClosed(tr("Lĩnh vực {name} không nhận hẹn buổi này.", name=svc.name))
            if slot.free <= 0:
                raise ServiceClosed(tr("Buổi này đã hết chỗ hẹn, mời chọn buổi khác."))
            check_person_limit(self.ctx, s, citizen.id_number, day)
            row = Appointment(office_id=self.ctx.office().id, service_id=svc.id, day=day, session=session,
                              code_hash=secret_hash(code), full_name=citizen.full_name, phone=citizen.phone,
                              id_number=citizen.id_number, status="booked", booked_at=self.ctx.now())
            s.add(row)
            s.flush()
            self.ctx.audit(s, "appointment_book", "appointment", row.id, day=day.isoformat(), slot=session)
            return Booking(svc.name, day, session, slot.starts, "booked", code=code)

    def appointment(self, code: object) -> Booking:
        """A booking by its code (what the phone page shows; no personal data)."""
        with self.ctx.read() as s:
            row = self._by_code(s, code)
            return self._booking(s, row)

    def cancel_appointment(self, code: object) -> Booking:
        """Hủy lịch hẹn by its code; only a booking not yet checked in."""
        with self.ctx.tx() as s:
            row = self._by_code(s, code, lock=True)
            if row.status != "booked":
                raise InvalidState(tr("Lịch hẹn này không thể hủy (đã hủy, đã đến hoặc đã quá giờ)."))
            row.status, row.changed_at = "cancelled", self.ctx.now()
            self.ctx.audit(s, "appointment_cancel", "appointment", row.id)
            return self._booking(s, row)

    def check_in_appointment(self, *, code: object = None, id_number: object = None) -> CheckIn:
        """Tôi đã đặt lịch: today's booking by its code or by the căn cước number becomes a ticket. One
        transaction; a booking found past its grace is recorded as a no-show and refused."""
        rules = rules_of(self.ctx)
        rows.expire_past_days(self.ctx)
        now = self.ctx.now()
        today = self.ctx.business_day(now)
        with self.ctx.tx() as s:
            if code is not None:
                row = self._by_code(s, code, lock=True)
            else:
                row = self._today_by_id_number(s, id_number, today)
            starts, ends = self._session_times(row.day, row.session)
            refusal = self._refusal(row, today, now, starts, ends, rules)
            if refusal is None:
                return self._admit(s, row, now, today, starts, ends, rules)
            if refusal[0] == "no_show":
                row.status, row.changed_at = "no_show", now
                self.ctx.audit(s, "appointment_no_show", "appointment", row.id)
        raise refusal[1]

    def _refusal(self, row: Appointment, today: date, now: datetime, starts: datetime, ends: datetime,
                 rules: AppointmentRules) -> tuple[str, Exception] | None:
        if row.status == "cancelled":
            return "", InvalidState(tr("Lịch hẹn này đã hủy."))
        if row.status == "checked_in":
            return "", InvalidState(tr("Lịch hẹn này đã lấy số rồi."))
        if row.status == "no_show" or row.day < today or now > ends + timedelta(minutes=rules.grace_minutes):
            return "no_show", InvalidState(tr("Lịch hẹn đã quá giờ ({end}), mời lấy số thường tại kiosk.",
                                              end=f"{ends:%H:%M %d/%m/%Y}"))
        if row.day > today:
            return "", InvalidState(tr("Lịch hẹn của bạn vào ngày {day}, chưa đến ngày hẹn.",
                                       day=f"{row.day:%d/%m/%Y}"))
        opens = starts - timedelta(minutes=rules.early_minutes)
        if now < opens:
            return "", InvalidState(tr("Chưa đến giờ hẹn: mời quay lại từ {time}.", time=f"{opens:%H:%M}"))
        return None

    def _admit(self, s: Session, row: Appointment, now: datetime, today: date, starts: datetime, ends: datetime,
               rules: AppointmentRules) -> CheckIn:
        svc = s.get(Service, row.service_id)
        assert svc is not None  # a foreign key
        late = now > ends
        strict = rules.merge == "strict" and not late
        ticket = self.store.queue.add_ticket(s.connection(), svc.code, APPOINTMENT_CLASS if strict else None, now=now,
                                             day=today)
        # interleave: the citizen's place among walk-ins is the session's start, whenever they came
        queue_at = now if late or strict else starts
        s.execute(update(Ticket).where(Ticket.id == ticket.id).values(
            channel=APPOINTMENT, confirmed_at=now, queue_at=queue_at))
        row.status, row.changed_at, row.ticket_id = "checked_in", now, ticket.id
        self.ctx.audit(s, "appointment_check_in", "appointment", row.id, ticket=ticket.code, late=late)
        return CheckIn(self.store.queue.ticket(ticket.code, today), late=late)

    def appointment_figures(self, start: date, end: date) -> AppointmentFigures:
        """Bookings for days start…end: made (not cancelled), cancelled, checked in, no-shows (a booking of a
        session past its grace counts as a no-show even before the day closes); managers only."""
        self.ctx.require(MANAGERS, "appointment_figures")
        rules, now = rules_of(self.ctx), self.ctx.now()
        with self.ctx.read() as s:
            rows = s.execute(select(Appointment.day, Appointment.session, Appointment.status).where(
                Appointment.office_id == self.ctx.office().id, Appointment.day.between(start, end))).all()
        counts = {"booked": 0, "cancelled": 0, "checked_in": 0, "no_show": 0}
        for day, session, status in rows:
            if status == "booked" and now > self._session_times(day, session)[1] + timedelta(
                    minutes=rules.grace_minutes):
                status = "no_show"
            counts[status] = counts.get(status, 0) + 1
        made = counts["booked"] + counts["checked_in"] + counts["no_show"]
        return AppointmentFigures(made, counts["cancelled"], counts["checked_in"], counts["no_show"])

    # -- helpers --------------------------------------------------------------------------------------
    def _by_code(self, s: Session, code: object, lock: bool = False) -> Appointment:
        normal = read_booking_code(code)
        if normal is None:
            raise NotFound(tr("Mã lịch hẹn không đúng: mã gồm 8 ký tự, ví dụ ABCD-2345."))
        q = select(Appointment).where(Appointment.code_hash == secret_hash(normal),
                                      Appointment.office_id == self.ctx.office().id)
        row = s.scalars(q.with_for_update() if lock else q).first()
        if row is None:
            raise NotFound(tr("Không tìm thấy lịch hẹn với mã này."))
        return row

    def _today_by_id_number(self, s: Session, id_number: object, today: date) -> Appointment:
        number = text_arg(id_number, tr("Số căn cước"), max_len=20, empty=False)
        if not ID_RE.match(number):
            raise InvalidInput(tr("Số căn cước phải có đúng 12 chữ số."))
        rows = s.scalars(select(Appointment).where(
            Appointment.office_id == self.ctx.office().id, Appointment.day == today, Appointment.id_number == number)
            .order_by(Appointment.session, Appointment.id).with_for_update()).all()
        if not rows:
            raise NotFound(tr("Không có lịch hẹn hôm nay của căn cước này."))
        return next((r for r in rows if r.status == "booked"), rows[0])

    def _booking(self, s: Session, row: Appointment) -> Booking:
        svc = s.get(Service, row.service_id)
        ticket = s.get(Ticket, row.ticket_id) if row.ticket_id else None
        return Booking(svc.name if svc else "", row.day, row.session, self._session_times(row.day, row.session)[0],
                       row.status, ticket_code=ticket.code if ticket else "")
