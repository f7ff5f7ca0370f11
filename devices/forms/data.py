"""What a form shows: plain data the counter fills from a dossier (no store types here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from xml.sax.saxutils import escape

TIME_FORMAT = "{hour} giờ {minute} phút, ngày {date}"  # forms are Vietnamese documents, whatever the UI language


def when(at: datetime | None, fmt: str = TIME_FORMAT) -> str:
    """"14 giờ 30 phút, ngày 24/04/2026" in the time zone `at` carries."""
    if at is None:
        return ""
    return fmt.format(hour=f"{at:%H}", minute=f"{at:%M}", date=f"{at:%d/%m/%Y}")


@dataclass(frozen=True)
class FormStep:
    """One line of the dossier's journey (for the process control sheet)."""

    at: datetime
    action: str
    by: str = ""
    agency: str = ""
    note: str = ""


@dataclass(frozen=True)
class FormData:
    """Everything any of the five forms may print; times in office time."""

    code: str
    office_name: str
    procedure_name: str
    applicant_name: str
    received_at: datetime
    due_at: datetime | None = None
    unit_name: str = "Bộ phận Tiếp nhận và Trả kết quả"
    applicant_id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    processing_days: float = 0
    documents: tuple[dict, ...] = ()  # {"name", "form", "quantity"}
    channel_in: str = ""  # already in words: "Trực tiếp"
    channel_out: str = ""
    clerk_name: str = ""
    agency: str = ""
    reason: str = ""
    items: tuple[str, ...] = ()  # papers to add (supplement request)
    original_due_at: datetime | None = None
    new_due_at: datetime | None = None
    history: tuple[FormStep, ...] = field(default=())
    printed_at: datetime | None = None
    check_code: str = ""  # mã tra cứu: with the code, opens the dossier at the kiosk (core.codes)

    def values(self, time_format: str = TIME_FORMAT) -> dict[str, str]:
        """The {placeholders} of the templates, escaped for the PDF's markup."""
        days = self.processing_days

        def when(at: datetime | None) -> str:
            return _when(at, time_format)
        raw = {
            "code": self.code, "office_name": self.office_name, "unit_name": self.unit_name,
            "procedure_name": self.procedure_name, "applicant_name": self.applicant_name,
            "applicant_id_number": self.applicant_id_number or "…", "phone": self.phone or "…",
            "email": self.email or "…", "address": self.address or "…",
            "processing_days": f"{days:g}".replace(".", ","), "channel_in": self.channel_in,
            "channel_out": self.channel_out, "clerk_name": self.clerk_name, "agency": self.agency or "…",
            "reason": self.reason, "received_at": when(self.received_at),
            "received_date": f"{self.received_at:%d/%m/%Y}", "due_at": when(self.due_at),
            "original_due_at": when(self.original_due_at or self.due_at), "new_due_at": when(self.new_due_at),
            "check_code": self.check_code or "…",
        }
        return {k: escape(v) for k, v in raw.items()}


_when = when
