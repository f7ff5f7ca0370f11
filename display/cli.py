"""Arguments of `motcua display` (no Qt import here)."""

from core.i18n import tr


def add_arguments(parser) -> None:
    parser.add_argument("--fullscreen", action="store_true", help=tr("toàn màn hình, không viền cửa sổ"))
    parser.add_argument("--layout", choices=("board", "compact"),
                        help=tr("board: bảng gọi số đầy đủ; compact: màn hình nhỏ trên một quầy"))
    parser.add_argument("--counter", type=int, help=tr("số quầy cho bố cục thu gọn"))
    parser.add_argument("--videos", help=tr("thư mục video hướng dẫn"))
    parser.add_argument("--mute", action="store_true", help=tr("không đọc số (chỉ hiển thị)"))
    parser.add_argument("--speak", action="store_true", help=tr("đọc số cả ở bố cục thu gọn"))
    parser.add_argument("--station", help=tr("tên máy trạm: dùng thiết bị quản lý đặt cho máy này "
                                             "(mặc định: tên máy tính)"))
