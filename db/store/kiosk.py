"""What a kiosk may do besides issuing: report its printer, check the manager's PIN."""

from __future__ import annotations

import re
import shutil

from sqlalchemy import text

from db.errors import DiskFull, LoginLocked
from db.events import EventKind
from db.models import Setting
from db.store import guard
from db.store.base import MANAGERS, StoreService
from db.store.guard import PIN_KEY
from db.store.rows import PASSWORDS


class KioskOps(StoreService):
    def report_printer_status(self, station: str, status: str, detail: str = "") -> None:
        """Record a kiosk printer's state (ok, near_end, out, offline…) for the manager to see; a kiosk reports
        only for the station it is bound to."""
        station = guard.own_station(self.ctx.actor, station, "report_printer_status")
        key = f"printer_status:{station or 'kiosk'}"
        with self.ctx.tx() as s:
            row = s.get(Setting, key) or Setting(key=key)
            if isinstance(row.value, dict) and row.value.get("status") == status:
                return  # unchanged: no event, no audit
            row.value = {"status": status, "detail": detail, "at": self.ctx.now().isoformat()}
            s.add(row)
            self.ctx.event(s, EventKind.printer_status_changed, station=station, status=status)
            self.ctx.audit(s, "printer_status", "station", station, status=status, detail=detail)

    def check_writable(self, station: str = "") -> None:
        """Commit one small write (the station's last write check); raises WriteFailed while the disk is
        full or the database read-only, so a kiosk that stopped issuing knows when it may start again."""
        key = f"write_check:{station or 'kiosk'}"
        with self.ctx.tx() as s:
            row = s.get(Setting, key) or Setting(key=key)
            row.value = {"at": self.ctx.now().isoformat()}
            s.add(row)
            if self.ctx.file is not None:  # SQLite: a small write may still fit while a ticket would not
                pages, cap, free = (s.execute(text(f"PRAGMA {p}")).scalar_one()
                                    for p in ("page_count", "max_page_count", "freelist_count"))
                if (pages >= cap and not free) or shutil.disk_usage(self.ctx.file.path.parent).free < 64 * 1024:
                    raise DiskFull(str(self.ctx.file.path), "no room to grow")
            elif s.get_bind().dialect.name == "postgresql":  # the same: the server must still be able to add a
                # page to a table, which a row written into a page it already has does not show (53100 if not)
                s.execute(text("CREATE TEMP TABLE motcua_write_check (at text) ON COMMIT DROP"))
                s.execute(text("INSERT INTO motcua_write_check VALUES ('x')"))

    def printer_statuses(self) -> dict[str, dict]:
        """{station: {"status", "detail", "at"}} for every kiosk that reported."""
        from sqlalchemy import select

        with self.ctx.read() as s:
            rows = s.scalars(select(Setting).where(Setting.key.like("printer_status:%"))).all()
            return {r.key.split(":", 1)[1]: dict(r.value) for r in rows}

    def set_kiosk_pin(self, pin: str) -> None:
        """Set the PIN that unlocks a kiosk's exit and settings (managers only)."""
        self.ctx.require(MANAGERS, "set_kiosk_pin")
        check_kiosk_pin(pin)
        self.store.setup.set_setting(PIN_KEY, PASSWORDS.hash(pin))

    def verify_kiosk_pin(self, pin: str) -> bool:
        """True when `pin` is the manager's kiosk PIN (no PIN set: always False). The hash never leaves the
        store; wrong PINs are audited and, past a few in a row, lock this station's PIN for a growing while."""
        pin = str(pin or "")
        key = guard.lock_key("pin", self.ctx.actor.station or "kiosk")
        with self.ctx.tx() as s:
            now = self.ctx.now()
            wait = guard.locked_for(s, key, now)
            row = None if wait else s.get(Setting, PIN_KEY)
            if not wait and row is not None and _PIN.fullmatch(pin) and guard.verify(PASSWORDS, row.value, pin):
                guard.clear(s, key)
                return True
            failures = 0 if wait else guard.record_failure(s, key, now)
            self.ctx.audit(s, "kiosk_pin_locked" if wait else "kiosk_pin_failed", "station",
                           self.ctx.actor.station or "kiosk", **({"failures": failures} if failures else {}))
        if wait:
            raise LoginLocked(wait)
        return False


_PIN = re.compile(r"[0-9]{4,8}")  # ASCII digits only: no Arabic-Indic or full-width digits, no NUL


def check_kiosk_pin(pin: str) -> None:
    """A kiosk PIN is 4–8 digits 0–9; anything else is InvalidInput (checked before anything is written)."""
    from core.i18n import tr
    from db.errors import InvalidInput

    if not (isinstance(pin, str) and _PIN.fullmatch(pin)):
        raise InvalidInput(tr("Mã PIN gồm 4–8 chữ số từ 0 đến 9 (không dấu cách, không ký tự khác)."))
