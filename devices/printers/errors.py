"""Printer failures, each with a sentence the kiosk can show."""

from __future__ import annotations

from core.i18n import tr
from devices.errors import DeviceError


class PrinterError(DeviceError):
    """Base of every printer failure."""


class PrinterConfigError(PrinterError):
    """A printer address that cannot be used; `why` (a sentence with a correct example) is shown when known."""

    def __init__(self, url: str, why: str = ""):
        super().__init__(why or tr("Cấu hình máy in không hợp lệ: {url}", url=url), why)


class PrinterBackendMissing(PrinterError):
    """This computer lacks what the printer URL needs (pyusb + libusb, Windows + pywin32)."""

    def __init__(self, kind: str, need: str):
        super().__init__(tr("Máy này chưa dùng được máy in {kind}: cần {need}.", kind=kind, need=need), need)


class PrinterOffline(PrinterError):
    def __init__(self, detail: str = ""):
        super().__init__(tr("Không kết nối được máy in."), detail)


class PrinterCoverOpen(PrinterError):
    def __init__(self):
        super().__init__(tr("Nắp máy in đang mở."))


class PrinterPaperOut(PrinterError):
    def __init__(self):
        super().__init__(tr("Máy in hết giấy."))


class PrintInterrupted(PrinterError):
    """The connection dropped mid-job: the paper may be half printed; offer a reprint."""

    def __init__(self, sent: int, total: int, detail: str = ""):
        super().__init__(tr("In bị gián đoạn ({sent}/{total} byte). Hãy in lại.", sent=sent, total=total), detail)
        self.sent, self.total = sent, total
