"""Serial scanners through a pty pair, a camera played from a video file of our own receipts."""

from __future__ import annotations

import os
import threading
import time
from datetime import datetime

import numpy as np
import pytest

from core.codes import ScanKind
from devices.printers import ReceiptSlip, TicketSlip, render_receipt, render_ticket
from devices.printers.escpos_parse import parse, render
from devices.scanners import CameraScanner, ScannerUnavailable, SerialScanner

DOSSIER = "000.00.20.H10-200520-0001"


class Collector:
    def __init__(self):
        self.scans = []
        self.changed = threading.Condition()

    def __call__(self, scan):
        with self.changed:
            self.scans.append(scan)
            self.changed.notify_all()

    def wait(self, count: int, timeout: float = 10.0):
        return self.wait_for(lambda scans: len(scans) >= count, timeout)

    def wait_for(self, condition, timeout: float = 10.0):
        with self.changed:
            assert self.changed.wait_for(lambda: condition(self.scans), timeout), self.scans
        return list(self.scans)


def test_serial_scanner_reads_lines_refuses_garbage_and_comes_back(tmp_path):
    link = tmp_path / "scanner"
    master, slave = os.openpty()
    link.symlink_to(os.ttyname(slave))
    scans = Collector()
    scanner = SerialScanner(str(link), 9600, retry_s=0.1)
    scanner.start(scans)
    assert scanner.connected.wait(5)
    os.write(master, f"{DOSSIER}\r\n".encode())
    os.write(master, b"\x1b[31m\x00garbage\r\n")
    os.write(master, b"A023\n")
    got = scans.wait(3)
    assert [(s.kind, s.code) for s in got] == [(ScanKind.DOSSIER, DOSSIER), (ScanKind.INVALID, ""),
                                                (ScanKind.TICKET, "A023")]
    assert got[1].message.startswith("Mã không hợp lệ")

    # the port goes away (unplugged) and comes back under the same name
    os.close(slave)
    os.close(master)
    deadline = time.monotonic() + 5
    while scanner.connected.is_set() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not scanner.connected.is_set()
    master, slave = os.openpty()
    link.unlink()
    link.symlink_to(os.ttyname(slave))
    assert scanner.connected.wait(5)
    os.write(master, b"B007\r")
    assert scans.wait(4)[-1].code == "B007"
    scanner.stop()
    os.close(slave)
    os.close(master)


def test_serial_scanner_survives_10kb_without_a_line_end(tmp_path):
    master, slave = os.openpty()
    scans = Collector()
    scanner = SerialScanner(os.ttyname(slave), retry_s=0.1)
    scanner.start(scans)
    assert scanner.connected.wait(5)
    for _ in range(10):
        os.write(master, b"Z" * 1024)
    os.write(master, b"\rA001\r")
    got = scans.wait_for(lambda s: any(x.code == "A001" for x in s))
    assert got[-1].code == "A001"
    assert all(s.kind is ScanKind.INVALID for s in got[:-1]) and len(got) >= 2
    scanner.stop()
    os.close(slave)
    os.close(master)


def _frame(image, size=(1280, 720)):
    page = np.array(image.convert("L"))
    frame = np.full((size[1], size[0]), 255, np.uint8)
    h, w = min(page.shape[0], size[1]), min(page.shape[1], size[0])
    frame[:h, (size[0] - w) // 2:(size[0] - w) // 2 + w] = page[:h, :w]
    return np.stack([frame] * 3, axis=-1)


def test_camera_reads_a_video_of_printed_receipts_once_each(tmp_path):
    cv2 = pytest.importorskip("cv2")
    receipt = render(parse(render_receipt(ReceiptSlip(
        office_name="UBND quận Thốt Nốt", dossier_code=DOSSIER, procedure_name="Đăng ký khai sinh",
        applicant_name="Nguyễn Văn An", received_at=datetime(2026, 11, 25, 9, 5),
        due_at=datetime(2026, 11, 26, 11, 30)))))
    ticket = render(parse(render_ticket(TicketSlip(
        office_name="UBND", code="C042", service_name="LĐTBXH", issued_at=datetime(2026, 11, 25, 9, 5)))))
    path = tmp_path / "receipts.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (1280, 720))
    for image, count in ((receipt, 15), (None, 5), (ticket, 15)):
        frame = _frame(image) if image is not None else np.full((720, 1280, 3), 255, np.uint8)
        for _ in range(count):
            writer.write(frame)
    writer.release()

    scans = Collector()
    camera = CameraScanner(str(path), repeat_s=60)
    camera.start(scans)
    assert camera.finished.wait(20)
    codes = [(s.kind, s.code) for s in scans.scans]
    assert codes == [(ScanKind.DOSSIER, DOSSIER), (ScanKind.TICKET, "C042")]


def test_a_missing_camera_is_a_clear_error(tmp_path):
    pytest.importorskip("cv2")
    with pytest.raises(ScannerUnavailable) as error:
        CameraScanner(str(tmp_path / "nope.avi")).start(lambda s: None)
    assert "Không mở được máy quét" in str(error.value)
