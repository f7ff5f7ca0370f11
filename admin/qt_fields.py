"""Fields (lĩnh vực): letter, number range, waiting-time target, open or closed today."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPushButton, QSpinBox, QWidget

from core.i18n import tr
from db.events import Topic
from admin.qt_common import QtPage, button_row


class QtFieldsPage(QtPage):
    """The fields the kiosk offers; select one to edit it, or start a new one."""

    topics = frozenset({Topic.catalog, Topic.queue})

    def __init__(self, runner, store, parent: QWidget | None = None):
        super().__init__(runner, store, parent)
        self.follow(self.store.setup.services, self._show)
        self.services = []
        headers = [tr("Chữ"), tr("Mã"), tr("Tên lĩnh vực"), tr("Dải số"), tr("Chờ mục tiêu (phút)"),
                   tr("Trạng thái"), tr("Đang chờ"), tr("Quầy")]
        _, form = self.list_and_form(tr("Lĩnh vực"), headers, 2, tr("Sửa lĩnh vực"))
        self.code, self.name, self.name_en, self.prefix = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.prefix.setMaxLength(2)
        self.start, self.end, self.sla, self.order = QSpinBox(), QSpinBox(), QSpinBox(), QSpinBox()
        for box, low, high in ((self.start, 0, 9999), (self.end, 0, 9999), (self.sla, 1, 600), (self.order, 0, 999)):
            box.setRange(low, high)
        self.active = QCheckBox(tr("Đang dùng (hiện trên máy lấy số)"))
        form.addRow(tr("Mã lĩnh vực"), self.code)
        form.addRow(tr("Tên"), self.name)
        form.addRow(tr("Tên tiếng Anh"), self.name_en)
        form.addRow(tr("Chữ cái đầu số"), self.prefix)
        form.addRow(tr("Số đầu"), self.start)
        form.addRow(tr("Số cuối"), self.end)
        form.addRow(tr("Thời gian chờ mục tiêu (phút)"), self.sla)
        form.addRow(tr("Thứ tự trên máy lấy số"), self.order)
        form.addRow(self.active)
        buttons, (self.new_button, self.save_button) = button_row((tr("Lĩnh vực mới"), "quiet", self.new),
                                                                   (tr("Lưu"), "ok", self.save))
        form.addRow(buttons)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.toggle_today)
        form.addRow(self.close_button)
        self.new()

    def _show(self, services) -> None:
        current = self.code.text()
        self.services = services
        rows = [[s.prefix, s.code, s.name, f"{s.number_start}–{s.number_end}", s.sla_minutes,
                 status_text(s), s.waiting, ", ".join(map(str, s.counters))] for s in services]
        self.show_rows(rows, services, lambda s: s.code == current)

    def _edit(self, row: int) -> None:
        if not 0 <= row < len(self.services):
            return
        s = self.services[row]
        self.code.setText(s.code)
        self.code.setReadOnly(True)
        self.name.setText(s.name)
        self.name_en.setText(s.name_en)
        self.prefix.setText(s.prefix)
        self.start.setValue(s.number_start)
        self.end.setValue(s.number_end)
        self.sla.setValue(s.sla_minutes)
        self.order.setValue(s.sort_order)
        self.active.setChecked(s.active)
        self.close_button.setEnabled(True)
        self.close_button.setText(tr("Mở lại cho hôm nay") if s.closed_today else tr("Ngừng cấp số hôm nay"))
        self.close_button.setProperty("role", "ok" if s.closed_today else "danger")
        self.close_button.style().polish(self.close_button)

    def new(self) -> None:
        self.table.clearSelection()
        for edit in (self.code, self.name, self.name_en, self.prefix):
            edit.clear()
        self.code.setReadOnly(False)
        self.start.setValue(1)
        self.end.setValue(999)
        self.sla.setValue(15)
        self.order.setValue(len(self.services) + 1)
        self.active.setChecked(True)
        self.close_button.setText(tr("Ngừng cấp số hôm nay"))
        self.close_button.setEnabled(False)
        self.code.setFocus()

    def save(self) -> None:
        code = self.code.text().strip()
        if not code or not self.name.text().strip():
            self.sig_message.emit(tr("Lĩnh vực cần có mã và tên."), True)
            return
        self.act(self.store.setup.save_service, code=code, name=self.name.text().strip(),
                 name_en=self.name_en.text().strip(), prefix=self.prefix.text(), number_start=self.start.value(),
                 number_end=self.end.value(), sla_minutes=self.sla.value(), active=self.active.isChecked(),
                 sort_order=self.order.value(), done=tr("Đã lưu lĩnh vực {name}.", name=self.name.text().strip()),
                 then=lambda _: self.code.setReadOnly(True))

    def toggle_today(self) -> None:
        service = next((s for s in self.services if s.code == self.code.text()), None)
        if service is None:
            return
        closing = not service.closed_today
        self.act(self.store.setup.close_service_today, service.code, closing,
                 done=tr("Đã ngừng cấp số {name} cho hôm nay.", name=service.name) if closing
                 else tr("Đã mở lại {name} cho hôm nay.", name=service.name))


def status_text(service) -> str:
    if not service.active:
        return tr("Không dùng")
    return tr("Ngừng hôm nay") if service.closed_today else tr("Đang cấp số")
