"""Arguments of `motcua admin` (no Qt import here)."""

from core.i18n import tr


def add_arguments(parser) -> None:
    parser.add_argument("--user", help=tr("tên đăng nhập điền sẵn"))
    parser.add_argument("--page", help=tr("trang mở đầu tiên sau khi đăng nhập, ví dụ users, catalog, reports"))
