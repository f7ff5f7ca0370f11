"""The kiosk's screens. Each page only shows; the window (qt_kiosk.py) decides and acts."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.i18n import tr
from core.privacy import initials
from db.store.dossiers import status_label
from db.store.views import ServiceInfo
from kiosk.printing import PRIORITY_GROUPS
from kiosk.qt_keyboard import QtKeyboard, QtPinPad
from ui import theme


def big_label(text: str = "", size: int = 28, bold: bool = False, color: str = theme.INK) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet(f"font-size: {size}px; color: {color}; {'font-weight: bold;' if bold else ''}")
    return label


def big_button(text: str, name: str, role: str = "", size: int = 26, grow: bool = True) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setMinimumHeight(80)  # 20 mm on a 21.5-inch 1920×1080 kiosk, and on a 1366×768 one scaled
    button.setSizePolicy(QSizePolicy.Policy.Expanding,
                         QSizePolicy.Policy.Expanding if grow else QSizePolicy.Policy.Fixed)
    button.setStyleSheet(f"font-size: {size}px; font-weight: bold; padding: 14px;")
    if role:
        button.setProperty("role", role)
    return button


def kinetic(view: QAbstractScrollArea) -> None:
    """A list or text a finger scrolls: drag anywhere on it and it glides on, as on a phone; a tap stays a tap."""
    if isinstance(view, QAbstractItemView):
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)  # glide, not jump a row
    QScroller.grabGesture(view.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(view.viewport())
    props = scroller.scrollerProperties()
    props.setScrollMetric(QScrollerProperties.ScrollMetric.DragStartDistance, 0.004)  # 4 mm before it moves
    props.setScrollMetric(QScrollerProperties.ScrollMetric.OvershootDragResistanceFactor, 0.3)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy,
                          QScrollerProperties.OvershootPolicy.OvershootAlwaysOff)
    scroller.setScrollerProperties(props)


class QtHomePage(QWidget):
    sig_take = Signal(str)
    """A field's tile was touched (its prefix)."""

    def __init__(self):
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        self.title = big_label(tr("Mời chọn lĩnh vực để lấy số thứ tự"), 30, bold=True, color=theme.NAVY)
        layout.addWidget(self.title)
        self.notice = big_label("", 26, bold=True, color="white")
        self.notice.setStyleSheet(f"background: {theme.RED}; color: white; font-size: 26px; font-weight: bold;"
                                  "border-radius: 12px; padding: 12px;")
        self.notice.hide()
        layout.addWidget(self.notice)
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        layout.addLayout(self.grid, 1)
        self.row = row = QBoxLayout(QBoxLayout.Direction.LeftToRight)  # top to bottom on a portrait screen
        self.priority = big_button(tr("ƯU TIÊN\nNgười cao tuổi, khuyết tật, mang thai, người có công, trẻ em"),
                                   "btn-priority", "danger", 24)
        self.procedures = big_button(tr("Tra cứu thủ tục"), "btn-procedures", "ok")
        self.dossier = big_button(tr("Tra cứu hồ sơ"), "btn-dossier", "ok")
        self.booked = big_button(tr("Tôi đã đặt lịch"), "btn-booked", "ok")
        lookups = QHBoxLayout()
        lookups.addWidget(self.booked)
        lookups.addWidget(self.procedures)
        lookups.addWidget(self.dossier)
        row.addWidget(self.priority, 1)
        row.addLayout(lookups, 1)
        layout.addLayout(row)
        self.tiles: dict[str, QPushButton] = {}
        self.portrait = False

    def set_portrait(self, portrait: bool) -> None:
        """A tall screen: one tile per row (long field names stay whole), the lookups under ƯU TIÊN."""
        if portrait == self.portrait:
            return
        self.portrait = portrait
        self.row.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        self._place_tiles()

    def _place_tiles(self) -> None:
        columns = (1 if len(self.tiles) <= 9 else 2) if self.portrait else (2 if len(self.tiles) <= 6 else 3)
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
        for i, tile in enumerate(self.tiles.values()):
            self.grid.addWidget(tile, i // columns, i % columns)

    def show_services(self, services: list[ServiceInfo], *, enabled: bool) -> None:
        active = [s for s in services if s.active]
        if [s.prefix for s in active] != list(self.tiles):
            for tile in self.tiles.values():
                tile.deleteLater()
            self.tiles = {}
            for service in active:
                tile = big_button("", f"tile-{service.prefix}", size=32)
                tile.clicked.connect(lambda _=False, p=service.prefix: self.sig_take.emit(p))
                self.tiles[service.prefix] = tile
            self._place_tiles()
        for service in active:
            tile = self.tiles[service.prefix]
            if service.closed_today:
                detail = tr("Tạm ngưng hôm nay")
            else:
                counters = ", ".join(str(n) for n in service.counters) or "—"
                detail = tr("{waiting} người đang chờ · Quầy {counters}", waiting=service.waiting, counters=counters)
            tile.setText(f"{service.prefix}  ·  {service.name}\n{detail}")
            tile.setEnabled(enabled and not service.closed_today)
        self.priority.setEnabled(enabled)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))


class QtPriorityPage(QWidget):
    sig_take = Signal(str, str)
    """(prefix, priority group) chosen."""
    sig_home = Signal()
    """Back to the home screen."""

    def __init__(self):
        super().__init__()
        self.group: str | None = None
        layout = QVBoxLayout(self)
        self.title = big_label(tr("Phiếu ưu tiên: bạn thuộc nhóm nào?"), 30, bold=True, color=theme.RED)
        layout.addWidget(self.title)
        groups = QGridLayout()
        self.group_buttons: dict[str, QPushButton] = {}
        for i, (key, label) in enumerate(PRIORITY_GROUPS.items()):
            button = big_button(tr(label), f"group-{key}", "danger")
            button.setCheckable(True)  # the chosen group stays marked while the field is chosen
            button.setStyleSheet(f"QPushButton {{ {button.styleSheet()} }} QPushButton:checked {{ background:"
                                 f" {theme.GOLD}; color: {theme.RED}; border: 6px solid {theme.RED}; }}")
            button.clicked.connect(lambda _=False, k=key: self.choose_group(k))
            groups.addWidget(button, i // 3, i % 3)
            self.group_buttons[key] = button
        layout.addLayout(groups)
        self.fields_title = big_label(tr("Chọn lĩnh vực"), 26, bold=True, color=theme.NAVY)
        layout.addWidget(self.fields_title)
        self.fields = QGridLayout()
        layout.addLayout(self.fields, 1)
        back = big_button(tr("Quay lại"), "btn-back", "quiet")
        back.clicked.connect(self.sig_home.emit)
        layout.addWidget(back)
        self.buttons: list[QPushButton] = []
        self.portrait = False

    def set_portrait(self, portrait: bool) -> None:
        """One field a row on a tall screen, two on a wide one."""
        if portrait != self.portrait:
            self.portrait = portrait
            self._place()

    def show_services(self, services: list[ServiceInfo]) -> None:
        for b in self.buttons:
            b.deleteLater()
        self.buttons = []
        for service in (s for s in services if s.active and not s.closed_today):
            # the same size as the home tiles: this path is for the elderly
            button = big_button(f"{service.prefix} · {service.name}", f"pfield-{service.prefix}", size=30)
            button.clicked.connect(lambda _=False, p=service.prefix: self._take(p))
            self.buttons.append(button)
        self._place()
        self.choose_group(None)

    def _place(self) -> None:
        columns = 1 if self.portrait else 2  # whole names at the home tiles' size
        for b in self.buttons:
            self.fields.removeWidget(b)
        for i, b in enumerate(self.buttons):
            self.fields.addWidget(b, i // columns, i % columns)

    def choose_group(self, group: str | None) -> None:
        self.group = group
        for key, button in self.group_buttons.items():
            button.setChecked(key == group)
        self.fields_title.setText(tr("Nhóm: {group}. Chọn lĩnh vực:", group=tr(PRIORITY_GROUPS[group]))
                                  if group else tr("Chọn nhóm ưu tiên trước"))
        for b in self.buttons:
            b.setEnabled(group is not None)

    def _take(self, prefix: str) -> None:
        if self.group:
            self.sig_take.emit(prefix, self.group)


class QtTicketPage(QWidget):
    sig_reprint = Signal()
    """Print the same ticket again."""
    sig_home = Signal()
    """Done: back home."""

    def __init__(self):
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(big_label(tr("Số của bạn"), 40, bold=True, color=theme.NAVY))
        self.code = big_label("", 180, bold=True, color=theme.RED)
        self.code.setObjectName("ticket-code")
        layout.addWidget(self.code)
        self.service = big_label("", 40, bold=True)
        self.ahead = big_label("", 34)
        self.where = big_label("", 34)
        self.printing = big_label("", 32, bold=True)
        self.printing.setObjectName("print-status")
        for w in (self.service, self.ahead, self.where, self.printing):
            layout.addWidget(w)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.reprint = big_button(tr("In lại phiếu"), "btn-reprint", "danger", 30, grow=False)
        self.reprint.setFixedHeight(120)
        self.reprint.clicked.connect(self.sig_reprint.emit)
        done = big_button(tr("Xong"), "btn-done", "ok", 30, grow=False)
        done.setFixedHeight(120)
        done.clicked.connect(self.sig_home.emit)
        row.addWidget(self.reprint)
        row.addWidget(done)
        layout.addLayout(row)

    def show_ticket(self, ticket, counters: tuple[int, ...]) -> None:
        self.code.setText(ticket.code)
        priority = "" if not ticket.priority else f" · {tr('Có lịch hẹn')}" if ticket.priority == "appointment" \
            else f" · {tr('Ưu tiên')}"
        self.service.setText(f"{ticket.service_name}{priority}")
        if ticket.ahead:
            self.ahead.setText(tr("{n} người đang chờ trước bạn · khoảng {m} phút", n=ticket.ahead,
                                  m=ticket.wait_minutes))
        else:
            self.ahead.setText(tr("Bạn sẽ được gọi ngay"))
        self.where.setText(tr("Mời ngồi chờ, theo dõi màn hình và loa gọi số tới quầy {counters}",
                              counters=", ".join(str(c) for c in counters) or "—"))
        self.show_printing(tr("Đang in phiếu…"), ok=True)
        self.reprint.hide()

    def show_printing(self, text: str, *, ok: bool) -> None:
        self.printing.setText(text)
        self.printing.setStyleSheet(f"font-size: 32px; font-weight: bold; color: {theme.GREEN if ok else theme.RED};")


class QtDossierPage(QWidget):
    sig_lookup = Signal(str)
    """Look up this dossier code."""
    sig_home = Signal()
    """Back home."""

    def __init__(self):
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addWidget(big_label(tr("Tra cứu hồ sơ"), 30, bold=True, color=theme.NAVY))
        layout.addWidget(big_label(tr("Đưa mã QR trên giấy biên nhận vào máy quét, hoặc nhập mã hồ sơ và mã tra cứu "
                                      "in trên giấy biên nhận"), 24))
        fields = QHBoxLayout()
        self.code = QLineEdit()
        self.code.setObjectName("dossier-code")
        self.code.setPlaceholderText(tr("Mã hồ sơ"))
        self.check = QLineEdit()  # the receipt's second factor: a dossier code alone shows nothing
        self.check.setObjectName("dossier-check")
        self.check.setPlaceholderText(tr("Mã tra cứu (6 ký tự)"))
        self.check.setMaxLength(12)
        for field, stretch in ((self.code, 3), (self.check, 1)):
            field.setStyleSheet("font-size: 28px; padding: 10px;")
            field.installEventFilter(self)
            fields.addWidget(field, stretch)
        self.typing = self.code  # the field the on-screen keys go to: the one touched last
        self.code.returnPressed.connect(self.check.setFocus)
        self.check.returnPressed.connect(lambda: self.sig_lookup.emit(self.code.text()))
        layout.addLayout(fields)
        self.result = QTextBrowser()
        self.result.setObjectName("dossier-result")
        self.result.setStyleSheet("font-size: 24px;")
        kinetic(self.result)
        layout.addWidget(self.result, 1)
        self.keyboard = keyboard = QtKeyboard(space=False)
        keyboard.sig_key.connect(lambda key: self.typing.insert(key))
        keyboard.sig_backspace.connect(lambda: self.typing.backspace())
        keyboard.sig_clear.connect(lambda: self.typing.clear())
        layout.addWidget(keyboard)
        row = QHBoxLayout()
        find = big_button(tr("Tra cứu"), "btn-lookup", "ok")
        find.clicked.connect(lambda: self.sig_lookup.emit(self.code.text()))
        self.again = big_button(tr("Nhập mã khác"), "btn-type-again", "ok")
        self.again.clicked.connect(self.clear)
        self.again.hide()
        row.addWidget(self.again)
        back = big_button(tr("Về trang chủ"), "btn-home", "quiet")
        back.clicked.connect(self.sig_home.emit)
        row.addWidget(find)
        row.addWidget(back)
        layout.addLayout(row)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FocusIn and watched in (self.code, self.check):
            self.typing = watched
        return super().eventFilter(watched, event)

    def show_problem(self, message: str) -> None:
        """A refusal in red (the message may quote what was typed: shown as text)."""
        self.result.setHtml(f"<p style='color:{theme.RED}'>{html.escape(message)}</p>")

    def show_dossier(self, d, tz) -> None:
        """Status, dates and whether the result is ready; of the person only initials (core.privacy)."""
        if d.result_ready:
            ready = f"<p style='color:{theme.GREEN}'><b>{tr('Đã có kết quả: mời đến quầy nhận.')}</b></p>"
        else:
            ready = f"<p><b>{tr('Chưa có kết quả.')}</b></p>"
        e = html.escape  # catalog and names are text, never markup
        self.result.setHtml(
            f"<div style='font-size:28px'><h2>{e(d.code)}</h2><p><b>{tr('Thủ tục')}:</b> {e(d.procedure_name)}<br>"
            f"<b>{tr('Người nộp')}:</b> {e(initials(d.applicant_name))}<br>"
            f"<b>{tr('Trạng thái')}:</b> {status_label(d.status)}<br>"
            f"<b>{tr('Ngày nhận')}:</b> {d.received_at.astimezone(tz):%H:%M %d/%m/%Y}<br>"
            f"<b>{tr('Ngày hẹn trả')}:</b> {d.due_at.astimezone(tz):%H:%M %d/%m/%Y}</p>{ready}</div>"
        )
        self._keyboard(False)  # room to read; "Nhập mã khác" brings the keys back

    def _keyboard(self, shown: bool) -> None:
        self.keyboard.setVisible(shown)
        self.again.setVisible(not shown)

    def clear(self) -> None:
        """Forget the last lookup: the next citizen must not see it."""
        self.code.clear()
        self.check.clear()
        self.typing = self.code
        self.result.clear()
        self._keyboard(True)


class QtMessagePage(QWidget):
    """A whole-screen message: closed, out of service."""

    def __init__(self, name: str):
        super().__init__()
        self.setObjectName(name)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = big_label("", 56, bold=True, color=theme.NAVY)
        self.body = big_label("", 32)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addStretch(2)

    def show_message(self, title: str, body: str) -> None:
        self.title.setText(title)
        self.body.setText(body)

    def add_actions(self, *buttons: QPushButton, note: str = "") -> None:
        """Buttons under the message, and a line above them saying what they are for (the closed page keeps
        the lookups available)."""
        layout = self.layout()
        if note:
            self.note = big_label(note, 28, bold=True, color=theme.GREEN)
            self.note.setObjectName("actions-note")
            layout.insertWidget(layout.count() - 1, self.note)
        layout.insertSpacing(layout.count() - 1, 16)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        layout.insertLayout(layout.count() - 1, row)


class QtPinPage(QWidget):
    sig_pin = Signal(str)
    """A PIN was entered."""
    sig_home = Signal()
    """Cancelled."""

    def __init__(self):
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addWidget(big_label(tr("Mã PIN của quản lý"), 30, bold=True, color=theme.NAVY))
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setStyleSheet("font-size: 36px; padding: 10px;")
        layout.addWidget(self.pin)
        pad = QtPinPad()
        pad.sig_key.connect(self.pin.insert)
        pad.sig_backspace.connect(self.pin.backspace)
        pad.sig_clear.connect(self.pin.clear)
        layout.addWidget(pad, 1)
        row = QHBoxLayout()
        ok = big_button(tr("Mở khóa"), "btn-unlock", "ok")
        ok.clicked.connect(lambda: self.sig_pin.emit(self.pin.text()))
        cancel = big_button(tr("Hủy"), "btn-cancel", "quiet")
        cancel.clicked.connect(self.sig_home.emit)
        row.addWidget(ok)
        row.addWidget(cancel)
        layout.addLayout(row)
