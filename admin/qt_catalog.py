"""The procedure catalog (danh mục thủ tục hành chính): find, edit one, import a portal's file, export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDoubleSpinBox, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLineEdit,
    QSpinBox, QTableWidget, QVBoxLayout, QWidget,
)

from core.i18n import decimal, tr
from db.store.catalog import DOCUMENT_FORM_NAMES
from admin.qt_catalog_import import QtImportPreview
from db.events import Topic
from admin.qt_common import ProgressJob, QtPage, button_row, RowsModel, heading, table_view

ONLINE_LEVELS = ("", "Toàn trình", "Một phần")  # as the public-service portal writes them
FILES = "CSV, Excel (*.csv *.xlsx)"


class QtCatalogPage(QtPage):
    """Search the catalog, edit the selected procedure (its documents too), import and export files."""

    topics = frozenset({Topic.catalog})

    sig_job = Signal(object)
    """A long job (ProgressJob) is about to start: checking or importing a file."""

    def __init__(self, runner, store, parent: QWidget | None = None):
        super().__init__(runner, store, parent)
        self.follow(_read, self._show, args=self._asked)
        self.procedures, self.services = [], []
        root = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(heading(tr("Thủ tục hành chính")))
        bar = QHBoxLayout()
        self.query = QLineEdit(placeholderText=tr("Tìm theo tên hoặc mã (gõ không dấu cũng được)"))
        self.field = QComboBox()
        self.inactive = QCheckBox(tr("Cả thủ tục ngừng áp dụng"))
        bar.addWidget(self.query, 2)
        bar.addWidget(self.field, 1)
        bar.addWidget(self.inactive)
        left.addLayout(bar)
        self.search_timer = QTimer(self, singleShot=True, interval=250, timeout=self.refresh)
        self.query.textChanged.connect(self.search_timer.start)
        self.field.currentIndexChanged.connect(self.search_timer.start)
        self.inactive.toggled.connect(self.search_timer.start)
        self.model = RowsModel([tr("Mã thủ tục"), tr("Tên thủ tục"), tr("Lĩnh vực"), tr("Số ngày"), tr("Lệ phí"),
                                tr("Mức độ trực tuyến"), tr("Áp dụng")])
        self.table = table_view(self.model, stretch=1)
        header = self.table.horizontalHeader()
        for column, width in ((2, 150), (4, 110), (5, 110)):  # long texts: a fixed width, the name gets the rest
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.table.setWordWrap(False)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _: self._edit(cur.row()))
        left.addWidget(self.table, 1)
        files, _ = button_row((tr("Nhập từ tệp…"), "quiet", self.choose_import),
                              (tr("Xuất ra tệp…"), "quiet", self.choose_export))
        files.addStretch(1)
        left.addLayout(files)
        root.addLayout(left, 3)
        root.addWidget(self._form(), 2)
        self.new()

    def _form(self) -> QWidget:
        box = QWidget()
        box.setMaximumWidth(460)
        form = QFormLayout(box)
        form.addRow(heading(tr("Sửa thủ tục")))
        self.code, self.name, self.fee, self.agency = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.service = QComboBox()
        self.days = QDoubleSpinBox(decimals=1, singleStep=0.5, maximum=365)
        self.level = QComboBox(editable=True)
        self.level.addItems(ONLINE_LEVELS)
        self.active = QCheckBox(tr("Đang áp dụng"))
        form.addRow(tr("Mã thủ tục"), self.code)
        form.addRow(tr("Tên thủ tục"), self.name)
        form.addRow(tr("Lĩnh vực"), self.service)
        form.addRow(tr("Thời hạn (ngày làm việc)"), self.days)
        form.addRow(tr("Lệ phí"), self.fee)
        form.addRow(tr("Mức độ trực tuyến"), self.level)
        form.addRow(tr("Cơ quan giải quyết"), self.agency)
        form.addRow(self.active)
        self.documents = QTableWidget(0, 3)
        self.documents.setHorizontalHeaderLabels([tr("Thành phần hồ sơ"), tr("Loại bản"), tr("Số bản")])
        self.documents.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.documents.verticalHeader().hide()
        form.addRow(self.documents)
        docs, _ = button_row((tr("Thêm giấy tờ"), "quiet", self.add_document),
                             (tr("Bỏ giấy tờ đã chọn"), "quiet", lambda: self.documents.removeRow(
                                 self.documents.currentRow())))
        form.addRow(docs)
        buttons, (_, self.save_button) = button_row((tr("Thủ tục mới"), "quiet", self.new), (tr("Lưu"), "ok", self.save))
        form.addRow(buttons)
        return box

    # -- reading -----------------------------------------------------------------------------------------
    def _asked(self) -> tuple:
        return self.store, self.field.currentData(), self.query.text(), self.inactive.isChecked()

    def _show(self, data) -> None:
        services, procedures = data
        if [s.prefix for s in services] != [s.prefix for s in self.services]:
            self.services = services
            self._fill_services()
        current = self.code.text() if self.code.isReadOnly() else None
        self.procedures = procedures
        self.show_rows([[p.code, p.name, p.service_name, decimal(p.processing_days), p.fee, p.online_level,
                         tr("Có") if p.active else tr("Không")] for p in procedures], procedures,
                       lambda p: p.code == current)

    def _fill_services(self) -> None:
        for combo, blank in ((self.field, tr("Mọi lĩnh vực")), (self.service, tr("(chưa xếp lĩnh vực)"))):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(blank, None)
            for s in self.services:
                combo.addItem(f"{s.prefix} — {s.name}", s.prefix)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)

    def _edit(self, row: int) -> None:
        if not 0 <= row < len(self.procedures):
            return
        p = self.procedures[row]
        prefix = next((s.prefix for s in self.services if s.id == p.service_id), None)
        self.code.setText(p.code)
        self.code.setReadOnly(True)
        self.name.setText(p.name)
        self.service.setCurrentIndex(max(0, self.service.findData(prefix)))
        self.days.setValue(p.processing_days)
        self.fee.setText(p.fee)
        self.level.setCurrentText(p.online_level)
        self.agency.setText(p.agency)
        self.active.setChecked(p.active)
        self.documents.setRowCount(0)
        for d in p.documents:
            self.add_document(d["name"], d["form"], d["quantity"])
        self._editing = p

    def add_document(self, name: str = "", form: str = "original_or_copy", quantity: int = 1) -> None:
        row = self.documents.rowCount()
        self.documents.insertRow(row)
        self.documents.setCellWidget(row, 0, QLineEdit(name))
        kind = QComboBox()
        for key, label in DOCUMENT_FORM_NAMES.items():
            kind.addItem(tr(label), key)
        kind.setCurrentIndex(max(0, kind.findData(form)))
        self.documents.setCellWidget(row, 1, kind)
        count = QSpinBox(minimum=1, maximum=20)
        count.setValue(quantity)
        self.documents.setCellWidget(row, 2, count)

    def document_rows(self) -> list[dict]:
        rows = []
        for r in range(self.documents.rowCount()):
            name = self.documents.cellWidget(r, 0).text().strip()
            if name:
                rows.append({"name": name, "form": self.documents.cellWidget(r, 1).currentData(),
                             "quantity": self.documents.cellWidget(r, 2).value()})
        return rows

    # -- writing -------------------------------------------------------------------------------------------
    def new(self) -> None:
        self.table.clearSelection()
        for edit in (self.code, self.name, self.fee, self.agency):
            edit.clear()
        self.code.setReadOnly(False)
        self.service.setCurrentIndex(max(0, self.service.findData(self.field.currentData())))
        self.days.setValue(1)
        self.level.setCurrentText("")
        self.active.setChecked(True)
        self.documents.setRowCount(0)
        self.code.setFocus()

    def save(self) -> None:
        original = getattr(self, "_editing", None) if self.code.isReadOnly() else None
        values = dict(code=self.code.text().strip(), name=self.name.text().strip(),
                      service=self.service.currentData(), processing_days=self.days.value(), fee=self.fee.text(),
                      documents=self.document_rows(), online_level=self.level.currentText().strip(),
                      agency=self.agency.text().strip(), active=self.active.isChecked())
        if original is not None:  # what this form does not show is kept as it was
            values.update(where_to_submit=original.where_to_submit, legal_basis=original.legal_basis)
        self.act(self.store.setup.save_procedure, **values, done=tr("Đã lưu thủ tục {code}.", code=values["code"]),
                 then=lambda _: self.code.setReadOnly(True))

    # -- files -----------------------------------------------------------------------------------------------
    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Chọn tệp danh mục thủ tục"), "", FILES)
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> QtImportPreview:
        """Check every row of `path` (with progress), then show the preview; nothing is written yet."""
        dialog = QtImportPreview(path, self, [(s.prefix, s.name) for s in self.services])
        dialog.sig_commit.connect(lambda: self._commit(path, dialog))
        dialog.sig_recheck.connect(lambda field_map: self._check(path, dialog, field_map))
        self._check(path, dialog, {})
        return dialog

    def _check(self, path: Path, dialog: QtImportPreview, field_map: dict[str, str]) -> None:
        job = ProgressJob(self.runner, self, tr("Đang kiểm tra tệp…"))
        self.sig_job.emit(job)
        job.start(lambda progress: self.store.setup.preview_catalog(path, progress, field_map=field_map),
                  on_done=dialog.show_preview, on_error=lambda e: (dialog.reject(), self._refused(e))[1])

    def _commit(self, path: Path, dialog: QtImportPreview) -> None:
        def done(count: int) -> None:
            dialog.accept()
            self.sig_message.emit(tr("Đã nhập {n} thủ tục.", n=count), False)
            self.refresh()
        job = ProgressJob(self.runner, self, tr("Đang nhập danh mục…"))
        self.sig_job.emit(job)
        job.start(lambda progress: self.store.setup.import_catalog(path, progress, field_map=dialog.field_map()),
                  on_done=done,
                  on_error=lambda e: (dialog.reject(), self._refused(e))[1])

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Xuất danh mục thủ tục"), "danh-muc-thu-tuc.xlsx", FILES)
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> None:
        self.runner.run(self.store.setup.export_catalog, path, on_error=self._refused,
                        on_done=lambda n: self.sig_message.emit(tr("Đã xuất {n} thủ tục ra {file}.", n=n,
                                                                   file=Path(path).name), False))


def _read(store, service, query: str, inactive: bool):
    with store.together():
        return store.setup.services(), store.setup.procedures(service, query, include_inactive=inactive)
