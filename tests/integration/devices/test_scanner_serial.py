"""A serial scanner through a pty pair: lines, garbage, the port unplugged and back, a clean stop."""

from __future__ import annotations

import os
import threading

import pytest

from core.codes import ScanKind
from core.settings import ScannerSettings
from devices.scanners import SerialScanner, open_scanner
from scanner_tools import Collector
from wait_tools import wait_until

DOSSIER = "000.00.20.H10-200520-0001"


@pytest.fixture
def pty_port(tmp_path):
    """A serial port name we control: a symlink to the slave side of a fresh pty."""
    link = tmp_path / "ttyScanner"
    ends = []

    def plug():
        master, slave = os.openpty()
        ends.extend([master, slave])
        if link.is_symlink():
            link.unlink()
        link.symlink_to(os.ttyname(slave))
        return master, slave

    def unplug(master, slave):
        os.close(slave)
        os.close(master)
        ends.remove(master), ends.remove(slave)
        link.unlink()

    yield link, plug, unplug
    for fd in ends:
        os.close(fd)


def test_codes_are_read_validated_and_garbage_refused(pty_port):
    link, plug, _ = pty_port
    master, _ = plug()
    scans = Collector()
    scanner = open_scanner(ScannerSettings(kind="serial", serial_url=f"serial://{link}?baudrate=115200"))
    assert isinstance(scanner, SerialScanner) and scanner.baudrate == 115200
    scanner.start(scans)
    try:
        assert scanner.connected.wait(5)
        os.write(master, f"{DOSSIER}\r\n".encode())
        os.write(master, b"\x1b[31m\x00garbage\r\n")
        os.write(master, b"a023\n")
        os.write(master, b"\xff\xfe\r")
        got = scans.wait(4)
    finally:
        scanner.stop()
    assert [(s.kind, s.code) for s in got] == [(ScanKind.DOSSIER, DOSSIER), (ScanKind.INVALID, ""),
                                                (ScanKind.TICKET, "A023"), (ScanKind.INVALID, "")]
    assert got[1].message == "Mã không hợp lệ"


def test_10kb_without_a_line_end_is_one_invalid_scan(pty_port):
    _, plug, _ = pty_port
    master, slave = plug()
    scans = Collector()
    scanner = SerialScanner(os.ttyname(slave), retry_s=0.1)
    scanner.start(scans)
    try:
        assert scanner.connected.wait(5)
        for _ in range(10):
            os.write(master, b"Z" * 1024)
        os.write(master, b"\rA001\r")
        got = scans.wait_for(lambda s: any(x.code == "A001" for x in s))
    finally:
        scanner.stop()
    assert [s.kind for s in got] == [ScanKind.INVALID, ScanKind.TICKET]


def test_the_port_goes_away_and_comes_back(pty_port):
    link, plug, unplug = pty_port
    master, slave = plug()
    scans = Collector()
    scanner = SerialScanner(str(link), retry_s=0.1)
    scanner.start(scans)
    try:
        assert scanner.connected.wait(5)
        os.write(master, b"B006\r")
        scans.wait(1)
        unplug(master, slave)  # the cable is pulled
        assert wait_until(lambda: not scanner.connected.is_set())
        master, slave = plug()  # and plugged back in under the same name
        assert scanner.connected.wait(5)
        os.write(master, b"B007\r")
        got = scans.wait(2)
    finally:
        scanner.stop()
    assert [s.code for s in got] == ["B006", "B007"]


def test_a_port_missing_at_start_is_waited_for(pty_port):
    link, plug, _ = pty_port
    scans = Collector()
    scanner = SerialScanner(str(link), retry_s=0.05)
    scanner.start(scans)  # nothing there yet: no error, it keeps trying
    try:
        assert not scanner.connected.wait(0.2)
        master, _ = plug()
        assert scanner.connected.wait(5)
        os.write(master, b"C042\n")
        assert scans.wait(1)[0].code == "C042"
    finally:
        scanner.stop()


def test_stop_ends_the_thread_and_closes_the_port(pty_port):
    _, plug, _ = pty_port
    master, slave = plug()
    scans = Collector()
    scanner = SerialScanner(os.ttyname(slave), retry_s=0.05)
    scanner.start(scans)
    assert scanner.connected.wait(5)
    scanner.stop()
    assert "serial-scanner" not in {t.name for t in threading.enumerate()}
    assert not scanner.connected.is_set()
    os.write(master, b"A001\r")
    with scans.changed:  # nothing reads the port any more
        assert not scans.changed.wait_for(lambda: scans.scans, 0.3)


def test_a_can_cuoc_qr_longer_than_any_code_arrives_whole(pty_port):
    _, plug, _ = pty_port
    master, slave = plug()
    card = ("001190004567|013579246|Phạm Thị Hoa|09111985|Nữ|Số 5 ngõ 12 phố Lò Đúc, Phường Phạm Đình Hổ, "
            "Quận Hai Bà Trưng, Thành phố Hà Nội|20062021")
    assert len(card.encode("utf-8")) > 129  # longer than a ticket or dossier code may be
    scans = Collector()
    scanner = SerialScanner(os.ttyname(slave), retry_s=0.1)
    scanner.start(scans)
    try:
        assert scanner.connected.wait(5)
        os.write(master, card.encode("utf-8") + b"\r\n")
        got = scans.wait(1)
    finally:
        scanner.stop()
    assert got[0].kind is ScanKind.CCCD and got[0].card.address.endswith("Thành phố Hà Nội")
