"""`motcua printer test|status`: what an installer runs first."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from core.clock import system_now
from core.i18n import tr
from devices.printers import PrinterError, TicketSlip, open_printer
from motcua.output import add_json, emit, fail


def register(sub) -> None:
    printer = sub.add_parser("printer", help=tr("máy in phiếu"))
    psub = printer.add_subparsers(dest="printer_command", required=True, metavar="ACTION")
    for name, text in (("test", tr("in một phiếu mẫu tiếng Việt có mã QR")),
                       ("status", tr("trạng thái máy in báo về"))):
        p = psub.add_parser(name, help=text)
        p.add_argument("--printer", metavar="URL", help=tr("địa chỉ máy in, ví dụ tcp://192.168.1.50:9100"))
        p.add_argument("--width", type=int, choices=[80, 58], help=tr("khổ giấy (mm)"))
        if name == "status":
            add_json(p)
        p.set_defaults(func=run)


def run(args, settings) -> int:
    """Print a sample ticket or show the printer's status; a printer failure is one line, exit 1."""
    if args.printer:
        settings.printer.url = args.printer
    if args.width:
        settings.printer.paper_width_mm = args.width
    try:
        printer = open_printer(settings.printer)
        if args.printer_command == "test":
            sent = printer.print_ticket(sample_ticket(settings.printer.footer))
            where = printer.last_preview or printer.url
            print(tr("Đã gửi phiếu mẫu ({bytes} byte) tới {where}.", bytes=sent, where=where))
            return 0
        state = printer.status()
    except PrinterError as error:
        return fail(str(error))
    data = {"url": printer.url, "state": state.state.value, "online": state.online,
            "cover_open": state.cover_open, "paper": state.paper.value, "can_print": state.can_print,
            "message": state.describe()}
    return emit(args, data, state.describe())


def sample_ticket(footer: str = "") -> TicketSlip:
    """A ticket with every Vietnamese letter shape a printer gets wrong."""
    return TicketSlip(
        office_name=tr("PHIẾU IN THỬ - Bộ phận một cửa"), code="A001", service_name=tr("Tư pháp - Hộ tịch"),
        issued_at=system_now().astimezone(ZoneInfo("Asia/Ho_Chi_Minh")), counters=(tr("Quầy {number}", number=1),), ahead=3, wait_minutes=9,
        priority_label=tr("Ưu tiên: Người cao tuổi"),
        footer=footer or tr("Tiếng Việt có dấu: ăâđêôơư ẮẰẲẴẶ ỆỘỚỬ"),
    )
