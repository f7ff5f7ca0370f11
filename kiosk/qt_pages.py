"""The kiosk's screens. Each page only shows; the window (qt_kiosk.py) decides and acts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.i18n import N_, tr
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
    button.setMinimumHeight(90)
    button.setSizePolicy(QSizePolicy.Policy.Expanding,
                         QSizePolicy.Policy.Expanding if grow else QSizePolicy.Policy.Fixed)
    button.setStyleSheet(f"font-size: {size}px; font-weight: bold; padding: 14px;")
    if role:
        button.setProperty("role", role)
    return button


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
        row = QHBoxLayout()
        self.priority = big_button(tr("ƯU TIÊN\nNgười cao tuổi, khuyết tật, mang thai, người có công, trẻ em"),
                                   "btn-priority", "danger", 24)
        self.procedures = big_button(tr("Tra cứu thủ tục"), "btn-procedures", "ok")
        self.dossier = big_button(tr("Tra cứu hồ sơ"), "btn-dossier", "ok")
        row.addWidget(self.priority, 2)
        row.addWidget(self.procedures, 1)
        row.addWidget(self.dossier, 1)
        layout.addLayout(row)
        self.tiles: dict[str, QPushButton] = {}

    def show_services(self, services: list[ServiceInfo], *, enabled: bool) -> None:
        active = [s for s in services if s.active]
        if [s.prefix for s in active] != list(self.tiles):
            for tile in self.tiles.values():
                tile.deleteLater()
            self.tiles = {}
            columns = 2 if len(active) <= 6 else 3
            for i, service in enumerate(active):
                tile = big_button("", f"tile-{service.prefix}", size=32)
                tile.clicked.connect(lambda _=False, p=service.prefix: self.sig_take.emit(p))
                self.grid.addWidget(tile, i // columns, i % columns)
                self.tiles[service.prefix] = tile
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
        for i, (key, label) in enumerate(PRIORITY_GROUPS.items()):
            button = big_button(tr(label), f"group-{key}", "danger")
            button.clicked.connect(lambda _=False, k=key: self.choose_group(k))
            groups.addWidget(button, i // 3, i % 3)
        layout.addLayout(groups)
        self.fields_title = big_label(tr("Chọn lĩnh vực"), 26, bold=True, color=theme.NAVY)
        layout.addWidget(self.fields_title)
        self.fields = QGridLayout()
        layout.addLayout(self.fields, 1)
        back = big_button(tr("Quay lại"), "btn-back", "quiet")
        back.clicked.connect(self.sig_home.emit)
        layout.addWidget(back)
        self.buttons: list[QPushButton] = []

    def show_services(self, services: list[ServiceInfo]) -> None:
        for b in self.buttons:
            b.deleteLater()
        self.buttons = []
        for i, service in enumerate(s for s in services if s.active and not s.closed_today):
            button = big_button(f"{service.prefix} · {service.name}", f"pfield-{service.prefix}", size=22)
            button.clicked.connect(lambda _=False, p=service.prefix: self._take(p))
            self.fields.addWidget(button, i // 3, i % 3)
            self.buttons.append(button)
        self.choose_group(None)

    def choose_group(self, group: str | None) -> None:
        self.group = group
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
        priority = f" · {tr('Ưu tiên')}" if ticket.priority else ""
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


class QtProcedurePage(QWidget):
    sig_search = Signal(str, str)
    """(field prefix or "", text) to look up."""
    sig_open = Signal(str)
    """A procedure (code) was chosen."""
    sig_print = Signal(str)
    """Print the guide slip for this procedure (code)."""
    sig_home = Signal()
    """Back home."""

    def __init__(self):
        super().__init__()
        self.field = ""
        self.current_code = ""
        layout = QVBoxLayout(self)
        layout.addWidget(big_label(tr("Tra cứu thủ tục hành chính"), 30, bold=True, color=theme.NAVY))
        self.fields = QHBoxLayout()
        layout.addLayout(self.fields)
        self.query = QLineEdit()
        self.query.setObjectName("procedure-query")
        self.query.setPlaceholderText(tr("Gõ tên thủ tục, có dấu hoặc không dấu (ví dụ: khai sinh)"))
        self.query.setStyleSheet("font-size: 26px; padding: 10px;")
        self.query.textChanged.connect(lambda text: self.sig_search.emit(self.field, text))
        layout.addWidget(self.query)
        body = QHBoxLayout()
        self.results = QListWidget()
        self.results.setObjectName("procedure-results")
        self.results.setStyleSheet("QListWidget { font-size: 24px; } QListWidget::item { padding: 12px;"
                                   f" border-bottom: 1px solid {theme.MIST}; }}")
        self.results.itemClicked.connect(lambda item: self.sig_open.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.detail = QTextBrowser()
        self.detail.setObjectName("procedure-detail")
        self.detail.setStyleSheet("font-size: 20px;")
        body.addWidget(self.results, 1)
        body.addWidget(self.detail, 1)
        layout.addLayout(body, 1)
        keyboard = QtKeyboard()
        keyboard.sig_key.connect(lambda ch: self.query.insert(ch.lower()))
        keyboard.sig_backspace.connect(self.query.backspace)
        keyboard.sig_clear.connect(self.query.clear)
        layout.addWidget(keyboard)
        row = QHBoxLayout()
        self.print = big_button(tr("In hướng dẫn"), "btn-print-guide", "ok")
        self.print.clicked.connect(lambda: self.sig_print.emit(self.current_code))
        self.print.setEnabled(False)
        back = big_button(tr("Về trang chủ"), "btn-home", "quiet")
        back.clicked.connect(self.sig_home.emit)
        row.addWidget(self.print)
        row.addWidget(back)
        layout.addLayout(row)
        self.field_buttons: list[QPushButton] = []

    def set_fields(self, services: list[ServiceInfo]) -> None:
        if self.field_buttons:
            return
        for key, label in [("", tr("Tất cả"))] + [(s.prefix, s.name) for s in services if s.active]:
            button = QPushButton(label)
            button.setObjectName(f"field-{key or 'all'}")
            button.setCheckable(True)
            button.setChecked(key == "")
            button.setStyleSheet("font-size: 18px; padding: 10px;")
            button.clicked.connect(lambda _=False, k=key: self._field(k))
            self.fields.addWidget(button)
            self.field_buttons.append(button)

    def _field(self, key: str) -> None:
        self.field = key
        for b in self.field_buttons:
            b.setChecked(b.objectName() == f"field-{key or 'all'}")
        self.sig_search.emit(key, self.query.text())

    def show_results(self, procedures) -> None:
        self.results.clear()
        for p in procedures:
            item = QListWidgetItem(f"{p.name}\n{p.service_name} · {_days(p.processing_days)}")
            item.setData(Qt.ItemDataRole.UserRole, p.code)
            self.results.addItem(item)
        if not procedures:
            self.results.addItem(QListWidgetItem(tr("Không tìm thấy thủ tục phù hợp.")))

    def show_procedure(self, p) -> None:
        self.current_code = p.code
        docs = "".join(f"<li>{d['name']} ({_form(d['form'])}, {d['quantity']})</li>" for d in p.documents)
        self.detail.setHtml(
            f"<h2>{p.name}</h2><p><b>{tr('Mã thủ tục')}:</b> {p.code}<br>"
            f"<b>{tr('Lĩnh vực')}:</b> {p.service_name}<br><b>{tr('Thời hạn giải quyết')}:</b> "
            f"{_days(p.processing_days)}<br><b>{tr('Lệ phí')}:</b> {p.fee or '—'}<br>"
            f"<b>{tr('Nơi nộp')}:</b> {p.where_to_submit or '—'}<br><b>{tr('Mức độ trực tuyến')}:</b> "
            f"{p.online_level or '—'}</p><p><b>{tr('Thành phần hồ sơ')}:</b></p><ul>{docs}</ul>"
        )
        self.print.setEnabled(True)


def _days(days: float) -> str:
    if days == 0:
        return tr("Giải quyết ngay")
    return tr("{days} ngày làm việc", days=f"{days:g}".replace(".", ","))


def _form(form: str) -> str:
    return tr({"original": N_("bản chính"), "copy": N_("bản sao"),
               "original_or_copy": N_("bản chính hoặc bản sao")}.get(form, form))


class QtDossierPage(QWidget):
    sig_lookup = Signal(str)
    """Look up this dossier code."""
    sig_home = Signal()
    """Back home."""

    def __init__(self):
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addWidget(big_label(tr("Tra cứu hồ sơ"), 30, bold=True, color=theme.NAVY))
        layout.addWidget(big_label(tr("Đưa mã vạch hoặc mã QR trên giấy biên nhận vào máy quét, hoặc nhập mã hồ sơ"),
                                   24))
        self.code = QLineEdit()
        self.code.setObjectName("dossier-code")
        self.code.setStyleSheet("font-size: 28px; padding: 10px;")
        self.code.returnPressed.connect(lambda: self.sig_lookup.emit(self.code.text()))
        layout.addWidget(self.code)
        self.result = QTextBrowser()
        self.result.setObjectName("dossier-result")
        self.result.setStyleSheet("font-size: 24px;")
        layout.addWidget(self.result, 1)
        keyboard = QtKeyboard(space=False)
        keyboard.sig_key.connect(self.code.insert)
        keyboard.sig_backspace.connect(self.code.backspace)
        keyboard.sig_clear.connect(self.code.clear)
        layout.addWidget(keyboard)
        row = QHBoxLayout()
        find = big_button(tr("Tra cứu"), "btn-lookup", "ok")
        find.clicked.connect(lambda: self.sig_lookup.emit(self.code.text()))
        back = big_button(tr("Về trang chủ"), "btn-home", "quiet")
        back.clicked.connect(self.sig_home.emit)
        row.addWidget(find)
        row.addWidget(back)
        layout.addLayout(row)

    def clear(self) -> None:
        """Forget the last lookup: the next citizen must not see it."""
        self.code.clear()
        self.result.clear()


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
