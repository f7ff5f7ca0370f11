"""What a user sees of a window at one screen size: controls off the screen and clipped text.

The window stands for the screen: it is given the screen's size (as full screen does) and every control
a user needs must lie inside it, every line of text must fit its label, button or tab.
"""

from __future__ import annotations

import pytest

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtGui import Qt as GuiQt  # Qt::mightBeRichText lives in QtGui
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollBar,
    QTabBar,
    QWidget,
)

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QAbstractScrollArea, QTabBar)
SLACK = 1  # a pixel of rounding between font metrics and layout


def at_size(window: QWidget, width: int, height: int) -> None:
    """Give `window` the screen's size, as full screen would, and let its layouts settle."""
    window.setGeometry(0, 0, width, height)
    for _ in range(3):
        QApplication.processEvents()


def _name(w: QWidget) -> str:
    text = w.text() if hasattr(w, "text") and callable(w.text) else ""
    return f"{type(w).__name__}({w.objectName() or ''} {str(text)[:40]!r})"


def _part_of_another(w: QWidget, window: QWidget) -> bool:
    """Inside a control (a combo box's editor, a tab bar's arrows) or inside a scrolled area."""
    parent = w.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, CONTROLS):
            return True
        parent = parent.parentWidget()
    return False


def _shown(w: QWidget, window: QWidget) -> bool:
    return w.isVisibleTo(window) and w.isVisible() and not isinstance(w, QScrollBar)


def _plain_lines(label: QLabel) -> list[str] | None:
    text = label.text()
    if not text or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text))
    if rich:
        doc = QTextDocument()
        doc.setHtml(text)
        text = doc.toPlainText()
    return text.split("\n")


def label_problem(label: QLabel) -> str | None:
    """Why the label's text does not show whole at its size (None: it does)."""
    lines = _plain_lines(label)
    if not lines:
        return None
    fm = label.fontMetrics()
    room = label.contentsRect()
    margin = 2 * label.margin() + max(0, label.indent())
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return f"wrapped text needs {needed} px of height, has {label.height()}"
        return None
    widest = max(fm.horizontalAdvance(line) for line in lines)
    if widest > room.width() - margin + SLACK:
        return f"text needs {widest} px, has {room.width() - margin}"
    tall = fm.height() * len(lines)
    if tall > room.height() + SLACK + 2:
        return f"{len(lines)} line(s) need {tall} px of height, has {room.height()}"
    return None


def problems(window: QWidget, width: int, height: int) -> list[str]:
    """Every control outside a `width`×`height` screen and every clipped text on what the window shows now."""
    found = []
    area = QRect(0, 0, width, height)
    if window.size() != area.size():
        found.append(f"window is {window.size().toTuple()} (it needs {window.minimumSizeHint().toTuple()}), "
                     f"the screen {area.size().toTuple()}")
    elif window.minimumSizeHint().width() > width or window.minimumSizeHint().height() > height:
        found.append(f"window needs {window.minimumSizeHint().toTuple()}, screen is {area.size().toTuple()}")
    for w in window.findChildren(QWidget):
        if not _shown(w, window) or _part_of_another(w, window) or w.isWindow():
            continue
        rect = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
        if isinstance(w, CONTROLS):
            if not area.contains(rect):
                found.append(f"{_name(w)} at {rect.getRect()} is outside the screen {area.getRect()}")
            elif w.width() < 12 or w.height() < 12:
                found.append(f"{_name(w)} is squeezed to {w.width()}×{w.height()}")
        if isinstance(w, QAbstractButton) and w.text() and w.width() + SLACK < w.minimumSizeHint().width():
            found.append(f"{_name(w)} text clipped: {w.width()} px of {w.minimumSizeHint().width()}")
        if isinstance(w, QAbstractButton) and w.text() and w.height() + SLACK < w.minimumSizeHint().height():
            found.append(f"{_name(w)} lines clipped: {w.height()} px of height, its text needs "
                         f"{w.minimumSizeHint().height()}")
        if isinstance(w, QTabBar):
            for i in range(w.count()):
                tab = w.tabRect(i)
                if not w.rect().contains(tab) or tab.width() + SLACK < w.fontMetrics().horizontalAdvance(w.tabText(i)):
                    found.append(f"tab {w.tabText(i)!r} is cut off or hidden")
        if isinstance(w, QLabel) and area.intersects(rect):
            why = label_problem(w)
            if why:
                found.append(f"{_name(w)}: {why}")
    return found


@pytest.fixture
def themed(qapp):
    """The look every app starts with (ui.app.qt_app): bundled font, palette, the shared style sheet, whose
    paddings and colours are part of what must fit and what a user sees; put back afterwards."""
    from ui.theme import apply_theme

    font, palette, style = qapp.font(), qapp.palette(), qapp.style().name()
    apply_theme(qapp)
    yield qapp
    qapp.setStyleSheet("")
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)
