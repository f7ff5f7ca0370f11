"""The calling desk: the big "now serving" panel with its actions, and the live lists beside it."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from core.i18n import N_, decimal, tr
from db.store.tickets import status_label
from db.store.views import ClerkFigures, TicketInfo
from ui import theme

# action name, label, shortcut; each is one store operation
ACTIONS = [
    ("call_next", N_("Gọi tiếp"), "F1"), ("recall", N_("Gọi lại"), "F2"), ("start", N_("Bắt đầu phục vụ"), "F3"),
    ("finish", N_("Kết thúc"), "F4"), ("no_show", N_("Vắng mặt"), "F5"), ("park", N_("Tạm dừng"), "F6"),
]
PRIORITY_LABELS = {
    "elderly": N_("Người cao tuổi"), "disabled": N_("Người khuyết tật"), "pregnant": N_("Phụ nữ mang thai"),
    "veteran": N_("Người có công"), "child": N_("Trẻ em"), "appointment": N_("Có lịch hẹn"),
}


def priority_label(priority: str | None) -> str:
    return "" if not priority else "★ " + tr(PRIORITY_LABELS.get(priority, priority))


class QtServingPanel(QGroupBox):
    """The current citizen, always in view, and what the clerk can do with them."""

    sig_action = Signal(str)
    """An action button was pressed: call_next, recall, start, finish, no_show, park, cancel."""
    sig_call_code = Signal(str)
    """Call this ticket code now."""
    sig_transfer = Signal(str, str)
    """Transfer the current citizen: ("service", prefix) or ("counter", number)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(tr("Đang phục vụ"), parent)
        self.setStyleSheet(f"QGroupBox {{ font-size: 18px; font-weight: bold; color: {theme.NAVY}; }}")
        root = QVBoxLayout(self)
        self.code = QLabel("—")
        self.code.setFont(theme.font(96, bold=True))
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setStyleSheet(f"color: {theme.RED}; background: {theme.MIST}; border-radius: 16px;")
        self.code.setMinimumHeight(190)
        self.detail = QLabel(tr("Chưa gọi số nào. Nhấn F1 để gọi số tiếp theo."))
        self.detail.setFont(theme.font(15))
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        root.addWidget(self.code)
        root.addWidget(self.detail)
        self.note = QLabel()  # what to do before calling the next citizen
        self.note.setFont(theme.font(14, bold=True))
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setStyleSheet(f"color: {theme.RED}; background: #FFF4D6; border-radius: 8px; padding: 6px;")
        self.note.hide()
        root.addWidget(self.note)
        root.addStretch(1)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, (name, label, key) in enumerate(ACTIONS):
            button = QPushButton(f"{tr(label)}  ({key})")
            button.setFont(theme.font(14, bold=True))
            button.setMinimumHeight(56)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the F-keys do not depend on focus
            if name == "call_next":
                button.setProperty("role", "ok")
            elif name == "no_show":
                button.setProperty("role", "danger")
            button.clicked.connect(lambda _=False, n=name: self.sig_action.emit(n))
            self.buttons[name] = button
            grid.addWidget(button, i // 3, i % 3)
        root.addLayout(grid)
        row = QHBoxLayout()
        self.call_code = QLineEdit(placeholderText=tr("Số cần gọi, ví dụ A012"))
        self.call_code.returnPressed.connect(self._call_code)
        call = QPushButton(tr("Gọi số này (F7)"))
        call.clicked.connect(self._call_code)
        self.buttons["call_code"] = call
        row.addWidget(self.call_code, 1)
        row.addWidget(call)
        root.addLayout(row)
        row = QHBoxLayout()
        self.transfer_to = QComboBox()
        self.transfer_to.setMinimumWidth(200)
        # long field names must not widen the window past a 1366-pixel screen: the list shows them whole
        self.transfer_to.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.transfer_to.setMinimumContentsLength(16)
        transfer = QPushButton(tr("Chuyển (F8)"))
        transfer.clicked.connect(self._transfer)
        cancel = QPushButton(tr("Hủy số"))
        cancel.setProperty("role", "danger")
        cancel.clicked.connect(lambda: self.sig_action.emit("cancel"))
        self.buttons["transfer"], self.buttons["cancel"] = transfer, cancel
        row.addWidget(QLabel(tr("Chuyển đến:")))
        row.addWidget(self.transfer_to, 1)
        row.addWidget(transfer)
        row.addWidget(cancel)
        root.addLayout(row)
        self.busy = False
        self.blocked = False  # the store cannot write (full disk, read-only, file lost): nothing to press
        self._enabled: dict[str, bool] = {}
        self.show_ticket(None)

    def set_busy(self, busy: bool) -> None:
        """An action is being carried out: the buttons wait for it (F-keys pressed meanwhile are refused)."""
        self.busy = busy
        call = self.buttons["call_next"]
        call.setText(tr("Đang xử lý…") if busy else f"{tr(ACTIONS[0][1])}  ({ACTIONS[0][2]})")
        self._enable_buttons()

    def set_blocked(self, blocked: bool) -> None:
        """While the store cannot write, every action waits (the window's banner says why)."""
        self.blocked = blocked
        self._enable_buttons()

    def _enable_buttons(self) -> None:
        for name, button in self.buttons.items():
            button.setEnabled(self.can(name))

    def explain(self, text: str) -> None:
        """Say on the panel what the clerk must do first ("" hides it)."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def set_targets(self, services, counters, own_number: int) -> None:
        """Fields and other counters the current citizen can be sent to."""
        self.transfer_to.clear()
        for s in services:
            if s.active:
                self.transfer_to.addItem(tr("Lĩnh vực {prefix} - {name}", prefix=s.prefix, name=s.name),
                                         f"service:{s.prefix}")
        for c in counters:
            if c.number != own_number and c.active:
                self.transfer_to.addItem(c.name or tr("Quầy {number}", number=c.number), f"counter:{c.number}")

    def _call_code(self) -> None:
        code = self.call_code.text().strip().upper()
        if code:
            self.sig_call_code.emit(code)
            self.call_code.clear()

    def _transfer(self) -> None:
        target = self.transfer_to.currentData()
        if target:
            self.sig_transfer.emit(*target.split(":", 1))

    def show_ticket(self, ticket: TicketInfo | None) -> None:
        """Show the counter's current ticket (None: nobody) and enable what makes sense."""
        status = ticket.status if ticket else None
        if ticket is None:
            self.code.setText("—")
            self.detail.setText(tr("Chưa gọi số nào. Nhấn F1 để gọi số tiếp theo."))
        else:
            self.code.setText(ticket.code)
            parts = [ticket.service_name, status_label(ticket.status)]
            if ticket.priority:
                parts.append(priority_label(ticket.priority))
            if ticket.call_count > 1:
                parts.append(tr("đã gọi {n} lần", n=ticket.call_count))
            self.detail.setText("  ·  ".join(parts))
        active = status in ("called", "serving")
        self._enabled = {"call_next": True, "call_code": True, "recall": active, "start": status == "called",
                         "finish": active, "no_show": status == "called", "park": active, "transfer": active,
                         "cancel": status == "called"}
        if status != "called":
            self.explain("")
        self._enable_buttons()

    def can(self, action: str) -> bool:
        """This action makes sense for the current ticket, nothing is being carried out and the store writes."""
        return not self.busy and not self.blocked and self._enabled.get(action, True)


class QtQueueLists(QWidget):
    """Waiting tickets of this counter's fields, the parked and no-show lists, and today's figures."""

    sig_resume = Signal(str)
    """Bring this parked ticket back to the counter."""
    sig_reactivate = Signal(str)
    """Put this no-show ticket back in the queue."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        root = QVBoxLayout(self)
        self.waiting_title = QLabel(tr("Đang chờ"))
        self.waiting_title.setFont(theme.font(15, bold=True))
        root.addWidget(self.waiting_title)
        self.waiting = QTableWidget(0, 4)
        self.waiting.setHorizontalHeaderLabels([tr("Số"), tr("Lĩnh vực"), tr("Ưu tiên"), tr("Đã chờ")])
        self.waiting.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.waiting.verticalHeader().hide()
        self.waiting.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.waiting.setAlternatingRowColors(True)
        self.waiting.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        root.addWidget(self.waiting, 3)
        lists = QHBoxLayout()
        self.parked = QListWidget()
        self.no_show = QListWidget()
        for title, widget, label, signal in ((tr("Tạm dừng"), self.parked, tr("Phục vụ tiếp"), self.sig_resume),
                                             (tr("Vắng mặt"), self.no_show, tr("Cho chờ lại"), self.sig_reactivate)):
            box = QVBoxLayout()
            heading = QLabel(title)
            heading.setFont(theme.font(13, bold=True))
            button = QPushButton(label)
            button.setProperty("role", "quiet")
            button.clicked.connect(lambda _=False, w=widget, s=signal: self._pick(w, s))
            widget.itemActivated.connect(lambda item, s=signal: s.emit(item.data(Qt.ItemDataRole.UserRole)))
            box.addWidget(heading)
            box.addWidget(widget)
            box.addWidget(button)
            lists.addLayout(box)
        root.addLayout(lists, 2)
        self.figures = QLabel()
        self.figures.setFont(theme.font(13))
        self.figures.setWordWrap(True)
        self.figures.setStyleSheet(f"background: {theme.MIST}; border-radius: 8px; padding: 8px;")
        root.addWidget(self.figures)

    @staticmethod
    def _pick(widget: QListWidget, signal) -> None:
        item = widget.currentItem() or widget.item(0)
        if item is not None:
            signal.emit(item.data(Qt.ItemDataRole.UserRole))

    def show_queue(self, waiting: list[TicketInfo], parked: list[TicketInfo], no_show: list[TicketInfo],
                   now: datetime) -> None:
        self.waiting_title.setText(tr("Đang chờ: {n} người", n=len(waiting)))
        self.waiting.setRowCount(len(waiting))
        for row, t in enumerate(waiting):
            minutes = max(0, int((now - t.issued_at).total_seconds() // 60))
            cells = [t.code, t.service_name, priority_label(t.priority), tr("{n} phút", n=minutes)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if t.priority:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.waiting.setItem(row, col, item)
        self.waiting.resizeColumnToContents(0)
        for widget, tickets in ((self.parked, parked), (self.no_show, no_show)):
            widget.clear()
            for t in tickets:
                item = QListWidgetItem(f"{t.code}  ·  {t.service_name}")
                item.setData(Qt.ItemDataRole.UserRole, t.code)
                widget.addItem(item)

    def show_figures(self, figures: ClerkFigures) -> None:
        mean = "—" if figures.mean_service_minutes is None else tr("{n} phút", n=decimal(figures.mean_service_minutes))
        rated = sum(figures.ratings.values())
        happy = figures.ratings.get(3, 0) + figures.ratings.get(2, 0)
        self.figures.setText(tr("Hôm nay: đã phục vụ {served} · vắng mặt {no_show} · thời gian phục vụ trung bình "
                                "{mean} · hài lòng {happy}/{rated}", served=figures.served, no_show=figures.no_show,
                                mean=mean, happy=happy, rated=rated))

    def waiting_codes(self) -> list[str]:
        return [self.waiting.item(r, 0).text() for r in range(self.waiting.rowCount())]
