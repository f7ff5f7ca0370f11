"""Windows that fit the screen they are on: a design drawn for one size, scaled to the screen's.

The kiosk and the wall display are drawn in pixels for a 1920×1080 screen (the kiosk also for a
1080×1920 portrait one). On another screen every pixel size in them (font sizes and paddings in style
sheets, pixel fonts, fixed and minimum sizes, layout margins and spacing) is multiplied by
`fit_factor`, so a 1366×768 kiosk shows the same screen smaller and a 4K TV the same board twice as
large: nothing falls off the edge and the called number keeps its size on the wall.
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QLayout, QWidget

QT_MAX = 16_777_215  # QWIDGETSIZE_MAX: "no maximum"
_PIXELS = re.compile(r"(\d+)px")
TOUCH_MM = 15.0  # the smallest button a finger hits reliably (ISO 9241-9 and kiosk guides: 15–20 mm)
FALLBACK_DIAGONAL_MM = 21.5 * 25.4  # a screen that does not say its size: the common 21.5-inch floor kiosk
_PLAUSIBLE_MM = (254.0, 2540.0)  # 10 to 100 inches: a panel's real report (0 or less: it does not know)


def px_per_mm(window: QWidget) -> float:
    """Pixels in a millimetre of the glass `window` fills: from the screen's physical size when the window
    covers that screen (full screen) and the screen reports a believable size, else from a 21.5-inch
    diagonal at the window's size (X servers without EDID and the offscreen platform report none or 0)."""
    w, h = window.width(), window.height()
    screen = window.screen()
    diagonal_mm = FALLBACK_DIAGONAL_MM
    if screen is not None and screen.size() == window.size():
        physical = screen.physicalSize()
        reported = math.hypot(physical.width(), physical.height())
        if _PLAUSIBLE_MM[0] <= reported <= _PLAUSIBLE_MM[1]:
            diagonal_mm = reported
    return math.hypot(w, h) / diagonal_mm if w > 0 and h > 0 else 1.0


def touch_px(window: QWidget, mm: float = TOUCH_MM) -> int:
    """`mm` millimetres on the glass of `window`, in pixels (rounded up)."""
    return math.ceil(mm * px_per_mm(window))


def fit_factor(width: int, height: int, design: tuple[int, int] = (1920, 1080)) -> float:
    """How much a design of size `design` must be scaled to fit `width`×`height` (both sides)."""
    if width <= 0 or height <= 0:
        return 1.0
    return min(width / design[0], height / design[1])


def _scaled(value: int, factor: float) -> int:
    return value if value <= 0 else max(1, round(value * factor))


class Scaler:
    """Scales every pixel size under `root` from its design value; run again after widgets are added.

    Each widget's design values are remembered the first time it is seen; a style sheet or font that
    the code sets later (a colour change, a new message) is taken as the new design value.
    """

    def __init__(self, root: QWidget):
        self.root = root
        self.factor = 1.0
        self.touch_floor = 0  # buttons are never smaller than this many pixels either way (a finger's)

    def set_factor(self, factor: float) -> bool:
        """Scale to `factor` (1.0: the design); returns whether anything had to change."""
        changed = abs(factor - self.factor) > 0.005
        self.factor = factor
        self.apply()
        return changed

    def apply(self) -> None:
        f = self.factor
        for widget in [self.root, *self.root.findChildren(QWidget)]:
            self._sheet(widget, f)
            self._font(widget, f)
            self._sizes(widget, f)
            rescale = getattr(widget, "rescale", None)
            if callable(rescale):
                rescale(f)
        for layout in self.root.findChildren(QLayout):
            self._layout(layout, f)

    @staticmethod
    def _remember(obj, key: str, current, scaled_key: str):
        """The design value: the one remembered, unless the code has set something new since."""
        if obj.property(key) is None or obj.property(scaled_key) != current:
            obj.setProperty(key, current)
        return obj.property(key)

    def _sheet(self, widget: QWidget, f: float) -> None:
        sheet = widget.styleSheet()
        if not sheet or "px" not in sheet:
            return
        design = self._remember(widget, "fit_sheet0", sheet, "fit_sheet1")
        scaled = _PIXELS.sub(lambda m: f"{_scaled(int(m.group(1)), f)}px", design)
        widget.setProperty("fit_sheet1", scaled)
        if scaled != sheet:
            widget.setStyleSheet(scaled)

    def _font(self, widget: QWidget, f: float) -> None:
        if getattr(widget, "rescale", None) is not None or not widget.testAttribute(Qt.WidgetAttribute.WA_SetFont):
            return  # inherited fonts follow their parent; self-fitting widgets scale themselves
        font = widget.font()
        if font.pixelSize() <= 0:
            return  # a point size: the desktop apps are not scaled
        design = self._remember(widget, "fit_px0", font.pixelSize(), "fit_px1")
        size = _scaled(int(design), f)
        widget.setProperty("fit_px1", size)
        if size != font.pixelSize():
            font.setPixelSize(size)
            widget.setFont(font)

    def _sizes(self, widget: QWidget, f: float) -> None:
        for key, get, put in (("fit_min", widget.minimumSize, widget.setMinimumSize),
                              ("fit_max", widget.maximumSize, widget.setMaximumSize)):
            current = get()
            design = self._remember(widget, key + "0", current, key + "1")
            size = QSize(*(d if d in (0, QT_MAX) else _scaled(d, f) for d in (design.width(), design.height())))
            if isinstance(widget, QAbstractButton) and key == "fit_min":
                # a minimum set in pixels would let the layout squeeze the text (a 2-line button on a full
                # portrait kiosk lost its 2nd line): never below the text's own size, nor a finger's
                size = size.expandedTo(widget.minimumSizeHint() if widget.text() else QSize(0, 0))
            if self.touch_floor and isinstance(widget, QAbstractButton):
                size = size.expandedTo(QSize(self.touch_floor, self.touch_floor))
            widget.setProperty(key + "1", size)
            if size != current:
                put(size)

    def _layout(self, layout: QLayout, f: float) -> None:
        margins = layout.contentsMargins()
        current = (margins.left(), margins.top(), margins.right(), margins.bottom(), layout.spacing())
        design = self._remember(layout, "fit_m0", current, "fit_m1")
        scaled = tuple(_scaled(v, f) if v > 0 else v for v in design)
        layout.setProperty("fit_m1", scaled)
        if scaled != current:
            layout.setContentsMargins(*scaled[:4])
            if scaled[4] >= 0:
                layout.setSpacing(scaled[4])


def show_on_screen(window: QWidget, *, fullscreen: bool, size: tuple[int, int] | None = None) -> None:
    """Show `window` full screen, or as a window of `size` (default: the whole free area) that fits the screen.

    Full screen also sets the geometry to the screen's: with no window manager (a kiosk session started
    straight from xinit) asking for full screen alone leaves the window at its own size in a corner.
    """
    screen = window.screen() or QGuiApplication.primaryScreen()
    if fullscreen:
        window.setGeometry(screen.geometry())
        window.showFullScreen()
        return
    free = screen.availableGeometry()
    width, height = size or (free.width(), free.height())
    window.resize(min(width, free.width()), min(height, free.height()))
    window.move(free.x() + (free.width() - window.width()) // 2, free.y() + (free.height() - window.height()) // 2)
    window.show()
