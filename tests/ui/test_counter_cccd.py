"""The căn cước QR at the counter's intake: any scanner kind fills the applicant; a bad card changes nothing."""

from __future__ import annotations

import os
from datetime import date

from PySide6.QtWidgets import QApplication

from counter.paperwork import Paperwork
from counter.qt_counter import QtCounterWindow
from kiosk_tools import scanner_burst
from test_counter import KET_HON, make_counter, sign_in  # noqa: F401 - make_counter is a fixture

ADDRESS = "Số 5 ngõ 12 phố Lò Đúc, Phường Phạm Đình Hổ, Quận Hai Bà Trưng, Hà Nội"
CARD = f"001190004567|013579246|Phạm Thị Hoa|09111985|Nữ|{ADDRESS}|20062021"


def scan(window, text: str) -> None:
    """A keyboard-wedge scanner typing Unicode and Enter, each key stamped as a real scanner's keys are."""
    scanner_burst(QApplication.focusWidget() or window, text)


def _applicant(window) -> dict:
    return {k: w.text() for k, w in window.desk.intake.fields.items()}


def test_a_wedge_scan_of_the_card_fills_the_applicant_and_the_dossier_keeps_it(make_counter, qtbot,
                                                                                 sqlite_demo_store):
    window = make_counter(3)
    window.serving.call_code.setFocus()  # the clerk is somewhere else: the scan goes to the intake
    scan(window, CARD)
    intake = window.desk.intake
    qtbot.waitUntil(lambda: _applicant(window)["applicant_name"] == "Phạm Thị Hoa", timeout=3000)
    assert window.tabs.currentWidget() is intake and window.serving.call_code.text() == ""
    assert _applicant(window) | {} == {"applicant_name": "Phạm Thị Hoa", "applicant_id_number": "001190004567",
                                       "applicant_birth_date": "09/11/1985", "phone": "", "email": "",
                                       "address": ADDRESS}
    assert "001190004567" not in intake.result.text() and "*********567" in intake.result.text()
    intake.search.setText("dang ky ket hon")
    qtbot.waitUntil(lambda: intake.results.count() == 1, timeout=3000)
    intake.results.setCurrentRow(0)
    qtbot.waitUntil(lambda: intake.procedure is not None and intake.procedure.code == KET_HON, timeout=3000)
    intake.save.click()
    qtbot.waitUntil(lambda: "Đã lưu hồ sơ" in intake.result.text(), timeout=5000)
    clerk = sqlite_demo_store.login("mai", "mai12345")
    code = intake.result.text().split()[4].rstrip(".")
    d = clerk.dossiers.dossier(code)
    assert (d.applicant_name, d.applicant_id_number, d.applicant_birth_date, d.address) == (
        "Phạm Thị Hoa", "001190004567", date(1985, 11, 9), ADDRESS)


def test_a_malformed_card_is_told_and_fills_nothing(make_counter, qtbot):
    window = make_counter(3)
    scan(window, CARD.replace("09111985", "31021985"))
    qtbot.waitUntil(lambda: "ngày sinh không hợp lệ" in window.toast.text(), timeout=3000)
    assert set(_applicant(window).values()) == {""}


def test_a_serial_scanner_on_a_pty_fills_the_applicant(qtbot, sqlite_demo_store, settings_for, tmp_path):
    master, slave = os.openpty()
    try:
        settings = settings_for(sqlite_demo_store)
        settings.scanner.kind = "serial"
        settings.scanner.serial_url = os.ttyname(slave)
        window = QtCounterWindow(settings, sqlite_demo_store, paperwork=Paperwork(tmp_path / "forms"),
                                 open_pdfs=False)
        qtbot.addWidget(window)
        window.show()
        sign_in(qtbot, window, 3)
        qtbot.waitUntil(lambda: window.scanner is not None and window.scanner.connected.is_set(), timeout=5000)
        os.write(master, CARD.encode("utf-8") + b"\r\n")
        qtbot.waitUntil(lambda: _applicant(window)["applicant_id_number"] == "001190004567", timeout=5000)
        assert _applicant(window)["applicant_birth_date"] == "09/11/1985"
        assert window.tabs.currentWidget() is window.desk.intake
        window.close()
    finally:
        os.close(slave)
        os.close(master)
    assert QApplication.instance() is not None
