"""Look and feel shared by the apps: the bundled Vietnamese font, colours, sizes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from ui.qt_plain_text import QtPlainTextStyle

import devices

FONT_DIR = Path(devices.__file__).resolve().parent / "fonts"
ICONS = (Path(__file__).resolve().parent / "icons").as_posix()  # the spin boxes' arrows (style sheets need files)
FAMILY = "Noto Sans"

# high contrast, readable from across the room and by elderly citizens
NAVY = "#0B3D91"
RED = "#C8102E"
GOLD = "#FFC72C"
INK = "#111111"
PAPER = "#FFFFFF"
MIST = "#EEF2F8"
GREEN = "#1B7F3B"
GREY = "#5A6270"

SPIN_BOXES = ("QSpinBox", "QDoubleSpinBox", "QDateEdit", ".QDateTimeEdit")  # QTimeEdit keeps Fusion's look


def _each(part: str) -> str:
    return ", ".join(f"{box}::{part}" for box in SPIN_BOXES)


# the boxes bordered below lose Fusion's own arrows: draw them, navy on mist, grey at the end of the range
SPIN_ARROWS = f"""
{_each("up-button")}, {_each("down-button")} {{
    subcontrol-origin: padding; width: 18px; background: {MIST}; border-left: 1px solid #B8C2D6; }}
{_each("up-button")} {{ subcontrol-position: top right; border-top-right-radius: 6px; }}
{_each("down-button")} {{ subcontrol-position: bottom right; border-bottom-right-radius: 6px; }}
{_each("up-arrow")} {{ image: url({ICONS}/arrow-up.png); width: 12px; height: 8px; }}
{_each("down-arrow")} {{ image: url({ICONS}/arrow-down.png); width: 12px; height: 8px; }}
{_each("up-arrow:disabled")}, {_each("up-arrow:off")} {{ image: url({ICONS}/arrow-up-disabled.png); }}
{_each("down-arrow:disabled")}, {_each("down-arrow:off")} {{ image: url({ICONS}/arrow-down-disabled.png); }}
"""

BASE_CSS = f"""
QWidget {{ font-family: "{FAMILY}"; color: {INK}; }}
QPushButton {{ background: {NAVY}; color: white; border: none; border-radius: 10px; padding: 10px 18px; }}
QPushButton:disabled {{ background: #9AA3B2; color: #F0F0F0; }}
QPushButton[role="danger"] {{ background: {RED}; }}
QPushButton[role="ok"] {{ background: {GREEN}; }}
QPushButton[role="quiet"] {{ background: {MIST}; color: {NAVY}; }}
QPushButton[role="danger"]:disabled, QPushButton[role="ok"]:disabled {{ background: #9AA3B2; color: #F0F0F0; }}
QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox, QDateEdit, .QDateTimeEdit, QPlainTextEdit {{
    border: 2px solid #B8C2D6; border-radius: 8px; padding: 6px; background: white; }}
QLineEdit:focus, QComboBox:focus {{ border-color: {NAVY}; }}
{SPIN_ARROWS}
QCheckBox::indicator {{ width: 22px; height: 22px; }}
QTableView, QListView, QTreeView {{ background: white; alternate-background-color: {MIST}; }}
QHeaderView::section {{ background: {NAVY}; color: white; padding: 6px; border: none; }}
"""


def load_fonts() -> str:
    """Register the bundled Noto Sans (never depends on a system font); returns the family."""
    for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
        QFontDatabase.addApplicationFont(str(FONT_DIR / name))
    return FAMILY


def apply_theme(app: QApplication, point_size: int = 12) -> None:
    """Bundled font, light high-contrast palette and the shared style sheet."""
    load_fonts()
    # Fusion, with every label plain text and every text browser link-dead (catalog text is never markup)
    app.plain_text_style = QtPlainTextStyle("Fusion")  # kept: Qt holds the style, Python must keep its overrides
    app.setStyle(app.plain_text_style)
    font = QFont(FAMILY, point_size)
    app.setFont(font)
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(PAPER))
    palette.setColor(QPalette.ColorRole.Base, QColor(PAPER))
    palette.setColor(QPalette.ColorRole.Text, QColor(INK))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(INK))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(NAVY))
    app.setPalette(palette)
    app.setStyleSheet(BASE_CSS)


def font(size: int, bold: bool = False) -> QFont:
    f = QFont(FAMILY, size)
    f.setBold(bold)
    return f
