"""Sample slips with real-looking Vietnamese: for the tests, the benchmark and screenshots."""

from __future__ import annotations

from datetime import datetime

from devices.printers.slips import ReceiptSlip, TicketSlip

TICKET = TicketSlip(
    office_name="UBND quận Thốt Nốt", code="A023", service_name="Tư pháp - Hộ tịch",
    issued_at=datetime(2026, 11, 25, 9, 5), counters=("Quầy 3", "Quầy 4"),
    priority_label="Ưu tiên: Người cao tuổi", ahead=4, wait_minutes=12,
    footer="Cảm ơn quý công dân! Đường dây nóng: 0292 3851 205", qr="000.00.20.H10/261125/A023",
)
RECEIPT = ReceiptSlip(
    office_name="UBND quận Thốt Nốt", dossier_code="000.00.20.H10-200520-0001",
    procedure_name="Đăng ký khai sinh", applicant_name="Nguyễn Văn An",
    received_at=datetime(2026, 11, 25, 9, 5), due_at=datetime(2026, 11, 26, 11, 30),
    clerk_name="Nguyễn Thị Lan", collect_where="Quầy 3",
)
