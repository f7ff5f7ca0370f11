"""Counters (quầy): which fields each serves, in which order it calls them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QSpinBox, QWidget

from core.i18n import tr
from db.events import Topic
from admin.qt_common import QtPage, button_row


class QtCountersPage(QtPage):
    """Counters and their fields; the ticked fields, top to bottom, are the order the counter calls them."""

    topics = frozenset({Topic.catalog, Topic.queue})

    def __init__(self, runner, store, parent: QWidget | None = None):
        super().__init__(runner, store, parent)
        self.follow(self._read, self._show)
        self.counters, self.services = [], []
        headers = [tr("Số quầy"), tr("Tên"), tr("Lĩnh vực (thứ tự gọi)"), tr("Cán bộ đang ngồi"),
                   tr("Trạng thái")]
        _, form = self.list_and_form(tr("Quầy"), headers, 1, tr("Sửa quầy"))
        self.number = QSpinBox()
        self.number.setRange(1, 999)
        self.name = QLineEdit()
        self.active = QCheckBox(tr("Đang dùng"))
        form.addRow(tr("Số quầy"), self.number)
        form.addRow(tr("Tên hiển thị"), self.name)
        form.addRow(self.active)
        form.addRow(QLabel(tr("Lĩnh vực quầy phục vụ (đánh dấu, xếp theo thứ tự gọi):")))
        self.fields = QListWidget()
        self.fields.setMinimumHeight(260)
        form.addRow(self.fields)
        order, _ = button_row((tr("Lên"), "quiet", lambda: self.move(-1)),
                              (tr("Xuống"), "quiet", lambda: self.move(1)))
        form.addRow(order)
        buttons, (_, self.save_button) = button_row((tr("Quầy mới"), "quiet", self.new),
                                                    (tr("Lưu"), "ok", self.save))
        form.addRow(buttons)

    def _read(self):
        with self.store.together():
            return self.store.setup.counters(), self.store.setup.services()

    def _show(self, data) -> None:
        self.counters, self.services = data
        letters = {s.id: s.prefix for s in self.services}
        rows = [[c.number, c.name, " → ".join(letters.get(i, "?") for i in c.service_ids), c.clerk or "—",
                 tr("Đang dùng") if c.active else tr("Không dùng")] for c in self.counters]
        number = self.number.value()
        if not self.show_rows(rows, self.counters, lambda c: c.number == number):
            self.new()

    def _edit(self, row: int) -> None:
        if not 0 <= row < len(self.counters):
            return
        c = self.counters[row]
        self.number.setValue(c.number)
        self.name.setText(c.name)
        self.active.setChecked(c.active)
        self._fill_fields(list(c.service_ids))

    def _fill_fields(self, served: list[int]) -> None:
        """Served fields first, in the counter's order, then the others unticked."""
        self.fields.clear()
        by_id = {s.id: s for s in self.services}
        ordered = [by_id[i] for i in served if i in by_id] + [s for s in self.services if s.id not in served]
        for s in ordered:
            item = QListWidgetItem(f"{s.prefix} — {s.name}")
            item.setData(Qt.ItemDataRole.UserRole, s.prefix)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if s.id in served else Qt.CheckState.Unchecked)
            self.fields.addItem(item)

    def new(self) -> None:
        self.table.clearSelection()
        self.number.setValue(max((c.number for c in self.counters), default=0) + 1)
        self.name.clear()
        self.active.setChecked(True)
        self._fill_fields([])

    def move(self, step: int) -> None:
        row = self.fields.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.fields.count():
            return
        item = self.fields.takeItem(row)
        self.fields.insertItem(target, item)
        self.fields.setCurrentRow(target)

    def chosen_fields(self) -> list[str]:
        items = (self.fields.item(i) for i in range(self.fields.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def save(self) -> None:
        services = self.chosen_fields()
        if self.active.isChecked() and not services:
            self.sig_message.emit(tr("Hãy chọn ít nhất một lĩnh vực cho quầy."), True)
            return
        self.act(self.store.setup.save_counter, number=self.number.value(), name=self.name.text().strip(),
                 services=services, active=self.active.isChecked(),
                 done=tr("Đã lưu quầy {number}.", number=self.number.value()))
