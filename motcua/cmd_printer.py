"""`motcua printer test|status`: what an installer runs first."""

from __future__ import annotations

from datetime import datetime

from core.i18n import tr
from devices.printers import PrinterError, TicketSlip, open_printer
from motcua.output import add_json, emit, fail


def register(sub) -> None:
    printer = sub.add_parser("printer", help=tr("máy in phiếu"))
    psub = printer.add_subparsers(dest="printer_command", required=True, metavar="ACTION")
    p = psub.add_parser("test", help=tr("in một phiếu mẫu tiếng Việt có mã QR"))
    p.add_argument("--printer", help=tr("địa chỉ máy in, ví dụ tcp://192.168.1.50:9100"))
    p.set_defaults(func=test)
    p = psub.add_parser("status", help=tr("trạng thái máy in báo về"))
    p.add_argument("--printer", help=tr("địa chỉ máy in, ví dụ tcp://192.168.1.50:9100"))
    add_json(p)
    p.set_defaults(func=status)


def _printer(args, settings):
    if args.printer:
        settings.printer.url = args.printer
    return open_printer(settings.printer)


def test(args, settings) -> int:
    slip = TicketSlip(
        office_name=tr("PHIẾU IN THỬ - Bộ phận một cửa"), code="A001", service_name=tr("Tư pháp - Hộ tịch"),
        issued_at=datetime.now(), counters=(tr("Quầy {number}", number=1),), ahead=3, wait_minutes=9,
        priority_label=tr("Ưu tiên: Người cao tuổi"), footer=tr("Tiếng Việt có dấu: ăâđêôơư ẮẰẲẴẶ ỆỘỚỬ"),
    )
    try:
        printer = _printer(args, settings)
        sent = printer.print_ticket(slip)
    except PrinterError as error:
        return fail(str(error))
    where = printer.last_preview or settings.printer.resolved_url()
    print(tr("Đã gửi phiếu mẫu ({bytes} byte) tới {where}.", bytes=sent, where=where))
    return 0


def status(args, settings) -> int:
    try:
        state = _printer(args, settings).status()
    except PrinterError as error:
        return fail(str(error))
    data = {"online": state.online, "cover_open": state.cover_open, "paper": state.paper.value,
            "can_print": state.can_print}
    return emit(args, data, state.describe())
