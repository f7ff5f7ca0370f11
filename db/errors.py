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


class NotFound(StoreError):
    pass


class InvalidState(StoreError):
    """The operation does not fit the thing's current state (e.g. ticket not waiting)."""


class InvalidInput(StoreError):
    pass


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
