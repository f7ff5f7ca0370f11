"""Tra cứu thủ tục: browse by field, search with or without diacritics, read a procedure, print a guide."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from core.i18n import decimal, tr
from db.store.views import ServiceInfo
from kiosk.printing import document_line
from kiosk.qt_keyboard import QtKeyboard
from kiosk.qt_pages import big_button, big_label, kinetic
from ui import theme


class QtProcedurePage(QWidget):
    sig_search = Signal(str, str)
    """(field prefix or "", text) to look up."""
    sig_open = Signal(str)
    """A procedure (code) was chosen."""
    sig_print = Signal(str)
    """Print the guide slip for this procedure (code)."""
    sig_take = Signal(str)
    """Take a ticket for the field (prefix) of the procedure shown."""
    sig_home = Signal()
    """Back home."""

    def __init__(self):
        super().__init__()
        self.field = ""
        self.current_code = ""
        self.current_prefix = ""  # the field of the procedure shown: "Lấy số cho thủ tục này" takes its ticket
        self._prefixes: dict[int, str] = {}  # field id → prefix, of the fields that issue tickets
        self._closed_today: set[str] = set()  # fields the manager closed for the day
        self._issuing, self._why_not = True, ""
        layout = QVBoxLayout(self)
        layout.addWidget(big_label(tr("Tra cứu thủ tục hành chính"), 30, bold=True, color=theme.NAVY))
        self.fields = QGridLayout()  # the field chips: one row on a wide screen, several on a tall one
        layout.addLayout(self.fields)
        self.portrait = False
        self.query = QLineEdit()
        self.query.setObjectName("procedure-query")
        self.query.setPlaceholderText(tr("Gõ tên thủ tục, có dấu hoặc không dấu (ví dụ: khai sinh)"))
        self.query.setStyleSheet("font-size: 26px; padding: 10px;")
        self.query.textChanged.connect(self._typed)
        layout.addWidget(self.query)
        body = QHBoxLayout()
        self.results = QListWidget()
        self.results.setObjectName("procedure-results")
        # a touched row stays readable: dark text on gold, not the default white-on-navy that looked blank
        self.results.setStyleSheet("QListWidget { font-size: 24px; } QListWidget::item { padding: 12px;"
                                   f" border-bottom: 1px solid {theme.MIST}; }}"
                                   f" QListWidget::item:selected {{ background: {theme.GOLD}; color: {theme.INK}; }}")
        self.results.itemClicked.connect(lambda item: self.sig_open.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.detail = QTextBrowser()
        self.detail.setObjectName("procedure-detail")
        self.detail.setStyleSheet("font-size: 22px;")
        for view in (self.results, self.detail):  # a finger drags the list itself, or its wide scroll bar
            view.verticalScrollBar().setStyleSheet("QScrollBar:vertical { width: 44px; }")
            kinetic(view)
        body.addWidget(self.results, 1)
        body.addWidget(self.detail, 1)
        layout.addLayout(body, 1)
        self.keyboard = keyboard = QtKeyboard()
        keyboard.sig_key.connect(lambda ch: self.query.insert(ch.lower()))
        keyboard.sig_backspace.connect(self.query.backspace)
        keyboard.sig_clear.connect(self.query.clear)
        layout.addWidget(keyboard)
        # a row of its own (shown with a procedure, when the keyboard is away): whole words on a portrait screen
        self.take = big_button(tr("Lấy số cho thủ tục này"), "btn-take-for-procedure", grow=False)  # navy as the tiles
        self.take.clicked.connect(lambda: self.current_prefix and self.sig_take.emit(self.current_prefix))
        self.take.hide()
        layout.addWidget(self.take)
        row = QHBoxLayout()
        self.print = big_button(tr("In hướng dẫn"), "btn-print-guide", "ok")
        self.print.clicked.connect(lambda: self.sig_print.emit(self.current_code))  # "" : the window says what to do
        self.show_keyboard = big_button(tr("Tìm thủ tục khác"), "btn-keyboard", "ok")
        self.show_keyboard.clicked.connect(lambda: self._keyboard(True))
        self.show_keyboard.hide()
        row.addWidget(self.show_keyboard)
        back = big_button(tr("Về trang chủ"), "btn-home", "quiet")
        back.clicked.connect(self.sig_home.emit)
        row.addWidget(self.print)
        row.addWidget(back)
        layout.addLayout(row)
        self.field_buttons: list[QPushButton] = []

    def set_fields(self, services: list[ServiceInfo]) -> None:
        self._prefixes = {s.id: s.prefix for s in services if s.active}
        self._closed_today = {s.prefix for s in services if s.closed_today}
        if self.field_buttons:
            return
        for key, label in [("", tr("Tất cả"))] + [(s.prefix, s.name) for s in services if s.active]:
            button = QPushButton(label)
            button.setObjectName(f"field-{key or 'all'}")
            button.setCheckable(True)
            button.setChecked(key == "")
            button.setStyleSheet("QPushButton { font-size: 20px; padding: 12px; }"  # the chosen field stands out
                                 f" QPushButton:checked {{ background: {theme.GOLD}; color: {theme.NAVY};"
                                 f" border: 4px solid {theme.NAVY}; font-weight: bold; }}")
            button.clicked.connect(lambda _=False, k=key: self._field(k))
            self.field_buttons.append(button)
        self._place_chips()

    def set_portrait(self, portrait: bool) -> None:
        if portrait != self.portrait:
            self.portrait = portrait
            self._place_chips()

    def _place_chips(self) -> None:
        columns = 2 if self.portrait else max(1, len(self.field_buttons))
        for b in self.field_buttons:
            self.fields.removeWidget(b)
        for i, b in enumerate(self.field_buttons):
            self.fields.addWidget(b, i // columns, i % columns)

    def _field(self, key: str) -> None:
        self.field = key
        for b in self.field_buttons:
            b.setChecked(b.objectName() == f"field-{key or 'all'}")
        self._clear_detail()
        self.sig_search.emit(key, self.query.text())

    def _typed(self, text: str) -> None:
        self._clear_detail()  # a new search: the procedure read before must not stay (nor be printed)
        self.sig_search.emit(self.field, text)

    def _clear_detail(self) -> None:
        self.detail.clear()
        self.current_code = ""
        self.current_prefix = ""
        self.take.hide()

    def set_issuing(self, issuing: bool, why_not: str = "") -> None:
        """Whether a ticket can be taken now (office open, paper in); `why_not` shows on the button when not."""
        self._issuing, self._why_not = issuing, why_not
        self._show_take()

    def _show_take(self) -> None:
        self.take.setVisible(bool(self.current_prefix) and self.keyboard.isHidden())
        closed = self.current_prefix in self._closed_today
        self.take.setEnabled(self._issuing and not closed)
        self.take.setText(self._why_not if not self._issuing else tr("Lấy số: lĩnh vực này tạm ngưng hôm nay")
                          if closed else tr("Lấy số cho thủ tục này"))

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
        self.current_prefix = self._prefixes.get(p.service_id, "") if p.service_id is not None else ""
        e = html.escape  # catalog text is text: an imported "<a href=…>" shows as typed (ui/qt_plain_text.py)
        docs = "".join(f"<li>{e(document_line(d))}</li>" for d in p.documents)
        self.detail.setHtml(
            f"<h2>{e(p.name)}</h2><p><b>{tr('Mã thủ tục')}:</b> {e(p.code)}<br>"
            f"<b>{tr('Lĩnh vực')}:</b> {e(p.service_name)}<br><b>{tr('Thời hạn giải quyết')}:</b> "
            f"{_days(p.processing_days)}<br><b>{tr('Lệ phí')}:</b> {e(p.fee or '—')}<br>"
            f"<b>{tr('Nơi nộp')}:</b> {e(p.where_to_submit or '—')}<br><b>{tr('Mức độ trực tuyến')}:</b> "
            f"{e(p.online_level or '—')}</p><p><b>{tr('Thành phần hồ sơ')}:</b></p><ul>{docs}</ul>"
        )
        self._keyboard(False)  # the whole height for reading; "Tìm thủ tục khác" brings the keys back
        self._show_take()

    def _keyboard(self, shown: bool) -> None:
        self.keyboard.setVisible(shown)
        self.show_keyboard.setVisible(not shown)
        self._show_take()

    def reset(self) -> None:
        """Back to an empty search for the next citizen."""
        self.query.clear()
        self._clear_detail()
        self._keyboard(True)


def _days(days: float) -> str:
    if days == 0:
        return tr("Giải quyết ngay")
    return tr("{days} ngày làm việc", days=decimal(days))

