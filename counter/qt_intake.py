"""Tiếp nhận hồ sơ: pick the procedure, fill the applicant, tick the papers, see the due date, save."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QSpinBox, QTableWidget, QVBoxLayout, QWidget,
)

from core.cccd import CccdCard
from core.i18n import N_, decimal, tr
from db.store.catalog import DOCUMENT_FORM_NAMES, ProcedureInfo
from db.store.dossiers import CHANNEL_LABELS, CHANNELS_IN, CHANNELS_OUT
from ui import theme



class QtIntakePage(QWidget):
    """The intake form; the window does the store calls (search, preview, save)."""

    sig_search = Signal(str)
    """Search procedures for this text (diacritics optional)."""
    sig_procedure = Signal(str)
    """The clerk picked this procedure code: load it and preview its due date."""
    sig_save = Signal(dict)
    """Receive the dossier: keyword arguments of Store.receive_dossier."""
    sig_refuse = Signal(dict)
    """Refuse it: keyword arguments of Store.refuse_dossier."""
    sig_supplement = Signal(dict, list)
    """Receive it and ask for the listed papers at once."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.procedure: ProcedureInfo | None = None
        self.blocked = False  # the store cannot write: nothing can be received meanwhile
        root = QHBoxLayout(self)
        left = QVBoxLayout()
        self.search = QLineEdit(placeholderText=tr("Tìm thủ tục (gõ không dấu cũng được), ví dụ: ket hon"))
        self.search.setFont(theme.font(14))
        self._search_timer = QTimer(self, singleShot=True, interval=150,
                                    timeout=lambda: self.sig_search.emit(self.search.text()))
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.currentItemChanged.connect(self._picked)
        self.search.returnPressed.connect(lambda: self.results.setFocus())
        left.addWidget(QLabel(tr("Thủ tục hành chính")))
        left.addWidget(self.search)
        left.addWidget(self.results, 1)
        self.ticket = QLabel()
        self.ticket.setFont(theme.font(13, bold=True))
        left.addWidget(self.ticket)
        root.addLayout(left, 2)

        middle = QVBoxLayout()
        self.title = QLabel(tr("Chưa chọn thủ tục"))
        self.title.setFont(theme.font(15, bold=True))
        self.title.setWordWrap(True)
        self.title.setStyleSheet(f"color: {theme.NAVY};")
        self.title.setMinimumHeight(theme.font(15, bold=True).pointSize() * 5)
        middle.addWidget(self.title)
        applicant = QGroupBox(tr("Người nộp hồ sơ"))
        form = QFormLayout(applicant)
        self.fields: dict[str, QLineEdit] = {}
        for key, label in (("applicant_name", N_("Họ và tên")), ("applicant_id_number", N_("Số CCCD/định danh")),
                           ("applicant_birth_date", N_("Ngày sinh")), ("phone", N_("Điện thoại")),
                           ("email", N_("Thư điện tử")), ("address", N_("Địa chỉ"))):
            self.fields[key] = QLineEdit()
            form.addRow(tr(label), self.fields[key])
        self.fields["applicant_birth_date"].setPlaceholderText(tr("ngày/tháng/năm, ví dụ 01/02/1990"))
        self.channel_in, self.channel_out = QComboBox(), QComboBox()
        for combo, channels in ((self.channel_in, CHANNELS_IN), (self.channel_out, CHANNELS_OUT)):
            for ch in channels:
                combo.addItem(tr(CHANNEL_LABELS[ch]), ch)
        channels = QHBoxLayout()  # one row for both: the form fits a 1366×768 counter with the date of birth
        channels.addWidget(self.channel_in, 1)
        channels.addWidget(QLabel(tr("Nhận kết quả")))
        channels.addWidget(self.channel_out, 1)
        form.addRow(tr("Hình thức nộp"), channels)
        middle.addWidget(applicant)
        docs = QGroupBox(tr("Thành phần hồ sơ (đánh dấu giấy tờ đã nhận)"))
        docs_layout = QVBoxLayout(docs)
        self.documents = QTableWidget(0, 3)
        self.documents.setHorizontalHeaderLabels([tr("Giấy tờ"), tr("Hình thức"), tr("Số lượng")])
        self.documents.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.documents.setColumnWidth(1, 230)
        self.documents.setColumnWidth(2, 90)
        self.documents.verticalHeader().hide()
        docs_layout.addWidget(self.documents)
        middle.addWidget(docs, 1)
        root.addLayout(middle, 3)

        right = QVBoxLayout()
        due_box = QGroupBox(tr("Ngày hẹn trả kết quả"))
        due_layout = QVBoxLayout(due_box)
        self.due = QLabel("—")
        self.due.setFont(theme.font(20, bold=True))
        self.due.setStyleSheet(f"color: {theme.RED};")
        self.due.setWordWrap(True)
        self.why = QLabel()

        self.why.setFont(theme.font(12))
        due_layout.addWidget(self.due)
        due_layout.addWidget(self.why)
        right.addWidget(due_box)
        self.save = QPushButton(tr("Tiếp nhận và in giấy hẹn (Ctrl+S)"))
        self.save.setProperty("role", "ok")
        self.save.setMinimumHeight(54)
        self.save.setFont(theme.font(14, bold=True))
        self.save.clicked.connect(self._save)
        right.addWidget(self.save)
        other = QGroupBox(tr("Hồ sơ chưa đủ điều kiện"))
        grid = QGridLayout(other)
        self.reason = QPlainTextEdit(placeholderText=tr("Lý do từ chối, hoặc giấy tờ cần bổ sung (mỗi dòng một giấy tờ)"))
        self.reason.setMaximumHeight(120)
        grid.addWidget(self.reason, 0, 0, 1, 2)
        self.supplement = QPushButton(tr("Yêu cầu bổ sung"))
        self.refuse = QPushButton(tr("Từ chối tiếp nhận"))
        self.refuse.setProperty("role", "danger")
        self.supplement.clicked.connect(self._supplement)
        self.refuse.clicked.connect(self._refuse)
        grid.addWidget(self.supplement, 1, 0)
        grid.addWidget(self.refuse, 1, 1)
        right.addWidget(other)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setFont(theme.font(13))
        right.addWidget(self.result)
        right.addStretch(1)
        root.addLayout(right, 2)
        self.ticket_code: str | None = None
        self._enable()

    # -- filling ----------------------------------------------------------------------------------
    def set_ticket(self, code: str | None) -> None:
        """The citizen being served: the dossier will be linked to this ticket."""
        self.ticket_code = code
        self.ticket.setText(tr("Công dân số {code}", code=code) if code else tr("Chưa có công dân đang phục vụ"))

    def fill_from_card(self, card: CccdCard) -> None:
        """A scanned căn cước QR fills the applicant: name, ID number, date of birth, address."""
        for key, value in (("applicant_name", card.full_name), ("applicant_id_number", card.id_number),
                           ("applicant_birth_date", f"{card.birth_date:%d/%m/%Y}"), ("address", card.address)):
            self.fields[key].setText(value)
        self.result.setText(tr("Đã điền thông tin từ căn cước {card}.", card=card.masked()))

    def show_results(self, procedures: list[ProcedureInfo]) -> None:
        self.results.blockSignals(True)
        self.results.clear()
        self.results.blockSignals(False)
        for p in procedures:
            item = QListWidgetItem(f"{p.name}\n{p.code} · {tr('{days} ngày làm việc', days=decimal(p.processing_days))}")
            item.setData(Qt.ItemDataRole.UserRole, p.code)
            self.results.addItem(item)

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.sig_procedure.emit(item.data(Qt.ItemDataRole.UserRole))

    def show_procedure(self, procedure: ProcedureInfo, due) -> None:
        """The chosen procedure with its papers, and the due date it would get if saved now."""
        self.procedure = procedure
        self.title.setText(f"{procedure.name}\n{procedure.code} · "
                           + tr("{days} ngày làm việc", days=decimal(procedure.processing_days)))
        self.documents.setRowCount(0)
        self.documents.setRowCount(len(procedure.documents))
        for row, doc in enumerate(procedure.documents):
            check = QCheckBox(doc["name"])
            check.setChecked(True)
            form = QComboBox()
            for key, label in DOCUMENT_FORM_NAMES.items():
                form.addItem(tr(label), key)
            form.setCurrentIndex(max(0, form.findData(doc.get("form"))))
            quantity = QSpinBox(minimum=1, maximum=99, value=int(doc.get("quantity", 1)))
            self.documents.setCellWidget(row, 0, check)
            self.documents.setCellWidget(row, 1, form)
            self.documents.setCellWidget(row, 2, quantity)
        self.documents.resizeRowsToContents()
        self.show_due(due)
        self._enable()

    def show_due(self, due) -> None:
        self.due.setText(due.due_at.strftime("%H:%M %d/%m/%Y") if due else "—")
        lines = due.explain() if due else []
        self.why.setText("\n".join(lines))
        self.why.setMinimumHeight(self.why.fontMetrics().lineSpacing() * (len(lines) + 1))

    def set_blocked(self, blocked: bool) -> None:
        """While the store cannot write, saving waits (what was typed stays for when it can)."""
        self.blocked = blocked
        self._enable()

    def _enable(self) -> None:
        for button in (self.save, self.refuse, self.supplement):
            button.setEnabled(self.procedure is not None and not self.blocked)

    # -- saving -----------------------------------------------------------------------------------
    def values(self) -> dict:
        """What the clerk entered, as Store.receive_dossier's arguments."""
        docs = []
        for row in range(self.documents.rowCount()):
            check = self.documents.cellWidget(row, 0)
            if check.isChecked():
                docs.append({"name": check.text(), "form": self.documents.cellWidget(row, 1).currentData(),
                             "quantity": self.documents.cellWidget(row, 2).value()})
        values: dict = {k: w.text().strip() for k, w in self.fields.items()}
        values["applicant_birth_date"] = _birth_date(values["applicant_birth_date"])
        return dict(values, procedure=self.procedure.code if self.procedure else "", documents=docs,
                    channel_in=self.channel_in.currentData(), channel_out=self.channel_out.currentData(),
                    ticket_code=self.ticket_code)

    def _birth_date_ok(self) -> bool:
        """A date of birth the clerk typed must read as a date; otherwise say so and send nothing."""
        if self.fields["applicant_birth_date"].text().strip() and self.values()["applicant_birth_date"] is None:
            self.result.setText(tr("Ngày sinh không hợp lệ: nhập dạng ngày/tháng/năm, ví dụ 01/02/1990."))
            return False
        return True

    def _save(self) -> None:
        if self.procedure is not None and not self.blocked and self._birth_date_ok():
            self.sig_save.emit(self.values())

    def _refuse(self) -> None:
        if self.procedure is None or self.blocked:
            return
        v = self.values()
        self.sig_refuse.emit({k: v[k] for k in ("procedure", "applicant_name", "applicant_id_number", "phone",
                                                 "address", "ticket_code")} | {"reason": self.reason.toPlainText()})

    def _supplement(self) -> None:
        if self.procedure is not None and not self.blocked and self._birth_date_ok():
            items = [line.strip() for line in self.reason.toPlainText().splitlines() if line.strip()]
            self.sig_supplement.emit(self.values(), items)

    def clear(self) -> None:
        """Ready for the next citizen (the procedure list stays)."""
        for w in self.fields.values():
            w.clear()
        self.reason.clear()
        self.procedure = None
        self.documents.setRowCount(0)
        self.title.setText(tr("Chưa chọn thủ tục"))
        self.show_due(None)
        self._enable()


def _birth_date(text: str) -> date | None:
    """"01/02/1990" → date(1990, 2, 1); empty or unreadable: None (the page checks before saving)."""
    try:
        return datetime.strptime(text, "%d/%m/%Y").date() if text else None
    except ValueError:
        return None
