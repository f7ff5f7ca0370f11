"""Typed store errors, each with a message the user can read (via `tr`)."""

from __future__ import annotations

from typing import Callable

from core.i18n import tr


class StoreError(Exception):
    """Base: `str(error)` is a translated sentence fit to show a user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class PermissionDenied(StoreError):
    def __init__(self, action: str):
        super().__init__(tr("Bạn không có quyền thực hiện thao tác này ({action}).", action=action))
        self.action = action


class LoginFailed(StoreError):
    def __init__(self):
        super().__init__(tr("Tên đăng nhập hoặc mật khẩu không đúng."))


class LoginLocked(StoreError):
    """Too many wrong passwords (or kiosk PINs) in a row: tries wait until the lock ends, by the store's clock."""

    def __init__(self, seconds: int):
        minutes = max(1, -(-seconds // 60))
        super().__init__(tr("Đã nhập sai quá nhiều lần. Hãy thử lại sau {minutes} phút.", minutes=minutes))
        self.seconds = seconds


class NotFound(StoreError):
    pass


class InvalidState(StoreError):
    """The operation does not fit the thing's current state (e.g. ticket not waiting)."""


class InvalidInput(StoreError):
    pass


class Duplicate(InvalidInput):
    """A value that must be unique (a username, a code, a number) is already there; nothing was written."""

    def __init__(self, what: str, value: str = "", columns: tuple[str, ...] = ()):
        """`what`: the untranslated name of the key ("Tên đăng nhập"), put in the user's language here."""
        super().__init__(tr("{what} {value} đã có; chưa ghi gì.", what=tr(what), value=value) if value
                         else tr("{what} này đã có; chưa ghi gì.", what=tr(what)))
        self.what, self.value, self.columns = what, value, columns


class RangeExhausted(StoreError):
    def __init__(self, prefix: str, last: int):
        super().__init__(
            tr("Đã hết số của lĩnh vực {prefix} hôm nay (tối đa {last}). Xin liên hệ cán bộ.", prefix=prefix, last=last)
        )


class ServiceClosed(StoreError):
    pass


class StoreUnavailable(StoreError):
    def __init__(self, detail: str = ""):
        super().__init__(tr("Không kết nối được cơ sở dữ liệu."))
        self.detail = detail


class DatabaseMissing(StoreError):
    """The SQLite file is not there: never created silently (a late-mounted share would split the office)."""

    def __init__(self, path: str):
        super().__init__(tr("Không tìm thấy tệp cơ sở dữ liệu {path}. Kiểm tra ổ đĩa hoặc thư mục chia sẻ đã được "
                            "gắn chưa; nếu đây là lần cài đặt đầu tiên, hãy chạy `motcua db upgrade` (hoặc "
                            "`motcua demo`) để tạo.", path=path))
        self.path = path


class DatabaseFolderMissing(DatabaseMissing):
    """Even the folder meant to hold the database is not there (a share not mounted, a typo)."""

    def __init__(self, path: str, folder: str):
        StoreError.__init__(self, tr("Không có thư mục {folder} để chứa cơ sở dữ liệu {path}. Kiểm tra ổ đĩa hoặc "
                                     "thư mục chia sẻ đã được gắn chưa, hoặc địa chỉ trong motcua.toml.",
                                     folder=folder, path=path))
        self.path = path


class DatabaseDamaged(StoreError):
    """The file is empty, a folder, or not a SQLite database any more."""

    def __init__(self, path: str, detail: str = ""):
        super().__init__(tr("Tệp {path} không phải cơ sở dữ liệu motcua hoặc đã hỏng. Không ghi gì vào tệp này; "
                            "hãy khôi phục từ bản sao lưu hoặc chỉ đúng tệp trong motcua.toml.", path=path))
        self.path, self.detail = path, detail


class DatabaseLost(StoreUnavailable):
    """The SQLite file was deleted or replaced under the running station."""

    def __init__(self, path: str):
        StoreError.__init__(self, tr("Tệp cơ sở dữ liệu {path} đã bị xóa hoặc thay thế trong khi đang chạy. Trạm đã "
                                     "dừng để không cấp số vào một tệp đã mất; hãy đặt lại đúng tệp rồi khởi động lại "
                                     "ứng dụng.", path=path))
        self.path, self.detail = path, ""


class WriteFailed(StoreUnavailable):
    """The store can be read but not written: nothing was saved."""

    def __init__(self, message: str, path: str = "", detail: str = ""):
        StoreError.__init__(self, message)
        self.path, self.detail = path, detail


class DiskFull(WriteFailed):
    def __init__(self, path: str = "", detail: str = ""):
        where = path or tr("máy chủ cơ sở dữ liệu")
        super().__init__(tr("Ổ đĩa chứa cơ sở dữ liệu đã đầy ({where}): chưa ghi được gì. Hãy xóa bớt tệp hoặc "
                            "báo kỹ thuật; máy sẽ tự chạy lại khi có chỗ trống.", where=where), path, detail)


class ReadOnlyStorage(WriteFailed):
    def __init__(self, path: str = "", detail: str = ""):
        where = path or tr("máy chủ cơ sở dữ liệu")
        super().__init__(tr("Cơ sở dữ liệu đang ở chế độ chỉ đọc ({where}): chưa ghi được gì. Hãy cho phép ghi tệp "
                            "và thư mục chứa nó, hoặc báo kỹ thuật; máy sẽ tự chạy lại khi ghi được.", where=where),
                         path, detail)


class Cancelled(StoreError):
    """The user stopped a long job (an import, an export); nothing was written."""

    def __init__(self):
        super().__init__(tr("Đã hủy; chưa ghi gì."))


Progress = Callable[[int, int], bool]
"""A long job's report (done, total); returning False asks the job to stop."""


def keep_going(progress: Progress | None, done: int, total: int) -> None:
    """Report progress; raise Cancelled when the user has pressed Cancel."""
    if progress is not None and progress(done, total) is False:
        raise Cancelled()


class SchemaTooNew(StoreError):
    """The database was upgraded by a newer motcua: this one must not write to it."""

    def __init__(self, found: str, known: str):
        super().__init__(tr(
            "Cơ sở dữ liệu đã được nâng cấp lên lược đồ {found}, mới hơn phiên bản motcua trên máy này "
            "(chỉ biết đến {known}). Hãy cài motcua cùng phiên bản với máy chủ trên máy này rồi mở lại; "
            "không mở để tránh ghi sai dữ liệu.", found=found, known=known))
        self.found, self.known = found, known


class StationRefused(PermissionDenied):
    """The office server does not know this station's credential, or it was revoked, or the code is wrong."""

    def __init__(self, message: str = ""):
        StoreError.__init__(self, message or tr("Máy trạm này chưa được cấp quyền hoặc đã bị thu hồi. Hãy nhờ quản "
                                                "lý cấp mã tham gia mới rồi chạy `motcua station join`."))
        self.action = "station"


class SessionEnded(PermissionDenied):
    """The user's sign-in at this station has expired or was ended: sign in again."""

    def __init__(self):
        StoreError.__init__(self, tr("Phiên đăng nhập đã hết hạn hoặc đã kết thúc. Hãy đăng nhập lại."))
        self.action = "session"


class ServerUnreachable(StoreUnavailable):
    """A station cannot reach its office server (network, server stopped, another certificate)."""

    def __init__(self, server: str, detail: str = ""):
        StoreError.__init__(self, tr("Không kết nối được máy chủ văn phòng {server}. Kiểm tra mạng và máy chủ; máy "
                                     "sẽ tự thử lại.", server=server))
        self.detail, self.server = detail, server
