"""The one reader of printer addresses (địa chỉ máy in), for the manager's check and the printer itself.

    tcp://192.168.1.50:9100          network printer (raw port 9100)
    serial:///dev/ttyUSB0?baudrate=115200
    usb://04b8:0e15                  USB vendor:product (hex)
    file:///dev/usb/lp0              a device file (Linux usblp); also /dev/lp*, /dev/tty*
                                     or a file inside the office's printer folder (`printer_folder`)
    win32://EPSON TM-T82             the Windows spooler
    preview:///var/lib/motcua/tickets  PNG images of what would be printed

`parse_printer_url(url)` returns where to send the bytes or raises
`PrinterUrlError`, whose `str()` is a sentence with a correct example; the
admin app (no devices package) and `devices.printers` both call it, so they
never disagree on what a good address is.

A `file://` address writes bytes to a file, so it may only name a printer's
device file or a file inside the folder the office names for printing
(`printer_folder`); symlinks are followed first and the address is refused
when the real file lies elsewhere (`file:///etc/passwd` never gets a ticket).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import ParseResult, parse_qs, unquote, urlparse

from core.i18n import tr

SCHEMES = ("tcp", "serial", "file", "usb", "win32", "preview")
EXAMPLES = {
    "tcp": "tcp://192.168.1.50:9100", "serial": "serial:///dev/ttyUSB0?baudrate=115200",
    "usb": "usb://04b8:0e15", "file": "file:///dev/usb/lp0", "win32": "win32://EPSON TM-T82",
    "preview": "preview:///var/lib/motcua/tickets",
}
_USB = re.compile(r"([0-9a-fA-F]{1,4}):([0-9a-fA-F]{1,4})")
# the device files a thermal printer appears as (usblp, parallel port, serial and USB-serial)
_DEVICE_FILE = re.compile(r"/dev/(usb/lp\d+|lp\d+|tty[A-Za-z0-9]+)")


class PrinterUrlError(ValueError):
    """A printer address that cannot be used; `str()` says why, in the user's language."""


@dataclass(frozen=True)
class PrinterAddress:
    """Where a printer's bytes go, read once from its URL."""

    kind: str  # one of SCHEMES
    url: str
    host: str = ""  # tcp
    port: int = 9100  # tcp
    path: str = ""  # serial, file: the device; preview: the folder; win32: the printer's name
    baudrate: int = 9600  # serial
    vendor: int = 0  # usb
    product: int = 0  # usb


def parse_printer_url(url: str, folder: str = "") -> PrinterAddress:
    """`url` read into a PrinterAddress; raises PrinterUrlError (bad scheme or shape, or a `file://` outside
    the printer's device files and `folder`, the office's printer folder)."""
    try:
        parsed = urlparse(url)
    except ValueError:  # "tcp://[::1:9100": urllib refuses an unclosed IPv6 bracket
        parsed = None
    scheme = parsed.scheme if parsed else url.split("://", 1)[0]
    if scheme not in SCHEMES:
        raise PrinterUrlError(tr("Địa chỉ máy in {url} không dùng được: phải bắt đầu bằng {schemes}.",
                                 url=url, schemes=", ".join(f"{s}://" for s in SCHEMES)))
    address = _read(scheme, url, parsed) if parsed else None
    if address is None:
        raise PrinterUrlError(tr("Địa chỉ máy in {url} sai dạng, ví dụ đúng: {example}",
                                 url=url, example=EXAMPLES[scheme]))
    if address.kind == "file":
        return PrinterAddress("file", url, path=_printer_file(url, address.path, folder))
    return address


def _printer_file(url: str, path: str, folder: str) -> str:
    """The real path behind a `file://` address (symlinks followed), if it is a printer's device file or
    lies inside `folder`; else PrinterUrlError."""
    real = os.path.realpath(path)
    if _DEVICE_FILE.fullmatch(real):
        return real
    if folder:
        base = os.path.realpath(folder)
        if os.path.isabs(folder) and base != os.sep and os.path.commonpath([base, real]) == base and real != base:
            return real
    raise PrinterUrlError(tr("Địa chỉ máy in {url} không dùng được: file:// chỉ được ghi vào thiết bị máy in "
                             "(/dev/usb/lp…, /dev/lp…, /dev/tty…) hoặc vào thư mục máy in của cơ quan "
                             "(printer_folder: {folder}).", url=url, folder=folder or tr("chưa đặt")))


def _read(kind: str, url: str, parsed: ParseResult) -> PrinterAddress | None:
    """The address, or None when the URL's shape does not fit its scheme."""
    if kind == "tcp":
        try:
            port = parsed.port  # urllib checks the port only when it is read
        except ValueError:  # "tcp://host:abc", "tcp://host:99999"
            return None
        host = parsed.hostname or ""
        return PrinterAddress(kind, url, host=host, port=port or 9100) if host else None
    if kind in ("serial", "file"):
        path = unquote(parsed.path)
        baudrate = _query_int(parsed.query, "baudrate", 9600) if kind == "serial" else 9600
        if not path or not baudrate:
            return None
        return PrinterAddress(kind, url, path=path, baudrate=baudrate)
    if kind == "usb":
        match = _USB.fullmatch(parsed.netloc)
        if not match:
            return None
        return PrinterAddress(kind, url, vendor=int(match[1], 16), product=int(match[2], 16))
    path = unquote(parsed.netloc + parsed.path)  # win32, preview
    return PrinterAddress(kind, url, path=path) if path else None


def _query_int(query: str, name: str, default: int) -> int | None:
    """An integer option of the URL (``?baudrate=115200``); None if it is not a positive number."""
    values = parse_qs(query).get(name)
    if not values:
        return default
    return int(values[-1]) if values[-1].isdigit() and int(values[-1]) > 0 else None
