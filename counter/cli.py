"""Arguments of `motcua counter` (no Qt import here)."""

from core.i18n import tr


def add_arguments(parser) -> None:
    parser.add_argument("--counter", type=int, help=tr("số quầy của máy này (máy nhớ lần chọn trước)"))
    parser.add_argument("--user", help=tr("tên đăng nhập điền sẵn"))
    parser.add_argument("--citizen-screen", action="store_true",
                        help=tr("mở màn hình công dân (số đang phục vụ và câu hỏi đánh giá)"))
    parser.add_argument("--forms-dir", help=tr("thư mục mẫu biểu của cơ quan (ghi đè mẫu mặc định)"))
    parser.add_argument("--out-dir", help=tr("thư mục lưu các phiếu PDF"))
    parser.add_argument("--printer", help=tr("máy in nhiệt cho biên nhận, ví dụ tcp://192.168.1.50:9100"))
    parser.add_argument("--no-thermal", action="store_true", help=tr("không in biên nhận nhiệt"))
    parser.add_argument("--fullscreen", action="store_true", help=tr("toàn màn hình"))
    parser.add_argument("--station", help=tr("tên máy trạm: dùng thiết bị quản lý đặt cho máy này "
                                             "(mặc định: tên máy tính)"))
