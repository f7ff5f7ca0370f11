"""What goes on paper: plain data, filled by the apps from store views."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class TicketSlip:
    """Phiếu số thứ tự."""

    office_name: str
    code: str  # "A023"
    service_name: str  # lĩnh vực
    issued_at: datetime
    counters: tuple[str, ...] = ()  # "Quầy 1", "Quầy 2"
    priority_label: str | None = None  # "Ưu tiên: Người cao tuổi"
    ahead: int | None = None
    wait_minutes: int | None = None
    footer: str = ""
    # what the QR holds: `core.codes.ticket_qr` (office, business day, number) so a scan tells days apart;
    # empty: the number alone. The phone page will put its per-ticket link here.
    qr: str = ""


@dataclass(frozen=True)
class ReceiptSlip:
    """Giấy biên nhận hồ sơ (thermal)."""

    office_name: str
    dossier_code: str
    procedure_name: str
    applicant_name: str
    received_at: datetime
    due_at: datetime
    clerk_name: str = ""
    collect_where: str = ""
    footer: str = ""
    extra_lines: tuple[str, ...] = field(default=())
    check_code: str = ""  # mã tra cứu: printed beside the code and carried by the QR (core.codes.dossier_qr)
