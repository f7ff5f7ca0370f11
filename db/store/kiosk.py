"""What a kiosk may do besides issuing: report its printer, check the manager's PIN."""

from __future__ import annotations

import shutil

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import text

from db.errors import DiskFull
from db.events import EventKind
from db.models import Setting
from db.store.rows import PASSWORDS
from db.store.base import MANAGERS, StoreService

PIN_KEY = "kiosk_pin_hash"


class KioskOps(StoreService):
    def report_printer_status(self, station: str, status: str, detail: str = "") -> None:
        """Record a kiosk printer's state (ok, near_end, out, offline…) for the manager to see."""
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
        self.set_setting(PIN_KEY, PASSWORDS.hash(pin))

    def verify_kiosk_pin(self, pin: str) -> bool:
        """True when `pin` is the manager's kiosk PIN (no PIN set: always False)."""
        stored = self.setting(PIN_KEY)
        if not stored:
            return False
        try:
            return PASSWORDS.verify(stored, pin)
        except (VerificationError, InvalidHashError):
            return False


def check_kiosk_pin(pin: str) -> None:
    """A kiosk PIN is 4–8 digits; anything else is InvalidInput (checked before anything is written)."""
    from core.i18n import tr
    from db.errors import InvalidInput

    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise InvalidInput(tr("Mã PIN gồm 4–8 chữ số."))
