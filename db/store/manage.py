"""The manager's operations on people, the office record and the audit log.

Users are never deleted (their name stays on every ticket and dossier they
handled): they are deactivated. A manager looks after clerks and managers; only
an admin touches an admin. Nobody can lock themselves out, and the last active
admin stays an active admin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, cast, func, or_, select

from core.i18n import tr
from core.queue_policy import QueuePolicy
from db.errors import InvalidInput, NotFound
from db.events import EventKind
from db.models import AuditLog, Counter, Office, User
from db.store.rows import PASSWORDS
from db.store.arguments import int_arg, optional_date, text_arg
from db.store.base import MANAGERS, ROLES, StoreService

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
OFFICE_FIELDS = ("name", "agency_code", "address", "header", "kiosk_footer", "opening_hours")


@dataclass(frozen=True)
class AuditLine:
    """One line of the audit log (nhật ký thao tác): who did what to which thing, when."""

    id: int
    at: datetime
    username: str
    action: str
    entity: str
    entity_id: str
    detail: dict[str, Any]


class ManageOps(StoreService):
    # -- people ---------------------------------------------------------------------------
    def update_user(self, username: str, *, full_name: str | None = None, role: str | None = None,
                    active: bool | None = None) -> None:
        """Change a user's name, role or whether they may sign in (deactivate, never delete)."""
        self.ctx.require(MANAGERS, "update_user")
        if role is not None and role not in ROLES:
            raise InvalidInput(tr("Vai trò không hợp lệ: {role}", role=role))
        if full_name is not None and not full_name.strip():
            raise InvalidInput(tr("Hãy nhập họ và tên."))
        with self.ctx.tx() as s:
            user = self._user_row(s, username)
            if username == self.ctx.actor.username and (role not in (None, user.role) or active is False):
                raise InvalidInput(tr("Không thể tự đổi vai trò hoặc tự khóa tài khoản của chính mình."))
            if "admin" in (user.role, role) and self.ctx.actor.role != "admin":
                raise InvalidInput(tr("Chỉ quản trị viên mới thay đổi được tài khoản quản trị viên."))
            if user.role == "admin" and user.active and (active is False or role not in (None, "admin")):
                admins = s.scalar(select(func.count()).where(User.role == "admin", User.active.is_(True)))
                if (admins or 0) <= 1:
                    raise InvalidInput(tr("Phải còn ít nhất một quản trị viên đang hoạt động."))
            changes: dict[str, Any] = {}
            for name, value in (("full_name", full_name and full_name.strip()), ("role", role), ("active", active)):
                if value is not None and getattr(user, name) != value:
                    changes[name] = value
                    setattr(user, name, value)
            if not changes:
                return
            if active is False:  # a deactivated clerk no longer holds a counter
                for ctr in s.scalars(select(Counter).where(Counter.user_id == user.id)).all():
                    ctr.user_id = None
                    self.ctx.event(s, EventKind.counter_closed, counter_id=ctr.id, counter_number=ctr.number, clerk="")
            self.ctx.audit(s, "user_update", "user", user.id, username=user.username, **changes)

    def reset_password(self, username: str, new_password: str) -> None:
        """Set a new password for a user who forgot theirs (the old one stops working)."""
        self.ctx.require(MANAGERS, "reset_password")
        if len(new_password or "") < 6:
            raise InvalidInput(tr("Mật khẩu cần ít nhất 6 ký tự."))
        with self.ctx.tx() as s:
            user = self._user_row(s, username)
            if user.role == "admin" and self.ctx.actor.role != "admin":
                raise InvalidInput(tr("Chỉ quản trị viên mới thay đổi được tài khoản quản trị viên."))
            user.password_hash = PASSWORDS.hash(new_password)
            self.ctx.audit(s, "user_password_reset", "user", user.id, username=user.username)

    def _user_row(self, s, username: str) -> User:
        user = s.scalars(select(User).where(User.username == (username or "").strip())).first()
        if user is None:
            raise NotFound(tr("Không có người dùng {username}.", username=username))
        return user

    # -- the office record ------------------------------------------------------------------
    def update_office(self, **changes: Any) -> None:
        """Change some of the office's fields (name, agency_code, address, header, kiosk_footer, opening_hours)."""
        self.ctx.require(MANAGERS, "update_office")
        unknown = set(changes) - set(OFFICE_FIELDS)
        if unknown:
            raise InvalidInput(tr("Không có trường {name}.", name=", ".join(sorted(unknown))))
        if "opening_hours" in changes:
            changes["opening_hours"] = check_opening_hours(changes["opening_hours"])
        for name in ("name", "agency_code"):
            if name in changes and not str(changes[name]).strip():
                raise InvalidInput(tr("Tên và mã cơ quan không được để trống."))
        with self.ctx.tx() as s:
            row = s.scalars(select(Office).where(Office.id == self.ctx.office().id)).one()
            for name, value in changes.items():
                setattr(row, name, value.strip() if isinstance(value, str) else value)
            s.flush()
            self.ctx.set_office(row)
            self.ctx.event(s, EventKind.office_changed, fields=sorted(changes))
            self.ctx.audit(s, "office_update", "office", row.id, **changes)

    def set_priority_policy(self, policy: str) -> None:
        """`strict` or `interleave N` (after N priority calls in a row, one regular ticket)."""
        try:
            parsed = QueuePolicy.parse(policy)
        except ValueError as error:
            raise InvalidInput(str(error)) from error
        self.store.setup.set_setting("priority_policy", str(parsed))

    def priority_policy(self) -> QueuePolicy:
        return QueuePolicy.parse(self.store.setup.setting("priority_policy", "strict"))

def check_opening_hours(hours: Any) -> dict[str, list[list[str]]]:
    """Validate {"0".."6": [["07:30", "11:30"], …]} (Monday = "0"): times HH:MM, each session ends after it
    starts, sessions in order and not overlapping. Returns the cleaned dict."""
    if not isinstance(hours, dict):
        raise InvalidInput(tr("Giờ làm việc không hợp lệ."))
    out: dict[str, list[list[str]]] = {}
    for day, sessions in hours.items():
        if str(day) not in {str(d) for d in range(7)}:
            raise InvalidInput(tr("Giờ làm việc không hợp lệ."))
        cleaned, last_end = [], ""
        for session in sessions or []:
            start, end = (str(t).strip() for t in session)
            if not (_HHMM.match(start) and _HHMM.match(end)):
                raise InvalidInput(tr("Giờ phải có dạng HH:MM, ví dụ 07:30 (nhận được {start}–{end}).",
                                      start=start, end=end))
            if end <= start or start < last_end:
                raise InvalidInput(tr("Buổi {start}–{end} phải kết thúc sau khi bắt đầu và không chồng lên buổi "
                                      "trước.", start=start, end=end))
            cleaned.append([start, end])
            last_end = end
        if cleaned:
            out[str(day)] = cleaned
    return out


class AuditOps(StoreService):
    # -- the audit log ----------------------------------------------------------------------
    def audit_log(self, *, start: date | None = None, end: date | None = None, username: str = "",
                  action: str = "", entity: str = "", text: str = "", limit: int = 1000) -> list[AuditLine]:
        """Audit lines, newest first, between two office days (inclusive) and matching the filters."""
        self.ctx.require(MANAGERS, "audit_log")
        start, end = optional_date(start, tr("Ngày bắt đầu")), optional_date(end, tr("Ngày kết thúc"))
        username, action = text_arg(username, tr("Người dùng"), max_len=64), text_arg(action, tr("Thao tác"), max_len=64)
        entity, text = text_arg(entity, tr("Đối tượng"), max_len=64), text_arg(text, tr("Nội dung"), max_len=200)
        limit = int_arg(limit, tr("Số dòng"), low=1, high=100_000)
        if start and end and end < start:
            raise InvalidInput(tr("Ngày kết thúc phải sau ngày bắt đầu."))
        tz = self.ctx.office().tz
        q = select(AuditLog)
        if start:
            q = q.where(AuditLog.at >= datetime.combine(start, time(0), tz))
        if end:
            q = q.where(AuditLog.at < datetime.combine(end + timedelta(days=1), time(0), tz))
        if username:
            q = q.where(AuditLog.username == username)
        if action:
            q = q.where(AuditLog.action == action)
        if entity:
            q = q.where(AuditLog.entity == entity)
        if text.strip():
            # the text is looked for as typed: its % and _ are letters, not LIKE's wildcards
            needle = "%" + re.sub(r"([\\%_])", r"\\\1", text.strip()) + "%"
            q = q.where(or_(AuditLog.entity_id.ilike(needle, escape="\\"),
                            cast(AuditLog.detail, String).ilike(needle, escape="\\")))
        with self.ctx.read() as s:
            rows = s.scalars(q.order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit)).all()
            return [AuditLine(r.id, r.at, r.username, r.action, r.entity, r.entity_id, dict(r.detail or {}))
                    for r in rows]

    def audit_actions(self) -> list[str]:
        """Every action name the log holds (for a filter list)."""
        self.ctx.require(MANAGERS, "audit_log")
        with self.ctx.read() as s:
            return sorted(s.scalars(select(AuditLog.action).distinct()).all())
