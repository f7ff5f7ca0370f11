"""The counter as a clerk sees it: spin boxes with their arrows, check boxes a mouse hits, the citizen's
screen beside the clerk's, and the forms written to a folder the status bar names."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QSpinBox, QStyle, QStyleOptionButton, QStyleOptionSpinBox

from core.settings import Settings
from counter.paperwork import Paperwork
from counter.qt_counter import QtCounterWindow, side_by_side
from fit_tools import label_problem, themed  # noqa: F401 - fixture
from ui import theme

KHAI_SINH = "1.001193.000.00.00.H10"
pytestmark = pytest.mark.usefixtures("themed")  # the look the apps have: the arrows are the style sheet's


@pytest.fixture
def counter(qtbot, sqlite_demo_store, settings_for, tmp_path):
    window = QtCounterWindow(settings_for(sqlite_demo_store), sqlite_demo_store,
                             paperwork=Paperwork(tmp_path / "Documents" / "motcua"), start_bridge=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.login.counter.count() > 0)
    assert window.citizen.windowTitle() == "Màn hình công dân"  # no counter yet: no dangling "- "
    window.login.username.setText("mai")
    window.login.password.setText("mai12345")
    window.login.counter.setCurrentIndex(window.login.counter.findData(3))
    window.login.submit()
    qtbot.waitUntil(lambda: window.clerk is not None)
    yield window
    window.close()


def navy_pixels(widget, rect: QRect) -> int:
    image = widget.grab(rect).toImage()
    navy = QColor(theme.NAVY)
    return sum(1 for x in range(image.width()) for y in range(image.height())
               if abs(image.pixelColor(x, y).blue() - navy.blue()) < 40
               and image.pixelColor(x, y).red() < 80 and image.pixelColor(x, y).green() < 110)


def test_intake_spin_boxes_show_their_arrows_and_check_boxes_are_big(qtbot, counter):
    counter.tabs.setCurrentWidget(counter.desk.intake)
    counter.desk.pick_procedure(KHAI_SINH)
    table = counter.desk.intake.documents
    qtbot.waitUntil(lambda: table.rowCount() == 3)
    spin = table.cellWidget(0, 2)
    check = table.cellWidget(0, 0)
    assert isinstance(spin, QSpinBox) and isinstance(check, QCheckBox)
    qtbot.wait(10)
    option = QStyleOptionSpinBox()
    spin.initStyleOption(option)
    up = spin.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option, QStyle.SubControl.SC_SpinBoxUp, spin)
    assert up.width() >= 16 and up.height() >= 8
    assert navy_pixels(spin, up) >= 10  # the arrow is drawn, in the theme's navy, on the light button
    box = QStyleOptionButton()
    check.initStyleOption(box)
    indicator = check.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, box, check)
    assert indicator.width() >= 20 and indicator.height() >= 20


def test_the_citizen_screen_is_titled_with_the_counter_and_sits_beside_the_clerks_window(qtbot, counter):
    assert counter.citizen.windowTitle() == "Màn hình công dân - Quầy 3 - Tư pháp - Hộ tịch"
    counter.citizen_button.setChecked(True)
    qtbot.waitUntil(counter.citizen.isVisible)
    assert counter.citizen.counter.text() == "Quầy 3 - Tư pháp - Hộ tịch"
    # one 1920×1080 monitor: the citizen's takes the right third, the clerk's window keeps the rest, whole
    free = QRect(0, 0, 1920, 1040)
    clerk, citizen = side_by_side(free, counter.minimumSizeHint(), counter.citizen.minimumSizeHint())
    assert clerk is not None and not clerk.intersects(citizen)
    assert free.contains(clerk) and free.contains(citizen)
    assert clerk.width() >= counter.minimumSizeHint().width() and citizen.width() >= 640
    # too narrow for both: a small window in the corner, the clerk's left as it is
    clerk, citizen = side_by_side(QRect(0, 0, 1366, 728), QSize(1300, 700), counter.citizen.minimumSizeHint())
    assert clerk is None and citizen.bottomRight() == QRect(0, 0, 1366, 728).bottomRight()
    assert citizen.width() <= 1366 // 2


def test_in_giay_hen_writes_the_pdf_to_the_forms_folder_and_says_where(qtbot, counter, sqlite_demo_store, tmp_path):
    clerk = sqlite_demo_store.login("mai", "mai12345")
    code = clerk.dossiers.receive_dossier(procedure=KHAI_SINH, applicant_name="Trần Thị Bình").code
    counter.desk.open(code)
    page = counter.desk.dossier
    qtbot.waitUntil(lambda: page.info is not None and page.buttons["receipt"].isEnabled())
    assert page.buttons["receipt"].text() == "In giấy hẹn"
    page.buttons["receipt"].click()
    folder = tmp_path / "Documents" / "motcua"
    qtbot.waitUntil(lambda: counter.open_folder.isVisible())
    written = list(folder.glob(f"{code}*receipt*.pdf"))
    assert len(written) == 1 and written[0].stat().st_size > 0
    qtbot.waitUntil(lambda: counter.paper_note.text() != "")
    note = counter.paper_note.text()
    assert written[0].name in note and str(folder) in note
    assert counter.open_folder.text() == "Mở thư mục"
    assert label_problem(counter.paper_note) is None  # all of it shows in the bar
    counter.resize(700, 700)  # a narrow window: the path's middle gives way, the start and end stay
    qtbot.waitUntil(lambda: "…" in counter.paper_note.text())
    assert counter.paper_note.text().startswith("Đã lưu") and counter.paper_note.text().endswith("motcua")
    assert label_problem(counter.paper_note) is None


def test_the_forms_folder_defaults_to_the_users_documents():
    assert Settings().resolved_paper_dir() == Path(platformdirs.user_documents_dir()) / "motcua"
    assert Settings(paper_dir="~/giay-to").resolved_paper_dir() == Path.home() / "giay-to"
