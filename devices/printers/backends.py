"""Where the bytes go, from one URL: usb://, serial://, tcp://, file://, win32://, preview://.

    tcp://192.168.1.50:9100          network printer (raw port 9100)
    serial:///dev/ttyUSB0?baudrate=115200
    usb://04b8:0e15                  USB vendor:product (python-escpos, pyusb)
    file:///dev/usb/lp0              a device file (Linux usblp)
    win32://EPSON TM-T82             the Windows spooler (python-escpos Win32Raw)
    preview:///var/lib/motcua/tickets  PNG images of what would be printed
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from core.i18n import N_, tr
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


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer says about itself (DLE EOT), where the backend can ask."""

    online: bool | None  # None: this backend cannot tell
    cover_open: bool | None = None
    paper: PaperState = PaperState.unknown

    @property
    def can_print(self) -> bool:
        return self.online is not False and not self.cover_open and self.paper is not PaperState.out

    def describe(self) -> str:
        if self.online is False:
            return tr("Máy in không sẵn sàng.")
        if self.cover_open:
            return tr("Nắp máy in đang mở.")
        return tr(_PAPER_TEXT[self.paper])


_PAPER_TEXT = {
    PaperState.ok: N_("Máy in sẵn sàng, đủ giấy."),
    PaperState.near_end: N_("Máy in sắp hết giấy."),
    PaperState.out: N_("Máy in hết giấy."),
    PaperState.unknown: N_("Đã gửi được dữ liệu; máy in này không báo trạng thái."),
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
            self.file = open(path, "ab", buffering=0)  # noqa: SIM115 - closed in close()
        except OSError as error:
            raise PrinterOffline(str(error)) from error

    def send(self, data: bytes) -> None:
        self.file.write(data)

    def close(self) -> None:
        self.file.close()


class EscposConnection(Connection):
    """python-escpos's own USB and Windows-spooler printers."""

    def __init__(self, printer):
        self.printer = printer
        try:
            printer.open()
        except Exception as error:  # noqa: BLE001 - python-escpos raises its own and OS errors
            raise PrinterOffline(str(error)) from error

    def send(self, data: bytes) -> None:
        self.printer._raw(data)

    def close(self) -> None:
        self.printer.close()


class PreviewConnection(Connection):
    """No printer: each job becomes a PNG of what the paper would show."""

    def __init__(self, folder: Path, width_dots: int):
        self.folder, self.width = folder, width_dots
        self.folder.mkdir(parents=True, exist_ok=True)
        self.last_path: Path | None = None
        self._job = bytearray()

    def send(self, data: bytes) -> None:
        self._job += data

    def close(self) -> None:
        from devices.printers.escpos_parse import parse, render

        if self._job:
            self.last_path = self.folder / f"{datetime.now():%Y%m%d-%H%M%S-%f}.png"
            render(parse(bytes(self._job)), self.width).save(self.last_path)
            self._job.clear()


@dataclass(frozen=True)
class Target:
    kind: str
    url: str

    def connect(self, timeout: float, width_dots: int) -> Connection:
        parsed = urlparse(self.url)
        query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        if self.kind == "tcp":
            return TcpConnection(parsed.hostname, parsed.port or 9100, timeout)
        if self.kind == "serial":
            return SerialConnection(unquote(parsed.path), int(query.get("baudrate", 9600)), timeout)
        if self.kind == "file":
            return FileConnection(unquote(parsed.path))
        if self.kind == "preview":
            return PreviewConnection(Path(unquote(parsed.netloc + parsed.path)), width_dots)
        if self.kind == "usb":
            try:
                from escpos.printer import Usb

                vendor, product = parsed.netloc.split(":")
                return EscposConnection(Usb(int(vendor, 16), int(product, 16), timeout=int(timeout * 1000)))
            except (ImportError, ValueError) as error:
                raise PrinterBackendMissing("USB", str(error)) from error
        if self.kind == "win32":
            try:
                from escpos.printer import Win32Raw

                return EscposConnection(Win32Raw(unquote(parsed.netloc + parsed.path)))
            except (ImportError, AttributeError) as error:
                raise PrinterBackendMissing("Windows", str(error)) from error
        raise PrinterConfigError(self.url)


SCHEMES = ("tcp", "serial", "file", "usb", "win32", "preview")


def parse_target(url: str) -> Target:
    """Check a printer URL; raises PrinterConfigError with a readable message."""
    scheme = urlparse(url).scheme
    if scheme not in SCHEMES:
        raise PrinterConfigError(url, f"scheme must be one of {SCHEMES}")
    parsed = urlparse(url)
    if scheme == "tcp" and not parsed.hostname:
        raise PrinterConfigError(url, "tcp://HOST:PORT")
    if scheme in ("serial", "file") and not parsed.path:
        raise PrinterConfigError(url, f"{scheme}:///dev/…")
    if scheme == "usb" and parsed.netloc.count(":") != 1:
        raise PrinterConfigError(url, "usb://VENDOR:PRODUCT (hex)")
    return Target(scheme, url)


def send_job(connection: Connection, data: bytes) -> None:
    """Send `data` in chunks; a drop mid-job is PrintInterrupted (the kiosk offers a reprint)."""
    sent = 0
    try:
        for start in range(0, len(data), CHUNK):
            connection.send(data[start:start + CHUNK])
            sent = min(len(data), start + CHUNK)
        if connection.can_ask:
            # a real-time status request after the job: the printer has taken every byte
            # before it answers, and a closed connection shows here at the latest
            connection.ask(DLE_EOT + b"\x01", 2.0)
    except (OSError, ConnectionError) as error:
        raise PrintInterrupted(sent, len(data), str(error)) from error
    except Exception as error:  # noqa: BLE001 - serial and USB libraries raise their own
        if isinstance(error, PrinterError):
            raise
        raise PrintInterrupted(sent, len(data), str(error)) from error


def read_status(connection: Connection, timeout: float = 1.0) -> PrinterStatus:
    if not connection.can_ask:
        return PrinterStatus(online=None)
    try:
        replies = [connection.ask(DLE_EOT + bytes([n]), timeout) for n in (1, 2, 4)]
    except (OSError, ConnectionError) as error:
        raise PrinterOffline(str(error)) from error
    if all(r is None for r in replies):
        return PrinterStatus(online=None)
    return decode_status(*replies)


def raise_for(status: PrinterStatus) -> None:
    """The typed error for a status that cannot print."""
    if status.online is False and not status.cover_open and status.paper is not PaperState.out:
        raise PrinterOffline()
    if status.cover_open:
        raise PrinterCoverOpen()
    if status.paper is PaperState.out:
        raise PrinterPaperOut()


__all__ = ["PrinterStatus", "PaperState", "parse_target", "send_job", "read_status", "raise_for", "time"]
