"""A video file of dossier receipts played as the camera: each code reported once, garbage refused."""

from __future__ import annotations

import threading

import pytest

from core.codes import ScanKind
from core.settings import ScannerSettings
from devices.scanners import CameraScanner, ScannerUnavailable, decode_frame, open_scanner
from scanner_tools import Collector, blank_frame, receipt_frame

cv2 = pytest.importorskip("cv2")

DOSSIER = "000.00.20.H10-200520-0001"
FPS = 10


def write_video(path, scenes) -> str:
    """`scenes`: (frame, seconds) pairs, written at FPS frames a second as MJPG/AVI."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), FPS, (1280, 720))
    assert writer.isOpened()
    for frame, seconds in scenes:
        for _ in range(int(seconds * FPS)):
            writer.write(frame)
    writer.release()
    return str(path)


@pytest.fixture(scope="module")
def receipt():
    return receipt_frame(DOSSIER)


def test_the_receipt_frame_holds_both_codes(receipt):
    assert decode_frame(receipt) == [DOSSIER]  # Code 128 and QR say the same: reported once


def test_a_receipt_held_up_twice_within_the_window_is_one_scan(tmp_path, receipt):
    video = write_video(tmp_path / "counter.avi", [
        (receipt, 1.5), (blank_frame(), 1.0), (receipt, 1.0), (blank_frame(), 0.5),
        (receipt_frame("C042", qr_text="C042"), 1.0),
    ])
    scans = Collector()
    camera = open_scanner(ScannerSettings(kind="camera", camera=video), camera_repeat_s=5)
    camera.start(scans)
    assert camera.finished.wait(30)
    assert [(s.kind, s.code) for s in scans.scans] == [(ScanKind.DOSSIER, DOSSIER), (ScanKind.TICKET, "C042")]


def test_after_the_window_the_same_receipt_counts_again(tmp_path, receipt):
    video = write_video(tmp_path / "again.avi", [(receipt, 1.0), (blank_frame(), 1.5), (receipt, 1.0)])
    scans = Collector()
    camera = CameraScanner(video, repeat_s=0.5)  # the window runs on the video's own clock
    camera.start(scans)
    assert camera.finished.wait(30)
    assert [s.code for s in scans.scans] == [DOSSIER, DOSSIER]


def test_garbage_codes_are_invalid_scans_without_an_exception(tmp_path):
    video = write_video(tmp_path / "garbage.avi", [
        (receipt_frame("GARBAGE-1", qr_text="\x1b[31m\x00\x07 not a code"), 1.0),
        (blank_frame(), 0.5),
        (receipt_frame("GARBAGE-2", qr_text="#" * 2000), 1.0),
    ])
    scans = Collector()
    camera = CameraScanner(video, repeat_s=60)
    camera.start(scans)
    assert camera.finished.wait(30)
    assert scans.scans and all(s.kind is ScanKind.INVALID for s in scans.scans)
    assert all(s.message.startswith("Mã không hợp lệ") for s in scans.scans)


def test_stop_releases_a_looping_source(tmp_path, receipt):
    video = write_video(tmp_path / "loop.avi", [(receipt, 0.5), (blank_frame(), 0.5)])
    scans = Collector()
    camera = CameraScanner(video, repeat_s=60, loop=True)
    camera.start(scans)
    scans.wait(1)
    camera.stop()
    assert camera.finished.is_set() and "camera" not in {t.name for t in threading.enumerate()}
    camera.start(scans)  # the file (or device) is free to open again
    camera.stop()


def test_a_missing_camera_is_a_clear_translated_error(tmp_path):
    with pytest.raises(ScannerUnavailable) as error:
        CameraScanner(str(tmp_path / "nope.avi")).start(lambda s: None)
    assert str(error.value) == f"Không mở được camera {tmp_path / 'nope.avi'}."


def card_frame(text: str, size=(1280, 720)):
    """A căn cước held up to the camera: its QR (UTF-8, as on the card) on a white frame."""
    import numpy as np
    import qrcode
    from PIL import Image

    page = Image.new("L", size, 255)
    qr = qrcode.make(text.encode("utf-8"), box_size=4, border=4).get_image().convert("L")
    page.paste(qr, ((size[0] - qr.width) // 2, (size[1] - qr.height) // 2))
    return np.stack([np.array(page)] * 3, axis=-1)


def test_a_can_cuoc_held_up_to_the_camera_is_read_as_the_card(tmp_path):
    card = "001190004567||Phạm Thị Hoa|09111985|Nữ|Số 5 phố Lò Đúc, Phường Phạm Đình Hổ, Hà Nội|20062021"
    video = write_video(tmp_path / "card.avi", [(card_frame(card), 1.0)])
    scans = Collector()
    camera = CameraScanner(video, repeat_s=60)
    camera.start(scans)
    assert camera.finished.wait(30)
    assert [s.kind for s in scans.scans] == [ScanKind.CCCD]
    got = scans.scans[0].card
    assert (got.id_number, got.full_name, got.address) == ("001190004567", "Phạm Thị Hoa",
                                                            "Số 5 phố Lò Đúc, Phường Phạm Đình Hổ, Hà Nội")
