"""Finding a dossier (by scan or typed code): status, history, due date, and what can be done next."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDateTimeEdit, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from core.i18n import N_, decimal, tr
from db.store.dossiers import CHANNEL_LABELS, CHANNELS_OUT, DossierInfo, status_label
from ui import theme

# action, label, statuses it applies to
PRINTS = ("receipt", "control")  # papers printed from what is read: allowed while the store cannot write
ACTIONS = [
    ("hand_over", N_("Chuyển cơ quan giải quyết"), ("received", "processing")),
    ("resolved", N_("Đã có kết quả"), ("received", "processing")),
    ("return", N_("Trả kết quả"), ("resolved",)),
    ("supplement", N_("Nhận hồ sơ bổ sung"), ("supplement_requested",)),
    ("apology", N_("Xin lỗi, hẹn lại ngày trả"), ("received", "processing", "supplement_requested")),
    ("receipt", N_("In giấy hẹn"), ("received", "processing", "supplement_requested", "resolved", "returned")),
    ("control", N_("In phiếu kiểm soát"), ("received", "processing", "supplement_requested", "resolved",
                                          "returned")),
]


def days_left_text(days: float | None, overdue: bool) -> str:
    if days is None:
        return ""
    if overdue:
        return tr("Quá hạn {n} ngày làm việc", n=decimal(abs(days))) if days else tr("Quá hạn")
    if not days:
        return tr("Đến hạn trong buổi làm việc này")
    return tr("Còn {n} ngày làm việc", n=decimal(days))


class QtDossierPage(QWidget):
    """One dossier; the window performs the actions (each one store operation)."""

    sig_open = Signal(str)
    """Open the dossier with this (typed) code."""
    sig_action = Signal(str, dict)
    """(action, its inputs): hand_over, resolved, return, supplement, apology, receipt, control."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.info: DossierInfo | None = None
        self.blocked = False  # the store cannot write: only the papers can be printed
        root = QVBoxLayout(self)
        row = QHBoxLayout()
        self.code_input = QLineEdit(placeholderText=tr("Quét hoặc gõ mã hồ sơ, ví dụ 000.00.20.H10-261125-0001"))
        self.code_input.setFont(theme.font(14))
        self.code_input.returnPressed.connect(self._open)
        go = QPushButton(tr("Mở hồ sơ"))
        go.clicked.connect(self._open)
        row.addWidget(self.code_input, 1)
        row.addWidget(go)
        root.addLayout(row)
        body = QHBoxLayout()
        left = QVBoxLayout()
        self.code = QLabel(tr("Chưa mở hồ sơ nào"))
        self.code.setFont(theme.font(20, bold=True))
        self.code.setStyleSheet(f"color: {theme.NAVY};")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setFont(theme.font(15, bold=True))
        self.due = QLabel()
        self.due.setFont(theme.font(15, bold=True))
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setFont(theme.font(12))
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for w in (self.code, self.status, self.due, self.details):
            left.addWidget(w)
        self.history = QTableWidget(0, 5)
        self.history.setHorizontalHeaderLabels([tr("Thời gian"), tr("Thao tác"), tr("Người thực hiện"),
                                                tr("Cơ quan"), tr("Ghi chú")])
        self.history.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        left.addWidget(QLabel(tr("Quá trình giải quyết")))
        left.addWidget(self.history, 1)
        body.addLayout(left, 3)
        box = QGroupBox(tr("Thao tác"))
        form = QFormLayout(box)
        self.agency = QComboBox(editable=True)
        self.to_whom = QLineEdit()
        self.channel = QComboBox()
        for ch in CHANNELS_OUT:
            self.channel.addItem(tr(CHANNEL_LABELS[ch]), ch)
        self.tracking = QLineEdit(placeholderText=tr("Bắt buộc khi trả qua bưu chính"))
        self.new_due = QDateTimeEdit(calendarPopup=True, displayFormat="HH:mm dd/MM/yyyy")
        self.note = QLineEdit(placeholderText=tr("Ghi chú, hoặc lý do chậm trả (phiếu xin lỗi)"))
        form.addRow(tr("Cơ quan giải quyết"), self.agency)
        form.addRow(tr("Người nhận kết quả"), self.to_whom)
        form.addRow(tr("Kênh trả kết quả"), self.channel)
        form.addRow(tr("Số vận đơn"), self.tracking)
        form.addRow(tr("Ngày hẹn mới"), self.new_due)
        form.addRow(tr("Ghi chú / lý do"), self.note)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, (name, label, _) in enumerate(ACTIONS):
            button = QPushButton(tr(label))
            button.setMinimumHeight(44)
            if name == "apology":
                button.setProperty("role", "danger")
            elif name in ("receipt", "control"):
                button.setProperty("role", "quiet")
            button.clicked.connect(lambda _=False, n=name: self.sig_action.emit(n, self.inputs()))
            self.buttons[name] = button
            grid.addWidget(button, i // 2, i % 2)
        form.addRow(grid)
        body.addWidget(box, 2)
        root.addLayout(body, 1)
        self.show_dossier(None)

    def set_blocked(self, blocked: bool) -> None:
        """While the store cannot write, only the papers can be printed (the window's banner says why)."""
        self.blocked = blocked
        self._enable()

    def _enable(self) -> None:
        info = self.info
        for name, _, allowed in ACTIONS:
            writes = name not in PRINTS
            self.buttons[name].setEnabled(info is not None and info.status in allowed
                                          and not (writes and self.blocked))

    def _open(self) -> None:
        code = self.code_input.text().strip()
        if code:
            self.sig_open.emit(code)

    def inputs(self) -> dict:
        return {"agency": self.agency.currentText().strip(), "to_whom": self.to_whom.text().strip(),
                "channel": self.channel.currentData(), "tracking_number": self.tracking.text().strip(),
                "new_due_at": self.new_due.dateTime().toPython(), "note": self.note.text().strip()}

    def show_dossier(self, info: DossierInfo | None, *, days_left: float | None = None, now: datetime | None = None,
                     agencies: list[str] = (), tz=None, suggested_due: datetime | None = None) -> None:
        self.info = info
        self._enable()
        if info is None:
            self.status.clear(), self.due.clear(), self.details.clear()
            self.history.setRowCount(0)
            return
        local = (lambda at: at.astimezone(tz) if tz and at else at)
        self.code_input.setText(info.code)
        self.code.setText(info.code)
        self.status.setText(tr("Trạng thái: {status}", status=status_label(info.status)))
        late = info.overdue(now) if now else False
        due_text = tr("Hẹn trả: {time}", time=f"{local(info.due_at):%H:%M %d/%m/%Y}")
        if info.is_open:
            due_text += "  ·  " + days_left_text(days_left, late)
        self.due.setText(due_text)
        self.due.setStyleSheet(f"color: {theme.RED if late else theme.GREEN};")
        lines = [tr("Thủ tục: {name}", name=info.procedure_name),
                 tr("Người nộp: {name} · {phone}", name=info.applicant_name, phone=info.phone or "—"),
                 tr("Tiếp nhận: {time} bởi {clerk}", time=f"{local(info.received_at):%H:%M %d/%m/%Y}",
                    clerk=info.received_by_name or "—")]
        if info.handled_by_agency:
            lines.append(tr("Cơ quan giải quyết: {agency}", agency=info.handled_by_agency))
        if info.apology_count:
            lines.append(tr("Đã xin lỗi {n} lần; hẹn ban đầu {time}", n=info.apology_count,
                            time=f"{local(info.original_due_at):%H:%M %d/%m/%Y}"))
        if info.returned_at:
            lines.append(tr("Đã trả cho {who} ({channel}) lúc {time}", who=info.returned_to,
                            channel=tr(CHANNEL_LABELS.get(info.return_channel, info.return_channel)),
                            time=f"{local(info.returned_at):%H:%M %d/%m/%Y}")
                         + (f" · {info.tracking_number}" if info.tracking_number else ""))
        self.details.setText("\n".join(lines))
        self.history.setRowCount(len(info.history))
        for row, step in enumerate(info.history):
            for col, text in enumerate((f"{local(step.at):%H:%M %d/%m/%Y}", step.label, step.user_name, step.agency,
                                        step.note)):
                self.history.setItem(row, col, QTableWidgetItem(text))
        self.history.resizeColumnsToContents()
        self.agency.clear()
        self.agency.addItems([a for a in agencies if a])
        self.to_whom.setText(info.applicant_name)
        self.channel.setCurrentIndex(max(0, self.channel.findData(info.channel_out)))
        base = max(now or info.due_at, info.due_at)
        suggested = suggested_due or base + timedelta(days=3)  # the desk asks the office's calendar for a working time
        self.new_due.setDateTime(QDateTime(local(suggested).replace(tzinfo=None)))
