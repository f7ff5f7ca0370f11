"""Arguments of `motcua kiosk` (no Qt import here)."""

from core.i18n import tr


def add_arguments(parser) -> None:
    parser.add_argument("--fullscreen", action="store_true", help=tr("toàn màn hình, không viền cửa sổ (chế độ kiosk)"))
    parser.add_argument("--station", help=tr("tên máy lấy số: báo trạng thái máy in, lấy thiết lập máy in do "
                                             "quản lý đặt (mặc định: tên máy tính)"))
    parser.add_argument("--printer", help=tr("địa chỉ máy in, ví dụ tcp://192.168.1.50:9100"))
