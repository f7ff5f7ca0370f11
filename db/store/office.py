"""The office, its fields, counters and people: set-up operations."""

from __future__ import annotations

import os
from typing import Sequence

from sqlalchemy import delete, func, select

from core.i18n import tr
from core.stations import PRINTER_FOLDER_KEY
from core.queue_policy import QueuePolicy
from db.errors import InvalidInput, LoginFailed, LoginLocked, NotFound, PermissionDenied
from db.events import EventKind
from db.models import TICKET_WAITING, Counter, CounterService, Office, Service, Setting, Ticket, User
from db.store import guard, rows
from db.store.rows import PASSWORDS
from db.store.arguments import int_arg, items_arg, text_arg
from db.store.base import MANAGERS, ROLES, Actor, Context, StoreService
from db.store.views import CounterInfo, ServiceInfo, UserInfo

DEFAULT_HOURS = {str(d): [["07:30", "11:30"], ["13:30", "17:00"]] for d in range(5)}


class OfficeOps(StoreService):
    # -- office ---------------------------------------------------------------
    def setup_office(self, *, agency_code: str, name: str, timezone: str = "Asia/Ho_Chi_Minh",
                     opening_hours: dict | None = None, header: str = "", kiosk_footer: str = "",
                     address: str = "") -> None:
        """Create the office, or update it; managers only."""
        self.ctx.require(MANAGERS, "setup_office")
        with self.ctx.tx() as s:
            row = s.scalars(select(Office).order_by(Office.id).limit(1)).first() or Office()
            row.agency_code, row.name, row.timezone = agency_code, name, timezone
            row.opening_hours = DEFAULT_HOURS if opening_hours is None else opening_hours
            row.header, row.kiosk_footer, row.address = header, kiosk_footer, address
            s.add(row)
            s.flush()
            self.ctx.set_office(row)
            self.ctx.event(s, EventKind.office_changed, name=name)
            self.ctx.audit(s, "office_setup", "office", row.id, name=name, agency_code=agency_code)

    def set_setting(self, key: str, value) -> None:
        """An office-wide setting (priority_policy, kiosk_pin_hash, …); managers only."""
        self.ctx.require(MANAGERS, "set_setting")
        key = text_arg(key, tr("Tên thiết lập"), max_len=100, empty=False)
        if key == "priority_policy":  # call_next reads it: never store one it cannot follow
            try:
                value = str(QueuePolicy.parse(value))
            except ValueError as error:
                raise InvalidInput(str(error)) from error
        if key == PRINTER_FOLDER_KEY:  # where file:// printers may write: an admin's choice, never a manager's
            self.ctx.require({"admin"}, "set_printer_folder")
            if value and not (isinstance(value, str) and os.path.isabs(value) and os.path.realpath(value) != os.sep):
                raise InvalidInput(tr("Thư mục máy in phải là một đường dẫn tuyệt đối, không phải thư mục gốc /."))
        with self.ctx.tx() as s:
            row = s.get(Setting, key) or Setting(key=key)
            row.value = value
            s.add(row)
            self.ctx.event(s, EventKind.office_changed, key=key)
            self.ctx.audit(s, "setting_set", "setting", key, value=value if "pin" not in key else "***")

    def setting(self, key: str, default=None):
        """An office-wide setting; the kiosk PIN's hash and the sign-in locks are never read back."""
        if guard.is_secret(key):
            raise PermissionDenied("setting")
        with self.ctx.read() as s:
            row = s.get(Setting, key)
            return default if row is None else row.value

    # -- services and counters -----------------------------------------------------
    def save_service(self, *, code: str, name: str, prefix: str, name_en: str = "", number_start: int = 1,
                     number_end: int = 999, sla_minutes: int = 15, active: bool = True, sort_order: int = 0) -> int:
        """Create or update the field `code`; managers only. Returns its id."""
        self.ctx.require(MANAGERS, "save_service")
        code, name = text_arg(code, tr("Mã lĩnh vực"), max_len=40, empty=False), text_arg(name, tr("Tên lĩnh vực"), max_len=200)
        name_en, prefix = text_arg(name_en, tr("Tên tiếng Anh"), max_len=200), text_arg(prefix, tr("Chữ cái đầu số"), max_len=10).upper()
        number_start, number_end = int_arg(number_start, tr("Số đầu")), int_arg(number_end, tr("Số cuối"))
        sla_minutes, sort_order = int_arg(sla_minutes, tr("Thời gian phục vụ"), high=1440), int_arg(sort_order, tr("Thứ tự"), high=10**6)
        if not (1 <= len(prefix) <= 2 and prefix.isalpha() and prefix.isascii()):
            raise InvalidInput(tr("Chữ cái đầu số phải là 1–2 chữ cái A–Z."))
        if not 0 <= number_start <= number_end <= 9999:
            raise InvalidInput(tr("Dải số không hợp lệ: {start}–{end}.", start=number_start, end=number_end))
        with self.ctx.tx() as s:
            svc = s.scalars(select(Service).where(Service.office_id == self.ctx.office().id, Service.code == code)).first()
            clash = s.scalars(select(Service).where(Service.office_id == self.ctx.office().id, Service.prefix == prefix,
                                                    Service.code != code)).first()
            if clash is not None:
                raise InvalidInput(tr("Chữ cái {prefix} đã dùng cho lĩnh vực {name}.", prefix=prefix, name=clash.name))
            svc = svc or Service(office_id=self.ctx.office().id, code=code)
            svc.name, svc.name_en, svc.prefix = name, name_en, prefix
            svc.number_start, svc.number_end, svc.sla_minutes = number_start, number_end, sla_minutes
            svc.active, svc.sort_order = active, sort_order
            s.add(svc)
            s.flush()
            self.ctx.event(s, EventKind.catalog_changed, service_id=svc.id)
            self.ctx.audit(s, "service_save", "service", svc.id, code=code, name=name, prefix=prefix)
            return svc.id

    def close_service_today(self, service: str, closed: bool = True) -> None:
        """Stop (or restart) issuing numbers of a field for the rest of today."""
        self.ctx.require(MANAGERS, "close_service_today")
        with self.ctx.tx() as s:
            svc = rows.service(self.ctx, s, service)
            svc.closed_on = self.ctx.business_day() if closed else None
            self.ctx.event(s, EventKind.catalog_changed, service_id=svc.id)
            self.ctx.audit(s, "service_close_today", "service", svc.id, closed=closed)

    def save_counter(self, *, number: int, name: str = "", services: Sequence[str] = (), active: bool = True) -> int:
        """Create or update counter `number` serving `services` (prefixes/codes) in that order."""
        self.ctx.require(MANAGERS, "save_counter")
        number, name = int_arg(number, tr("Số quầy")), text_arg(name, tr("Tên quầy"), max_len=100)
        services = items_arg(services, tr("Lĩnh vực"), max_len=40)
        if number < 1:
            raise InvalidInput(tr("Số quầy phải lớn hơn 0."))
        with self.ctx.tx() as s:
            ctr = s.scalars(select(Counter).where(Counter.office_id == self.ctx.office().id,
                                                  Counter.number == number)).first()
            ctr = ctr or Counter(office_id=self.ctx.office().id, number=number)
            ctr.name, ctr.active = name or tr("Quầy {number}", number=number), active
            s.add(ctr)
            s.flush()
            s.execute(delete(CounterService).where(CounterService.counter_id == ctr.id))
            for position, key in enumerate(services):
                s.add(CounterService(counter_id=ctr.id, service_id=rows.service(self.ctx, s, key).id, position=position))
            self.ctx.event(s, EventKind.catalog_changed, counter_id=ctr.id)
            self.ctx.audit(s, "counter_save", "counter", ctr.id, number=number, services=list(services))
            return ctr.id

    def services(self) -> list[ServiceInfo]:
        """Every field with today's waiting count and the counters serving it."""
        day = self.ctx.business_day()
        with self.ctx.read() as s:
            waiting = dict(s.execute(select(Ticket.service_id, func.count()).where(
                TICKET_WAITING, Ticket.day == day).group_by(Ticket.service_id)).all())
            serving: dict[int, list[int]] = {}
            for sid, number in s.execute(select(CounterService.service_id, Counter.number).join(
                    Counter, Counter.id == CounterService.counter_id).where(Counter.active.is_(True))
                    .order_by(Counter.number)):
                serving.setdefault(sid, []).append(number)
            rows = s.scalars(select(Service).where(Service.office_id == self.ctx.office().id)
                             .order_by(Service.sort_order, Service.prefix)).all()
            return [ServiceInfo(
                id=r.id, code=r.code, name=r.name, name_en=r.name_en, prefix=r.prefix, number_start=r.number_start,
                number_end=r.number_end, sla_minutes=r.sla_minutes, active=r.active, closed_today=r.closed_on == day,
                sort_order=r.sort_order, waiting=waiting.get(r.id, 0), counters=tuple(serving.get(r.id, ())),
            ) for r in rows]

    def counters(self) -> list[CounterInfo]:
        """Every counter, its fields, its clerk and the ticket it is serving."""
        with self.ctx.read() as s:
            out = []
            for ctr in s.scalars(select(Counter).where(Counter.office_id == self.ctx.office().id)
                                 .order_by(Counter.number)).all():
                current = rows.current(s, ctr)
                clerk = s.get_one(User, ctr.user_id).full_name if ctr.user_id else ""
                out.append(CounterInfo(
                    id=ctr.id, number=ctr.number, name=ctr.name, active=ctr.active,
                    service_ids=tuple(cs.service_id for cs in ctr.services), clerk=clerk,
                    current=None if current is None else rows.ticket_info(s, current, s.get_one(Service, current.service_id),
                                                                    counter=ctr),
                ))
            return out

    # -- people -----------------------------------------------------------------------
    def add_user(self, username: str, full_name: str, password: str, role: str = "clerk", *,
                 active: bool = True) -> int:
        """Create a user (`active=False`: created locked, in the same transaction); managers create clerks,
        admins create anyone."""
        self.ctx.require(MANAGERS, "add_user")
        username, full_name = text_arg(username, tr("Tên đăng nhập"), max_len=200), text_arg(full_name, tr("Họ tên"), max_len=200)
        password = text_arg(password, tr("Mật khẩu"), max_len=200)
        if role not in ROLES:
            raise InvalidInput(tr("Vai trò không hợp lệ: {role}", role=role))
        if role == "admin" and self.ctx.actor.role != "admin":
            raise InvalidInput(tr("Chỉ quản trị viên mới tạo được quản trị viên."))
        username = username.strip()
        if not username or not username.replace(".", "").replace("_", "").isalnum() or len(username) > 64:
            raise InvalidInput(tr("Tên đăng nhập chỉ gồm chữ, số, dấu chấm và gạch dưới."))
        if len(password) < 6:
            raise InvalidInput(tr("Mật khẩu cần ít nhất 6 ký tự."))
        with self.ctx.tx() as s:
            if s.scalars(select(User).where(User.username == username)).first() is not None:
                raise InvalidInput(tr("Tên đăng nhập {username} đã có.", username=username))
            user = User(username=username, full_name=full_name.strip(), password_hash=PASSWORDS.hash(password),
                        role=role, active=bool(active), created_at=self.ctx.now())
            s.add(user)
            s.flush()
            self.ctx.audit(s, "user_add", "user", user.id, username=username, role=role,
                        **({} if active else {"active": False}))
            return user.id

    def users(self) -> list[UserInfo]:
        self.ctx.require(MANAGERS, "users")
        with self.ctx.read() as s:
            return [UserInfo(u.id, u.username, u.full_name, u.role, u.active)
                    for u in s.scalars(select(User).order_by(User.username)).all()]

    def user_for(self, username: str) -> UserInfo:
        with self.ctx.read() as s:
            u = s.scalars(select(User).where(User.username == username)).first()
            if u is None:
                raise NotFound(tr("Không có người dùng {username}.", username=username))
            return UserInfo(u.id, u.username, u.full_name, u.role, u.active)


def sign_in(ctx: Context, username: str, password: str, station: str = "") -> Context:
    """`ctx` acting as the user, after checking the password; wrong tries are audited and, past a few in a
    row, lock the username for a growing while (db/store/guard.py)."""
    typed, password = str(username or "").strip(), str(password or "")
    key = guard.lock_key("user", typed)
    with ctx.tx() as s:
        now = ctx.now()
        wait = guard.locked_for(s, key, now)
        user = None if wait else s.scalars(select(User).where(User.username == typed)).first()
        # one hash check whether or not the user exists (a dummy hash for nobody): the same time either way
        right = not wait and guard.verify(PASSWORDS, user.password_hash if user else None, password)
        if right and user is not None and user.active:
            guard.clear(s, key)
            if PASSWORDS.check_needs_rehash(user.password_hash):
                user.password_hash = PASSWORDS.hash(password)
            actor = Actor(role=user.role, username=user.username, full_name=user.full_name,
                          user_id=user.id, station=station)
            bound = ctx.acting_as(actor)
            bound.audit(s, "login", "user", user.id, station=station)
            return bound
        failures = 0 if wait else guard.record_failure(s, key, now)
        ctx.audit(s, "login_locked" if wait else "login_failed", "user", typed[:guard.TYPED_MAX],
                  station=station, **({"failures": failures} if failures else {}))
    if wait:
        raise LoginLocked(wait)
    raise LoginFailed()


def user_actor(ctx: Context, username: str) -> Actor:
    """The active user `username` as an actor, without a password: for trusted local scripts (the CLI)."""
    with ctx.read() as s:
        user = s.scalars(select(User).where(User.username == username, User.active.is_(True))).first()
        if user is None:
            raise NotFound(tr("Không có người dùng {username}.", username=username))
        return Actor(role=user.role, username=user.username, full_name=user.full_name, user_id=user.id)
