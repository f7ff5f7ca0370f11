"""Where the bytes go, from one URL: usb://, serial://, tcp://, file://, win32://, preview://.

    tcp://192.168.1.50:9100          network printer (raw port 9100)
    serial:///dev/ttyUSB0?baudrate=115200
    usb://04b8:0e15                  USB vendor:product (python-escpos, pyusb)
    file:///dev/usb/lp0              a device file (Linux usblp)
    win32://EPSON TM-T82             the Windows spooler (python-escpos Win32Raw)
    preview:///var/lib/motcua/tickets  PNG images of what would be printed
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path

from core.clock import system_now
from core.i18n import N_, tr
from core.printer_url import PrinterAddress, PrinterUrlError, parse_printer_url
from devices.printers.errors import (
    PrintInterrupted,
    PrinterBackendMissing,
    PrinterConfigError,
    PrinterCoverOpen,
    PrinterError,
    PrinterOffline,
    PrinterPaperOut,
)

CHUNK = 1024
DLE_EOT = b"\x10\x04"


class PaperState(str, Enum):
    ok = "ok"
    near_end = "near_end"
    out = "out"
    unknown = "unknown"


class PrinterState(str, Enum):
    """The one word the kiosk and the manager's screen show for a printer."""

    online = "online"
    offline = "offline"
    cover_open = "cover_open"
    paper_out = "paper_out"
    paper_near_end = "paper_near_end"
    unknown = "unknown"


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer says about itself (DLE EOT), where the backend can ask."""

    online: bool | None  # None: this backend cannot tell
    cover_open: bool | None = None
    paper: PaperState = PaperState.unknown

    @property
    def can_print(self) -> bool:
        return self.online is not False and not self.cover_open and self.paper is not PaperState.out

    @property
    def state(self) -> PrinterState:
        """The most urgent thing to tell: cover, paper, then on/off line."""
        if self.cover_open:
            return PrinterState.cover_open
        if self.paper is PaperState.out:
            return PrinterState.paper_out
        if self.online is False:
            return PrinterState.offline
        if self.paper is PaperState.near_end:
            return PrinterState.paper_near_end
        if self.online is None:
            return PrinterState.unknown
        return PrinterState.online

    def describe(self) -> str:
        """One Vietnamese sentence for the state."""
        return tr(_STATE_TEXT[self.state])


_STATE_TEXT = {
    PrinterState.online: N_("Máy in sẵn sàng, đủ giấy."),
    PrinterState.offline: N_("Máy in không sẵn sàng."),
    PrinterState.cover_open: N_("Nắp máy in đang mở."),
    PrinterState.paper_out: N_("Máy in hết giấy."),
    PrinterState.paper_near_end: N_("Máy in sắp hết giấy."),
    PrinterState.unknown: N_("Đã gửi được dữ liệu; máy in này không báo trạng thái."),
}


def decode_status(online_byte: int | None, offline_byte: int | None, paper_byte: int | None) -> PrinterStatus:
    """DLE EOT 1 (printer), 2 (offline cause), 4 (roll paper sensor) replies, Epson bit layout."""
    online = None if online_byte is None else not online_byte & 0x08
    cover = None if offline_byte is None else bool(offline_byte & 0x04)
    paper = PaperState.unknown
    if paper_byte is not None:
        paper = PaperState.out if paper_byte & 0x60 else PaperState.near_end if paper_byte & 0x0C else PaperState.ok
    if offline_byte is not None and offline_byte & 0x20:
        paper = PaperState.out
    return PrinterStatus(online, cover, paper)


class Connection:
    """A byte pipe to a printer; `ask` sends a real-time status request and reads one byte."""

    can_ask = False
    label = ""  # what the job is ("ticket-A023"); names the preview file
    at: datetime | None = None  # when, in the office's time (the store's clock); names the preview file

    def send(self, data: bytes) -> None:
        raise NotImplementedError

    def ask(self, request: bytes, timeout: float) -> int | None:
        return None

    def close(self) -> None:
        pass


class TcpConnection(Connection):
    can_ask = True

    def __init__(self, host: str, port: int, timeout: float):
        try:
            self.sock = socket.create_connection((host, port), timeout=timeout)
        except OSError as error:
            raise PrinterOffline(str(error)) from error
        self.sock.settimeout(timeout)

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def ask(self, request: bytes, timeout: float) -> int | None:
        self.sock.sendall(request)
        self.sock.settimeout(timeout)
        try:
            reply = self.sock.recv(1)
        except socket.timeout:
            return None
        if not reply:
            raise ConnectionResetError("printer closed the connection")
        return reply[0]

    def close(self) -> None:
        self.sock.close()


class SerialConnection(Connection):
    can_ask = True

    def __init__(self, port: str, baudrate: int, timeout: float):
        import serial

        try:
            self.port = serial.Serial(port, baudrate=baudrate, timeout=timeout, write_timeout=timeout)
        except (serial.SerialException, OSError) as error:
            raise PrinterOffline(str(error)) from error

    def send(self, data: bytes) -> None:
        self.port.write(data)
        self.port.flush()

    def ask(self, request: bytes, timeout: float) -> int | None:
        self.port.reset_input_buffer()
        self.port.write(request)
        self.port.timeout = timeout
        reply = self.port.read(1)
        return reply[0] if reply else None

    def close(self) -> None:
        self.port.close()


class FileConnection(Connection):
    def __init__(self, path: str):
        try:
            # the checked real path; O_NOFOLLOW: a symlink put there since the check is refused, not followed
            handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
            self.file = os.fdopen(handle, "ab", buffering=0)  # noqa: SIM115 - closed in close()
        except OSError as error:
            raise PrinterOffline(str(error)) from error

    def send(self, data: bytes) -> None:
        self.file.write(data)

    def close(self) -> None:
        self.file.close()


class EscposConnection(Connection):
    """python-escpos's own USB and Windows-spooler printers."""

    def __init__(self, printer, can_ask: bool):
        self.printer, self.can_ask = printer, can_ask
        try:
            printer.open()
        except Exception as error:  # noqa: BLE001 - python-escpos raises its own and OS errors
            if type(error).__name__ == "NoBackendError":  # pyusb without the system's libusb
                raise PrinterBackendMissing("USB", "libusb-1.0") from error
            raise PrinterOffline(str(error)) from error

    def send(self, data: bytes) -> None:
        self.printer._raw(data)

    def ask(self, request: bytes, timeout: float) -> int | None:
        self.printer._raw(request)
        try:
            reply = self.printer._read()  # USB: the IN endpoint, within the device timeout
        except Exception:  # noqa: BLE001 - pyusb's timeout is its own exception class
            return None
        return reply[0] if reply else None

    def close(self) -> None:
        self.printer.close()


def _escpos_printer(kind: str, make):
    """A python-escpos printer class, or PrinterBackendMissing if its library is absent here."""
    import escpos.printer

    cls = getattr(escpos.printer, kind, None)
    if cls is None or not cls.is_usable():
        need = {"Usb": "pyusb + libusb", "Win32Raw": "Windows + pywin32"}[kind]
        raise PrinterBackendMissing({"Usb": "USB", "Win32Raw": "win32"}[kind], need)
    try:
        return make(cls)
    except (ValueError, TypeError) as error:
        raise PrinterConfigError(kind, str(error)) from error


class PreviewConnection(Connection):
    """No printer: each job becomes a PNG of what the paper would show."""

    def __init__(self, folder: Path, width_dots: int):
        self.folder, self.width = folder, width_dots
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise PrinterOffline(str(error)) from error
        self.last_path: Path | None = None
        self._job = bytearray()

    def send(self, data: bytes) -> None:
        self._job += data

    def close(self) -> None:
        from devices.printers.escpos_parse import paper_image

        if self._job:
            at = self.at or system_now()  # office time from the store's clock; the system's only without one
            name = f"{at:%Y%m%d-%H%M%S-%f}{'-' + self.label if self.label else ''}.png"
            try:
                paper_image(bytes(self._job), self.width).save(self.folder / name)
            except OSError as error:
                raise PrinterOffline(str(error)) from error
            self.last_path = self.folder / name
            self._job.clear()


@dataclass(frozen=True)
class Target:
    """A checked printer address (core.printer_url) that can open a connection."""

    address: PrinterAddress

    @property
    def kind(self) -> str:
        return self.address.kind

    @property
    def url(self) -> str:
        return self.address.url

    def connect(self, timeout: float, width_dots: int) -> Connection:
        a = self.address
        if a.kind == "tcp":
            return TcpConnection(a.host, a.port, timeout)
        if a.kind == "serial":
            return SerialConnection(a.path, a.baudrate, timeout)
        if a.kind == "file":
            return FileConnection(a.path)
        if a.kind == "preview":
            return PreviewConnection(Path(a.path), width_dots)
        if a.kind == "usb":
            usb = _escpos_printer("Usb", lambda cls: cls(a.vendor, a.product, timeout=int(timeout * 1000)))
            return EscposConnection(usb, can_ask=True)
        if a.kind == "win32":
            return EscposConnection(_escpos_printer("Win32Raw", lambda cls: cls(a.path)), can_ask=False)
        raise PrinterConfigError(a.url)


def parse_target(url: str, folder: str = "") -> Target:
    """Check a printer URL (`folder`: the office's printer folder); raises PrinterConfigError with a readable
    message."""
    try:
        return Target(parse_printer_url(url, folder))
    except PrinterUrlError as error:
        raise PrinterConfigError(url, str(error)) from None


def send_job(connection: Connection, data: bytes, *, verify: bool) -> None:
    """Send `data` in chunks; a drop mid-job is PrintInterrupted (the kiosk offers a reprint).

    With `verify` (the printer answered before the job), a real-time status
    request follows the data: a closed connection shows there at the latest,
    and a printer that stopped for paper or cover during the job says so.
    """
    sent = 0
    try:
        for start in range(0, len(data), CHUNK):
            connection.send(data[start:start + CHUNK])
            sent = min(len(data), start + CHUNK)
        after = connection.ask(DLE_EOT + b"\x02", 2.0) if verify else None
    except PrinterError:
        raise
    except Exception as error:  # noqa: BLE001 - socket, serial and USB libraries raise their own
        raise PrintInterrupted(sent, len(data), str(error)) from error
    if after is not None and after & 0x64:  # cover open, stopped by paper end, or an error
        raise PrintInterrupted(sent, len(data), f"DLE EOT 2 = {after:#04x}")


def read_status(connection: Connection, timeout: float = 1.0) -> PrinterStatus:
    """Ask DLE EOT 1, 2 and 4; a printer that does not answer the first is not asked again."""
    if not connection.can_ask:
        return PrinterStatus(online=None)
    replies: list[int | None] = []
    try:
        for n in (1, 2, 4):
            replies.append(connection.ask(DLE_EOT + bytes([n]), timeout))
            if replies[0] is None:
                return PrinterStatus(online=None)
    except PrinterError:
        raise
    except Exception as error:  # noqa: BLE001 - socket, serial and USB libraries raise their own
        raise PrinterOffline(str(error)) from error
    return decode_status(*replies)


def raise_for(status: PrinterStatus) -> None:
    """The typed error for a status that cannot print."""
    if status.cover_open:
        raise PrinterCoverOpen()
    if status.paper is PaperState.out:
        raise PrinterPaperOut()
    if status.online is False:
        raise PrinterOffline()


__all__ = ["PrinterStatus", "PrinterState", "PaperState", "Connection", "parse_target", "send_job", "read_status",
           "raise_for"]
