"""The pieces of the wall board, sized to be read across the room on a 43-inch 1920×1080 TV.

Sizes here are pixels of that 1920×1080 design; the window scales them to its screen (ui.screen_fit),
so on a 43-inch TV a size means the same height on the glass whatever the TV's resolution.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from core.i18n import N_, tr
from db.store.display import RecentCall
from db.store.views import CounterInfo, ServiceInfo
from ui import theme

# The called number, read across the room: a 43-inch 16:9 TV is 535 mm tall, so on 1080 lines one pixel
# is 0.50 mm. Signs are read comfortably, by older eyes too, when a character subtends about 25 minutes of
# arc (five times the 5' of 20/20 acuity): at 8 m that is 8000 mm × tan(25') ≈ 58 mm, i.e. 117 px of digit
# height. Noto Sans digits are 0.714 of the pixel size, so the number is set at 117 / 0.714 ≈ 164 → 168 px.
# The board scales with the screen's height (ui.screen_fit), so on any 43-inch TV, 1366×768 or 4K, the
# digits stay 58 mm tall; a smaller TV makes them proportionally smaller (a 32-inch: 43 mm, for 6 m).
HERO_PX = 168
WEEKDAYS = (N_("Thứ Hai"), N_("Thứ Ba"), N_("Thứ Tư"), N_("Thứ Năm"), N_("Thứ Sáu"), N_("Thứ Bảy"), N_("Chủ Nhật"))


def px(size: int, bold: bool = False) -> QFont:
    """The bundled font at a pixel size (a TV is measured in pixels, not points)."""
    f = QFont(theme.FAMILY)
    f.setPixelSize(size)
    f.setBold(bold)
    return f


def label(text: str = "", size: int = 24, bold: bool = False, colour: str = theme.INK,
          align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) -> QLabel:
    w = QLabel(text)
    w.setFont(px(size, bold))
    w.setStyleSheet(f"color: {colour}; background: transparent;")
    w.setAlignment(align)
    return w


def short_name(name: str, number: int) -> str:
    """A counter's name without its leading "Quầy 3 - " (the badge already shows the number)."""
    head = f"Quầy {number}"
    if name.startswith(head):
        rest = name[len(head):].lstrip(" -–:·")
        return rest or name
    return name


def weekday_date(day) -> str:
    return tr("{weekday}, ngày {date}", weekday=tr(WEEKDAYS[day.weekday()]), date=day.strftime("%d/%m/%Y"))


class QtFitLabel(QLabel):
    """A one-line label whose font shrinks so the whole text fits its width (names of any length)."""

    def __init__(self, text: str = "", size: int = 24, bold: bool = False, colour: str = theme.INK, minimum: int = 14):
        super().__init__(text)
        self._size, self._bold, self._minimum = size, bold, minimum
        self.setStyleSheet(f"color: {colour}; background: transparent;")
        self.setFont(px(size, bold))
        self.setMinimumWidth(10)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._fit()

    def rescale(self, factor: float) -> None:
        """The screen is `factor` times the design's size (ui.screen_fit.Scaler calls this)."""
        if not hasattr(self, "_design"):
            self._design = (self._size, self._minimum)
        self._size, self._minimum = (max(1, round(v * factor)) for v in self._design)
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        size = self._size
        while size > self._minimum and QFontMetrics(px(size, self._bold)).horizontalAdvance(self.text()) > \
                self.contentsRect().width():
            size -= 2
        if self.font().pixelSize() != size:
            self.setFont(px(size, self._bold))


def wrap_words(text: str, metrics: QFontMetrics, width: int) -> list[str] | None:
    """`text` in lines no wider than `width`, broken between words only (None: a word alone is wider)."""
    lines: list[str] = []
    for word in text.split():
        if metrics.horizontalAdvance(word) > width:
            return None
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


class QtWordsLabel(QtFitLabel):
    """A name in at most `lines` lines, broken between words, never inside one: the font shrinks down to
    `minimum` until it fits, and a name still too long ends in "…" (a counter's name on the wall)."""

    def __init__(self, size: int = 24, bold: bool = False, colour: str = theme.INK, minimum: int = 14,
                 lines: int = 2):
        self.full_text = ""
        self._lines = lines
        super().__init__("", size, bold, colour, minimum)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # the text never widens it

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self.full_text = text
        self._fit()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name: room for its lines at the design size
        return QSize(super().sizeHint().width(), QFontMetrics(px(self._size, self._bold)).height() * self._lines)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(10, QFontMetrics(px(self._minimum, self._bold)).height() * self._lines)

    def _fit(self) -> None:
        width = self.contentsRect().width()
        size, lines = self._size, None
        while True:
            metrics = QFontMetrics(px(size, self._bold))
            lines = wrap_words(self.full_text, metrics, width)
            if (lines is not None and len(lines) <= self._lines) or size <= self._minimum:
                break
            size = max(self._minimum, size - 2)
        if lines is None or len(lines) > self._lines:  # too long even at the smallest size: the end gives way
            lines = (wrap_words(self.full_text, metrics, width) or [])[: self._lines - 1]
            rest = self.full_text.split()[len(" ".join(lines).split()):]
            lines.append(metrics.elidedText(" ".join(rest), Qt.TextElideMode.ElideRight, width))
        if self.font().pixelSize() != size:
            self.setFont(px(size, self._bold))
        shown = "\n".join(lines)
        if shown != self.text():
            QLabel.setText(self, shown)  # what shows; `full_text` keeps the name


class QtHeader(QFrame):
    """Office name, the connection warning, date and clock."""

    def __init__(self, parent: QWidget | None = None, height: int = 96):
        super().__init__(parent)
        self.setFixedHeight(height)
        self.setStyleSheet(f"QtHeader {{ background: {theme.NAVY}; }}")
        row = QHBoxLayout(self)
        row.setContentsMargins(28, 6, 28, 6)
        self.office = QtFitLabel("", 38, True, "white", minimum=20)
        self.offline = label(tr("Mất kết nối"), 26, True, "white", Qt.AlignmentFlag.AlignCenter)
        self.offline.setStyleSheet(f"background: {theme.RED}; color: white; border-radius: 18px; padding: 6px 22px;")
        self.offline.hide()
        self.date = label("", 26, False, "white", Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clock = label("", 46, True, theme.GOLD, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.office, 1)
        row.addWidget(self.offline)
        row.addSpacing(24)
        row.addWidget(self.date)
        row.addSpacing(20)
        row.addWidget(self.clock)

    def tick(self, now) -> None:
        self.clock.setText(now.strftime("%H:%M:%S"))
        self.date.setText(weekday_date(now.date()))


class Blinker(QObject):
    """Calls `paint(bright)` on and off for `blink_ms`, then leaves it dark: a new call catches the eye."""

    def __init__(self, parent: QObject, paint, blink_ms: int = 6000):
        super().__init__(parent)
        self.paint, self.blink_ms = paint, blink_ms
        self._on = False
        self._timer = QTimer(self, interval=450, timeout=self._toggle)
        self._stop = QTimer(self, singleShot=True, timeout=self.end)
        paint(False)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self._on = True
        self.paint(True)
        self._timer.start()
        self._stop.start(self.blink_ms)

    def end(self) -> None:
        self._timer.stop()
        self._stop.stop()
        self._on = False
        self.paint(False)

    def _toggle(self) -> None:
        self._on = not self._on
        self.paint(self._on)


class QtHero(QFrame):
    """The newest call, large: the number and the counter; it blinks for a few seconds when new."""

    def __init__(self, parent: QWidget | None = None, blink_ms: int = 6000):
        super().__init__(parent)
        self.code_text = ""
        self.counter_number: int | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(30, 10, 30, 12)
        grid.setVerticalSpacing(0)
        self.title = label(tr("Mời công dân có số thứ tự"), 34, True, "white")
        self.code = label("—", HERO_PX, True, theme.GOLD, Qt.AlignmentFlag.AlignCenter)
        self.arrow = label(tr("đến quầy"), 40, True, "white", Qt.AlignmentFlag.AlignCenter)
        self.counter = label("", HERO_PX, True, theme.GOLD, Qt.AlignmentFlag.AlignCenter)
        self.counter_name = QtWordsLabel(32, False, "white", minimum=18, lines=1)
        self.counter_name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(self.title, 0, 0, 1, 3)
        grid.addWidget(self.code, 1, 0)
        grid.addWidget(self.arrow, 1, 1)
        grid.addWidget(self.counter, 1, 2)
        grid.addWidget(self.counter_name, 2, 0, 1, 3)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(2, 3)
        self.blinker = Blinker(self, self._paint, blink_ms)

    @property
    def blinking(self) -> bool:
        return self.blinker.active

    def show_call(self, code: str, counter_number: int | None, counter_name: str = "", blink: bool = True) -> None:
        self.code_text, self.counter_number = code, counter_number
        self.code.setText(code or "—")
        self.counter.setText("" if counter_number is None else str(counter_number))
        self.arrow.setText(tr("đến quầy") if counter_number is not None else "")
        self.counter_name.setText(counter_name)
        if blink:
            self.blinker.start()

    def _paint(self, bright: bool) -> None:
        bg, fg = (theme.GOLD, theme.RED) if bright else (theme.RED, theme.GOLD)
        self.setStyleSheet(f"QtHero {{ background: {bg}; border-radius: 18px; }}")
        for w in (self.code, self.counter):
            w.setStyleSheet(f"color: {fg}; background: transparent;")
        text = theme.RED if bright else "white"
        for w in (self.title, self.arrow, self.counter_name):
            w.setStyleSheet(f"color: {text}; background: transparent;")


class QtCounterTile(QFrame):
    """One counter: its number, name, clerk and the ticket it serves."""

    def __init__(self, number: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.number = number
        self.setObjectName(f"counter-{number}")
        self.setStyleSheet(f"QtCounterTile {{ background: {theme.MIST}; border-radius: 14px; }}")
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 10, 20, 10)
        badge = label(str(number), 60, True, "white", Qt.AlignmentFlag.AlignCenter)
        badge.setStyleSheet(f"background: {theme.NAVY}; color: white; border-radius: 12px;")
        badge.setFixedWidth(96)
        names = QVBoxLayout()
        names.setSpacing(2)
        self.name = QtWordsLabel(24, True, theme.NAVY, minimum=20)  # whole words, two lines at most
        self.clerk = QtFitLabel("", 22, False, theme.GREY, minimum=14)
        names.addStretch(1)
        names.addWidget(self.name)
        names.addWidget(self.clerk)
        names.addStretch(1)
        self.code = label("", 64, True, theme.RED, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.code.setMinimumWidth(190)
        row.addWidget(badge)
        row.addSpacing(12)
        row.addLayout(names, 1)
        row.addWidget(self.code)

    def show_counter(self, info: CounterInfo) -> None:
        self.name.setText(short_name(info.name, info.number) or tr("Quầy {number}", number=info.number))
        self.clerk.setText(info.clerk if info.active else tr("Tạm nghỉ"))
        self.set_code(info.current.code if info.current else "")

    def set_code(self, code: str) -> None:
        self.code.setText(code or "—")


class QtCounterGrid(QWidget):
    """Every counter in a grid (two columns up to eight counters, then three)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(14)
        self.tiles: dict[int, QtCounterTile] = {}

    def show_counters(self, counters: tuple[CounterInfo, ...] | list[CounterInfo]) -> None:
        numbers = [c.number for c in counters]
        if numbers != list(self.tiles):
            for tile in self.tiles.values():
                tile.setParent(None)
                tile.deleteLater()
            self.tiles = {}
            columns = 2 if len(numbers) <= 8 else 3
            for index, number in enumerate(numbers):
                tile = QtCounterTile(number, self)
                self.tiles[number] = tile
                self.grid.addWidget(tile, index // columns, index % columns)
        for info in counters:
            self.tiles[info.number].show_counter(info)

    def set_code(self, counter_number: int | None, code: str) -> None:
        tile = self.tiles.get(counter_number)
        if tile is not None:
            tile.set_code(code)


class QtRecentList(QFrame):
    """The last calls, newest first: "A023 → Quầy 3"."""

    def __init__(self, rows: int = 4, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(f"QtRecentList {{ background: {theme.MIST}; border-radius: 14px; }}")
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 6, 20, 6)
        box.setSpacing(2)
        box.addWidget(label(tr("Số vừa gọi"), 26, True, theme.NAVY))
        self.rows: list[tuple[QLabel, QLabel]] = []
        for _ in range(rows):
            line = QHBoxLayout()
            code = label("", 36, True, theme.RED)
            where = label("", 30, True, theme.NAVY, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            line.addWidget(code)
            line.addWidget(where, 1)
            box.addLayout(line)
            self.rows.append((code, where))
        box.addStretch(1)
        self.calls: list[tuple[str, int | None]] = []

    def set_calls(self, calls: list[RecentCall] | tuple[RecentCall, ...]) -> None:
        self.calls = [(c.code, c.counter_number) for c in calls][: len(self.rows)]
        self._paint()

    def push(self, code: str, counter_number: int | None) -> None:
        self.calls = [(code, counter_number), *[c for c in self.calls if c != (code, counter_number)]][: len(self.rows)]
        self._paint()

    def _paint(self) -> None:
        for index, (code_w, where_w) in enumerate(self.rows):
            code, number = self.calls[index] if index < len(self.calls) else ("", None)
            code_w.setText(code)
            where_w.setText(tr("→ Quầy {number}", number=number) if code and number is not None else "")


class QtWaitingStrip(QFrame):
    """How many people wait in each field: "A Đất đai · 7"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(f"QtWaitingStrip {{ background: {theme.MIST}; border-radius: 14px; }}")
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 6, 20, 6)
        box.addWidget(label(tr("Đang chờ theo lĩnh vực"), 26, True, theme.NAVY))
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(20)
        self.grid.setVerticalSpacing(0)
        box.addLayout(self.grid)
        box.addStretch(1)
        self.cells: dict[str, tuple[QtFitLabel, QLabel]] = {}

    def show_services(self, services: tuple[ServiceInfo, ...] | list[ServiceInfo]) -> None:
        prefixes = [s.prefix for s in services]
        if prefixes != list(self.cells):
            for name, count in self.cells.values():
                name.setParent(None)
                count.setParent(None)
            self.cells = {}
            for index, svc in enumerate(services):
                # one field a row, large enough to read from the seats (two columns shrank long names to 13 px)
                name = QtFitLabel("", 28, False, theme.INK, minimum=20)
                count = label("", 32, True, theme.NAVY, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                count.setMinimumWidth(56)
                row, col = index, 0
                self.grid.addWidget(name, row, col)
                self.grid.addWidget(count, row, col + 1)
                self.cells[svc.prefix] = (name, count)
        for svc in services:
            name, count = self.cells[svc.prefix]
            name.setText(f"{svc.prefix}  {svc.name}")
            count.setText(str(svc.waiting))

    def waiting(self, prefix: str) -> int | None:
        cell = self.cells.get(prefix)
        return int(cell[1].text()) if cell and cell[1].text() else None


class QtTicker(QWidget):
    """The notices, scrolling from right to left along the bottom of the screen."""

    sig_lap = Signal()
    """The text has gone all the way across once."""

    def __init__(self, parent: QWidget | None = None, height: int = 66, speed_px: int = 3, interval_ms: int = 30):
        super().__init__(parent)
        self.setFixedHeight(height)
        self._design = (int(height * 0.5), speed_px)
        self.setFont(px(self._design[0], True))
        self.text = ""
        self.offset = 0.0
        self.speed_px = speed_px
        self._width = 0
        self._timer = QTimer(self, interval=interval_ms, timeout=self._step)
        self._timer.start()

    def set_notices(self, notices: list[str]) -> None:
        text = "      •      ".join(n for n in notices if n) or tr("Kính chào quý công dân đến Bộ phận Một cửa")
        if text != self.text:
            self.text = text
            self._width = QFontMetrics(self.font()).horizontalAdvance(text)
            self.offset = 0.0
            self.update()

    def rescale(self, factor: float) -> None:
        """Letters and speed for a screen `factor` times the design's (ui.screen_fit.Scaler calls this)."""
        size = max(1, round(self._design[0] * factor))
        if self.font().pixelSize() != size:
            self.setFont(px(size, True))
            self._width = QFontMetrics(self.font()).horizontalAdvance(self.text)
        self.speed_px = max(1, round(self._design[1] * factor))

    def stop(self) -> None:
        self._timer.stop()

    def _step(self) -> None:
        self.offset += self.speed_px
        if self.offset > self.width() + self._width:
            self.offset = 0.0
            self.sig_lap.emit()
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(theme.GOLD))
        p.setPen(QColor(theme.NAVY))
        p.setFont(self.font())
        x = self.width() - self.offset
        p.drawText(QRectF(x, 0, self._width + 10, self.height()), Qt.AlignmentFlag.AlignVCenter, self.text)
        p.end()
